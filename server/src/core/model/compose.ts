/** The Compose view: every service of a document with a top-level `services:` mapping. */
import * as path from 'node:path';
import type { Document } from 'yaml';
import { YamlDoc, YAMLMap, Scalar, Pair, YNode, isMap, isMergePair, isScalar, lookup, Lookup, get, getStr, resolve, rootMap, keyOf, str } from './yaml';

export interface ComposeService {
  name: string;
  /** The service's name key (range for findings about an absence). */
  key: Scalar;
  pair: Pair;
  /** The service's mapping (undefined when the service value is null or not a map). */
  map: YAMLMap | undefined;
  doc: Document.Parsed;
  lookup(key: string): Lookup | undefined;
  get(key: string): YNode | undefined;
  getStr(key: string): string | undefined;
}

export function isComposeDoc(d: YamlDoc): boolean {
  const root = rootMap(d);
  return !!root && isMap(get(root, 'services', d.doc));
}

export function composeServices(d: YamlDoc): ComposeService[] {
  const root = rootMap(d);
  const services = root ? get(root, 'services', d.doc) : undefined;
  if (!isMap(services)) return [];
  // The last pair of each name wins (as in `ownPair`): found in one pass, since a `get` per
  // service would make a file with many services quadratic.
  const last = new Map<string, Pair>();
  for (const pair of services.items) {
    const name = isMergePair(pair) ? undefined : keyOf(pair);
    if (name !== undefined) last.set(name, pair);
  }
  const out: ComposeService[] = [];
  for (const pair of services.items) {
    const name = keyOf(pair);
    if (name === undefined || !isScalar(pair.key)) continue;
    const own = last.get(name);
    const resolved = own ? resolve(own.value, d.doc) : get(services, name, d.doc);
    const map = isMap(resolved) ? resolved : undefined;
    out.push({
      name, key: pair.key as Scalar, pair, map, doc: d.doc,
      lookup: (k) => (map ? lookup(map, k, d.doc) : undefined),
      get: (k) => (map ? get(map, k, d.doc) : undefined),
      getStr: (k) => (map ? getStr(map, k, d.doc) : undefined),
    });
  }
  return out;
}

/** The path of the Dockerfile a service builds from, relative to the compose file's directory, or undefined. */
export function serviceDockerfile(s: ComposeService, composePath: string): string | undefined {
  const build = s.get('build');
  const dir = path.dirname(composePath);
  let context: string | undefined, dockerfile = 'Dockerfile';
  if (isScalar(build)) context = str(build);
  else if (isMap(build)) {
    context = getStr(build, 'context', s.doc) ?? '.';
    if (getStr(build, 'dockerfile_inline', s.doc) !== undefined) return undefined;
    dockerfile = getStr(build, 'dockerfile', s.doc) ?? 'Dockerfile';
  } else return undefined;
  if (context === undefined || /^[a-z]+:\/\//i.test(context) || context.includes('${') || dockerfile.includes('${')) return undefined;
  if (/^(git@|github\.com)/.test(context)) return undefined;
  return path.resolve(dir, context, dockerfile);
}
