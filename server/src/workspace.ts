/**
 * The server's view of the workspace: URI ↔ path, the WorkspaceReader the core uses to read other
 * files (the Dockerfile a compose `build:` names, an `env_file:`) — open documents first, then the
 * disk, and only inside the workspace folders (real paths, so a symlink cannot lead outside) — and
 * the walk over the folders for "Harden signals in workspace".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceReader } from './core/types';
import { isDockerfileName, isYamlName } from './core/detect';

/** Files larger than this are not linted (nor read for the core). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Folders the workspace walk never enters (as the CLI). */
export const SKIP_DIRS = new Set(['.git', 'node_modules']);
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

/** Why a text is not linted: too large or binary (NUL bytes). */
export function skipReason(text: string): 'large' | 'binary' | undefined {
  if (text.length > MAX_FILE_BYTES || (text.length > MAX_FILE_BYTES / 3 && Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES)) return 'large';
  if (text.includes('\u0000')) return 'binary';
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a text file from disk: undefined when missing, too large, binary or not valid UTF-8. */
export function readTextFile(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    const buf = fs.readFileSync(p);
    if (buf.includes(0)) return undefined;
    return utf8.decode(buf);
  } catch {
    return undefined;
  }
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
        return readTextFile(p);
      },
    };
  }

  /** Every Dockerfile / YAML file of the workspace folders (no symlinks, no .git or node_modules). */
  async walk(isCancelled: () => boolean = () => false): Promise<string[]> {
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = async (dir: string): Promise<void> => {
      if (out.length >= MAX_WALK_FILES || isCancelled()) return;
      let entries: fs.Dirent[];
      try { entries = await fs.promises.readdir(dir, { withFileTypes: true }); } catch { return; }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (out.length >= MAX_WALK_FILES) return;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) await visit(p); }
        else if (e.isFile() && (isDockerfileName(e.name) || isYamlName(e.name)) && !seen.has(p)) { seen.add(p); out.push(p); }
      }
    };
    for (const f of this.folders) await visit(f);
    return out;
  }
}

function stripSep(p: string): string {
  return p.length > 1 && p.endsWith(path.sep) ? p.slice(0, -1) : p;
}

function within(p: string, folder: string): boolean {
  return p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
