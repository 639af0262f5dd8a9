/**
 * The Kubernetes view (kube-linter's "DeploymentLike"): every workload kind normalised to its pod
 * spec and containers, so rules never walk raw YAML paths.
 */
import type { Document } from 'yaml';
import { YamlDoc, YAMLMap, Scalar, YNode, isMap, isScalar, isSeq, get, getMap, getStr, rootMap, seqItems, lookup, Lookup, str, nodeSpan } from './yaml';

/** Path from the document root to the pod spec, per kind. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  // OpenShift (apps.openshift.io/v1; `v1` in OpenShift 3) and Argo Rollouts (argoproj.io/v1alpha1)
  DeploymentConfig: ['spec', 'template', 'spec'],
  Rollout: ['spec', 'template', 'spec'],
};

/** Kinds that are workloads only in one API group (a `Rollout` of another group is someone else's CRD). */
const API_GROUPS: Record<string, RegExp> = {
  DeploymentConfig: /^(apps\.openshift\.io\/|v1$)/,
  Rollout: /^argoproj\.io\//,
};
export const WORKLOAD_KINDS = Object.keys(POD_SPEC_PATHS);

/** The keys from a workload's root to its pod spec. */
export function podSpecPath(kind: string): readonly string[] {
  return POD_SPEC_PATHS[kind] ?? [];
}

export interface Workload {
  kind: string;
  name: string | undefined;
  doc: Document.Parsed;
  root: YAMLMap;
  /** The `kind:` value node (range for workload-level findings with no better place). */
  kindNode: YNode;
  podSpec: YAMLMap;
  /** Annotations of the object's metadata (and of the pod template's metadata). */
  annotations: Map<string, string>;
  containers: Container[];
  lookup(key: string): Lookup | undefined;
  /** An item of a `kind: List`: its offsets in the document (annotations and findings stay in it). */
  item?: [number, number];
}

export interface Container {
  name: string | undefined;
  /** The container's `name` value, or the item map when it has no name. */
  nameNode: YNode;
  map: YAMLMap;
  init: boolean;
  workload: Workload;
  lookup(key: string): Lookup | undefined;
  get(key: string): YNode | undefined;
  /** `securityContext` of the container (resolved), if any. */
  securityContext: YAMLMap | undefined;
}

export function isKubernetesDoc(d: YamlDoc): boolean {
  const root = rootMap(d);
  return !!root && isScalar(get(root, 'apiVersion', d.doc)) && isScalar(get(root, 'kind', d.doc));
}

export function workloads(d: YamlDoc): Workload[] {
  const root = rootMap(d);
  if (!root) return [];
  const kind = getStr(root, 'kind', d.doc);
  if (kind === 'List' || (kind !== undefined && kind.endsWith('List') && isSeq(get(root, 'items', d.doc)))) {
    // `kind: List` (and typed lists such as `DeploymentList`, as `kubectl get -o yaml` writes them): each item is an object.
    const items = get(root, 'items', d.doc);
    if (!isSeq(items)) return [];
    const out: Workload[] = [];
    for (const { value } of seqItems(items, d.doc)) {
      if (!isMap(value)) continue;
      const w = workloadOf(d, value);
      if (w) { w.item = nodeSpan(value); out.push(w); }
    }
    return out;
  }
  const w = workloadOf(d, root);
  return w ? [w] : [];
}

function workloadOf(d: YamlDoc, root: YAMLMap): Workload | undefined {
  const kind = getStr(root, 'kind', d.doc);
  const kindNode = get(root, 'kind', d.doc);
  if (!kind || !kindNode) return undefined;
  const pathKeys = POD_SPEC_PATHS[kind];
  if (!pathKeys) return undefined;
  const group = API_GROUPS[kind];
  if (group && !group.test(getStr(root, 'apiVersion', d.doc)?.trim() ?? '')) return undefined;
  let node: YAMLMap | undefined = root;
  for (const k of pathKeys) { node = getMap(node, k, d.doc); if (!node) return undefined; }
  const podSpec = node as YAMLMap;
  const annotations = new Map<string, string>();
  const metas = [getMap(root, 'metadata', d.doc)];
  // pod template metadata: the map that holds `spec` = podSpec
  let tmpl: YAMLMap | undefined = root;
  for (const k of pathKeys.slice(0, -1)) tmpl = getMap(tmpl, k, d.doc);
  if (tmpl && tmpl !== root) metas.push(getMap(tmpl, 'metadata', d.doc));
  for (const m of metas) {
    const ann = getMap(m, 'annotations', d.doc);
    if (!ann) continue;
    for (const p of ann.items) {
      const k = str(p.key), v = str(p.value);
      if (k !== undefined) annotations.set(k, v ?? '');
    }
  }
  const w: Workload = {
    kind, name: getStr(getMap(root, 'metadata', d.doc), 'name', d.doc), doc: d.doc, root, kindNode, podSpec, annotations, containers: [],
    lookup: (k) => lookup(podSpec, k, d.doc),
  };
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    const seq = get(podSpec, key, d.doc);
    if (!seq || !('items' in (seq as object))) continue;
    for (const { item, value } of seqItems(seq as never, d.doc)) {
      if (!isMap(value)) continue;
      const nameNode = get(value, 'name', d.doc);
      const map = value;
      w.containers.push({
        name: str(nameNode), nameNode: (nameNode && isScalar(nameNode) ? nameNode : item) as YNode, map, init, workload: w,
        lookup: (k) => lookup(map, k, d.doc),
        get: (k) => get(map, k, d.doc),
        securityContext: getMap(map, 'securityContext', d.doc),
      });
    }
  }
  return w;
}

export type { Scalar };
