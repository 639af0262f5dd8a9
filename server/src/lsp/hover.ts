/**
 * Hover: the stop path of a compose service, a Kubernetes container or a Dockerfile's
 * ENTRYPOINT/CMD, in one line, e.g.
 *   docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/bizclaw · SIGKILL after 10s
 *   kubectl delete/rollout → SIGTERM → sh -c (PID 1, does not forward) ✗ app · SIGKILL after 30s
 * The computation is pure (model objects in, a StopPath out); `hoverAt` locates the node.
 */
import type { ComposeService } from '../core/model/compose';
import { composeServices, serviceDockerfile } from '../core/model/compose';
import type { Container } from '../core/model/k8s';
import { workloads } from '../core/model/k8s';
import type { DockerfileModel, Stage, DfInstruction } from '../core/model/dockerfile';
import { effective, parseDockerfile } from '../core/model/dockerfile';
import { parseYaml, bool, get, getMap, getStr, isScalar, isSeq, nodeSpan, ownPair, str, YNode } from '../core/model/yaml';
import { docKind, entrypointNameKind, syntaxOf } from '../core/detect';
import { judgeEntrypointScript } from '../core/project/entrypoint-script';
import { LineIndex } from '../core/text';
import { findScriptConsumers } from '../core/project/script-consumers';
import { analyzeScript, isInit, shellScriptIndex, splitWords } from '../core/shell';
import { pid1, shellOf, shellExecsLast, shellBehaviour, handles, normalizeSignal } from '../core/knowledge';
import type { Pid1, ShellKind } from '../core/knowledge';

export interface Hop {
  label: string;
  /** Does a stop signal reach the next hop? false for a shell that neither execs nor traps. */
  forwards: boolean;
}

export interface StopPath {
  /** What starts the stop: `docker compose stop`, `kubectl delete/rollout`, `docker stop`. */
  trigger: string;
  /** Steps before the signal (a Kubernetes preStop hook). */
  before?: string[];
  signal: string;
  hops: Hop[];
  /** Grace period before SIGKILL, as written (`10s`, `1m30s`). */
  grace: string;
}

export function formatStopPath(p: StopPath): string {
  let s = [p.trigger, ...(p.before ?? []), p.signal].join(' → ');
  p.hops.forEach((h, i) => { s += (i === 0 || p.hops[i - 1].forwards ? ' → ' : ' ✗ ') + h.label; });
  return `${s} · SIGKILL after ${p.grace}`;
}

/** `INT` → `SIGINT`; numbers and `SIG…` names as written. */
export function signalName(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (!t) return undefined;
  return /^[A-Za-z][A-Za-z0-9+-]*$/.test(t) && !/^sig/i.test(t) ? `SIG${t.toUpperCase()}` : t;
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

export interface ChainOptions {
  /** Label of an init added by the runtime (`tini (init: true)`). */
  initFlag?: string;
  /** Is the first process PID 1? (false with a shared process namespace) */
  pid1?: boolean;
  /** Label when the command is not known (comes from the image). */
  unknown?: string;
  /** The image's `/bin/sh` (knowledge module): busybox and bash exec a script's last simple command themselves. */
  shell?: ShellKind;
}

/** The processes a stop signal travels through, from PID 1 to the program. */
export function processChain(argv: readonly string[] | undefined, o: ChainOptions = {}): Hop[] {
  const hops: Hop[] = [];
  let pid1 = o.pid1 !== false;
  const mark = (extra?: string) => {
    const parts = [pid1 ? 'PID 1' : undefined, extra].filter(Boolean);
    pid1 = false;
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  if (o.initFlag) { hops.push({ label: o.initFlag, forwards: true }); pid1 = false; }
  let a = argv ? [...argv] : undefined;
  for (let depth = 0; depth < 8; depth++) {
    if (!a || !a.length) { hops.push({ label: (o.unknown ?? 'image ENTRYPOINT/CMD') + mark(), forwards: true }); return hops; }
    const prog = a[0];
    if (isInit(prog)) {
      hops.push({ label: prog + mark(), forwards: true });
      const dd = a.indexOf('--');
      let i = 1;
      if (dd >= 0) i = dd + 1; else while (i < a.length && a[i].startsWith('-')) i++;
      a = a.slice(i);
      if (!a.length) return hops;
      continue;
    }
    const si = shellScriptIndex([...a]);
    if (si !== undefined) {
      const script = a[si];
      const an = analyzeScript(script);
      const shell = `${prog} -c`;
      if (an.execsLast) {
        // The shell replaces itself with the program, which inherits its PID.
        hops.push({ label: `${shell} (exec)`, forwards: true });
        a = lastCommandArgv(script);
        if (!a) return hops;
        continue;
      }
      if (an.trapsSignals) { hops.push({ label: shell + mark('traps TERM/INT'), forwards: true }); return hops; }
      const kind: ShellKind | undefined = /(^|\/)bash$/.test(prog) ? 'bash' : o.shell;
      if (kind && shellExecsLast(kind) && !an.noFixReason && an.commands.length) {
        hops.push({ label: `${shell} (${kind} execs the last command)`, forwards: true });
        a = lastCommandArgv(script);
        if (!a) return hops;
        continue;
      }
      hops.push({ label: shell + mark('does not forward'), forwards: false });
      a = lastCommandArgv(script);
      if (!a) return hops;
      continue;
    }
    hops.push({ label: prog + mark(), forwards: true });
    return hops;
  }
  return hops;
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

/** The argv a container of this stage runs (ENTRYPOINT + CMD, shell form wrapped in the SHELL). */
export function dockerfileArgv(model: DockerfileModel, stage: Stage | undefined = model.final, cmdOverride?: string[]): string[] | undefined {
  if (!stage) return undefined;
  const shellIns = effective(stage, 'SHELL')?.ins.execForm;
  const shell = shellIns?.length ? shellIns : ['/bin/sh', '-c'];
  const asArgv = (ins: DfInstruction) => ins.execForm ?? [...shell, shellFormScript(model, ins)];
  const ep = effective(stage, 'ENTRYPOINT')?.ins;
  const cmd = cmdOverride ?? (() => { const c = effective(stage, 'CMD')?.ins; return c && asArgv(c); })();
  if (ep) return ep.execForm ? [...ep.execForm, ...(cmd ?? [])] : asArgv(ep);
  return cmd;
}

export function dockerfileStopSignal(model: DockerfileModel, stage: Stage | undefined = model.final): string | undefined {
  const s = stage && effective(stage, 'STOPSIGNAL')?.ins;
  return s ? signalName(s.rawArgs) : undefined;
}

export function dockerfileStopPath(model: DockerfileModel, stage: Stage | undefined = model.final): StopPath {
  return {
    trigger: 'docker stop',
    signal: dockerfileStopSignal(model, stage) ?? 'SIGTERM',
    hops: processChain(dockerfileArgv(model, stage), { shell: stage ? shellOf(undefined, { model, stage }).value : undefined }),
    grace: '10s',
  };
}

/** The stop path of a compose service; `dockerfile` is the Dockerfile its `build:` names, when readable. */
export function composeStopPath(s: ComposeService, dockerfile?: DockerfileModel): StopPath {
  const entrypoint = composeArgv(s.get('entrypoint'));
  const command = composeArgv(s.get('command'));
  let argv: string[] | undefined;
  if (entrypoint) argv = [...entrypoint, ...(command ?? [])];
  else if (dockerfile) argv = dockerfileArgv(dockerfile, dockerfile.final, command);
  else argv = command;
  return {
    trigger: 'docker compose stop',
    signal: signalName(s.getStr('stop_signal')) ?? (dockerfile && dockerfileStopSignal(dockerfile)) ?? 'SIGTERM',
    hops: processChain(argv, { initFlag: bool(s.get('init')) === true ? 'tini (init: true)' : undefined, shell: shellOf(s.getStr('image'), dockerfile ? { model: dockerfile, stage: dockerfile.final } : undefined).value }),
    grace: s.getStr('stop_grace_period') ?? '10s',
  };
}

export function k8sStopPath(c: Container): StopPath {
  const doc = c.workload.doc;
  const pod = c.workload.podSpec;
  const lifecycle = getMap(c.map, 'lifecycle', doc);
  const command = composeArgvSeq(c.get('command'));
  const args = composeArgvSeq(c.get('args'));
  const argv = command ? [...command, ...(args ?? [])] : undefined;
  const grace = getStr(pod, 'terminationGracePeriodSeconds', doc);
  return {
    trigger: 'kubectl delete/rollout',
    before: lifecycle && get(lifecycle, 'preStop', doc) ? ['preStop hook'] : undefined,
    signal: signalName(getStr(lifecycle, 'stopSignal', doc)) ?? 'SIGTERM',
    hops: processChain(argv, {
      pid1: bool(get(pod, 'shareProcessNamespace', doc)) !== true,
      unknown: args ? `image ENTRYPOINT ${args.join(' ')}` : undefined,
      shell: shellOf(getStr(c.map, 'image', doc)).value,
    }),
    // the kubelet never gives a container less than 2 s (kuberuntime `minimumGracePeriodInSeconds`)
    grace: grace !== undefined && /^\d+$/.test(grace) ? `${Math.max(Number(grace), 2)}s` : '30s',
  };
}

function composeArgvSeq(node: YNode | undefined): string[] | undefined {
  return isSeq(node) ? node.items.map((i) => str(i) ?? '') : undefined;
}

/**
 * An entrypoint script (by name, or run by a Dockerfile/Compose file found above it): on the
 * command that hands over (`exec …`) or that should (a script/entrypoint-without-exec finding),
 * the stop path through the script's shell.
 */
function scriptStopPathAt(text: string, p: string, offset: number, readFile?: (absPath: string) => string | undefined): HoverResult | undefined {
  if (!entrypointNameKind(p) && !(readFile && findScriptConsumers(p, { readFile }).length)) return undefined;
  const j = judgeEntrypointScript(text);
  const sh = /^#!\s*(?:\S*\/env\s+)?\S*?([a-z]*sh)\b/.exec(text)?.[1] ?? 'sh';
  const path = (hops: Hop[]) => formatStopPath({ trigger: 'docker stop', signal: 'SIGTERM', hops, grace: '10s' });
  const why = [`The script ${j.detail}.`, 'A shell running a script file never execs its last command itself (dash, bash and busybox alike): only exec puts the program in its place.'];
  const bad = j.problems.find((x) => offset >= x.at[0] && offset <= x.at[1]);
  if (bad) return { text: path([{ label: `${sh} (this script)`, forwards: false }, { label: bad.command, forwards: true }]), start: bad.at[0], end: bad.at[1], why };
  if (j.execs && j.line !== undefined) {
    const lines = new LineIndex(text);
    const start = lines.offsetAt({ line: j.line, character: 0 }), end = lines.lineEnd(j.line);
    if (offset < start || offset > end) return undefined;
    const cmd = text.slice(start, end).trim().replace(/^(?:[A-Za-z_]\w*=\S*\s+)*exec\s+/, '');
    return { text: path([{ label: `${sh} (this script, exec)`, forwards: true }, { label: cmd, forwards: true }]), start, end, why };
  }
  return undefined;
}

export interface HoverResult {
  text: string;
  start: number;
  end: number;
  /** The why: what PID 1 is and does with the stop signal, which shell runs a -c script (knowledge module). */
  why?: string[];
}

/**
 * The why of a stop path, from the knowledge module: what PID 1 is and what it does with the stop
 * signal, and the image's /bin/sh when a shell is in the way.
 */
export function whyLines(p: Pid1, signal: string, o: { initFlag?: boolean; notPid1?: boolean } = {}): string[] {
  const out: string[] = [];
  const sig = normalizeSignal(signal);
  const h = handles(p.row, sig);
  const child = o.initFlag || o.notPid1;
  const who = child ? 'The program' : 'PID 1';
  if (o.notPid1) out.push('The program is not PID 1 (a shared PID namespace): the pause container or the other PID 1 reaps.');
  else if (o.initFlag) out.push(`docker-init (tini) is PID 1: it forwards ${sig} to its child and reaps orphans.`);
  const via = p.via === 'nothing' ? '' : ` (${p.via})`;
  if (p.row.kind === 'unknown') out.push(`${who}${via} is a program the linter does not know: whether it handles ${sig} cannot be told here.`);
  else if (p.row.kind === 'init' || p.row.kind === 'supervisor') out.push(`${who} is ${p.row.name}${via}: it forwards the stop signal and reaps orphans.`);
  else if (h) out.push(`${who} is ${p.row.name}${via}: it handles ${sig}.`);
  else if (child) out.push(`${who} is ${p.row.name}${via}: it does not handle ${sig} by default, so it ends at once (the signal's default action), without a graceful stop.`);
  else out.push(`${who} is ${p.row.name}${via}: it does not handle ${sig} by default, and PID 1 gets only the signals it handles: ${sig} is dropped and SIGKILL follows after the grace period.`);
  if (p.initBeforeShell) out.push('The init forwards the signal to the shell only, which does not pass it on: exec is still needed.');
  if (p.row.kind === 'shell' || p.argv?.some((x) => x === '-c')) out.push(`/bin/sh: ${shellBehaviour(p.shell.value)}.`);
  return out;
}

/**
 * The stop path for the node under `offset`: a compose service name key, a Kubernetes container
 * (its `name:`), a Dockerfile ENTRYPOINT/CMD. `readFile` reads the Dockerfile a service builds.
 */
export function stopPathAt(text: string, opts: { path: string; languageId?: string }, offset: number, readFile?: (absPath: string) => string | undefined): HoverResult | undefined {
  const syntax = syntaxOf(opts.path, opts.languageId);
  if (syntax === 'dockerfile') {
    const model = parseDockerfile(text);
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if ((ins.keyword === 'ENTRYPOINT' || ins.keyword === 'CMD') && offset >= ins.start && offset <= ins.end) {
          const sp = dockerfileStopPath(model, stage);
          return { text: formatStopPath(sp), start: ins.start, end: ins.start + ins.keyword.length, why: whyLines(pid1({ dockerfile: { model, stage } }), sp.signal) };
        }
      }
    }
    return undefined;
  }
  if (syntax === 'shell') return scriptStopPathAt(text, opts.path, offset, readFile);
  if (syntax !== 'yaml') return undefined;
  const file = parseYaml(text);
  const doc = file.docs.find((d) => offset >= d.start && offset < d.end) ?? file.docs[file.docs.length - 1];
  if (!doc) return undefined;
  const kind = docKind(doc);
  if (kind === 'compose') {
    for (const s of composeServices(doc)) {
      const span = nodeSpan(s.key);
      if (!span || offset < span[0] || offset > span[1]) continue;
      let df: DockerfileModel | undefined;
      const dfPath = readFile && serviceDockerfile(s, opts.path);
      const dfText = dfPath ? readFile!(dfPath) : undefined;
      if (dfText !== undefined) df = parseDockerfile(dfText);
      const sp = composeStopPath(s, df);
      const p = pid1({ image: s.getStr('image'), entrypoint: composeArgv(s.get('entrypoint')), command: composeArgv(s.get('command')), dockerfile: df ? { model: df, stage: df.final } : undefined });
      const pidMode = s.getStr('pid');
      return { text: formatStopPath(sp), start: span[0], end: span[1], why: whyLines(p, sp.signal, { initFlag: bool(s.get('init')) === true, notPid1: !!pidMode && /^(host|service:|container:)/.test(pidMode) }) };
    }
  } else if (kind === 'kubernetes') {
    for (const w of workloads(doc)) {
      for (const c of w.containers) {
        const pair = ownPair(c.map, 'name');
        const span = pair ? nodeSpan(pair) : isScalar(c.nameNode) ? nodeSpan(c.nameNode) : undefined;
        if (!span || offset < span[0] || offset > span[1]) continue;
        const v = pair && isScalar(pair.value) ? nodeSpan(pair.value) : undefined;
        const sp = k8sStopPath(c);
        const p = pid1({ image: getStr(c.map, 'image', c.workload.doc), entrypoint: composeArgvSeq(c.get('command')), command: composeArgvSeq(c.get('args')), fields: { entrypoint: 'command', command: 'args' } });
        return { text: formatStopPath(sp), start: v ? v[0] : span[0], end: v ? v[1] : span[1], why: whyLines(p, sp.signal, { notPid1: bool(get(c.workload.podSpec, 'shareProcessNamespace', c.workload.doc)) === true }) };
      }
    }
  }
  return undefined;
}
