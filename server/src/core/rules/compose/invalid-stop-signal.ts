import { defineRule } from '../../rule';
import { signalVerdict } from '../../signals';
import { writtenStopSignal } from './stop-signal';

const USE = 'Use a name such as SIGTERM, SIGINT or SIGQUIT, or a number from 1 to 64.';

export default defineRule({
  meta: {
    id: 'compose/invalid-stop-signal',
    target: 'compose',
    presets: { recommended: 'error', strict: 'error' },
    description: '`stop_signal` is not a signal Docker accepts: the container cannot be created (or, for a number outside 1–64, cannot be stopped with it).',
    fixable: false,
    messages: {
      invalid: `Service "{{name}}" has stop_signal: {{value}}, which is not a signal Docker knows: the container cannot be created ("invalid signal"). ${USE}`,
      tooHigh: `Service "{{name}}" has stop_signal: {{value}}, which is not a Linux signal (1–64): Docker accepts it, but cannot send it, so docker stop ends with SIGKILL. ${USE}`,
      negative: `Service "{{name}}" has stop_signal: {{value}}, which is not a Linux signal (1–64): Docker 28+ ignores it and sends SIGTERM, older Docker cannot send it. ${USE}`,
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const w = writtenStopSignal(ctx, s);
      if (!w) continue;
      const verdict = signalVerdict(w.value);
      if (verdict === 'ok') continue;
      // Only a rejected name stops the container from being created (moby validateContainerConfig).
      ctx.report({ at: w.at, messageId: verdict === 'rejected' ? 'invalid' : verdict, data: { name: s.name, value: w.value }, severity: verdict === 'rejected' ? undefined : 'warning' });
    }
  },
});
