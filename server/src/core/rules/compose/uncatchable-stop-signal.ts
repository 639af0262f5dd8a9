import { defineRule } from '../../rule';
import { uncatchableSignal } from '../../signals';
import { writtenStopSignal } from './stop-signal';

export default defineRule({
  meta: {
    id: 'compose/uncatchable-stop-signal',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`stop_signal` is SIGKILL or SIGSTOP: they cannot be caught, so no graceful stop is possible.',
    fixable: false,
    messages: {
      kill: 'Service "{{name}}" has stop_signal: {{shown}}, which cannot be caught: every stop kills the program at once, with no graceful shutdown. Use SIGTERM (the default: remove the line) or the signal the program handles.',
      stop: 'Service "{{name}}" has stop_signal: {{shown}}, which cannot be caught and only suspends the program: it is killed with SIGKILL when the grace period ends. Use SIGTERM (the default: remove the line) or the signal the program handles.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const w = writtenStopSignal(ctx, s);
      const kind = w && uncatchableSignal(w.value);
      if (!kind) continue;
      const sig = kind === 'kill' ? 'SIGKILL' : 'SIGSTOP';
      const shown = w!.value.toUpperCase() === sig ? w!.value : `${w!.value} (${sig})`;
      ctx.report({ at: w!.at, messageId: kind, data: { name: s.name, value: w!.value, shown } });
    }
  },
});
