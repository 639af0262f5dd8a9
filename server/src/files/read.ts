/**
 * Reading a text file from disk, for the language server and the CLI alike: size limit, binary
 * and encoding checks (strict UTF-8, no NUL byte), BOM handling; and the path helpers both use
 * to stay inside a root (real paths, so a symlink cannot lead outside).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { MAX_FILE_BYTES } from '../core/detect';

export { MAX_FILE_BYTES };
export const BOM = '\uFEFF';

export interface TextFile {
  ok: true;
  /** Content without a leading BOM. */
  text: string;
  /** The file started with U+FEFF (the CLI's --fix writes it back with it). */
  bom: boolean;
  /** SHA-256 of the bytes read, when asked for ({ digest: true }): the CLI's --fix writes only if the file still has them. */
  digest?: string;
}

/**
 * `skip`: not something we lint (too large, binary, not UTF-8, not a regular file). `io`: the
 * file could not be read (ENOENT, EACCES, EIO…).
 */
export interface ReadFailure { ok: false; kind: 'skip' | 'io'; reason: string }

export type ReadResult<T extends TextFile = TextFile> = T | ReadFailure;

/** SHA-256 (hex) of bytes. */
export function digestOf(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** `larger than 2 MB (N bytes)`, or with the CLI's --max-file-size limit. */
export function tooLarge(size: number, maxBytes: number): string {
  return `larger than ${maxBytes === MAX_FILE_BYTES ? '2 MB' : `--max-file-size ${maxBytes} bytes`} (${size} bytes)`;
}

/** A short reason from a Node system error: `EACCES: permission denied`. */
export function errorReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') {
    // Node messages look like "EACCES: permission denied, open '/x'": drop the syscall and path.
    const m = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message ?? '');
    return m ? `${err.code}: ${m[1]}` : err.code;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Decodes bytes as strict UTF-8; a reason instead for binary (a NUL byte) or invalid UTF-8. */
export function decode(buf: Uint8Array): { text: string } | { reason: string } {
  if (buf.includes(0)) return { reason: 'binary file (contains a NUL byte)' };
  try {
    // TextDecoder keeps (ignoreBOM) the BOM so the caller can restore it when writing.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf) };
  } catch {
    return { reason: 'not valid UTF-8' };
  }
}

/**
 * Reads a regular file of at most `maxBytes` (checked before and after reading) that is strict
 * UTF-8 without NUL bytes; the text comes without its BOM. `{ digest: true }` adds the SHA-256
 * of the bytes read.
 */
export function readTextFile(absPath: string, maxBytes: number | undefined, options: { digest: true }): ReadResult<TextFile & { digest: string }>;
export function readTextFile(absPath: string, maxBytes?: number, options?: { digest?: boolean }): ReadResult;
export function readTextFile(absPath: string, maxBytes: number = MAX_FILE_BYTES, options: { digest?: boolean } = {}): ReadResult {
  let st: fs.Stats;
  try {
    st = fs.statSync(absPath);
  } catch (e) {
    return { ok: false, kind: 'io', reason: errorReason(e) };
  }
  if (!st.isFile()) return { ok: false, kind: 'skip', reason: 'not a regular file' };
  if (st.size > maxBytes) return { ok: false, kind: 'skip', reason: tooLarge(st.size, maxBytes) };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(absPath);
  } catch (e) {
    return { ok: false, kind: 'io', reason: errorReason(e) };
  }
  // The size may have changed between stat and read.
  if (buf.length > maxBytes) return { ok: false, kind: 'skip', reason: tooLarge(buf.length, maxBytes) };
  const d = decode(buf);
  if ('reason' in d) return { ok: false, kind: 'skip', reason: d.reason };
  const bom = d.text.startsWith(BOM);
  const file: TextFile = { ok: true, text: bom ? d.text.slice(1) : d.text, bom };
  if (options.digest) file.digest = digestOf(buf);
  return file;
}

/** Only the text (without BOM): undefined for a file readTextFile refuses (missing, not a regular file, too large, binary, not UTF-8). */
export function readText(absPath: string, maxBytes: number = MAX_FILE_BYTES): string | undefined {
  const r = readTextFile(absPath, maxBytes);
  return r.ok ? r.text : undefined;
}

/** `child` is `root` or lies below it (both already resolved). */
export function isInside(root: string, child: string): boolean {
  if (child === root) return true;
  const rel = path.relative(root, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** realpath, or undefined when the path does not exist or cannot be resolved. */
export function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/** At most this many entries of one folder are listed (the rest is left out). */
export const MAX_DIR_ENTRIES = 5000;

/**
 * The entries of a folder (already resolved), sorted: names, folders with a trailing `/`.
 * A symlink is listed as what it points to when that lies inside `root` (a folder or a file),
 * and left out otherwise: nothing outside `root` is ever named. Undefined when it cannot be read.
 */
export function listDirIn(root: string, realDir: string): string[] | undefined {
  let ents: fs.Dirent[];
  try { ents = fs.readdirSync(realDir, { withFileTypes: true }); } catch { return undefined; }
  const out: string[] = [];
  for (const e of ents) {
    if (out.length >= MAX_DIR_ENTRIES) break;
    if (e.isDirectory()) out.push(`${e.name}/`);
    else if (e.isFile()) out.push(e.name);
    else if (e.isSymbolicLink()) {
      const target = realpath(path.join(realDir, e.name));
      if (!target || !isInside(root, target)) continue;
      try { const st = fs.statSync(target); if (st.isDirectory()) out.push(`${e.name}/`); else if (st.isFile()) out.push(e.name); } catch { /* gone */ }
    }
  }
  return out.sort();
}
