/**
 * "Show signal path" over the protocol: a real LSP client over stdio runs
 * `containerSignals.server.signalPath` on a compose project whose Dockerfile and entrypoint
 * script are on disk (read through the server's workspace reader) and one open buffer.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, uriOf } from './lsp-client';

const COMPOSE = 'services:\n  bizclaw:\n    build: ./app\n    init: true\n  db:\n    image: postgres:16\n';

describe('Show signal path (workspace/executeCommand)', () => {
  let c: LspClient;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-path-')));
  const ws = path.join(root, 'ws');
  const put = (rel: string, text: string) => { const p = path.join(ws, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return p; };
  put('app/Dockerfile', 'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["bizclaw"]\n');
  const script = put('app/docker-entrypoint.sh', '#!/bin/sh\nset -e\nexec "$@"\n');
  const uri = uriOf(path.join(ws, 'compose.yaml'));
  const run = (arg: unknown) => c.executeCommand('containerSignals.server.signalPath', [arg]);

  before(async () => {
    c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 40 } });
    await c.open(uri, 'dockercompose', COMPOSE);
  });
  after(async () => {
    await c?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('at the cursor inside a service: the path with its Markdown document and file links', async () => {
    const r = await run({ uri, position: { line: 3, character: 6 } });
    assert.equal(r.status, 'shown');
    assert.equal(r.line, 'docker compose stop → SIGTERM → tini (init: true) → docker-entrypoint.sh (exec) → bizclaw · cannot tell (SIGKILL after 10s if SIGTERM is not handled)');
    assert.deepEqual(r.path.steps.map((s: { verdict: string }) => s.verdict), ['passes', 'exec', 'unknown']);
    assert.deepEqual(r.path.steps[1].location, { path: script, line: 2 });
    const md: string = r.markdown;
    assert.equal(md.split('\n')[0], '# Signal path of service "bizclaw" (compose.yaml)');
    assert.ok(md.includes(`2. **docker-entrypoint.sh (exec)** (exec): the script ends with exec: its last command inherits its PID and gets the signal. [app/docker-entrypoint.sh:3](${uriOf(script)}#L3)`), md);
    assert.ok(md.endsWith('**Outcome:** cannot tell (SIGKILL after 10s if SIGTERM is not handled)\n'), md);
  });

  it('no cursor on a service: a list to choose from, then the one picked by name', async () => {
    const r = await run({ uri, position: { line: 0, character: 0 } });
    assert.equal(r.status, 'choose');
    assert.deepEqual(r.choices.map((x: { name: string; kind: string }) => [x.name, x.kind]), [['bizclaw', 'compose'], ['db', 'compose']]);
    const db = await run({ uri, name: 'db' });
    assert.equal(db.line, 'docker compose stop → SIGTERM → postgres from the image (PID 1) · stops cleanly');
    const none = await run({ uri, name: 'web' });
    assert.deepEqual(none, { status: 'none', message: 'No service or container named "web" in compose.yaml.' });
  });

  it('a docker run line of an open script: its own path', async () => {
    const sh = uriOf(put('deploy.sh', '#!/bin/sh\ndocker run -d --name api \\\n  node:20 node server.js\n'));
    await c.open(sh, 'shellscript', fs.readFileSync(path.join(ws, 'deploy.sh'), 'utf8'));
    const r = await run({ uri: sh, position: { line: 1, character: 3 } });
    assert.equal(r.status, 'shown');
    assert.equal(r.path.kind, 'run');
    assert.match(r.line, /^docker stop → SIGTERM → node/);
    await c.close(sh);
  });

  it('compose.projects of .container-signals.yaml: the path of the merged service', async () => {
    const dir = path.join(ws, 'proj');
    put('proj/compose.yaml', 'services:\n  api:\n    image: node:20\n    command: ["node", "server.js"]\n');
    put('proj/compose.prod.yaml', 'services:\n  api:\n    init: true\n');
    put('proj/.container-signals.yaml', 'compose:\n  projects:\n    - [compose.yaml, compose.prod.yaml]\n');
    const u = uriOf(path.join(dir, 'compose.yaml'));
    await c.open(u, 'dockercompose', fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'));
    const r = await run({ uri: u, position: { line: 1, character: 3 } });
    assert.equal(r.status, 'shown');
    assert.match(r.line, /→ tini \(init: true\) →/);
    await c.close(u);
  });

  it('a document that is not open or not a manifest', async () => {
    const r = await run({ uri: uriOf(path.join(ws, 'README.md')) });
    assert.equal(r.status, 'notManifest');
  });
});
