/**
 * Minimal YAML text edits computed from node ranges and CST tokens: never re-serialise a
 * document. Keeps comments, key order, quoting, indentation width, flow vs block style, CRLF.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, YNode, YamlFile, nodeSpan } from '../model/yaml';

export interface Edit { start: number; end: number; newText: string }

/** A value to write: a scalar's YAML text, a sequence of values, or a mapping of values. */
export type YamlValue = string | { seq: YamlValue[] } | { map: [string, YamlValue][] };

const styleCache = new WeakMap<YamlFile, { step: number; flushSeq: boolean }>();

/** Indentation width and sequence style (`- ` flush with the parent key or indented) of a file. */
export function fileStyle(file: YamlFile): { step: number; flushSeq: boolean } {
  let s = styleCache.get(file);
  if (s) return s;
  const counts = new Map<number, number>();
  let flush = 0, indented = 0;
  const lines = file.text.split(/\r?\n/);
  let prevKeyIndent = -1, prevIsOpenKey = false;
  for (const line of lines) {
    const m = /^( *)(- +)?([^\s#][^:#]*?):(\s|$)/.exec(line);
    const dash = /^( *)- /.exec(line);
    if (dash && prevIsOpenKey) {
      if (dash[1].length === prevKeyIndent) flush++; else if (dash[1].length > prevKeyIndent) indented++;
    }
    if (m) {
      const indent = m[1].length + (m[2] ? m[2].length : 0);
      if (prevKeyIndent >= 0 && indent > prevKeyIndent && prevIsOpenKey && !m[2]) {
        const d = indent - prevKeyIndent;
        counts.set(d, (counts.get(d) ?? 0) + 1);
      }
      prevKeyIndent = indent;
      prevIsOpenKey = /:\s*(#.*)?$/.test(line);
    } else if (line.trim() && !line.trim().startsWith('#')) prevIsOpenKey = false;
  }
  let step = 2, best = 0;
  for (const [d, n] of counts) if (n > best && d <= 8) { best = n; step = d; }
  s = { step, flushSeq: flush > indented };
  styleCache.set(file, s);
  return s;
}

/** A scalar written plainly when that is unambiguous, double-quoted otherwise. */
export function yamlScalar(s: string): string {
  if (/^[A-Za-z_/.][A-Za-z0-9_./=+-]*$/.test(s) && !/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s)) return s;
  return JSON.stringify(s);
}

function render(v: YamlValue, col: number, file: YamlFile, flow: boolean): string {
  if (typeof v === 'string') return v;
  if (flow) {
    if ('seq' in v) return `[${v.seq.map((x) => render(x, 0, file, true)).join(', ')}]`;
    return `{${v.map.map(([k, x]) => `${k}: ${render(x, 0, file, true)}`).join(', ')}}`;
  }
  const { step, flushSeq } = fileStyle(file);
  const eol = file.eol;
  if ('seq' in v) {
    const dashCol = flushSeq ? col : col + step;
    return v.seq.map((x) => eol + ' '.repeat(dashCol) + '- ' + renderItemBody(x, dashCol + 2, file)).join('');
  }
  const inner = col + step;
  return v.map.map(([k, x]) => eol + ' '.repeat(inner) + k + ':' + valueSuffix(x, inner, file)).join('');
}

/** Text after `key:` for a value: ` scalar` or a nested block. */
function valueSuffix(v: YamlValue, keyCol: number, file: YamlFile): string {
  return typeof v === 'string' ? ' ' + v : render(v, keyCol, file, false);
}

/** Body of a sequence item written after `- ` at column `bodyCol`. */
function renderItemBody(v: YamlValue, bodyCol: number, file: YamlFile): string {
  if (typeof v === 'string') return v;
  if ('seq' in v) return render(v, bodyCol, file, true);
  return v.map.map(([k, x], i) => (i === 0 ? '' : file.eol + ' '.repeat(bodyCol)) + k + ':' + valueSuffix(x, bodyCol, file)).join('');
}

/** Offset of the end of the last line a node or pair occupies (before its line break). */
function endOfLastLine(file: YamlFile, end: number, start: number): number {
  let e = end;
  // Block scalars and collections may end after a line break: step back onto the content.
  while (e > start && (file.text[e - 1] === '\n' || file.text[e - 1] === '\r' || file.text[e - 1] === ' ')) e--;
  return file.lines.lineEnd(file.lines.positionAt(e).line);
}

function onlySpacesBefore(file: YamlFile, offset: number): boolean {
  const ls = file.lines.lineStartOf(offset);
  return /^[ \t]*$/.test(file.text.slice(ls, offset));
}

function pairEnd(p: Pair): number {
  const span = nodeSpan(p as Pair);
  return span ? span[1] : 0;
}

function pairStart(p: Pair): number {
  const span = nodeSpan(p.key as YNode);
  return span ? span[0] : 0;
}

/** Column of the keys of a block mapping. */
export function mapColumn(file: YamlFile, map: YAMLMap): number {
  const first = map.items[0];
  if (first) return file.lines.column(pairStart(first));
  const span = nodeSpan(map as unknown as YNode);
  return span ? file.lines.column(span[0]) : 0;
}

/** Closing bracket offset of a flow collection (`}` or `]`). */
function flowClose(file: YamlFile, node: YAMLMap | YAMLSeq): number {
  const span = nodeSpan(node as unknown as YNode)!;
  let i = span[1] - 1;
  while (i > span[0] && file.text[i] !== '}' && file.text[i] !== ']') i--;
  return i;
}

/**
 * Inserts `key: value` into a mapping: after the first present key of `after`, else as the first
 * key when `first`, else after the last key. Flow mappings get `, key: value` before `}`.
 */
export function insertPair(file: YamlFile, map: YAMLMap, key: string, value: YamlValue, opts: { after?: string[]; first?: boolean } = {}): Edit {
  if (map.flow) {
    const close = flowClose(file, map);
    const last = map.items[map.items.length - 1];
    const text = `${key}: ${render(value, 0, file, true)}`;
    if (!last) return { start: close, end: close, newText: text };
    const at = pairEnd(last);
    return { start: at, end: at, newText: ', ' + text };
  }
  const col = mapColumn(file, map);
  const ownKeys = map.items.filter((p) => isScalar(p.key));
  let anchor: Pair | undefined;
  for (const k of opts.after ?? []) {
    anchor = ownKeys.find((p) => String((p.key as Scalar).value) === k);
    if (anchor) break;
  }
  const line = key + ':' + valueSuffix(value, col, file);
  if (!anchor && opts.first && map.items[0]) {
    const ks = pairStart(map.items[0]);
    if (onlySpacesBefore(file, ks)) {
      const ls = file.lines.lineStartOf(ks);
      return { start: ls, end: ls, newText: ' '.repeat(col) + line + file.eol };
    }
    anchor = map.items[0];
  }
  anchor ??= map.items[map.items.length - 1];
  const at = endOfLastLine(file, pairEnd(anchor), pairStart(anchor));
  return { start: at, end: at, newText: file.eol + ' '.repeat(col) + line };
}

/** Column of the `-` indicators of a block sequence. */
function dashColumn(file: YamlFile, seq: YAMLSeq): number | undefined {
  const tok = seq.srcToken as { items?: { start: { type: string; offset: number }[] }[] } | undefined;
  const ind = tok?.items?.[0]?.start?.find((t) => t.type === 'seq-item-ind');
  return ind ? file.lines.column(ind.offset) : undefined;
}

/** Appends an item to a sequence (block: a new `- item` line in the existing style; flow: `, item`). */
export function appendItem(file: YamlFile, seq: YAMLSeq, item: YamlValue): Edit {
  const last = seq.items[seq.items.length - 1] as YNode | undefined;
  if (seq.flow || !last) {
    const close = flowClose(file, seq);
    const text = renderItemFlow(item, file);
    if (!last) return { start: close, end: close, newText: text };
    const at = nodeSpan(last)![1];
    return { start: at, end: at, newText: ', ' + text };
  }
  const col = dashColumn(file, seq) ?? file.lines.column(nodeSpan(last)![0]) - 2;
  const firstItem = seq.items[0];
  const bodyCol = isMap(firstItem) && firstItem.items[0] ? mapColumn(file, firstItem) : col + 2;
  const span = nodeSpan(last)!;
  const at = endOfLastLine(file, span[1], span[0]);
  // Items written as flow collections (`- {name: a, mountPath: /a}`) get a flow item too.
  const flowItems = (isMap(firstItem) || isSeq(firstItem)) && firstItem.flow;
  if (flowItems && typeof item !== 'string') return { start: at, end: at, newText: file.eol + ' '.repeat(col) + '- ' + renderItemFlow(item, file) };
  const body = renderItemBody(item, bodyCol, file);
  return { start: at, end: at, newText: file.eol + ' '.repeat(col) + '-' + ' '.repeat(Math.max(1, bodyCol - col - 1)) + body };
}

function renderItemFlow(item: YamlValue, file: YamlFile): string {
  return render(item, 0, file, true);
}

/** Replaces a scalar's value, keeping its quote style (plain becomes double-quoted when `quote`). */
export function setScalar(file: YamlFile, node: Scalar, value: string, opts: { quote?: boolean } = {}): Edit {
  const span = nodeSpan(node as unknown as YNode)!;
  let text: string;
  if (node.type === 'QUOTE_SINGLE') text = `'${value.replace(/'/g, "''")}'`;
  else if (node.type === 'QUOTE_DOUBLE' || opts.quote) text = JSON.stringify(value);
  else text = yamlScalar(value);
  return { start: span[0], end: span[1], newText: text };
}

/** Turns a scalar value into a block sequence holding it and more items (`tmpfs: /run` → list). */
export function scalarToSeq(file: YamlFile, parentMap: YAMLMap, node: Scalar, extra: YamlValue[]): Edit {
  const span = nodeSpan(node as unknown as YNode)!;
  const original = file.text.slice(span[0], span[1]);
  if (parentMap.flow) return { start: span[0], end: span[1], newText: `[${[original, ...extra.map((x) => render(x, 0, file, true))].join(', ')}]` };
  const col = mapColumn(file, parentMap);
  // Replace from just after `key:` so the list starts on its own line.
  let start = span[0];
  while (start > 0 && (file.text[start - 1] === ' ' || file.text[start - 1] === '\t')) start--;
  return { start, end: span[1], newText: render({ seq: [original, ...extra] }, col, file, false) };
}

/** Deletes a key (its whole lines in block style; `key: value` and a comma in flow style). */
export function deletePair(file: YamlFile, map: YAMLMap, pair: Pair): Edit {
  const ks = pairStart(pair);
  const end = pairEnd(pair);
  if (map.flow) return deleteFlowItem(file, map, map.items.indexOf(pair), ks, end);
  if (!onlySpacesBefore(file, ks)) {
    // First key of a `- key: v` item: remove the key text only when others follow.
    const next = map.items[map.items.indexOf(pair) + 1];
    if (next) return { start: ks, end: pairStart(next), newText: '' };
    return { start: ks, end: endOfLastLine(file, end, ks), newText: '{}' };
  }
  return { start: file.lines.lineStartOf(ks), end: file.lines.nextLineStart(endOfLastLine(file, end, ks)), newText: '' };
}

function deleteFlowItem(file: YamlFile, coll: YAMLMap | YAMLSeq, index: number, start: number, end: number): Edit {
  const n = coll.items.length;
  if (n === 1) return { start, end, newText: '' };
  if (index < n - 1) {
    const next = coll.items[index + 1] as YNode | Pair;
    const ns = isScalar(next) || isMap(next) || isSeq(next) ? nodeSpan(next as YNode)![0] : pairStart(next as Pair);
    return { start, end: ns, newText: '' };
  }
  const prev = coll.items[index - 1] as YNode | Pair;
  const pe = isScalar(prev) || isMap(prev) || isSeq(prev) ? nodeSpan(prev as YNode)![1] : pairEnd(prev as Pair);
  return { start: pe, end, newText: '' };
}

/** Deletes one item of a sequence (its whole lines in block style). */
export function deleteItem(file: YamlFile, seq: YAMLSeq, index: number): Edit {
  const item = seq.items[index] as YNode;
  const span = nodeSpan(item)!;
  if (seq.flow) return deleteFlowItem(file, seq, index, span[0], span[1]);
  const tok = seq.srcToken as { items?: { start: { type: string; offset: number }[] }[] } | undefined;
  const ind = tok?.items?.[index]?.start?.find((t) => t.type === 'seq-item-ind');
  const dash = ind ? ind.offset : span[0];
  if (!onlySpacesBefore(file, dash)) {
    return { start: dash, end: endOfLastLine(file, span[1], span[0]), newText: '[]' };
  }
  return { start: file.lines.lineStartOf(dash), end: file.lines.nextLineStart(endOfLastLine(file, span[1], span[0])), newText: '' };
}
