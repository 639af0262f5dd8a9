import { defineRule } from '../../rule';
import type { FixDraft } from '../../rule';
import { isAlias, isScalar, isSeq, seqItems, str, nodeSpan } from '../../model/yaml';
import type { Scalar, YNode, Lookup } from '../../model/yaml';
import { analyzeScript, isShell, shellScriptIndex, startsNoProgram } from '../../shell';
import { scalarSourceOffset } from '../../edits/scalar-source';
import { containerIsOwn, containerLabel, intValue } from './helpers';

const NO_FIX_REASON: Record<string, string> = {
  pipeline: 'it ends in a pipeline',
  background: 'its last command runs in the background',
  compound: 'it ends in a compound command',
  builtin: 'it ends in a shell builtin or function',
  trap: 'it sets a trap for other signals',
};


export default defineRule({
  meta: {
    id: 'k8s/shell-pid1',
    target: 'k8s',
    severity: 'warning',
    description: 'The container\'s `command`/`args` run a shell with `-c` that does not `exec` its last command: the shell is PID 1 and drops SIGTERM.',
    fixable: true,
    messages: {
      noExec: '`{{shell}} -c` runs {{pid1}} in {{container}} and its script does not `exec` its last command: the shell does not forward SIGTERM (as PID 1 without a handler it drops it), and the kubelet sends SIGKILL after {{grace}} s. Prefix the last command with `exec` (or `trap` TERM and forward it).',
      noExecManual: '`{{shell}} -c` runs {{pid1}} in {{container}} and its script does not `exec` its last command: the shell does not forward SIGTERM (as PID 1 without a handler it drops it), and the kubelet sends SIGKILL after {{grace}} s. No automatic fix ({{reason}}): make the program the last command and `exec` it, or `trap` TERM and forward it.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      const grace = intValue(w.lookup('terminationGracePeriodSeconds')?.value) ?? 30;
      for (const c of w.containers) {
        const parts: { key: string; l: Lookup; items: { item: YNode; value: YNode | undefined }[] }[] = [];
        let ok = true;
        for (const key of ['command', 'args']) {
          const l = c.lookup(key);
          if (!l || l.value === undefined || (isScalar(l.value) && l.value.value === null)) continue;
          if (!isSeq(l.value)) { ok = false; break; }
          parts.push({ key, l, items: seqItems(l.value, w.doc) });
        }
        if (!ok || !parts.length) continue;
        const all = parts.flatMap((p) => p.items.map((it) => ({ ...it, l: p.l })));
        const argv = all.map(({ value }) => (isScalar(value) ? str(value) ?? '' : ''));
        const idx = shellScriptIndex(argv);
        if (idx === undefined) continue;
        const a = analyzeScript(argv[idx]);
        if (a.execsLast || a.trapsSignals || a.noFixReason === 'empty' || a.noFixReason === 'unparseable') continue;
        if (startsNoProgram(argv[idx], a.commands)) continue;
        const shellArg = argv.slice(0, idx).find((x) => isShell(x)) ?? 'sh';
        const shell = shellArg.trim().split(/\s+/).pop()!.replace(/^.*\//, '');
        const target = all[idx];
        const fix = fixFor();
        // With `args` alone, the image's ENTRYPOINT (if any) runs first and may wrap the shell.
        const pid1 = parts.some((p) => p.key === 'command') ? 'as PID 1' : 'as PID 1 (unless the image\'s ENTRYPOINT wraps it)';
        const data: Record<string, string | number> = { shell, pid1, container: containerLabel(c, true), grace };
        if (a.execInsertOffset === undefined) data.reason = NO_FIX_REASON[a.noFixReason ?? ''] ?? 'its end is unclear';
        const at = nodeSpan(target.item) ?? nodeSpan(c.nameNode) ?? [0, 0];
        while (at[1] > at[0] && /[\r\n ]/.test(ctx.file.text[at[1] - 1])) at[1]--; // a block scalar's final line break
        ctx.report({
          at,
          messageId: a.execInsertOffset === undefined ? 'noExecManual' : 'noExec',
          data, fix,
        });

        function fixFor(): FixDraft | undefined {
          if (a.execInsertOffset === undefined || !containerIsOwn(c)) return undefined;
          if (!target.l.own || isAlias(target.l.pair.value) || isAlias(target.item) || !isScalar(target.item)) return undefined;
          const at = scalarSourceOffset(ctx.file, target.item as Scalar, a.execInsertOffset);
          if (at === undefined) return undefined;
          const last = a.commands[a.commands.length - 1];
          const program = last?.words.find((w) => !/^[A-Za-z_]\w*\+?=/.test(w));
          return { title: program ? `Prefix \`${program}\` with \`exec\`` : 'Prefix the last command with `exec`', edits: [{ start: at, end: at, newText: 'exec ' }] };
        }
      }
    }
  },
});
