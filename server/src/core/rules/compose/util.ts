/**
 * Helpers shared by the compose rules: `extends` resolution (same file, or another file the
 * workspace can read), the Dockerfile a service builds from, and Compose's string form of
 * `command`/`entrypoint` split into words with source offsets.
 */
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { ComposeContext, Report } from '../../rule';
import type { ComposeService } from '../../model/compose';
import {
  YAMLMap, YNode, Scalar, Lookup, isAlias, isMap, isScalar, isSeq, lookup, get, getStr, str, seqItems, nodeSpan,
} from '../../model/yaml';
import { parseDockerfile, DockerfileModel, Stage, DfInstruction, effective, logicalArgs } from '../../model/dockerfile';
import { pid1, Pid1 } from '../../knowledge';
import { serviceInProject } from '../../project/compose-project';
import { contextScan } from '../../project/handlers';
import type { HandlerScan } from '../../project/handlers';

/** One level of a service's definition: its own map, then the services it `extends`. */
export interface Layer {
  map: YAMLMap;
  doc: Document.Parsed;
  /** The service's own map (fixes may write here, outside merge-key sources). */
  own: boolean;
  /** Absolute path of the file the layer is written in. */
  file: string;
  /** The layer is a service of the linted document (it is checked on its own). */
  sameDoc: boolean;
  /**
   * The layer is another file of the Compose project that Compose merges over the service (an
   * override file), or a service it extends: never report at its offsets (they are another file's).
   */
  overlay?: boolean;
}

const PARSE = { merge: true, uniqueKeys: false, strict: false, prettyErrors: false } as const;
const MAX_EXTENDS = 10;

/** Each service's layers, for the rules of one check of its document (they all ask). */
const layersOf = new WeakMap<ComposeService, readonly Layer[]>();

/** The service's own map followed by the maps it extends (cycles and unreadable files stop the chain). */
export function serviceLayers(ctx: ComposeContext, s: ComposeService): Layer[] {
  // A service object lives for one check of one document (one path, one workspace).
  let layers = layersOf.get(s);
  if (!layers) layersOf.set(s, (layers = computeLayers(ctx, s)));
  return layers as Layer[];
}

function computeLayers(ctx: ComposeContext, s: ComposeService): Layer[] {
  if (!s.map) return [];
  const own: Layer = { map: s.map, doc: s.doc, own: true, file: ctx.path, sameDoc: true };
  // The project's later files that define the service too (an override file), last first: Compose
  // merges them over this file's definition (each with its own `extends`).
  const overlays = ctx.project ? serviceInProject(ctx.project, s.name).overlays : [];
  const layers: Layer[] = [];
  for (const { file, service } of overlays) {
    if (service.map) layers.push(...extendsChain(ctx, { map: service.map, doc: service.doc, own: false, file: file.path, sameDoc: false, overlay: true }));
  }
  layers.push(...extendsChain(ctx, own));
  return layers;
}

/** A layer followed by the maps it `extends` (cycles and unreadable files stop the chain). */
function extendsChain(ctx: ComposeContext, first: Layer): Layer[] {
  const layers: Layer[] = [first];
  const seen = new Set<YAMLMap>([first.map]);
  let cur = first;
  for (let hop = 0; hop < MAX_EXTENDS; hop++) {
    const ext = get(cur.map, 'extends', cur.doc);
    let name: string | undefined, file: string | undefined;
    if (isScalar(ext)) name = str(ext);
    else if (isMap(ext)) { name = getStr(ext, 'service', cur.doc); file = getStr(ext, 'file', cur.doc); }
    if (!name || name.includes('${') || file?.includes('${')) break;
    let next: Layer | undefined;
    if (file === undefined) {
      const m = serviceMap(cur.doc, name);
      if (m) next = { map: m, doc: cur.doc, own: false, file: cur.file, sameDoc: cur.sameDoc, overlay: cur.overlay };
    } else {
      const abs = path.resolve(path.dirname(cur.file), file);
      const text = ctx.workspace?.readFile(abs);
      if (text !== undefined) {
        let docs: Document.Parsed[] = [];
        try { const d = parseAllDocuments(text, PARSE); docs = Array.isArray(d) ? d : []; } catch { docs = []; }
        for (const d of docs) {
          if (d.errors.length) continue;
          const m = serviceMap(d, name);
          if (m) { next = { map: m, doc: d, own: false, file: abs, sameDoc: false, overlay: cur.overlay }; break; }
        }
      }
    }
    if (!next || seen.has(next.map)) break;
    seen.add(next.map);
    layers.push(next);
    cur = next;
  }
  return layers;
}

/** The project's other files that define the service (an override file), for related information. */
export function overlayFiles(layers: Layer[]): string[] {
  return [...new Set(layers.filter((l) => l.overlay).map((l) => l.file))];
}

function serviceMap(doc: Document.Parsed, name: string): YAMLMap | undefined {
  const root = isMap(doc.contents) ? doc.contents : undefined;
  const services = root ? get(root, 'services', doc) : undefined;
  const m = isMap(services) ? get(services, name, doc) : undefined;
  return isMap(m) ? m : undefined;
}

export interface Found {
  lookup: Lookup;
  layer: Layer;
  value: YNode | undefined;
}

/** The first definition of `key` along the service's layers (own keys and merge keys first). */
export function findKey(layers: Layer[], key: string): Found | undefined {
  for (const layer of layers) {
    const l = lookup(layer.map, key, layer.doc);
    if (l) return { lookup: l, layer, value: l.value };
  }
  return undefined;
}

/** Every definition of `key` along the layers (Compose merges sequences such as tmpfs and volumes). */
export function findAll(layers: Layer[], key: string): Found[] {
  const out: Found[] = [];
  for (const layer of layers) {
    const l = lookup(layer.map, key, layer.doc);
    if (l) out.push({ lookup: l, layer, value: l.value });
  }
  return out;
}

/**
 * A value-carrying rule reports a definition once: on the service that writes it. A definition
 * found in another service of this document (through `extends`) is reported there.
 */
export function reportedElsewhere(f: Found): boolean {
  return !f.layer.own && f.layer.sameDoc;
}

// ---------------------------------------------------------------------------------------------
// The image's Dockerfile

export interface BuildInfo {
  /** The Dockerfile's path; for `dockerfile_inline`, the compose file that holds it. */
  path: string;
  model: DockerfileModel;
  stage: Stage | undefined;
  /** `dockerfile_inline`: the model's offsets are in the inline text, written at `at` of the compose file `path`. */
  inline?: { at: [number, number] };
}

/** The Dockerfile a service builds from (through the workspace, or `dockerfile_inline`), with the stage `build.target` selects. */
export function serviceBuild(ctx: ComposeContext, layers: Layer[]): BuildInfo | undefined {
  // Compose merges `build` like any mapping (the short form is `{context: …}`): an override's
  // `build: {target: dev}` keeps the base's context and dockerfile. Each key comes from the first
  // layer (override files first) that writes it.
  const defs = findAll(layers, 'build');
  if (!defs.length) return undefined;
  const pick = (key: 'context' | 'dockerfile' | 'dockerfile_inline' | 'target'): { node: YNode; layer: Layer } | undefined => {
    for (const d of defs) {
      if (isScalar(d.value)) { if (key === 'context') return { node: d.value, layer: d.layer }; continue; }
      if (!isMap(d.value)) continue;
      const node = get(d.value, key, d.layer.doc);
      if (node !== undefined && node !== null) return { node, layer: d.layer };
    }
    return undefined;
  };
  const strOf = (x: { node: YNode } | undefined) => (x && isScalar(x.node) ? str(x.node) : undefined);
  const target = strOf(pick('target'));
  const inlineDef = pick('dockerfile_inline');
  let p: string | undefined, text: string | undefined, inline: BuildInfo['inline'];
  if (inlineDef && isScalar(inlineDef.node) && typeof inlineDef.node.value === 'string') {
    // Compose interpolates the inline text like the rest of the file: `${VAR}` stays unknown here.
    text = inlineDef.node.value;
    p = inlineDef.layer.file;
    const at = nodeSpan(inlineDef.node);
    if (at) inline = { at };
  } else {
    if (!ctx.workspace) return undefined;
    const contextDef = pick('context');
    const context = contextDef ? strOf(contextDef) : '.';
    const dockerfile = strOf(pick('dockerfile')) ?? 'Dockerfile';
    if (context === undefined || /^[a-z]+:\/\//i.test(context) || /^(git@|github\.com)/.test(context) || context.includes('${') || dockerfile.includes('${')) return undefined;
    // Relative paths are resolved against the folder of the file that writes them (the project's folder for overrides beside the base).
    const dir = path.dirname((contextDef ?? defs[0]).layer.file);
    p = path.resolve(dir, context, dockerfile);
    text = ctx.workspace.readFile(p);
  }
  if (p === undefined || text === undefined) return undefined;
  const model = parseDockerfile(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const stage = target !== undefined ? model.stages.find((st) => st.name === target.toLowerCase()) : model.final;
  if (target !== undefined && !stage) return undefined;
  return { path: p, model, stage, inline };
}

/**
 * Related information pointing at an instruction of the service's Dockerfile (for
 * `dockerfile_inline`: at the inline text in the compose file), or undefined when it cannot be placed.
 */
export function dockerfileRelated(ctx: ComposeContext, build: BuildInfo, ins: DfInstruction, message: string): NonNullable<Report['related']>[number] | undefined {
  if (build.inline) {
    // The inline text of this compose file: the whole value (its offsets are not the file's).
    return build.path === ctx.path ? { message, at: build.inline.at } : undefined;
  }
  const a = build.model.lines.positionAt(ins.start), b = build.model.lines.positionAt(ins.end);
  return { message, path: build.path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character };
}

// ---------------------------------------------------------------------------------------------
// command / entrypoint

/** One argv element with where it is written. */
export interface Arg {
  value: string;
  /** The scalar that holds the element (a list item, or the whole string of the string form). */
  node: Scalar;
  /** For the string form: offsets of each value character in the string (see composeWords). */
  word?: Word;
  /** The list item is an alias: its text lives elsewhere (an anchor), never edit it. */
  alias?: boolean;
}

export interface Word {
  value: string;
  /** `map[i]`: offset in the string where value character i is written; `map[value.length]`: word end. */
  map: number[];
  /** Value character i was written inside quotes. */
  quoted: boolean[];
  start: number;
  end: number;
}

/**
 * Compose's string form of `command`/`entrypoint`, split like go-shellwords (what compose-go
 * uses): blanks separate words, '…' is literal, "…" groups, a backslash escapes the next character.
 * Undefined for an unterminated quote or an unquoted `; & | < >`, backtick or `$(` (go-shellwords
 * stops or behaves differently there: we do not guess).
 */
export function composeWords(s: string): Word[] | undefined {
  const words: Word[] = [];
  let cur: Word | undefined;
  let q: '' | "'" | '"' = '';
  const add = (ch: string, at: number, quoted: boolean) => {
    cur ??= { value: '', map: [], quoted: [], start: at, end: at };
    cur.value += ch; cur.map.push(at); cur.quoted.push(quoted);
  };
  const open = (at: number) => { cur ??= { value: '', map: [], quoted: [], start: at, end: at }; };
  const close = (at: number) => { if (cur) { cur.end = at; cur.map.push(at); words.push(cur); cur = undefined; } };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q === "'") { if (c === "'") { q = ''; continue; } add(c, i, true); continue; }
    if (c === '\\') {
      if (i + 1 >= s.length) return undefined;
      add(s[i + 1], i, q === '"');
      i++;
      continue;
    }
    if (q === '"') { if (c === '"') { q = ''; continue; } add(c, i, true); continue; }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { close(i); continue; }
    if (c === "'" || c === '"') { open(i); q = c; continue; }
    if (';&|<>`'.includes(c) || (c === '$' && s[i + 1] === '(')) return undefined;
    add(c, i, false);
  }
  if (q) return undefined;
  close(s.length);
  return words;
}

/** argv of a `command`/`entrypoint` value (list or string form), undefined when not a plain list of strings. */
/** The string form's words per scalar (every rule that reads command/entrypoint asks). */
const wordsOf = new WeakMap<Scalar, { value: string; args: Arg[] | undefined }>();

export function argvOf(node: YNode | undefined, doc: Document.Parsed): Arg[] | undefined {
  if (isScalar(node)) {
    if (typeof node.value !== 'string') return node.value === null ? [] : undefined;
    const hit = wordsOf.get(node);
    if (hit && hit.value === node.value) return hit.args && [...hit.args];
    const words = composeWords(node.value);
    const args = words?.map((w): Arg => ({ value: w.value, node, word: w }));
    wordsOf.set(node, { value: node.value, args });
    return args && [...args];
  }
  if (isSeq(node)) {
    const out: Arg[] = [];
    for (const { item, value } of seqItems(node, doc)) {
      if (!isScalar(value) || value.value === null || typeof value.value === 'object') return undefined;
      out.push({ value: String(value.value), node: value, alias: isAlias(item) });
    }
    return out;
  }
  return undefined;
}


// ---------------------------------------------------------------------------------------------
// PID 1 (the knowledge module asked for a service)

export interface ServiceStart {
  pid1: Pid1;
  /** The service's `image:` (defaults of `${VAR:-x}` resolved by the knowledge module), when set. */
  image?: string;
  build?: BuildInfo;
  entry?: Found;
  cmd?: Found;
  entryArgs?: Arg[];
  cmdArgs?: Arg[];
}

/**
 * What PID 1 is for a service (its entrypoint/command, the Dockerfile it builds, its image), or
 * undefined when `entrypoint`/`command` is not a plain list or a string Compose splits the same way.
 */
export function serviceStart(ctx: ComposeContext, layers: Layer[]): ServiceStart | undefined {
  // The layers array lives for one check of one document (see serviceLayers): every rule asks.
  if (startOf.has(layers)) return startOf.get(layers);
  const s = computeStart(ctx, layers);
  startOf.set(layers, s);
  return s;
}

const startOf = new WeakMap<Layer[], ServiceStart | undefined>();

function computeStart(ctx: ComposeContext, layers: Layer[]): ServiceStart | undefined {
  const entry = findKey(layers, 'entrypoint');
  const cmd = findKey(layers, 'command');
  const entryArgs = entry ? argvOf(entry.value, entry.layer.doc) : undefined;
  const cmdArgs = cmd ? argvOf(cmd.value, cmd.layer.doc) : undefined;
  if ((entry && !entryArgs) || (cmd && !cmdArgs)) return undefined;
  const build = serviceBuild(ctx, layers);
  const imageNode = findKey(layers, 'image');
  const image = imageNode && isScalar(imageNode.value) ? str(imageNode.value) : undefined;
  const p = pid1({
    image: build ? undefined : image,
    // A null `entrypoint:`/`command:` leaves the image's in place.
    entrypoint: entry && !(isScalar(entry.value) && entry.value.value === null) ? entryArgs!.map((a) => a.value) : undefined,
    command: cmd && !(isScalar(cmd.value) && cmd.value.value === null) ? cmdArgs!.map((a) => a.value) : undefined,
    dockerfile: build ? { model: build.model, stage: build.stage } : undefined,
    handlers: build ? contextHandlers(ctx, layers) : undefined,
  });
  return { pid1: p, image, build, entry, cmd, entryArgs, cmdArgs };
}

/** What the sources of the service's build context install (when the workspace can list folders). */
function contextHandlers(ctx: ComposeContext, layers: Layer[]): HandlerScan | undefined {
  const dir = ctx.workspace?.listDir ? buildContext(layers) : undefined;
  return dir ? contextScan(dir, ctx.workspace) : undefined;
}

/** The signal `docker compose stop` sends: `stop_signal`, else the Dockerfile's STOPSIGNAL, else SIGTERM (undefined when interpolated). */
export function stopSignal(layers: Layer[], build: BuildInfo | undefined): string | undefined {
  const f = findKey(layers, 'stop_signal');
  if (f && isScalar(f.value) && f.value.value !== null) {
    const v = str(f.value);
    return v === undefined || v.includes('$') ? undefined : v;
  }
  const ins = build?.stage ? effective(build.stage, 'STOPSIGNAL') : undefined;
  if (ins) {
    const v = logicalArgs(build!.model, ins.ins).text.trim().replace(/^(["'])(.*)\1$/s, '$2');
    return v.includes('$') ? undefined : v;
  }
  return 'SIGTERM';
}

/** The build context directory of a service (absolute), when it is a local path. */
export function buildContext(layers: Layer[]): string | undefined {
  const found = findKey(layers, 'build');
  if (!found) return undefined;
  const b = found.value;
  const ctxDir = isScalar(b) ? str(b) : isMap(b) ? getStr(b, 'context', found.layer.doc) ?? '.' : undefined;
  if (ctxDir === undefined || ctxDir.includes('$') || /^[a-z]+:\/\/|^git@|^github\.com/i.test(ctxDir)) return undefined;
  return path.resolve(path.dirname(found.layer.file), ctxDir);
}

/** `pid: host`, `pid: service:x`, `pid: container:x`: the program is not PID 1 of its own namespace. */
export function sharesPidNamespace(layers: Layer[]): boolean {
  const f = findKey(layers, 'pid');
  const v = f && isScalar(f.value) ? str(f.value)?.trim() : undefined;
  return !!v && /^(host|service:.+|container:.+)$/.test(v);
}
