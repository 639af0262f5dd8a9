/**
 * `--fix-dry-run`: the unified diff of what `--fix` would write, `--- a/<path>` / `+++ b/<path>`
 * with 3 lines of context, as `git diff` and `patch -p1` read it (jsdiff's `structuredPatch`
 * computes the hunks). Line ends are kept as they are (a CRLF file shows `\r` before each `\n`),
 * and a missing final newline is marked `\ No newline at end of file`.
 */
import { formatPatch, structuredPatch } from 'diff';

export const DIFF_CONTEXT = 3;

/** The diff of one file; '' when nothing changes. `displayPath` is `/`-separated. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, { context: DIFF_CONTEXT });
  const text = formatPatch(patch, { includeIndex: false, includeUnderline: false, includeFileHeaders: true });
  return text.endsWith('\n') ? text : text + '\n';
}
