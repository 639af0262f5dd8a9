/**
 * Rule contract v2 in the language server, with the real LSP client and a server built with
 * test-only rules (test/support/fake-rules.ts): suggestions in the quick-fix menu ("Suggestion:
 * …", never preferred), one preferred fix per range, fix-all and Harden applying fixes only (and
 * promoted suggestions with `fix.apply`), the Harden message counting the suggestions left, and
 * the `preset` setting over `.container-signals.yaml`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, applyEdits, editsFor, uriOf } from './lsp-client';
import { fakeBundle } from '../support/fake-bundle';
import { FAKE_IDS, FIX_A, FIX_B, STRICT_ONLY, SUGGEST } from '../support/fake-rules';
import { rules } from '../../server/src/core/rules';

/** Every real rule off: only the test-only rules report. */
const REAL_OFF = Object.fromEntries(rules.filter((r) => !FAKE_IDS.includes(r.meta.id)).map((r) => [r.meta.id, 'off']));
const actions = (xs: (CodeAction | Command)[] | null) => (xs ?? []).filter((x): x is CodeAction => 'kind' in x || 'edit' in x);

const TEXT = 'services:\n  api:\n    image: x\n    x-suggest: before\n  web:\n    image: y\n    x-both: both\n';

describe('language server: suggestions, preferred fixes and presets (test-only rules)', () => {
  let ws: string;
  let c: LspClient;
  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-suggest-'));
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 }, server: fakeBundle('server') });
    c.settings = { rules: REAL_OFF };
  });
  after(async () => { await c.stop(); fs.rmSync(ws, { recursive: true, force: true }); });

  const byRule = (ds: Diagnostic[], id: string) => ds.filter((d) => d.code === id);

  it('suggestions are in the quick-fix menu, titled as suggestions, never preferred', async () => {
    const uri = uriOf(path.join(ws, 'docker-compose.yml'));
    await c.open(uri, 'dockercompose', TEXT);
    const ds = await c.diagnostics(uri);
    const [d] = byRule(ds, SUGGEST);
    assert.ok(d, 'the suggestion finding');
    const acts = actions(await c.codeActions(uri, d.range, [d]));
    const sug = acts.filter((a) => a.title.startsWith('Suggestion: '));
    assert.deepEqual(sug.map((a) => a.title), ['Suggestion: Set x-suggest to first', 'Suggestion: Set x-suggest to second']);
    assert.ok(sug.every((a) => a.kind === 'quickfix' && !a.isPreferred));
    assert.ok(!acts.some((a) => a.isPreferred), 'nothing preferred: the finding has no fix');
    assert.ok(!acts.some((a) => a.title.startsWith('Fix all')), 'no bulk action for suggestions');
    assert.equal(applyEdits(TEXT, editsFor(sug[0].edit, uri).edits), TEXT.replace('before', 'first'));
  });

  it('two fixes on one range: only one is preferred, the first by rule id (the one Harden applies)', async () => {
    const uri = uriOf(path.join(ws, 'docker-compose.yml'));
    const ds = await c.diagnostics(uri);
    const both = [...byRule(ds, FIX_B), ...byRule(ds, FIX_A)]; // in the "wrong" order on purpose
    assert.equal(both.length, 2);
    assert.deepEqual(both[0].range, both[1].range);
    const acts = actions(await c.codeActions(uri, both[0].range, both));
    const fixes = acts.filter((a) => a.title.startsWith('Set x-both'));
    assert.deepEqual(fixes.map((a) => [a.title, !!a.isPreferred]).sort(), [['Set x-both to a', true], ['Set x-both to b', false]]);
    // Each alone is preferred.
    const alone = actions(await c.codeActions(uri, both[0].range, [both[0]]));
    assert.ok(alone.find((a) => a.title === 'Set x-both to b')?.isPreferred);
  });

  it('fix-all on save applies fixes only', async () => {
    const uri = uriOf(path.join(ws, 'docker-compose.yml'));
    const all = actions(await c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.containerSignals']));
    assert.equal(all.length, 1);
    const out = applyEdits(TEXT, editsFor(all[0].edit, uri).edits);
    assert.equal(out, TEXT.replace('x-both: both', 'x-both: a'), 'the fix, not the suggestion');
  });

  it('Harden signals applies fixes only, and says how many suggestions are left (with the list)', async () => {
    const uri = uriOf(path.join(ws, 'harden', 'docker-compose.yml'));
    await c.open(uri, 'dockercompose', TEXT);
    await c.diagnostics(uri);
    const n = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'applied');
    assert.match(res.message, / 1 suggestion left to review \(not applied by Harden signals\)\.$/);
    assert.deepEqual(res.suggestions.map((s: { rule: string; line: number; titles: string[] }) => [s.rule, s.line, s.titles]), [[SUGGEST, 1, ['Set x-suggest to first', 'Set x-suggest to second']]]);
    assert.equal(applyEdits(TEXT, editsFor(c.applyEdits[n].edit, uri).edits), TEXT.replace('x-both: both', 'x-both: a'));
  });

  it('Nothing to harden, but suggestions to review: says so and lists them', async () => {
    const uri = uriOf(path.join(ws, 'only-suggest', 'docker-compose.yml'));
    await c.open(uri, 'dockercompose', 'services:\n  api:\n    image: x\n    x-suggest: before\n');
    await c.diagnostics(uri);
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'nothing');
    assert.equal(res.message, 'Nothing to harden in docker-compose.yml: 1 suggestion to review (not applied by Harden signals).');
    assert.equal(res.suggestions.length, 1);
  });

  it('Harden signals in workspace: fixes only, and counts the suggestions left', async () => {
    const dir = path.join(ws, 'wsfiles');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), TEXT);
    const n = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenWorkspace', [{ preview: false }]);
    assert.equal(res.status, 'applied');
    assert.match(res.message, /suggestions? left to review/);
    assert.ok(res.suggestions.some((s: { uri: string; rule: string }) => s.uri === uriOf(path.join(dir, 'docker-compose.yml')) && s.rule === SUGGEST));
    const edit = c.applyEdits[n].edit;
    assert.equal(applyEdits(TEXT, editsFor(edit, uriOf(path.join(dir, 'docker-compose.yml'))).edits), TEXT.replace('x-both: both', 'x-both: a'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the fix.apply setting promotes the suggestion: preferred, and Harden applies it', async () => {
    const uri = uriOf(path.join(ws, 'apply', 'docker-compose.yml'));
    await c.setSettings({ rules: REAL_OFF, fix: { apply: [SUGGEST] } });
    await c.open(uri, 'dockercompose', TEXT);
    const [d] = byRule(await c.diagnostics(uri), SUGGEST);
    const acts = actions(await c.codeActions(uri, d.range, [d]));
    assert.deepEqual(acts.filter((a) => a.title.includes('x-suggest')).map((a) => [a.title, !!a.isPreferred]), [['Set x-suggest to first', true], ['Suggestion: Set x-suggest to second', false]]);
    const n = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'applied');
    assert.equal(res.suggestions, undefined);
    assert.equal(applyEdits(TEXT, editsFor(c.applyEdits[n].edit, uri).edits), TEXT.replace('before', 'first').replace('x-both: both', 'x-both: a'));
    await c.setSettings({ rules: REAL_OFF });
  });

  it('presets: the setting picks strict; unset, the file decides; set, it wins over the file', async () => {
    const dir = path.join(ws, 'presets');
    fs.mkdirSync(dir, { recursive: true });
    const uri = uriOf(path.join(dir, 'docker-compose.yml'));
    await c.open(uri, 'dockercompose', 'services:\n  api:\n    image: x\n    x-strict: "yes"\n');
    assert.deepEqual(byRule(await c.diagnostics(uri), STRICT_ONLY), [], 'recommended by default');
    let count = c.publishCount(uri);
    await c.setSettings({ rules: REAL_OFF, preset: 'strict' });
    let p = await c.nextPublish(uri, count);
    assert.deepEqual(byRule(p.diagnostics, STRICT_ONLY).map((d) => d.severity), [3], 'strict from the setting: information');
    // The project file says strict, the setting is unset (""): the file decides.
    const cfg = uriOf(path.join(dir, '.container-signals.yaml'));
    await c.setSettings({ rules: REAL_OFF, preset: '' });
    await c.waitFor(() => byRule((c.published.get(uri) ?? []).at(-1)?.diagnostics ?? [{ code: STRICT_ONLY } as Diagnostic], STRICT_ONLY).length === 0, 'back to recommended');
    count = c.publishCount(uri);
    await c.open(cfg, 'yaml', 'preset: strict\n');
    p = await c.waitFor(() => (c.published.get(uri) ?? []).slice(count).find((x) => byRule(x.diagnostics, STRICT_ONLY).length === 1), 'strict from the file');
    assert.ok(p);
    count = c.publishCount(uri);
    await c.setSettings({ rules: REAL_OFF, preset: 'recommended' });
    p = await c.nextPublish(uri, count);
    assert.deepEqual(byRule(p.diagnostics, STRICT_ONLY), [], 'the setting wins over the file');
    await c.setSettings({ rules: REAL_OFF });
  });
});
