/**
 * The CLI and rule contract v2: `--preset` / `preset:`, suggestions in JSON (next to `fix`, with
 * --fix-dry-run; `fixable` only for a fix) and in the stylish summary, --fix and --fix-dry-run
 * never applying suggestions, and `fix.apply` promoting them. Suggestions come from a CLI built
 * with test-only rules (test/support/fake-rules.ts); presets are also checked on the real CLI.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleById } from '../../server/src/core/rules';
import { cleanup, cli, cliWith, fixture, gitRoot, json, only } from './helpers';
import { fakeBundle } from '../support/fake-bundle';
import { FAKE_IDS, STRICT_ONLY, SUGGEST } from '../support/fake-rules';

after(cleanup);

const fakeCli = (cwd: string, ...args: string[]) => cliWith({ cwd, script: fakeBundle('cli') }, ...args);
/** Only `keep` runs, of the real and the test-only rules. */
const onlyFake = (...keep: string[]) => [...only(...keep), ...FAKE_IDS.filter((id) => !keep.includes(id)).flatMap((id) => ['--rule', `${id}=off`])];
const SUG = 'services:\n  api:\n    image: x\n    x-suggest: before\n';

describe('--preset (the real CLI)', () => {
  const TMP = 'compose/tmp-not-tmpfs';
  const skip = (ruleById.get(TMP)?.meta.presets.recommended !== 'off') && `${TMP} is not off in recommended here`;
  it('a rule off in recommended runs with --preset strict or preset: strict; per-rule settings still win', { skip }, () => {
    const dir = gitRoot(fixture({ 'compose.yaml': 'services:\n  api:\n    image: example/api:1\n' }));
    const rulesOf = (...args: string[]) => json(cli(dir, 'check', '--format', 'json', ...only(TMP), ...args)).files.flatMap((f) => f.findings.map((x) => `${x.rule}:${x.severity}`));
    assert.deepEqual(rulesOf(), [], 'recommended (the default)');
    assert.deepEqual(rulesOf('--preset', 'recommended'), []);
    assert.deepEqual(rulesOf('--preset', 'strict'), [`${TMP}:${ruleById.get(TMP)!.meta.presets.strict}`]);
    assert.deepEqual(rulesOf('--preset', 'strict', '--rule', `${TMP}=off`), []);
    fs.writeFileSync(path.join(dir, '.container-signals.yaml'), 'preset: strict\n');
    assert.deepEqual(rulesOf(), [`${TMP}:${ruleById.get(TMP)!.meta.presets.strict}`], 'from the config file');
    assert.deepEqual(rulesOf('--preset', 'recommended'), [], '--preset wins over the file');
  });
  it('a bad --preset or preset: is a usage / config error (exit 2)', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': 'services:\n  a:\n    image: x\n' }));
    const r = cli(dir, 'check', '--preset', 'paranoid');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--preset: unknown preset "paranoid" \(expected one of: recommended, strict\)/);
    fs.writeFileSync(path.join(dir, '.container-signals.yaml'), 'preset: loose\nfix:\n  apply: [compose/nope]\n');
    const bad = cli(dir, 'check');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /\.container-signals\.yaml:1:9: preset: invalid value "loose" \(allowed: recommended, strict\)/);
    assert.match(bad.stderr, /\.container-signals\.yaml:3:11: fix\.apply: unknown rule "compose\/nope"/);
  });
  it('--help names --preset and fix.apply', () => {
    const r = cli(fixture(), '--help');
    assert.match(r.stdout, /--preset <name> +recommended \(default\) or strict/);
    assert.match(r.stdout, /apply: rule ids whose suggestions/);
  });
});

describe('suggestions in the CLI (test-only rules)', () => {
  it('preset selection with a test rule: off in recommended, on in strict', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': 'services:\n  api:\n    image: x\n    x-strict: "yes"\n' }));
    const found = (...args: string[]) => json(fakeCli(dir, 'check', '--format', 'json', ...onlyFake(STRICT_ONLY), ...args)).files.flatMap((f) => f.findings.map((x) => x.rule));
    // onlyFake turns every rule off except STRICT_ONLY, which it leaves to the preset.
    assert.deepEqual(found(), []);
    assert.deepEqual(found('--preset', 'strict'), [STRICT_ONLY]);
  });

  it('JSON: suggestions next to fix with --fix-dry-run; fixable only for a fix; summary counts them', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': SUG }));
    const plain = json(fakeCli(dir, 'check', '--format', 'json', ...onlyFake(SUGGEST)));
    const [f] = plain.files[0].findings;
    assert.equal(f.rule, SUGGEST);
    assert.equal(f.fixable, false);
    assert.equal(f.fix, undefined);
    assert.equal(f.suggestions, undefined, 'edits only with --fix-dry-run, as for fix');
    assert.equal(plain.summary.fixable, 0);
    assert.equal(plain.summary.suggestions, 1);
    const dry = json(fakeCli(dir, 'check', '--format', 'json', '--fix-dry-run', ...onlyFake(SUGGEST)));
    const [d] = dry.files[0].findings;
    assert.equal(d.fixable, false);
    assert.equal(d.fix, undefined);
    assert.deepEqual(d.suggestions, [
      { title: 'Set x-suggest to first', edits: [{ line: 4, column: 16, endLine: 4, endColumn: 22, text: 'first' }] },
      { title: 'Set x-suggest to second', edits: [{ line: 4, column: 16, endLine: 4, endColumn: 22, text: 'second' }] },
    ]);
  });

  it('--fix and --fix-dry-run do not apply suggestions; stylish says how many are left to review', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': SUG }));
    const dry = fakeCli(dir, 'check', '--fix-dry-run', ...onlyFake(SUGGEST));
    assert.equal(dry.stdout, '', 'no diff');
    const fix = fakeCli(dir, 'check', '--fix', ...onlyFake(SUGGEST));
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), SUG, 'the file is unchanged');
    assert.match(fix.stdout, /1 suggestion to review \(not applied by --fix; see --fix-dry-run --format json\)/);
    assert.doesNotMatch(fix.stdout, /fixable with --fix/);
  });

  it('fix.apply promotes the rule: fixable, --fix-dry-run shows the diff, --fix writes it', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': SUG, '.container-signals.yaml': `fix:\n  apply:\n    - ${SUGGEST}\n` }));
    const report = json(fakeCli(dir, 'check', '--format', 'json', '--fix-dry-run', ...onlyFake(SUGGEST)));
    const [f] = report.files[0].findings;
    assert.equal(f.fixable, true);
    assert.equal(f.fix?.title, 'Set x-suggest to first');
    assert.deepEqual(f.suggestions?.map((s) => s.title), ['Set x-suggest to second']);
    assert.equal(report.summary.fixable, 1);
    const diff = fakeCli(dir, 'check', '--fix-dry-run', ...onlyFake(SUGGEST));
    assert.match(diff.stdout, /^-    x-suggest: before$/m);
    assert.match(diff.stdout, /^\+    x-suggest: first$/m);
    const fix = fakeCli(dir, 'check', '--fix', ...onlyFake(SUGGEST));
    assert.equal(fix.status, 0, fix.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), SUG.replace('before', 'first'));
  });
});
