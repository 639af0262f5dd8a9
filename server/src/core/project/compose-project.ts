/**
 * The Compose project of a compose file, as `docker compose` merges it (pure: every other file is
 * read through the `WorkspaceReader`):
 *
 * - with no `-f`, Compose reads the first of `compose.yaml`, `compose.yml`, `docker-compose.yml`,
 *   `docker-compose.yaml` in the folder, then the first of `compose.override.yml`,
 *   `compose.override.yaml`, `docker-compose.override.yml`, `docker-compose.override.yaml`
 *   (compose-go cli/options.go `DefaultFileNames`, `DefaultOverrideFileNames`): later files win;
 * - `.container-signals.yaml` `compose: {projects: [[compose.yaml, compose.prod.yaml]]}` names
 *   other file sets (a file listed there is judged in the first listed set that holds it);
 * - `include:` (a path, or `{path, project_directory, env_file}` where `path` may be a list whose
 *   later files override the earlier ones) brings the included files' services in before the
 *   including file's;
 * - a file that is in no such set of its folder may be included by a default compose file of its
 *   own folder or the two above: then it is judged in that project.
 *
 * Other file sets (`compose.prod.yaml`, or a `docker-compose.yml` next to a `compose.yaml`, which
 * Compose does not read by default) are judged alone. `extends:` is followed per file by the rules
 * (compose/util.ts `serviceLayers`).
 */
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { WorkspaceReader } from '../types';
import { LineIndex } from '../text';
import { YAMLMap, Scalar, isMap, isScalar, isSeq, get, keyOf, isMergePair, resolve, str } from '../model/yaml';

export const COMPOSE_FILE_NAMES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_FILE_NAMES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Files of one project at most (include chains stop there). */
const MAX_FILES = 32;
const MAX_INCLUDE_DEPTH = 5;
/** Folders above a file where a default compose file that includes it is looked for. */
const INCLUDER_LEVELS = 2;

const PARSE = { merge: true, uniqueKeys: false, strict: false, prettyErrors: false } as const;

/** A service of another file of the project. */
export interface ProjectService { name: string; key: Scalar; map: YAMLMap | undefined; doc: Document.Parsed }

/** One file of a project other than the linted one. */
export interface ProjectFile {
  path: string;
  text: string;
  /** Its services by name (the last pair of a name wins, as in Compose). */
  services: Map<string, ProjectService>;
  /** Its top-level `include:` entries: each entry's files, absolute, in merge order. */
  includes: string[][];
  lines(): LineIndex;
}

export interface ComposeProject {
  /** How the set was formed. */
  how: 'default' | 'config' | 'include';
  /** The project's files in merge order (later files win); the linted file is `order[self]`. */
  order: string[];
  self: number;
  /** The other files, read and parsed. */
  files: Map<string, ProjectFile>;
  /** Changes when any file of the project other than the linted one changes (a memo key). */
  key: string;
}

/** A file read and parsed for a project; undefined when it cannot be read or is not YAML with a mapping. */
export function readProjectFile(absPath: string, reader: WorkspaceReader): ProjectFile | undefined {
  let text = reader.readFile(absPath);
  if (text === undefined) return undefined;
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let docs: Document.Parsed[] = [];
  try { const d = parseAllDocuments(text, PARSE); docs = Array.isArray(d) ? d : []; } catch { docs = []; }
  const services = new Map<string, ProjectService>();
  const includes: string[][] = [];
  const dir = path.dirname(absPath);
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    const root = doc.contents;
    const s = get(root, 'services', doc);
    if (isMap(s)) {
      for (const pair of s.items) {
        const name = isMergePair(pair) ? undefined : keyOf(pair);
        if (name === undefined || !isScalar(pair.key)) continue;
        const v = resolve(pair.value, doc);
        services.set(name, { name, key: pair.key, map: isMap(v) ? v : undefined, doc });
      }
    }
    includes.push(...includeEntries(root, doc, dir));
    break; // Compose reads the first document
  }
  let lines: LineIndex | undefined;
  return { path: absPath, text, services, includes, lines: () => (lines ??= new LineIndex(text!)) };
}

/** The `include:` entries of a compose file's root mapping: each entry's files (absolute), in merge order. */
export function includeEntries(root: YAMLMap, doc: Document.Parsed, dir: string): string[][] {
  const out: string[][] = [];
  const inc = get(root, 'include', doc);
  if (!isSeq(inc)) return out;
  for (const item of inc.items) {
    const v = resolve(item, doc);
    const p = isScalar(v) ? v : isMap(v) ? resolve(get(v, 'path', doc), doc) : undefined;
    const list = isScalar(p) ? [str(p)] : isSeq(p) ? p.items.map((x) => str(resolve(x, doc))) : [];
    const files = list.filter((x): x is string => !!x && !x.includes('$') && !/^[a-z]+:\/\/|^git@/i.test(x)).map((x) => path.resolve(dir, x));
    if (files.length) out.push(files);
  }
  return out;
}

/**
 * The files `docker compose` reads in `dir` with no `-f` (the first base name that exists, then
 * the first override name), in merge order: for readers of a folder's compose files other than
 * a lint of one of them (the Dockerfile's consumers, the image a manifest names).
 */
export function defaultComposeFiles(dir: string, reader: WorkspaceReader): string[] {
  return defaultFiles(dir, '', reader, new Map());
}

/** Does the file exist (the linted file does, whatever the reader says)? */
const exists = (p: string, self: string, reader: WorkspaceReader, cache: Map<string, ProjectFile | undefined>): boolean => p === self || load(p, reader, cache) !== undefined;

function load(p: string, reader: WorkspaceReader, cache: Map<string, ProjectFile | undefined>): ProjectFile | undefined {
  if (!cache.has(p)) cache.set(p, readProjectFile(p, reader));
  return cache.get(p);
}

/** The files `docker compose` reads in `dir` with no `-f`: the first base name that exists, then the first override name. */
function defaultFiles(dir: string, self: string, reader: WorkspaceReader, cache: Map<string, ProjectFile | undefined>): string[] {
  const base = COMPOSE_FILE_NAMES.map((n) => path.join(dir, n)).find((p) => exists(p, self, reader, cache));
  if (!base) return [];
  const over = OVERRIDE_FILE_NAMES.map((n) => path.join(dir, n)).find((p) => exists(p, self, reader, cache));
  return over ? [base, over] : [base];
}

/**
 * The project of the compose file at `absPath` (its text is the caller's; only the other files
 * are read), or undefined when it is judged alone. `configProjects`: the `compose.projects` sets
 * of the configuration, absolute paths.
 */
export function composeProject(absPath: string, reader: WorkspaceReader | undefined, configProjects: readonly (readonly string[])[] | undefined, selfIncludes: readonly string[][]): ComposeProject | undefined {
  if (!reader) return undefined;
  const self = path.resolve(absPath);
  const cache = new Map<string, ProjectFile | undefined>();
  // The linted file's text is the caller's (an editor buffer may differ from the disk): never read.
  cache.set(self, { path: self, text: '', services: new Map(), includes: selfIncludes.map((e) => [...e]), lines: () => new LineIndex('') });
  const configured = configProjects?.find((set) => set.some((p) => path.resolve(p) === self));
  let roots: string[] | undefined, how: ComposeProject['how'] = 'default';
  if (configured) { roots = configured.map((p) => path.resolve(p)); how = 'config'; }
  else {
    const dir = path.dirname(self);
    const defaults = defaultFiles(dir, self, reader, cache);
    if (defaults.includes(self)) roots = defaults;
    // A file no default set of its folder holds (or the base alone) may be included from above.
    if (!roots || roots.length === 1) {
      const includer = findIncluder(self, reader, cache);
      if (includer) { roots = includer; how = 'include'; }
    }
  }
  roots ??= [self];
  const order: string[] = [];
  const visit = (p: string, depth: number) => {
    if (order.includes(p) || order.length >= MAX_FILES) return;
    const f = load(p, reader, cache);
    if (!f) return;
    if (depth < MAX_INCLUDE_DEPTH) for (const entry of f.includes) for (const q of entry) visit(q, depth + 1);
    order.push(p);
  };
  for (const r of roots) visit(r, 0);
  const at = order.indexOf(self);
  if (at < 0 || order.length < 2) return undefined;
  const files = new Map<string, ProjectFile>();
  for (const p of order) { const f = p !== self ? cache.get(p) : undefined; if (f) files.set(p, f); }
  const key = order.map((p) => (p === self ? '<self>' : `${p}:${hash(files.get(p)?.text ?? '')}`)).join('|');
  return { how, order, self: at, files, key };
}

/** The default file set of a folder at or above the file whose include tree holds it, if any. */
function findIncluder(self: string, reader: WorkspaceReader, cache: Map<string, ProjectFile | undefined>): string[] | undefined {
  let dir = path.dirname(self);
  for (let level = 0; level <= INCLUDER_LEVELS; level++) {
    const defaults = defaultFiles(dir, self, reader, cache).filter((p) => p !== self);
    for (const root of defaults) if (includes(root, self, reader, cache, 0, new Set())) return defaultFiles(dir, self, reader, cache);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function includes(from: string, target: string, reader: WorkspaceReader, cache: Map<string, ProjectFile | undefined>, depth: number, seen: Set<string>): boolean {
  if (depth > MAX_INCLUDE_DEPTH || seen.has(from)) return false;
  seen.add(from);
  const f = load(from, reader, cache);
  if (!f) return false;
  for (const entry of f.includes) for (const p of entry) if (p === target || includes(p, target, reader, cache, depth + 1, seen)) return true;
  return false;
}

/** FNV-1a of a text (a memo key, not security). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0).toString(36) + s.length.toString(36);
}

/** Where a service of the linted file stands in its project. */
export interface ServiceInProject {
  /** An earlier file of the project defines the service: this file only overrides part of it (never judged alone). */
  partialOf?: string;
  /** The later files that define it too, last (winning) first. */
  overlays: { file: ProjectFile; service: ProjectService }[];
}

export function serviceInProject(project: ComposeProject, name: string): ServiceInProject {
  const out: ServiceInProject = { overlays: [] };
  for (let i = 0; i < project.order.length; i++) {
    if (i === project.self) continue;
    const f = project.files.get(project.order[i]);
    const s = f?.services.get(name);
    if (!f || !s) continue;
    if (i < project.self) out.partialOf ??= f.path;
    else out.overlays.unshift({ file: f, service: s });
  }
  return out;
}
