import { defineRule } from '../../rule';
import { effective, logicalArgs } from '../../model/dockerfile';
import { stopSignalValue } from './invalid-stopsignal';

export default defineRule({
  meta: {
    id: 'dockerfile/uncatchable-stopsignal',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'STOPSIGNAL is SIGKILL or SIGSTOP: they cannot be caught, so no graceful stop is possible.',
    fixable: false,
    messages: {
      kill: 'STOPSIGNAL "{{value}}" is SIGKILL, which cannot be caught: every stop kills the process at once, with no graceful shutdown. Use SIGTERM (the default; remove the line) or the signal the program handles, such as SIGINT or SIGQUIT.',
      stop: 'STOPSIGNAL "{{value}}" is SIGSTOP, which cannot be caught and only suspends the process: nothing shuts down until SIGKILL after the grace period. Use SIGTERM (the default; remove the line) or the signal the program handles.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const eff = effective(model.final, 'STOPSIGNAL');
    if (!eff || eff.ins.argsStart === undefined) return;
    const v = stopSignalValue(logicalArgs(model, eff.ins).text);
    if (v === undefined) return;
    const name = v.toUpperCase().replace(/^SIG/, '');
    const kind = name === 'KILL' || /^0*9$/.test(name) ? 'kill' : name === 'STOP' || /^0*19$/.test(name) ? 'stop' : undefined;
    if (kind) ctx.report({ at: [eff.ins.argsStart, eff.ins.argsEnd!], messageId: kind, data: { value: v } });
  },
});
