import { defineRule } from '../../rule';
import { reportMissingTmp } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/tmp-not-mounted',
    target: 'k8s',
    presets: { recommended: 'off', strict: 'information' },
    description: 'A container with a writable root file system has no volume at /tmp: not ready for `readOnlyRootFilesystem: true`.',
    fixable: true,
    messages: {
      noTmp: '{{container}} has nothing mounted at /tmp: not ready for readOnlyRootFilesystem: true (temporary files would fail with EROFS). Mount an emptyDir volume at /tmp.',
      readOnlyTmp: '{{container}} mounts /tmp read-only ({{why}}): programs that write temporary files fail there (EROFS). Mount a writable emptyDir volume at /tmp.',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, false);
  },
});
