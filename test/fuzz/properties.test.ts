/**
 * Property tests (fast-check): generated Compose files, Kubernetes manifests and Dockerfiles in
 * many styles (see gen.ts) must lint without a crash and harden cleanly (see props.ts for the
 * properties), in the recommended and the strict preset. FUZZ_RUNS sets the number of files per generator (CI default below); FUZZ_SEED
 * replays a run. On a failure fast-check prints the seed, the path and the shrunk file.
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { composeArb, dockerfileArb, k8sArb, type Generated } from './gen';
import { checkGenerated, newStats, runs, seed, type Stats } from './props';

/** Files per generator in CI: half as many in each of the two strict variants. */
const DEFAULT_RUNS = 500;

function property(name: string, arb: fc.Arbitrary<Generated>, preset: 'recommended' | 'strict' = 'recommended', applyAll = false): void {
  if (preset !== 'recommended') name = `${name} (${preset}${applyAll ? ', fix.apply: every rule' : ''})`;
  it(`${name}: lint never throws, harden is clean, idempotent and keeps data and comments`, () => {
    const stats: Stats = newStats();
    const t0 = Date.now();
    fc.assert(fc.property(arb, (g) => checkGenerated(g, stats, preset, applyAll)), { numRuns: runs(preset === 'recommended' ? DEFAULT_RUNS : DEFAULT_RUNS / 2), seed: seed(), endOnFailure: false });
    const rules = [...stats.rules].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r}×${n}`).join(', ');
    console.log(`fuzz ${name}: ${stats.files} files (incl. shrinking) in ${Date.now() - t0} ms, ${stats.findings} findings, ${stats.changed} hardened; fixes applied: ${rules}`);
  });
}

describe('property tests (fast-check)', () => {
  property('compose', composeArb);
  property('kubernetes', k8sArb);
  property('dockerfile', dockerfileArb);
  // The strict preset runs the hardening rules (and fixes) the recommended one leaves out: /tmp, TMPDIR.
  property('compose', composeArb, 'strict');
  property('kubernetes', k8sArb, 'strict');
  property('dockerfile', dockerfileArb, 'strict');
  // fix.apply naming every rule: harden applies the suggestions too (user, capabilities, privileged, tini).
  property('compose', composeArb, 'strict', true);
  property('kubernetes', k8sArb, 'strict', true);
  property('dockerfile', dockerfileArb, 'strict', true);
});
