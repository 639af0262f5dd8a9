import { defineRule } from '../../rule';
import type { FixDraft } from '../../rule';
import { isAlias, isScalar, isSeq, seqItems, str, nodeSpan } from '../../model/yaml';
import type { Scalar, YNode, Lookup } from '../../model/yaml';
import { analyzeScript, isShell, locateShellScript, startsNoProgram } from '../../shell';
import { scalarSourceOffset } from '../../edits/scalar-source';
import { containerIsOwn, containerLabel, containerDockerfile, effectiveGrace, factsImage, graceSeconds, notPid1 } from './helpers';
import { parseImageRef, shellExecsLast, shellOf } from '../../knowledge';
import { effective } from '../../model/dockerfile';
import type { ShellKind } from '../../knowledge';

const ENDS_WITH: Record<string, string> = {
  pipeline: 'ends in a pipeline',
  background: 'runs its last command in the background',
  compound: 'ends in a compound command',
  builtin: 'ends in a shell builtin or function',
  trap: 'sets a trap, but not for TERM or INT',
};

/**
 * Utilities that finish at once (file, link, sysctl and printing commands). A script made only of
 * these and builtins (`date; echo hello`, `cp a b && ln -s b c`, `sysctl -w … && ulimit -c …`)
 * has no program to lose on SIGTERM: nothing to report.
 */
const QUICK = new Set(['date', 'hostname', 'uname', 'id', 'whoami', 'env', 'printenv', 'ls', 'cat', 'cp', 'mv', 'ln', 'rm', 'mkdir',
  'chmod', 'chown', 'chgrp', 'touch', 'sysctl', 'echo', 'printf', 'true', 'false', 'test', 'tee', 'sed', 'grep', 'head', 'tail', 'wc']);

function quickOnly(script: string, commands: readonly { words: string[] }[]): boolean {
  if (/(^|[\s;&|(])(while|until|for|select)\s/.test(script)) return false;
  return commands.every((c) => {
    const name = c.words.find((w) => !/^[A-Za-z_]\w*\+?=/.test(w));
    return name === undefined || QUICK.has(name.replace(/^.*\//, ''));
  });
}

/** The shell's behaviour, as a closing sentence (dash and unknown shells; busybox/bash get the hint). */
function shellNote(shell: ShellKind, image: string | undefined, explicitBash: boolean): string {
  if (explicitBash) return '';
  const name = image ? parseImageRef(image).name : undefined;
  if (shell === 'dash') return ` The image's /bin/sh is dash${name ? ` ("${name}" is Debian-based)` : ''}, which never execs the last command itself.`;
  if (shell === 'unknown') return ' This image\'s /bin/sh is not known: dash never execs the last command, busybox and bash do.';
  return '';
}

export default defineRule({
  meta: {
    id: 'k8s/shell-pid1',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The container\'s `command`/`args` run `sh -c` with a script that does not `exec` its last command: the shell stands between SIGTERM and the program.',
    fixable: true,
    messages: {
      noExec: '{{Container}} runs "{{shell}} -c" {{pid1}} without exec: {{consequence}}. Prefix "{{program}}" with exec, or trap TERM and forward it.{{note}}',
      noExecManual: '{{Container}}: "{{shell}} -c" {{pid1}} {{what}}, so {{consequence}}. Make the program the last command and exec it, or trap TERM and forward it.{{note}}',
      portable: '{{Container}} runs "{{shell}} -c" and only this image\'s {{shellName}} execs "{{program}}" for it. Prefix "{{program}}" with exec so the script works with any /bin/sh.',
    },
  },
  check(ctx) {
    const strict = ctx.config.preset === 'strict';
    for (const w of ctx.workloads) {
      // The pause container (or the host's init) is PID 1: the shell is not, and exits at once on SIGTERM.
      if (notPid1(w)) continue;
      const grace = effectiveGrace(graceSeconds(w));
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
        // The workspace Dockerfile that builds the image (skaffold.yaml / compose says so): `args`
        // alone run after its exec-form ENTRYPOINT (a shell-form one ignores them); a script inside
        // that ENTRYPOINT is dockerfile/shell-pid1's.
        const build = containerDockerfile(ctx, c);
        const hasCommand = parts.some((p) => p.key === 'command');
        let dfEntry: string[] = [];
        if (!hasCommand && build?.stage) {
          const ep = effective(build.stage, 'ENTRYPOINT');
          if (ep && !ep.ins.execForm) continue;
          if (ep?.ins.execForm?.length) dfEntry = ep.ins.execForm;
        }
        let values = [...dfEntry, ...argv];
        // A leading init (`[tini, --, sh, -c, …]`) is the shell's parent: it does not save the program.
        let found = locateShellScript(values);
        if (!found && dfEntry.length) {
          // Another ENTRYPOINT (an entrypoint script that ends with exec "$@", by convention): `args` are judged alone.
          dfEntry = [];
          values = argv;
          found = locateShellScript(values);
        }
        if (!found || found.index < dfEntry.length) continue;
        const { init: pre } = found;
        const idx = found.index - dfEntry.length;
        const a = analyzeScript(argv[idx]);
        if (a.execsLast || a.trapsSignals || a.noFixReason === 'empty' || a.noFixReason === 'unparseable') continue;
        if (startsNoProgram(argv[idx], a.commands) || quickOnly(argv[idx], a.commands)) continue;
        const shellArg = values.slice(pre?.skipped ?? 0, found.index).find((x) => isShell(x)) ?? 'sh';
        const shell = shellArg.trim().split(/\s+/).pop()!.replace(/^.*\//, '');
        // The image's /bin/sh: its Dockerfile's base image when the workspace builds it.
        const image = factsImage(c, build);
        const explicitBash = shell === 'bash';
        const shellKind: ShellKind = explicitBash ? 'bash' : shellOf(image).value;
        const target = all[idx];
        const last = a.commands[a.commands.length - 1];
        const program = last?.words.find((x) => !/^[A-Za-z_]\w*\+?=/.test(x));
        const qualifies = a.execInsertOffset !== undefined && !a.noFixReason && !!program;
        // busybox ash and bash exec a script's last simple command themselves (RUNTIMES.md): it works.
        if (qualifies && shellExecsLast(shellKind)) {
          if (!strict) continue;
          const at = spanOf(target.item);
          ctx.report({
            at, messageId: 'portable', severity: 'hint',
            data: { Container: containerLabel(c), shell, program: program!, shellName: shellKind === 'bash' ? 'bash' : 'busybox ash' },
            fix: fixFor(),
          });
          continue;
        }
        // With `args` alone, the image's ENTRYPOINT (if any) runs first and may wrap the shell.
        const where = pre ? `under "${pre.init}"` : 'as PID 1';
        // With its Dockerfile known, the ENTRYPOINT in front is known too (none: the base image's may run).
        const entryKnown = hasCommand || dfEntry.length > 0;
        const pid1 = entryKnown ? where : `${where} (unless the image's ENTRYPOINT wraps it)`;
        const victim = qualifies ? `"${program}"` : 'its programs';
        const init = pre && `"${pre.init}"`;
        const consequence = !init ? (qualifies ? `${victim} never gets SIGTERM and is killed after ${grace}` : `its programs never get SIGTERM (SIGKILL after ${grace})`)
          : pre.signalsGroup ? `the shell exits on SIGTERM at once and ${init} with it, so ${victim} ${qualifies ? 'has' : 'have'} no time to shut down`
          : `${init} passes SIGTERM to the shell only, which exits, so ${victim} ${qualifies ? 'is' : 'are'} killed without it`;
        const data: Record<string, string | number> = {
          Container: containerLabel(c), shell, pid1, consequence, program: program ?? '', note: shellNote(shellKind, image, explicitBash),
          what: ENDS_WITH[a.noFixReason ?? ''] ?? 'does not end in a simple command',
        };
        ctx.report({
          at: spanOf(target.item),
          messageId: a.execInsertOffset === undefined || !program ? 'noExecManual' : 'noExec',
          // An init container runs before the pod serves: a stop reaches it only when the pod is deleted while it runs.
          severity: c.init ? 'information' : undefined,
          data, fix: program ? fixFor() : undefined,
        });

        function spanOf(item: YNode): [number, number] {
          const at = nodeSpan(item) ?? nodeSpan(c.nameNode) ?? [0, 0];
          while (at[1] > at[0] && /[\r\n ]/.test(ctx.file.text[at[1] - 1])) at[1]--; // a block scalar's final line break
          return at;
        }

        function fixFor(): FixDraft | undefined {
          if (a.execInsertOffset === undefined || !containerIsOwn(c)) return undefined;
          if (!target.l.own || isAlias(target.l.pair.value) || isAlias(target.item) || !isScalar(target.item)) return undefined;
          const at = scalarSourceOffset(ctx.file, target.item as Scalar, a.execInsertOffset);
          if (at === undefined) return undefined;
          return { title: program ? `Prefix "${program}" with exec` : 'Prefix the last command with exec', edits: [{ start: at, end: at, newText: 'exec ' }] };
        }
      }
    }
  },
});
