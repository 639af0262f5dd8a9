/**
 * Rule contract v2 plumbing in the core: presets (which rules run, at what severity; per-rule
 * settings win), `fix.apply` promotion of suggestions to fixes, and what harden applies (fixes
 * only). With test-only rules (test/support/fake-rules.ts), so nothing here depends on which real
 * rules offer suggestions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, harden, lint, promotes, resolveConfig } from '../../server/src/core/lint';
import { parseConfig, configJsonSchema, presetDefaults } from '../../server/src/core/config';
import { rules } from '../../server/src/core/rules';
import { normalizeSettings, toConfig } from '../../server/src/lsp/settings';
import { effectiveConfig } from '../../server/src/lsp/project-config';
import type { ProjectConfig } from '../../server/src/lsp/project-config';
import type { LintOptions } from '../../server/src/core/types';
import { FAKE_IDS, FIX_A, FIX_B, STRICT_ONLY, SUGGEST, injectFakeRules, removeFakeRules } from '../support/fake-rules';
import Ajv from 'ajv';

const PATH = '/ws/docker-compose.yml';
const fake = (f: { rule: string }) => FAKE_IDS.includes(f.rule);
const opts = (config: LintOptions['config'] = {}): LintOptions => ({ path: PATH, languageId: 'dockercompose', config });

describe('parseConfig: preset and fix.apply', () => {
  it('reads preset and fix.apply', () => {
    const c = parseConfig('preset: strict\nfix:\n  user: "1:1"\n  apply: [compose/root-user, k8s/root-user, compose/root-user]\n');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.config, { rules: {}, fix: { user: '1:1' }, preset: 'strict', apply: ['compose/root-user', 'k8s/root-user'] });
  });
  it('leaves both undefined when the file does not set them (the editor or CLI decides)', () => {
    const c = parseConfig('rules: {}\n');
    assert.equal(c.config.preset, undefined);
    assert.equal(c.config.apply, undefined);
  });
  it('a block list, a single id, and an empty apply', () => {
    assert.deepEqual(parseConfig('fix:\n  apply:\n    - dockerfile/root-user\n').config.apply, ['dockerfile/root-user']);
    assert.deepEqual(parseConfig('fix:\n  apply: compose/ptrace-capability\n').config.apply, ['compose/ptrace-capability']);
    assert.deepEqual(parseConfig('fix:\n  apply:\n').config.apply, []);
  });
  it('problems: a bad preset, an unknown id in fix.apply, a mapping as fix.apply', () => {
    assert.deepEqual(parseConfig('preset: paranoid\n').problems, [{ message: 'preset: invalid value "paranoid" (allowed: recommended, strict)', line: 1, column: 9 }]);
    assert.deepEqual(parseConfig('preset: 1\n').problems.map((p) => p.message), ['preset: invalid value the number 1 (allowed: recommended, strict)']);
    const ids = rules.map((r) => r.meta.id).filter((id) => id.startsWith('compose/')).join(', ');
    const bad = parseConfig('fix:\n  apply: [compose/root-user, compose/nope]\n');
    assert.deepEqual(bad.problems, [{ message: `fix.apply: unknown rule "compose/nope" (allowed: ${ids})`, line: 2, column: 30 }]);
    assert.deepEqual(bad.config.apply, ['compose/root-user'], 'the valid ids are kept');
    assert.match(parseConfig('fix:\n  apply: {a: b}\n').problems[0].message, /^fix\.apply: expected a list of rule ids, got a mapping/);
    assert.match(parseConfig('fix:\n  apply: [1]\n').problems[0].message, /^fix\.apply: unknown rule the number 1/);
  });
  it('the JSON schema knows both (and agrees with the loader)', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(configJsonSchema());
    const good = [{ preset: 'strict' }, { preset: 'recommended', fix: { apply: ['compose/root-user'] } }, { fix: { apply: null } }];
    const bad = [{ preset: 'loose' }, { fix: { apply: ['compose/nope'] } }, { fix: { apply: 'compose/root-user,k8s/root-user' } }];
    for (const g of good) {
      assert.ok(validate(g), JSON.stringify(validate.errors));
      assert.deepEqual(parseConfig(JSON.stringify(g)).problems, []);
    }
    for (const b of bad) {
      assert.ok(!validate(b), JSON.stringify(b));
      assert.notDeepEqual(parseConfig(JSON.stringify(b)).problems, [], JSON.stringify(b));
    }
  });
  it('describes each rule with its default in both presets', () => {
    assert.equal(presetDefaults({ recommended: 'off', strict: 'information' }), 'off (recommended), information (strict)');
    assert.equal(presetDefaults({ recommended: 'warning', strict: 'warning' }), 'warning');
  });
});

describe('presets and promotion (test-only rules)', () => {
  before(injectFakeRules);
  after(removeFakeRules);

  const STRICT = 'services:\n  api:\n    image: x\n    x-strict: "yes"\n';
  it('a rule off in recommended does not run there, runs in strict at its strict severity', () => {
    assert.deepEqual(lint(STRICT, opts()).filter(fake), []);
    assert.deepEqual(lint(STRICT, opts({ preset: 'recommended' })).filter(fake), []);
    assert.deepEqual(lint(STRICT, opts({ preset: 'strict' })).filter(fake).map((f) => [f.rule, f.severity]), [[STRICT_ONLY, 'information']]);
  });
  it('a per-rule setting wins over the preset: turns it on in recommended, off in strict', () => {
    assert.deepEqual(lint(STRICT, opts({ rules: { [STRICT_ONLY]: 'error' } })).filter(fake).map((f) => [f.rule, f.severity]), [[STRICT_ONLY, 'error']]);
    assert.deepEqual(lint(STRICT, opts({ preset: 'strict', rules: { [STRICT_ONLY]: 'off' } })).filter(fake), []);
  });

  const SUG = 'services:\n  api:\n    image: x\n    x-suggest: before\n';
  it('suggestions stay suggestions: no fix, and harden does not apply them', () => {
    const [f] = lint(SUG, opts()).filter((x) => x.rule === SUGGEST);
    assert.equal(f.fix, undefined);
    assert.deepEqual(f.suggestions?.map((s) => s.title), ['Set x-suggest to first', 'Set x-suggest to second']);
    assert.deepEqual(f.suggestions?.[0].edits.map((e) => [e.range.start, e.newText]), [[{ line: 3, character: 15 }, 'first']]);
    const onlySuggest = Object.fromEntries(rules.filter((r) => r.meta.id !== SUGGEST).map((r) => [r.meta.id, 'off' as const]));
    const h = harden(SUG, opts({ rules: onlySuggest }));
    assert.equal(h.changed, false, 'harden leaves the suggestion alone');
    assert.ok(harden(SUG, opts()).output.includes('x-suggest: before'), 'also with every rule on');
  });
  it('fix.apply promotes the first suggestion to the fix (the others stay suggestions); harden applies it', () => {
    const o = opts({ apply: [SUGGEST] });
    const [f] = lint(SUG, o).filter((x) => x.rule === SUGGEST);
    assert.equal(f.fix?.title, 'Set x-suggest to first');
    assert.deepEqual(f.suggestions?.map((s) => s.title), ['Set x-suggest to second']);
    const h = harden(SUG, o, (x) => x.rule === SUGGEST);
    assert.equal(h.output, SUG.replace('before', 'first'));
    assert.deepEqual(h.applied.map((x) => x.rule), [SUGGEST]);
    assert.equal(harden(h.output, o, (x) => x.rule === SUGGEST).changed, false, 'the rule no longer fires: a second pass changes nothing');
  });
  it('fix.apply of another rule promotes nothing here', () => {
    const [f] = lint(SUG, opts({ apply: [FIX_A] })).filter((x) => x.rule === SUGGEST);
    assert.equal(f.fix, undefined);
    assert.equal(promotes({ apply: [SUGGEST] }, SUGGEST), true);
    assert.equal(promotes({}, SUGGEST), false);
  });
  it('promotion is part of the per-document cache key (the same text, other options)', () => {
    const text = 'services:\n  cached:\n    image: x\n    x-suggest: before\n';
    assert.equal(analyze(text, opts()).findings.find((x) => x.rule === SUGGEST)?.fix, undefined);
    assert.ok(analyze(text, opts({ apply: [SUGGEST] })).findings.find((x) => x.rule === SUGGEST)?.fix);
    assert.equal(analyze(text, opts()).findings.find((x) => x.rule === SUGGEST)?.fix, undefined);
  });
  it('two rules with fixes on one range: harden applies the first by rule id', () => {
    const t = 'services:\n  api:\n    image: x\n    x-both: both\n';
    const fs = lint(t, opts()).filter(fake);
    assert.deepEqual(fs.map((f) => f.rule), [FIX_A, FIX_B]);
    assert.equal(harden(t, opts(), fake).output, t.replace('both\n', 'a\n'));
  });
  it('resolveConfig carries preset and apply', () => {
    assert.deepEqual(resolveConfig({ preset: 'strict', apply: [SUGGEST] }).apply, [SUGGEST]);
    assert.deepEqual(resolveConfig({}).apply, []);
    assert.equal(resolveConfig({}).preset, 'recommended');
  });
});

describe('editor settings: containerSignals.preset and containerSignals.fix.apply', () => {
  const project = (config: ProjectConfig['file']['config']): ProjectConfig => ({ path: '/ws/.container-signals.yaml', dir: '/ws', ignored: () => false, file: { config, ignore: [], failOn: 'error', problems: [] } });
  it('reads them; empty or unknown values are unset', () => {
    assert.equal(normalizeSettings({ preset: 'strict' }).preset, 'strict');
    assert.equal(normalizeSettings({ preset: '' }).preset, undefined);
    assert.equal(normalizeSettings({ preset: 'loose' }).preset, undefined);
    assert.deepEqual(normalizeSettings({ fix: { apply: ['compose/root-user', 'nope', 3, 'compose/root-user'] } }).apply, ['compose/root-user']);
    assert.deepEqual(normalizeSettings({ 'fix.apply': ['k8s/root-user'] }).apply, ['k8s/root-user']);
    assert.equal(normalizeSettings({ fix: { apply: [] } }).apply, undefined);
    assert.deepEqual(toConfig(normalizeSettings({ preset: 'strict' })).preset, 'strict');
  });
  it('defaults ← file ← settings; a setting left unset does not mask the file', () => {
    const file = project({ rules: {}, fix: {}, preset: 'strict', apply: ['compose/root-user'] });
    const unset = effectiveConfig(normalizeSettings({ preset: '', fix: { apply: [] } }), file);
    assert.equal(unset.preset, 'strict');
    assert.deepEqual(unset.apply, ['compose/root-user']);
    const set = effectiveConfig(normalizeSettings({ preset: 'recommended', fix: { apply: ['k8s/root-user'] } }), file);
    assert.equal(set.preset, 'recommended');
    assert.deepEqual(set.apply, ['k8s/root-user']);
    const none = effectiveConfig(normalizeSettings({}), undefined);
    assert.equal(none.preset, 'recommended');
    assert.deepEqual(none.apply, []);
  });
});
