import { defineRule } from '../../rule';
import { logicalArgs, stageChain } from '../../model/dockerfile';
import { signalVerdict, stopSignalValue } from '../../signals';


const USE = 'Use a name such as `SIGTERM`, `SIGINT`, `SIGQUIT` or `SIGRTMIN+3`, or a number from 1 to 64.';

export default defineRule({
  meta: {
    id: 'dockerfile/invalid-stopsignal',
    target: 'dockerfile',
    presets: { recommended: 'error', strict: 'error' },
    description: 'STOPSIGNAL is not a signal Docker can send: an unknown name fails the build, a number outside 1–64 fails the stop.',
    fixable: false,
    messages: {
      invalid: `\`{{value}}\` is not a signal Docker knows: the build fails (\`invalid signal: {{value}}\`). ${USE}`,
      tooHigh: `\`{{value}}\` is not a Linux signal (1–64): the build accepts the number, but the signal cannot be sent, so \`docker stop\` kills the container with SIGKILL after 2 s and containerd (Kubernetes) fails the stop. ${USE}`,
      negative: `\`{{value}}\` is not a Linux signal (1–64): the build accepts the number, but Docker 28+ ignores it and sends SIGTERM, while older Docker and containerd (Kubernetes) cannot send it. ${USE}`,
    },
  },
  check(ctx) {
    const model = ctx.model;
    // Every STOPSIGNAL of the final stage and the stages it builds on is evaluated by the build.
    for (const s of stageChain(model.final)) {
      for (const ins of s.instructions) {
        if (ins.keyword !== 'STOPSIGNAL' || ins.argsStart === undefined) continue;
        const v = stopSignalValue(logicalArgs(model, ins).text);
        if (v === undefined) continue;
        const verdict = signalVerdict(v);
        if (verdict === 'ok') continue;
        // Only a rejected name breaks the build; a number out of range breaks the stop.
        ctx.report({
          at: [ins.argsStart, ins.argsEnd!],
          messageId: verdict === 'rejected' ? 'invalid' : verdict,
          data: { value: v },
          severity: verdict === 'rejected' ? undefined : 'warning',
        });
      }
    }
  },
});
