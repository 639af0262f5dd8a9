/** Minimal Dockerfile text edits by offsets: whole new lines next to an instruction, argument replacement. */
import type { DockerfileModel, DfInstruction } from '../model/dockerfile';
import type { Edit } from './yaml-edits';

/** The indentation written before an instruction's keyword. */
export function indentOf(model: DockerfileModel, ins: DfInstruction): string {
  const ls = model.lines.lineStartOf(ins.start);
  return /^[ \t]*/.exec(model.text.slice(ls, ins.start))![0];
}

/** Writes `keyword` in the case the file uses (lower case when the given instruction's keyword is). */
export function keywordCase(model: DockerfileModel, like: DfInstruction | undefined, keyword: string): string {
  if (!like) return keyword;
  const written = model.text.slice(like.start, like.start + like.keyword.length);
  return written === written.toLowerCase() && written !== written.toUpperCase() ? keyword.toLowerCase() : keyword;
}

/** Inserts `lines` (without line breaks) as new lines after the instruction (after its last continuation or heredoc line). */
export function insertLinesAfter(model: DockerfileModel, ins: DfInstruction, lines: string[]): Edit {
  const at = model.lines.lineEnd(model.lines.positionAt(ins.end).line);
  const indent = indentOf(model, ins);
  return { start: at, end: at, newText: lines.map((l) => model.eol + indent + l).join('') };
}

/** Inserts `lines` as new lines before the instruction, with its indentation. */
export function insertLinesBefore(model: DockerfileModel, ins: DfInstruction, lines: string[]): Edit {
  const at = model.lines.lineStartOf(ins.start);
  const indent = indentOf(model, ins);
  return { start: at, end: at, newText: lines.map((l) => indent + l + model.eol).join('') };
}

/** Replaces the arguments of an instruction (all its continuation lines) with `text`. */
export function replaceArgs(ins: DfInstruction, text: string): Edit {
  const start = ins.argsStart ?? ins.end;
  return { start, end: ins.argsEnd ?? start, newText: ins.argsStart === undefined ? ' ' + text : text };
}

/**
 * The instruction has a heredoc with no terminator line: it runs to the end of the file, so nothing
 * can be inserted after it. When dockerfile-ast cannot read the heredocs (it threw on some
 * continuation lines ended by a lone CR, which the model now reads as LF; kept for whatever else
 * may make it throw), the answer is yes: inserting after it is not known to be safe.
 */
export function hasOpenHeredoc(ins: DfInstruction): boolean {
  const i = ins.ins as unknown as { getHeredocs?: () => { getDelimiterRange(): unknown }[] };
  if (typeof i.getHeredocs !== 'function') return false;
  try {
    return i.getHeredocs().some((h) => !h.getDelimiterRange());
  } catch {
    return true;
  }
}
