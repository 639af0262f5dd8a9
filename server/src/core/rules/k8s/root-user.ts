import { defineRule } from '../../rule';
import type { YAMLMap } from '../../model/yaml';
import { getMap, lookup, ownPair, bool, str, nodeSpan, isScalar, Lookup } from '../../model/yaml';
import type { Pair, YNode } from '../../model/yaml';
import { deletePair } from '../../edits/yaml-edits';
import type { Edit } from '../../edits/yaml-edits';
import type { Document } from 'yaml';
import { containerAt, containerIsOwn, containerLabel, insertPairs, intValue, isPartial, isWindowsPod, mapSlot, mergeEdits } from './helpers';

/** A securityContext field with a non-null scalar value (null means "not set", as in the API). */
function field(sc: YAMLMap | undefined, key: string, doc: Document.Parsed): Lookup | undefined {
  const l = sc && lookup(sc, key, doc);
  return l && str(l.value) !== undefined ? l : undefined;
}

/** The UID part of `fix.user` (`"10001:10001"` → `"10001"`), undefined for a name or 0. */
function fixUid(user: string): string | undefined {
  const uid = String(user ?? '').split(':')[0].trim();
  return /^\d+$/.test(uid) && Number(uid) > 0 ? String(Number(uid)) : undefined;
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Sets the value of a pair written in the map: its value's text, or the whole pair when the value
 * is null (`key:`, `key: ~`: replacing the empty value alone would give `key:true`).
 */
function setValue(p: Pair, key: string, value: string): Edit | undefined {
  const v = p.value as YNode | null;
  const span = nodeSpan(v);
  if (span && span[0] < span[1] && !(isScalar(v) && v.value === null)) return { start: span[0], end: span[1], newText: value };
  const whole = nodeSpan(p);
  return whole ? { start: whole[0], end: whole[1], newText: `${key}: ${value}` } : undefined;
}

export default defineRule({
  meta: {
    id: 'k8s/root-user',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A container can run as root: `runAsUser: 0`, `runAsNonRoot: false`, or nothing that rules root out.',
    fixable: true,
    messages: {
      user0: '{{container}} runs as root: `runAsUser: 0`{{where}}. UID 0 in a container is root on the node\'s kernel (without user namespaces). Use a non-zero UID and set `runAsNonRoot: true`.',
      nonRootFalse: '{{container}} may run as root: `runAsNonRoot: false`{{where}} and no `runAsUser` above 0, so the image\'s USER decides (root for most images). Set `runAsNonRoot: true` (with a numeric non-root USER or `runAsUser`).',
      unset: '{{container}} may run as root: neither `runAsNonRoot: true` nor a `runAsUser` above 0 is set (pod or container), so the image\'s USER decides (root for most images). Set `runAsNonRoot: true` (with a numeric non-root USER or `runAsUser`).',
    },
  },
  check(ctx) {
    const uid = fixUid(ctx.config.fix.user);
    for (const w of ctx.workloads) {
      if (isWindowsPod(w)) continue;
      const doc = w.doc;
      const podSC = getMap(w.podSpec, 'securityContext', doc);
      const podUser = field(podSC, 'runAsUser', doc);
      const podNonRoot = field(podSC, 'runAsNonRoot', doc);
      for (const c of w.containers) {
        const sc = c.securityContext;
        const cUser = field(sc, 'runAsUser', doc);
        const cNonRoot = field(sc, 'runAsNonRoot', doc);
        const userL = cUser ?? podUser;
        const nonRootL = cNonRoot ?? podNonRoot;
        const user = userL && intValue(userL.value);
        const nonRoot = nonRootL && bool(nonRootL.value);
        let messageId: 'user0' | 'nonRootFalse' | 'unset';
        let at: [number, number];
        let where = '';
        if (user === 0) {
          messageId = 'user0';
          at = nodeSpan(userL!.value) ?? containerAt(c);
          if (!cUser) where = ' in the pod\'s securityContext';
        } else if (user !== undefined && user > 0) continue;
        else if (nonRoot === true) continue;
        else if (nonRoot === false) {
          messageId = 'nonRootFalse';
          at = nodeSpan(nonRootL!.value) ?? containerAt(c);
          if (!cNonRoot) where = ' in the pod\'s securityContext';
        } else {
          if (isPartial(c)) continue; // a kustomize patch: the base may set it
          messageId = 'unset';
          at = containerAt(c);
        }
        ctx.report({
          at, messageId, data: { container: containerLabel(c), where },
          fix: fix(),
        });

        function fix() {
          if (!containerIsOwn(c)) return undefined;
          const slot = mapSlot(c.map, 'securityContext', doc);
          if (slot.state === 'blocked') return undefined;
          const setNonRoot = nonRoot !== true;
          // What to do about the user: replace/remove the container's own 0, or override the pod's / an inherited 0.
          let userAct: 'none' | 'replace' | 'remove' | 'insert' = 'none';
          if (user === 0) {
            const own = slot.state === 'own' ? ownPair(slot.node, 'runAsUser') : undefined;
            if (cUser && own && own.value === cUser.value) userAct = uid ? 'replace' : intValue(podUser?.value) === 0 ? 'none' : 'remove';
            else userAct = uid ? 'insert' : 'none';
            if (userAct === 'none') return undefined; // no numeric fix.user: nothing safe to write
          }
          const actions: string[] = [];
          const edits: Edit[] = [];
          if (slot.state === 'absent') {
            const pairs: [string, string][] = [];
            if (setNonRoot) pairs.push(['runAsNonRoot', 'true']);
            if (userAct === 'insert') pairs.push(['runAsUser', uid!]);
            if (!pairs.length) return undefined;
            edits.push(...insertPairs(ctx.file, c.map, [['securityContext', { map: pairs }]]));
          } else {
            const m = slot.node;
            const toInsert: [string, string][] = [];
            if (setNonRoot) {
              const p = ownPair(m, 'runAsNonRoot');
              const edit = p && setValue(p, 'runAsNonRoot', 'true');
              if (p && !edit) return undefined;
              if (edit) edits.push(edit);
              else toInsert.push(['runAsNonRoot', 'true']);
            }
            const p = ownPair(m, 'runAsUser');
            if (userAct === 'replace') { const span = nodeSpan(p!.value)!; edits.push({ start: span[0], end: span[1], newText: uid! }); }
            else if (userAct === 'remove') {
              // `runAsUser: 0` becomes `runAsNonRoot: true` in place (a delete next to an insert would overlap)
              const i = toInsert.findIndex(([k]) => k === 'runAsNonRoot');
              if (i >= 0) { toInsert.splice(i, 1); const span = nodeSpan(p!)!; edits.push({ start: span[0], end: span[1], newText: 'runAsNonRoot: true' }); }
              else edits.push(deletePair(ctx.file, m, p!));
            }
            else if (userAct === 'insert') {
              // `runAsUser:` written without a value (null: unset for the API) gets one; a second key would be a duplicate.
              const edit = p && setValue(p, 'runAsUser', uid!);
              if (p && !edit) return undefined;
              if (edit) edits.push(edit); else toInsert.push(['runAsUser', uid!]);
            }
            edits.push(...insertPairs(ctx.file, m, toInsert));
          }
          if (userAct === 'replace') actions.push(`replace \`runAsUser: 0\` with \`${uid}\``);
          if (userAct === 'remove') actions.push('remove `runAsUser: 0`');
          if (userAct === 'insert') actions.push(setNonRoot ? `set \`runAsUser: ${uid}\` and \`runAsNonRoot: true\`` : `set \`runAsUser: ${uid}\``);
          else if (setNonRoot) actions.push('set `runAsNonRoot: true`');
          if (!edits.length) return undefined;
          return { title: upper(actions.join(' and ')), edits: mergeEdits(edits) };
        }
      }
    }
  },
});
