import { ruleTester } from '../../rule-tester';

const ok = (sig: string) => `FROM alpine\nSTOPSIGNAL ${sig}\n`;

ruleTester('dockerfile/invalid-stopsignal', {
  valid: [
    { name: 'ENV declares it', code: 'FROM alpine\nENV STOP=SIGINT\nSTOPSIGNAL $STOP\n' },
    { name: 'ARG in an earlier stage of the chain', code: 'FROM alpine AS base\nARG STOP\nFROM base\nSTOPSIGNAL ${STOP}\n' },
    { name: 'an undeclared variable with a valid default', code: 'FROM alpine\nSTOPSIGNAL ${STOP:-SIGTERM}\n' },
    ok('SIGTERM'), ok('TERM'), ok('sigint'), ok('SIGQUIT'), ok('15'), ok('1'), ok('64'), ok('SIGRTMIN+3'), ok('rtmin+15'),
    ok('SIGRTMAX-14'), ok('SIGRTMAX'), ok('SIGWINCH'), ok('SIGPWR'), ok('SIGIOT'), ok('SIGKILL'), ok('"SIGTERM"'),
    // Go's strconv.Atoi: a sign and leading zeros are fine
    ok('+15'), ok('015'),
    { name: 'a build argument is unknown', code: 'FROM alpine\nARG STOP=SIGTERM\nSTOPSIGNAL $STOP\n' },
    { name: 'a stage the final image does not build on', code: 'FROM alpine AS tools\nSTOPSIGNAL SIGFOO\nFROM alpine\nSTOPSIGNAL SIGTERM\n' },
  ],
  invalid: [
    // --- variables (RULES.md v2): a lone $, an unclosed ${, a $name no ARG/ENV declares
    { name: 'a lone $', code: 'FROM alpine\nSTOPSIGNAL $\n', errors: [{ line: 2, column: 12, endColumn: 13, severity: 'error', message: /^"\$" is not a signal Docker knows: the build fails/ }], output: null },
    {
      name: 'an unclosed ${',
      code: 'FROM alpine\nARG S=SIGTERM\nSTOPSIGNAL ${S\n',
      errors: [{ line: 3, column: 12, endColumn: 15, severity: 'error', message: '"${S" opens "${" without a closing "}": the build fails with a syntax error. Use a name such as SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3, or a number from 1 to 64.' }],
      output: null,
    },
    {
      name: 'an undeclared variable expands to nothing',
      code: 'FROM alpine\nSTOPSIGNAL $STOP\n',
      errors: [{ line: 2, column: 12, endColumn: 17, severity: 'error', message: '"STOP" is declared by no ARG or ENV of this stage, so "$STOP" expands to nothing and the build fails. Declare it (ARG STOP=SIGTERM), or write the signal.' }],
      output: null,
    },
    {
      name: 'a global ARG is not in scope in the stage unless declared there',
      code: 'ARG STOP=SIGTERM\nFROM alpine\nSTOPSIGNAL ${STOP}\n',
      errors: [{ line: 3, column: 12, message: /^"STOP" is declared by no ARG or ENV of this stage/ }],
      output: null,
    },
    { name: 'an undeclared variable with an invalid default', code: 'FROM alpine\nSTOPSIGNAL ${S:-SIGFOO}\n', errors: [{ line: 2, column: 12, message: /^"SIGFOO" is not a signal Docker knows/ }], output: null },
    {
      name: 'a misspelt name',
      code: 'FROM alpine\nSTOPSIGNAL SIGTERMM\n',
      errors: [{ line: 2, column: 12, endColumn: 20, severity: 'error', message: '"SIGTERMM" is not a signal Docker knows: the build fails (invalid signal: SIGTERMM). Use a name such as SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3, or a number from 1 to 64.' }],
      output: null,
    },
    { name: 'zero: the build fails', code: 'FROM alpine\nSTOPSIGNAL 0\n', errors: [{ line: 2, column: 12, endColumn: 13, severity: 'error', message: /^"0" is not a signal Docker knows: the build fails \(invalid signal: 0\)/ }], output: null },
    { name: 'a number too big for Go\'s Atoi is read as a name: the build fails', code: 'FROM alpine\nSTOPSIGNAL 99999999999999999999\n', errors: [{ line: 2, column: 12, severity: 'error', message: /the build fails/ }], output: null },
    {
      name: 'above 64: the build passes, the stop fails (a warning)',
      code: 'FROM alpine\nSTOPSIGNAL 65\n',
      errors: [{ line: 2, column: 12, endColumn: 14, severity: 'warning', message: '"65" is not a Linux signal (1–64): the build accepts the number, but the signal cannot be sent, so docker stop kills the container with SIGKILL after 2 s and containerd (Kubernetes) fails the stop. Use a name such as SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3, or a number from 1 to 64.' }],
      output: null,
    },
    {
      name: 'negative: the build passes, Docker 28+ falls back to SIGTERM (a warning)',
      code: 'FROM alpine\nSTOPSIGNAL -15\n',
      errors: [{ line: 2, column: 12, endColumn: 15, severity: 'warning', message: '"-15" is not a Linux signal (1–64): the build accepts the number, but Docker 28+ ignores it and sends SIGTERM, while older Docker and containerd (Kubernetes) cannot send it. Use a name such as SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3, or a number from 1 to 64.' }],
      output: null,
    },
    { name: 'real-time offset out of range: not in the table, the build fails', code: 'FROM alpine\nSTOPSIGNAL SIGRTMIN+16\n', errors: [{ line: 2, column: 12, severity: 'error' }], output: null },
    { name: 'a kill(1) style flag', code: 'FROM alpine\nSTOPSIGNAL -TERM\n', errors: [{ line: 2, column: 12, severity: 'error', message: /^"-TERM" is not a signal Docker knows/ }], output: null },
    {
      name: 'in an earlier stage the final one builds on (each is evaluated), CRLF',
      code: 'FROM alpine AS base\r\nSTOPSIGNAL SIGHALT\r\nFROM base\r\nSTOPSIGNAL SIGTERM\r\n',
      errors: [{ line: 2, column: 12, endColumn: 19 }],
      output: null,
    },
    {
      name: 'lower-case keyword, quoted value',
      code: 'from alpine\nstopsignal "SIGSTOPP"\n',
      errors: [{ line: 2, column: 12, endColumn: 22, message: /^"SIGSTOPP" is not/ }],
      output: null,
    },
  ],
});
