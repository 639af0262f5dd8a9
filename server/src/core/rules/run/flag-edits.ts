/**
 * Text edits on a `docker run` command line that keep its layout (shared by the run rules; not a
 * rule). A command line may be continued over several lines with `\`; in Markdown it may carry a
 * `$ ` prompt and the block's indentation, in YAML the block scalar's indentation.
 */
import type { RunCommand, RunFlag } from '../../model/run';
import type { LineIndex } from '../../text';
import type { Edit } from '../../edits/yaml-edits';

const BLANK = /^[ \t]*$/;
const CONTINUATION_ONLY = /^[ \t]*\\$/;

/**
 * Deletes a flag (with its value), also when it is alone on a continuation line:
 * - alone on a continuation line (`  --privileged \`): the whole line;
 * - first on its line, other words after it: the flag and the blanks after it;
 * - otherwise: the blanks before it and the flag (`docker run --init --privileged img` →
 *   `docker run --init img`).
 */
export function removeFlag(lines: LineIndex, cmd: RunCommand, flag: RunFlag): Edit | undefined {
  // Offsets that are not where the shell reads them (folded YAML), or a flag inside a group (`-it`): no edit.
  if (!cmd.exact || (/^-[^-]/.test(flag.spelling) && flag.spelling.length > 2)) return undefined;
  const text = lines.text;
  const [s, e] = flag.at;
  const first = lines.positionAt(s).line, last = lines.positionAt(e).line;
  const lineStart = lines.lineStarts[first];
  const lineEnd = lines.lineEnd(last);
  const before = text.slice(lineStart, s), after = text.slice(e, lineEnd);
  if (BLANK.test(before) && CONTINUATION_ONLY.test(after)) {
    return { start: lineStart, end: lines.nextLineStart(lineEnd), newText: '' };
  }
  if (BLANK.test(before)) {
    let end = e;
    while (end < lineEnd && (text[end] === ' ' || text[end] === '\t')) end++;
    return { start: s, end, newText: '' };
  }
  let start = s;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: e, newText: '' };
}

/** The flag as written, on one line (continuations joined): `--security-opt seccomp=unconfined`. */
export function flagText(lines: LineIndex, flag: Pick<RunFlag, 'at'>): string {
  return lines.text.slice(flag.at[0], flag.at[1]).replace(/[ \t]*\\\r?\n[ \t]*/g, ' ');
}

/** Go's strconv.ParseBool, as the Docker CLI reads `--privileged=<bool>`; undefined when not a boolean. */
export function goBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return true; // `--privileged` alone
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
