import { ruleTester } from '../../rule-tester';

const svc = (v: string) => `services:\n  web:\n    image: nginx\n    stop_signal: ${v}\n`;

ruleTester('compose/invalid-stop-signal', {
  valid: [
    svc('SIGTERM'), svc('SIGQUIT'), svc('sigint'), svc('TERM'), svc('15'), svc('"SIGRTMIN+3"'), svc('SIGWINCH'),
    // interpolated: unknown until run time
    svc('${STOP_SIGNAL:-SIGTERM}'),
    // SIGKILL is valid (compose/uncatchable-stop-signal reports it)
    svc('SIGKILL'),
    'services:\n  web:\n    image: nginx\n',
  ],
  invalid: [
    {
      name: 'a typo: error on the value',
      code: svc('SIGTREM # graceful'),
      errors: [{ line: 4, column: 18, endLine: 4, endColumn: 25, severity: 'error', message: 'Service "web" has stop_signal: SIGTREM, which is not a signal Docker knows: the container cannot be created ("invalid signal"). Use a name such as SIGTERM, SIGINT or SIGQUIT, or a number from 1 to 64.' }],
      output: null,
    },
    { name: '0 is rejected', code: svc('0'), errors: [{ line: 4, column: 18, severity: 'error' }], output: null },
    { name: 'a number above 64: warning', code: svc('"99"'), errors: [{ line: 4, column: 18, severity: 'warning', message: /^Service "web" has stop_signal: 99, which is not a Linux signal \(1–64\)/ }], output: null },
    {
      name: 'inherited through a merge key: on the service name',
      code: 'x-s: &s\n  stop_signal: SIGFOO\nservices:\n  web:\n    <<: *s\n    image: x\n',
      errors: [{ line: 4, column: 3, endColumn: 6, severity: 'error' }],
      output: null,
    },
  ],
});
