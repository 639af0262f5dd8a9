/**
 * Shared reading and editing helpers of the k8s rules (not a rule: not in the registry).
 * Reading resolves aliases and merge keys; writing only ever goes into maps and sequences that
 * are written in the container's / pod spec's own text (never into an anchor reached through an
 * alias or a `<<:` merge, which would change other objects too).
 */
import type { Document } from 'yaml';
import type { Container, Workload } from '../../model/k8s';
import { podSpecPath } from '../../model/k8s';
import type { FixDraft, K8sContext } from '../../rule';
import type { YamlFile } from '../../model/yaml';
import {
  YAMLMap, YAMLSeq, YNode, Pair, Scalar, isAlias, isMap, isSeq, lookup, get, getMap, getStr, str, bool, seqItems, nodeSpan,
} from '../../model/yaml';
import { Edit, YamlValue, appendItem, insertPair } from '../../edits/yaml-edits';
import { dockerfileForImage, type ImageDockerfile } from '../../project/image-source';
import { stageBaseImage } from '../../knowledge';

/** `container "api"` / `init container "setup"` for messages. */
export function containerLabel(c: Container, lower = false): string {
  const kind = `${c.init ? 'Init container' : 'Container'}`.replace(/^./, (x) => (lower ? x.toLowerCase() : x));
  return c.name === undefined ? kind : `${kind} "${c.name}"`;
}

/** Range of a container finding about an absence: its `name` value (or the item). */
export function containerAt(c: Container): [number, number] {
  return nodeSpan(c.nameNode) ?? [0, 0];
}

/** A Windows pod (`spec.os.name: windows` or a `kubernetes.io/os: windows` node selector): no /tmp, no runAsNonRoot UID check. */
export function isWindowsPod(w: Workload): boolean {
  const os = getStr(getMap(w.podSpec, 'os', w.doc), 'name', w.doc);
  if (os !== undefined) return os.toLowerCase() === 'windows';
  const sel = getMap(w.podSpec, 'nodeSelector', w.doc);
  const v = getStr(sel, 'kubernetes.io/os', w.doc) ?? getStr(sel, 'beta.kubernetes.io/os', w.doc);
  return v?.toLowerCase() === 'windows';
}

const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout']);

/**
 * A strategic-merge patch (kustomize) of a workload: the container has no `image:` and, for the
 * kinds whose `spec.selector` is required, there is no selector either. Rules about something
 * *absent* stay silent there: the base has the rest (and is linted on its own).
 */
export function isPartial(c: Container): boolean {
  if (c.get('image') !== undefined) return false;
  const w = c.workload;
  return !SELECTOR_KINDS.has(w.kind) || get(getMap(w.root, 'spec', w.doc), 'selector', w.doc) === undefined;
}

/** The container's item in its pod spec sequence is written in place (not `- *alias`). */
export function containerIsOwn(c: Container): boolean {
  const doc = c.workload.doc;
  for (const key of ['initContainers', 'containers']) {
    const l = lookup(c.workload.podSpec, key, doc);
    if (!l || !isSeq(l.value)) continue;
    for (const { item, value } of seqItems(l.value, doc)) {
      if (value === c.map) return l.own && !isAlias(l.pair.value) && !isAlias(item);
    }
  }
  return false;
}

export type Slot<T> =
  | { state: 'absent' }
  | { state: 'own'; node: T; pair: Pair<Scalar, YNode | null> }
  /** Inherited through `<<:`, an alias, null, or of another type: not safe to write. */
  | { state: 'blocked'; node?: YNode };

/** Where `key` of `map` can be written: absent (insert it), own (edit inside), or blocked. */
export function mapSlot(map: YAMLMap, key: string, doc: Document.Parsed): Slot<YAMLMap> {
  const l = lookup(map, key, doc);
  if (!l) return { state: 'absent' };
  if (!l.own || isAlias(l.pair.value) || !isMap(l.value)) return { state: 'blocked', node: l.value };
  return { state: 'own', node: l.value, pair: l.pair };
}

export function seqSlot(map: YAMLMap, key: string, doc: Document.Parsed): Slot<YAMLSeq> {
  const l = lookup(map, key, doc);
  if (!l) return { state: 'absent' };
  if (!l.own || isAlias(l.pair.value) || !isSeq(l.value)) return { state: 'blocked', node: l.value };
  return { state: 'own', node: l.value, pair: l.pair };
}

/** Inserts several pairs into one mapping (one edit per pair, or one text for an empty flow map). */
export function insertPairs(file: YamlFile, map: YAMLMap, pairs: [string, YamlValue][]): Edit[] {
  if (!pairs.length) return [];
  if (map.flow && map.items.length === 0) {
    const first = insertPair(file, map, pairs[0][0], pairs[0][1]);
    const rest = pairs.slice(1).map(([k, v]) => insertPair(file, map, k, v).newText).map((t) => `, ${t}`);
    return [{ ...first, newText: first.newText + rest.join('') }];
  }
  return pairs.map(([k, v]) => insertPair(file, map, k, v));
}

/** Merges inserts at one point (in order) so editors get one edit per position. */
export function mergeEdits(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const prev = out.find((x) => x.start === e.start && x.end === e.start && e.end === e.start);
    if (prev) prev.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

/** Non-negative integer value of a scalar (`0`, `1000`, `"1000"`), else undefined. */
export function intValue(node: unknown): number | undefined {
  const s = str(node);
  return s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined;
}

/** The kubelet never stops a container with less than 2 s (kuberuntime `minimumGracePeriodInSeconds`). */
export const MIN_GRACE_SECONDS = 2;

/** The grace period the kubelet applies, for messages: `30 s` (the default), `60 s`, or `2 s (the kubelet's minimum)` for 0 and 1. */
export function effectiveGrace(seconds: number | undefined): string {
  const s = seconds ?? 30;
  return s < MIN_GRACE_SECONDS ? `${MIN_GRACE_SECONDS} s (the kubelet's minimum)` : `${s} s`;
}

// ---------------------------------------------------------------------------------------------
// /tmp

const READ_ONLY_SOURCES = ['configMap', 'secret', 'downwardAPI', 'projected', 'image'];

export type TmpState =
  | { kind: 'writable' }
  | { kind: 'none' }
  /** mounted at /tmp, but read-only: `readOnly: true` on the mount or the volume, or a read-only volume type */
  | { kind: 'readonly'; at: [number, number]; why: string };

function isTmpPath(p: string | undefined): boolean {
  return p !== undefined && /^\/tmp\/*$/.test(p.trim());
}

/** What is mounted at /tmp in the container. */
export function tmpState(c: Container): TmpState {
  const doc = c.workload.doc;
  const mounts = c.get('volumeMounts');
  if (!isSeq(mounts)) return { kind: 'none' };
  let ro: TmpState | undefined;
  for (const { value } of seqItems(mounts, doc)) {
    if (!isMap(value)) continue;
    const pathNode = get(value, 'mountPath', doc);
    if (!isTmpPath(str(pathNode))) continue;
    const at = nodeSpan(pathNode) ?? containerAt(c);
    if (bool(get(value, 'readOnly', doc)) === true) { ro ??= { kind: 'readonly', at, why: 'readOnly: true' }; continue; }
    const vol = volumeNamed(c.workload, getStr(value, 'name', doc));
    if (vol) {
      const type = READ_ONLY_SOURCES.find((k) => get(vol, k, doc) !== undefined);
      if (type) { ro ??= { kind: 'readonly', at, why: `a ${type} volume is always read-only` }; continue; }
      const src = vol.items.map((p) => get(vol, String((p.key as Scalar)?.value), doc)).find((v) => isMap(v) && bool(get(v, 'readOnly', doc)) === true);
      if (src) { ro ??= { kind: 'readonly', at, why: 'the volume is readOnly: true' }; continue; }
    }
    return { kind: 'writable' };
  }
  return ro ?? { kind: 'none' };
}

export function volumeNamed(w: Workload, name: string | undefined): YAMLMap | undefined {
  if (name === undefined) return undefined;
  const vols = get(w.podSpec, 'volumes', w.doc);
  if (!isSeq(vols)) return undefined;
  for (const { value } of seqItems(vols, w.doc)) if (isMap(value) && getStr(value, 'name', w.doc) === name) return value;
  return undefined;
}

/** `readOnlyRootFilesystem: true` in the container's securityContext. */
export function readOnlyRoot(c: Container): boolean {
  return bool(get(c.securityContext, 'readOnlyRootFilesystem', c.workload.doc)) === true;
}

/**
 * The fix shared by k8s/read-only-without-tmp and k8s/tmp-not-mounted: mount an emptyDir volume at
 * /tmp. Reuses an emptyDir volume named `tmp` (or `tmp-N`); a name taken by another volume type
 * is skipped. Undefined when the edit would have to go into an anchor or a null/odd value.
 */
export function tmpFix(file: YamlFile, c: Container, sizeLimit?: string): FixDraft | undefined {
  const w = c.workload;
  const doc = w.doc;
  if (!containerIsOwn(c)) return undefined;
  const mounts = seqSlot(c.map, 'volumeMounts', doc);
  const volumes = seqSlot(w.podSpec, 'volumes', doc);
  if (mounts.state === 'blocked' || volumes.state === 'blocked') return undefined;
  // the container must not already use that mount name for another path
  const usedMountNames = new Set<string>();
  if (mounts.state === 'own') for (const { value } of seqItems(mounts.node, doc)) { const n = isMap(value) ? getStr(value, 'name', doc) : undefined; if (n) usedMountNames.add(n); }
  let name: string | undefined;
  let create = true;
  for (let i = 0; i < 100 && name === undefined; i++) {
    const candidate = i === 0 ? 'tmp' : `tmp-${i}`;
    const vol = volumeNamed(w, candidate);
    if (usedMountNames.has(candidate)) continue;
    if (!vol) name = candidate;
    else if (get(vol, 'emptyDir', doc) !== undefined) { name = candidate; create = false; }
  }
  if (name === undefined) return undefined;
  const mountItem: YamlValue = { map: [['name', name], ['mountPath', '/tmp']] };
  const edits: Edit[] = [];
  edits.push(mounts.state === 'own' ? appendItem(file, mounts.node, mountItem) : insertPair(file, c.map, 'volumeMounts', { seq: [mountItem] }));
  if (create) {
    // `sizeLimit` only when the team set one (fix.emptyDirSizeLimit): a wrong cap evicts the pod.
    const limit = sizeLimit?.trim();
    const volItem: YamlValue = { map: [['name', name], ['emptyDir', limit ? `{sizeLimit: ${limit}}` : '{}']] };
    edits.push(volumes.state === 'own' ? appendItem(file, volumes.node, volItem) : insertPair(file, w.podSpec, 'volumes', { seq: [volItem] }));
  }
  const title = create ? `Mount a new emptyDir volume "${name}" at /tmp` : `Mount the emptyDir volume "${name}" at /tmp`;
  return { title, edits: mergeEdits(edits) };
}

/**
 * The check shared by the two /tmp rules: every container whose root file system is read-only
 * (`k8s/read-only-without-tmp`) or not (`k8s/tmp-not-mounted`) and has no writable /tmp.
 * Messages `noTmp` (with the fix) and `readOnlyTmp` (a read-only mount at /tmp, no fix).
 */
export function reportMissingTmp(ctx: K8sContext, readOnly: boolean): void {
  for (const w of ctx.workloads) {
    if (isWindowsPod(w)) continue;
    for (const c of w.containers) {
      if (readOnlyRoot(c) !== readOnly) continue;
      const tmp = tmpState(c);
      if (tmp.kind === 'writable') continue;
      const container = containerLabel(c);
      if (tmp.kind === 'readonly') {
        ctx.report({ at: tmp.at, messageId: 'readOnlyTmp', data: { container, why: tmp.why } });
        continue;
      }
      // A patch (no image) may get its /tmp mount from the base: only a complete container is judged.
      if (isPartial(c)) continue;
      ctx.report({ at: containerAt(c), messageId: 'noTmp', data: { container }, fix: tmpFix(ctx.file, c, ctx.config.fix.emptyDirSizeLimit) });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the container runs (the knowledge module's input)

/**
 * The container's `command` (the image's ENTRYPOINT replaced) or `args` (its CMD replaced) as an
 * argv: undefined when not set (absent or null), null when it is not a list of strings (an alias
 * to a non-list, a plain string: nothing can be judged).
 */
export function argvOf(c: Container, key: 'command' | 'args'): string[] | undefined | null {
  const l = c.lookup(key);
  if (!l || l.value === undefined || (isScalarNull(l.value))) return undefined;
  if (!isSeq(l.value)) return null;
  const out: string[] = [];
  for (const { value } of seqItems(l.value, c.workload.doc)) {
    const s = str(value);
    if (s === undefined) return null;
    out.push(s);
  }
  return out;
}

function isScalarNull(n: unknown): boolean {
  return n instanceof Scalar && n.value === null;
}

/** The container's image as written (a string), if any. */
export function imageOf(c: Container): string | undefined {
  return getStr(c.map, 'image', c.workload.doc);
}

/**
 * The workspace Dockerfile that builds the container's image, when a skaffold.yaml or compose file
 * in the manifest's folder or an ancestor says so (project/image-source.ts); else undefined.
 */
export function containerDockerfile(ctx: K8sContext, c: Container): ImageDockerfile | undefined {
  return dockerfileForImage(ctx.path, imageOf(c), ctx.workspace);
}

/** The image whose facts apply: the Dockerfile stage's base image when the Dockerfile is known, else the container's image. */
export function factsImage(c: Container, build: ImageDockerfile | undefined): string | undefined {
  if (!build) return imageOf(c);
  return build.stage ? stageBaseImage(build.model, build.stage) : undefined;
}

/** `shareProcessNamespace: true` or `hostPID: true`: the container's program is not PID 1 (the pause container or the host's init is). */
export function notPid1(w: Workload): 'shareProcessNamespace' | 'hostPID' | undefined {
  if (bool(w.lookup('shareProcessNamespace')?.value) === true) return 'shareProcessNamespace';
  if (bool(w.lookup('hostPID')?.value) === true) return 'hostPID';
  return undefined;
}

/** The pod's `terminationGracePeriodSeconds` (undefined when unset or not an integer). */
export function graceSeconds(w: Workload): number | undefined {
  return intValue(w.lookup('terminationGracePeriodSeconds')?.value);
}

/** The pod spec is written in the workload's own text (no alias or merge key on the way): a key can be inserted into it. */
export function podSpecIsOwn(w: Workload): boolean {
  let map: YAMLMap = w.root;
  for (const k of podSpecPath(w.kind)) {
    const slot = mapSlot(map, k, w.doc);
    if (slot.state !== 'own') return false;
    map = slot.node;
  }
  return map === w.podSpec;
}

/**
 * Sets a boolean key of the pod spec to true (`shareProcessNamespace: true`): inserts it, or
 * replaces a `false` written in the pod spec. Undefined when the pod spec is not written in place.
 */
export function setPodFlag(file: YamlFile, w: Workload, key: string): Edit[] | undefined {
  if (!podSpecIsOwn(w)) return undefined;
  const l = lookup(w.podSpec, key, w.doc);
  if (!l) return [insertPair(file, w.podSpec, key, 'true', { first: true })];
  if (!l.own || isAlias(l.pair.value)) return undefined;
  const span = nodeSpan(l.pair.value as YNode);
  return span && span[0] < span[1] ? [{ start: span[0], end: span[1], newText: 'true' }] : undefined;
}
