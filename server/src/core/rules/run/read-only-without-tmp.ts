import { defineRule, FixDraft } from '../../rule';
import { flag, flags, insertFlag, RunCommand } from '../../model/run';
import { normTarget, shortVolume, tmpfsTarget } from '../compose/tmp';
import { imageInfo } from '../../knowledge';
import { boolFlag, what } from './util';

/** A mount of the command line at some target: writable or not; undefined target when a value is not known. */
interface Mount { target?: string; writable: boolean; tmpfs: boolean }

/** `--mount type=tmpfs,destination=/tmp,readonly` (csv, `target`/`destination`/`dst`, `readonly`/`ro` with an optional boolean). */
function mountFlag(spec: string): Mount {
  let target: string | undefined, readOnly = false, tmpfs = false;
  for (const part of spec.split(',')) {
    const [k, ...rest] = part.split('=');
    const key = k.trim().toLowerCase(), v = rest.join('=').trim();
    if (key === 'target' || key === 'destination' || key === 'dst') target = normTarget(v);
    else if (key === 'readonly' || key === 'ro') readOnly = rest.length === 0 || /^(?:true|1)$/i.test(v);
    else if (key === 'type') tmpfs = v === 'tmpfs';
  }
  return { target, writable: !readOnly, tmpfs };
}

/** Every mount the command line writes (`--tmpfs`, `-v`/`--volume`, `--mount`). */
function mounts(cmd: RunCommand): Mount[] {
  const out: Mount[] = [];
  for (const f of flags(cmd, 'tmpfs')) out.push({ target: f.value === undefined ? undefined : tmpfsTarget(f.value), writable: true, tmpfs: true });
  for (const f of flags(cmd, 'volume')) {
    if (f.value === undefined) { out.push({ writable: true, tmpfs: false }); continue; }
    const v = shortVolume(f.value);
    out.push({ target: v.target, writable: !v.readOnly, tmpfs: false });
  }
  for (const f of flags(cmd, 'mount')) out.push(f.value === undefined ? { writable: true, tmpfs: false } : mountFlag(f.value));
  return out;
}

/** `TMPDIR` set with `-e TMPDIR=…` (known value), undefined otherwise. */
function tmpdir(cmd: RunCommand): string | undefined {
  for (const f of flags(cmd, 'env')) {
    const m = f.value === undefined ? undefined : /^TMPDIR=(.*)$/s.exec(f.value);
    if (m) return m[1];
  }
  return undefined;
}

/** Quoted for the shell when the entry needs it (`/tmp:exec,mode=1777` does not). */
const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export default defineRule({
  meta: {
    id: 'run/read-only-without-tmp',
    target: 'run',
    presets: { recommended: 'information', strict: 'warning' },
    description: 'A `docker run --read-only` has nothing writable mounted at /tmp.',
    fixable: true,
    messages: {
      missing: '{{what}} has --read-only and nothing writable at /tmp: programs that write temporary files there fail with "Read-only file system". Mount a tmpfs at /tmp{{exec}}.',
      readOnlyMount: '{{what}} has --read-only and mounts /tmp read-only: programs that write temporary files there fail with "Read-only file system". Make that mount writable, or set TMPDIR to a writable path.',
    },
  },
  check(ctx) {
    for (const cmd of ctx.commands) {
      if (cmd.opaque) continue; // $OPTS may hold the mount
      const ro = boolFlag(cmd, 'read-only');
      if (ro !== true) continue;
      // Podman mounts a writable tmpfs on /tmp, /var/tmp, /run, /dev and /dev/shm of a --read-only
      // container unless --read-only-tmpfs=false (podman-run(1), "--read-only-tmpfs", default true).
      if (cmd.tool === 'podman' && (!flag(cmd, 'read-only-tmpfs') || boolFlag(cmd, 'read-only-tmpfs') !== false)) continue;
      const all = mounts(cmd);
      if (all.some((m) => m.target === undefined)) continue; // a value the linter cannot read
      const at = all.filter((m) => m.target === '/tmp');
      if (at.some((m) => m.writable)) continue;
      const env = tmpdir(cmd);
      if (env !== undefined && normTarget(env) !== '/tmp' && all.some((m) => m.writable && (normTarget(env) === m.target || normTarget(env).startsWith(`${m.target}/`)))) continue;
      const f = [...cmd.flags].reverse().find((x) => x.name === 'read-only')!;
      if (at.length) {
        ctx.report({ at: f.at, messageId: 'readOnlyMount', data: { what: what(cmd) } });
        continue;
      }
      const tmpExec = cmd.image ? imageInfo(cmd.image.name).tmpExec?.value : undefined;
      // Docker mounts a tmpfs noexec: images that load native libraries from /tmp get `/tmp:exec`.
      const entry = tmpExec && ctx.config.fix.tmpfs === '/tmp' ? '/tmp:exec' : ctx.config.fix.tmpfs;
      const edit = tmpfsTarget(entry) === '/tmp' ? insertFlag(cmd, `--tmpfs ${shellWord(entry)}`) : undefined;
      const fix: FixDraft | undefined = edit && { title: `Mount a tmpfs at /tmp (--tmpfs ${entry})`, edits: [edit] };
      ctx.report({ at: f.at, messageId: 'missing', data: { what: what(cmd), exec: tmpExec ? ` with exec (${tmpExec})` : '' }, fix });
    }
  },
});
