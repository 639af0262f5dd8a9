import { ruleTester } from '../../rule-tester';

ruleTester('run/stop-timeout', {
  valid: [
    'docker run --stop-timeout 30 app\n',
    'docker run --stop-timeout=1 app\n',
    'docker run --stop-timeout "$T" app\n',
    'docker run --stop-timeout 0x1e app\n',
    'docker run --stop-timeout 1_000 app\n',
    // -1: no limit (the linter does not judge it); not a podman value though
    'docker run --stop-timeout -1 app\n',
    // docker stop -t 0 is a different command; -t of docker run is --tty
    'docker stop -t 0 app\ndocker run -t app\n',
    // after the image: the command's arguments
    'docker run app --stop-timeout 0\n',
  ],
  invalid: [
    {
      name: '--stop-timeout 0',
      code: 'docker run -d --stop-timeout 0 app\n',
      errors: [{ line: 1, column: 15, endColumn: 31, severity: 'warning', message: 'docker run of "app" has --stop-timeout 0: docker stop sends SIGKILL right after the stop signal, with no time to finish requests or flush data. Give it at least a few seconds (the default is 10).' }],
      output: null,
    },
    { name: '--stop-timeout=0', code: 'docker run --stop-timeout=0 app\n', errors: [{ line: 1, column: 12, endColumn: 28 }], output: null },
    { name: "quoted '0'", code: "docker run --stop-timeout '0' app\n", errors: [{ line: 1, column: 12, endColumn: 30 }], output: null },
    { name: '00 and 0x0', code: 'docker run --stop-timeout 00 a\ndocker create --stop-timeout=0x0 b\n', errors: [{ line: 1, column: 12 }, { line: 2, column: 15, message: /^docker create of "b"/ }], output: null },
    {
      name: 'a unit: refused by the CLI',
      code: 'docker run --stop-timeout 10s app\n',
      errors: [{ line: 1, column: 12, severity: 'error', message: 'docker run of "app" has --stop-timeout 10s, which is not a whole number of seconds: docker run refuses the command line ("invalid argument"). Write seconds without a unit, such as 10 or 30.' }],
      output: null,
    },
    { name: 'podman: a negative value is refused', code: 'podman run --stop-timeout=-1 app\n', errors: [{ line: 1, column: 12, severity: 'error' }], output: null },
    {
      name: 'continuation and Markdown',
      path: 'README.md',
      code: '```bash\ndocker run \\\n  --stop-timeout 0 \\\n  app\n```\n',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 19 }],
      output: null,
    },
    {
      name: 'Makefile',
      path: 'Makefile',
      code: 'run:\n\tdocker run --stop-timeout 0 $(IMAGE)\n',
      errors: [{ line: 2, column: 13, message: /^docker run has --stop-timeout 0:/ }],
      output: null,
    },
  ],
});
