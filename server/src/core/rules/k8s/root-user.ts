import { defineRule } from '../../rule';
import type { YAMLMap } from '../../model/yaml';
import { get, getMap, lookup, ownPair, bool, str, nodeSpan, isScalar, Lookup } from '../../model/yaml';
import type { Pair, YNode } from '../../model/yaml';
import type { Edit } from '../../edits/yaml-edits';
import type { Document } from 'yaml';
import { containerAt, containerIsOwn, containerLabel, containerDockerfile, factsImage, insertPairs, intValue, isPartial, isWindowsPod, mapSlot, mergeEdits } from './helpers';
import { stageUser } from '../../project/image-source';
import type { Report } from '../../rule';
import { imageInfo } from '../../knowledge';

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
    description: 'A container runs as root (`runAsUser: 0`) or allows it (`runAsNonRoot: false`); strict: nothing sets a non-root user.',
    fixable: false,
    suggests: true,
    messages: {
      conflict: '{{Container}} cannot start: runAsUser is 0{{where}} and runAsNonRoot is true, so the kubelet refuses it (CreateContainerConfigError). Set a non-zero runAsUser.{{note}}',
      user0: '{{Container}} runs as root: runAsUser is 0{{where}}. Set a non-zero runAsUser together with runAsNonRoot: true.{{note}}',
      nonRootFalse: '{{Container}} may run as root: runAsNonRoot is false{{where}} and no runAsUser above 0 is set, so the image\'s user decides. Set a non-zero runAsUser together with runAsNonRoot: true.{{note}}',
      refused: '{{Container}} cannot start: runAsNonRoot is true{{where}} and no runAsUser is set, but {{why}}, so the kubelet refuses it (CreateContainerConfigError). Set a non-zero numeric runAsUser.{{note}}',
      unset: '{{Container}} may run as root: nothing sets runAsUser above 0 or runAsNonRoot: true, so the image\'s user decides. Set a non-zero runAsUser together with runAsNonRoot: true.{{note}}',
    },
  },
  check(ctx) {
    const uid = fixUid(ctx.config.fix.user);
    const strict = ctx.config.preset === 'strict';
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
        // The workspace Dockerfile that builds the image (skaffold.yaml / compose says so): its USER
        // is the image's user; without one, its base image's facts apply.
        const build = containerDockerfile(ctx, c);
        const dfUser = build?.stage ? stageUser(build.model, build.stage) : undefined;
        const image = factsImage(c, build);
        const info = image ? imageInfo(image) : undefined;
        let imageUser = info?.user?.value;
        if (dfUser === 'unknown') imageUser = undefined;
        else if (dfUser) imageUser = dfUser.root ? 'root' : 'nonroot';
        const own = typeof dfUser === 'object' ? dfUser : undefined;
        let related: Report['related'];
        if (own && build) {
          const a = build.model.lines.positionAt(own.ins.start), b = build.model.lines.positionAt(own.ins.end);
          related = [{ message: `The Dockerfile's USER ${own.value} (built as this image per ${build.via.replace(/^.*[\\/]/, '')})`, path: build.path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character }];
        }
        let messageId: 'conflict' | 'user0' | 'nonRootFalse' | 'unset' | 'refused';
        let at: [number, number];
        let where = '';
        let why = '';
        if (user === 0) {
          // runAsNonRoot: true with UID 0: the kubelet's verifyRunAsNonRoot refuses the container.
          messageId = nonRoot === true ? 'conflict' : 'user0';
          at = nodeSpan(userL!.value) ?? containerAt(c);
          if (!cUser) where = ' in the pod\'s securityContext';
        } else if (user !== undefined && user > 0) continue;
        else if (nonRoot === true) {
          // runAsNonRoot alone: the kubelet checks the image's user, and refuses root or a name it
          // cannot verify (RUNTIMES.md Users). Known from the USER of its Dockerfile.
          if (!own || (!own.root && own.numeric)) continue;
          messageId = 'refused';
          at = nodeSpan(nonRootL!.value) ?? containerAt(c);
          if (!cNonRoot) where = ' in the pod\'s securityContext';
          why = own.root ? `its image runs as root (USER ${own.value} in its Dockerfile)` : `its image's user "${own.value}" (USER in its Dockerfile) is a name the kubelet cannot verify as non-root`;
        }
        // The image's own user is not root (RUNTIMES.md Users): runAsNonRoot false or unset changes nothing.
        else if (imageUser === 'nonroot') continue;
        else if (nonRoot === false) {
          messageId = 'nonRootFalse';
          at = nodeSpan(nonRootL!.value) ?? containerAt(c);
          if (!cNonRoot) where = ' in the pod\'s securityContext';
        } else {
          // strict only ("can be root"); not a kustomize patch (the base may set it), not an image that drops privileges itself
          if (!strict || isPartial(c) || imageUser === 'drops') continue;
          messageId = 'unset';
          at = containerAt(c);
        }
        const privileged = bool(get(sc, 'privileged', doc)) === true;
        const name = info?.ref.name;
        // Suggestions are withheld where a non-root user breaks the container (RUNTIMES.md Users).
        const note = privileged ? ' No suggestion: the container is privileged, which usually needs root.'
          : imageUser === 'drops' ? ` No suggestion: the image "${name}" starts as root and drops to its own user itself.`
          : imageUser === 'needs-root' ? ` No suggestion: the image "${name}" needs root to start.`
          : '';
        const suggestion = note ? undefined : suggest();
        ctx.report({
          at, messageId, severity: messageId === 'unset' ? 'information' : messageId === 'conflict' || messageId === 'refused' ? 'error' : undefined,
          data: { Container: containerLabel(c), where, note, why },
          related,
          suggestions: suggestion && [suggestion],
        });

        /** runAsUser (fix.user's uid) and runAsNonRoot: true, together, in the container's securityContext. */
        function suggest() {
          if (!uid || !containerIsOwn(c)) return undefined;
          const slot = mapSlot(c.map, 'securityContext', doc);
          if (slot.state === 'blocked') return undefined;
          const edits: Edit[] = [];
          if (slot.state === 'absent') {
            edits.push(...insertPairs(ctx.file, c.map, [['securityContext', { map: [['runAsNonRoot', 'true'], ['runAsUser', uid]] }]]));
          } else {
            const m = slot.node;
            const toInsert: [string, string][] = [];
            for (const [key, value] of [['runAsNonRoot', 'true'], ['runAsUser', uid]] as const) {
              const p = ownPair(m, key);
              if (!p) { toInsert.push([key, value]); continue; }
              if (str(p.value) === value) continue;
              const edit = setValue(p, key, value);
              if (!edit) return undefined;
              edits.push(edit);
            }
            edits.push(...insertPairs(ctx.file, m, toInsert));
          }
          return { title: `Set runAsUser: ${uid} and runAsNonRoot: true (check that the program runs as UID ${uid})`, edits: mergeEdits(edits) };
        }
      }
    }
  },
});
