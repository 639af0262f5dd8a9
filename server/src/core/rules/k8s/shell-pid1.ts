import { defineRule } from '../../rule';
import type { FixDraft } from '../../rule';
import { isAlias, isScalar, isSeq, seqItems, str, nodeSpan } from '../../model/yaml';
import type { Scalar, YNode, Lookup } from '../../model/yaml';
import { analyzeScript, isShell, locateShellScript, startsNoProgram } from '../../shell';
import { scalarSourceOffset } from '../../edits/scalar-source';
import { containerIsOwn, containerLabel, effectiveGrace, intValue } from './helpers';

const NO_FIX_REASON: Record<string, string> = {
  pipeline: 'it ends in a pipeline',
  background: 'its last command runs in the background',
  compound: 'it ends in a compound command',
  builtin: 'it ends in a shell builtin or function',
  trap: 'it sets a trap, but not for TERM or INT',
};


export default defineRule({
  meta: {
    id: 'k8s/shell-pid1',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The container\'s `command`/`args` run a shell with `-c` that does not `exec` its last command: the shell (PID 1, or an init\'s child) does not pass SIGTERM on.',
    fixable: true,
    messages: {
      noExec: '`{{shell}} -c` runs {{pid1}} in {{container}} and its script does not `exec` its last command: {{why}}. Prefix the last command with `exec` (or `trap` TERM and forward it).',
      noExecManual: '`{{shell}} -c` runs {{pid1}} in {{container}} and its script does not `exec` its last command: {{why}}. No automatic fix ({{reason}}): make the program the last command and `exec` it, or `trap` TERM and forward it.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      const grace = effectiveGrace(intValue(w.lookup('terminationGracePeriodSeconds')?.value));
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
        // A leading init (`[tini, --, sh, -c, …]`) is the shell's parent: it does not save the program.
        const found = locateShellScript(argv);
        if (!found) continue;
        const { index: idx, init: pre } = found;
        const a = analyzeScript(argv[idx]);
        if (a.execsLast || a.trapsSignals || a.noFixReason === 'empty' || a.noFixReason === 'unparseable') continue;
        if (startsNoProgram(argv[idx], a.commands)) continue;
        const shellArg = argv.slice(pre?.skipped ?? 0, idx).find((x) => isShell(x)) ?? 'sh';
        const shell = shellArg.trim().split(/\s+/).pop()!.replace(/^.*\//, '');
        const target = all[idx];
        // With `args` alone, the image's ENTRYPOINT (if any) runs first and may wrap the shell.
        const where = pre ? `under \`${pre.init}\`` : 'as PID 1';
        const pid1 = parts.some((p) => p.key === 'command') ? where : `${where} (unless the image's ENTRYPOINT wraps it)`;
        const last = a.commands[a.commands.length - 1];
        const program = last?.words.find((w) => !/^[A-Za-z_]\w*\+?=/.test(w));
        const victim = a.execInsertOffset !== undefined && program ? `\`${program}\`` : 'its children';
        const init = pre && `\`${pre.init}\``;
        const why = !init ? `the shell does not forward SIGTERM (as PID 1 without a handler it drops it), and the kubelet sends SIGKILL after ${grace}`
          : pre.signalsGroup ? `${init} signals the whole process group, but the shell dies on SIGTERM at once and ${init} exits with it, so the kernel SIGKILLs ${victim} with no time to shut down`
          : `${init} forwards SIGTERM to the shell only, which exits without passing it on, so the kernel SIGKILLs ${victim} as soon as ${init} exits`;
        const data: Record<string, string | number> = { shell, pid1, container: containerLabel(c, true), why };
        const fix = fixFor();
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
          return { title: program ? `Prefix \`${program}\` with \`exec\`` : 'Prefix the last command with `exec`', edits: [{ start: at, end: at, newText: 'exec ' }] };
        }
      }
    }
  },
});
