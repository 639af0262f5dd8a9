import { defineRule } from '../../rule';
import type { FixDraft } from '../../rule';
import { get, isMap, isSeq, seqItems, str, nodeSpan, ownPair } from '../../model/yaml';
import type { YAMLMap } from '../../model/yaml';
import { deleteItem, deletePair } from '../../edits/yaml-edits';
import { containerAt, containerIsOwn, containerLabel, mapSlot, seqSlot } from './helpers';

const FORBIDDEN = /^(CAP_)?SYS_PTRACE$|^ALL$/i;

export default defineRule({
  meta: {
    id: 'k8s/ptrace-capability',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A container adds SYS_PTRACE (or ALL) to its capabilities.',
    fixable: true,
    messages: {
      ptrace: '{{container}} adds `{{cap}}`: SYS_PTRACE is forbidden by the Pod Security Standards baseline level and is not needed to handle signals (no capability is). Remove it.',
      all: '{{container}} adds `{{cap}}` capabilities, SYS_PTRACE included: forbidden by the Pod Security Standards baseline level, and no capability is needed to handle signals. Remove it, and add only a capability the program needs.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      const doc = w.doc;
      for (const c of w.containers) {
        const caps = get(c.securityContext, 'capabilities', doc);
        const add = isMap(caps) ? get(caps, 'add', doc) : undefined;
        if (!isSeq(add)) continue;
        const items = seqItems(add, doc);
        const bad = items.map(({ value }) => FORBIDDEN.test(str(value)?.trim() ?? ''));
        items.forEach(({ item, value }, index) => {
          if (!bad[index]) return;
          const cap = str(value)!.trim();
          ctx.report({
            at: nodeSpan(item) ?? containerAt(c),
            messageId: /^ALL$/i.test(cap) ? 'all' : 'ptrace',
            data: { container: containerLabel(c), cap },
            fix: fix(index, cap),
          });
        });

        function fix(index: number, cap: string): FixDraft | undefined {
          if (!containerIsOwn(c)) return undefined;
          const sc = mapSlot(c.map, 'securityContext', doc);
          if (sc.state !== 'own') return undefined;
          const capsSlot = mapSlot(sc.node, 'capabilities', doc);
          if (capsSlot.state !== 'own') return undefined;
          const addSlot = seqSlot(capsSlot.node, 'add', doc);
          if (addSlot.state !== 'own' || addSlot.node !== add) return undefined;
          const title = `Remove \`${cap}\` from \`capabilities.add\``;
          // Every item is forbidden: drop the `add` key (and a `capabilities` that would be left empty).
          if (bad.every(Boolean)) {
            const capsMap: YAMLMap = capsSlot.node;
            const onlyAdd = capsMap.items.length === 1 && !!ownPair(capsMap, 'add');
            const onlyCaps = onlyAdd && sc.node.items.length === 1;
            const edit = onlyCaps ? deletePair(ctx.file, c.map, sc.pair)
              : onlyAdd ? deletePair(ctx.file, sc.node, capsSlot.pair) : deletePair(ctx.file, capsMap, addSlot.pair);
            return { title: bad.length > 1 ? 'Remove the forbidden capabilities from `capabilities.add`' : title, edits: [edit] };
          }
          return { title, edits: [deleteItem(ctx.file, add as never, index)] };
        }
      }
    }
  },
});
