import { ruleTester } from '../../rule-tester';

const ok = (sig: string) => `FROM alpine\nSTOPSIGNAL ${sig}\n`;

ruleTester('dockerfile/invalid-stopsignal', {
  valid: [
    ok('SIGTERM'), ok('TERM'), ok('sigint'), ok('SIGQUIT'), ok('15'), ok('1'), ok('64'), ok('SIGRTMIN+3'), ok('rtmin+15'),
    ok('SIGRTMAX-14'), ok('SIGRTMAX'), ok('SIGWINCH'), ok('SIGPWR'), ok('SIGIOT'), ok('SIGKILL'), ok('"SIGTERM"'),
    { name: 'a build argument is unknown', code: 'FROM alpine\nARG STOP=SIGTERM\nSTOPSIGNAL $STOP\n' },
    { name: 'a variable with a default', code: 'FROM alpine\nSTOPSIGNAL ${STOP_SIGNAL:-SIGTERM}\n' },
    { name: 'a stage the final image does not build on', code: 'FROM alpine AS tools\nSTOPSIGNAL SIGFOO\nFROM alpine\nSTOPSIGNAL SIGTERM\n' },
  ],
  invalid: [
    {
      name: 'a misspelt name',
      code: 'FROM alpine\nSTOPSIGNAL SIGTERMM\n',
      errors: [{ line: 2, column: 12, endColumn: 20, severity: 'error', message: '`SIGTERMM` is not a valid signal: Docker rejects this STOPSIGNAL and the build fails. Use a name such as `SIGTERM`, `SIGINT`, `SIGQUIT` or `SIGRTMIN+3`, or a number from 1 to 64.' }],
      output: null,
    },
    { name: 'zero', code: 'FROM alpine\nSTOPSIGNAL 0\n', errors: [{ line: 2, column: 12, endColumn: 13 }], output: null },
    { name: 'above 64', code: 'FROM alpine\nSTOPSIGNAL 65\n', errors: [{ line: 2, column: 12 }], output: null },
    { name: 'negative', code: 'FROM alpine\nSTOPSIGNAL -15\n', errors: [{ line: 2, column: 12 }], output: null },
    { name: 'real-time offset out of range', code: 'FROM alpine\nSTOPSIGNAL SIGRTMIN+16\n', errors: [{ line: 2, column: 12 }], output: null },
    { name: 'a kill(1) style flag', code: 'FROM alpine\nSTOPSIGNAL -TERM\n', errors: [{ line: 2, column: 12, message: /^`-TERM` is not a valid signal/ }], output: null },
    {
      name: 'in an earlier stage the final one builds on (each is evaluated), CRLF',
      code: 'FROM alpine AS base\r\nSTOPSIGNAL SIGHALT\r\nFROM base\r\nSTOPSIGNAL SIGTERM\r\n',
      errors: [{ line: 2, column: 12, endColumn: 19 }],
      output: null,
    },
    {
      name: 'lower-case keyword, quoted value',
      code: 'from alpine\nstopsignal "SIGSTOPP"\n',
      errors: [{ line: 2, column: 12, endColumn: 22, message: /^`SIGSTOPP` is not/ }],
      output: null,
    },
  ],
});
