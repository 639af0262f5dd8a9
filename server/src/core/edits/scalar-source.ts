/**
 * Where a character of a scalar's *value* sits in the source text, for every scalar style
 * (plain, '…', "…", `|` and `>` block scalars, single- or multi-line, LF or CRLF). Used to insert
 * text inside a scalar (e.g. `exec ` in a `sh -c` script) with a minimal edit.
 *
 * The value is decoded again from the source with a map of offsets and compared with the parsed
 * value: when the two differ (an escape or folding case this decoder does not know), the answer
 * is undefined and the caller offers no fix rather than a wrong one.
 */
import type { YamlFile, Scalar } from '../model/yaml';

interface Decoded { value: string; offsets: number[] }

const isWs = (c: string | undefined) => c === ' ' || c === '\t';

/** Source lines of [start, end): each line's start offset and text (without its line break). */
function sourceLines(text: string, start: number, end: number): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  let at = start;
  for (;;) {
    let nl = text.indexOf('\n', at);
    if (nl < 0 || nl >= end) nl = end;
    let e = nl;
    if (e > at && text[e - 1] === '\r') e--;
    out.push({ at, text: text.slice(at, e) });
    if (nl >= end) break;
    at = nl + 1;
  }
  return out;
}

/** Flow scalars (plain, single- and double-quoted) with line folding. `start`/`end` exclude quotes. */
function decodeFlow(text: string, start: number, end: number, style: 'plain' | 'single' | 'double'): Decoded | undefined {
  const value: string[] = [];
  const offsets: number[] = [];
  const lines = sourceLines(text, start, end);
  // Each UTF-16 code unit of `s` at source offset `at`.
  const push = (s: string, at: number) => { for (let k = 0; k < s.length; k++) { value.push(s[k]); offsets.push(at); } };
  let joinNext = false; // the previous line ended with an escaped line break (double-quoted)
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const first = li === 0, last = li === lines.length - 1;
    let i = 0;
    const n = line.text.length;
    if (!first) {
      while (i < n && isWs(line.text[i])) i++;
      if (i === n && !last) continue; // an empty line: counted by the folding below
    }
    if (!first && !joinNext) {
      // Fold: one line break → space; k empty lines in between → k line feeds.
      let empties = 0;
      for (let b = li - 1; b > 0 && /^[ \t]*$/.test(lines[b].text); b--) empties++;
      if (empties) for (let k = 0; k < empties; k++) push('\n', line.at);
      else push(' ', line.at);
    }
    joinNext = false;
    let pending: { s: string; at: number }[] = []; // literal whitespace, dropped at a line break
    const flush = () => { if (!pending.length) return; for (const p of pending) push(p.s, p.at); pending = []; };
    while (i < n) {
      const c = line.text[i];
      const at = line.at + i;
      if (isWs(c)) { pending.push({ s: c, at }); i++; continue; }
      if (style === 'single' && c === "'") {
        if (line.text[i + 1] !== "'") return undefined;
        flush(); push("'", at); i += 2; continue;
      }
      if (style === 'double' && c === '\\') {
        flush();
        if (i + 1 >= n) { joinNext = true; i++; break; } // escaped line break
        const e = line.text[i + 1];
        const simple: Record<string, string> = {
          '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
          ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
        };
        if (e in simple) { push(simple[e], at); i += 2; continue; }
        const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const hex = line.text.slice(i + 2, i + 2 + len);
        if (!len || !new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
        push(String.fromCodePoint(parseInt(hex, 16)), at);
        i += 2 + len;
        continue;
      }
      flush(); push(c, at); i++;
    }
    // Trailing spaces of the last line are content in quotes; at a line break they fold away.
    if (last && style !== 'plain') flush();
    else pending = [];
  }
  return { value: value.join(''), offsets };
}

/** `|` and `>` block scalars: content lines after the header, indentation removed. */
function decodeBlock(file: YamlFile, start: number, end: number, folded: boolean): Decoded | undefined {
  const text = file.text;
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return { value: '', offsets: [] };
  const lines = sourceLines(text, headerEnd + 1, end);
  const firstContent = lines.find((l) => l.text.trim() !== '');
  if (!firstContent) return { value: '', offsets: [] };
  const indent = /^ */.exec(firstContent.text)![0].length;
  const value: string[] = [];
  const offsets: number[] = [];
  const push = (s: string, at: number) => { for (let k = 0; k < s.length; k++) { value.push(s[k]); offsets.push(at + k); } };
  let prev: 'none' | 'text' | 'more' = 'none';
  let empties = 0;
  let lastBreakAt = headerEnd;
  for (const l of lines) {
    const body = l.text.length > indent ? l.text.slice(indent) : '';
    if (l.text.length > indent && l.text.slice(0, indent).trim() !== '') return undefined; // under-indented: not ours
    if (body === '') { empties++; lastBreakAt = l.at; continue; }
    const type = isWs(body[0]) ? 'more' : 'text';
    if (!folded) {
      if (prev !== 'none') push('\n', lastBreakAt);
      for (let k = 0; k < empties; k++) push('\n', lastBreakAt);
    } else if (prev === 'none') {
      for (let k = 0; k < empties; k++) push('\n', lastBreakAt);
    } else if (prev === 'text' && type === 'text') {
      if (empties) for (let k = 0; k < empties; k++) push('\n', lastBreakAt);
      else push(' ', lastBreakAt);
    } else {
      for (let k = 0; k <= empties; k++) push('\n', lastBreakAt);
    }
    push(body, l.at + indent);
    empties = 0;
    prev = type;
    lastBreakAt = l.at + l.text.length;
  }
  return { value: value.join(''), offsets };
}

/**
 * The last decode of each scalar, with the text it was decoded from: rules ask for several
 * offsets of the same (possibly 1 MB) scalar, each a full decode otherwise. A node belongs to
 * one parse of one text; an edit makes a new parse, so the text check is only a guard.
 */
const decoded = new WeakMap<Scalar, { text: string; d: Decoded | undefined }>();

function decode(file: YamlFile, node: Scalar): Decoded | undefined {
  const hit = decoded.get(node);
  if (hit && hit.text === file.text) return hit.d;
  const d = decodeUncached(file, node);
  decoded.set(node, { text: file.text, d });
  return d;
}

function decodeUncached(file: YamlFile, node: Scalar): Decoded | undefined {
  const r = node.range;
  if (!r) return undefined;
  const [start, end] = r;
  const text = file.text;
  switch (node.type) {
    case 'PLAIN': return decodeFlow(text, start, end, 'plain');
    case 'QUOTE_SINGLE': return text[start] === "'" && text[end - 1] === "'" ? decodeFlow(text, start + 1, end - 1, 'single') : undefined;
    case 'QUOTE_DOUBLE': return text[start] === '"' && text[end - 1] === '"' ? decodeFlow(text, start + 1, end - 1, 'double') : undefined;
    case 'BLOCK_LITERAL': return decodeBlock(file, start, end, false);
    case 'BLOCK_FOLDED': return decodeBlock(file, start, end, true);
    default: return undefined;
  }
}

/**
 * Source offset of the character at `index` of the scalar's string value, or undefined when the
 * mapping is not certain. `index` must point at a character (not past the end).
 */
export function scalarSourceOffset(file: YamlFile, node: Scalar, index: number): number | undefined {
  if (typeof node.value !== 'string') return undefined;
  const d = decode(file, node);
  if (!d) return undefined;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  // Block chomping only changes trailing line breaks; the rest must match exactly.
  const same = block ? d.value.replace(/\n+$/, '') === node.value.replace(/\n+$/, '') : d.value === node.value;
  if (!same || index < 0 || index >= d.offsets.length) return undefined;
  return d.offsets[index];
}

/**
 * The scalar's string value with the source offset of each character (see `scalarSourceOffset`),
 * or undefined when the mapping is not certain. Trailing line breaks of a block scalar are left out.
 */
export function scalarSourceMap(file: YamlFile, node: Scalar): { value: string; offsets: number[] } | undefined {
  if (typeof node.value !== 'string') return undefined;
  const d = decode(file, node);
  if (!d) return undefined;
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (block ? d.value.replace(/\n+$/, '') !== node.value.replace(/\n+$/, '') : d.value !== node.value) return undefined;
  const n = block ? d.value.replace(/\n+$/, '').length : d.value.length;
  return { value: d.value.slice(0, n), offsets: d.offsets.slice(0, n) };
}
