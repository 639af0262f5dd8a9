import { defineRule } from '../../rule';
import type { FixDraft } from '../../rule';
import type { Workload, Container } from '../../model/k8s';
import { podSpecPath } from '../../model/k8s';
import { YAMLMap, Pair, Scalar, YNode, get, getMap, lookup, nodeSpan, str } from '../../model/yaml';
import type { YamlFile } from '../../model/yaml';
import { deletePair } from '../../edits/yaml-edits';
import type { Document } from 'yaml';
import { containerIsOwn, containerLabel, isWindowsPod, mapSlot } from './helpers';

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

const BASELINE = 'The Pod Security Standards baseline forbids it';

/** One step of a path of own pairs: `pair` is written in `map`. */
interface Step { map: YAMLMap; pair: Pair<Scalar, YNode | null> }

/**
 * Deletes the last pair of a path of own maps, and each map above it that it would leave empty
 * (the outermost map of the path is never deleted).
 */
function removePath(file: YamlFile, steps: Step[]): FixDraft['edits'] {
  let k = steps.length - 1;
  while (k > 0 && steps[k].map.items.length === 1) k--;
  return [deletePair(file, steps[k].map, steps[k].pair)];
}

const anchored = (n: unknown): boolean => !!(n as { anchor?: string } | null)?.anchor;

/**
 * The own path `keys` from `map` (each level written in place: no alias, merge key or anchor that
 * other objects share), or undefined.
 */
function ownPath(map: YAMLMap, keys: string[], doc: Document.Parsed): Step[] | undefined {
  const steps: Step[] = [];
  let cur = map;
  for (const [i, key] of keys.entries()) {
    if (i === keys.length - 1) {
      const l = lookup(cur, key, doc);
      if (!l || !l.own || anchored(l.pair.value)) return undefined;
      steps.push({ map: cur, pair: l.pair });
      return steps;
    }
    const slot = mapSlot(cur, key, doc);
    if (slot.state !== 'own' || anchored(slot.node)) return undefined;
    steps.push({ map: cur, pair: slot.pair });
    cur = slot.node;
  }
  return undefined;
}

/** The map whose `metadata` the pods get: the pod template (the object itself for a Pod). */
function podTemplate(w: Workload): YAMLMap | undefined {
  let tmpl: YAMLMap | undefined = w.root;
  for (const k of podSpecPath(w.kind).slice(0, -1)) tmpl = getMap(tmpl, k, w.doc);
  return tmpl;
}

export default defineRule({
  meta: {
    id: 'k8s/security-disabled',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A pod or container turns seccomp, AppArmor or SELinux confinement off (`seccompProfile`/`appArmorProfile` type `Unconfined`, their annotations, SELinux type `spc_t`): it hides the cause of a permission error instead of fixing it.',
    fixable: false,
    suggests: true,
    messages: {
      seccomp: `{{Container}} runs with no seccomp filter (seccompProfile type Unconfined). ${BASELINE}; remove it, and if a system call is then refused, allow it in a Localhost profile.`,
      apparmor: `{{Container}} runs with no AppArmor profile on nodes that use AppArmor (appArmorProfile type Unconfined). ${BASELINE}; remove it, and if an access is then refused, allow it in a Localhost profile.`,
      selinux: `{{Container}} runs unconfined on nodes that use SELinux (seLinuxOptions type spc_t). ${BASELINE}; remove it and let the runtime label the container (container_t).`,
      podSeccomp: `The pod's securityContext sets seccompProfile type Unconfined: {{who}} with no seccomp filter. ${BASELINE}; remove it, and if a system call is then refused, allow it in a Localhost profile.`,
      podApparmor: `The pod's securityContext sets appArmorProfile type Unconfined: on nodes that use AppArmor, {{who}} with no AppArmor profile. ${BASELINE}; remove it, and if an access is then refused, allow it in a Localhost profile.`,
      podSelinux: `The pod's securityContext sets seLinuxOptions type spc_t: on nodes that use SELinux, {{who}} unconfined. ${BASELINE}; remove it and let the runtime label the containers (container_t).`,
      podOverridden: `The pod's securityContext sets {{setting}}, which every container overrides with its own. ${BASELINE} even so; remove it.`,
      apparmorAnnotation: `{{Container}} runs with no AppArmor profile on nodes that use AppArmor (annotation "{{key}}: unconfined"). ${BASELINE}; remove it, and if an access is then refused, allow it in a profile of your own.`,
      seccompAnnotation: 'The annotation "{{key}}: {{value}}" has been ignored since Kubernetes 1.27 (before, it turned seccomp off). Remove it: only the securityContext\'s seccompProfile counts.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      if (isWindowsPod(w)) continue;
      const doc = w.doc;
      const podSC = getMap(w.podSpec, 'securityContext', doc);

      // Pod-level settings: one finding each, naming the containers that inherit them (a container's own setting replaces the pod's).
      for (const f of FIELDS) {
        const sub = getMap(podSC, f.field, doc);
        const node = get(sub, f.key, doc);
        if (str(node) !== f.value) continue;
        const heirs = w.containers.filter((c) => getMap(c.securityContext, f.field, doc) === undefined);
        const setting = `${f.field} ${f.key} ${f.value}`;
        const who = heirs.length === w.containers.length ? 'its containers run'
          : heirs.length === 1 ? `${containerLabel(heirs[0], true)} runs`
          : `containers ${heirs.map((c) => `"${c.name ?? '?'}"`).join(', ')} run`;
        const steps = ownPath(w.podSpec, ['securityContext', f.field, f.key], doc);
        ctx.report({
          at: nodeSpan(node)!, messageId: heirs.length || !w.containers.length ? f.pod : 'podOverridden', data: { who, setting },
          suggestions: steps && [{ title: `Remove ${f.field === 'seLinuxOptions' ? 'seLinuxOptions type spc_t' : `${f.field} (type ${f.value})`} from the pod's securityContext`, edits: removePath(ctx.file, f.field === 'seLinuxOptions' ? steps : steps.slice(0, 2)) }],
        });
      }
      for (const c of w.containers) {
        for (const f of FIELDS) {
          const sub = getMap(c.securityContext, f.field, doc);
          const node = get(sub, f.key, doc);
          if (str(node) !== f.value) continue;
          const steps = containerIsOwn(c) ? ownPath(c.map, ['securityContext', f.field, f.key], doc) : undefined;
          ctx.report({
            at: nodeSpan(node)!, messageId: f.messageId, data: { Container: containerLabel(c) },
            suggestions: steps && [{ title: f.field === 'seLinuxOptions' ? 'Remove seLinuxOptions type spc_t' : `Remove ${f.field} (type ${f.value})`, edits: removePath(ctx.file, f.field === 'seLinuxOptions' ? steps : steps.slice(0, 2)) }],
          });
        }
      }

      // Annotations of the pod (the template's metadata for workloads).
      const holder = podTemplate(w);
      const ann = getMap(getMap(holder, 'metadata', doc), 'annotations', doc);
      if (!ann) continue;
      for (const p of ann.items) {
        const key = str(p.key);
        const value = str(p.value);
        if (key === undefined || value === undefined) continue;
        const own = holder && ownPath(holder, ['metadata', 'annotations', key], doc);
        // The annotation map's own pair for this key (a merged one is not ours to delete).
        const steps = own && own[2].pair === p ? own : undefined;
        const at = nodeSpan(p as unknown as YNode) ?? nodeSpan(p.value as YNode)!;
        if (key.startsWith(APPARMOR_PREFIX) && value === 'unconfined') {
          const name = key.slice(APPARMOR_PREFIX.length);
          const c = w.containers.find((x: Container) => x.name === name);
          ctx.report({
            at, messageId: 'apparmorAnnotation', data: { Container: c ? containerLabel(c) : `Container "${name}"`, key },
            suggestions: steps && [{ title: `Remove the annotation ${key}`, edits: removePath(ctx.file, steps) }],
          });
        } else if ((key === SECCOMP_POD || key.startsWith(SECCOMP_PREFIX)) && value === 'unconfined') {
          ctx.report({
            at, messageId: 'seccompAnnotation', severity: 'hint', data: { key, value },
            suggestions: steps && [{ title: `Remove the annotation ${key}`, edits: removePath(ctx.file, steps) }],
          });
        }
      }
    }
  },
});

const FIELDS = [
  { field: 'seccompProfile', key: 'type', value: 'Unconfined', messageId: 'seccomp', pod: 'podSeccomp' },
  { field: 'appArmorProfile', key: 'type', value: 'Unconfined', messageId: 'apparmor', pod: 'podApparmor' },
  { field: 'seLinuxOptions', key: 'type', value: 'spc_t', messageId: 'selinux', pod: 'podSelinux' },
] as const;
