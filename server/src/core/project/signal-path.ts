/**
 * The signal path ("Show signal path", the hover, `container-signals explain`): for a compose
 * service, a Kubernetes container or a Dockerfile, the chain a stop signal travels from the stop
 * command to the program, as data. Each step says what it does with the signal, with a verdict
 * and, when known, where it is written (absolute path, 0-based line) for file links:
 *
 *   docker compose stop → SIGTERM → tini (init: true) → docker-entrypoint.sh (exec) → bizclaw
 *     (handles SIGINT only) ✗ · ends at once, no graceful stop
 *
 * Built from the knowledge module (`pid1`, programs, shells, inits), compose/util.ts (the
 * service's layers as Compose merges them, its Dockerfile, its stop signal), the entrypoint script
 * copied from the build context (read through the WorkspaceReader) and the program's handler scan
 * (`scanHandlers`, or a scan passed in). Pure: text and a reader in, data out.
 */
import * as path from 'node:path';
import type { Document } from 'yaml';
import type { WorkspaceReader } from '../types';
import { defaultConfig } from '../types';
import type { ComposeContext } from '../rule';
import { LineIndex } from '../text';
import { docKind, syntaxOf } from '../detect';
import { parseYaml, bool, get, getMap, getStr, isScalar, isSeq, nodeSpan, ownPair, str, rootMap } from '../model/yaml';
import type { YNode, YamlDoc } from '../model/yaml';
import { composeServices } from '../model/compose';
import type { ComposeService } from '../model/compose';
import { workloads } from '../model/k8s';
import type { Container } from '../model/k8s';
import { parseDockerfile, effective, stageChain, expandArgs, logicalArgs } from '../model/dockerfile';
import type { DockerfileModel, Stage, DfInstruction } from '../model/dockerfile';
import { analyzeScript, isInit, isShell, shellScriptIndex, splitWords } from '../shell';
import {
  pid1, shellOf, shellExecsLast, handles, normalizeSignal, stripWrappers, judgeArgv, stageFamily, imageInfo,
} from '../knowledge';
import type { Pid1, ShellKind } from '../knowledge';
import { serviceLayers, serviceStart, stopSignal, buildContext, findKey, sharesPidNamespace } from '../rules/compose/util';
import type { Layer, Found } from '../rules/compose/util';
import { scanHandlers } from './handlers';
import { composeProject, includeEntries } from './compose-project';
import { judgeEntrypointScript } from './entrypoint-script';
import { findInSources, findRunCommands, flag as runFlag } from '../model/run';
import type { RunCommand } from '../model/run';
import { ciSources } from '../model/ci';
import { runPid1 } from '../rules/run/missing-init';
import type { HandlerScan } from './handlers';

// ---------------------------------------------------------------------------------------------
// Data

/**
 * What a step does with the stop signal: `passes` it on (an init forwards it), `exec`s (a shell or
 * script replaces itself, the next step inherits its PID), loses it (`lost`: a shell that does
 * not forward, a program that dies at once), `handled` (the program stops gracefully), `ignored`
 * (PID 1 without a handler: the kernel drops it), `unknown`.
 */
export type Verdict = 'passes' | 'exec' | 'lost' | 'handled' | 'ignored' | 'unknown';

/** Where a step is written: an absolute path and a 0-based line. */
export interface PathLocation { path: string; line: number }

export interface PathStep {
  /** The process, with what matters in parentheses: `tini (init: true)`, `sh -c (PID 1, does not forward)`. */
  label: string;
  /** What it does with the signal, in a sentence. */
  does: string;
  verdict: Verdict;
  location?: PathLocation;
}

/** How the stop ends: `clean` (handled), `killed` (SIGKILL after the grace period), `abrupt` (ends at once), `unknown`, `broken` (the container does not run). */
export type OutcomeKind = 'clean' | 'killed' | 'abrupt' | 'unknown' | 'broken';

export interface SignalPath {
  kind: 'compose' | 'kubernetes' | 'dockerfile' | 'run';
  /** The service, the container, or the Dockerfile stage (`final` / its name). */
  name: string;
  /** Absolute path of the file the path was asked for. */
  file: string;
  /** Offsets in that file of the node the path belongs to (service key, container name, ENTRYPOINT/CMD or FROM). */
  span: [number, number];
  /** What starts the stop: `docker compose stop`, `kubectl delete/rollout`, `docker stop`. */
  trigger: string;
  /** Steps before the signal (a Kubernetes preStop hook). */
  before?: string[];
  signal: string;
  /** Where the stop signal is set (stop_signal, STOPSIGNAL, lifecycle.stopSignal), when set. */
  signalLocation?: PathLocation;
  steps: PathStep[];
  /** Grace period before SIGKILL, as written (`10s`, `1m30s`). */
  grace: string;
  outcome: string;
  outcomeKind: OutcomeKind;
  /** What the knowledge module says PID 1 is (the hover's why), when it can tell. */
  known?: Pid1;
  /** The runtime adds an init (`init: true`). */
  init?: boolean;
  /** The program is not PID 1 of its own namespace (`pid: host`, `shareProcessNamespace`). */
  sharedPid?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** A location relative to `cwd` (`compose.yaml:4`, 1-based line), or its base name without cwd. */
export function locationText(l: PathLocation, cwd?: string): string {
  const p = cwd ? path.relative(cwd, l.path) || path.basename(l.path) : path.basename(l.path);
  return `${p.split(path.sep).join('/')}:${l.line + 1}`;
}

function withNote(label: string, note: string): string {
  return label.endsWith(')') ? `${label.slice(0, -1)}, ${note})` : `${label} (${note})`;
}

/**
 * One line: `docker compose stop → SIGTERM → tini (init: true) → app · stops cleanly`. A step
 * that loses the signal is followed by ✗. With `locations`, each step's location is added to its
 * parentheses (`relative`: to `cwd`, else base names).
 */
export function formatSignalPath(p: SignalPath, o: { locations?: boolean; cwd?: string } = {}): string {
  let s = [p.trigger, ...(p.before ?? []), p.signal].join(' → ');
  p.steps.forEach((h, i) => {
    const label = o.locations && h.location ? withNote(h.label, locationText(h.location, o.cwd)) : h.label;
    s += (i === 0 || p.steps[i - 1].verdict !== 'lost' ? ' → ' : ' ✗ ') + label;
  });
  return `${s} · ${p.outcome}`;
}

const MARK: Record<Verdict, string> = { passes: '→', exec: '→', lost: '✗', handled: '✓', ignored: '✗', unknown: '?' };

/** Several lines (the CLI, the command's document): the stop, one line per step, the outcome. */
export function formatSignalPathLines(p: SignalPath, cwd?: string): string[] {
  const sig = p.signalLocation ? ` (${locationText(p.signalLocation, cwd)})` : '';
  const out = [`${p.trigger} → ${[...(p.before ?? []), p.signal].join(' → ')}${sig}`];
  for (const s of p.steps) out.push(`  ${MARK[s.verdict]} ${s.label}: ${s.does}${s.location ? ` [${locationText(s.location, cwd)}]` : ''}`);
  out.push(`  = ${p.outcome}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entrypoint scripts

export interface ScriptJudgement {
  /** The last command replaces the shell (`exec "$@"`, `exec gosu app "$@"`). */
  execs: boolean;
  /** The script traps TERM/INT (it handles the signal itself). */
  traps: boolean;
  /** 0-based line of the last command. */
  line: number;
  /** The last command runs the script's arguments (`"$@"`): the image's CMD. */
  runsArgs: boolean;
  /** The last command's argv (exec, assignments and exec-wrappers such as gosu stripped). */
  argv: string[];
}

/**
 * How an entrypoint script ends: whether it hands the signal over (the judgement of
 * script/entrypoint-without-exec, which follows every branch and function) and what its last
 * command runs (for the next step of the path). Undefined when the script cannot be read as a
 * shell script.
 */
export function scriptEnding(text: string): ScriptJudgement | undefined {
  const a = analyzeScript(text);
  if (a.noFixReason === 'unparseable') return undefined;
  const last = a.commands[a.commands.length - 1];
  if (!last) return undefined;
  let w = [...last.words];
  while (w.length && /^[A-Za-z_]\w*=/.test(w[0])) w = w.slice(1);
  if (w[0] === 'exec') { w = w.slice(1); while (w.length && w[0].startsWith('-')) w = w.slice(w[0] === '-a' ? 2 : 1); }
  w = stripWrappers(w);
  let runsArgs = w[0] === '$@' || w[0] === '${@}' || w[0] === '$*';
  // The last command calls a function of the script (docker-library's `_main "$@"`): what it
  // execs is in its body; "$@" when an exec there runs the arguments, else not known here.
  if (w[0] && new RegExp(`^[ \\t]*(?:function[ \\t]+)?${w[0].replace(/[^\w-]/g, '')}[ \\t]*\\(\\)`, 'm').test(text)) {
    runsArgs = /\bexec\b[^\n]*"?\$(?:@|\{@\})"?/.test(text);
    w = runsArgs ? ['$@'] : [];
  }
  const lastLine = new LineIndex(text).positionAt(last.start).line;
  const j = judgeEntrypointScript(text);
  const traps = j.forwards === true || (j.execs === undefined && a.trapsSignals);
  const execs = j.execs ?? a.execsLast;
  return { execs: execs && !traps, traps, line: j.line ?? lastLine, runsArgs, argv: w };
}

/** Where a script named by argv[0] comes from: a `COPY`/`ADD` of the stage chain, resolved in the build context. */
export function copiedScript(model: DockerfileModel, stage: Stage | undefined, argv0: string, contextDir: string): string | undefined {
  if (!stage) return undefined;
  const bare = !argv0.includes('/');
  const stages = stageChain(stage).slice().reverse();
  const wd = (upTo?: DfInstruction) => {
    let w = '/';
    for (const s of stages) for (const ins of s.instructions) {
      if (ins === upTo) return w;
      if (ins.keyword === 'WORKDIR') w = path.posix.resolve(w, expandArgs(model, logicalArgs(model, ins).text.trim().replace(/^(["'])(.*)\1$/, '$2')));
    }
    return w;
  };
  // The container starts in the final WORKDIR: a relative path is resolved there.
  const want = bare ? argv0 : path.posix.resolve(wd(), argv0);
  let found: string | undefined;
  for (const s of stages) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const words = (ins.execForm ?? splitWords(logicalArgs(model, ins).text) ?? []).map((x) => expandArgs(model, x));
      if (words.some((x) => /^--from=/i.test(x))) continue;
      const args = words.filter((x) => !x.startsWith('--'));
      if (args.length < 2) continue;
      const here = wd(ins);
      const dest0 = args[args.length - 1];
      const dest = path.posix.resolve(here, dest0);
      const srcs = args.slice(0, -1);
      const intoDir = dest0.endsWith('/') || dest0 === '.' || dest0 === '..' || srcs.length > 1 || dest === here;
      for (const src of srcs) {
        if (/[*?[]/.test(src) || /^[a-z]+:\/\//i.test(src)) continue;
        const target = intoDir ? path.posix.join(dest, path.posix.basename(src)) : dest;
        // A bare name is looked up in PATH (Docker's default PATH folders).
        if (bare ? path.posix.basename(target) === argv0 && PATH_DIRS.has(path.posix.dirname(target)) : target === want) found = src;
      }
    }
  }
  return found === undefined ? undefined : path.resolve(contextDir, found);
}

/** The PATH of Docker's default environment. */
const PATH_DIRS = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);

const SCRIPT_NAME = /\.(ba|da|z|k)?sh$|(^|\/)[^/]*entrypoint[^/]*$|(^|\/)docker-[^/]+$/;

// ---------------------------------------------------------------------------------------------
// The chain

/** An argv element and where it is written. */
interface Arg { v: string; at?: PathLocation }

export interface PathOptions {
  /** The handler scan of a build context (default: `scanHandlers(contextDir, reader)`); tests pass a fake one. */
  scan?: (contextDir: string) => HandlerScan | undefined;
  /** `compose.projects` of `.container-signals.yaml` (absolute paths): other file sets merged as one project. */
  composeProjects?: readonly (readonly string[])[];
}

interface ChainInput {
  argv?: Arg[];
  signal: string;
  /** The runtime adds an init in front (`init: true`). */
  initFlag?: { label: string; at?: PathLocation };
  /** PID 1 of its own namespace (false with a shared process namespace). */
  pid1: boolean;
  /** Label when the argv is not known (it comes from the image). */
  unknown?: string;
  shell?: ShellKind;
  /** The image (no Dockerfile): its program family. */
  image?: string;
  /** What the knowledge module says PID 1 is (used when the argv is not known, and for the program). */
  known?: Pid1;
  /** The Dockerfile and its build context: scripts it copies are read, the program's handlers scanned. */
  build?: { model: DockerfileModel; stage: Stage | undefined; contextDir: string };
  reader?: WorkspaceReader;
  options?: PathOptions;
}

const sig = (s: string) => normalizeSignal(s);

function chain(input: ChainInput): PathStep[] {
  const steps: PathStep[] = [];
  const signal = sig(input.signal);
  let isPid1 = input.pid1;
  const mark = (extra?: string) => {
    const parts = [isPid1 ? 'PID 1' : undefined, extra].filter(Boolean);
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  const s6 = !!input.known?.s6;
  if (input.initFlag) {
    if (s6) {
      steps.push({ label: input.initFlag.label, does: `docker-init is PID 1, so s6-overlay's /init is not: s6-overlay refuses to start.`, verdict: 'lost', location: input.initFlag.at });
      return steps;
    }
    steps.push({ label: input.initFlag.label, does: `docker-init (tini) is PID 1: it forwards ${signal} to its child and reaps orphans.`, verdict: 'passes', location: input.initFlag.at });
    isPid1 = false;
  }
  let a = input.argv ? [...input.argv] : undefined;
  for (let depth = 0; depth < 8; depth++) {
    if (!a || !a.length) {
      const k = input.known;
      if (k && k.row.kind !== 'unknown' && (k.row.kind === 'init' || k.row.kind === 'supervisor')) {
        steps.push({ label: `${k.row.name}${mark()}`, does: `it forwards the stop signal to its services, stops them and reaps orphans (${k.via}).`, verdict: 'handled' });
        return steps;
      }
      // The image's program, when the knowledge module knows it.
      if (k && k.row.kind !== 'unknown' && !input.unknown) {
        steps.push(programStep(`${k.row.name} from the image${mark()}`, undefined, undefined, isPid1, input));
        return steps;
      }
      steps.push(programStep((input.unknown ?? 'image ENTRYPOINT/CMD') + mark(), undefined, undefined, isPid1, input));
      return steps;
    }
    const prog = a[0].v;
    const at = a[0].at;
    if (isInit(prog)) {
      steps.push({ label: prog + mark(), does: `it forwards ${signal} to its child and reaps orphans.`, verdict: 'passes', location: at });
      isPid1 = false;
      const dd = a.findIndex((x) => x.v === '--');
      let i = 1;
      if (dd >= 0) i = dd + 1; else while (i < a.length && a[i].v.startsWith('-')) i++;
      a = a.slice(i);
      if (!a.length) return steps;
      continue;
    }
    const words = a.map((x) => x.v);
    const si = shellScriptIndex(words);
    if (si !== undefined) {
      const script = words[si];
      const an = analyzeScript(script);
      const shell = `${prog} -c`;
      const next = () => { const l = lastCommandArgv(script); return l?.map((v) => ({ v, at: a![si].at })); };
      if (an.execsLast) {
        steps.push({ label: `${shell} (exec)`, does: 'it replaces itself with its last command (exec), which inherits its PID.', verdict: 'exec', location: at });
        a = next();
        if (!a) return steps;
        continue;
      }
      if (an.trapsSignals) {
        steps.push({ label: shell + mark('traps TERM/INT'), does: `its trap handles ${signal} as the script says.`, verdict: 'handled', location: at });
        return steps;
      }
      const kind: ShellKind | undefined = /(^|\/)bash$/.test(prog) ? 'bash' : input.shell;
      if (kind && shellExecsLast(kind) && !an.noFixReason && an.commands.length) {
        steps.push({ label: `${shell} (${kind} execs the last command)`, does: `${kind} runs the last simple command of a -c script with exec itself.`, verdict: 'exec', location: at });
        a = next();
        if (!a) return steps;
        continue;
      }
      steps.push({ label: shell + mark('does not forward'), does: isPid1 ? `a shell as PID 1 ignores ${signal} (no handler) and does not pass it to its child.` : `the shell does not pass ${signal} to its child.`, verdict: 'lost', location: at });
      isPid1 = false;
      a = next();
      if (!a) return steps;
      // The program behind a shell that loses the signal: named, not judged.
      steps.push({ label: a[0].v, does: `it never receives ${signal}: SIGKILL ends it after the grace period.`, verdict: 'unknown', location: a[0].at });
      return steps;
    }
    // An entrypoint script copied from the build context (or `sh script.sh`).
    const scriptIdx = isShell(prog) && a.length > 1 && /\.(ba)?sh$/.test(a[1].v) ? 1 : SCRIPT_NAME.test(prog) ? 0 : -1;
    const scriptPath = scriptIdx >= 0 && input.build && input.reader ? copiedScript(input.build.model, input.build.stage, a[scriptIdx].v, input.build.contextDir) : undefined;
    const scriptText = scriptPath ? input.reader!.readFile(scriptPath) : undefined;
    const j = scriptText !== undefined ? scriptEnding(scriptText) : undefined;
    if (scriptPath && j) {
      const name = path.posix.basename(a[scriptIdx].v);
      const loc = { path: scriptPath, line: j.line };
      const rest = a.slice(scriptIdx + 1);
      const nextArgv = j.runsArgs ? rest : j.argv.map((v) => ({ v, at: loc }));
      if (j.traps) {
        steps.push({ label: name + mark('traps TERM/INT'), does: `its trap handles ${signal} as the script says.`, verdict: 'handled', location: loc });
        return steps;
      }
      if (j.execs) {
        steps.push({ label: `${name} (exec)`, does: 'the script ends with exec: its last command inherits its PID and gets the signal.', verdict: 'exec', location: loc });
        a = nextArgv;
        if (!a.length) return steps;
        continue;
      }
      steps.push({ label: name + mark('no exec'), does: `the script runs its last command without exec: the shell ${isPid1 ? 'is PID 1, ignores' : 'gets'} ${signal} and does not pass it on.`, verdict: 'lost', location: loc });
      if (nextArgv.length) steps.push({ label: nextArgv[0].v, does: `it never receives ${signal}: SIGKILL ends it after the grace period.`, verdict: 'unknown', location: nextArgv[0].at });
      return steps;
    }
    steps.push(programStep(prog + mark(), words, at, isPid1, input));
    return steps;
  }
  return steps;
}


/** The last step: the program, judged by its handler scan (the build context) or the knowledge module. */
function programStep(label: string, argv: string[] | undefined, at: PathLocation | undefined, isPid1: boolean, input: ChainInput): PathStep {
  const signal = sig(input.signal);
  const row = argv ? judgeRow(argv, input) : input.known?.row;
  const known = row && row.kind !== 'unknown';
  // The program's own sources decide where the knowledge module lets them (refineByHandlers): an
  // unknown binary, a runtime, a native program or an interpreter, unless its runtime already
  // handles the signal (python and SIGINT).
  const readsSources = !known || ((row!.kind === 'runtime' || row!.kind === 'native' || row!.kind === 'interpreter') && !handles(row!, signal));
  const scan = readsSources && input.build ? (input.options?.scan ?? ((d: string) => (input.reader ? scanHandlers(d, input.reader) : undefined)))(input.build.contextDir) : undefined;
  if (scan) {
    const sites = scan.handles.get(signal);
    const others = [...scan.handles.keys()].filter((k) => k !== signal);
    const anti = scan.antiPatterns[0];
    if (sites?.length) return { label: withNote(label, `handles ${signal}`), does: `its code handles ${signal} (${scan.language}).`, verdict: 'handled', location: { path: sites[0].path, line: sites[0].line } };
    const first = others.length ? scan.handles.get(others[0])![0] : anti;
    const note = others.length ? `handles ${others.join(', ')} only` : anti ? anti.what : `no ${signal} handler`;
    const loc = first ? { path: first.path, line: first.line } : at;
    const partial = scan.partial ? ' (the scan stopped at its size cap: a handler may be in the files not read)' : '';
    if (isPid1 && scan.sigtermDefault !== 'exits') return { label: withNote(label, note), does: `its code does not handle ${signal}: as PID 1 the kernel drops it${partial}.`, verdict: 'ignored', location: loc };
    return { label: withNote(label, note), does: `its code does not handle ${signal}: its default action ends the program at once${partial}.`, verdict: 'lost', location: loc };
  }
  if (!known) return { label, does: `a program the linter does not know: whether it handles ${signal} cannot be told here.`, verdict: 'unknown', location: at };
  const h = handles(row!, signal);
  if (row!.kind === 'init' || row!.kind === 'supervisor') return { label, does: `${row!.name} forwards the stop signal and reaps orphans.`, verdict: 'handled', location: at };
  if (h) return { label, does: `${row!.name} handles ${signal}.`, verdict: 'handled', location: at };
  if (isPid1) return { label, does: `${row!.name} does not handle ${signal} by default: as PID 1 the kernel drops it.`, verdict: 'ignored', location: at };
  return { label, does: `${row!.name} does not handle ${signal} by default: it ends at once, without a graceful stop.`, verdict: 'lost', location: at };
}

function judgeRow(argv: string[], input: ChainInput) {
  // The knowledge module's judgement of this argv (programs, python -m, the family of a build stage).
  const fam = input.build?.stage ? stageFamily(input.build.model, input.build.stage) : input.image ? imageInfo(input.image).family : undefined;
  return judgeArgv(argv, input.shell ?? 'unknown', fam).row;
}

const ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** argv of a script's last simple command, without leading assignments and `exec`. */
function lastCommandArgv(script: string): string[] | undefined {
  const a = analyzeScript(script);
  const last = a.commands[a.commands.length - 1];
  if (!last) return undefined;
  let w = [...last.words];
  while (w.length && ASSIGN.test(w[0])) w = w.slice(1);
  if (w[0] === 'exec') { w = w.slice(1); while (w.length && w[0].startsWith('-')) w = w.slice(w[0] === '-a' ? 2 : 1); }
  return w.length ? w : undefined;
}

function outcome(steps: PathStep[], grace: string, signal: string): { outcome: string; outcomeKind: OutcomeKind } {
  const last = steps[steps.length - 1];
  const lost = steps.findIndex((s) => s.verdict === 'lost');
  if (lost >= 0 && steps[lost].does.includes('refuses to start')) return { outcome: 'the container does not start', outcomeKind: 'broken' };
  if (lost >= 0 && lost === steps.length - 1 && /ends (the program )?at once|ends at once/.test(steps[lost].does)) return { outcome: 'ends at once, no graceful stop', outcomeKind: 'abrupt' };
  if (lost >= 0) return { outcome: `SIGKILL after ${grace}`, outcomeKind: 'killed' };
  if (!last || last.verdict === 'unknown') return { outcome: `cannot tell (SIGKILL after ${grace} if ${sig(signal)} is not handled)`, outcomeKind: 'unknown' };
  if (last.verdict === 'ignored') return { outcome: `SIGKILL after ${grace}`, outcomeKind: 'killed' };
  if (last.verdict === 'handled') return { outcome: 'stops cleanly', outcomeKind: 'clean' };
  return { outcome: `cannot tell (SIGKILL after ${grace} if ${sig(signal)} is not handled)`, outcomeKind: 'unknown' };
}

// ---------------------------------------------------------------------------------------------
// Signals and argv as written

/** `INT` → `SIGINT`; numbers and `SIG…` names as written. */
export function signalName(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  if (!t) return undefined;
  return /^[A-Za-z][A-Za-z0-9+-]*$/.test(t) && !/^sig/i.test(t) ? `SIG${t.toUpperCase()}` : t;
}

/** Compose `entrypoint:`/`command:` → argv (a string is split like Compose does, without a shell). */
export function composeArgv(node: YNode | undefined): string[] | undefined {
  if (!node) return undefined;
  if (isSeq(node)) return node.items.map((i) => str(i) ?? '');
  const s = str(node);
  if (s === undefined) return undefined;
  return splitWords(s) ?? s.trim().split(/\s+/).filter(Boolean);
}

function shellFormScript(model: DockerfileModel, ins: DfInstruction): string {
  const esc = model.escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return ins.rawArgs.replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), '').trim();
}

/** The argv a container of this stage runs (ENTRYPOINT + CMD, shell form wrapped in the SHELL), each element with where it is written. */
function dockerfileArgs(model: DockerfileModel, file: string | undefined, stage: Stage | undefined, cmdOverride?: Arg[]): Arg[] | undefined {
  if (!stage) return undefined;
  const shellIns = effective(stage, 'SHELL')?.ins.execForm;
  const shell = shellIns?.length ? shellIns : ['/bin/sh', '-c'];
  const asArgv = (ins: DfInstruction): Arg[] => {
    const at = file ? { path: file, line: ins.line } : undefined;
    return (ins.execForm ?? [...shell, shellFormScript(model, ins)]).map((v) => ({ v, at }));
  };
  const ep = effective(stage, 'ENTRYPOINT')?.ins;
  const cmd = cmdOverride ?? (() => { const c = effective(stage, 'CMD')?.ins; return c && asArgv(c); })();
  if (ep) return ep.execForm ? [...asArgv(ep), ...(cmd ?? [])] : asArgv(ep);
  return cmd;
}

/** The argv of a container of this stage (ENTRYPOINT + CMD; the shell form wrapped in the SHELL). */
export function dockerfileArgv(model: DockerfileModel, stage: Stage | undefined = model.final, cmdOverride?: string[]): string[] | undefined {
  return dockerfileArgs(model, undefined, stage, cmdOverride?.map((v) => ({ v })))?.map((x) => x.v);
}

export function dockerfileStopSignal(model: DockerfileModel, stage: Stage | undefined = model.final): string | undefined {
  const s = stage && effective(stage, 'STOPSIGNAL')?.ins;
  return s ? signalName(s.rawArgs) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Builders

/** Line of an offset in a file, read through the reader (or the given text for the file itself). */
class Lines {
  private cache = new Map<string, LineIndex | undefined>();
  constructor(private reader: WorkspaceReader | undefined, own?: { path: string; text: string }) {
    if (own) this.cache.set(own.path, new LineIndex(own.text));
  }
  at(file: string, offset: number | undefined): PathLocation | undefined {
    if (offset === undefined) return undefined;
    if (!this.cache.has(file)) this.cache.set(file, (() => { const t = this.reader?.readFile(file); return t === undefined ? undefined : new LineIndex(t); })());
    const li = this.cache.get(file);
    return li ? { path: file, line: li.positionAt(offset).line } : undefined;
  }
  found(f: Found | undefined): PathLocation | undefined {
    return f ? this.at(f.layer.file, nodeSpan(f.lookup.pair)?.[0]) : undefined;
  }
}

/** The signal path of a Dockerfile's stage (`docker stop`); its build context is the Dockerfile's folder. */
export function dockerfileSignalPath(text: string, file: string, stage?: Stage, reader?: WorkspaceReader, options?: PathOptions): SignalPath | undefined {
  const model = parseDockerfile(text);
  const st = stage ?? model.final;
  if (!st) return undefined;
  const sigIns = effective(st, 'STOPSIGNAL')?.ins;
  const signal = dockerfileStopSignal(model, st) ?? 'SIGTERM';
  const known = pid1({ dockerfile: { model, stage: st } });
  const steps = chain({
    argv: dockerfileArgs(model, file, st), signal, pid1: true,
    shell: shellOf(undefined, { model, stage: st }).value,
    known,
    build: { model, stage: st, contextDir: path.dirname(file) }, reader, options,
  });
  const ep = effective(st, 'CMD')?.ins ?? effective(st, 'ENTRYPOINT')?.ins;
  const anchor = ep && st.instructions.includes(ep) ? ep : st.from;
  return {
    kind: 'dockerfile', name: st.name ?? 'final', file, span: [anchor.start, anchor.start + anchor.keyword.length],
    trigger: 'docker stop', signal, signalLocation: sigIns ? { path: file, line: sigIns.line } : undefined,
    steps, grace: '10s', ...outcome(steps, '10s', signal), known,
  };
}

/**
 * The signal path of a `docker run` / `podman run` command line (`docker stop` of the container
 * it starts): `--init`, `--entrypoint` and the command after the image, `--stop-signal`,
 * `--stop-timeout`, `--pid`. `text` is the linted file's text (for the lines of the links).
 */
export function runSignalPath(cmd: RunCommand, file: string, text: string): SignalPath {
  const lines = new LineIndex(text);
  const at = (o: number): PathLocation => ({ path: file, line: lines.positionAt(o).line });
  const known = (name: string) => runFlag(cmd, name)?.value;
  const sigF = runFlag(cmd, 'stop-signal');
  const signal = signalName(sigF?.value) ?? 'SIGTERM';
  const initF = runFlag(cmd, 'init');
  const init = !!initF && (!initF.hasValue || /^(?:true|1)$/i.test(initF.value ?? ''));
  const ep = runFlag(cmd, 'entrypoint');
  const args: Arg[] = cmd.args.map((a) => ({ v: a.value, at: at(a.at[0]) }));
  const argv: Arg[] | undefined = ep?.value !== undefined ? [...(ep.value ? [{ v: ep.value, at: at(ep.at[0]) }] : []), ...args] : args.length ? args : undefined;
  const timeout = known('stop-timeout');
  const grace = timeout !== undefined && /^\d+$/.test(timeout) ? `${timeout}s` : '10s';
  const sharedPid = /^(?:host|container:)/.test(known('pid') ?? '');
  const pid = runPid1(cmd);
  const steps = chain({
    argv, signal, pid1: !sharedPid,
    initFlag: init ? { label: `${cmd.tool === 'podman' ? 'catatonit' : 'tini'} (--init)`, at: at(initF!.at[0]) } : undefined,
    unknown: cmd.image ? `image "${cmd.image.name}" ENTRYPOINT/CMD` : undefined,
    shell: shellOf(cmd.image?.name).value,
    image: cmd.image?.name,
    known: pid,
  });
  return {
    kind: 'run', name: cmd.image?.name ?? `${cmd.tool} ${cmd.verb}`, file, span: [cmd.at[0], cmd.verbAt[1]],
    trigger: `${cmd.tool} stop`, signal, signalLocation: sigF ? at(sigF.at[0]) : undefined,
    steps, grace, ...outcome(steps, grace, signal), known: pid, init, sharedPid,
  };
}

/** The `docker run` command lines of a file (scripts, Makefiles, Markdown, CI documents). */
function runCommandsOf(f: FileInput, syntax: string | undefined): RunCommand[] {
  if (syntax === 'shell' || syntax === 'makefile' || syntax === 'markdown') return findRunCommands(f.text, syntax);
  return [];
}

function composeCtx(file: string, doc: YamlDoc, services: ComposeService[], reader: WorkspaceReader | undefined, text: string, composeProjects?: readonly (readonly string[])[]): ComposeContext {
  // The service as Compose merges it: the project's override files (compose.override.yaml, include:).
  const root = rootMap(doc);
  const project = reader ? composeProject(file, reader, composeProjects, root ? includeEntries(root, doc.doc, path.dirname(file)) : []) : undefined;
  return { config: defaultConfig(), path: file, workspace: reader, report: () => undefined, file: parseYaml(text), doc, services, project };
}

/** The signal path of a compose service, from its layers as compose/util.ts merges them (extends, overrides). */
export function composeSignalPath(ctx: ComposeContext, s: ComposeService, text: string, options?: PathOptions): SignalPath | undefined {
  const layers: Layer[] = serviceLayers(ctx, s);
  if (!layers.length) return undefined;
  const lines = new Lines(ctx.workspace, { path: ctx.path, text });
  const start = serviceStart(ctx, layers);
  const build = start?.build;
  const stopF = findKey(layers, 'stop_signal');
  const signal = signalName(stopSignal(layers, build)) ?? 'SIGTERM';
  const stopIns = !stopF && build?.stage ? effective(build.stage, 'STOPSIGNAL')?.ins : undefined;
  const graceF = findKey(layers, 'stop_grace_period');
  const grace = (graceF && isScalar(graceF.value) ? str(graceF.value) : undefined) ?? '10s';
  const initF = findKey(layers, 'init');
  const init = !!initF && bool(initF.value) === true;
  const entryF = findKey(layers, 'entrypoint');
  const cmdF = findKey(layers, 'command');
  const entry = entryF && !(isScalar(entryF.value) && entryF.value.value === null) ? composeArgv(entryF.value) : undefined;
  const cmd = cmdF && !(isScalar(cmdF.value) && cmdF.value.value === null) ? composeArgv(cmdF.value) : undefined;
  const entryAt = lines.found(entryF);
  const cmdAt = lines.found(cmdF);
  const cmdArgs = cmd?.map((v) => ({ v, at: cmdAt }));
  let argv: Arg[] | undefined;
  if (entry) argv = [...entry.map((v) => ({ v, at: entryAt })), ...(cmdArgs ?? [])];
  else if (build) argv = dockerfileArgs(build.model, build.path, build.stage, cmdArgs);
  else argv = cmdArgs;
  const imageF = findKey(layers, 'image');
  const image = imageF && isScalar(imageF.value) ? str(imageF.value) : undefined;
  const ctxDir = buildContext(layers);
  const steps = chain({
    argv, signal, pid1: !sharesPidNamespace(layers),
    initFlag: init ? { label: 'tini (init: true)', at: lines.found(initF) } : undefined,
    shell: shellOf(build ? undefined : image, build ? { model: build.model, stage: build.stage } : undefined).value,
    image: build ? undefined : image,
    known: start?.pid1,
    build: build && ctxDir ? { model: build.model, stage: build.stage, contextDir: ctxDir } : undefined,
    reader: ctx.workspace, options,
  });
  const span = nodeSpan(s.key) ?? [0, 0];
  return {
    kind: 'compose', name: s.name, file: ctx.path, span: [span[0], span[1]],
    trigger: 'docker compose stop', signal,
    signalLocation: stopF ? lines.found(stopF) : stopIns && build ? { path: build.path, line: stopIns.line } : undefined,
    steps, grace, ...outcome(steps, grace, signal), known: start?.pid1, init, sharedPid: sharesPidNamespace(layers),
  };
}

/** The signal path of a Kubernetes container (`kubectl delete/rollout`). */
export function k8sSignalPath(c: Container, file: string, text: string, reader?: WorkspaceReader, options?: PathOptions): SignalPath {
  const lines = new Lines(reader, { path: file, text });
  const doc = c.workload.doc;
  const pod = c.workload.podSpec;
  const lifecycle = getMap(c.map, 'lifecycle', doc);
  const seq = (k: string) => { const n = c.get(k); return isSeq(n) ? n.items.map((i) => str(i) ?? '') : undefined; };
  const at = (k: string) => { const p = ownPair(c.map, k); return lines.at(file, p ? nodeSpan(p)?.[0] : undefined); };
  const command = seq('command');
  const args = seq('args');
  const argv = command ? [...command.map((v) => ({ v, at: at('command') })), ...(args ?? []).map((v) => ({ v, at: at('args') }))] : undefined;
  const graceS = getStr(pod, 'terminationGracePeriodSeconds', doc);
  // the kubelet never gives a container less than 2 s (kuberuntime `minimumGracePeriodInSeconds`)
  const grace = graceS !== undefined && /^\d+$/.test(graceS) ? `${Math.max(Number(graceS), 2)}s` : '30s';
  const stopS = getStr(lifecycle, 'stopSignal', doc);
  const signal = signalName(stopS) ?? 'SIGTERM';
  const image = getStr(c.map, 'image', doc);
  const known = pid1({ image, entrypoint: command, command: args, fields: { entrypoint: 'command', command: 'args' } });
  const sharedPid = bool(get(pod, 'shareProcessNamespace', doc)) === true;
  const steps = chain({
    argv, signal, pid1: !sharedPid,
    unknown: args ? `image ENTRYPOINT ${args.join(' ')}` : undefined,
    shell: shellOf(image).value,
    image,
    known,
    reader, options,
  });
  const pair = ownPair(c.map, 'name');
  const v = pair && isScalar(pair.value) ? nodeSpan(pair.value) : undefined;
  const span = v ?? (pair ? nodeSpan(pair) : isScalar(c.nameNode) ? nodeSpan(c.nameNode) : nodeSpan(c.map)) ?? [0, 0];
  const stopPair = lifecycle ? ownPair(lifecycle, 'stopSignal') : undefined;
  return {
    kind: 'kubernetes', name: c.name ?? '(unnamed)', file, span: [span[0], span[1]],
    trigger: 'kubectl delete/rollout', before: lifecycle && get(lifecycle, 'preStop', doc) ? ['preStop hook'] : undefined,
    signal, signalLocation: stopPair ? lines.at(file, nodeSpan(stopPair)?.[0]) : undefined,
    steps, grace, ...outcome(steps, grace, signal), known, sharedPid,
  };
}

export interface FileInput { path: string; languageId?: string; text: string }

/**
 * Every signal path of a file: each compose service, each Kubernetes container, the Dockerfile's
 * final stage. Empty for other files.
 */
export function signalPaths(f: FileInput, reader?: WorkspaceReader, options?: PathOptions): SignalPath[] {
  const syntax = syntaxOf(f.path, f.languageId);
  if (syntax === 'dockerfile') {
    const p = dockerfileSignalPath(f.text, f.path, undefined, reader, options);
    return p ? [p] : [];
  }
  if (syntax === 'shell' || syntax === 'makefile' || syntax === 'markdown') return runCommandsOf(f, syntax).map((c) => runSignalPath(c, f.path, f.text));
  if (syntax !== 'yaml') return [];
  const file = parseYaml(f.text);
  const out: SignalPath[] = [];
  for (const doc of file.docs) {
    const kind = docKind(doc);
    if (!kind) for (const c of findInSources(ciSources(file, doc))) out.push(runSignalPath(c, f.path, f.text));
    if (kind === 'compose') {
      const services = composeServices(doc);
      const ctx = composeCtx(f.path, doc, services, reader, f.text, options?.composeProjects);
      for (const s of services) { const p = composeSignalPath(ctx, s, f.text, options); if (p) out.push(p); }
    } else if (kind === 'kubernetes') {
      for (const w of workloads(doc)) for (const c of w.containers) out.push(k8sSignalPath(c, f.path, f.text, reader, options));
    }
  }
  return out;
}

/**
 * The signal path under `offset` (a compose service's key, a Kubernetes container's `name:`, a
 * Dockerfile ENTRYPOINT/CMD), for the hover. With `within`, also anywhere inside the service or
 * container (the command at the cursor).
 */
export function signalPathAt(f: FileInput, offset: number, reader?: WorkspaceReader, o: PathOptions & { within?: boolean } = {}): SignalPath | undefined {
  const syntax = syntaxOf(f.path, f.languageId);
  if (syntax === 'dockerfile') {
    const model = parseDockerfile(f.text);
    for (const stage of model.stages) {
      const inStage = o.within && offset >= stage.from.start && offset <= (stage.instructions[stage.instructions.length - 1]?.end ?? stage.from.end);
      for (const ins of stage.instructions) {
        if (((ins.keyword === 'ENTRYPOINT' || ins.keyword === 'CMD') && offset >= ins.start && offset <= ins.end) || (inStage && stage === model.final)) {
          const p = dockerfileSignalPath(f.text, f.path, stage, reader, o);
          if (p && (ins.keyword === 'ENTRYPOINT' || ins.keyword === 'CMD')) p.span = [ins.start, ins.start + ins.keyword.length];
          return p;
        }
      }
    }
    return undefined;
  }
  const inLine = (cs: RunCommand[]) => { const c = cs.find((x) => offset >= x.at[0] && offset <= x.at[1]); return c && runSignalPath(c, f.path, f.text); };
  if (syntax === 'shell' || syntax === 'makefile' || syntax === 'markdown') return inLine(runCommandsOf(f, syntax));
  if (syntax !== 'yaml') return undefined;
  const file = parseYaml(f.text);
  const doc = file.docs.find((d) => offset >= d.start && offset < d.end) ?? file.docs[file.docs.length - 1];
  if (!doc) return undefined;
  const kind = docKind(doc);
  if (!kind) return inLine(findInSources(ciSources(file, doc)));
  if (kind === 'compose') {
    const services = composeServices(doc);
    for (const s of services) {
      const span = nodeSpan(o.within ? s.pair : s.key);
      if (!span || offset < span[0] || offset > span[1]) continue;
      return composeSignalPath(composeCtx(f.path, doc, services, reader, f.text, o.composeProjects), s, f.text, o);
    }
  } else if (kind === 'kubernetes') {
    for (const w of workloads(doc)) {
      for (const c of w.containers) {
        const pair = ownPair(c.map, 'name');
        const span = o.within ? nodeSpan(c.map) : pair ? nodeSpan(pair) : isScalar(c.nameNode) ? nodeSpan(c.nameNode) : undefined;
        if (!span || offset < span[0] || offset > span[1]) continue;
        return k8sSignalPath(c, f.path, f.text, reader, o);
      }
    }
  }
  return undefined;
}

export type { HandlerScan, Document };
