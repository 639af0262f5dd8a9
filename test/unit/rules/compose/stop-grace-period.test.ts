import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester } from '../../rule-tester';
import { parseDuration } from '../../../../server/src/core/rules/compose/stop-grace-period';

const svc = (v: string) => `services:\n  web:\n    image: nginx\n    stop_grace_period: ${v}\n`;

ruleTester('compose/stop-grace-period', {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    svc('10s'),
    svc('1m30s'),
    svc('1m'),
    svc('1h'),
    svc('"1.5s"'),
    svc('1s'),
    svc('1000ms'),
    svc("'2m'"),
    svc('${GRACE:-30s}'),
    // the anchor's value is reported on no service of this file only if it is fine
    'x-g: &g\n  stop_grace_period: 20s\nservices:\n  web:\n    <<: *g\n    image: x\n',
  ],
  invalid: [
    {
      name: '0s: warning on the value',
      code: svc('0s # fast restarts'),
      errors: [{ line: 4, column: 24, endLine: 4, endColumn: 26, severity: 'warning', message: 'Service "web" has stop_grace_period: 0s: docker compose stop sends SIGKILL immediately, with no time to finish requests or flush data. Give it at least a few seconds (the default is 10s).' }],
      output: null,
    },
    {
      name: 'under a second',
      code: svc('"500ms"'),
      errors: [{ line: 4, column: 24, endColumn: 31, severity: 'warning', message: /sends SIGKILL after 500ms/ }],
      output: null,
    },
    { name: 'string "0"', code: svc('"0"'), errors: [{ line: 4, column: 24, severity: 'warning' }], output: null },
    { name: 'microseconds', code: svc('999999us'), errors: [{ line: 4, column: 24, severity: 'warning' }], output: null },
    {
      name: 'a bare number is not a duration: error',
      code: svc('10'),
      errors: [{ line: 4, column: 24, endColumn: 26, severity: 'error', message: 'Service "web" has stop_grace_period: 10, which is not a valid duration: Compose expects a number with a unit, such as 10s, 1m30s or 500ms (units h, m, s, ms, us, ns).' }],
      output: null,
    },
    { name: 'bare 0', code: svc('0'), errors: [{ line: 4, column: 24, severity: 'error' }], output: null },
    { name: 'quoted number', code: svc('"30"'), errors: [{ line: 4, column: 24, severity: 'error' }], output: null },
    { name: 'unknown unit', code: svc('10sec'), errors: [{ line: 4, column: 24, severity: 'error' }], output: null },
    { name: 'upper-case unit', code: svc('10S'), errors: [{ line: 4, column: 24, severity: 'error' }], output: null },
    { name: 'spaces', code: svc('"1m 30s"'), errors: [{ line: 4, column: 24, severity: 'error' }], output: null },
    {
      name: 'inherited from an anchor: reported on the service',
      code: 'x-g: &g\n  stop_grace_period: 0s\nservices:\n  web:\n    <<: *g\n    image: x\n',
      errors: [{ line: 4, column: 3, endColumn: 6, severity: 'warning' }],
      output: null,
    },
    {
      name: 'CRLF, multi-document, flow style',
      code: 'services: {a: {image: x}}\r\n---\r\nservices: {b: {image: y, stop_grace_period: 100ms}}\r\n',
      errors: [{ line: 3, column: 45, endColumn: 50 }],
      output: null,
    },
  ],
});

it('parseDuration follows Go\'s time.ParseDuration', () => {
  const cases: [string, number | undefined][] = [
    ['1m30s', 90], ['1h', 3600], ['1.5h', 5400], ['.5s', 0.5], ['2.s', 2], ['500ms', 0.5], ['0', 0], ['-1s', -1], ['+2m', 120],
    ['1h2m3s4ms', 3723.004], ['10µs', 1e-5], ['', undefined], ['10', undefined], ['s', undefined], ['.s', undefined], ['1d', undefined],
    ['1m30', undefined], [' 1s', undefined],
  ];
  for (const [s, want] of cases) {
    const got = parseDuration(s);
    if (want === undefined) assert.equal(got, undefined, s);
    else assert.ok(got !== undefined && Math.abs(got - want) < 1e-9, `${s} → ${got}`);
  }
});
