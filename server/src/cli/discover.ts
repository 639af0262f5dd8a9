/**
 * File discovery for `check [paths…]`: walks directories with the walk the editor's "Harden
 * signals in workspace" uses too (files/discover.ts: skipping `.git` and `node_modules`, what
 * .gitignore files ignore, never following a symlink out of the scanned directory, never
 * visiting a directory twice), adds the config file's `ignore` globs, keeps YAML files and
 * Dockerfiles, and sorts the result by path for stable output.
 * Explicitly named files are kept whatever their name and whatever .gitignore says; only the
 * config file's `ignore` globs skip them (with a note).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName, isShellName } from '../core/detect';
import type { Syntax } from '../core/detect';
import { gitIgnoresFor, isManifestName, onePerRealFile, walkSync } from '../files/discover';
import { errorReason, realpath, workspaceRootFor } from './read';
import type { SkipKind } from './results';

export { isManifestName };

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

export interface Problem {
  path: string;
  reason: string;
  /** A path passed over (a note): what kind of skip, for the skipped list of the report. */
  skip?: SkipKind;
  /** Absolute path, for notes with `skip`. */
  absPath?: string;
}

export interface Discovery {
  targets: Target[];
  /** Arguments that do not exist (a usage error: exit 2, nothing is linted). */
  missing: string[];
  /** Directories that could not be read (exit 2 at the end). */
  errors: Problem[];
  /** Entries passed over that deserve a word on stderr (no effect on the exit code). */
  notes: Problem[];
}

/** A Dockerfile or a shell script by name, YAML otherwise (also for explicit files with any other name). */
export function syntaxFor(p: string): Syntax {
  return isDockerfileName(path.basename(p)) ? 'dockerfile' : isShellName(p) ? 'shell' : 'yaml';
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
      out.notes.push({ path: displayPath(cwd, abs), reason: `skipped: matches "${byConfig}" in the ignore list of ${options.configName ?? 'the config file'}`, skip: 'ignored', absPath: abs });
      continue;
    }
    if (st.isDirectory()) {
      const git = gitIgnoresFor(abs);
      const byGit = git.ignored(abs, true);
      if (byGit) {
        out.notes.push({ path: displayPath(cwd, abs), reason: `skipped: ignored by ${byGit.file} ("${byGit.pattern}")`, skip: 'ignored', absPath: abs });
        continue;
      }
      const skip = (p: string, isDir: boolean) => git.ignored(p, isDir) !== undefined || options.configIgnore?.(p, isDir) !== undefined;
      const root = workspaceRootFor(cwdReal, real, true);
      walkSync(abs, real, {
        onFile: (file, fileReal) => candidates.push({ absPath: file, real: fileReal, explicit: false, root, scanRoot: real }),
        skip,
        onError: (dir, e) => out.errors.push({ path: displayPath(cwd, dir), reason: errorReason(e) }),
        onNote: (p, reason) => out.notes.push({ path: displayPath(cwd, p), reason, skip: 'symlink', absPath: p }),
      });
    } else {
      const dir = path.dirname(abs);
      candidates.push({ absPath: abs, real, explicit: true, root: workspaceRootFor(cwdReal, real, false), scanRoot: realpath(dir) ?? dir });
    }
  }

  // One entry per real file (a file reached twice, through a symlink or two arguments): an
  // explicitly named path first, then a path without symlinks, then the first by name.
  const rank = (c: Candidate) => (c.explicit ? 0 : c.absPath === c.real ? 1 : 2);
  const byName = (a: Candidate, b: Candidate) => { const x = displayPath(cwd, a.absPath), y = displayPath(cwd, b.absPath); return x < y ? -1 : x > y ? 1 : 0; };
  out.targets = onePerRealFile(candidates, (a, b) => rank(a) - rank(b) || byName(a, b)).map((c) => ({
    absPath: c.absPath, display: displayPath(cwd, c.absPath), syntax: syntaxFor(c.absPath), explicit: c.explicit, root: c.root, scanRoot: c.scanRoot,
  }));
  out.targets.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return out;
}
