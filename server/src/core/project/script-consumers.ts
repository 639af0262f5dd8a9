/**
 * Which Dockerfiles and Compose services run a given script: the reverse of "the ENTRYPOINT runs
 * /usr/local/bin/docker-entrypoint.sh, which `COPY docker-entrypoint.sh /usr/local/bin/` took from
 * the build context". Looks for Dockerfiles and Compose files in the script's folder and its
 * ancestors (known names, and any Dockerfile/Compose name when the reader can list folders),
 * through the workspace reader only (it refuses paths outside the workspace root).
 *
 * Followed: a Dockerfile's final stage (its build context is the Dockerfile's folder, or what a
 * Compose `build:` says), its effective ENTRYPOINT and CMD (exec or shell form, behind an init,
 * `sh script.sh`, `sh -c "exec script.sh"`), paths relative to WORKDIR, bare names looked up in
 * PATH folders, and `COPY`/`ADD` from the context (files, folders, `*` globs; not `--from`); a
 * Compose service's `entrypoint:`/`command:` mapped back through a bind mount of the file or a
 * folder above it, else through the COPYs of the Dockerfile it builds.
 */
import { COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES } from './compose-project';
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { WorkspaceReader } from '../types';
import { isComposeName, isDockerfileName } from '../detect';
import { parseDockerfile, effective, effectiveCmd, shellCommand, stageChain, joinContinuations } from '../model/dockerfile';
import type { DfInstruction, DockerfileModel } from '../model/dockerfile';
import { parseYaml } from '../model/yaml';
import type { YNode } from '../model/yaml';
import { composeServices, isComposeDoc, serviceDockerfile } from '../model/compose';
import type { ComposeService } from '../model/compose';
import { analyzeScript, isShell, shellScriptIndex, splitWords, stripInit } from '../shell';
import { LineIndex } from '../text';

export interface ScriptConsumer {
  /** Absolute path of the Dockerfile or Compose file. */
  path: string;
  /** 0-based range of the instruction or key that runs the script. */
  line: number; character: number; endLine: number; endCharacter: number;
  /** Plain text, e.g. `ENTRYPOINT runs this script as /usr/local/bin/docker-entrypoint.sh (COPY on line 5)`. */
  message: string;
}

const DOCKERFILE_NAMES = ['Dockerfile', 'Containerfile'];
const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** How many folders above the script's are searched. */
const MAX_UP = 4;

const posix = path.posix;

/** The paths of programs (as written) an argv may run as a script: the program, `sh file`, the commands of `sh -c`. */
export function programPaths(argv: readonly string[]): string[] {
  const init = stripInit(argv);
  const a = init ? init.rest : [...argv];
  if (!a.length) return [];
  const ci = shellScriptIndex(a as string[]);
  if (ci !== undefined) return scriptPrograms(a[ci]);
  if (isShell(a[0])) {
    for (let i = 1; i < a.length; i++) {
      if (a[i] === '-o' || a[i] === '+o') { i++; continue; }
      if (a[i] === '--') return a[i + 1] ? [a[i + 1]] : [];
      if (!/^[-+]/.test(a[i])) return [a[i]];
    }
    return [];
  }
  return [a[0]];
}

/** The programs of a `-c` script (`exec` skipped): `/entrypoint.sh` in `set -e; exec /entrypoint.sh "$@"`. */
function scriptPrograms(script: string, depth = 0): string[] {
  const out: string[] = [];
  for (const c of analyzeScript(script).commands) {
    let words = c.words.filter((w) => !/^[A-Za-z_]\w*\+?=/.test(w));
    if (words[0] === 'exec') words = words.slice(1).filter((x, i) => i > 0 || !x.startsWith('-'));
    if (!words.length) continue;
    // `sh -c "exec ./run.sh"`, `bash ./run.sh` inside the script
    if (isShell(words[0]) && depth < 4) out.push(...(shellScriptIndex(words) !== undefined ? scriptPrograms(words[shellScriptIndex(words)!], depth + 1) : programPaths(words)));
    else out.push(words[0]);
  }
  return out;
}

interface Copy { ins: DfInstruction; srcs: string[]; dest: string; workdir: string }

/** The COPY/ADD instructions from the build context of the stage chain, in build order, with the WORKDIR each runs in; and the final WORKDIR. */
function copiesOf(model: DockerfileModel): { copies: Copy[]; workdir: string } {
  const copies: Copy[] = [];
  let workdir = '/';
  for (const s of stageChain(model.final).reverse()) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'WORKDIR') {
        const w = joinContinuations(ins.rawArgs, model.escape, 0).text.trim().replace(/^(["'])(.*)\1$/, '$2');
        if (w) workdir = posix.resolve(workdir, w);
      } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const words = ins.execForm ?? splitWords(joinContinuations(ins.rawArgs, model.escape, 0).text) ?? joinContinuations(ins.rawArgs, model.escape, 0).text.trim().split(/\s+/);
        const args = words.filter((w) => !w.startsWith('--'));
        if (words.some((w) => /^--from=/i.test(w)) || args.some((w) => w.startsWith('<<')) || args.length < 2) continue;
        copies.push({ ins, srcs: args.slice(0, -1), dest: args[args.length - 1], workdir });
      }
    }
  }
  return { copies, workdir };
}

const globRe = (g: string): RegExp => new RegExp(`^${g.split('').map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : /[\\^$.+()|{}[\]]/.test(c) ? `\\${c}` : c)).join('')}$`);

/** The COPY that puts the context file `script` (absolute host path) at `imagePath`, or undefined. */
function copyOf(copies: Copy[], imagePath: string, contextDir: string, script: string): Copy | undefined {
  const rel = path.relative(contextDir, script).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  for (let i = copies.length - 1; i >= 0; i--) {
    const c = copies[i];
    const dest = posix.resolve(c.workdir, c.dest);
    const intoDir = c.dest.endsWith('/') || c.srcs.length > 1 || c.srcs.some((s) => /[*?[]/.test(s));
    for (const s of c.srcs) {
      const src = posix.normalize(s.replace(/^\/+/, '')).replace(/\/+$/, '');
      if (/^https?:\/\//.test(s)) continue;
      const srcRe = /[*?[]/.test(src) ? globRe(src) : undefined;
      const matchesSrc = (r: string) => (srcRe ? srcRe.test(r) : r === src);
      // a file copied to a file or into a folder
      if (matchesSrc(rel)) {
        if (!intoDir && imagePath === dest) return c;
        if (imagePath === posix.join(dest, posix.basename(rel))) return c;
      }
      // a folder copied (its contents go to dest)
      const inSrc = src === '.' ? rel : rel.startsWith(`${src}/`) ? rel.slice(src.length + 1) : undefined;
      if (inSrc !== undefined && !srcRe && imagePath === posix.join(dest, inSrc)) return c;
    }
  }
  return undefined;
}

/** The absolute in-image paths a program as written may be: relative to WORKDIR, or looked up in PATH. */
function imagePaths(program: string, workdir: string): string[] {
  if (!program || program.includes('$')) return [];
  if (program.includes('/')) return [posix.resolve(workdir, program)];
  return PATH_DIRS.map((d) => `${d}/${program}`);
}

function rangeOf(lines: LineIndex, start: number, end: number): Pick<ScriptConsumer, 'line' | 'character' | 'endLine' | 'endCharacter'> {
  const r = lines.range(start, end);
  return { line: r.start.line, character: r.start.character, endLine: r.end.line, endCharacter: r.end.character };
}

/** How a Dockerfile (built with `contextDir`) runs `script`, if it does; `programs` replaces its ENTRYPOINT/CMD (a Compose override). */
function dockerfileRuns(dfPath: string, text: string, contextDir: string, script: string): ScriptConsumer[] {
  const model = parseDockerfile(text);
  if (!model.final) return [];
  const { copies, workdir } = copiesOf(model);
  if (!copies.length) return [];
  const out: ScriptConsumer[] = [];
  const ep = effective(model.final, 'ENTRYPOINT')?.ins;
  const cmd = ep && !ep.execForm ? undefined : effectiveCmd(model.final)?.ins;
  for (const ins of [ep, cmd]) {
    if (!ins) continue;
    const argv = ins.execForm ?? ['/bin/sh', '-c', shellCommand(model, ins) ?? ''];
    for (const prog of programPaths(argv)) {
      for (const p of imagePaths(prog, workdir)) {
        const c = copyOf(copies, p, contextDir, script);
        if (!c) continue;
        out.push({ path: dfPath, ...rangeOf(model.lines, ins.start, ins.end), message: `${ins.keyword} runs this script as ${p} (${c.ins.keyword} on line ${c.ins.line + 1})` });
        break;
      }
      if (out.length) return out;
    }
  }
  return out;
}

const str = (n: unknown): string | undefined => (isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined);

function argvOf(node: YNode | undefined): string[] | undefined {
  if (!node) return undefined;
  if (isSeq(node)) return node.items.map((i) => str(i) ?? '');
  const s = str(node);
  if (s === undefined) return undefined;
  return splitWords(s) ?? s.trim().split(/\s+/).filter(Boolean);
}

/** A bind mount of a service: host path (absolute) and container path. */
function bindMounts(s: ComposeService, composeDir: string): { host: string; target: string }[] {
  const out: { host: string; target: string }[] = [];
  const vols = s.get('volumes');
  if (!isSeq(vols)) return out;
  for (const v of vols.items) {
    let source: string | undefined, target: string | undefined;
    const t = str(v);
    if (t !== undefined) {
      const parts = t.split(':');
      if (parts.length < 2) continue;
      [source, target] = parts;
    } else if (isMap(v)) {
      if (str(v.get('type', true)) !== 'bind') continue;
      source = str(v.get('source', true));
      target = str(v.get('target', true));
    }
    if (!source || !target || !/^[./~]/.test(source) || source.startsWith('~') || source.includes('$')) continue;
    out.push({ host: path.resolve(composeDir, source), target: posix.normalize(target).replace(/\/+$/, '') || '/' });
  }
  return out;
}

function composeRuns(composePath: string, text: string, script: string, reader: WorkspaceReader, seenDockerfile: Set<string>): ScriptConsumer[] {
  const file = parseYaml(text);
  const out: ScriptConsumer[] = [];
  const dir = path.dirname(composePath);
  for (const doc of file.docs) {
    if (doc.broken || !isComposeDoc(doc)) continue;
    for (const s of composeServices(doc)) {
      const ep = s.get('entrypoint'), cmd = s.get('command');
      const dfPath = serviceDockerfile(s, composePath);
      const df = dfPath ? reader.readFile(dfPath) : undefined;
      const model = df !== undefined ? parseDockerfile(df) : undefined;
      const workdir = s.getStr('working_dir') ?? (model ? copiesOf(model).workdir : '/');
      const mounts = bindMounts(s, dir);
      let found = false;
      if (!ep && !cmd && model && dfPath) {
        // the image's own ENTRYPOINT/CMD, built with the context the service names
        const ctx = contextOf(s, composePath);
        if (ctx && !seenDockerfile.has(`${dfPath}\0${ctx}`)) {
          seenDockerfile.add(`${dfPath}\0${ctx}`);
          out.push(...dockerfileRuns(dfPath, df!, ctx, script));
        }
        continue;
      }
      for (const [key, node] of [['entrypoint', ep], ['command', cmd]] as const) {
        const argv = argvOf(node as YNode | undefined);
        if (!argv || found) continue;
        for (const prog of programPaths(argv)) {
          if (found) break;
          for (const p of imagePaths(prog, workdir)) {
            const m = mounts.find((b) => b.target === p || p.startsWith(`${b.target}/`));
            const host = m && (m.target === p ? m.host : path.join(m.host, p.slice(m.target.length + 1)));
            let how: string | undefined;
            if (host !== undefined && path.resolve(host) === path.resolve(script)) how = `through the bind mount of ${m!.target}`;
            else if (!m && model && dfPath) {
              const ctx = contextOf(s, composePath);
              const c = ctx && copyOf(copiesOf(model).copies, p, ctx, script);
              if (c) how = `copied by ${c.ins.keyword} on line ${c.ins.line + 1} of ${path.basename(dfPath)}`;
            }
            if (!how) continue;
            const n = node as { range?: [number, number, number] };
            const lines = file.lines;
            const [a, b] = n.range ? [n.range[0], n.range[1]] : [s.key.range?.[0] ?? 0, s.key.range?.[1] ?? 0];
            out.push({ path: composePath, ...rangeOf(lines, a, b), message: `service "${s.name}" runs this script as ${p} (${key}:, ${how})` });
            found = true;
            break;
          }
        }
      }
    }
  }
  return out;
}

function contextOf(s: ComposeService, composePath: string): string | undefined {
  const build = s.get('build');
  const ctx = isScalar(build) ? str(build) : isMap(build) ? (str(build.get('context', true)) ?? '.') : undefined;
  if (ctx === undefined || ctx.includes('$') || /^[a-z]+:\/\//i.test(ctx)) return undefined;
  return path.resolve(path.dirname(composePath), ctx);
}

/**
 * The Dockerfiles and Compose services (in the script's folder and up to four folders above it)
 * that run the script at `scriptPath`. Empty when none is found or the reader refuses them.
 */
export function findScriptConsumers(scriptPath: string, reader: WorkspaceReader | undefined): ScriptConsumer[] {
  if (!reader) return [];
  const script = path.resolve(scriptPath);
  const out: ScriptConsumer[] = [];
  const seen = new Set<string>();
  let dir = path.dirname(script);
  for (let up = 0; up <= MAX_UP; up++) {
    const listed = reader.listDir?.(dir);
    const names = listed ? listed.filter((n) => !n.endsWith('/')) : [...DOCKERFILE_NAMES, ...COMPOSE_FILE_NAMES, ...OVERRIDE_FILE_NAMES];
    for (const name of names) {
      const p = path.join(dir, name);
      if (seen.has(p)) continue;
      if (isDockerfileName(name)) {
        seen.add(p);
        const text = reader.readFile(p);
        if (text !== undefined && !seen.has(`${p}\0${dir}`)) { seen.add(`${p}\0${dir}`); out.push(...dockerfileRuns(p, text, dir, script)); }
      } else if (isComposeName(name)) {
        seen.add(p);
        const text = reader.readFile(p);
        if (text !== undefined) out.push(...composeRuns(p, text, script, reader, seen));
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** A script a Dockerfile runs, found in its build context (forward direction, for the signal path). */
export interface RunScript {
  /** Absolute path of the script in the build context. */
  path: string;
  /** Where the image has it. */
  imagePath: string;
  /** The ENTRYPOINT or CMD instruction that runs it, and the COPY/ADD that puts it there. */
  runBy: DfInstruction;
  copiedBy: DfInstruction;
  text: string;
}

/** The context files a COPY may have put at `imagePath`, most likely first (`src/rest` for a folder copy). */
function sourcesOf(c: Copy, imagePath: string, contextDir: string): string[] {
  const dest = posix.resolve(c.workdir, c.dest);
  const intoDir = c.dest.endsWith('/') || c.srcs.length > 1 || c.srcs.some((s) => /[*?[]/.test(s));
  const out: string[] = [];
  for (const s of [...c.srcs].reverse()) {
    if (/^https?:\/\//.test(s)) continue;
    const src = posix.normalize(s.replace(/^\/+/, '')).replace(/\/+$/, '');
    const glob = /[*?[]/.test(src);
    const name = posix.basename(imagePath);
    if (!glob && !intoDir && imagePath === dest) out.push(src);
    if (imagePath === posix.join(dest, name)) {
      // into a folder (`COPY a.sh /usr/local/bin/`, or without the slash when the folder exists in the image)
      if (!glob && posix.basename(src) === name) out.push(src);
      else if (glob && globRe(posix.basename(src)).test(name)) out.push(posix.join(posix.dirname(src), name));
    }
    if (!glob && imagePath.startsWith(`${dest}/`)) out.push(posix.join(src, imagePath.slice(dest.length + 1)));
  }
  return [...new Set(out)].map((r) => path.resolve(contextDir, ...r.split('/')));
}

/**
 * The scripts the final stage's ENTRYPOINT/CMD of a Dockerfile run, when a COPY/ADD took them
 * from the build context `contextDir` and the reader can read them (the ENTRYPOINT's first).
 * `judgeEntrypointScript(script.text)` then says whether each hands the signal over.
 */
export function scriptsRunBy(dockerfileText: string, contextDir: string, reader: WorkspaceReader | undefined): RunScript[] {
  if (!reader) return [];
  const model = parseDockerfile(dockerfileText);
  if (!model.final) return [];
  const { copies, workdir } = copiesOf(model);
  const ep = effective(model.final, 'ENTRYPOINT')?.ins;
  const cmd = ep && !ep.execForm ? undefined : effectiveCmd(model.final)?.ins;
  const out: RunScript[] = [];
  for (const ins of [ep, cmd]) {
    if (!ins) continue;
    const argv = ins.execForm ?? ['/bin/sh', '-c', shellCommand(model, ins) ?? ''];
    for (const prog of programPaths(argv)) {
      let found: RunScript | undefined;
      for (const p of imagePaths(prog, workdir)) {
        for (let i = copies.length - 1; i >= 0 && !found; i--) {
          for (const src of sourcesOf(copies[i], p, contextDir)) {
            const rel = path.relative(contextDir, src);
            if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
            const text = reader.readFile(src);
            if (text !== undefined) { found = { path: src, imagePath: p, runBy: ins, copiedBy: copies[i].ins, text }; break; }
          }
        }
        if (found) break;
      }
      if (found) out.push(found);
    }
  }
  return out;
}
