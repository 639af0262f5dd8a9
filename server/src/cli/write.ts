/**
 * Atomic file replacement for --fix: the new content goes to a temporary file in the same
 * directory, is fsynced, gets the original mode (and owner, when we may), then is renamed over
 * the target. A crash leaves either the old file or the new one, never a half-written file.
 * A symlink is not replaced: the file it points to is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeFileAtomic(target: string, content: string): void {
  const real = fs.realpathSync.native(target);
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
