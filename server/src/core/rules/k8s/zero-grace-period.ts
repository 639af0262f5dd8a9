import { defineRule } from '../../rule';
import { nodeSpan } from '../../model/yaml';
import { intValue } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/zero-grace-period',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`terminationGracePeriodSeconds: 0` leaves the containers no time to shut down.',
    fixable: false,
    messages: {
      zero: 'terminationGracePeriodSeconds is 0: SIGKILL comes 2 s after SIGTERM (the kubelet\'s minimum), too soon to shut down cleanly. Remove it (the default is 30 s) or set the seconds the program needs to drain.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      const l = w.lookup('terminationGracePeriodSeconds');
      if (!l || intValue(l.value) !== 0) continue;
      ctx.report({ at: nodeSpan(l.value) ?? nodeSpan(w.kindNode)!, messageId: 'zero' });
    }
  },
});
