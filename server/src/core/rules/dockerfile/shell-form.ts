import { defineRule, type FixDraft, type Report } from '../../rule';
import { effective, effectiveCmd, isWindowsStage, logicalArgs, stageChain, type DfInstruction, type DockerfileModel, type Stage } from '../../model/dockerfile';
import { analyzeScript, startsNoProgram, stripInit, toExecForm } from '../../shell';
import { replaceArgs } from '../../edits/dockerfile-edits';
import { parseImageRef, shellOf, stageBaseImage, type Fact, type ShellKind } from '../../knowledge';
import type { Preset } from '../../types';
import { caseSeverity, construct, shellCase, shellName } from './shell-verdict';

/** A SHELL instruction in effect where `ins` is written (earlier in its stage, or in a stage it builds on). */
function shellInEffect(stage: Stage, ins: DfInstruction): boolean {
  if (stage.instructions.some((i) => i.keyword === 'SHELL' && i.start < ins.start)) return true;
  return stageChain(stage.parent).some((s) => s.instructions.some((i) => i.keyword === 'SHELL'));
}

/** `['a', "b"]`: an array Docker could not parse as JSON (single quotes), as JSON text; undefined otherwise. */
function fixLooseArray(text: string): string | undefined {
  const t = text.trim();
  if (!/^\[[\s\S]*\]$/.test(t)) return undefined;
  const items: string[] = [];
  const re = /\s*(?:'([^'\\]*)'|"((?:[^"\\]|\\.)*)")\s*(,|\]$)/gy;
  re.lastIndex = 1;
  if (/^\[\s*\]$/.test(t)) return undefined;
  for (;;) {
    const m = re.exec(t);
    if (!m) return undefined;
    if (m[1] !== undefined) items.push(m[1]);
    else {
      try { items.push(JSON.parse(`"${m[2]}"`) as string); } catch { return undefined; }
    }
    if (m[3] === ']') break;
  }
  return re.lastIndex === t.length ? `[${items.map((w) => JSON.stringify(w)).join(', ')}]` : undefined;
}

interface Where { model: DockerfileModel; final: Stage; shell: Fact<ShellKind>; image: string; preset: Preset }

function check(w: Where, t: { ins: DfInstruction; stage: Stage }, report: (r: Report) => void): void {
  const { model, final, shell } = w;
  const { ins } = t;
  if (ins.argsStart === undefined || ins.argsEnd === undefined) return;
  if (shellInEffect(t.stage, ins)) return;
  const logical = logicalArgs(model, ins);
  const script = logical.text;
  if (!script.trim()) return;
  const at: [number, number] = [ins.argsStart, ins.argsEnd];
  const keyword = ins.keyword;
  const image = w.image;
  if (/^\s*\[\s*["'][\s\S]*\]\s*$/.test(script)) {
    // The shell runs the first word (`['node',`) as a command: exit 127 (no shell at all: no start).
    const json = fixLooseArray(script);
    const word = script.trim().split(/\s+/)[0];
    report({
      at, messageId: shell.value === 'none' ? 'notJsonNoShell' : 'notJson', data: { keyword, word, image },
      severity: 'error',
      fix: json && !logical.comments ? { title: `Write valid JSON: ${keyword} ${json}`, edits: [replaceArgs(ins, json)] } : undefined,
    });
    return;
  }
  const a = analyzeScript(script);
  if (startsNoProgram(script, a.commands)) return; // only builtins such as echo: no program waits for a signal
  const c = shellCase(shell.value, a);
  const severity = caseSeverity(c, w.preset);
  if (!severity) return;
  const last = a.commands[a.commands.length - 1];
  const program = last?.words.find((x) => !/^[A-Za-z_]\w*\+?=/.test(x)) ?? script.trim().split(/\s+/)[0];
  let fix: FixDraft | undefined;
  // An exec-form ENTRYPOINT would receive the CMD in effect as arguments; a shell-form one ignores it.
  const cmdWouldJoin = keyword === 'ENTRYPOINT' && effectiveCmd(final) !== undefined;
  const json = !a.needsShell && !logical.comments && !cmdWouldJoin ? toExecForm(script) : undefined;
  if (json) fix = { title: `Use the exec form: ${keyword} ${json}`, edits: [replaceArgs(ins, json)] };
  else if (a.execInsertOffset !== undefined && c !== 'none') { // `exec` still needs a /bin/sh
    const off = logical.at(a.execInsertOffset);
    fix = { title: `Prefix "${program}" with exec so it replaces the shell`, edits: [{ start: off, end: off, newText: 'exec ' }] };
  }
  const messageId = c === 'keeps' ? 'keeps' : c;
  report({ at, messageId, severity, data: { keyword, program, image, shell: shellName(shell.value), construct: construct(a) }, fix });
}

export default defineRule({
  meta: {
    id: 'dockerfile/shell-form',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A shell-form CMD or ENTRYPOINT runs under /bin/sh -c: on dash the shell stays PID 1 and SIGTERM never reaches the program; with no shell the container cannot start.',
    fixable: true,
    messages: {
      dash: 'Shell-form {{keyword}} runs under /bin/sh -c, and dash (the /bin/sh of "{{image}}") never execs "{{program}}": SIGTERM stops at the shell. Use the exec form, or exec the last command.',
      unknown: 'Shell-form {{keyword}} runs under /bin/sh -c: if the /bin/sh of "{{image}}" is dash, SIGTERM stops at the shell and never reaches "{{program}}". Use the exec form, or exec the last command (right for every shell).',
      keeps: 'Shell-form {{keyword}} ends in {{construct}}, which no shell execs: the shell stays PID 1 and SIGTERM never reaches "{{program}}". Exec the program as the last command, or trap TERM and pass it on.',
      none: 'Shell-form {{keyword}} needs /bin/sh, which "{{image}}" does not have: the container cannot start. Use the exec form (a JSON array).',
      execs: 'Shell-form {{keyword}} works here only because {{shell}} (the /bin/sh of "{{image}}") execs "{{program}}" itself. The exec form, or exec before the last command, works on every base.',
      notJson: 'This {{keyword}} is not valid JSON (strings need double quotes), so Docker runs it with /bin/sh -c, which runs "{{word}}" as a command: the container exits 127. Write a valid JSON array.',
      notJsonNoShell: 'This {{keyword}} is not valid JSON (strings need double quotes), so Docker runs it with /bin/sh -c, which "{{image}}" does not have: the container cannot start. Write a valid JSON array.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return;
    const base = stageBaseImage(model, final);
    const w: Where = { model, final, shell: shellOf(undefined, { model, stage: final }), image: parseImageRef(base).name || base, preset: ctx.config.preset };
    const ep = effective(final, 'ENTRYPOINT');
    if (ep && !ep.ins.execForm) {
      // A shell-form ENTRYPOINT ignores CMD.
      check(w, ep, ctx.report);
      return;
    }
    const cmd = effectiveCmd(final);
    if (!cmd || cmd.ins.execForm) return;
    // `ENTRYPOINT ["tini", "--"]` in front: the CMD's shell runs right under the init, which
    // forwards to the shell only. s6-overlay's /init signals every process and waits: no harm.
    const init = ep?.ins.execForm ? stripInit(ep.ins.execForm) : undefined;
    if (init?.stopsAll) return;
    check(w, cmd, ctx.report);
  },
});
