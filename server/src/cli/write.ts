/**
 * Atomic file replacement for --fix: the new content goes to a temporary file in the same
 * directory, is fsynced, gets the original mode (and owner, when we may), then is renamed over
 * the target. A crash leaves either the old file or the new one, never a half-written file.
 * A symlink is not replaced: the file it points to is — but only when that file lies inside the
 * scanned root (`guard.root`), and only when it still holds the bytes that were linted
 * (`guard.digest`, checked right before the rename): otherwise nothing is written and a
 * `WriteRefused` says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { digestOf, isInside } from './read';

/** --fix did not write the file, on purpose (not an I/O error): the reason is printed as `skipped: <reason>`. */
export class WriteRefused extends Error {}

export interface WriteGuard {
  /** Real path of the scanned directory: the file written must lie inside it (symlinks resolved). */
  root?: string;
  /** SHA-256 of the bytes read: the file must still have them right before the rename. */
  digest?: string;
}

export function writeFileAtomic(target: string, content: string, guard: WriteGuard = {}): void {
  const real = fs.realpathSync.native(target);
  if (guard.root !== undefined && !isInside(guard.root, real)) {
    throw new WriteRefused('symbolic link to a file outside the scanned directory (not written)');
  }
  const st = fs.statSync(real);
  const dir = path.dirname(real);
  const tmp = path.join(dir, `.${path.basename(real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
    fs.writeFileSync(fd, content, 'utf8');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(tmp, st.mode & 0o7777); // open()'s mode is filtered by the umask
    if (typeof process.getuid === 'function' && process.getuid() === 0) {
      try { fs.chownSync(tmp, st.uid, st.gid); } catch { /* best effort */ }
    }
    // Changed since it was read (an editor saved it meanwhile)? Then keep that version.
    if (guard.digest !== undefined && digestOf(fs.readFileSync(real)) !== guard.digest) throw new WriteRefused('changed since read (not written)');
    fs.renameSync(tmp, real);
  } catch (e) {
    if (fd !== undefined) { try { fs.closeSync(fd); } catch { /* already failing */ } }
    try { fs.unlinkSync(tmp); } catch { /* may not exist */ }
    throw e;
  }
  // Persist the rename itself (best effort: not every platform can fsync a directory).
  try {
    const dfd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch { /* ignore */ }
}
