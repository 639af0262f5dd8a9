import { defineRule } from '../../rule';
import { reportMissingTmp } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/read-only-without-tmp',
    target: 'k8s',
    presets: { recommended: 'information', strict: 'warning' },
    description: 'A container with `readOnlyRootFilesystem: true` has no writable volume mounted at /tmp.',
    fixable: true,
    messages: {
      noTmp: '{{container}} has `readOnlyRootFilesystem: true` but no volume mounted at /tmp: every temporary file fails with EROFS (read-only file system). Mount an `emptyDir` volume at /tmp.',
      readOnlyTmp: '{{container}} has `readOnlyRootFilesystem: true` and its /tmp mount is read-only ({{why}}): every temporary file fails with EROFS (read-only file system). Mount a writable `emptyDir` volume at /tmp.',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, true);
  },
});
