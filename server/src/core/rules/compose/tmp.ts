/**
 * "Is something writable mounted at /tmp?" and the fix that mounts a tmpfs there, shared by
 * `compose/read-only-without-tmp` and `compose/tmp-not-tmpfs`.
 */
import type { ComposeContext, FixDraft } from '../../rule';
import type { ComposeService } from '../../model/compose';
import { YNode, isAlias, isMap, isScalar, isSeq, lookup, getStr, bool, get, nodeSpan, seqItems, str } from '../../model/yaml';
import { insertPair, scalarToSeq, appendItem, yamlScalar } from '../../edits/yaml-edits';
import { Layer, findAll, findKey, serviceLayers } from './util';

const MODES = new Set(['ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy', 'shared', 'rshared',
  'slave', 'rslave', 'private', 'rprivate', 'volume-nocopy']);

/** `/tmp`, `/tmp/`, `//tmp` → `/tmp`. */
function normTarget(t: string): string {
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

/** Something writable is mounted at /tmp (tmpfs, or a volume/bind not read-only), along the extends chain. */
export function tmpMounted(layers: Layer[]): boolean {
  for (const f of findAll(layers, 'tmpfs')) {
    if (scalarsOf(f.value, f.layer.doc).some((e) => tmpfsTarget(e) === '/tmp')) return true;
  }
  for (const f of findAll(layers, 'volumes')) {
    if (!isSeq(f.value)) continue;
    for (const { value } of seqItems(f.value, f.layer.doc)) {
      if (isScalar(value)) {
        const s = str(value);
        if (s === undefined) continue;
        const v = shortVolume(s);
        if (v.target === '/tmp' && !v.readOnly) return true;
      } else if (isMap(value)) {
        const target = getStr(value, 'target', f.layer.doc);
        if (target === undefined || normTarget(target) !== '/tmp') continue;
        if (bool(get(value, 'read_only', f.layer.doc)) === true) continue;
        return true;
      }
    }
  }
  return false;
}

/** The fix: add `fix.tmpfs` to the service's own `tmpfs:` (create it, turn a scalar into a list, or append). */
export function tmpFix(ctx: ComposeContext, s: ComposeService): FixDraft | undefined {
  const map = s.map;
  if (!map) return undefined;
  const entry = ctx.config.fix.tmpfs;
  if (tmpfsTarget(entry) !== '/tmp') return undefined; // the fix would not fix anything
  const value = yamlScalar(entry);
  const title = `Mount a tmpfs at /tmp (\`tmpfs: ${entry}\`)`;
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
 * reported on its name with message `missing` and the tmpfs fix.
 */
export function reportMissingTmp(ctx: ComposeContext, readOnly: boolean): void {
  for (const s of ctx.services) {
    if (!s.map) continue;
    const layers = serviceLayers(ctx, s);
    const ro = findKey(layers, 'read_only');
    if ((!!ro && bool(ro.value) === true) !== readOnly) continue;
    if (tmpMounted(layers)) continue;
    ctx.report({ at: nodeSpan(s.key)!, messageId: 'missing', data: { name: s.name }, fix: tmpFix(ctx, s) });
  }
}
