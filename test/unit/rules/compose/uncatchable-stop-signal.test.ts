import { ruleTester } from '../../rule-tester';

const svc = (v: string) => `services:\n  web:\n    image: nginx\n    stop_signal: ${v}\n`;

ruleTester('compose/uncatchable-stop-signal', {
  valid: [svc('SIGTERM'), svc('SIGQUIT'), svc('15'), svc('${SIG:-SIGKILL}'), svc('SIGTREM'), 'services:\n  web:\n    image: nginx\n'],
  invalid: [
    {
      name: 'SIGKILL',
      code: svc('SIGKILL'),
      errors: [{ line: 4, column: 18, endColumn: 25, severity: 'warning', message: 'Service "web" has stop_signal: SIGKILL, which cannot be caught: every stop kills the program at once, with no graceful shutdown. Use SIGTERM (the default: remove the line) or the signal the program handles.' }],
      output: null,
    },
    { name: '9 as a YAML integer', code: svc('9'), errors: [{ line: 4, column: 18, endColumn: 19, message: /stop_signal: 9 \(SIGKILL\)/ }], output: null },
    { name: 'kill, lower case', code: svc('kill'), errors: [{ line: 4, column: 18, message: /\(SIGKILL\)/ }], output: null },
    { name: 'SIGSTOP / 19', code: 'services:\n  a:\n    image: x\n    stop_signal: SIGSTOP\n  b:\n    image: x\n    stop_signal: "19"\n', errors: [{ line: 4, column: 18, message: /stop_signal: SIGSTOP, which cannot be caught and only suspends the program/ }, { line: 7, column: 18 }], output: null },
  ],
});
