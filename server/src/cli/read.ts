/**
 * Reading files from disk for the command line: the shared reader (files/read.ts: size limit,
 * binary and encoding checks, BOM handling) with the digest --fix checks before it writes, and
 * the disk WorkspaceReader the core uses for referenced files (a compose `build:` Dockerfile).
 */
import * as path from 'node:path';
import type { WorkspaceReader } from '../core/types';
import { MAX_FILE_BYTES, isInside, listDirIn, readText, readTextFile as readShared, realpath } from '../files/read';
import type { ReadResult as Result, TextFile as Text } from '../files/read';

export { BOM, MAX_FILE_BYTES, decode, digestOf, errorReason, isInside, realpath, tooLarge } from '../files/read';
export type { ReadFailure } from '../files/read';

/** A file as --fix reads it: with the SHA-256 of its bytes (it writes only if the file still has them, see write.ts). */
export type TextFile = Text & { digest: string };

/**
 * `skip`: not something we lint (too large, binary, not UTF-8, not a regular file); the run
 * goes on and the exit code is not affected. `io`: the file could not be read (EACCES, EIO…):
 * the run goes on and ends with exit code 2.
 */
export type ReadResult = Result<TextFile>;

export function readTextFile(absPath: string, maxBytes: number = MAX_FILE_BYTES): ReadResult {
  return readShared(absPath, maxBytes, { digest: true });
}

/**
 * The disk WorkspaceReader: serves regular files (≤ 2 MB, strict UTF-8, BOM stripped) whose
 * real path (symlinks resolved) lies inside `root`; undefined for anything else. Lists folders
 * inside `root` the same way (symlinks that lead outside are left out).
 */
export function diskWorkspace(root: string): WorkspaceReader {
  const realRoot = realpath(root) ?? path.resolve(root);
  return {
    readFile(absPath: string): string | undefined {
      const real = realpath(path.resolve(absPath));
      if (!real || !isInside(realRoot, real)) return undefined;
      return readText(real);
    },
    listDir(absDir: string): string[] | undefined {
      const real = realpath(path.resolve(absDir));
      if (!real || !isInside(realRoot, real)) return undefined;
      return listDirIn(realRoot, real);
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
