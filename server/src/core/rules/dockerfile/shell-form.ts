import { defineRule, type FixDraft, type Report } from '../../rule';
import { effective, effectiveCmd, isWindowsStage, logicalArgs, stageChain, type DfInstruction, type DockerfileModel, type Stage } from '../../model/dockerfile';
import { analyzeScript, stripInit, toExecForm, type InitPrefix } from '../../shell';
import { replaceArgs } from '../../edits/dockerfile-edits';

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

function check(model: DockerfileModel, t: { ins: DfInstruction; stage: Stage }, final: Stage, report: (r: Report) => void, cmdFeedsEntrypoint: boolean, init?: InitPrefix): void {
  const { ins } = t;
  if (ins.argsStart === undefined || ins.argsEnd === undefined) return;
  if (shellInEffect(t.stage, ins)) return;
  const logical = logicalArgs(model, ins);
  const script = logical.text;
  if (!script.trim()) return;
  const at: [number, number] = [ins.argsStart, ins.argsEnd];
  const keyword = ins.keyword;
  if (/^\s*\[\s*["'][\s\S]*\]\s*$/.test(script)) {
    const json = fixLooseArray(script);
    report({
      at, messageId: 'notJson', data: { keyword },
      fix: json && !logical.comments ? { title: `Write valid JSON: ${keyword} ${json}`, edits: [replaceArgs(ins, json)] } : undefined,
    });
    return;
  }
  const a = analyzeScript(script);
  if (a.execsLast || a.trapsSignals) return; // the shell replaces itself, or handles signals on purpose
  const last = a.commands[a.commands.length - 1];
  const program = last?.words.find((w) => !/^[A-Za-z_]\w*\+?=/.test(w)) ?? script.trim().split(/\s+/)[0];
  let fix: FixDraft | undefined;
  // An exec-form ENTRYPOINT would receive the CMD in effect as arguments; a shell-form one ignores it.
  const cmdWouldJoin = keyword === 'ENTRYPOINT' && effectiveCmd(final) !== undefined;
  const json = !a.needsShell && !logical.comments && !cmdWouldJoin ? toExecForm(script) : undefined;
  if (json) fix = { title: `Use the exec form: ${keyword} ${json}`, edits: [replaceArgs(ins, json)] };
  else if (a.execInsertOffset !== undefined) {
    const off = logical.at(a.execInsertOffset);
    fix = { title: `Prefix \`${program}\` with \`exec\` so it replaces the shell`, edits: [{ start: off, end: off, newText: 'exec ' }] };
  }
  if (init) {
    // The ENTRYPOINT is only an init: the shell is its child, and the init exits when the shell does.
    const name = `\`${init.init}\``;
    const why = init.signalsGroup
      ? `${name} signals the whole process group, but the shell dies on SIGTERM at once and ${name} exits with it, so \`${program}\` is killed with SIGKILL with no time to shut down`
      : `${name} forwards SIGTERM to the shell only, which exits without passing it on, so \`${program}\` is killed with SIGKILL as soon as ${name} exits`;
    report({ at, messageId: 'cmdInit', data: { init: init.init, why }, fix });
    return;
  }
  report({ at, messageId: cmdFeedsEntrypoint ? 'cmdArgs' : 'shellForm', data: { keyword, program }, fix });
}

export default defineRule({
  meta: {
    id: 'dockerfile/shell-form',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A shell-form CMD or ENTRYPOINT runs under `/bin/sh -c`, which does not forward SIGTERM to the program.',
    fixable: true,
    messages: {
      shellForm: 'Shell-form {{keyword}} runs `/bin/sh -c`: the shell is PID 1 and does not forward SIGTERM to `{{program}}`, so `docker stop` ends in SIGKILL after the grace period. Use the JSON exec form, or `exec` the last command.',
      cmdArgs: 'Shell-form CMD reaches the ENTRYPOINT as `/bin/sh -c "…"`: that shell does not forward SIGTERM to `{{program}}`, so `docker stop` ends in SIGKILL after the grace period. Use the JSON exec form, or `exec` the last command.',
      cmdInit: 'Shell-form CMD runs as `/bin/sh -c "…"` under the ENTRYPOINT `{{init}}`: {{why}}. Use the JSON exec form, or `exec` the last command.',
      notJson: 'This {{keyword}} is not valid JSON (strings need double quotes), so Docker runs it in shell form with `/bin/sh -c`: the shell is PID 1 and does not forward SIGTERM. Write a valid JSON array.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return;
    const ep = effective(final, 'ENTRYPOINT');
    if (ep && !ep.ins.execForm) {
      // A shell-form ENTRYPOINT ignores CMD.
      check(model, ep, final, ctx.report, false);
      return;
    }
    const cmd = effectiveCmd(final);
    if (!cmd || cmd.ins.execForm) return;
    // `ENTRYPOINT ["tini", "--"]`: the CMD's shell runs right under the init.
    const init = ep?.ins.execForm ? stripInit(ep.ins.execForm) : undefined;
    if (init?.stopsAll) return; // s6-overlay's /init signals every process and waits before SIGKILL
    check(model, cmd, final, ctx.report, !!ep && (ep.ins.execForm?.length ?? 0) > 0, init && !init.rest.length ? init : undefined);
  },
});
