import { defineRule, FixDraft } from '../../rule';
import { YNode, isAlias, isSeq, nodeSpan, seqItems, str } from '../../model/yaml';
import { insertPair, deletePair, deleteItem, yamlScalar } from '../../edits/yaml-edits';
import { serviceLayers, findKey, reportedElsewhere } from './util';

/** SYS_PTRACE, CAP_SYS_PTRACE or ALL (any case). */
export function isPtraceCap(cap: string): boolean {
  return /^(?:CAP_)?SYS_PTRACE$|^ALL$/i.test(cap.trim());
}

export default defineRule({
  meta: {
    id: 'compose/ptrace-capability',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: '`cap_add` grants SYS_PTRACE (or ALL), which only debuggers and tracers need.',
    fixable: true,
    messages: {
      ptrace: 'Service `{{name}}` adds `{{cap}}`: SYS_PTRACE is not in Docker\'s default capability set and lets the container trace and read the memory of other processes; only debuggers and tracers (gdb, strace, some profilers) need it. No capability is needed to receive or handle signals. Remove it.',
      all: 'Service `{{name}}` adds `{{cap}}`: every capability, including SYS_PTRACE (not in Docker\'s default set; only debuggers and tracers need it). No capability is needed to receive or handle signals. Remove it and add only the capabilities the service needs.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const found = findKey(serviceLayers(ctx, s), 'cap_add');
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
        const title = `Remove \`${b.cap}\` from \`cap_add\``;
        let fix: FixDraft | undefined;
        if (inPlace) {
          if (isAlias(b.item)) fix = undefined; // the item's text is an anchor elsewhere
          else if (!keep.length) fix = { title, edits: [deletePair(ctx.file, s.map, found.lookup.pair)] };
          else fix = { title, edits: [deleteItem(ctx.file, seq, b.i)] };
          ctx.report({ at: nodeSpan(b.item)!, messageId, data, fix });
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
        ctx.report({ at: nodeSpan(s.key)!, messageId, data, fix });
      }
    }
  },
});
