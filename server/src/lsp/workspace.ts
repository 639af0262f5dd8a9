/**
 * The server's view of the workspace: URI ↔ path, the WorkspaceReader the core uses to read other
 * files (the Dockerfile a compose `build:` names, an `env_file:`) — open documents first, then the
 * disk, and only inside the workspace folders (real paths, so a symlink cannot lead outside) — and
 * the walk over the folders for "Harden signals in workspace", which is the CLI's discovery walk
 * (files/discover.ts: SKIP_DIRS, .gitignore, symlinks only inside the folder).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceReader } from '../core/types';
import { MAX_FILE_BYTES, SKIP_DIRS, isTemplate } from '../core/detect';
import { gitIgnoresFor, onePerRealFile, walkAsync } from '../files/discover';
import { listDirIn, readText, realpath } from '../files/read';

/** Files larger than this are not linted (nor read for the core); folders the walk never enters (as the CLI). */
export { MAX_FILE_BYTES, SKIP_DIRS };
/** The walk stops after this many candidate files. */
export const MAX_WALK_FILES = 20000;

/** File-system path of a `file:` URI; undefined for other schemes. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try { return path.normalize(fileURLToPath(uri)); } catch { return undefined; }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/** A path for the core (Dockerfile detection by name, relative references): the file path, or the URI's last segment. */
export function lintPath(uri: string): string {
  const p = uriToPath(uri);
  if (p) return p;
  const tail = uri.replace(/[?#].*$/, '').split(/[/:]/).pop() || 'untitled';
  return path.join(path.sep, decodeURIComponentSafe(tail));
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export type SkipReason = 'large' | 'binary' | 'template';

/**
 * Why a text is not linted: larger than `maxBytes` (UTF-8; the `containerSignals.maxFileSize`
 * setting, 2 MB by default), binary (NUL characters), or a Go/Helm template (`{{ }}`).
 */
export function skipReason(text: string, maxBytes: number = MAX_FILE_BYTES): SkipReason | undefined {
  if (text.length > maxBytes || (text.length > maxBytes / 3 && Buffer.byteLength(text, 'utf8') > maxBytes)) return 'large';
  if (text.includes('\u0000')) return 'binary';
  if (isTemplate(text)) return 'template';
  return undefined;
}

/** `2 MB`, `512 KB`, `1.5 MB`, `100 bytes`. */
export function formatBytes(n: number): string {
  const fmt = (x: number) => String(Math.round(x * 10) / 10);
  if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt(n / 1024)} KB`;
  return `${n} bytes`;
}

/** The reason in words, for messages: `it is larger than 2 MB`. */
export function describeSkip(reason: SkipReason, maxBytes: number = MAX_FILE_BYTES): string {
  if (reason === 'large') return `it is larger than ${formatBytes(maxBytes)}${maxBytes === MAX_FILE_BYTES ? '' : ' (containerSignals.maxFileSize)'}`;
  if (reason === 'binary') return 'it looks binary (it contains NUL characters)';
  return 'it is a Go/Helm template ({{ }}), not a manifest: lint the rendered output (helm template) instead';
}

export class Workspace {
  /** Folder paths as given and their real paths (both accepted for files that do not exist yet). */
  private folders: string[] = [];
  private reals = new Map<string, string>();

  setFolders(uris: readonly string[]): void {
    this.folders = [];
    this.reals.clear();
    for (const uri of uris) {
      const p = uriToPath(uri);
      if (p) this.folders.push(stripSep(p));
    }
  }

  /** Real paths of the folders that exist (a folder created later is picked up then). */
  private get realFolders(): string[] {
    const out: string[] = [];
    for (const f of this.folders) {
      let r = this.reals.get(f);
      if (r === undefined) {
        try { r = stripSep(fs.realpathSync.native(f)); this.reals.set(f, r); } catch { continue; }
      }
      out.push(r);
    }
    return out;
  }

  get folderPaths(): readonly string[] { return this.folders; }

  /** True when `p` is inside a workspace folder: by real path when it exists, else lexically. */
  contains(p: string): boolean {
    const abs = path.resolve(p);
    let real: string | undefined;
    try { real = fs.realpathSync.native(abs); } catch { real = undefined; }
    const realFolders = this.realFolders;
    if (real !== undefined) return realFolders.some((f) => within(real!, f));
    // Not on disk (an unsaved buffer): its lexical path and the real path of its nearest existing parent must both be inside.
    if (!this.folders.some((f) => within(abs, f)) && !realFolders.some((f) => within(abs, f))) return false;
    let dir = path.dirname(abs);
    for (let i = 0; i < 100; i++) {
      try { const r = fs.realpathSync.native(dir); return realFolders.some((f) => within(r, f)); } catch { /* go up */ }
      const up = path.dirname(dir);
      if (up === dir) return false;
      dir = up;
    }
    return false;
  }

  /**
   * A reader for the core: open documents first (by path), then the disk, never outside the
   * workspace folders. Every path asked for is recorded in `deps` (to re-lint dependents).
   */
  reader(openText: (p: string) => string | undefined, deps?: Set<string>): WorkspaceReader {
    return {
      readFile: (absPath: string) => {
        const p = path.normalize(path.resolve(absPath));
        deps?.add(p);
        if (!this.contains(p)) return undefined;
        const open = openText(p);
        if (open !== undefined) return skipReason(open) ? undefined : open;
        return readText(p);
      },
      // The disk's entries (a buffer never saved is not listed; an open file's text is what readFile serves).
      listDir: (absDir: string) => {
        const p = path.normalize(path.resolve(absDir));
        deps?.add(p);
        const real = realpath(p);
        if (!real) return undefined;
        const folder = this.realFolders.find((f) => within(real, f));
        return folder === undefined ? undefined : listDirIn(folder, real);
      },
    };
  }

  /**
   * Every Dockerfile / YAML file of the workspace folders, as the CLI's `check` finds them in a
   * folder (files/discover.ts): not in `.git` or `node_modules`, nor ignored by a `.gitignore`;
   * symlinks followed only when they resolve inside their folder; each real file once. The
   * .gitignore rules are read from the git root down (with `.git/info/exclude`), or, when the
   * git root is above the outermost workspace folder holding the folder, from that workspace
   * folder down: nothing outside the workspace is read. Stops after MAX_WALK_FILES files.
   */
  async walk(isCancelled: () => boolean = () => false): Promise<string[]> {
    const found: { absPath: string; real: string }[] = [];
    const stop = () => found.length >= MAX_WALK_FILES || isCancelled();
    for (const folder of this.folders) {
      const real = realpath(folder);
      if (!real || stop()) continue;
      const outermost = this.folders.filter((f) => within(folder, f)).sort((a, b) => a.length - b.length)[0];
      const git = gitIgnoresFor(folder, outermost);
      if (git.ignored(folder, true)) continue;
      await walkAsync(folder, real, {
        onFile: (absPath, fileReal) => { if (found.length < MAX_WALK_FILES) found.push({ absPath, real: fileReal }); },
        skip: (p, isDir) => git.ignored(p, isDir) !== undefined,
      }, stop);
    }
    // A file reached twice (through a symlink, or from nested folders): by its real path if reached so, else the first by name.
    const rank = (c: { absPath: string; real: string }) => (c.absPath === c.real ? 0 : 1);
    return onePerRealFile(found, (a, b) => rank(a) - rank(b) || (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0)).map((c) => c.absPath);
  }
}

function stripSep(p: string): string {
  return p.length > 1 && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}

function within(p: string, folder: string): boolean {
  return p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
