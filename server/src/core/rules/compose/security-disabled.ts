import { defineRule, FixDraft } from '../../rule';
import { YNode, isAlias, isSeq, nodeSpan, seqItems, str } from '../../model/yaml';
import { deleteItem, deletePair, insertPair, yamlScalar } from '../../edits/yaml-edits';
import { substituteDefaults } from '../../knowledge';
import { disabledConfinement } from '../../model/security-opt';
import { serviceLayers, findAll, reportedElsewhere } from './util';

export default defineRule({
  meta: {
    id: 'compose/security-disabled',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`security_opt` turns seccomp, AppArmor or SELinux confinement off (`seccomp=unconfined`, `apparmor=unconfined`, `label=disable`): it hides the cause of a permission error instead of fixing it.',
    fixable: false,
    suggests: true,
    messages: {
      seccomp: 'Service "{{name}}" runs without a seccomp filter (security_opt: {{opt}}): every system call is allowed. Remove it; if a call is then refused, allow that call in a profile of your own (seccomp=<file>) instead.',
      apparmor: 'Service "{{name}}" runs without an AppArmor profile (security_opt: {{opt}}) on hosts that use AppArmor. Remove it; if an access is then refused, allow it in a profile of your own (apparmor=<profile>) instead.',
      selinux: 'Service "{{name}}" turns SELinux separation off (security_opt: {{opt}}): on hosts that use SELinux it runs unconfined (spc_t). Remove it; if a bind mount is then refused, relabel it with :z or :Z instead.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      for (const found of findAll(serviceLayers(ctx, s), 'security_opt')) {
        if (reportedElsewhere(found) || !isSeq(found.value)) continue;
        const seq = found.value;
        const items = seqItems(seq, found.layer.doc).map((x, i) => {
          const written = str(x.value);
          const value = written === undefined ? undefined : substituteDefaults(written); // `${X:-seccomp=unconfined}` counts by its default
          const off = value === undefined || value.includes('$') ? undefined : disabledConfinement(value);
          return { ...x, i, written, off };
        });
        const bad = items.filter((x) => x.off);
        if (!bad.length) continue;
        const keep = items.filter((x) => !x.off);
        // Written in the service's own map: the finding is on the item.
        const inPlace = found.layer.own && found.lookup.own && !isAlias(found.lookup.pair.value);
        for (const b of bad) {
          const data = { name: s.name, opt: b.written! };
          const title = `Remove "${b.written}" from security_opt`;
          let suggestion: FixDraft | undefined;
          if (inPlace) {
            if (!isAlias(b.item)) {
              suggestion = { title, edits: [keep.length ? deleteItem(ctx.file, seq, b.i) : deletePair(ctx.file, s.map, found.lookup.pair)] };
            }
            ctx.report({ at: nodeSpan(b.item)!, messageId: b.off!.kind, data, suggestions: suggestion && [suggestion] });
            continue;
          }
          // Through a merge key or an alias: the service's own list without it replaces the inherited one.
          // (Through `extends` of another file Compose appends the lists: an own list cannot take it away.)
          const values = keep.map((x) => x.written);
          if (found.layer.own && !values.includes(undefined)) {
            const list = `[${values.map((v) => yamlScalar(v!)).join(', ')}]`;
            if (found.lookup.own) {
              const sp = nodeSpan(found.lookup.pair.value as YNode)!;
              suggestion = { title, edits: [{ start: sp[0], end: sp[1], newText: list }] };
            } else suggestion = { title, edits: [insertPair(ctx.file, s.map, 'security_opt', list)] };
          }
          ctx.report({ at: nodeSpan(s.key)!, messageId: b.off!.kind, data, suggestions: suggestion && [suggestion] });
        }
      }
    }
  },
});
