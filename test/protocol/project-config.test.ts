/**
 * `.container-signals.yaml` in the editor: the language server reads the same file as the CLI;
 * the editor's settings override it; its `ignore` globs silence files; editing it re-lints.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uriOf } from './lsp-client';

const COMPOSE = 'version: "3.8"\nservices:\n  api:\n    image: example/api:1.0\n    user: root\n    read_only: true\n';

describe('language server: .container-signals.yaml', () => {
  let ws: string;
  let c: LspClient;
  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-project-'));
    fs.mkdirSync(path.join(ws, 'legacy'));
    fs.writeFileSync(path.join(ws, '.container-signals.yaml'), 'rules:\n  compose/obsolete-version: error\n  compose/root-user: "off"\nfix:\n  tmpfs: "/tmp:size=64m"\nignore:\n  - legacy/\n');
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 } });
  });
  after(async () => { await c.stop(); fs.rmSync(ws, { recursive: true, force: true }); });

  const sev = (ds: { code?: unknown; severity?: number }[], id: string) => ds.filter((d) => d.code === id).map((d) => d.severity);

  it('applies rule severities and fix values from the file', async () => {
    const uri = uriOf(path.join(ws, 'docker-compose.yml'));
    await c.open(uri, 'dockercompose', COMPOSE);
    const ds = await c.diagnostics(uri);
    assert.deepEqual(sev(ds, 'compose/obsolete-version'), [1], 'error from the file');
    assert.deepEqual(sev(ds, 'compose/root-user'), [], 'off from the file');
    const ro = ds.find((d) => d.code === 'compose/read-only-without-tmp')!;
    const fix = (ro.data as { fix: { edits: { newText: string }[] } }).fix;
    assert.match(fix.edits[0].newText, /\/tmp:size=64m/, 'fix.tmpfs from the file');
  });

  it('editor settings override the file', async () => {
    const uri = uriOf(path.join(ws, 'docker-compose.yml'));
    const before = c.publishCount(uri);
    await c.setSettings({ rules: { 'compose/obsolete-version': 'hint' } });
    const p = await c.nextPublish(uri, before);
    assert.deepEqual(sev(p.diagnostics, 'compose/obsolete-version'), [4]);
    assert.deepEqual(sev(p.diagnostics, 'compose/root-user'), [], 'the file still turns this one off');
    await c.setSettings({});
  });

  it('ignore globs silence files below the config folder', async () => {
    const uri = uriOf(path.join(ws, 'legacy', 'docker-compose.yml'));
    await c.open(uri, 'dockercompose', COMPOSE);
    assert.deepEqual(await c.diagnostics(uri), []);
  });

  it('editing the config file re-lints open documents', async () => {
    const uri = uriOf(path.join(ws, 'docker-compose.yml'));
    const cfgUri = uriOf(path.join(ws, '.container-signals.yaml'));
    const before = c.publishCount(uri);
    await c.open(cfgUri, 'yaml', 'rules:\n  compose/obsolete-version: "off"\n');
    const p = await c.waitFor(() => (c.published.get(uri) ?? []).slice(before).find((x) => !x.diagnostics.some((d) => d.code === 'compose/obsolete-version')), 'a re-lint without obsolete-version');
    assert.ok(p.diagnostics.some((d) => d.code === 'compose/root-user'), 'the buffer replaced the file on disk');
  });
});
