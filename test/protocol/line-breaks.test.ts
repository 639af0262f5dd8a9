/**
 * Lone CR line breaks (a CR not followed by LF) over the protocol: the bundled server over stdio
 * with the test client (VS Code turns lone CRs into the file's line break when it opens a file;
 * other clients send them as they are, and "Harden signals in workspace" reads unopened files
 * from disk). YAML: diagnostics on the lines LSP counts, "Harden signals" writes CR line breaks.
 * A Dockerfile: diagnostics without fixes, no "Disable for this line" (its comment line could
 * land inside an instruction as Docker reads it), and "Harden signals" says why it changes
 * nothing instead of editing.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, applyEdits, editsFor, isCodeAction, uriOf } from './lsp-client';
import { LONE_CR_DOCKERFILE } from '../../server/src/core/lint';

const actions = (xs: unknown): CodeAction[] => ((xs ?? []) as CodeAction[]).filter(isCodeAction);
const brief = (ds: Diagnostic[]) => ds.map((d) => [String(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, !!(d.data as { fix?: unknown }).fix]);

// The server runs with the preset setting strict: the /tmp rules (tmp-not-tmpfs, and tmpdir-unset
// for the tmpfs at /run) are strict-only. An image the linter does not know: missing-init fires
// with its fix. ptrace-capability's edit is a suggestion: Harden leaves cap_add as it is.
const COMPOSE_CR = 'services:\r  web:\r    image: x\r    tmpfs: /run\r    cap_add:\r      - SYS_PTRACE\r';
const COMPOSE_CR_FIXED = 'services:\r  web:\r    image: x\r    init: true\r    tmpfs:\r      - /run\r      - /tmp\r    cap_add:\r      - SYS_PTRACE\r    environment:\r      TMPDIR: /run\r';
const DOCKERFILE_CR = 'FROM node:20\nRUN npm ci\rCMD node server.js\n';

describe('language server: lone CR line breaks', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lsp-cr-')));
  const ws = path.join(root, 'ws');
  const u = (rel: string) => uriOf(path.join(ws, rel));
  let c: LspClient;

  before(async () => {
    fs.mkdirSync(path.join(ws, 'app'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'app', 'Dockerfile'), DOCKERFILE_CR);
    fs.writeFileSync(path.join(ws, 'compose.yaml'), COMPOSE_CR);
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 20 } });
    await c.setSettings({ preset: 'strict' });
  });
  after(async () => {
    await c?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a Dockerfile: diagnostics without fixes, no edit among the code actions, and Harden signals says why', async () => {
    const uri = u('app/Dockerfile');
    await c.open(uri, 'dockerfile', DOCKERFILE_CR);
    const ds = await c.diagnostics(uri, 1);
    // strict: root-user reports the missing USER; its suggestion is withheld like the fixes.
    assert.deepEqual(brief(ds), [
      ['dockerfile/root-user', 0, 5, 0, 12, false],
      ['dockerfile/missing-init', 2, 4, 2, 18, false],
      ['dockerfile/shell-form', 2, 4, 2, 18, false],
    ]);
    assert.deepEqual(actions(await c.codeActions(uri, ds[0].range, [ds[0]])).map((a) => [a.title, a.edit]), [
      ['Show documentation for dockerfile/root-user', undefined],
    ]);
    const acts = actions(await c.codeActions(uri, ds[2].range, ds.slice(1)));
    assert.deepEqual(acts.map((a) => [a.title, a.edit]), [
      ['Show documentation for dockerfile/missing-init', undefined],
      ['Show documentation for dockerfile/shell-form', undefined],
    ]);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(actions(await c.codeActions(uri, whole, [], ['source.fixAll.containerSignals'])), []);
    const before = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.deepEqual(res, { status: 'skipped', message: `Harden signals left Dockerfile unchanged: ${LONE_CR_DOCKERFILE}.` });
    assert.equal(c.applyEdits.length, before, 'no workspace/applyEdit');
    await c.close(uri);
  });

  it('a CR-only compose file: diagnostics on the right lines; Harden signals and "Disable for this line" write CR', async () => {
    const uri = u('compose.yaml');
    await c.open(uri, 'dockercompose', COMPOSE_CR);
    const ds = await c.diagnostics(uri, 1);
    assert.deepEqual(brief(ds), [
      ['compose/missing-init', 1, 2, 1, 5, true],
      ['compose/tmp-not-tmpfs', 1, 2, 1, 5, true],
      ['compose/tmpdir-unset', 1, 2, 1, 5, true],
      ['compose/ptrace-capability', 5, 8, 5, 18, false],
    ]);
    const ptrace = ds[3];
    const disable = actions(await c.codeActions(uri, ptrace.range, [ptrace])).find((a) => a.title === 'Disable compose/ptrace-capability for this line');
    assert.ok(disable);
    assert.equal(applyEdits(COMPOSE_CR, editsFor(disable.edit, uri).edits),
      'services:\r  web:\r    image: x\r    tmpfs: /run\r    cap_add:\r      # container-signals-disable-next-line compose/ptrace-capability\r      - SYS_PTRACE\r');
    const before = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'applied');
    assert.equal(res.message, 'Hardened 1 service (web): init, tmpfs /tmp, TMPDIR. 1 suggestion left to review (not applied by Harden signals).');
    assert.equal(c.applyEdits.length, before + 1);
    assert.equal(applyEdits(COMPOSE_CR, editsFor(c.applyEdits[before].edit, uri).edits), COMPOSE_CR_FIXED);
    await c.close(uri);
  });

  it('Harden signals in workspace: the YAML is hardened, the Dockerfile named with why', async () => {
    const res = await c.executeCommand('containerSignals.server.hardenWorkspace', [{ preview: false }]);
    assert.equal(res.status, 'applied');
    assert.deepEqual(res.changes, ['compose.yaml']);
    assert.equal(res.message, `Hardened 1 file: compose.yaml: init, tmpfs /tmp, TMPDIR. 1 suggestion left to review (not applied by Harden signals). Not hardened: app/Dockerfile: ${LONE_CR_DOCKERFILE}.`);
    const edit = c.applyEdits[c.applyEdits.length - 1].edit;
    assert.deepEqual(edit.documentChanges!.map((dc) => ('textDocument' in dc ? dc.textDocument.uri : '')), [u('compose.yaml')]);
    assert.equal(applyEdits(COMPOSE_CR, editsFor(edit, u('compose.yaml')).edits), COMPOSE_CR_FIXED);
  });
});
