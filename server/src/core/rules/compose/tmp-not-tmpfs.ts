import { defineRule } from '../../rule';
import { bool, nodeSpan } from '../../model/yaml';
import { serviceLayers, findKey } from './util';
import { tmpMounted, tmpFix } from './tmp';

export default defineRule({
  meta: {
    id: 'compose/tmp-not-tmpfs',
    target: 'compose',
    severity: 'information',
    description: 'Nothing is mounted at /tmp: temporary files go to the container\'s writable layer.',
    fixable: true,
    messages: {
      missing: 'Service `{{name}}` has no tmpfs or volume at /tmp: temporary files are written to the container\'s copy-on-write layer and /tmp stops being writable once `read_only: true` is set. Mount a tmpfs at /tmp (`tmpfs: /tmp`).',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const ro = findKey(layers, 'read_only');
      if (ro && bool(ro.value) === true) continue; // compose/read-only-without-tmp
      if (tmpMounted(layers)) continue;
      ctx.report({ at: nodeSpan(s.key)!, messageId: 'missing', data: { name: s.name }, fix: tmpFix(ctx, s) });
    }
  },
});
