import { defineRule } from '../../rule';
import { reportMissingTmp } from './tmp';

export default defineRule({
  meta: {
    id: 'compose/tmp-not-tmpfs',
    target: 'compose',
    presets: { recommended: 'off', strict: 'information' },
    description: 'Nothing is mounted at /tmp: temporary files go to the container\'s writable layer, and the service is not ready for `read_only: true`.',
    fixable: true,
    messages: {
      missing: 'Service "{{name}}" has nothing mounted at /tmp: temporary files go to the container\'s writable layer, and /tmp stops being writable once read_only: true is set. Mount a tmpfs at /tmp{{exec}}.',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, false);
  },
});
