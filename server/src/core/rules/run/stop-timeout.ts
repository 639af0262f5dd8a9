import { defineRule } from '../../rule';
import { knownValue, what } from './util';

export default defineRule({
  meta: {
    id: 'run/stop-timeout',
    target: 'run',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`--stop-timeout 0` leaves no time for a graceful stop, or the value is not a whole number of seconds.',
    fixable: false,
    messages: {
      short: '{{what}} has --stop-timeout {{value}}: docker stop sends SIGKILL right after the stop signal, with no time to finish requests or flush data. Give it at least a few seconds (the default is 10).',
      invalid: '{{what}} has --stop-timeout {{value}}, which is not a whole number of seconds: {{tool}} refuses the command line ("invalid argument"). Write seconds without a unit, such as 10 or 30.',
    },
  },
  check(ctx) {
    for (const cmd of ctx.commands) {
      const f = knownValue(cmd, 'stop-timeout');
      if (!f) continue;
      const value = f.value;
      // pflag's IntVar (Docker) / UintVar (Podman): strconv.ParseInt/ParseUint with base 0 (0x10, 0o17, 0b1, 1_000 are numbers).
      const m = /^([+-]?)(?:0[xX]([0-9a-fA-F_]+)|0[oO]([0-7_]+)|0[bB]([01_]+)|([0-9][0-9_]*))$/.exec(value);
      if (!m || (cmd.tool === 'podman' && m[1] === '-')) {
        ctx.report({ at: f.at, messageId: 'invalid', data: { what: what(cmd), value: value || '""', tool: `${cmd.tool} ${cmd.verb}` }, severity: 'error' });
        continue;
      }
      if (/^[0_]+$/.test(m[2] ?? m[3] ?? m[4] ?? m[5])) ctx.report({ at: f.at, messageId: 'short', data: { what: what(cmd), value } });
    }
  },
});
