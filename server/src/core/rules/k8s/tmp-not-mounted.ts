import { defineRule } from '../../rule';
import { containerAt, containerLabel, isPartial, isWindowsPod, readOnlyRoot, tmpFix, tmpState } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/tmp-not-mounted',
    target: 'k8s',
    severity: 'information',
    description: 'A container has no volume mounted at /tmp (temporary files go to the writable layer).',
    fixable: true,
    messages: {
      noTmp: '{{container}} has no volume mounted at /tmp: temporary files go to the container\'s writable layer, and they fail with EROFS once `readOnlyRootFilesystem: true` is set. Mount an `emptyDir` volume at /tmp.',
      readOnlyTmp: '{{container}} mounts /tmp read-only ({{why}}): every temporary file fails with EROFS (read-only file system). Mount a writable `emptyDir` volume at /tmp.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      if (isWindowsPod(w)) continue;
      for (const c of w.containers) {
        if (readOnlyRoot(c)) continue; // k8s/read-only-without-tmp
        const tmp = tmpState(c);
        if (tmp.kind === 'writable') continue;
        const container = containerLabel(c);
        if (tmp.kind === 'readonly') {
          ctx.report({ at: tmp.at, messageId: 'readOnlyTmp', data: { container, why: tmp.why } });
          continue;
        }
        if (isPartial(c)) continue;
        ctx.report({ at: containerAt(c), messageId: 'noTmp', data: { container }, fix: tmpFix(ctx.file, c) });
      }
    }
  },
});
