/**
 * Minimal LSP text edits that turn one text into another (harden returns the whole output).
 * A line diff (Myers, after trimming the common head and tail) so the editor keeps cursors,
 * folding and markers on untouched lines; one edit per changed hunk.
 */
import type { TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { LineIndex } from '../core/text';

/** Lines with their line breaks kept (so CRLF stays CRLF and the last line may lack one). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

interface Hunk { aStart: number; aEnd: number; bStart: number; bEnd: number }

/** Myers' O(ND) diff on line arrays; returns the changed hunks. Falls back to one hunk when D is large. */
function diffLines(a: string[], b: string[], maxD = 2000): Hunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail), B = b.slice(head, b.length - tail);
  const N = A.length, M = B.length;
  if (N === 0 && M === 0) return [];
  if (N === 0 || M === 0) return [{ aStart: head, aEnd: head + N, bStart: head, bEnd: head + M }];
  const max = Math.min(N + M, maxD);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < N && y < M && A[x] === B[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= N && y >= M) { found = true; break; }
    }
  }
  if (!found) return [{ aStart: head, aEnd: head + N, bStart: head, bEnd: head + M }];
  // Backtrack to the edit script, as a list of matched (diagonal) runs.
  const matches: [number, number][] = [];
  let x = N, y = M;
  for (let d = trace.length - 1; d > 0; d--) {
    const vv = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vv[off + k - 1] < vv[off + k + 1]) ? k + 1 : k - 1;
    const prevX = vv[off + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x--; y--; matches.push([x, y]); }
    x = prevX; y = prevY;
  }
  while (x > 0 && y > 0) { x--; y--; matches.push([x, y]); }
  matches.reverse();
  const hunks: Hunk[] = [];
  let ai = 0, bi = 0;
  for (const [mx, my] of [...matches, [N, M] as [number, number]]) {
    if (mx > ai || my > bi) hunks.push({ aStart: head + ai, aEnd: head + mx, bStart: head + bi, bEnd: head + my });
    ai = mx + 1; bi = my + 1;
  }
  return hunks;
}

/** Edits (LSP ranges on `before`) that produce `after`. Empty when the texts are equal. */
export function textEdits(before: string, after: string): LspTextEdit[] {
  if (before === after) return [];
  const a = splitLines(before), b = splitLines(after);
  const lines = new LineIndex(before);
  const aOffsets: number[] = [0];
  for (const l of a) aOffsets.push(aOffsets[aOffsets.length - 1] + l.length);
  return diffLines(a, b).map((h) => ({
    range: lines.range(aOffsets[h.aStart], aOffsets[h.aEnd]),
    newText: b.slice(h.bStart, h.bEnd).join(''),
  }));
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyTextEdits(text: string, edits: readonly LspTextEdit[]): string {
  const lines = new LineIndex(text);
  const abs = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    .sort((x, y) => x.start - y.start || x.end - y.end);
  let out = '', pos = 0;
  for (const e of abs) {
    if (e.start < pos) throw new Error('overlapping edits');
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}
