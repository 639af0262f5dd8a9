import { ruleTester } from '../../rule-tester';

ruleTester('run/invalid-stop-signal', {
  valid: [
    'docker run --stop-signal SIGTERM app\n',
    'docker run --stop-signal=SIGINT app\n',
    'docker run --stop-signal term app\n',
    'docker run --stop-signal 15 app\n',
    'docker run --stop-signal SIGRTMIN+3 app\n',
    'docker run --stop-signal "$SIG" app\n',
    'docker run --stop-signal "${SIG:-SIGQUIT}" app\n',
    'docker run app --stop-signal FOO\n',
  ],
  invalid: [
    {
      name: 'an unknown name',
      code: 'docker run --stop-signal SIGFOO app\n',
      errors: [{ line: 1, column: 12, endColumn: 32, severity: 'error', message: 'docker run of "app" has --stop-signal SIGFOO, which is not a signal Docker knows: the container cannot be created ("invalid signal"). Use a name such as SIGTERM, SIGINT or SIGQUIT, or a number from 1 to 64.' }],
      output: null,
    },
    { name: '=0', code: 'docker run --stop-signal=0 app\n', errors: [{ line: 1, column: 12, endColumn: 27, severity: 'error' }], output: null },
    { name: 'a default that is not a signal', code: 'docker run --stop-signal "${SIG:-TERMINATE}" app\n', errors: [{ line: 1, column: 12, message: /--stop-signal TERMINATE,/ }], output: null },
    { name: 'above 64: warning', code: 'docker run --stop-signal 99 app\n', errors: [{ line: 1, column: 12, severity: 'warning', message: /cannot send it/ }], output: null },
    { name: 'negative: warning', code: 'docker run --stop-signal=-15 app\n', errors: [{ line: 1, column: 12, severity: 'warning', message: /Docker 28\+ ignores it/ }], output: null },
    {
      name: 'a GitHub step',
      path: '.github/workflows/e2e.yml',
      code: 'on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - name: start\n        run: docker run -d --stop-signal "KILLME" app\n',
      errors: [{ line: 7, column: 28 }],
      output: null,
    },
  ],
});
