import { defineRule } from '../../rule';
import { signalVerdict } from '../../signals';
import { knownValue, what } from './util';

const USE = 'Use a name such as SIGTERM, SIGINT or SIGQUIT, or a number from 1 to 64.';

export default defineRule({
  meta: {
    id: 'run/invalid-stop-signal',
    target: 'run',
    presets: { recommended: 'error', strict: 'error' },
    description: '`--stop-signal` is not a signal Docker accepts: the container cannot be created (or, for a number outside 1–64, cannot be stopped with it).',
    fixable: false,
    messages: {
      invalid: `{{what}} has --stop-signal {{value}}, which is not a signal Docker knows: the container cannot be created ("invalid signal"). ${USE}`,
      tooHigh: `{{what}} has --stop-signal {{value}}, which is not a Linux signal (1–64): Docker accepts it, but cannot send it, so docker stop ends with SIGKILL. ${USE}`,
      negative: `{{what}} has --stop-signal {{value}}, which is not a Linux signal (1–64): Docker 28+ ignores it and sends SIGTERM, older Docker cannot send it. ${USE}`,
    },
  },
  check(ctx) {
    for (const cmd of ctx.commands) {
      const f = knownValue(cmd, 'stop-signal');
      if (!f) continue;
      const value = f.value.trim();
      const verdict = signalVerdict(value);
      if (verdict === 'ok') continue;
      // Only a rejected name stops the container from being created (moby validateContainerConfig).
      ctx.report({ at: f.at, messageId: verdict === 'rejected' ? 'invalid' : verdict, data: { what: what(cmd), value: value || '""' }, severity: verdict === 'rejected' ? undefined : 'warning' });
    }
  },
});
