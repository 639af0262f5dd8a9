/**
 * The YAML model: every document of a `---` stream, and read helpers that resolve aliases and
 * merge keys (`<<: *a`, `<<: [*a, *b]`) without ever expanding them for writing.
 *
 * Parsing (`parseYaml`): a stream is cut at its `---` lines and each document is parsed on its
 * own (a `Parser` started at the document's offset, so node ranges stay absolute). The documents
 * and the results computed from them (`memo`) are kept per file (`key`, the path) and reused for
 * an identical document text: after a one-character edit only the edited document is parsed
 * again. A document that moved (an edit before it) keeps its memo and is parsed again only when
 * its tree is read. A document that cannot hold a workload or a compose `services:` (`inert`: a
 * column-0 `kind:` naming another kind) is parsed only when its tree is read. Streams with `%`
 * directives, `...` document ends, a byte order mark or lone CR line breaks take one
 * whole-stream parse instead (`parseYamlReference`, also the reference the tests compare with).
 * A lone CR (a CR without LF) is a line break, as the YAML spec, Docker Compose and kubectl read
 * it: the text is parsed with each lone CR as LF (`loneCrAsLf`; same offsets), which the rules
 * and the edits read as `text`. New lines in edits use the file's line break (`eol`, that of
 * its first line break: `\r` in a CR-only file), and text copied into an edit comes from `source`.
 * No CST is kept (no `keepSourceTokens`): edits read indicators from the text.
 */
import { Alias, Composer, Document, Lexer, Parser, parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YNode } from 'yaml';
import { LineIndex, detectEol, hasLoneCr, loneCrAsLf } from '../text';
import type { Eol } from '../text';

export type { YNode };
export { isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq };

/** A document that cannot hold a workload or compose services (see `inertOf`). */
export interface Inert {
  /** It has a column-0 `apiVersion:` too: a Kubernetes object when it parses. */
  kubernetes: boolean;
}

export interface YamlDoc {
  /** The parsed document (on the fast path possibly parsed on first read). */
  doc: Document.Parsed;
  index: number;
  /** Offsets of the document in the stream (including its `---` marker and leading comments). */
  start: number;
  end: number;
  /** The document has parse errors: rules skip it. */
  broken: boolean;
  /** Set when the document cannot hold a workload or a compose `services:` (no rule applies to it). */
  inert?: Inert;
  /** The `---` segment that holds the document (fast path only). */
  segment?: Segment;
}

/** A `---` segment of a stream (fast path): the text from one `---` line to the next. */
export interface Segment {
  start: number;
  end: number;
  /**
   * Results computed from the segment's text, shared by every parse of a text that holds the same
   * segment text, at any offset (so offsets in them are relative to `start`).
   */
  memo: Map<string, unknown>;
}

export interface YamlFile {
  /** The text as parsed: `source` with every lone CR read as LF (the same offsets). */
  text: string;
  /** The text as given: copy from here into an edit (it keeps the file's lone CRs). */
  source: string;
  lines: LineIndex;
  eol: Eol;
  docs: YamlDoc[];
  /** The `---` segments covering the whole text (fast path only). */
  segments?: Segment[];
}

/** Parser limits: alias bombs are bounded by `maxAliasCount`. */
const PARSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** How many documents of a text (one document, or a few) do not parse: a check of an edited text, no cache. */
export function brokenDocCount(source: string): number {
  const parsed = parseAllDocuments(loneCrAsLf(source), PARSE_OPTIONS);
  return Array.isArray(parsed) ? parsed.filter((d) => d.errors.length > 0).length : 1;
}

/** One whole-stream parse: the straightforward path (no per-document parsing, no cache). */
export function parseYamlReference(source: string): YamlFile {
  const text = loneCrAsLf(source);
  const parsed = parseAllDocuments(text, PARSE_OPTIONS);
  const list: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  let prevEnd = 0;
  const docs: YamlDoc[] = list.map((doc, index) => {
    const end = doc.range ? doc.range[2] : text.length;
    const d: YamlDoc = { doc, index, start: prevEnd, end, broken: doc.errors.length > 0 };
    prevEnd = end;
    return d;
  });
  return { text, source, lines: new LineIndex(text), eol: detectEol(source), docs };
}

// ---------------------------------------------------------------------------------------------
// The per-document fast path

interface Part {
  /** Offset the trees in `docs` were parsed at (their ranges are absolute). */
  start: number;
  docs?: Document.Parsed[];
  /** Invariant under moves, known once parsed: end offset relative to the start, broken. */
  ends?: number[];
  broken?: boolean[];
  /**
   * A quoted scalar is not closed: the whole-stream lexer reads on past the next `---` line (to
   * the next quote or the end of the stream), so a stream with this part before another takes
   * the whole-stream parse.
   */
  unclosed?: boolean;
  inert: Inert | undefined;
  memo: Map<string, unknown>;
}

interface Slot { text: string; file: YamlFile; parts: Map<string, Part> }

/** Parsed files by key (most recently used last), while their texts total at most this many UTF-16 units. */
const CACHE_UNITS = 4 * 1024 * 1024;
const slots = new Map<string, Slot>();

/**
 * Parses `text`; a repeated call with the same text returns the same model. `key` names the
 * file (its path): documents of the previous text with that key are reused.
 */
export function parseYaml(text: string, key = ''): YamlFile {
  for (const [k, s] of slots) {
    if (s.text !== text) continue;
    // Most recently used last; a text parsed without a key goes to the file that asks for it.
    const to = k === '' && key !== '' ? key : k;
    slots.delete(k);
    slots.delete(to);
    slots.set(to, s);
    return s.file;
  }
  const prev = slots.get(key);
  slots.delete(key);
  const parts = new Map<string, Part>();
  const file = parseSegments(text, prev?.parts, parts) ?? parseYamlReference(text);
  slots.set(key, { text, file, parts });
  let units = 0;
  for (const s of slots.values()) units += s.text.length;
  for (const [k, s] of slots) {
    if (units <= CACHE_UNITS || k === key) break;
    slots.delete(k);
    units -= s.text.length;
  }
  return file;
}

/** Drops what `parseYaml` keeps for `key` (the editor closed the file). */
export function forgetYaml(key: string): void {
  slots.delete(key);
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);

/**
 * Where the documents of a stream start: 0 and every `---` marker at the start of a line.
 * Undefined when the stream needs the whole-stream parse: `%` directives (they apply to the
 * documents after them), `...` document end markers, a byte order mark, a lone CR.
 */
export function segmentStarts(text: string): number[] | undefined {
  if (text.includes('\uFEFF')) return undefined;
  if (hasLoneCr(text)) return undefined;
  if (text.startsWith('%') || text.includes('\n%')) return undefined;
  const marker = (at: number, m: string): boolean => text.startsWith(m, at) && isBlank(text.charCodeAt(at + 3));
  if (marker(0, '...')) return undefined;
  for (let i = text.indexOf('\n...'); i >= 0; i = text.indexOf('\n...', i + 1)) if (marker(i + 1, '...')) return undefined;
  const starts = [0];
  for (let i = text.indexOf('\n---'); i >= 0; i = text.indexOf('\n---', i + 1)) if (marker(i + 1, '---')) starts.push(i + 1);
  return starts;
}

/** Kinds whose documents the rules read (workloads, and `List`, which may hold some). */
/** The workload kinds of model/k8s.ts (POD_SPEC_PATHS) and lists (`List`, `DeploymentList` …), whose items may be workloads. */
const RULED_KINDS = new Set(['Pod', 'PodTemplate', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DeploymentConfig', 'Rollout', 'List']);
const PLAIN_KEY = /^[A-Za-z_][\w./-]*:(?=[ \t\r\n]|$)/;
const KIND_VALUE = /^[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]*(?:#.*)?\r?$/;
const API_VALUE = /^[ \t]+[A-Za-z0-9"'./]/;
const MARKER_LINE = /^---[ \t]*(?:#.*)?\r?$/;
const DIRECTIVE_WORDS = /container-signals-|hadolint|checkov/i;

/**
 * Can this document (one `---` segment) be skipped by the rules without parsing it? Only a plain
 * shape qualifies: every line at column 0 is blank, a comment, the `---` marker (alone) or a plain
 * `key:`, with no `services` key and exactly one `kind:` whose value is a plain word that is no
 * workload kind. Whatever such a text parses to, its root's `kind` is that word (a continuation
 * line would add a space): no workload, no compose file. Documents with suppression comments
 * are parsed as usual (their comments' scopes depend on the document's exact range).
 */
export function inertOf(seg: string): Inert | undefined {
  let kind = 0, api = 0, ruled = false;
  for (let at = 0; at < seg.length; ) {
    let nl = seg.indexOf('\n', at);
    if (nl < 0) nl = seg.length;
    const c = seg.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 35 /* # */) {
      const line = seg.slice(at, nl);
      // A segment after the first starts with its `---` line; the first may too.
      if (at === 0 && line.startsWith('---')) { if (!MARKER_LINE.test(line)) return undefined; }
      else {
        const m = PLAIN_KEY.exec(line);
        if (!m) return undefined;
        const key = m[0].slice(0, -1);
        if (key === 'services') return undefined;
        if (key === 'kind') {
          const v = KIND_VALUE.exec(line.slice(m[0].length));
          if (!v || ++kind > 1) return undefined;
          ruled = RULED_KINDS.has(v[1]) || v[1].endsWith('List');
        } else if (key === 'apiVersion') {
          if (!API_VALUE.test(line.slice(m[0].length)) || ++api > 1) return undefined;
        }
      }
    }
    at = nl + 1;
  }
  if (kind !== 1 || ruled || DIRECTIVE_WORDS.test(seg) || !quotesClosed(seg)) return undefined;
  return { kubernetes: api === 1 };
}

/** Where a quoted scalar may open: at the start of a line or after a blank, a flow indicator or a colon. */
const QUOTE_OPEN = /(?:^|[ \t[{,:])(["'])/g;

/**
 * Every quote that may open a quoted scalar is closed on its own line (an unclosed one would make
 * the whole-stream lexer read past the next `---`: such a document is parsed, see `unclosed`).
 */
function quotesClosed(seg: string): boolean {
  if (!seg.includes('"') && !seg.includes("'")) return true;
  for (const line of seg.split('\n')) {
    if (!line.includes('"') && !line.includes("'")) continue;
    QUOTE_OPEN.lastIndex = 0;
    for (let m = QUOTE_OPEN.exec(line); m; m = QUOTE_OPEN.exec(line)) {
      let i = m.index + m[0].length;
      if (m[1] === '"') { while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1; }
      else { while (i < line.length && (line[i] !== "'" || line[i + 1] === "'")) i += line[i] === "'" ? 2 : 1; }
      if (i >= line.length) return false;
      QUOTE_OPEN.lastIndex = i + 1;
    }
  }
  return true;
}

/** Parses one segment with absolute offsets. The text is copied so the trees do not keep the whole stream alive. */
function parseSegment(text: string, start: number, end: number): Document.Parsed[] {
  const source = (' ' + text.slice(start, end)).slice(1);
  const parser = new Parser();
  parser.offset = start;
  return Array.from(new Composer(PARSE_OPTIONS).compose(parser.parse(source), false, end)) as Document.Parsed[];
}

function storeParse(part: Part, docs: Document.Parsed[], start: number, end: number, text: string): void {
  part.docs = docs;
  part.start = start;
  part.ends = docs.map((d) => (d.range ? d.range[2] : end) - start);
  part.broken = docs.map((d) => d.errors.length > 0);
  // Only a broken document can hold an unclosed quote.
  part.unclosed = part.broken.includes(true) && !markerFollows(text.slice(start, end));
}

/** Lexemes that stand for no source text (document, flow end, scalar). */
const CONTROL = new Set(['\x02', '\x18', '\x1f']);

/** Does the lexer read a `---` line after this text as a document start (not as part of a scalar)? */
function markerFollows(source: string): boolean {
  let at = 0;
  for (const lexeme of new Lexer().lex(source + '---\n')) {
    if (CONTROL.has(lexeme)) continue;
    if (at === source.length) return lexeme === '---';
    at += lexeme.length;
    if (at > source.length) return false;
  }
  return false;
}

/** A document of the fast path: its tree is parsed on first read when it was not parsed yet. */
class SegmentDoc implements YamlDoc {
  private tree: Document.Parsed | undefined;
  constructor(
    private readonly part: Part, private readonly text: string, readonly segment: Segment, private readonly at: number,
    readonly index: number, readonly start: number, readonly end: number,
  ) {
    if (part.docs && part.start === segment.start) this.tree = part.docs[at];
  }
  get doc(): Document.Parsed {
    if (!this.tree) {
      const { start, end } = this.segment;
      let docs = this.part.docs && this.part.start === start ? this.part.docs : undefined;
      if (!docs) {
        docs = parseSegment(this.text, start, end);
        // Kept unless the part has moved on to a newer text (then this model is an old one).
        if (this.part.start === start) storeParse(this.part, docs, start, end, this.text);
      }
      this.tree = docs[this.at] ?? (new Document(null, PARSE_OPTIONS) as unknown as Document.Parsed);
    }
    return this.tree;
  }
  get broken(): boolean {
    return this.part.broken?.[this.at] ?? this.doc.errors.length > 0;
  }
  get inert(): Inert | undefined { return this.part.inert; }
}

function parseSegments(text: string, prevParts: Map<string, Part> | undefined, parts: Map<string, Part>): YamlFile | undefined {
  const starts = segmentStarts(text);
  if (!starts) return undefined;
  const docs: YamlDoc[] = [];
  const segments: Segment[] = [];
  let prevEnd = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i], e = i + 1 < starts.length ? starts[i + 1] : text.length;
    const key = text.slice(s, e);
    let part = parts.has(key) ? undefined : prevParts?.get(key);
    if (!part) part = { start: s, inert: inertOf(key), memo: new Map() };
    // A repeated segment text gets its own part (not cached).
    if (!parts.has(key)) parts.set(key, part);
    // A moved part drops its trees (their offsets are the old ones): parsed again when read.
    if (part.start !== s) { part.docs = undefined; part.start = s; }
    const seg: Segment = { start: s, end: e, memo: part.memo };
    segments.push(seg);
    if (part.unclosed && i + 1 < starts.length) return undefined;
    if (part.inert) {
      // Not parsed now; its end is the segment's (no suppression comment can tell the difference).
      docs.push(new SegmentDoc(part, text, seg, 0, docs.length, prevEnd, e));
      prevEnd = e;
      continue;
    }
    if (!part.ends) storeParse(part, parseSegment(text, s, e), s, e, text);
    if (part.unclosed && i + 1 < starts.length) return undefined;
    for (let k = 0; k < part.ends!.length; k++) {
      const end = s + part.ends![k];
      docs.push(new SegmentDoc(part, text, seg, k, docs.length, prevEnd, end));
      prevEnd = end;
    }
  }
  // No document at all (blank or comments only): the whole-stream parse makes its empty document.
  if (!docs.length) return undefined;
  return { text, source: text, lines: new LineIndex(text), eol: detectEol(text), docs, segments };
}

/**
 * Each alias of a document → the node it refers to: the last node anchored with its name before
 * it in document order (what `Alias.resolve` finds, but that walks the whole document on every
 * call: quadratic on files with thousands of aliases). Built in one walk, once per document.
 */
const aliasTargets = new WeakMap<Document.Parsed, Map<unknown, YNode | undefined>>();

function aliasIndex(doc: Document.Parsed): Map<unknown, YNode | undefined> {
  let index = aliasTargets.get(doc);
  if (index) return index;
  const built = new Map<unknown, YNode | undefined>();
  const anchors = new Map<string, YNode>();
  // Pre-order, keys before values: the order of `visit`, written out with `instanceof` (the
  // parser's own classes: a sixth of the time of `visit`).
  const walk = (node: unknown): void => {
    if (node instanceof Scalar) { if (node.anchor) anchors.set(node.anchor, node as YNode); return; }
    if (node instanceof YAMLMap || node instanceof YAMLSeq) {
      if (node.anchor) anchors.set(node.anchor, node as YNode);
      // Pairs in maps, and in flow sequences (`[a: b]`).
      for (const item of node.items as unknown[]) { if (item instanceof Pair) { walk(item.key); walk(item.value); } else walk(item); }
      return;
    }
    if (node instanceof Alias) built.set(node, anchors.get(node.source));
  };
  walk(doc.contents);
  index = built;
  aliasTargets.set(doc, index);
  return index;
}

/** Resolves an alias to its anchored node (undefined for a missing anchor). */
export function resolve(node: unknown, doc: Document.Parsed): YNode | undefined {
  let n = node as YNode | undefined;
  for (let i = 0; i < 20 && n && isAlias(n); i++) {
    const index = aliasIndex(doc);
    if (index.has(n)) { n = index.get(n); continue; }
    // Not an alias of this document's tree: ask the alias itself.
    try { n = n.resolve(doc) as YNode | undefined; } catch { return undefined; }
  }
  return n ?? undefined;
}

export function isMergePair(p: Pair): boolean {
  const k = p.key as unknown;
  return isScalar(k) && (typeof k.value === 'symbol' || k.source === '<<');
}

export function keyOf(p: Pair): string | undefined {
  const k = p.key as unknown;
  if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
  return undefined;
}

interface MapIndex { items: unknown[]; length: number; own: Map<string, Pair>; merges: Pair[] }

/** A map's own pairs by key (the last of a key wins) and its merge pairs: built once per map (the rules look keys up many times). */
const mapIndexes = new WeakMap<YAMLMap, MapIndex>();

function mapIndex(map: YAMLMap): MapIndex {
  let x = mapIndexes.get(map);
  // Trees are not edited in place; a changed item list gets a new index all the same.
  if (x && x.items === map.items && x.length === map.items.length) return x;
  const own = new Map<string, Pair>();
  const merges: Pair[] = [];
  for (const p of map.items) {
    if (isMergePair(p)) { merges.push(p); continue; }
    const k = keyOf(p);
    if (k !== undefined) own.set(k, p);
  }
  x = { items: map.items, length: map.items.length, own, merges };
  mapIndexes.set(map, x);
  return x;
}

/** The map's own pair for `key` (no merges). The last one wins, as in the YAML data model. */
export function ownPair(map: YAMLMap, key: string): Pair<Scalar, YNode | null> | undefined {
  return mapIndex(map).own.get(key) as Pair<Scalar, YNode | null> | undefined;
}

export interface Lookup {
  pair: Pair<Scalar, YNode | null>;
  /** The value, aliases resolved. */
  value: YNode | undefined;
  /** The pair is written in this map (not inherited through a merge key). */
  own: boolean;
}

/** How deep merge keys are followed (`<<: *a` where `a` itself merges …). */
const MAX_MERGE_DEPTH = 10;

/**
 * Reads `key` from `map`, resolving aliases and merge keys (own keys win; earlier merges win).
 * A map reached again through another merge path is not searched again (it had no `key` the
 * first time), so merge-key alias bombs (`<<: [*a, *a, …]` on every level) cost linear time.
 */
export function lookup(map: YAMLMap, key: string, doc: Document.Parsed, depth = 0, seen?: Map<YAMLMap, number>): Lookup | undefined {
  const index = mapIndex(map);
  const own = index.own.get(key) as Pair<Scalar, YNode | null> | undefined;
  if (own) return { pair: own, value: resolve(own.value, doc), own: true };
  if (depth > MAX_MERGE_DEPTH) return undefined;
  for (const p of index.merges) {
    const v = resolve(p.value, doc);
    if (!isSeq(v)) {
      const hit = mergedLookup(map, v, key, doc, depth, seen ??= new Map([[map, depth]]));
      if (hit) return hit;
      continue;
    }
    for (const item of v.items) {
      const hit = mergedLookup(map, resolve(item, doc), key, doc, depth, seen ??= new Map([[map, depth]]));
      if (hit) return hit;
    }
  }
  return undefined;
}

/** `key` in `src`, a map merged into `map` (at `depth`), as an inherited pair. */
function mergedLookup(map: YAMLMap, src: YNode | undefined, key: string, doc: Document.Parsed, depth: number, seen: Map<YAMLMap, number>): Lookup | undefined {
  if (!isMap(src)) return undefined;
  const index = mapIndex(src);
  // A map with no merge keys of its own (the usual anchor): its own pairs are all there is.
  if (!index.merges.length) {
    const own = index.own.get(key) as Pair<Scalar, YNode | null> | undefined;
    return own ? { pair: own, value: resolve(own.value, doc), own: false } : undefined;
  }
  // Searched already from this depth or a shallower one: nothing new to find there.
  const at = seen.get(src);
  if (at !== undefined && at <= depth + 1) return undefined;
  seen.set(src, depth + 1);
  const hit = lookup(src, key, doc, depth + 1, seen);
  return hit ? { ...hit, own: false } : undefined;
}

/** Resolved value of `key`, or undefined. */
export function get(map: YAMLMap | undefined, key: string, doc: Document.Parsed): YNode | undefined {
  return map ? lookup(map, key, doc)?.value : undefined;
}

export function getMap(map: YAMLMap | undefined, key: string, doc: Document.Parsed): YAMLMap | undefined {
  const v = get(map, key, doc);
  return isMap(v) ? v : undefined;
}

export function getSeq(map: YAMLMap | undefined, key: string, doc: Document.Parsed): YAMLSeq | undefined {
  const v = get(map, key, doc);
  return isSeq(v) ? v : undefined;
}

/** Scalar value as a string (numbers and booleans stringified), undefined for non-scalars and null. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'symbol' ? undefined : String(node.value);
}

export function getStr(map: YAMLMap | undefined, key: string, doc: Document.Parsed): string | undefined {
  return str(get(map, key, doc));
}

/** A boolean, accepting YAML 1.1 spellings that Compose accepts (`true`, `"true"`, `yes`). */
export function bool(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  const s = String(node.value).toLowerCase();
  if (['true', 'yes', 'on', 'y'].includes(s)) return true;
  if (['false', 'no', 'off', 'n'].includes(s)) return false;
  return undefined;
}

/** Items of a sequence with aliases resolved, paired with their written node. */
export function seqItems(seq: YAMLSeq | undefined, doc: Document.Parsed): { item: YNode; value: YNode | undefined }[] {
  if (!seq) return [];
  return seq.items.map((item) => ({ item: item as YNode, value: resolve(item, doc) }));
}

/** [start, end] offsets of a node's value (without trailing comment), or of a pair (key start → value end). */
export function nodeSpan(node: YNode | Pair | null | undefined): [number, number] | undefined {
  if (!node) return undefined;
  if (isPair(node)) {
    const k = nodeSpan(node.key as YNode), v = nodeSpan(node.value as YNode);
    if (!k) return v;
    return [k[0], v ? Math.max(v[1], k[1]) : k[1]];
  }
  const r = (node as { range?: [number, number, number] | null }).range;
  return r ? [r[0], r[1]] : undefined;
}

/** Top-level mapping of a document, or undefined. */
export function rootMap(d: YamlDoc): YAMLMap | undefined {
  return isMap(d.doc.contents) ? d.doc.contents : undefined;
}
