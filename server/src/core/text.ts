import type { Position, Range, TextEdit } from './types';

/** Line starts of a text, offset ↔ position in O(log n). `\r\n`, `\n` and lone `\r` end lines (as in LSP). */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(readonly text: string, lineStarts?: number[]) {
    if (lineStarts) { this.lineStarts = lineStarts; return; }
    const starts = [0];
    if (!text.includes('\r')) {
      // No CR: every line break is a `\n` (indexOf is several times faster than a char loop).
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) { if (text.charCodeAt(i + 1) === 10) i++; starts.push(i + 1); }
    }
    this.lineStarts = starts;
  }
  get lineCount(): number { return this.lineStarts.length; }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const s = this.lineStarts;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (s[mid] <= offset) lo = mid; else hi = mid - 1; }
    return { line: lo, character: offset - s[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStarts[pos.line];
    return Math.min(start + pos.character, this.lineEnd(pos.line));
  }
  range(start: number, end: number): Range { return { start: this.positionAt(start), end: this.positionAt(end) }; }
  /** Offset of the start of the line containing `offset`. */
  lineStartOf(offset: number): number { return this.lineStarts[this.positionAt(offset).line]; }
  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
  /** Offset after the line break of the line containing `offset` (or text end). */
  nextLineStart(offset: number): number {
    const line = this.positionAt(offset).line;
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
  }
  lineText(line: number): string { return this.text.slice(this.lineStarts[line], this.lineEnd(line)); }
  /** Column (0-based) of `offset` within its line. */
  column(offset: number): number { return this.positionAt(offset).character; }
  edit(start: number, end: number, newText: string): TextEdit { return { start, end, newText, range: this.range(start, end) }; }
}

export type Eol = '\n' | '\r\n' | '\r';

/** The line break style of a text: that of its first line break (LF when it has none). */
export function detectEol(text: string): Eol {
  const lf = text.indexOf('\n'), cr = text.indexOf('\r');
  if (cr < 0 || (lf >= 0 && lf < cr)) return '\n';
  return text.charCodeAt(cr + 1) === 10 ? '\r\n' : '\r';
}

/** Does the text have a lone CR (a CR not followed by LF: old Mac line breaks, or mixed)? */
export function hasLoneCr(text: string): boolean {
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return true;
  return false;
}

/**
 * The text with every lone CR replaced by LF: the same length, so every offset, line and column
 * is the same (`LineIndex` takes a lone CR for a line break too). The YAML spec and the YAML
 * readers of Docker Compose and kubectl (go-yaml) read a lone CR as a line break; the `yaml`
 * library does not, so YAML is parsed from this text.
 */
export function loneCrAsLf(text: string): string {
  return hasLoneCr(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Applies edits (by offsets) to a text. Edits are sorted; an edit that overlaps one already taken
 * (or inserts at the same point as another insert) is dropped and returned in `dropped`.
 */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

type Span = Pick<TextEdit, 'start' | 'end'> & { newText?: string };

/**
 * True when two edits touch the same text (or both insert at one point). An insert right at the
 * end of a deletion counts too: in a file without a final line break, the point after a map's
 * last line (where a fix appends a key) is also the end of the lines another fix deletes when it
 * removes that map — applied together, the new key would be left under the wrong parent.
 */
export function editsOverlap(a: Span, b: Span): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return (a.start > b.start && a.start < b.end) || (a.start === b.end && b.newText === '');
  if (b.start === b.end) return (b.start > a.start && b.start < a.end) || (b.start === a.end && a.newText === '');
  return a.start < b.end && b.start < a.end;
}
