import { defineRule, FixDraft } from '../../rule';
import { YNode, bool, isAlias, isSeq, nodeSpan, seqItems, str } from '../../model/yaml';
import { insertPair, deletePair, deleteItem, yamlScalar } from '../../edits/yaml-edits';
import { serviceLayers, findKey, findAll, reportedElsewhere } from './util';

/** SYS_PTRACE, CAP_SYS_PTRACE or ALL (any case). */
export function isPtraceCap(cap: string): boolean {
  return /^(?:CAP_)?SYS_PTRACE$|^ALL$/i.test(cap.trim());
}

export default defineRule({
  meta: {
    id: 'compose/ptrace-capability',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`cap_add` grants SYS_PTRACE (or ALL), or the service is privileged: more than any program needs to receive or handle signals.',
    fixable: false,
    suggests: true,
    messages: {
      ptrace: 'Service "{{name}}" adds {{cap}}, which lets it trace and read the memory of other processes; no capability is needed to handle signals. Remove it unless a debugger, profiler or monitoring agent here needs it.',
      all: 'Service "{{name}}" adds {{cap}}: every capability, SYS_PTRACE included; no capability is needed to handle signals. Add only the capabilities the service needs.',
      privileged: 'Service "{{name}}" is privileged: every capability (SYS_PTRACE included) and every host device; no capability is needed to handle signals. Remove privileged unless the service needs it (for example to manage the host).',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const priv = findKey(layers, 'privileged');
      if (priv && !reportedElsewhere(priv) && bool(priv.value) === true) {
        const own = priv.layer.own && priv.lookup.own && !isAlias(priv.lookup.pair.value);
        const at = own ? nodeSpan(priv.lookup.pair.value as YNode)! : nodeSpan(s.key)!;
        const suggestions = own ? [{ title: 'Remove "privileged: true"', edits: [deletePair(ctx.file, s.map, priv.lookup.pair)] }] : undefined;
        ctx.report({ at, messageId: 'privileged', data: { name: s.name }, suggestions });
      }
      // Compose appends the `cap_add` of the project's override files: what they add is reported
      // on the service here (the edit belongs in that file: no suggestion).
      for (const o of findAll(layers.filter((l) => l.overlay), 'cap_add')) {
        if (!isSeq(o.value)) continue;
        for (const x of seqItems(o.value, o.layer.doc)) {
          const cap = str(x.value);
          if (cap === undefined || !isPtraceCap(cap)) continue;
          ctx.report({ at: nodeSpan(s.key)!, messageId: /^ALL$/i.test(cap.trim()) ? 'all' : 'ptrace', data: { name: s.name, cap } });
        }
      }
      const found = findKey(layers.filter((l) => !l.overlay), 'cap_add');
      if (!found || reportedElsewhere(found) || !isSeq(found.value)) continue;
      const seq = found.value;
      const items = seqItems(seq, found.layer.doc);
      const bad = items.map((x, i) => ({ ...x, i, cap: str(x.value) })).filter((x) => x.cap !== undefined && isPtraceCap(x.cap));
      if (!bad.length) continue;
      const keep = items.filter((x) => !bad.some((b) => b.item === x.item));
      const inPlace = found.layer.own && found.lookup.own && !isAlias(found.lookup.pair.value);
      for (const b of bad) {
        const data = { name: s.name, cap: b.cap! };
        const messageId = /^ALL$/i.test(b.cap!.trim()) ? 'all' : 'ptrace';
        const title = `Remove ${b.cap} from cap_add`;
        let fix: FixDraft | undefined;
        if (inPlace) {
          if (isAlias(b.item)) fix = undefined; // the item's text is an anchor elsewhere
          else if (!keep.length) fix = { title, edits: [deletePair(ctx.file, s.map, found.lookup.pair)] };
          else fix = { title, edits: [deleteItem(ctx.file, seq, b.i)] };
          ctx.report({ at: nodeSpan(b.item)!, messageId, data, suggestions: fix && [fix] });
          continue;
        }
        // Inherited (merge key, alias or another file): write the service's own list without it.
        const values = keep.map((x) => str(x.value));
        if (!values.includes(undefined)) {
          const list = `[${values.map((v) => yamlScalar(v!)).join(', ')}]`;
          if (found.layer.own && found.lookup.own) {
            const sp = nodeSpan(found.lookup.pair.value as YNode)!;
            fix = { title, edits: [{ start: sp[0], end: sp[1], newText: list }] };
          } else fix = { title, edits: [insertPair(ctx.file, s.map, 'cap_add', list)] };
        }
        ctx.report({ at: nodeSpan(s.key)!, messageId, data, suggestions: fix && [fix] });
      }
    }
  },
});
