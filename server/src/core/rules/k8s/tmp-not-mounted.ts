import { defineRule } from '../../rule';
import { reportMissingTmp } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/tmp-not-mounted',
    target: 'k8s',
    presets: { recommended: 'off', strict: 'information' },
    description: 'A container has no volume mounted at /tmp (temporary files go to the writable layer).',
    fixable: true,
    messages: {
      noTmp: '{{container}} has no volume mounted at /tmp: temporary files go to the container\'s writable layer, and they fail with EROFS once `readOnlyRootFilesystem: true` is set. Mount an `emptyDir` volume at /tmp.',
      readOnlyTmp: '{{container}} mounts /tmp read-only ({{why}}): every temporary file fails with EROFS (read-only file system). Mount a writable `emptyDir` volume at /tmp.',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, false);
  },
});
