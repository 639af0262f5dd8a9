/**
 * A fix that would make its document unparseable (an edit the builder gets wrong on an unusual
 * layout) over the protocol: the bundled server over stdio with the test client. The quick fix is
 * not offered; "Harden signals" applies the other fixes and says which it left out.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { LspClient, applyEdits, editsFor, isCodeAction, uriOf } from './lsp-client';

const actions = (xs: unknown): CodeAction[] => ((xs ?? []) as CodeAction[]).filter(isCodeAction);

// An explicit key whose map goes on below it at another indentation (found by the mutation
// fuzzer): a key inserted after `image: nginx` (tmpfs, TMPDIR) breaks the document; `init: true`,
// inserted above the `?`, does not. node as PID 1: missing-init has a fix; the tmpfs at /run
// merged from x-base: tmpdir-unset fires. The /tmp rules are strict-only: the preset setting is strict.
const ODD = 'x-base: &base\n  tmpfs: /run\nservices:\n  simple:\n   <<: *base\n   command: node server.js\n   ?  image: nginx\n    ports:\n      - "80:80"\n';
const ODD_HARDENED = 'x-base: &base\n  tmpfs: /run\nservices:\n  simple:\n   init: true\n   <<: *base\n   command: node server.js\n   ?  image: nginx\n    ports:\n      - "80:80"\n';

describe('language server: fixes that would break the document', () => {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lsp-safe-')));
  const uri = uriOf(path.join(ws, 'docker-compose.yml'));
  let c: LspClient;

  before(async () => {
    fs.writeFileSync(path.join(ws, 'docker-compose.yml'), ODD);
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 20 } });
    await c.setSettings({ preset: 'strict' });
  });
  after(async () => {
    await c?.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('only the quick fix that keeps the document parseable is offered; Harden signals names the others', async () => {
    await c.open(uri, 'dockercompose', ODD);
    const ds = await c.diagnostics(uri, 1);
    assert.deepEqual(ds.map((d) => [String(d.code), !!(d.data as { fix?: unknown }).fix]), [
      ['compose/missing-init', true], ['compose/tmp-not-tmpfs', true], ['compose/tmpdir-unset', true],
    ]);
    const acts = actions(await c.codeActions(uri, ds[0].range, ds));
    const edits = acts.filter((a) => a.edit && !a.title.startsWith('Disable '));
    assert.deepEqual(edits.map((a) => a.title), ['Add "init: true"']);
    assert.equal(applyEdits(ODD, editsFor(edits[0].edit, uri).edits), ODD_HARDENED);

    const before = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'applied');
    assert.equal(res.message, 'Hardened 1 service (simple): init. 2 fixes left out: docker-compose.yml would no longer parse with them (compose/tmp-not-tmpfs, compose/tmpdir-unset).');
    assert.equal(applyEdits(ODD, editsFor(c.applyEdits[before].edit, uri).edits), ODD_HARDENED);
  });

  it('Harden signals in workspace hardens the file and names the fixes it left out', async () => {
    const res = await c.executeCommand('containerSignals.server.hardenWorkspace', [{ preview: false }]);
    assert.equal(res.status, 'applied');
    assert.equal(res.message, 'Hardened 1 file: docker-compose.yml: init. Not hardened: docker-compose.yml: 2 fixes left out: it would no longer parse with them (compose/tmp-not-tmpfs, compose/tmpdir-unset).');
    const edit = c.applyEdits[c.applyEdits.length - 1].edit;
    assert.equal(applyEdits(ODD, editsFor(edit, uri).edits), ODD_HARDENED);
  });
});
