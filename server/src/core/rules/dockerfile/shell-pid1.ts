import { defineRule } from '../../rule';
import { effective, effectiveCmd, isWindowsStage, logicalArgs, type DfInstruction, type DockerfileModel } from '../../model/dockerfile';
import { analyzeScript, isShell, locateShellScript, startsNoProgram, stripInit } from '../../shell';
import { parseImageRef, shellOf, stageBaseImage, type ShellKind } from '../../knowledge';
import { caseSeverity, construct, shellCase, shellName } from './shell-verdict';

/**
 * For the `index`-th string of an exec-form instruction: a map from offsets in the decoded string
 * to offsets in the file (JSON escapes and line continuations followed), or undefined.
 */
export function jsonStringOffsets(model: DockerfileModel, ins: DfInstruction, index: number): ((k: number) => number) | undefined {
  const logical = logicalArgs(model, ins);
  const t = logical.text;
  let i = t.indexOf('[');
  if (i < 0) return undefined;
  i++;
  for (let n = 0; ; n++) {
    while (i < t.length && /[\s,]/.test(t[i])) i++;
    if (t[i] !== '"') return undefined;
    i++;
    const map: number[] = [];
    while (i < t.length && t[i] !== '"') {
      map.push(i);
      if (t[i] === '\\') i += t[i + 1] === 'u' ? 6 : 2;
      else i++;
    }
    map.push(i);
    i++;
    if (n === index) return (k: number) => logical.at(map[Math.max(0, Math.min(k, map.length - 1))]);
  }
}

export default defineRule({
  meta: {
    id: 'dockerfile/shell-pid1',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'An exec-form CMD or ENTRYPOINT runs ["/bin/sh", "-c", "…"] whose script does not exec its last command: on dash the shell stays PID 1 and SIGTERM never reaches the program.',
    fixable: true,
    messages: {
      dash: '{{keyword}} runs "{{program}}" through {{sh}} -c, and dash (the /bin/sh of "{{image}}") never execs it: SIGTERM stops at the shell. Prefix the last command with exec.',
      unknown: '{{keyword}} runs "{{program}}" through {{sh}} -c: if the /bin/sh of "{{image}}" is dash, SIGTERM stops at the shell. Prefix the last command with exec (right for every shell).',
      keeps: '{{keyword}} runs {{sh}} -c ending in {{construct}}, which no shell execs: the shell stays PID 1 and SIGTERM never reaches "{{program}}". Exec the program as the last command, or trap TERM and pass it on.',
      execs: '{{keyword}} runs "{{program}}" through {{sh}} -c and works here only because {{shell}} execs it itself. Prefix the last command with exec so it works with every shell.',
      none: '{{keyword}} runs {{sh}} -c, but "{{image}}" has no shell: the container cannot start. Run the program directly in the exec form.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return;
    const ep = effective(final, 'ENTRYPOINT');
    const cmd = effectiveCmd(final);
    let target: DfInstruction | undefined;
    let found: ReturnType<typeof locateShellScript>;
    if (ep?.ins.execForm?.length) {
      found = locateShellScript(ep.ins.execForm);
      if (found) target = ep.ins;
      else {
        // The CMD is the ENTRYPOINT's arguments: it runs as a program only behind an init or an entrypoint script that execs "$@".
        const init = stripInit(ep.ins.execForm);
        if (init?.stopsAll) return;
        const passes = (init && !init.rest.length) || /(^|\/)[\w.-]*entrypoint[\w.-]*$|\.sh$/.test(ep.ins.execForm[0]);
        if (!passes || !cmd?.ins.execForm) return;
        found = locateShellScript(cmd.ins.execForm);
        if (found) target = cmd.ins;
      }
    } else if (!ep || ep.ins.execForm) { // a shell-form ENTRYPOINT ignores CMD (shell-form reports it)
      if (!cmd?.ins.execForm) return;
      found = locateShellScript(cmd.ins.execForm);
      if (found) target = cmd.ins;
    }
    if (!target || !found || target.argsStart === undefined) return;
    const argv = target.execForm!;
    const script = argv[found.index];
    const shArg = argv.slice(found.init?.skipped ?? 0, found.index).find((x) => isShell(x)) ?? argv[0];
    const shBase = shArg.replace(/^.*\//, '');
    const imageShell = shellOf(undefined, { model, stage: final }).value;
    const shell: ShellKind = imageShell === 'none' ? 'none' : shBase === 'bash' ? 'bash' : shBase === 'dash' ? 'dash' : shBase === 'ash' ? 'busybox' : imageShell;
    const a = analyzeScript(script);
    if (startsNoProgram(script, a.commands)) return;
    const c = shellCase(shell, a);
    const severity = caseSeverity(c, ctx.config.preset);
    if (!severity) return;
    const last = a.commands[a.commands.length - 1];
    const program = last?.words.find((x) => !/^[A-Za-z_]\w*\+?=/.test(x)) ?? script.trim().split(/\s+/)[0] ?? '';
    const base = stageBaseImage(model, final);
    let fix;
    if (a.execInsertOffset !== undefined && c !== 'none' && c !== 'keeps') {
      const at = jsonStringOffsets(model, target, found.index);
      if (at) {
        const off = at(a.execInsertOffset);
        fix = { title: `Prefix "${program}" with exec so it replaces the shell`, edits: [{ start: off, end: off, newText: 'exec ' }] };
      }
    }
    ctx.report({
      at: [target.argsStart, target.argsEnd!],
      messageId: c,
      severity,
      data: { keyword: target.keyword, program, sh: shBase, image: parseImageRef(base).name || base, shell: shellName(shell), construct: construct(a) },
      fix,
    });
  },
});
