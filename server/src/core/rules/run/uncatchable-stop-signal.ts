import { defineRule } from '../../rule';
import { uncatchableSignal } from '../../signals';
import { knownValue, what } from './util';

export default defineRule({
  meta: {
    id: 'run/uncatchable-stop-signal',
    target: 'run',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`--stop-signal` is SIGKILL or SIGSTOP: they cannot be caught, so no graceful stop is possible.',
    fixable: false,
    messages: {
      kill: '{{what}} has --stop-signal {{shown}}, which cannot be caught: every stop kills the program at once, with no graceful shutdown. Use SIGTERM (the default: remove the flag) or the signal the program handles.',
      stop: '{{what}} has --stop-signal {{shown}}, which cannot be caught and only suspends the program: it is killed with SIGKILL when the stop timeout ends. Use SIGTERM (the default: remove the flag) or the signal the program handles.',
    },
  },
  check(ctx) {
    for (const cmd of ctx.commands) {
      const f = knownValue(cmd, 'stop-signal');
      const kind = f && uncatchableSignal(f.value);
      if (!kind) continue;
      const value = f!.value.trim();
      const sig = kind === 'kill' ? 'SIGKILL' : 'SIGSTOP';
      const shown = value.toUpperCase() === sig ? value : `${value} (${sig})`;
      ctx.report({ at: f!.at, messageId: kind, data: { what: what(cmd), value, shown } });
    }
  },
});
