import * as path from 'node:path';
import { defineRule, type FixDraft } from '../../rule';
import {
  effective, effectiveCmd, isRootUser, isWindowsStage, logicalArgs, stageChain, type DfInstruction,
} from '../../model/dockerfile';
import { analyzeScript, locateShellScript, startsNoProgram } from '../../shell';
import { insertLinesAfter, insertLinesBefore, keywordCase } from '../../edits/dockerfile-edits';
import {
  handles, imageInfo, judgeArgv, normalizeSignal, pid1, programRow, shellExecsLast, stageBaseImage, stageFamily, stripWrappers, type ProgramRow,
} from '../../knowledge';
import { jsonStringOffsets } from './shell-pid1';
import { signalVerdict, stopSignalValue } from '../../signals';
import type { Edit } from '../../edits/yaml-edits';
import { composeConsumers, everyConsumerInits } from '../../project/consumers';
import { contextScan } from '../../project/handlers';

const TINI = { apk: '/sbin/tini', apt: '/usr/bin/tini' } as const;
const INSTALL = {
  apk: 'apk add --no-cache tini',
  apt: 'apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*',
} as const;
/** An install command in a RUN: `tini` can join it. */
const INSTALL_RE = /\b(apk\s+add|apt-get\s+install|apt\s+install)((?:[ \t]+-[-\w=]+)*)/;

const tiniInstalled = (runs: DfInstruction[]) => runs.some((r) => /\b(apk\s+add|apt-get\s+install|apt\s+install)\b[^&;|]*\btini\b/.test(r.rawArgs));
const base = (p: string) => p.replace(/^.*\//, '');

export default defineRule({
  meta: {
    id: 'dockerfile/missing-init',
    target: 'dockerfile',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The final CMD or ENTRYPOINT runs a program as PID 1 that does not handle SIGTERM (node, python, a shell script, a native program), and no init runs in front of it.',
    fixable: false,
    suggests: true,
    messages: {
      ignores: '{{subject}} is PID 1 ({{via}}) and does not handle {{signal}} by default, so docker stop ends in SIGKILL after the grace period. Handle {{signal}} in the program, or run it under an init (tini, docker run --init, compose init: true).',
      wrapped: '{{subject}} ({{via}}) does not handle {{signal}} by default: behind the shell, or as PID 1 once exec\'d, docker stop ends in SIGKILL after the grace period. Handle {{signal}} in the program, or run it under an init (tini, docker run --init, compose init: true) and exec it.',
      unknown: 'The linter cannot tell whether {{subject}}, PID 1 here ({{via}}), handles {{signal}}; without a handler docker stop ends in SIGKILL after the grace period. If it has none, run it under an init (tini, docker run --init, compose init: true).',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || isWindowsStage(model, final)) return;
    const ep = effective(final, 'ENTRYPOINT');
    const cmd = effectiveCmd(final);
    const epSet = !!ep && !(ep.ins.execForm && ep.ins.execForm.length === 0); // `ENTRYPOINT []` clears it
    const target = epSet ? ep : cmd;
    if (!target || target.ins.argsStart === undefined) return; // nothing in this file says what runs: the base image decides
    // The Dockerfile's folder is its build context: the program's own handlers count, as for a compose service that builds it.
    const p = pid1({ dockerfile: { model, stage: final }, handlers: contextScan(path.dirname(ctx.path), ctx.workspace) });
    // s6-overlay, an init or a supervisor is PID 1; a package manager start is package-manager-start's.
    if (p.s6 || p.packageManager || p.row.kind === 'init' || p.row.kind === 'supervisor') return;
    const baseImage = stageBaseImage(model, final);
    const info = imageInfo(baseImage);
    let row: ProgramRow = p.row;
    let argv = p.argv ?? [];
    let script: { ins: DfInstruction; offset: number; json?: number } | undefined; // where `exec` goes with tini in front
    let needsExec = false;
    if (row.kind === 'shell') {
      // A `sh -c` script: shell-form/shell-pid1 report the shell; judge the program their fix execs.
      const loc = locateShellScript(argv);
      if (!loc) {
        row = { ...row, kind: 'unknown', handles: [] }; // a script file: it may exec a program that handles SIGTERM
      } else {
        const text = argv[loc.index];
        const a = analyzeScript(text);
        const last = a.commands[a.commands.length - 1];
        if (a.execInsertOffset === undefined || !last) return;
        const inner = judgeArgv(last.words, p.shell.value, stageFamily(model, final), info);
        if (inner.packageManager) return;
        row = inner.row;
        argv = inner.argv ?? last.words;
        if (!shellExecsLast(p.shell.value)) {
          needsExec = true;
          // The instruction that holds the script: exec form (its string) or shell form (its text).
          const ins = [ep?.ins, cmd?.ins].find((i) => i && (i.execForm ? i.execForm[loc.index] === text : logicalArgs(model, i).text === text));
          if (ins) script = { ins, offset: a.execInsertOffset, json: ins.execForm ? loc.index : undefined };
        }
      }
    }
    // No ENTRYPOINT here and CMD starts with an option (or, for node, a .js file): the base image's
    // docker-entrypoint.sh runs its own program with it.
    const a0 = argv[0] ?? '';
    if (!epSet && info.program && info.execEntrypoint && (a0.startsWith('-') || (info.program.value.name === 'node' && /\.[cm]?js$/.test(a0)))) {
      row = info.program.value;
      argv = [row.name, ...argv];
    }
    // A program that exits at once (echo, true): no stop signal to lose.
    if (argv.length && startsNoProgram('', [{ words: [base(argv[0]), ...argv.slice(1)] }])) return;
    // An entrypoint script in front of a CMD that names a known program: by convention the script
    // ends with exec "$@" (the official images' do). When that program handles the signal, say nothing;
    // otherwise the linter cannot be sure what the script does: information.
    let viaScript = false;
    if (row.kind === 'unknown' && epSet && ep!.ins.execForm && /\.sh$|entrypoint/i.test(base(ep!.ins.execForm[0] ?? '')) && cmd?.ins.execForm?.length) {
      const inner = judgeArgv(cmd.ins.execForm, p.shell.value, stageFamily(model, final), info);
      if (inner.row.kind !== 'unknown' && !inner.packageManager) {
        if (inner.row.kind === 'init' || inner.row.kind === 'supervisor') return;
        row = inner.row;
        argv = inner.argv ?? cmd.ins.execForm;
        viaScript = true;
      }
    }
    const stop = effective(final, 'STOPSIGNAL');
    const stopValue = stop ? stopSignalValue(logicalArgs(model, stop.ins).text) : undefined;
    // A STOPSIGNAL the build rejects (dockerfile/invalid-stopsignal): no image, nothing to judge.
    if (stopValue && signalVerdict(stopValue) !== 'ok') return;
    const signal = stopValue ? normalizeSignal(stopValue) : 'SIGTERM';
    const handled = handles(row, signal);
    if (handled === true) return;
    // Every compose service that builds this Dockerfile sets `init: true`: docker-init is PID 1
    // wherever the image runs in this workspace (the hover says so).
    if (everyConsumerInits(composeConsumers(ctx.path, ctx.workspace))) return;
    const h = viaScript ? undefined : handled; // behind a script the linter has not read: not sure
    const argv0 = stripWrappers(argv)[0] ?? '';
    const known = programRow(argv0);
    const subject = argv0 && (!known || known.name !== row.name) && row.kind !== 'unknown' ? `"${argv0}" (${row.name})` : argv0 ? `"${argv0}"` : row.name;

    ctx.report({
      at: [target.ins.argsStart, target.ins.argsEnd!],
      messageId: h === false ? (needsExec ? 'wrapped' : 'ignores') : 'unknown',
      severity: h === false ? undefined : 'information',
      data: { subject, via: p.via, signal },
      suggestions: tiniSuggestion(),
    });

    /** Install tini (joined into an existing apk add / apt-get install) and put it in front; `exec` in a dash script. */
    function tiniSuggestion(): FixDraft[] | undefined {
      if (epSet && !ep!.ins.execForm) return undefined; // a shell-form ENTRYPOINT: shell-form converts it first
      const stage = target!.stage;
      const runs = stageChain(stage).flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN');
      const edits: Edit[] = [];
      let pkg: 'apk' | 'apt' | undefined;
      let what = '';
      if (tiniInstalled(runs)) {
        pkg = runs.some((r) => /\bapk\s+add\b[^&;|]*\btini\b/.test(r.rawArgs)) ? 'apk' : 'apt';
      } else {
        const join = [...runs].reverse().find((r) => INSTALL_RE.test(r.rawArgs) && r.argsStart !== undefined);
        if (join) {
          const m = INSTALL_RE.exec(join.rawArgs)!;
          pkg = /^apk/.test(m[1]) ? 'apk' : 'apt';
          const off = join.argsStart! + m.index + m[0].length;
          edits.push({ start: off, end: off, newText: ' tini' });
          what = `add tini to the ${pkg === 'apk' ? 'apk add' : 'apt-get install'} on line ${join.line + 1}`;
        } else {
          pkg = info.pkg?.value;
          if (!pkg) return undefined;
          const parentUser = effective(stage.parent, 'USER');
          const asRoot = parentUser ? isRootUser(logicalArgs(model, parentUser.ins).text) : info.user?.value !== 'nonroot';
          if (!asRoot) return undefined;
          edits.push(insertLinesAfter(model, stage.from, [`${keywordCase(model, stage.from, 'RUN')} ${INSTALL[pkg]}`]));
          what = `install tini (${pkg})`;
        }
      }
      const tini = TINI[pkg];
      const prefix = `"${tini}", "--"`;
      let caveat = '';
      if (epSet) {
        const q = ep!.ins.rawArgs.indexOf('"');
        if (q < 0) return undefined;
        edits.push({ start: ep!.ins.argsStart! + q, end: ep!.ins.argsStart! + q, newText: `${prefix}, ` });
      } else {
        edits.push(insertLinesBefore(model, cmd!.ins, [`${keywordCase(model, stage.from, 'ENTRYPOINT')} [${prefix}]`]));
        // Replacing the base image's ENTRYPOINT is safe when it has none, or when it only execs a CMD that names a program.
        const cmd0 = cmd!.ins.execForm ? cmd!.ins.execForm[0] ?? '' : '/bin/sh';
        // node's docker-entrypoint.sh execs a CMD that is a command (not an option, not a .js file) unchanged.
        const safe = !!info.noEntrypoint || (info.execEntrypoint && info.program?.value.name === 'node' && !cmd0.startsWith('-') && !/\.[cm]?js$/.test(cmd0));
        if (!safe) caveat = " (replaces the base image's ENTRYPOINT)";
      }
      if (needsExec && !script) return undefined;
      if (script) {
        const off = script.json !== undefined ? jsonStringOffsets(model, script.ins, script.json)?.(script.offset) : logicalArgs(model, script.ins).at(script.offset);
        if (off === undefined) return undefined;
        edits.push({ start: off, end: off, newText: 'exec ' });
      }
      const parts = [what, `run ${epSet ? 'the ENTRYPOINT' : 'the CMD'} under ${tini}${caveat}`, script ? 'exec the last command of the script' : ''].filter(Boolean);
      const title = parts.join(', ');
      return [{ title: title.charAt(0).toUpperCase() + title.slice(1), edits }];
    }
  },
});
