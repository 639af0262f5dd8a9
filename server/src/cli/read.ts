/**
 * Reading files from disk for linting: size limit, binary and encoding checks, BOM handling.
 * Also the disk WorkspaceReader the core uses for referenced files (a compose `build:` Dockerfile).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { WorkspaceReader } from '../core/types';
import { MAX_FILE_BYTES } from '../core/detect';

export { MAX_FILE_BYTES };
export const BOM = '\uFEFF';

export interface TextFile {
  ok: true;
  /** Content without a leading BOM. */
  text: string;
  /** The file started with U+FEFF: written back with it by --fix. */
  bom: boolean;
  /** SHA-256 of the bytes read: --fix writes only if the file still has them (see write.ts). */
  digest: string;
}

/** SHA-256 (hex) of bytes. */
export function digestOf(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** `larger than 2 MB (N bytes)`, or with the --max-file-size limit. */
export function tooLarge(size: number, maxBytes: number): string {
  return `larger than ${maxBytes === MAX_FILE_BYTES ? '2 MB' : `--max-file-size ${maxBytes} bytes`} (${size} bytes)`;
}

/**
 * `skip`: not something we lint (too large, binary, not UTF-8, not a regular file); the run
 * goes on and the exit code is not affected. `io`: the file could not be read (EACCES, EIO…):
 * the run goes on and ends with exit code 2.
 */
export interface ReadFailure { ok: false; kind: 'skip' | 'io'; reason: string }

export type ReadResult = TextFile | ReadFailure;

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

/** Decodes bytes as strict UTF-8; undefined for binary (a NUL byte) or invalid UTF-8 (reason given). */
export function decode(buf: Uint8Array): { text: string } | { reason: string } {
  if (buf.includes(0)) return { reason: 'binary file (contains a NUL byte)' };
  try {
    // TextDecoder keeps (ignoreBOM) the BOM so the caller can restore it when writing.
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf) };
  } catch {
    return { reason: 'not valid UTF-8' };
  }
}

export function readTextFile(absPath: string, maxBytes: number = MAX_FILE_BYTES): ReadResult {
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
  return { ok: true, text: bom ? d.text.slice(1) : d.text, bom, digest: digestOf(buf) };
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

/**
 * The disk WorkspaceReader: serves regular files (≤ 2 MB, strict UTF-8, BOM stripped) whose
 * real path (symlinks resolved) lies inside `root`; undefined for anything else.
 */
export function diskWorkspace(root: string): WorkspaceReader {
  const realRoot = realpath(root) ?? path.resolve(root);
  return {
    readFile(absPath: string): string | undefined {
      const real = realpath(path.resolve(absPath));
      if (!real || !isInside(realRoot, real)) return undefined;
      const r = readTextFile(real);
      return r.ok ? r.text : undefined;
    },
  };
}

/**
 * The root the workspace reader is confined to for a file: the working directory when the file
 * lies inside it, otherwise the scanned path argument (a directory, or a file's directory).
 */
export function workspaceRootFor(cwdReal: string, argReal: string, argIsDir: boolean): string {
  if (isInside(cwdReal, argReal)) return cwdReal;
  return argIsDir ? argReal : path.dirname(argReal);
}
