/**
 * The YAML model: one parse per text (CST kept, one LineCounter), every document of a `---`
 * stream, and read helpers that resolve aliases and merge keys (`<<: *a`, `<<: [*a, *b]`)
 * without ever expanding them for writing.
 */
import { Document, LineCounter, parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YNode } from 'yaml';
import { LineIndex, detectEol } from '../text';

export type { YNode };
export { isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq };

export interface YamlDoc {
  doc: Document.Parsed;
  index: number;
  /** Offsets of the document in the stream (including its `---` marker and leading comments). */
  start: number;
  end: number;
  /** The document has parse errors: rules skip it. */
  broken: boolean;
}

export interface YamlFile {
  text: string;
  lines: LineIndex;
  eol: '\n' | '\r\n';
  docs: YamlDoc[];
}

/** Parser limits: alias bombs are bounded by `maxAliasCount`. */
const PARSE_OPTIONS = { keepSourceTokens: true, merge: true, uniqueKeys: false, prettyErrors: false, strict: false } as const;

let cache: { text: string; file: YamlFile } | undefined;

/** Parses `text` once; a repeated call with the same text returns the same model. */
export function parseYaml(text: string): YamlFile {
  if (cache && cache.text === text) return cache.file;
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const list: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  let prevEnd = 0;
  const docs: YamlDoc[] = list.map((doc, index) => {
    const end = doc.range ? doc.range[2] : text.length;
    const d: YamlDoc = { doc, index, start: prevEnd, end, broken: doc.errors.length > 0 };
    prevEnd = end;
    return d;
  });
  const file: YamlFile = { text, lines: new LineIndex(text, lineCounter.lineStarts), eol: detectEol(text), docs };
  cache = { text, file };
  return file;
}

/** Resolves an alias to its anchored node (undefined for a missing anchor). */
export function resolve(node: unknown, doc: Document.Parsed): YNode | undefined {
  let n = node as YNode | undefined;
  for (let i = 0; i < 20 && n && isAlias(n); i++) {
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

/** The map's own pair for `key` (no merges). The last one wins, as in the YAML data model. */
export function ownPair(map: YAMLMap, key: string): Pair<Scalar, YNode | null> | undefined {
  let found: Pair<Scalar, YNode | null> | undefined;
  for (const p of map.items) if (!isMergePair(p) && keyOf(p) === key) found = p as Pair<Scalar, YNode | null>;
  return found;
}

export interface Lookup {
  pair: Pair<Scalar, YNode | null>;
  /** The value, aliases resolved. */
  value: YNode | undefined;
  /** The pair is written in this map (not inherited through a merge key). */
  own: boolean;
}

/** Reads `key` from `map`, resolving aliases and merge keys (own keys win; earlier merges win). */
export function lookup(map: YAMLMap, key: string, doc: Document.Parsed, depth = 0): Lookup | undefined {
  const own = ownPair(map, key);
  if (own) return { pair: own, value: resolve(own.value, doc), own: true };
  if (depth > 10) return undefined;
  for (const p of map.items) {
    if (!isMergePair(p)) continue;
    const v = resolve(p.value, doc);
    const sources = isSeq(v) ? v.items.map((i) => resolve(i, doc)) : [v];
    for (const src of sources) {
      if (isMap(src)) {
        const hit = lookup(src, key, doc, depth + 1);
        if (hit) return { ...hit, own: false };
      }
    }
  }
  return undefined;
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
