/**
 * app/sigterm-not-handled: the program built from the context handles some signals in its own
 * code (tokio `ctrl_c()`, `process.on('SIGINT')`, `signal.Notify(c, os.Interrupt)`…) but not the
 * stop signal, or waits forever (`sleep(Duration::MAX)`) with no handler at all. What `docker stop`
 * then does depends on whether the program is PID 1 (RUNTIMES.md "The kernel rule" and "Programs
 * as PID 1"): as PID 1 a signal without a handler is dropped (SIGKILL after the grace period);
 * behind an init its default action ends the program at once, skipping its shutdown code; the Go
 * runtime exits on SIGTERM/SIGINT/SIGHUP not passed to signal.Notify, also as PID 1.
 */
import * as path from 'node:path';
import { defineRule, FixDraft, Report, AppContext, ComposeContext, DockerfileContext } from '../../rule';
import type { ProgramRow, Pid1 } from '../../knowledge';
import { judgeArgv, normalizeSignal, pid1 as pid1Of, stageFamily } from '../../knowledge';
import { stripInit } from '../../shell';
import { signalVerdict, stopSignalValue } from '../../signals';
import { isScalar, bool, nodeSpan, str, YNode } from '../../model/yaml';
import { insertPair, setScalar } from '../../edits/yaml-edits';
import { effective, effectiveCmd, logicalArgs } from '../../model/dockerfile';
import type { DfInstruction } from '../../model/dockerfile';
import { insertLinesAfter, insertLinesBefore, keywordCase, replaceArgs, hasOpenHeredoc } from '../../edits/dockerfile-edits';
import { scanHandlers } from '../../project/handlers';
import type { HandlerScan, HandlerSite } from '../../project/handlers';
import { serviceLayers, findKey, serviceStart, stopSignal, sharesPidNamespace, buildContext } from '../compose/util';

const LANGUAGE_NAME: Record<string, string> = { rust: 'Rust', go: 'Go', node: 'Node.js', python: 'Python' };

/** Where the program runs: as PID 1, behind an init, or outside PID 1 (a shared PID namespace). */
type Place = { kind: 'pid1' } | { kind: 'init'; name: string } | { kind: 'shared'; how: string };

/** The program PID 1 runs (through an init in front of it), when it can be the context's program. */
function programOf(p: Pid1, family: Parameters<typeof judgeArgv>[2]): { row: ProgramRow; argv: string[]; init?: string } | undefined {
  if (p.s6) return undefined;
  if (p.row.kind === 'init') {
    const inner = p.argv && stripInit(p.argv);
    if (!inner || !inner.rest.length) return undefined;
    const child = judgeArgv(inner.rest, p.shell.value, family);
    if (child.packageManager) return undefined;
    return { row: child.row, argv: child.argv ?? inner.rest, init: inner.init.replace(/^.*\//, '') };
  }
  if (p.packageManager) return undefined;
  return { row: p.row, argv: p.argv ?? [] };
}

/** Does the program PID 1 runs belong to the language the context's sources are written in? */
function runsContextProgram(language: string, row: ProgramRow, argv: string[]): boolean {
  const a0 = (argv[0] ?? '').replace(/^.*\//, '');
  const binary = !!a0 && !/\.\w+$/.test(a0) && row.kind === 'unknown';
  switch (language) {
    case 'rust': return row.kind === 'native' || binary;
    case 'go': return row.family === 'go' && row.kind === 'runtime' || binary;
    case 'node': return row.name === 'node';
    case 'python': return row.name === 'python';
    default: return false;
  }
}

const KIND: Record<string, string> = { SIGTERM: 'terminate', SIGINT: 'interrupt', SIGHUP: 'hangup', SIGQUIT: 'quit' };

/** The code change, in words, for a message (the docs show it per language). */
function codeChange(scan: HandlerScan, signal: string, forever: boolean): string {
  const apis = new Set([...scan.handles.values()].flat().map((h) => h.api));
  switch (scan.language) {
    case 'rust': {
      const kind = KIND[signal] ? `SignalKind::${KIND[signal]}()` : `SignalKind::from_raw(libc::${signal})`;
      if (forever) return `wait for tokio::signal::unix::signal(${kind}) instead`;
      if ([...apis].some((a) => a.startsWith('signal_hook'))) return `add ${signal} to the signals it registers with signal-hook`;
      if (apis.has('ctrlc::set_handler') && (signal === 'SIGTERM' || signal === 'SIGHUP')) return 'turn on the "termination" feature of the ctrlc crate';
      return `also wait for tokio::signal::unix::signal(${kind})`;
    }
    case 'node': return `add a process.on("${signal}", …) handler`;
    case 'python': return `register the handler for signal.${signal} too`;
    case 'go': return `pass syscall.${signal} to signal.Notify too`;
    default: return `handle ${signal} in the code`;
  }
}

function relPath(from: string, p: string): string {
  return path.relative(from, p).split(path.sep).join('/') || path.basename(p);
}

function listSignals(sigs: string[]): string {
  return sigs.length <= 1 ? sigs.join('') : `${sigs.slice(0, -1).join(', ')} and ${sigs[sigs.length - 1]}`;
}

interface Verdict {
  messageId: 'only' | 'forever';
  severity: Report['severity'];
  data: Record<string, string>;
  related: NonNullable<Report['related']>;
  /** The code handles SIGINT: `stop_signal: SIGINT` / `STOPSIGNAL SIGINT` is a fix. */
  sigintFix: boolean;
}

/**
 * The judgement shared by compose services and Dockerfiles: undefined when the program handles
 * the stop signal, or the scan cannot tell (no handler seen at all, a registration it cannot
 * read, a scan stopped at its cap).
 */
function judge(scan: HandlerScan, signal: string, place: Place, grace: string, contextDir: string, fromDir: string, stopKey: string): Verdict | undefined {
  if (scan.partial || scan.unresolved.length) return undefined;
  if (scan.handles.has(signal) || scan.handles.has('*')) return undefined;
  // CPython's own SIGINT handler (KeyboardInterrupt) runs the program's finally blocks.
  if (scan.language === 'python' && signal === 'SIGINT') return undefined;
  const handled = [...scan.handles.keys()].sort();
  const forever = !handled.length && scan.antiPatterns.length > 0;
  if (!handled.length && !forever) return undefined;
  let outcome: string;
  let severity: Report['severity'] = 'information';
  if (scan.language === 'go') {
    // Go: a signal not passed to signal.Notify gets the runtime's default: SIGHUP, SIGINT and SIGTERM exit (os/signal docs).
    if (!['SIGTERM', 'SIGINT', 'SIGHUP'].includes(signal)) return undefined;
    outcome = `The Go runtime ends it at once on ${signal} (a signal not passed to signal.Notify), skipping its shutdown code.`;
  } else if (place.kind === 'pid1') {
    outcome = `As PID 1 it ignores ${signal}: docker stop waits ${grace}, then sends SIGKILL, and its shutdown code never runs.`;
    severity = 'warning';
  } else {
    // Behind an init the default action ends it at once: nothing to lose when it has no shutdown code.
    if (forever) return undefined;
    outcome = `${place.kind === 'init' ? `Behind ${place.name}` : `Not being PID 1 (${place.how})`}, ${signal}'s default action ends it at once, skipping its shutdown code.`;
  }
  const sigintFix = !!scan.handles.get('SIGINT') && signal !== 'SIGINT';
  const change = codeChange(scan, signal, forever);
  const fix = sigintFix ? `Set "${stopKey} SIGINT", or ${change}.` : `${change[0].toUpperCase()}${change.slice(1)}.`;
  const first = forever ? scan.antiPatterns[0] : scan.handles.get(handled[0])![0];
  const at = `${relPath(contextDir, first.path)}:${first.line + 1}`;
  const related: Verdict['related'] = [];
  const seen = new Set<string>();
  for (const sig of handled) {
    for (const h of scan.handles.get(sig)!) {
      const k = `${h.path}:${h.line}`;
      if (seen.has(k) || related.length >= 5) continue;
      seen.add(k);
      const sigs = handled.filter((s) => scan.handles.get(s)!.some((x: HandlerSite) => x.path === h.path && x.line === h.line));
      related.push({ message: `Handles ${listSignals(sigs)} here (${h.api}), not ${signal}`, path: h.path, line: h.line });
    }
  }
  if (forever) for (const a of scan.antiPatterns.slice(0, 3)) related.push({ message: `Waits forever here (${a.what}) instead of for ${signal}`, path: a.path, line: a.line });
  const lang = LANGUAGE_NAME[scan.language] ?? scan.language;
  const rel = path.relative(fromDir, contextDir).split(path.sep).join('/');
  const program = fromDir === contextDir && stopKey === 'STOPSIGNAL' ? `the ${lang} program of this folder` : `the ${lang} program built from "${rel || '.'}"`;
  return {
    messageId: forever ? 'forever' : 'only', severity, sigintFix, related,
    data: { program, handled: listSignals(handled), signal, at, what: forever ? scan.antiPatterns[0].what : '', outcome, fix },
  };
}

export default defineRule({
  meta: {
    id: 'app/sigterm-not-handled',
    target: 'app',
    presets: { recommended: 'information', strict: 'information' },
    description: "The program built from the context handles signals in its own code, but not the stop signal (or waits forever with no handler): docker stop skips its shutdown code.",
    fixable: true,
    messages: {
      only: '{{subject}}: {{program}} handles {{handled}} but not {{signal}}, its stop signal ({{at}}). {{outcome}} {{fix}}',
      forever: '{{subject}}: {{program}} waits forever ({{what}}, {{at}}) with no {{signal}} handler. {{outcome}} {{fix}}',
    },
  },
  check(ctx: AppContext) {
    if (!ctx.workspace?.listDir) return;
    if ('services' in ctx) checkCompose(ctx);
    else checkDockerfile(ctx);
  },
});

function checkCompose(ctx: ComposeContext): void {
  for (const s of ctx.services) {
    if (!s.map) continue;
    const layers = serviceLayers(ctx, s);
    const dir = buildContext(layers);
    if (!dir) continue;
    const scan = scanHandlers(dir, ctx.workspace!);
    if (!scan || !LANGUAGE_NAME[scan.language]) continue;
    const start = serviceStart(ctx, layers);
    if (!start) continue;
    const raw = stopSignal(layers, start.build);
    if (raw === undefined) continue;
    const v = raw.trim().replace(/^(["'])(.*)\1$/s, '$2');
    if (signalVerdict(v) !== 'ok') continue; // compose/invalid-stop-signal
    const signal = normalizeSignal(v);
    if (signal === 'SIGKILL' || signal === 'SIGSTOP') continue; // compose/uncatchable-stop-signal
    const family = start.build?.stage ? stageFamily(start.build.model, start.build.stage) : undefined;
    const prog = programOf(start.pid1, family);
    if (!prog || !runsContextProgram(scan.language, prog.row, prog.argv)) continue;
    const init = findKey(layers, 'init');
    const initOn = !!init && isScalar(init.value) && bool(init.value) === true;
    if (init && isScalar(init.value) && str(init.value)?.includes('${')) continue;
    const pidKey = findKey(layers, 'pid');
    const place: Place = sharesPidNamespace(layers) ? { kind: 'shared', how: `pid: ${pidKey && isScalar(pidKey.value) ? str(pidKey.value) : ''}` }
      : initOn ? { kind: 'init', name: 'the init ("init: true")' }
        : prog.init ? { kind: 'init', name: prog.init } : { kind: 'pid1' };
    const g = findKey(layers, 'stop_grace_period');
    const gv = g && isScalar(g.value) && typeof g.value.value === 'string' ? g.value.value : undefined;
    const grace = gv && /^[0-9.]+[a-zµμ]+/.test(gv) ? `the ${gv} grace period` : 'the 10s grace period';
    const verdict = judge(scan, signal, place, grace, dir, path.dirname(ctx.path), 'stop_signal:');
    if (!verdict) continue;
    const own = findKey(layers, 'stop_signal');
    const ownValue = own && own.layer.own && own.lookup.own && isScalar(own.value) && own.value.range ? own.value : undefined;
    let fix: FixDraft | undefined;
    if (verdict.sigintFix) {
      fix = ownValue
        ? { title: 'Set "stop_signal: SIGINT"', edits: [setScalar(ctx.file, ownValue, 'SIGINT')] }
        : { title: 'Add "stop_signal: SIGINT"', edits: [insertPair(ctx.file, s.map, 'stop_signal', 'SIGINT', { after: ['stop_grace_period', 'init', 'build', 'image'] })] };
    }
    const related = [...verdict.related];
    if (!own && start.build?.stage) {
      const ins = effective(start.build.stage, 'STOPSIGNAL')?.ins;
      if (ins) {
        const a = start.build.model.lines.positionAt(ins.start);
        related.push({ message: `The Dockerfile's STOPSIGNAL: the stop signal ${signal}`, path: start.build.path, line: a.line, character: a.character });
      }
    }
    ctx.report({
      at: ownValue ? nodeSpan(ownValue as YNode)! : nodeSpan(s.key)!,
      messageId: verdict.messageId, severity: verdict.severity,
      data: { ...verdict.data, subject: `Service "${s.name}"` },
      fix, related,
    });
  }
}

function checkDockerfile(ctx: DockerfileContext): void {
  const model = ctx.model;
  const final = model.final;
  if (!final) return;
  const dir = path.dirname(ctx.path);
  const scan = scanHandlers(dir, ctx.workspace!);
  if (!scan || !LANGUAGE_NAME[scan.language]) return;
  const stop = effective(final, 'STOPSIGNAL');
  const stopValue = stop ? stopSignalValue(logicalArgs(model, stop.ins).text) : 'SIGTERM';
  if (stopValue === undefined || signalVerdict(stopValue) !== 'ok') return;
  const signal = normalizeSignal(stopValue);
  if (signal === 'SIGKILL' || signal === 'SIGSTOP') return;
  const p = pid1Of({ dockerfile: { model, stage: final } });
  const prog = programOf(p, stageFamily(model, final));
  if (!prog || !runsContextProgram(scan.language, prog.row, prog.argv)) return;
  const place: Place = prog.init ? { kind: 'init', name: prog.init } : { kind: 'pid1' };
  const verdict = judge(scan, signal, place, 'the grace period (10s for docker stop)', dir, dir, 'STOPSIGNAL');
  if (!verdict) return;
  const ep = effective(final, 'ENTRYPOINT'), cmd = effectiveCmd(final);
  const startIns: DfInstruction | undefined = (cmd?.stage === final ? cmd.ins : undefined) ?? (ep?.stage === final ? ep.ins : undefined);
  let fix: FixDraft | undefined;
  if (verdict.sigintFix) {
    if (stop && stop.stage === final) fix = { title: 'Set "STOPSIGNAL SIGINT"', edits: [replaceArgs(stop.ins, 'SIGINT')] };
    else {
      const before = [ep?.stage === final ? ep.ins : undefined, cmd?.stage === final ? cmd.ins : undefined].filter((x): x is DfInstruction => !!x).sort((a, b) => a.start - b.start)[0];
      const line = `${keywordCase(model, before ?? final.from, 'STOPSIGNAL')} SIGINT`;
      const last = final.instructions[final.instructions.length - 1] ?? final.from;
      if (before) fix = { title: 'Add "STOPSIGNAL SIGINT"', edits: [insertLinesBefore(model, before, [line])] };
      else if (!hasOpenHeredoc(last)) fix = { title: 'Add "STOPSIGNAL SIGINT"', edits: [insertLinesAfter(model, last, [line])] };
    }
  }
  const target = stop && stop.stage === final ? stop.ins : startIns ?? final.from;
  ctx.report({
    at: target.argsStart !== undefined ? [target.argsStart, target.argsEnd!] : [target.start, target.end],
    messageId: verdict.messageId, severity: verdict.severity,
    data: { ...verdict.data, subject: 'The image' },
    fix, related: verdict.related,
  });
}
