import { defineRule } from '../../rule';
import { reportMissingTmp } from './tmp';

export default defineRule({
  meta: {
    id: 'compose/tmp-not-tmpfs',
    target: 'compose',
    presets: { recommended: 'off', strict: 'information' },
    description: 'Nothing is mounted at /tmp: temporary files go to the container\'s writable layer.',
    fixable: true,
    messages: {
      missing: 'Service `{{name}}` has no tmpfs or volume at /tmp: temporary files are written to the container\'s copy-on-write layer and /tmp stops being writable once `read_only: true` is set. Mount a tmpfs at /tmp (`tmpfs: /tmp`).',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, false);
  },
});
