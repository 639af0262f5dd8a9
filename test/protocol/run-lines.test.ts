/**
 * `docker run` lines in the language server (issue 12): a shell script and a Markdown file over
 * stdio with the real LSP client: the diagnostic's range, the quick fix applied to the text,
 * "Harden signals", the disable-line comment and the hover's stop path.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, applyEdits, editsFor, isCodeAction, uriOf } from './lsp-client';

const actions = (xs: unknown): CodeAction[] => ((xs ?? []) as CodeAction[]).filter(isCodeAction);
const byRule = (ds: Diagnostic[], id: string) => ds.filter((d) => d.code === id);

const SCRIPT = '#!/bin/sh\nset -e\ndocker run -d \\\n  --read-only \\\n  node:20 node server.js\n';
const SCRIPT_HARDENED = '#!/bin/sh\nset -e\ndocker run --tmpfs /tmp --init -d \\\n  --read-only \\\n  node:20 node server.js\n';
const MD = '# Service\n\n```console\n$ docker run -d node:20 node server.js\n4f1c\n```\n\n```yaml\ncommand: docker run node:20 node x.js\n```\n';
const MD_FIXED = MD.replace('$ docker run -d', '$ docker run --init -d');

describe('language server: docker run lines in a script and in Markdown', () => {
  let ws: string;
  let c: LspClient;
  before(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-run-')));
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 } });
  });
  after(async () => { await c.stop(); fs.rmSync(ws, { recursive: true, force: true }); });

  it('a shell script: diagnostics on docker run and on the flag, quick fix, disable-line, hover', async () => {
    const uri = uriOf(path.join(ws, 'deploy.sh'));
    await c.open(uri, 'shellscript', SCRIPT);
    const ds = await c.diagnostics(uri);
    const [init] = byRule(ds, 'run/missing-init');
    assert.ok(init, 'run/missing-init');
    assert.deepEqual(init.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 10 } });
    assert.equal(init.source, 'container-signals');
    const [ro] = byRule(ds, 'run/read-only-without-tmp');
    assert.deepEqual(ro.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 13 } });

    const acts = actions(await c.codeActions(uri, init.range, [init]));
    const fix = acts.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Add --init');
    assert.equal(applyEdits(SCRIPT, editsFor(fix.edit, uri).edits), SCRIPT.replace('docker run -d', 'docker run --init -d'));
    const disable = acts.find((a) => a.title === 'Disable run/missing-init for this line')!;
    assert.ok(disable, `a disable action among ${acts.map((a) => a.title).join(', ')}`);
    assert.equal(applyEdits(SCRIPT, editsFor(disable.edit, uri).edits), SCRIPT.replace('docker run -d', '# container-signals-disable-next-line run/missing-init\ndocker run -d'));

    const h = await c.hover(uri, 2, 3);
    assert.ok(h, 'a hover on the command line');
    assert.equal((h!.contents as { value: string }).value.split('\n')[0], '**Stop path** `docker stop → SIGTERM → node (PID 1) · SIGKILL after 10s`');
    assert.match((h!.contents as { value: string }).value, /PID 1 is node \(its command\): it does not handle SIGTERM by default/);
    assert.equal(await c.hover(uri, 1, 2), null, 'no hover on other lines');
  });

  it('a shell script: Harden signals applies both fixes and says what changed', async () => {
    const uri = uriOf(path.join(ws, 'harden', 'deploy.sh'));
    await c.open(uri, 'shellscript', SCRIPT);
    await c.diagnostics(uri);
    const n = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'applied');
    assert.equal(res.message, 'Hardened deploy.sh: --init, --tmpfs /tmp.');
    assert.equal(applyEdits(SCRIPT, editsFor(c.applyEdits[n].edit, uri).edits), SCRIPT_HARDENED);
  });

  it('Markdown: only the shell block; the fix keeps the prompt; Harden signals', async () => {
    const uri = uriOf(path.join(ws, 'README.md'));
    await c.open(uri, 'markdown', MD);
    const ds = await c.diagnostics(uri);
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['run/missing-init', 3, 2, 12]]);
    const acts = actions(await c.codeActions(uri, ds[0].range, [ds[0]]));
    const fix = acts.find((a) => a.isPreferred)!;
    assert.equal(applyEdits(MD, editsFor(fix.edit, uri).edits), MD_FIXED);
    assert.ok(!acts.some((a) => a.title.startsWith('Disable ')), 'no disable-line comment inside Markdown');
    const h = await c.hover(uri, 3, 5);
    assert.match((h!.contents as { value: string }).value, /^\*\*Stop path\*\* `docker stop → SIGTERM → node \(PID 1\)/);
    const n = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'applied');
    assert.equal(applyEdits(MD, editsFor(c.applyEdits[n].edit, uri).edits), MD_FIXED);
  });

  it('a workflow file: the run: | step', async () => {
    const uri = uriOf(path.join(ws, '.github', 'workflows', 'ci.yml'));
    const wf = 'on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run -d --stop-signal SIGKILL node:20 node app.js\n';
    await c.open(uri, 'yaml', wf);
    const ds = await c.diagnostics(uri);
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['run/uncatchable-stop-signal', 6, 24]]);
    const h = await c.hover(uri, 6, 12);
    assert.match((h!.contents as { value: string }).value, /^\*\*Stop path\*\* `docker stop → SIGKILL → node \(PID 1\)/);
  });
});
