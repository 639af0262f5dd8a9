/**
 * The language server: dockerfile/missing-init follows the compose files that build the open
 * Dockerfile. Opening (or editing) a compose file that sets `init: true` for every service that
 * builds it re-lints the Dockerfile, and the hover on its CMD says why the finding is gone.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uriOf } from './lsp-client';

describe('language server: compose consumers of a Dockerfile', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lsp-cons-')));
  const ws = path.join(root, 'ws');
  fs.mkdirSync(path.join(ws, 'api'), { recursive: true });
  let c: LspClient;
  before(async () => { c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 } }); });
  after(async () => { await c?.stop(); fs.rmSync(root, { recursive: true, force: true }); });

  it('editing the compose file re-lints the Dockerfile; the hover names the service and line', async () => {
    const df = uriOf(path.join(ws, 'api', 'Dockerfile'));
    const compose = uriOf(path.join(ws, 'compose.yaml'));
    await c.open(df, 'dockerfile', 'FROM node:20\nCMD ["node", "server.js"]\n');
    const first = await c.diagnostics(df, 1);
    assert.deepEqual(first.filter((d) => d.code === 'dockerfile/missing-init').map((d) => d.range.start.line), [1]);

    const n = c.publishCount(df);
    await c.open(compose, 'dockercompose', 'services:\n  api:\n    build: ./api\n    init: true\n');
    const p = await c.waitFor(() => (c.published.get(df) ?? []).slice(n).find((x) => !x.diagnostics.some((d) => d.code === 'dockerfile/missing-init')), 'Dockerfile re-linted after the compose file was opened');
    assert.ok(p);
    const h = await c.hover(df, 1, 1);
    const value = JSON.stringify(h?.contents ?? '');
    assert.match(value, /every compose service that builds this Dockerfile sets init: true/);
    assert.match(value, /\\"api\\" \(compose\.yaml:4\)/);

    // init: true removed: the finding is back
    const m = c.publishCount(df);
    await c.change(compose, 'services:\n  api:\n    build: ./api\n');
    await c.waitFor(() => (c.published.get(df) ?? []).slice(m).find((x) => x.diagnostics.some((d) => d.code === 'dockerfile/missing-init')), 'the finding is back once init: true is gone');
    await c.close(compose);
    await c.close(df);
  });
});
