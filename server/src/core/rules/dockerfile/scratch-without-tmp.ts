import * as path from 'node:path';
import { defineRule } from '../../rule';
import { effective, isRootUser, logicalArgs, parseJsonArray, resolvedBaseImage, stageChain, type DfInstruction, type DockerfileModel, type From } from '../../model/dockerfile';

const unquote = (s: string) => s.replace(/^(["'])(.*)\1$/s, '$2');

/** The words of an instruction's first line (COPY/ADD: sources then the destination; WORKDIR/VOLUME: paths), flags and heredoc bodies left out. */
function paths(model: DockerfileModel, ins: DfInstruction): string[] {
  let text = logicalArgs(model, ins).text;
  if (/<<-?["']?\w/.test(text)) text = text.split(/\r?\n/)[0]; // heredoc: only the instruction line
  const json = parseJsonArray(text.replace(/^(\s*--\S+\s+)*/, ''));
  const words = json ?? text.trim().split(/\s+/).filter((w) => !w.startsWith('--')).map(unquote);
  return words.filter((w) => w !== ''); // a heredoc source (`<<EOF`) stays: it counts as a source
}

/** `dir` resolved against the working directory, normalised (`/tmp/` → `/tmp`). */
const resolve = (wd: string, p: string) => path.posix.resolve('/', wd, p);
const underTmp = (p: string) => p === '/tmp' || p.startsWith('/tmp/');
/** The UID (or name) part of a USER value: `10001:10001` → `10001`. */
const uidOf = (user: string) => user.trim().replace(/^(["'])(.*)\1$/s, '$2').split(':')[0].trim();
/** A RUN that makes /tmp writable for others: `chmod`, `chown`, or `mkdir -m`. */
const OPENS_TMP = /\b(chmod|chown)\b|\bmkdir\b[^;&|\n]*[\s"'](-m|--mode)/;

export default defineRule({
  meta: {
    id: 'dockerfile/scratch-without-tmp',
    target: 'dockerfile',
    presets: { recommended: 'off', strict: 'information' },
    description: 'A `FROM scratch` image has no /tmp, or one that its non-root USER cannot write: programs that create temporary files fail.',
    fixable: false,
    messages: {
      noTmp: 'The final image is built FROM scratch and nothing creates /tmp, so programs that write temporary files fail (ENOENT). Copy one in from a build stage (COPY --from=build /tmp /tmp, a directory with mode 1777 there, e.g. made with mkdir -m 1777), or mount a tmpfs at run time (compose tmpfs: [/tmp], Kubernetes emptyDir at /tmp).',
      notWritable: 'The final image is built FROM scratch and its /tmp comes from {{source}}: a directory owned by {{owner}} with mode 0755, so USER {{user}} cannot write temporary files there (EACCES). Copy a mode-1777 /tmp in from a build stage (COPY --from=build /tmp /tmp, made there with mkdir -m 1777), or mount a tmpfs at run time (compose tmpfs: [/tmp], Kubernetes emptyDir at /tmp).',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || resolvedBaseImage(model, final).toLowerCase() !== 'scratch') return;
    // With no ENTRYPOINT/CMD the stage is an artifact export (`--output`), not an image that runs.
    if (!effective(final, 'ENTRYPOINT') && !effective(final, 'CMD')) return;
    // Walk the chain from the root stage down, tracking WORKDIR for relative destinations and USER.
    // A copy brings /tmp with the mode it has in the build stage (1777 when made so): fine. WORKDIR
    // (BuildKit: owned by the USER in effect), VOLUME (Docker's anonymous volume: root) and a RUN
    // that does not chmod/chown create a mode-0755 directory that only its owner can write.
    let wd = '/';
    let user: string | undefined;
    let created: { ins: DfInstruction; source: string; owner: string | undefined } | undefined;
    for (const s of stageChain(final).reverse()) {
      for (const ins of s.instructions) {
        if (ins.keyword === 'USER') { user = logicalArgs(model, ins).text.trim() || user; continue; }
        const p = paths(model, ins);
        if (ins.keyword === 'WORKDIR' && p.length) {
          wd = resolve(wd, p[p.length - 1]);
          if (underTmp(wd)) created ??= { ins, source: `WORKDIR ${wd}`, owner: user };
        } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && p.length >= 2) {
          const dest = resolve(wd, p[p.length - 1]);
          if (underTmp(dest) || dest === '/') return; // a copy to / may bring a whole root file system
        } else if (ins.keyword === 'VOLUME') {
          if (p.some((v) => underTmp(resolve(wd, v)))) created ??= { ins, source: 'VOLUME /tmp (an anonymous volume)', owner: undefined };
        } else if (ins.keyword === 'RUN' && /\/tmp\b/.test(ins.rawArgs)) {
          if (OPENS_TMP.test(ins.rawArgs)) return;
          created ??= { ins, source: 'a RUN that does not chmod it', owner: user };
        }
      }
    }
    if (created) {
      // Root writes anywhere; a variable USER is unknown; WORKDIR after `USER x` belongs to x.
      if (!user || user.includes('$') || isRootUser(user)) return;
      const owner = created.owner && !isRootUser(created.owner) ? created.owner : undefined;
      if (owner !== undefined && uidOf(owner) === uidOf(user)) return;
      ctx.report({
        at: [created.ins.argsStart!, created.ins.argsEnd!],
        messageId: 'notWritable',
        data: { source: created.source, owner: owner === undefined ? 'root' : `"${owner}"`, user },
      });
      return;
    }
    const r = (final.from.ins as From).getImageRange();
    const at: [number, number] = r ? [model.lines.offsetAt(r.start), model.lines.offsetAt(r.end)] : [final.from.start, final.from.end];
    ctx.report({ at, messageId: 'noTmp' });
  },
});
