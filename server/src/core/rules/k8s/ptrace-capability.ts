import { defineRule } from '../../rule';
import type { FixDraft } from '../../rule';
import { bool, get, isMap, isSeq, seqItems, str, nodeSpan, ownPair } from '../../model/yaml';
import type { YAMLMap } from '../../model/yaml';
import { deleteItem, deletePair } from '../../edits/yaml-edits';
import { containerAt, containerIsOwn, containerLabel, mapSlot, seqSlot } from './helpers';

const FORBIDDEN = /^(CAP_)?SYS_PTRACE$|^ALL$/i;

export default defineRule({
  meta: {
    id: 'k8s/ptrace-capability',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A container adds SYS_PTRACE (or ALL) to its capabilities, or is privileged.',
    fixable: false,
    suggests: true,
    messages: {
      ptrace: '{{container}} adds the capability "{{cap}}", which the Pod Security Standards baseline forbids; no capability is needed to handle signals. Remove it unless a debugger or profiler in the container needs it.',
      all: '{{container}} adds "{{cap}}" capabilities, SYS_PTRACE included, which the Pod Security Standards baseline forbids. Remove it and add only the capabilities the program needs.',
      privileged: '{{container}} is privileged (every capability, SYS_PTRACE included, and the host\'s devices): the Pod Security Standards baseline forbids it. Remove privileged: true unless the container manages the node.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      const doc = w.doc;
      for (const c of w.containers) {
        const privNode = get(c.securityContext, 'privileged', doc);
        if (bool(privNode) === true) {
          ctx.report({ at: nodeSpan(privNode) ?? containerAt(c), messageId: 'privileged', data: { container: containerLabel(c) }, suggestions: privilegedSuggestion() });
        }
        const caps = get(c.securityContext, 'capabilities', doc);
        const add = isMap(caps) ? get(caps, 'add', doc) : undefined;
        if (!isSeq(add)) continue;
        const items = seqItems(add, doc);
        const bad = items.map(({ value }) => FORBIDDEN.test(str(value)?.trim() ?? ''));
        items.forEach(({ item, value }, index) => {
          if (!bad[index]) return;
          const cap = str(value)!.trim();
          const s = suggestion(index, cap);
          ctx.report({
            at: nodeSpan(item) ?? containerAt(c),
            messageId: /^ALL$/i.test(cap) ? 'all' : 'ptrace',
            data: { container: containerLabel(c), cap },
            suggestions: s && [s],
          });
        });

        function privilegedSuggestion(): FixDraft[] | undefined {
          if (!containerIsOwn(c)) return undefined;
          const sc = mapSlot(c.map, 'securityContext', doc);
          if (sc.state !== 'own') return undefined;
          const p = ownPair(sc.node, 'privileged');
          if (!p || p.value !== privNode) return undefined;
          const edit = sc.node.items.length === 1 ? deletePair(ctx.file, c.map, sc.pair) : deletePair(ctx.file, sc.node, p);
          return [{ title: 'Remove privileged: true', edits: [edit] }];
        }

        function suggestion(index: number, cap: string): FixDraft | undefined {
          if (!containerIsOwn(c)) return undefined;
          const sc = mapSlot(c.map, 'securityContext', doc);
          if (sc.state !== 'own') return undefined;
          const capsSlot = mapSlot(sc.node, 'capabilities', doc);
          if (capsSlot.state !== 'own') return undefined;
          const addSlot = seqSlot(capsSlot.node, 'add', doc);
          if (addSlot.state !== 'own' || addSlot.node !== add) return undefined;
          const title = `Remove "${cap}" from capabilities.add`;
          // The only item: drop the `add` key (and a `capabilities` that would be left empty).
          if (items.length === 1) {
            const capsMap: YAMLMap = capsSlot.node;
            const onlyAdd = capsMap.items.length === 1 && !!ownPair(capsMap, 'add');
            const onlyCaps = onlyAdd && sc.node.items.length === 1;
            const edit = onlyCaps ? deletePair(ctx.file, c.map, sc.pair)
              : onlyAdd ? deletePair(ctx.file, sc.node, capsSlot.pair) : deletePair(ctx.file, capsMap, addSlot.pair);
            return { title, edits: [edit] };
          }
          return { title, edits: [deleteItem(ctx.file, add as never, index)] };
        }
      }
    }
  },
});
