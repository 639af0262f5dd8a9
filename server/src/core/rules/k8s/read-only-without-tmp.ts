import { defineRule } from '../../rule';
import { containerAt, containerLabel, isPartial, isWindowsPod, readOnlyRoot, tmpFix, tmpState } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/read-only-without-tmp',
    target: 'k8s',
    severity: 'error',
    description: 'A container with `readOnlyRootFilesystem: true` has no writable volume mounted at /tmp.',
    fixable: true,
    messages: {
      noTmp: '{{container}} has `readOnlyRootFilesystem: true` but no volume mounted at /tmp: every temporary file fails with EROFS (read-only file system). Mount an `emptyDir` volume at /tmp.',
      readOnlyTmp: '{{container}} has `readOnlyRootFilesystem: true` and its /tmp mount is read-only ({{why}}): every temporary file fails with EROFS (read-only file system). Mount a writable `emptyDir` volume at /tmp.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      if (isWindowsPod(w)) continue;
      for (const c of w.containers) {
        if (!readOnlyRoot(c)) continue;
        const tmp = tmpState(c);
        if (tmp.kind === 'writable') continue;
        const container = containerLabel(c);
        if (tmp.kind === 'readonly') {
          ctx.report({ at: tmp.at, messageId: 'readOnlyTmp', data: { container, why: tmp.why } });
          continue;
        }
        // A patch (no image) may get its /tmp mount from the base: only a complete container is judged.
        if (isPartial(c)) continue;
        ctx.report({ at: containerAt(c), messageId: 'noTmp', data: { container }, fix: tmpFix(ctx.file, c) });
      }
    }
  },
});
