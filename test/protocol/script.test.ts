/**
 * Entrypoint scripts in the real language server: a `shellscript` document gets the
 * script/entrypoint-without-exec diagnostic (with related information in the Dockerfile that
 * runs it), the quick fix inserts `exec `, "disable for this line" adds a comment above, the hover
 * shows the stop path through the script's shell, and
 * editing the Dockerfile (open in the editor) re-lints the script.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, applyEdits, editsFor, uriOf } from './lsp-client';

const ID = 'script/entrypoint-without-exec';
const actions = (xs: (CodeAction | Command)[] | null) => (xs ?? []).filter((x): x is CodeAction => 'kind' in x || 'edit' in x);
const ours = (ds: Diagnostic[]) => ds.filter((d) => d.code === ID);

describe('language server: entrypoint scripts', () => {
  let ws: string;
  let c: LspClient;
  before(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-script-')));
    fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM node:20\nWORKDIR /app\nCOPY start.sh ./\nCMD ["./start.sh"]\n');
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 } });
  });
  after(async () => { await c.stop(); fs.rmSync(ws, { recursive: true, force: true }); });

  it('a .sh document gets the diagnostic, related information and the exec quick fix', async () => {
    const text = '#!/bin/sh\nset -e\nnode server.js\n';
    const uri = uriOf(path.join(ws, 'start.sh'));
    await c.open(uri, 'shellscript', text);
    const [d, ...rest] = ours(await c.diagnostics(uri));
    assert.ok(d, 'the finding');
    assert.equal(rest.length, 0);
    assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 14 } });
    assert.equal(d.severity, 2, 'warning');
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [[uriOf(path.join(ws, 'Dockerfile')), 3, 'CMD runs this script as /app/start.sh (COPY on line 3)']]);
    const acts = actions(await c.codeActions(uri, d.range, [d]));
    const fix = acts.find((a) => a.isPreferred);
    assert.ok(fix, `a preferred fix among ${acts.map((a) => a.title).join(', ')}`);
    assert.equal(fix.title, 'Start it with exec: "exec node server.js"');
    assert.equal(applyEdits(text, editsFor(fix.edit, uri).edits), '#!/bin/sh\nset -e\nexec node server.js\n');
    const disable = acts.find((a) => a.title === `Disable ${ID} for this line`);
    assert.ok(disable, 'disable for this line');
    assert.equal(applyEdits(text, editsFor(disable.edit, uri).edits), `#!/bin/sh\nset -e\n# container-signals-disable-next-line ${ID}\nnode server.js\n`);
    const hover = await c.hover(uri, 2, 3);
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /^\*\*Stop path\*\* `docker stop → SIGTERM → sh \(this script\) ✗ node server\.js · SIGKILL after 10s`/);
    assert.match(value, /The script runs "node server\.js" without exec \(line 3\)/);
    assert.equal(await c.hover(uri, 1, 2), null, 'no hover on set -e');
    await c.close(uri);
  });

  it('editing the Dockerfile re-lints the open script', async () => {
    const script = uriOf(path.join(ws, 'run.sh'));
    const df = uriOf(path.join(ws, 'Dockerfile'));
    await c.open(df, 'dockerfile', 'FROM node:20\nCMD ["node", "server.js"]\n');
    await c.diagnostics(df);
    await c.open(script, 'shellscript', '#!/bin/sh\n"$@"\n');
    assert.deepEqual(ours(await c.diagnostics(script)), [], 'run.sh: not an entrypoint by name, nothing runs it');
    const published = c.publishCount(script);
    await c.change(df, 'FROM node:20\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\nCMD ["node", "server.js"]\n');
    await c.diagnostics(df);
    const next = await c.waitFor(() => (c.published.get(script) ?? []).slice(published).find((p) => ours(p.diagnostics).length), 'run.sh re-linted with the finding');
    assert.deepEqual(ours(next.diagnostics).map((d) => d.range.start), [{ line: 1, character: 0 }]);
  });
});
