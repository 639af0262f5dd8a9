/**
 * Mutation fuzzer over the real-world corpus (../shared/corpus, read in place): every file is
 * truncated, spliced with pieces of other files, byte-flipped, sprinkled with YAML/Dockerfile
 * syntax (`{`, `&a`, `*a`, `<<:`, tabs, CRs, `---`, quotes, NULs, BOMs, `\` continuations …),
 * re-indented and given mixed line ends. For every mutant: `analyze`, `lint` and `harden` do not
 * throw, no rule throws, harden does not break a YAML document that parsed, a second harden
 * changes nothing; the time per mutant is printed (mean and maximum), never asserted (the cost of
 * hostile inputs is measured in the bench: `node dist/bench.js --only adv`). Mutants with a lone
 * CR: their hardened YAML keeps the data outside the fixed keys, and a Dockerfile is left as it
 * is, its findings without fixes (see `checkMutant`).
 *
 * FUZZ_SEED replays a run (the seed is printed at the start and in every failure);
 * FUZZ_MUTANTS sets the mutants per corpus file (default: FUZZ_RUNS / 100, at least 1; without either: 4).
 * A failing mutant is written to the temp folder and its path printed.
 */
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LintOptions } from '../../server/src/core/types';
import { checkMutant, mutate, optionsFor, prng, walk } from './mutate';
import { hasLoneCr } from './props';

const REPO = path.resolve(__dirname, '../../..'); // test/out/fuzz → repo root
const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

/**
 * Hang guard for the whole run: 30 minutes per 4 mutants per file (the default run takes about a
 * minute). Only catches an infinite loop: not a performance claim.
 */
const hangGuardMs = (): number => 30 * 60_000 * Math.max(1, mutantsPerFile() / 4);

function mutantsPerFile(): number {
  const m = Number(process.env.FUZZ_MUTANTS);
  if (Number.isFinite(m) && m > 0) return Math.floor(m);
  const r = Number(process.env.FUZZ_RUNS);
  if (Number.isFinite(r) && r > 0) return Math.max(1, Math.round(r / 100));
  return 4;
}

describe('mutation fuzzer (corpus)', { skip: present ? false : `corpus not found at ${CORPUS}` }, () => {
  it('no exception, no rule error, harden never breaks a parsing document, lone CRs read as line breaks', { timeout: hangGuardMs() }, () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
    console.log(`mutation fuzzer: seed ${seed} (replay with FUZZ_SEED=${seed})`);
    const files = walk(CORPUS).map((f) => ({ f, opts: optionsFor(f) })).filter((x): x is { f: string; opts: LintOptions } => !!x.opts);
    const bufs = files.map((x) => fs.readFileSync(x.f));
    const rnd = prng(seed);
    const per = mutantsPerFile();
    let n = 0, maxMs = 0, maxWhat = '', total = 0, biggest = 0, loneCr = 0;
    const t0 = Date.now();
    files.forEach(({ f, opts }, i) => {
      for (let k = 0; k < per; k++) {
        const m = mutate(bufs[i], bufs, rnd);
        const what = `${path.relative(CORPUS, f)} [${m.ops.join(', ')}]`;
        let ms: number;
        try {
          ms = checkMutant(m.text, opts);
        } catch (e) {
          const saved = path.join(os.tmpdir(), `cs-mutant-${seed}-${i}-${k}${path.extname(f) || '.txt'}`);
          fs.writeFileSync(saved, m.text);
          throw new Error(`mutant of ${what} failed (seed ${seed}; saved as ${saved}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        n++;
        if (hasLoneCr(m.text)) loneCr++;
        total += ms;
        biggest = Math.max(biggest, m.text.length);
        if (ms > maxMs) { maxMs = ms; maxWhat = what; }
      }
    });
    console.log(`mutation fuzzer: ${n} mutants (${loneCr} with a lone CR) of ${files.length} files in ${Date.now() - t0} ms (mean ${(total / Math.max(1, n)).toFixed(1)} ms, max ${maxMs.toFixed(0)} ms: ${maxWhat}; largest mutant ${biggest} chars)`);
  });
});
