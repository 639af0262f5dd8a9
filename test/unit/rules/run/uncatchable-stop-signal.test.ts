import { ruleTester } from '../../rule-tester';

ruleTester('run/uncatchable-stop-signal', {
  valid: [
    'docker run --stop-signal SIGTERM app\n',
    'docker run --stop-signal SIGQUIT app\n',
    'docker run --stop-signal "$SIG" app\n',
    'docker run app --stop-signal SIGKILL\n',
    'docker kill -s KILL app\n',
  ],
  invalid: [
    {
      name: 'SIGKILL',
      code: 'docker run -d --stop-signal SIGKILL app\n',
      errors: [{ line: 1, column: 15, endColumn: 36, severity: 'warning', message: 'docker run of "app" has --stop-signal SIGKILL, which cannot be caught: every stop kills the program at once, with no graceful shutdown. Use SIGTERM (the default: remove the flag) or the signal the program handles.' }],
      output: null,
    },
    { name: '=9', code: 'docker run --stop-signal=9 app\n', errors: [{ line: 1, column: 12, message: /--stop-signal 9 \(SIGKILL\), which cannot be caught/ }], output: null },
    { name: 'kill, quoted', code: "docker run --stop-signal 'kill' app\n", errors: [{ line: 1, column: 12, endColumn: 32, message: /--stop-signal kill \(SIGKILL\)/ }], output: null },
    { name: 'SIGSTOP', code: 'podman run --stop-signal STOP app\n', errors: [{ line: 1, column: 12, message: /^podman run of "app" has --stop-signal STOP \(SIGSTOP\), which cannot be caught and only suspends/ }], output: null },
    {
      name: 'Markdown shell-session',
      path: 'docs/ops.md',
      code: '```shell-session\n$ docker run \\\n>   --stop-signal=SIGKILL app\n```\n',
      errors: [{ line: 3, column: 5 }],
      output: null,
    },
  ],
});
