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
      noTmp: '{{container}} has a read-only root file system and nothing at /tmp: programs that write temporary files fail there (EROFS). Mount an emptyDir volume at /tmp.',
      readOnlyTmp: '{{container}} has a read-only root file system and its /tmp mount is read-only ({{why}}): programs that write temporary files fail there (EROFS). Mount a writable emptyDir volume at /tmp.',
    },
  },
  check(ctx) {
    reportMissingTmp(ctx, true);
  },
});
