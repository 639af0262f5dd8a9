/**
 * File discovery for `check [paths…]`: walks directories (skipping `.git` and `node_modules`,
 * what .gitignore files ignore (see gitignore.ts) and the config file's `ignore` globs, never
 * following a symlink out of the scanned directory, never visiting a directory twice), keeps
 * YAML files and Dockerfiles, and sorts the result by path for stable output.
 * Explicitly named files are kept whatever their name and whatever .gitignore says; only the
 * config file's `ignore` globs skip them (with a note).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SKIP_DIRS, isDockerfileName, isYamlName } from '../core/detect';
import type { Syntax } from '../core/detect';
import { errorReason, isInside, realpath, workspaceRootFor } from './read';
import { GitIgnores } from './gitignore';
import { findGitRoot } from './config-file';

export interface DiscoverOptions {
  /** The config file's `ignore` globs: the matching pattern for an absolute path, or undefined. */
  configIgnore?: (absPath: string, isDir: boolean) => string | undefined;
  /** How the config file is named in notes. */
  configName?: string;
}

export interface Target {
  /** Absolute path as scanned (through symlinks). */
  absPath: string;
  /** Relative to the working directory, `/`-separated. */
  display: string;
  syntax: Syntax;
  /** The file was named on the command line. */
  explicit: boolean;
  /** Root the workspace reader is confined to for this file. */
  root: string;
  /**
   * Real path of what was scanned: the directory argument, or the directory of a file named
   * explicitly (as named, before symlinks). --fix writes only to files whose real path lies inside.
   */
  scanRoot: string;
}

export interface Problem { path: string; reason: string }

export interface Discovery {
  targets: Target[];
  /** Arguments that do not exist (a usage error: exit 2, nothing is linted). */
  missing: string[];
  /** Directories that could not be read (exit 2 at the end). */
  errors: Problem[];
  /** Entries passed over that deserve a word on stderr (no effect on the exit code). */
  notes: Problem[];
}

export function isManifestName(name: string): boolean {
  return isDockerfileName(name) || isYamlName(name);
}

/** A Dockerfile by name, YAML otherwise (also for explicit files with any other name). */
export function syntaxFor(p: string): Syntax {
  return isDockerfileName(path.basename(p)) ? 'dockerfile' : 'yaml';
}

export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs) || path.basename(abs);
  return rel.split(path.sep).join('/');
}

interface Candidate { absPath: string; real: string; explicit: boolean; root: string; scanRoot: string }

export function discover(args: readonly string[], cwd: string, options: DiscoverOptions = {}): Discovery {
  const out: Discovery = { targets: [], missing: [], errors: [], notes: [] };
  const cwdReal = realpath(cwd) ?? cwd;
  const candidates: Candidate[] = [];

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') out.missing.push(arg);
      else out.errors.push({ path: displayPath(cwd, abs), reason: errorReason(e) });
      continue;
    }
    const real = realpath(abs) ?? abs;
    const byConfig = options.configIgnore?.(abs, st.isDirectory());
    if (byConfig !== undefined) {
      out.notes.push({ path: displayPath(cwd, abs), reason: `skipped: matches "${byConfig}" in the ignore list of ${options.configName ?? 'the config file'}` });
      continue;
    }
    if (st.isDirectory()) {
      const gitRoot = findGitRoot(abs);
      const git = new GitIgnores(gitRoot ?? abs, gitRoot);
      const byGit = git.ignored(abs, true);
      if (byGit) {
        out.notes.push({ path: displayPath(cwd, abs), reason: `skipped: ignored by ${byGit.file} ("${byGit.pattern}")` });
        continue;
      }
      const skip = (p: string, isDir: boolean) => git.ignored(p, isDir) !== undefined || options.configIgnore?.(p, isDir) !== undefined;
      const root = workspaceRootFor(cwdReal, real, true);
      const w = new Walker(real, cwd, out, (file, fileReal) => candidates.push({ absPath: file, real: fileReal, explicit: false, root, scanRoot: real }), skip);
      w.run(abs, real);
    } else {
      const dir = path.dirname(abs);
      candidates.push({ absPath: abs, real, explicit: true, root: workspaceRootFor(cwdReal, real, false), scanRoot: realpath(dir) ?? dir });
    }
  }

  // One entry per real file (a file reached twice, through a symlink or two arguments): an
  // explicitly named path first, then a path without symlinks, then the first by name.
  const rank = (c: Candidate) => (c.explicit ? 0 : c.absPath === c.real ? 1 : 2);
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const b = best.get(c.real);
    if (!b || rank(c) < rank(b) || (rank(c) === rank(b) && displayPath(cwd, c.absPath) < displayPath(cwd, b.absPath))) best.set(c.real, c);
  }
  out.targets = [...best.values()].map((c) => ({
    absPath: c.absPath, display: displayPath(cwd, c.absPath), syntax: syntaxFor(c.absPath), explicit: c.explicit, root: c.root, scanRoot: c.scanRoot,
  }));
  out.targets.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return out;
}

/**
 * Walks one directory argument. Real directories are walked first; symlinked directories are
 * followed afterwards, only when they resolve inside the scanned directory and to a directory
 * not walked yet (so no cycles, and files are listed under their real path when possible).
 */
class Walker {
  private visited = new Set<string>();
  private links: [abs: string, real: string][] = [];
  constructor(
    private walkRoot: string, private cwd: string, private out: Discovery,
    private onFile: (abs: string, real: string) => void,
    /** Ignored by .gitignore or the config's `ignore` globs. */
    private skip: (abs: string, isDir: boolean) => boolean = () => false,
  ) {}

  run(abs: string, real: string): void {
    this.visited.add(real);
    this.dir(abs);
    for (let i = 0; i < this.links.length; i++) {
      const [linkAbs, linkReal] = this.links[i];
      if (this.visited.has(linkReal)) continue;
      this.visited.add(linkReal);
      this.dir(linkAbs);
    }
  }

  private dir(dir: string): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.out.errors.push({ path: displayPath(this.cwd, dir), reason: errorReason(e) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      if (SKIP_DIRS.has(ent.name)) continue;
      const abs = path.join(dir, ent.name);
      if (ent.isSymbolicLink()) this.link(abs, ent.name);
      else if (ent.isDirectory()) {
        if (this.skip(abs, true)) continue;
        const real = realpath(abs) ?? abs;
        if (this.visited.has(real)) continue;
        this.visited.add(real);
        this.dir(abs);
      } else if (isManifestName(ent.name) && !this.skip(abs, false)) this.onFile(abs, realpath(abs) ?? abs);
    }
  }

  private link(abs: string, name: string): void {
    const real = realpath(abs);
    const st = real ? statOrUndefined(real) : undefined;
    if (!real || !st) {
      if (isManifestName(name)) this.out.notes.push({ path: displayPath(this.cwd, abs), reason: 'skipped: broken symbolic link' });
      return;
    }
    const inside = isInside(this.walkRoot, real);
    if (this.skip(abs, st.isDirectory())) return;
    if (st.isDirectory()) {
      if (inside) this.links.push([abs, real]);
    } else if (isManifestName(name)) {
      if (inside) this.onFile(abs, real);
      else this.out.notes.push({ path: displayPath(this.cwd, abs), reason: 'skipped: symbolic link to a file outside the scanned directory' });
    }
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try { return fs.statSync(p); } catch { return undefined; }
}
