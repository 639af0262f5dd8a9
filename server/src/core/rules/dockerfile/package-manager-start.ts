import * as path from 'node:path';
import { defineRule } from '../../rule';
import { effective, effectiveCmd, isWindowsStage } from '../../model/dockerfile';
import { parseImageRef, pid1, shellOf, stageBaseImage } from '../../knowledge';
import { toExecForm } from '../../shell';
import type { WorkspaceReader } from '../../types';

/** The text of package.json's script `name` next to the Dockerfile (its build context, as a rule), or undefined. */
export function packageScript(workspace: WorkspaceReader | undefined, file: string, name: string | undefined): string | undefined {
  if (!workspace || !name) return undefined;
  const text = workspace.readFile(path.join(path.dirname(file), 'package.json'));
  if (!text) return undefined;
  try {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts;
    const s = scripts && Object.prototype.hasOwnProperty.call(scripts, name) ? scripts[name] : undefined;
    return typeof s === 'string' && s.trim() ? s.trim() : undefined;
  } catch {
    return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'dockerfile/package-manager-start',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The final CMD or ENTRYPOINT starts the program through npm, yarn or pnpm, which run the package.json script with /bin/sh -c between the stop signal and the program.',
    fixable: false,
    messages: {
      dash: '"{{start}}" runs the program under {{manager}} and /bin/sh -c, and dash (the /bin/sh of "{{image}}") does not pass SIGTERM on to it. {{direct}}',
      unknown: '"{{start}}" runs the program under {{manager}} and /bin/sh -c: if the /bin/sh of "{{image}}" is dash, SIGTERM does not reach it. {{direct}}',
      execs: '"{{start}}" keeps {{manager}} as PID 1 in front of the program: the graceful stop depends on {{manager}} forwarding SIGTERM and waiting for it (yarn does not wait). {{direct}}',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return;
    const p = pid1({ dockerfile: { model, stage: final } });
    const pm = p.packageManager;
    if (!pm) return;
    const ep = effective(final, 'ENTRYPOINT');
    const cmd = effectiveCmd(final);
    const mentions = (t: string | undefined) => !!t && new RegExp(`\\b${pm.manager}\\b`).test(t);
    const ins = ep && mentions(ep.ins.rawArgs) ? ep.ins : cmd && mentions(cmd.ins.rawArgs) ? cmd.ins : (ep ?? cmd)?.ins;
    if (!ins || ins.argsStart === undefined) return;
    const shell = shellOf(undefined, { model, stage: final }).value;
    const base = stageBaseImage(model, final);
    const script = packageScript(ctx.workspace, ctx.path, pm.script);
    const exec = script ? toExecForm(script) : undefined;
    const direct = script
      ? exec
        ? `Start it directly: CMD ${exec} (package.json's "${pm.script}" script).`
        : `Start it directly: package.json's "${pm.script}" script is "${script}"; end it with exec, or run the program in the exec form.`
      : 'Start the program directly in the exec form (the command of the package.json script).';
    ctx.report({
      at: [ins.argsStart, ins.argsEnd!],
      messageId: shell === 'dash' ? 'dash' : shell === 'busybox' || shell === 'bash' ? 'execs' : 'unknown',
      data: { start: pm.argv.join(' '), manager: pm.manager, image: parseImageRef(base).name || base, direct },
      // busybox ash and bash exec the script's last command and npm/yarn forward SIGTERM to it:
      // the stop may well work (information, as for the compose and k8s rules).
      severity: shell === 'busybox' || shell === 'bash' ? 'information' : undefined,
    });
  },
});
