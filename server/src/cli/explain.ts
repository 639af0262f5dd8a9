/**
 * `container-signals explain <file>[:<service>]`: the signal path of each service / container of a
 * Compose file or Kubernetes manifest, or of a Dockerfile (core/project/signal-path.ts, the same
 * chain as the editor's hover and "Show signal path"), one line per step with `path:line`
 * locations relative to the working directory. `--format json` prints the data. Exit 0; 2 for a
 * missing file, a file that is not a manifest, or an unknown service.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Io } from './check';
import { EXIT_ERROR, EXIT_OK } from './check';
import { diskWorkspace, readTextFile, realpath, workspaceRootFor } from './read';
import { signalPaths, formatSignalPath, formatSignalPathLines } from '../core/project/signal-path';
import type { SignalPath } from '../core/project/signal-path';
import { isDockerfileName, looksLikeDockerfile, syntaxOf } from '../core/detect';
import { resolveComposeProjects } from '../core/config';
import { loadConfig } from './config-file';

export interface ExplainOptions {
  command: 'explain';
  /** `<file>` or `<file>:<service>`. */
  target: string;
  format: 'text' | 'json';
}

/** `<file>:<name>` → file and name; a path that exists as written wins (a file name may hold a colon). */
export function splitTarget(target: string, cwd: string): { file: string; name?: string } {
  const exists = (p: string) => { try { return fs.statSync(path.resolve(cwd, p)).isFile(); } catch { return false; } };
  if (exists(target)) return { file: target };
  const i = target.lastIndexOf(':');
  // `C:\x` is a drive letter, not a service.
  if (i > 0 && !(i === 1 && /^[A-Za-z]$/.test(target[0])) && !target.slice(i + 1).includes('/')) return { file: target.slice(0, i), name: target.slice(i + 1) };
  return { file: target };
}

/** The data `--format json` prints: the paths without the knowledge module's internals, locations relative to the working directory. */
function jsonOf(p: SignalPath, cwd: string) {
  const rel = (l?: { path: string; line: number }) => (l ? { path: path.relative(cwd, l.path).split(path.sep).join('/'), line: l.line + 1 } : undefined);
  return {
    kind: p.kind, name: p.name, line: formatSignalPath(p), trigger: p.trigger, ...(p.before ? { before: p.before } : {}),
    signal: p.signal, ...(p.signalLocation ? { signalLocation: rel(p.signalLocation) } : {}),
    steps: p.steps.map((s) => ({ label: s.label, does: s.does, verdict: s.verdict, ...(s.location ? { location: rel(s.location) } : {}) })),
    grace: p.grace, outcome: p.outcome, outcomeKind: p.outcomeKind,
  };
}

export function runExplain(args: ExplainOptions, io: Io): number {
  const fail = (m: string) => { io.stderr(`container-signals: ${m}\n`); return EXIT_ERROR; };
  const { file, name } = splitTarget(args.target, io.cwd);
  const abs = path.resolve(io.cwd, file);
  if (!fs.existsSync(abs)) return fail(`${file}: no such file`);
  const r = readTextFile(abs);
  if (!r.ok) return fail(`cannot read ${file}: ${r.reason}`);
  const base = path.basename(abs);
  let languageId: string | undefined;
  const s0 = syntaxOf(abs);
  // Scripts, Makefiles and Markdown: the docker run lines they hold.
  if (s0 !== 'yaml' && s0 !== 'dockerfile' && s0 !== 'shell' && s0 !== 'makefile' && s0 !== 'markdown') {
    if (!isDockerfileName(base) && looksLikeDockerfile(r.text)) languageId = 'dockerfile';
    else return fail(`${file} is not a Compose file, Kubernetes manifest or Dockerfile: no signal path to explain`);
  }
  const cwdReal = realpath(io.cwd) ?? io.cwd;
  const reader = diskWorkspace(workspaceRootFor(cwdReal, realpath(abs) ?? abs, false));
  // compose.projects of the nearest .container-signals.yaml (as check reads it): other file sets merged as one project.
  const cfg = loadConfig(undefined, path.dirname(abs));
  const composeProjects = cfg.ok && cfg.config.dir ? resolveComposeProjects(cfg.config.file.config.composeProjects, cfg.config.dir) : undefined;
  const all = signalPaths({ path: abs, languageId, text: r.text }, reader, composeProjects ? { composeProjects } : undefined);
  if (!all.length) return fail(`${file} has no service, container, ENTRYPOINT/CMD or docker run line to explain`);
  const chosen = name === undefined ? all : all.filter((p) => p.name === name);
  if (!chosen.length) return fail(`no service or container "${name}" in ${file} (it has: ${[...new Set(all.map((p) => p.name))].join(', ')})`);
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify({ file: path.relative(io.cwd, abs).split(path.sep).join('/'), paths: chosen.map((p) => jsonOf(p, io.cwd)) }, null, 2)}\n`);
    return EXIT_OK;
  }
  const KIND = { compose: 'service', kubernetes: 'container', dockerfile: 'stage', run: 'command line of' } as const;
  const blocks = chosen.map((p) => [`${path.relative(io.cwd, abs).split(path.sep).join('/')}: ${KIND[p.kind]} "${p.name}"`, ...formatSignalPathLines(p, io.cwd)].join('\n'));
  io.stdout(`${blocks.join('\n\n')}\n`);
  return EXIT_OK;
}
