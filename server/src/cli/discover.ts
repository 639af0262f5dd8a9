/**
 * File discovery for `check [paths…]`: walks directories (skipping `.git` and `node_modules`,
 * never following a symlink out of the scanned directory, never visiting a directory twice),
 * keeps YAML files and Dockerfiles, and sorts the result by path for stable output.
 * Explicitly named files are always kept, whatever their name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDockerfileName, isYamlName } from '../core/detect';
import type { Syntax } from '../core/detect';
import { errorReason, isInside, realpath, workspaceRootFor } from './read';

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

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** Dockerfile, Dockerfile.*, *.dockerfile, Containerfile* (but not BuildKit's `*.dockerignore`). */
export function isDockerfileLike(name: string): boolean {
  if (/\.dockerignore$/i.test(name)) return false;
  return isDockerfileName(name) || /^containerfile/i.test(name);
}

export function isManifestName(name: string): boolean {
  return isDockerfileLike(name) || isYamlName(name);
}

/** A Dockerfile by name, YAML otherwise (also for explicit files with any other name). */
export function syntaxFor(p: string): Syntax {
  return isDockerfileLike(path.basename(p)) ? 'dockerfile' : 'yaml';
}

export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs) || path.basename(abs);
  return rel.split(path.sep).join('/');
}

export function discover(args: readonly string[], cwd: string): Discovery {
  const out: Discovery = { targets: [], missing: [], errors: [], notes: [] };
  const cwdReal = realpath(cwd) ?? cwd;
  const seen = new Set<string>();
  const add = (absPath: string, real: string, explicit: boolean, root: string) => {
    if (seen.has(real)) return;
    seen.add(real);
    out.targets.push({ absPath, display: displayPath(cwd, absPath), syntax: syntaxFor(absPath), explicit, root });
  };

  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') out.missing.push(arg);
      else out.errors.push({ path: displayPath(cwd, abs), reason: errorReason(e) });
      continue;
    }
    const real = realpath(abs) ?? abs;
    if (st.isDirectory()) {
      const root = workspaceRootFor(cwdReal, real, true);
      walk(abs, real, new Set([real]), (file, fileReal) => add(file, fileReal, false, root), cwd, out);
    } else {
      add(abs, real, true, workspaceRootFor(cwdReal, real, false));
    }
  }
  out.targets.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return out;
}

function walk(
  dir: string, walkRoot: string, visited: Set<string>,
  onFile: (abs: string, real: string) => void, cwd: string, out: Discovery,
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    out.errors.push({ path: displayPath(cwd, dir), reason: errorReason(e) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const ent of entries) {
    if (SKIP_DIRS.has(ent.name)) continue;
    const abs = path.join(dir, ent.name);
    if (ent.isSymbolicLink()) {
      const real = realpath(abs);
      if (!real) {
        if (isManifestName(ent.name)) out.notes.push({ path: displayPath(cwd, abs), reason: 'skipped: broken symbolic link' });
        continue;
      }
      let st: fs.Stats;
      try { st = fs.statSync(real); } catch { continue; }
      const inside = isInside(walkRoot, real);
      if (st.isDirectory()) {
        // Follow a linked directory only inside the scanned directory, and only once.
        if (inside && !visited.has(real)) { visited.add(real); walk(abs, walkRoot, visited, onFile, cwd, out); }
      } else if (isManifestName(ent.name)) {
        if (inside) onFile(abs, real);
        else out.notes.push({ path: displayPath(cwd, abs), reason: 'skipped: symbolic link to a file outside the scanned directory' });
      }
    } else if (ent.isDirectory()) {
      const real = realpath(abs) ?? abs;
      if (visited.has(real)) continue;
      visited.add(real);
      walk(abs, walkRoot, visited, onFile, cwd, out);
    } else if (isManifestName(ent.name)) {
      onFile(abs, realpath(abs) ?? abs);
    }
  }
}
