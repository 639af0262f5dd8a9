import { ruleTester } from '../../rule-tester';

ruleTester('dockerfile/shell-pid1', {
  valid: [
    'FROM debian\nCMD ["node", "server.js"]\n',
    { name: 'the script execs its last command', code: 'FROM debian\nCMD ["/bin/sh", "-c", "./migrate && exec node server.js"]\n' },
    { name: 'a TERM trap handles the signal on purpose', code: 'FROM debian\nCMD ["sh", "-c", "trap \'kill $P\' TERM; node a.js & P=$!; wait"]\n' },
    { name: 'busybox execs the last simple command (recommended: silent)', code: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "envsubst < a.tmpl > a.conf && nginx -g \'daemon off;\'"]\n' },
    { name: 'explicit bash execs the last simple command', code: 'FROM debian\nENTRYPOINT ["bash", "-c", "./migrate && node server.js"]\n' },
    { name: 'only builtins', code: 'FROM debian\nCMD ["sh", "-c", "echo ready"]\n' },
    { name: 'a shell-form ENTRYPOINT ignores the CMD (shell-form reports it)', code: 'FROM debian\nENTRYPOINT node a.js\nCMD ["sh", "-c", "node b.js"]\n' },
    { name: "s6-overlay's /init in front", code: 'FROM debian\nENTRYPOINT ["/init"]\nCMD ["sh", "-c", "node b.js"]\n' },
    { name: 'CMD as arguments of a program', code: 'FROM debian\nENTRYPOINT ["python", "run.py"]\nCMD ["sh", "-c", "node b.js"]\n' },
    { name: 'a stage that is not the final one', code: 'FROM debian AS a\nCMD ["sh", "-c", "node b.js"]\nFROM debian\nCMD ["node", "a.js"]\n' },
  ],
  invalid: [
    {
      name: 'Ubuntu-based envoy: dash never execs (the v1 miss)',
      code: 'FROM envoyproxy/envoy:v1.31.0\nENTRYPOINT ["/bin/sh", "-c", "envsubst < envoy.tmpl.yaml > envoy.yaml && envoy -c envoy.yaml;"]\n',
      errors: [{ line: 2, column: 12, endColumn: 96, severity: 'warning', message: 'ENTRYPOINT runs "envoy" through sh -c, and dash (the /bin/sh of "envoyproxy/envoy") never execs it: SIGTERM stops at the shell. Prefix the last command with exec.' }],
      output: 'FROM envoyproxy/envoy:v1.31.0\nENTRYPOINT ["/bin/sh", "-c", "envsubst < envoy.tmpl.yaml > envoy.yaml && exec envoy -c envoy.yaml;"]\n',
    },
    {
      name: 'unknown /bin/sh',
      code: 'FROM example/base\nCMD ["sh", "-c", "node server.js"]\n',
      errors: [{ line: 2, column: 5, severity: 'warning', message: 'CMD runs "node" through sh -c: if the /bin/sh of "example/base" is dash, SIGTERM stops at the shell. Prefix the last command with exec (right for every shell).' }],
      output: 'FROM example/base\nCMD ["sh", "-c", "exec node server.js"]\n',
    },
    {
      name: 'JSON escapes before the insertion point are followed',
      code: 'FROM debian\nCMD ["sh", "-c", "echo \\"start\\\\n\\" && node server.js"]\n',
      errors: [{ line: 2, column: 5 }],
      output: 'FROM debian\nCMD ["sh", "-c", "echo \\"start\\\\n\\" && exec node server.js"]\n',
    },
    {
      name: 'a continuation line inside the array',
      code: 'FROM debian\nCMD ["sh", "-c", \\\n     "./migrate && node server.js"]\n',
      errors: [{ line: 2, column: 5, endLine: 3, endColumn: 36 }],
      output: 'FROM debian\nCMD ["sh", "-c", \\\n     "./migrate && exec node server.js"]\n',
    },
    {
      name: 'behind tini: tini forwards to the shell only',
      code: 'FROM debian\nENTRYPOINT ["tini", "--", "sh", "-ec", "node server.js"]\n',
      errors: [{ line: 2, column: 12 }],
      output: 'FROM debian\nENTRYPOINT ["tini", "--", "sh", "-ec", "exec node server.js"]\n',
    },
    {
      name: 'the CMD behind an entrypoint script',
      code: 'FROM python:3.12-slim\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["sh", "-c", "python app.py"]\n',
      errors: [{ line: 3, column: 5, message: /^CMD runs "python" through sh -c, and dash/ }],
      output: 'FROM python:3.12-slim\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["sh", "-c", "exec python app.py"]\n',
    },
    {
      name: 'a pipeline keeps the shell on every base: no fix',
      code: 'FROM alpine\nCMD ["sh", "-c", "node server.js | tee log"]\n',
      errors: [{ line: 2, column: 5, severity: 'warning', message: 'CMD runs sh -c ending in a pipeline, which no shell execs: the shell stays PID 1 and SIGTERM never reaches "tee". Exec the program as the last command, or trap TERM and pass it on.' }],
      output: null,
    },
    {
      name: 'strict: hint where busybox execs',
      code: 'FROM alpine\nCMD ["sh", "-c", "./migrate && node server.js"]\n',
      config: { preset: 'strict' },
      errors: [{ line: 2, column: 5, severity: 'hint', message: 'CMD runs "node" through sh -c and works here only because busybox ash execs it itself. Prefix the last command with exec so it works with every shell.' }],
      output: 'FROM alpine\nCMD ["sh", "-c", "./migrate && exec node server.js"]\n',
    },
    {
      name: 'a base with no shell: cannot start',
      code: 'FROM gcr.io/distroless/base-debian12\nCMD ["/bin/sh", "-c", "/app"]\n',
      errors: [{ line: 2, column: 5, severity: 'error', message: 'CMD runs sh -c, but "gcr.io/distroless/base-debian12" has no shell: the container cannot start. Run the program directly in the exec form.' }],
      output: null,
    },
  ],
});
