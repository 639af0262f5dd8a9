/**
 * Hover: the signal path of a compose service, a Kubernetes container or a Dockerfile's
 * ENTRYPOINT/CMD in one line (core/project/signal-path.ts builds the chain: one chain for the
 * hover, the "Show signal path" command and `container-signals explain`), e.g.
 *   docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/bizclaw · cannot tell (…)
 *   kubectl delete/rollout → SIGTERM → sh -c (PID 1, does not forward) ✗ app · SIGKILL after 30s
 * followed by links to where each step is written, and the why from the knowledge module.
 */
import * as path from 'node:path';
import type { WorkspaceReader } from '../core/types';
import { composeConsumers, everyConsumerInits } from '../core/project/consumers';
import { parseDockerfile } from '../core/model/dockerfile';
import { shellBehaviour, handles, normalizeSignal } from '../core/knowledge';
import type { Pid1 } from '../core/knowledge';
import { signalPathAt, formatSignalPath, locationText } from '../core/project/signal-path';
import type { SignalPath, PathLocation } from '../core/project/signal-path';
import { pathToFileURL } from 'node:url';

export { formatSignalPath, signalName, composeArgv, dockerfileArgv, dockerfileStopSignal } from '../core/project/signal-path';

// ---- An entrypoint script's own stop path (the script's hover) ---------------------------------
import { entrypointNameKind, syntaxOf } from '../core/detect';
import { judgeEntrypointScript } from '../core/project/entrypoint-script';
import { findScriptConsumers } from '../core/project/script-consumers';
import { LineIndex } from '../core/text';

export interface Hop {
  label: string;
  /** Does a stop signal reach the next hop? false for a shell that neither execs nor traps. */
  forwards: boolean;
}

export interface StopPath {
  trigger: string;
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

/** A file link for a location (VS Code opens `file:…#L<line>` at that line). */
export function locationLink(l: PathLocation): string {
  return `${pathToFileURL(l.path).href}#L${l.line + 1}`;
}

const mdText = (s: string) => s.replace(/[\\[\]`*_<>]/g, (c) => `\\${c}`);

/** The steps of a path that are written somewhere, as Markdown links: `[tini (init: true) · compose.yaml:4](file:…#L4)`. */
export function pathLinks(p: SignalPath): string | undefined {
  const links: string[] = [];
  if (p.signalLocation) links.push(`[${mdText(`${p.signal} · ${locationText(p.signalLocation)}`)}](${locationLink(p.signalLocation)})`);
  for (const s of p.steps) if (s.location) links.push(`[${mdText(`${s.label} · ${locationText(s.location)}`)}](${locationLink(s.location)})`);
  return links.length ? links.join(' → ') : undefined;
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
  /** Markdown links to where the steps are written. */
  links?: string;
  /** The signal path (compose, Kubernetes, Dockerfile; not for an entrypoint script's own hover). */
  path?: SignalPath;
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
 * The signal path for the node under `offset`: a compose service name key, a Kubernetes container
 * (its `name:`), a Dockerfile ENTRYPOINT/CMD. `reader` reads the other files of the project (the
 * Dockerfile a service builds, the entrypoint script, the program's sources).
 */
export function stopPathAt(text: string, opts: { path: string; languageId?: string; config?: { composeProjects?: readonly (readonly string[])[] } }, offset: number, reader?: WorkspaceReader | ((absPath: string) => string | undefined)): HoverResult | undefined {
  const rd: WorkspaceReader | undefined = typeof reader === 'function' ? { readFile: reader } : reader;
  const input = { path: opts.path, languageId: opts.languageId, text };
  const projects = opts.config?.composeProjects ? { composeProjects: opts.config.composeProjects } : {};
  let p = signalPathAt(input, offset, rd, projects);
  // A shell script: a docker run line under the cursor has its own path; elsewhere, the script's own stop path.
  if (!p && syntaxOf(opts.path, opts.languageId) === 'shell') return scriptStopPathAt(text, opts.path, offset, rd && ((x: string) => rd.readFile(x)));
  // A Dockerfile's final FROM, ENTRYPOINT or CMD: say when dockerfile/missing-init is silent because
  // every compose service that builds it sets init: true (the final FROM shows the path only then).
  let note: string | undefined;
  if (syntaxOf(opts.path, opts.languageId) === 'dockerfile') {
    const final = parseDockerfile(text).final;
    const onFrom = !!final && offset >= final.from.start && offset <= final.from.end;
    const onFinal = !!final && (onFrom || final.instructions.some((i) => (i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') && offset >= i.start && offset <= i.end));
    if (onFinal) note = consumersNote(opts.path, rd);
    if (onFrom && note && !p) {
      p = signalPathAt(input, offset, rd, { within: true, ...projects });
      if (p) p.span = [final!.from.start, final!.from.start + final!.from.keyword.length];
    }
  }
  if (!p) return undefined;
  const why = p.known ? whyLines(p.known, p.signal, { initFlag: p.init, notPid1: p.sharedPid }) : [];
  if (note) why.push(note);
  return {
    text: formatSignalPath(p), start: p.span[0], end: p.span[1], path: p, links: pathLinks(p),
    why: why.length ? why : undefined,
  };
}

/**
 * When every compose service that builds this Dockerfile sets `init: true`, dockerfile/missing-init
 * is silent: say so, naming each compose file and line.
 */
export function consumersNote(dockerfilePath: string, reader: WorkspaceReader | undefined): string | undefined {
  if (!reader) return undefined;
  const consumers = composeConsumers(dockerfilePath, reader);
  if (!everyConsumerInits(consumers)) return undefined;
  const where = consumers.map((c) => `"${c.service}" (${path.basename(c.init!.path)}:${c.init!.line + 1})`).join(', ');
  return `dockerfile/missing-init is silent here: every compose service that builds this Dockerfile sets init: true, so docker-init (tini) is PID 1: ${where}.`;
}

/** The hover's Markdown: the path in one line, the links to where its steps are written, the why. */
export function hoverMarkdown(r: HoverResult): string {
  return `**Stop path** \`${r.text.replace(/`/g, "'")}\``
    + (r.links ? `\n\n${r.links}` : '')
    + (r.why?.length ? `\n\n${r.why.map((l) => `- ${l}`).join('\n')}` : '');
}
