/**
 * The directory walk behind both the CLI's `check [paths…]` discovery (cli/discover.ts) and the
 * editor's "Harden signals in workspace" (workspace.ts), so that both visit the same files:
 * Dockerfiles and YAML files by name; never `.git` or `node_modules` (SKIP_DIRS); nothing a
 * `.gitignore` ignores (gitignore.ts: nested files, negation, `.git/info/exclude`) nor what the
 * caller's `skip` adds (the CLI's config `ignore` globs); symlinks followed only when they
 * resolve inside the walked directory, and no directory walked twice.
 *
 * The walk is written once, as steps that ask for directory listings (walkSteps); walkSync and
 * walkAsync answer them with fs.readdirSync and fs.promises.readdir.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SKIP_DIRS, isDockerfileName, isMakefileName, isMarkdownName, isShellName, isYamlName, entrypointNameKind } from '../core/detect';
import { GitIgnores } from './gitignore';
import { isInside, realpath } from './read';

/** A file the walk keeps: a Dockerfile or YAML file, or a file that may hold `docker run` lines (a shell script, a Makefile, Markdown), or an entrypoint script by name (`entrypoint`, `docker-entrypoint`). */
export function isManifestName(name: string): boolean {
  return isDockerfileName(name) || isYamlName(name) || isShellName(name) || isMakefileName(name) || isMarkdownName(name) || entrypointNameKind(name) !== undefined;
}

/** There is a `.git` entry in `dir` (a folder, or a file in worktrees and submodules). */
export function hasGitEntry(dir: string): boolean {
  try { fs.lstatSync(path.join(dir, '.git')); return true; } catch { return false; }
}

/**
 * The nearest folder at or above `dir` holding a `.git` entry; with `limit`, looking no higher
 * than that folder (undefined when the git root is above it).
 */
export function findGitRoot(dir: string, limit?: string): string | undefined {
  const top = limit === undefined ? undefined : path.resolve(limit);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (hasGitEntry(d)) return d;
    if (d === top || path.dirname(d) === d) return undefined;
  }
}

/**
 * The .gitignore rules for walking `dir`, read from the top down: from its git root (with
 * `.git/info/exclude`), or else from `dir` itself. With `limit` (a folder at or above `dir`),
 * nothing above `limit` is read: a git root above it is not looked for, the top is `limit`.
 */
export function gitIgnoresFor(dir: string, limit?: string): GitIgnores {
  const gitRoot = findGitRoot(dir, limit);
  return new GitIgnores(gitRoot ?? limit ?? dir, gitRoot);
}

export interface WalkOptions {
  /** A manifest by name, not ignored: `abs` as reached (through symlinks), `real` its real path. */
  onFile: (abs: string, real: string) => void;
  /** Ignored by .gitignore or the caller's globs (an absolute path as reached). */
  skip?: (abs: string, isDir: boolean) => boolean;
  /** A directory that could not be listed. */
  onError?: (dir: string, error: unknown) => void;
  /** A manifest name passed over: a broken symlink, or a symlink to a file outside the walked directory. */
  onNote?: (abs: string, reason: string) => void;
}

/** What a step is answered with: the directory's entries, or why it could not be listed. */
export type Listing = { entries: fs.Dirent[] } | { error: unknown };

/**
 * The walk of directory `abs` (real path `real`) as steps: yields each directory to list and
 * goes on with its listing. Real directories are walked first, entries sorted by name;
 * symlinked directories are followed afterwards, only when they resolve inside `real` and to a
 * directory not walked yet (so no cycles, and files are reached by their real path when possible).
 */
export function* walkSteps(abs: string, real: string, o: WalkOptions): Generator<string, void, Listing> {
  const skip = o.skip ?? (() => false);
  const visited = new Set<string>([real]);
  const links: [abs: string, real: string][] = [];

  const link = (p: string, name: string): void => {
    const target = realpath(p);
    const st = target ? statOrUndefined(target) : undefined;
    if (!target || !st) {
      if (isManifestName(name)) o.onNote?.(p, 'skipped: broken symbolic link');
      return;
    }
    const inside = isInside(real, target);
    if (skip(p, st.isDirectory())) return;
    if (st.isDirectory()) {
      if (inside) links.push([p, target]);
    } else if (isManifestName(name)) {
      if (inside) o.onFile(p, target);
      else o.onNote?.(p, 'skipped: symbolic link to a file outside the scanned directory');
    }
  };

  function* dir(d: string): Generator<string, void, Listing> {
    const listing = yield d;
    if ('error' in listing) { o.onError?.(d, listing.error); return; }
    const entries = listing.entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      if (SKIP_DIRS.has(ent.name)) continue;
      const p = path.join(d, ent.name);
      if (ent.isSymbolicLink()) link(p, ent.name);
      else if (ent.isDirectory()) {
        if (skip(p, true)) continue;
        const r = realpath(p) ?? p;
        if (visited.has(r)) continue;
        visited.add(r);
        yield* dir(p);
      } else if (isManifestName(ent.name) && !skip(p, false)) o.onFile(p, realpath(p) ?? p);
    }
  }

  yield* dir(abs);
  for (let i = 0; i < links.length; i++) {
    const [linkAbs, linkReal] = links[i];
    if (visited.has(linkReal)) continue;
    visited.add(linkReal);
    yield* dir(linkAbs);
  }
}

/** Walks synchronously (the CLI). */
export function walkSync(abs: string, real: string, o: WalkOptions): void {
  const steps = walkSteps(abs, real, o);
  for (let step = steps.next(); !step.done; step = steps.next(listSync(step.value)));
}

/** Walks with asynchronous listings (the language server); stops before the next listing once `stop()` says so. */
export async function walkAsync(abs: string, real: string, o: WalkOptions, stop: () => boolean = () => false): Promise<void> {
  const steps = walkSteps(abs, real, o);
  for (let step = steps.next(); !step.done && !stop(); step = steps.next(await listAsync(step.value)));
}

function listSync(dir: string): Listing {
  try { return { entries: fs.readdirSync(dir, { withFileTypes: true }) }; } catch (error) { return { error }; }
}

async function listAsync(dir: string): Promise<Listing> {
  try { return { entries: await fs.promises.readdir(dir, { withFileTypes: true }) }; } catch (error) { return { error }; }
}

/**
 * One candidate per real file (a file reached twice: through a symlink, from two roots): the
 * first in `order`. Keeps the order in which the real files were first reached.
 */
export function onePerRealFile<T extends { real: string }>(candidates: readonly T[], order: (a: T, b: T) => number): T[] {
  const best = new Map<string, T>();
  for (const c of candidates) {
    const b = best.get(c.real);
    if (!b || order(c, b) < 0) best.set(c.real, c);
  }
  return [...best.values()];
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try { return fs.statSync(p); } catch { return undefined; }
}
