/**
 * "Is something writable mounted at /tmp?" and the fix that mounts a tmpfs there, shared by
 * `compose/read-only-without-tmp` and `compose/tmp-not-tmpfs`.
 */
import * as path from 'node:path';
import type { Document } from 'yaml';
import type { ComposeContext, FixDraft } from '../../rule';
import type { ComposeService } from '../../model/compose';
import { YNode, isAlias, isMap, isScalar, isSeq, lookup, getStr, bool, get, nodeSpan, seqItems, str } from '../../model/yaml';
import { insertPair, scalarToSeq, appendItem, yamlScalar } from '../../edits/yaml-edits';
import { Layer, findAll, findKey, serviceLayers, serviceBuild } from './util';
import { imageInfo, stageBaseImage } from '../../knowledge';

const MODES = new Set(['ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy', 'shared', 'rshared',
  'slave', 'rslave', 'private', 'rprivate', 'volume-nocopy']);

/** `/tmp`, `/tmp/`, `//tmp` → `/tmp`. */
export function normTarget(t: string): string {
  const s = t.trim().replace(/\/+/g, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}

/** Target of a `tmpfs:` entry (`/tmp`, `/tmp:size=64m,mode=1777`). */
export function tmpfsTarget(entry: string): string {
  return normTarget(entry.split(':')[0]);
}

/** Target and read-only flag of a short-syntax volume (`vol:/tmp`, `./x:/tmp:ro`, `/tmp`, `C:\x:/tmp`). */
export function shortVolume(spec: string): { target: string; readOnly: boolean } {
  const parts = spec.split(':');
  let readOnly = false;
  if (parts.length > 1 && parts[parts.length - 1].split(',').every((m) => MODES.has(m))) {
    readOnly = parts.pop()!.split(',').includes('ro');
  }
  return { target: normTarget(parts[parts.length - 1]), readOnly };
}

function scalarsOf(v: YNode | undefined, doc: Parameters<typeof seqItems>[1]): string[] {
  if (isScalar(v)) { const s = str(v); return s === undefined ? [] : [s]; }
  if (isSeq(v)) return seqItems(v, doc).map((x) => str(x.value)).filter((x): x is string => x !== undefined);
  return [];
}

/** A mount of the service: its target and whether it is writable. */
export interface Mount { target: string; writable: boolean; tmpfs: boolean }

/** Every tmpfs and volume mount of the service, along the extends chain (Compose merges them). */
export function mounts(layers: Layer[]): Mount[] {
  const out: Mount[] = [];
  for (const f of findAll(layers, 'tmpfs')) {
    for (const e of scalarsOf(f.value, f.layer.doc)) out.push({ target: tmpfsTarget(e), writable: true, tmpfs: true });
  }
  // Compose merges `volumes` unique by target: a target an overriding layer (an override file,
  // the extending service) mounts replaces the same target of the layers under it.
  const taken = new Set<string>();
  for (const f of findAll(layers, 'volumes')) {
    if (!isSeq(f.value)) continue;
    const mine: string[] = [];
    for (const { value } of seqItems(f.value, f.layer.doc)) {
      let m: Mount | undefined;
      if (isScalar(value)) {
        const s = str(value);
        if (s === undefined) continue;
        const v = shortVolume(s);
        m = { target: v.target, writable: !v.readOnly, tmpfs: false };
      } else if (isMap(value)) {
        const target = getStr(value, 'target', f.layer.doc);
        if (target === undefined) continue;
        m = { target: normTarget(target), writable: bool(get(value, 'read_only', f.layer.doc)) !== true, tmpfs: getStr(value, 'type', f.layer.doc) === 'tmpfs' };
      }
      if (!m || taken.has(m.target)) continue;
      mine.push(m.target);
      out.push(m);
    }
    for (const t of mine) taken.add(t);
  }
  return out;
}

/** Something writable is mounted at /tmp (tmpfs, or a volume/bind not read-only), along the extends chain. */
export function tmpMounted(layers: Layer[]): boolean {
  return mounts(layers).some((m) => m.target === '/tmp' && m.writable);
}

/** `dir` is writable under `read_only: true`: a writable mount at it or at a parent directory. */
export function writableUnderReadOnly(layers: Layer[], dir: string): boolean {
  const d = normTarget(dir);
  return mounts(layers).some((m) => m.writable && (d === m.target || d.startsWith(m.target === '/' ? '/' : `${m.target}/`)));
}

// ---------------------------------------------------------------------------------------------
// TMPDIR

/** `TMPDIR` as the service's `environment:` sets it (map or `KEY=value` list): value (undefined when passed through) and the node that writes it. */
export function tmpdirEnv(layers: Layer[]): { value: string | undefined; node: YNode | undefined; own: boolean } | undefined {
  for (const f of findAll(layers, 'environment')) {
    const v = f.value;
    if (isMap(v)) {
      const l = lookup(v, 'TMPDIR', f.layer.doc);
      if (l) return { value: isScalar(l.value) ? str(l.value) : undefined, node: l.value, own: f.layer.own && f.lookup.own && l.own };
    } else if (isSeq(v)) {
      for (const { value } of seqItems(v, f.layer.doc)) {
        const t = str(value)?.trim() ?? '';
        const m = /^TMPDIR(?:=(.*))?$/s.exec(t);
        if (m) return { value: m[1], node: value, own: f.layer.own && f.lookup.own };
      }
    }
  }
  return undefined;
}

/** Paths named by `env_file:` (string, list of strings, or list of `{path:}`). */
function envFilePaths(v: YNode | undefined, doc: Document.Parsed): string[] {
  if (isScalar(v)) { const s = str(v); return s ? [s] : []; }
  if (!isSeq(v)) return [];
  const out: string[] = [];
  for (const { value } of seqItems(v, doc)) {
    const p = isMap(value) ? getStr(value, 'path', doc) : str(value);
    if (p) out.push(p);
  }
  return out;
}

const ENV_FILE_SETS = /^[ \t]*(?:export[ \t]+)?TMPDIR[ \t]*(?:[=:]|$)/m;

/** TMPDIR is set for the service: `environment:`, an `env_file:` the workspace can read, or `ENV TMPDIR` in its Dockerfile. */
export function tmpdirSet(ctx: ComposeContext, layers: Layer[]): boolean {
  if (tmpdirEnv(layers)) return true;
  for (const f of findAll(layers, 'env_file')) {
    for (const p of envFilePaths(f.value, f.layer.doc)) {
      if (p.includes('${')) continue;
      const text = ctx.workspace?.readFile(path.resolve(path.dirname(f.layer.file), p));
      if (text !== undefined && ENV_FILE_SETS.test(text)) return true;
    }
  }
  const build = serviceBuild(ctx, layers);
  for (let st = build?.stage, hops = 0; st && hops < 50; st = st.parent, hops++) {
    if (st.instructions.some((i) => i.keyword === 'ENV' && /(?:^|\s)TMPDIR(?:[=\s]|$)/.test(i.rawArgs))) return true;
  }
  return false;
}

/** The fix that sets `TMPDIR=<dir>` in the service's own `environment:` (map or list style kept). */
export function tmpdirFix(ctx: ComposeContext, s: ComposeService, dir: string): FixDraft | undefined {
  const map = s.map!;
  const title = `Set TMPDIR=${dir}`;
  const l = lookup(map, 'environment', s.doc);
  if (!l) return { title, edits: [insertPair(ctx.file, map, 'environment', { map: [['TMPDIR', yamlScalar(dir)]] })] };
  // Inherited through a merge key or an alias: an own `environment:` would drop those entries.
  if (!l.own || isAlias(l.pair.value)) return undefined;
  if (isMap(l.value)) return { title, edits: [insertPair(ctx.file, l.value, 'TMPDIR', yamlScalar(dir))] };
  if (isSeq(l.value)) return { title, edits: [appendItem(ctx.file, l.value, yamlScalar(`TMPDIR=${dir}`))] };
  return undefined;
}

/** The first writable tmpfs mounted somewhere other than /tmp. */
export function otherTmpfs(layers: Layer[]): string | undefined {
  return mounts(layers).find((m) => m.tmpfs && m.writable && m.target !== '/tmp' && m.target.startsWith('/'))?.target;
}

/** The image loads native libraries from /tmp (knowledge module): the tmpfs gets `exec`. */
export function tmpExecOf(ctx: ComposeContext, layers: Layer[]): string | undefined {
  const build = serviceBuild(ctx, layers);
  const img = build?.stage ? stageBaseImage(build.model, build.stage) : (() => { const f = findKey(layers, 'image'); return f && isScalar(f.value) ? str(f.value) : undefined; })();
  return img ? imageInfo(img).tmpExec?.value : undefined;
}

/** The fix: add `fix.tmpfs` to the service's own `tmpfs:` (create it, turn a scalar into a list, or append). */
export function tmpFix(ctx: ComposeContext, s: ComposeService, tmpExec?: string): FixDraft | undefined {
  const map = s.map;
  if (!map) return undefined;
  // Docker mounts a tmpfs noexec: images that load native libraries from /tmp get `/tmp:exec`.
  const entry = tmpExec && ctx.config.fix.tmpfs === '/tmp' ? '/tmp:exec' : ctx.config.fix.tmpfs;
  if (tmpfsTarget(entry) !== '/tmp') return undefined; // the fix would not fix anything
  const value = yamlScalar(entry);
  const title = `Mount a tmpfs at /tmp (tmpfs: ${entry})`;
  const l = lookup(map, 'tmpfs', s.doc);
  const file = ctx.file;
  if (!l) return { title, edits: [insertPair(file, map, 'tmpfs', value, { after: ['read_only'] })] };
  const v = l.value;
  const written = (): string[] | undefined => {
    if (isScalar(v)) { const sp = nodeSpan(v); return sp && str(v) !== undefined ? [file.source.slice(sp[0], sp[1])] : undefined; }
    if (isSeq(v)) {
      const items: string[] = [];
      for (const { value: item } of seqItems(v, s.doc)) {
        const sp = isScalar(item) ? nodeSpan(item) : undefined;
        if (!sp) return undefined;
        items.push(file.source.slice(sp[0], sp[1]));
      }
      return items;
    }
    return undefined;
  };
  if (l.own && !isAlias(l.pair.value)) {
    if (isScalar(v) && typeof v.value === 'string') {
      const edit = scalarToSeq(file, map, v, [value]);
      return edit && { title, edits: [edit] };
    }
    if (isSeq(v)) return { title, edits: [appendItem(file, v, value)] };
    return undefined;
  }
  // Inherited through a merge key, or an alias: write the service's own list (merged entries kept).
  const items = written();
  if (!items) return undefined;
  if (l.own) {
    const sp = nodeSpan(l.pair.value as YNode);
    if (!sp) return undefined;
    return { title, edits: [{ start: sp[0], end: sp[1], newText: `[${[...items, value].join(', ')}]` }] };
  }
  return { title, edits: [insertPair(file, map, 'tmpfs', { seq: [...items, value] }, { after: ['read_only'] })] };
}

/**
 * The check shared by the two /tmp rules: every service that is (`compose/read-only-without-tmp`)
 * or is not (`compose/tmp-not-tmpfs`) `read_only: true` and has nothing writable at /tmp is
 * reported on its name with message `missing` and the tmpfs fix (alternative: TMPDIR at a tmpfs
 * mounted elsewhere). A read-only mount at /tmp is reported (`readOnlyMount`) without an edit.
 * A service whose TMPDIR names another writable path is left alone: its programs write there.
 */
export function reportMissingTmp(ctx: ComposeContext, readOnly: boolean): void {
  for (const s of ctx.services) {
    if (!s.map) continue;
    const layers = serviceLayers(ctx, s);
    const ro = findKey(layers, 'read_only');
    if ((!!ro && bool(ro.value) === true) !== readOnly) continue;
    const at = mounts(layers).filter((m) => m.target === '/tmp');
    if (at.some((m) => m.writable)) continue;
    const env = tmpdirEnv(layers);
    if (env?.value && !env.value.includes('$') && normTarget(env.value) !== '/tmp' && (!readOnly || writableUnderReadOnly(layers, env.value))) continue;
    if (at.length) {
      if (readOnly) ctx.report({ at: nodeSpan(s.key)!, messageId: 'readOnlyMount', data: { name: s.name } });
      continue;
    }
    const tmpExec = tmpExecOf(ctx, layers);
    const other = otherTmpfs(layers);
    const alt = other && !tmpdirSet(ctx, layers) ? tmpdirFix(ctx, s, other) : undefined;
    ctx.report({
      at: nodeSpan(s.key)!, messageId: 'missing',
      data: { name: s.name, exec: tmpExec ? ` with exec (${tmpExec})` : '' },
      fix: tmpFix(ctx, s, tmpExec),
      alternatives: alt ? [alt] : undefined,
    });
  }
}
