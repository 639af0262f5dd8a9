/**
 * Minimal YAML text edits computed from node ranges and the text (no CST is kept): never re-serialise a
 * document. Keeps comments, key order, quoting, indentation width, flow vs block style, CRLF.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, YNode, YamlFile, nodeSpan } from '../model/yaml';

export interface Edit { start: number; end: number; newText: string }

/** A value to write: a scalar's YAML text, a sequence of values, or a mapping of values. */
export type YamlValue = string | { seq: YamlValue[] } | { map: [string, YamlValue][] };

const styleCache = new WeakMap<YamlFile, { step: number; flushSeq: boolean }>();

/** What the style of a text is inferred from: indentation steps after an open key, and `- ` placement. */
export interface StyleCounts { steps: Map<number, number>; flush: number; indented: number }

const WS = /\s/;
/** `/\s/` of a UTF-16 code unit (NaN, past the end: false). */
const isWs = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && WS.test(String.fromCharCode(c)));

/** `/^[^\s#][^:#]*?:(\s|$)/` at offset `x` of a line ending at `e`. */
function keyAt(t: string, x: number, e: number): boolean {
  if (x >= e) return false;
  const c = t.charCodeAt(x);
  if (c === 35 || isWs(c)) return false;
  for (let j = x + 1; j < e; j++) {
    const d = t.charCodeAt(j);
    if (d === 35) return false; // `#`
    if (d === 58) return j + 1 >= e || isWs(t.charCodeAt(j + 1)); // `:`
  }
  return false;
}

const OPEN_KEY_END = /:\s*(#.*)?$/;

/** `OPEN_KEY_END.test(line)`: the line ends with `:` (blanks after it, or a comment); `hash` is the next `#` in the text. */
function openKeyEnd(t: string, ls: number, le: number, hash: number): boolean {
  if (hash >= 0 && hash < le) return OPEN_KEY_END.test(t.slice(ls, le));
  let e = le;
  while (e > ls && isWs(t.charCodeAt(e - 1))) e--;
  return e > ls && t.charCodeAt(e - 1) === 58;
}

/**
 * The style counts of a text, line by line (lines split at `\n`, a CR before it dropped). A key
 * line is `/^( *)(- +)?([^\s#][^:#]*?):(\s|$)/` (its indent: the spaces and the `- `), an open
 * key one that also ends with `:` (`/:\s*(#.*)?$/`); a `- ` line right after an open key counts
 * as flush (same indent) or indented. Written out with char codes: the regexes per line cost
 * four times as much (test/unit/fast-path.test.ts checks the two agree).
 */
export function styleCounts(text: string): StyleCounts {
  const steps = new Map<number, number>();
  let flush = 0, indented = 0;
  let prevKeyIndent = -1, prevIsOpenKey = false;
  let hash = text.indexOf('#'); // the next `#` at or after the line start (-1: none)
  for (let ls = 0; ls <= text.length; ) {
    if (hash >= 0 && hash < ls) hash = text.indexOf('#', ls);
    let nl = text.indexOf('\n', ls);
    if (nl < 0) nl = text.length;
    const le = nl > ls && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let p = ls;
    while (p < le && text.charCodeAt(p) === 32) p++;
    const dashed = p + 1 < le && text.charCodeAt(p) === 45 && text.charCodeAt(p + 1) === 32;
    if (dashed && prevIsOpenKey) {
      const di = p - ls;
      if (di === prevKeyIndent) flush++; else if (di > prevKeyIndent) indented++;
    }
    // The key regex: with `- +` (greedy) first, else without it.
    let indent = -1, afterDash = false;
    if (dashed) {
      let q = p + 1;
      while (q < le && text.charCodeAt(q) === 32) q++;
      if (keyAt(text, q, le)) { indent = q - ls; afterDash = true; }
    }
    if (indent < 0 && keyAt(text, p, le)) indent = p - ls;
    if (indent >= 0) {
      if (prevKeyIndent >= 0 && indent > prevKeyIndent && prevIsOpenKey && !afterDash) {
        const d = indent - prevKeyIndent;
        steps.set(d, (steps.get(d) ?? 0) + 1);
      }
      prevKeyIndent = indent;
      prevIsOpenKey = openKeyEnd(text, ls, le, hash);
    } else if (p < le && !isWs(text.charCodeAt(p))) {
      if (text.charCodeAt(p) !== 35) prevIsOpenKey = false;
    } else {
      const line = text.slice(ls, le).trim();
      if (line && !line.startsWith('#')) prevIsOpenKey = false;
    }
    ls = nl + 1;
  }
  return { steps, flush, indented };
}

let styleReadCount = 0;

/** How many times `fileStyle` was asked (the core tells from it whether fixes depend on the file's style). */
export function styleReads(): number { return styleReadCount; }

/**
 * Indentation width and sequence style (`- ` flush with the parent key or indented) of a file.
 * Counted per `---` segment on the fast path (each segment's counts are kept with it): a segment
 * starts with its `---` line, which resets what the count carries from line to line, so the sum
 * is the count of the whole text.
 */
export function fileStyle(file: YamlFile): { step: number; flushSeq: boolean } {
  styleReadCount++;
  let s = styleCache.get(file);
  if (s) return s;
  let total: StyleCounts;
  if (!file.segments) total = styleCounts(file.text);
  else {
    total = { steps: new Map(), flush: 0, indented: 0 };
    for (const seg of file.segments) {
      let c = seg.memo.get('style') as StyleCounts | undefined;
      if (!c) seg.memo.set('style', (c = styleCounts(file.text.slice(seg.start, seg.end))));
      for (const [d, n] of c.steps) total.steps.set(d, (total.steps.get(d) ?? 0) + n);
      total.flush += c.flush;
      total.indented += c.indented;
    }
  }
  let step = 2, best = 0;
  for (const [d, n] of total.steps) if (n > best && d <= 8) { best = n; step = d; }
  s = { step, flushSeq: total.flush > total.indented };
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

/**
 * Where a pair's text starts: its key, or a tag or an anchor written before the key on its line
 * (`!!str image:`, `&k image:`): the key's own range begins after those.
 */
function pairStart(file: YamlFile, p: Pair): number {
  const span = nodeSpan(p.key as YNode);
  if (!span) return 0;
  // Back over blanks and `&anchor`/`!tag` tokens on the key's line (a flow indicator or any other
  // token ends them): the first of those props starts the pair.
  const text = file.text;
  let start = span[0], at = start;
  for (;;) {
    while (at > 0 && isBlank(text[at - 1])) at--;
    let q = at;
    while (q > 0 && !isBlank(text[q - 1]) && !LINE_OR_FLOW.has(text[q - 1])) q--;
    if (q === at || (text[q] !== '&' && text[q] !== '!')) break;
    start = at = q;
  }
  // An explicit key (`? key`, `- ? key`; found by the fuzz tests): the pair starts at the `?` that
  // opens its line (the range of a compact map written as the key does not even start at its text).
  const ls = text.lastIndexOf('\n', span[0] - 1) + 1;
  const q = /^[ \t]*(?:-[ \t]+)*\?(?=[ \t])/.exec(text.slice(ls, span[0]));
  return q ? Math.min(start, ls + q[0].length - 1) : start;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const LINE_OR_FLOW = new Set(['\n', '\r', '{', '[', ',']);

/**
 * Offset of the `-` of a block sequence item: back from the item's start over blanks, the item's
 * anchor or tag, line breaks and comment lines, but not before `limit` (the sequence's start).
 * Undefined when something else comes first.
 */
function dashBefore(file: YamlFile, from: number, limit: number): number | undefined {
  const text = file.text;
  let p = from;
  let ownLine = true; // a comment cannot sit between the `-` and the item on the item's line
  while (p > limit) {
    const ls = Math.max(text.lastIndexOf('\n', p - 1) + 1, limit);
    let pre = text.slice(ls, p);
    if (!ownLine) { const h = pre.search(/(^|[ \t])#/); if (h >= 0) pre = pre.slice(0, h); }
    pre = pre.replace(/[ \t\r]+$/, '');
    for (let m = PROP_AT_END.exec(pre); m; m = PROP_AT_END.exec(pre)) pre = pre.slice(0, m.index).replace(/[ \t]+$/, '');
    if (pre) {
      const before = pre[pre.length - 2];
      return pre.endsWith('-') && (pre.length === 1 || isBlank(before) || before === '-') ? ls + pre.length - 1 : undefined;
    }
    if (ls <= limit) return undefined;
    p = ls - 1;
    ownLine = false;
  }
  return undefined;
}

const PROP_AT_END = /(^|[ \t])[&!][^ \t]*$/;

/** Column of the keys of a block mapping. */
export function mapColumn(file: YamlFile, map: YAMLMap): number {
  // pairStart: a tag or an anchor before the first key (`!custom build:`, `- &a name: x`) counts.
  const first = map.items[0];
  if (first) return file.lines.column(pairStart(file, first));
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
    const ks = pairStart(file, map.items[0]);
    if (onlySpacesBefore(file, ks)) {
      const ls = file.lines.lineStartOf(ks);
      return { start: ls, end: ls, newText: ' '.repeat(col) + line + file.eol };
    }
    anchor = map.items[0];
  }
  anchor ??= map.items[map.items.length - 1];
  const at = endOfLastLine(file, pairEnd(anchor), pairStart(file, anchor));
  return { start: at, end: at, newText: file.eol + ' '.repeat(col) + line };
}

/** Column of the `-` indicators of a block sequence. */
function dashColumn(file: YamlFile, seq: YAMLSeq): number | undefined {
  // A block sequence's range starts at its first `-`.
  const start = nodeSpan(seq as unknown as YNode)?.[0];
  return start !== undefined && file.text[start] === '-' ? file.lines.column(start) : undefined;
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

/**
 * Turns a scalar value into a block sequence holding it and more items (`tmpfs: /run` → list).
 * Undefined for a block scalar (`key: |`): its lines would have to move as a whole.
 */
export function scalarToSeq(file: YamlFile, parentMap: YAMLMap, node: Scalar, extra: YamlValue[]): Edit | undefined {
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
  const span = nodeSpan(node as unknown as YNode)!;
  const original = file.source.slice(span[0], span[1]);
  if (parentMap.flow) return { start: span[0], end: span[1], newText: `[${[original, ...extra.map((x) => render(x, 0, file, true))].join(', ')}]` };
  const col = mapColumn(file, parentMap);
  // Replace from just after `key:` so the list starts on its own line.
  let start = span[0];
  while (start > 0 && (file.text[start - 1] === ' ' || file.text[start - 1] === '\t')) start--;
  // A plain or quoted scalar written over several lines: its continuation lines must be indented
  // as far as the item's text (the blanks that start them are not part of the value).
  const { step, flushSeq } = fileStyle(file);
  const itemCol = (flushSeq ? col : col + step) + 2;
  const item = original.replace(/(\r\n|\r|\n)[ \t]*(?=[^ \t\r\n])/g, (m, br: string) => (m.length - br.length >= itemCol ? m : br + ' '.repeat(itemCol)));
  return { start, end: span[1], newText: render({ seq: [item, ...extra] }, col, file, false) };
}

/** Deletes a key (its whole lines in block style; `key: value` and a comma in flow style). */
export function deletePair(file: YamlFile, map: YAMLMap, pair: Pair): Edit {
  const ks = pairStart(file, pair);
  const end = pairEnd(pair);
  if (map.flow) return deleteFlowItem(file, map, map.items.indexOf(pair), ks, end);
  if (!onlySpacesBefore(file, ks)) {
    // First key of a `- key: v` item: remove the key text only when others follow.
    const next = map.items[map.items.indexOf(pair) + 1];
    if (next) return { start: ks, end: pairStart(file, next), newText: '' };
    return { start: ks, end: endOfLastLine(file, end, ks), newText: '{}' };
  }
  return { start: file.lines.lineStartOf(ks), end: file.lines.nextLineStart(endOfLastLine(file, end, ks)), newText: '' };
}

function deleteFlowItem(file: YamlFile, coll: YAMLMap | YAMLSeq, index: number, start: number, end: number): Edit {
  const n = coll.items.length;
  if (n === 1) return { start, end, newText: '' };
  if (index < n - 1) {
    const next = coll.items[index + 1] as YNode | Pair;
    const ns = isScalar(next) || isMap(next) || isSeq(next) ? nodeSpan(next as YNode)![0] : pairStart(file, next as Pair);
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
  const dash = dashBefore(file, span[0], nodeSpan(seq as unknown as YNode)?.[0] ?? 0) ?? span[0];
  if (!onlySpacesBefore(file, dash)) {
    return { start: dash, end: endOfLastLine(file, span[1], span[0]), newText: '[]' };
  }
  return { start: file.lines.lineStartOf(dash), end: file.lines.nextLineStart(endOfLastLine(file, span[1], span[0])), newText: '' };
}
