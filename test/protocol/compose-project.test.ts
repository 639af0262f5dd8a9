/**
 * The Compose project in the editor: the bundled server over stdio with a real LSP client.
 * Editing the open override file re-lints the open base file (its diagnostics follow the merged
 * service, with related information in the override), and only the files of that project.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, uriOf } from './lsp-client';

const BASE = 'services:\n  web:\n    image: node:20\n    command: ["node", "server.js"]\n    read_only: true\n';
const OVERRIDE = 'services:\n  web:\n    init: true\n    tmpfs: [/tmp]\n';
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

describe('compose project over stdio', () => {
  let c: LspClient;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lsp-proj-')));
  const ws = path.join(root, 'ws');
  const file = (rel: string, text: string) => { const p = path.join(ws, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return uriOf(p); };

  before(async () => {
    fs.mkdirSync(ws);
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 40 } });
  });
  after(async () => {
    await c?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('editing the open override changes the base file\'s diagnostics; other projects are not re-linted', async () => {
    const base = file('app/compose.yaml', BASE);
    const over = file('app/compose.override.yaml', OVERRIDE);
    const other = file('other/compose.yaml', BASE);
    await c.open(base, 'dockercompose', BASE);
    await c.open(over, 'dockercompose', OVERRIDE);
    await c.open(other, 'dockercompose', BASE);
    assert.deepEqual(codes(await c.diagnostics(base, 1)), []);
    assert.deepEqual(codes(await c.diagnostics(over, 1)), []);
    assert.deepEqual(codes(await c.diagnostics(other, 1)), ['compose/missing-init', 'compose/read-only-without-tmp']);
    const otherCount = c.publishCount(other);

    // The override (unsaved buffer) drops init: true: the base's web service gets missing-init,
    // on its key, naming the override.
    const n = c.publishCount(base);
    await c.change(over, 'services:\n  web:\n    tmpfs: [/tmp]\n    cap_add: [SYS_PTRACE]\n');
    const p = await c.waitFor(() => (c.published.get(base) ?? []).slice(n).find((x) => x.diagnostics.some((d) => d.code === 'compose/missing-init')), 'base re-linted after the override changed');
    assert.deepEqual(codes(p.diagnostics), ['compose/missing-init', 'compose/ptrace-capability']);
    const init = p.diagnostics.find((d) => d.code === 'compose/missing-init')!;
    assert.deepEqual(init.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.deepEqual(init.relatedInformation, [{
      location: { uri: over, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } },
      message: '"web" is also defined in compose.override.yaml, which Compose merges over this file: judged on the merged service',
    }]);
    // The override's partial service is still not judged alone.
    assert.deepEqual(codes(await c.diagnostics(over, 2)), []);

    // A file opened after the edit is linted after anything the edit scheduled: the other
    // project's file was not re-linted by the keystroke.
    const sentinel = file('sentinel/compose.yaml', OVERRIDE);
    await c.open(sentinel, 'dockercompose', OVERRIDE);
    await c.diagnostics(sentinel, 1);
    assert.equal(c.publishCount(other), otherCount);

    // Editing the base re-lints the open override (it read the base to know its partial services).
    const m = c.publishCount(over);
    await c.change(base, 'services:\n  api:\n    image: nginx\n');
    // Now "web" is the override's own service: judged there, in place.
    const q = await c.waitFor(() => (c.published.get(over) ?? []).slice(m).find((x) => x.diagnostics.length > 0), 'override re-linted after the base changed');
    assert.deepEqual(q.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['compose/ptrace-capability', 3, 14, 24]]);
  });
});
