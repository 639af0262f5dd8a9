import * as path from 'node:path';
import { defineRule } from '../../rule';
import { effective, logicalArgs, parseJsonArray, resolvedBaseImage, stageChain, type DfInstruction, type DockerfileModel, type From } from '../../model/dockerfile';

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

export default defineRule({
  meta: {
    id: 'dockerfile/scratch-without-tmp',
    target: 'dockerfile',
    severity: 'warning',
    description: 'A `FROM scratch` image has no /tmp: programs that create temporary files fail.',
    fixable: false,
    messages: {
      noTmp: 'The final image is built `FROM scratch` and nothing creates /tmp, so programs that write temporary files fail (ENOENT). Copy one in from a build stage (`COPY --from=build /tmp /tmp`, a directory with mode 1777 there, e.g. made with `mkdir -m 1777`), or mount a tmpfs at run time (compose `tmpfs: [/tmp]`, Kubernetes `emptyDir` at /tmp).',
    },
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.final;
    if (!final || resolvedBaseImage(model, final).toLowerCase() !== 'scratch') return;
    // With no ENTRYPOINT/CMD the stage is an artifact export (`--output`), not an image that runs.
    if (!effective(final, 'ENTRYPOINT') && !effective(final, 'CMD')) return;
    // Walk the chain from the root stage down, tracking WORKDIR for relative destinations.
    let wd = '/';
    for (const s of stageChain(final).reverse()) {
      for (const ins of s.instructions) {
        const p = paths(model, ins);
        if (ins.keyword === 'WORKDIR' && p.length) {
          wd = resolve(wd, p[p.length - 1]);
          if (underTmp(wd)) return;
        } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && p.length >= 2) {
          const dest = resolve(wd, p[p.length - 1]);
          if (underTmp(dest) || dest === '/') return; // a copy to / may bring a whole root file system
        } else if (ins.keyword === 'VOLUME') {
          if (p.some((v) => underTmp(resolve(wd, v)))) return; // an anonymous volume is mounted there
        } else if (ins.keyword === 'RUN' && /\/tmp\b/.test(ins.rawArgs)) return;
      }
    }
    const r = (final.from.ins as From).getImageRange();
    const at: [number, number] = r ? [model.lines.offsetAt(r.start), model.lines.offsetAt(r.end)] : [final.from.start, final.from.end];
    ctx.report({ at, messageId: 'noTmp' });
  },
});
