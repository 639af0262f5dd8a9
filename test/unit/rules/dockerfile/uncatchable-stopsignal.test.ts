import { ruleTester } from '../../rule-tester';

ruleTester('dockerfile/uncatchable-stopsignal', {
  valid: [
    'FROM alpine\nSTOPSIGNAL SIGTERM\n',
    'FROM nginx\nSTOPSIGNAL SIGQUIT\n',
    'FROM postgres\nSTOPSIGNAL SIGINT\n',
    'FROM alpine\n',
    { name: 'overridden by a later STOPSIGNAL', code: 'FROM alpine\nSTOPSIGNAL SIGKILL\nSTOPSIGNAL SIGTERM\n' },
    { name: 'overridden in the final stage', code: 'FROM alpine AS base\nSTOPSIGNAL 9\nFROM base\nSTOPSIGNAL 15\n' },
    { name: 'in a stage the final image does not build on', code: 'FROM alpine AS test\nSTOPSIGNAL SIGKILL\nFROM alpine\n' },
    { name: 'a build argument is unknown', code: 'FROM alpine\nSTOPSIGNAL $SIG\n' },
    { name: 'not a valid signal at all (dockerfile/invalid-stopsignal)', code: 'FROM alpine\nSTOPSIGNAL SIGKILLL\n' },
  ],
  invalid: [
    {
      name: 'SIGKILL',
      code: 'FROM alpine\nSTOPSIGNAL SIGKILL\n',
      errors: [{ line: 2, column: 12, endColumn: 19, severity: 'warning', message: 'STOPSIGNAL "SIGKILL" is SIGKILL, which cannot be caught: every stop kills the process at once, with no graceful shutdown. Use SIGTERM (the default; remove the line) or the signal the program handles, such as SIGINT or SIGQUIT.' }],
      output: null,
    },
    { name: 'KILL, lower case', code: 'FROM alpine\nSTOPSIGNAL kill\n', errors: [{ line: 2, column: 12, message: /^STOPSIGNAL "kill" is SIGKILL/ }], output: null },
    { name: 'number 9', code: 'FROM alpine\nSTOPSIGNAL 9\n', errors: [{ line: 2, column: 12, endColumn: 13 }], output: null },
    {
      name: 'SIGSTOP',
      code: 'FROM alpine\nSTOPSIGNAL SIGSTOP\n',
      errors: [{ line: 2, column: 12, message: 'STOPSIGNAL "SIGSTOP" is SIGSTOP, which cannot be caught and only suspends the process: nothing shuts down until SIGKILL after the grace period. Use SIGTERM (the default; remove the line) or the signal the program handles.' }],
      output: null,
    },
    { name: 'number 19', code: 'FROM alpine\nSTOPSIGNAL 19\n', errors: [{ line: 2, column: 12 }], output: null },
    { name: 'quoted', code: 'FROM alpine\nSTOPSIGNAL "SIGKILL"\n', errors: [{ line: 2, column: 12, endColumn: 21 }], output: null },
    {
      name: 'inherited from an earlier stage, CRLF',
      code: 'FROM alpine AS base\r\nSTOPSIGNAL SIGKILL\r\nFROM base\r\nCMD ["/app"]\r\n',
      errors: [{ line: 2, column: 12 }],
      output: null,
    },
  ],
});
