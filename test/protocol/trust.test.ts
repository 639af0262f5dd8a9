/**
 * Trust: the language server and the CLI execute nothing, connect nowhere, and read no file
 * outside the workspace — checked by running them under a preload (trace-preload.ts) that
 * records every fs read, directory listing, write and probe, and refuses (and records) every
 * child_process / net / tls / http(s) / dns / fetch use.
 *
 * The workspace holds files that point outside it: a compose `build:` of a Dockerfile outside,
 * an `env_file:` outside, `extends: { file: … }` outside, a symlinked folder and a symlinked
 * Dockerfile leading outside, and a Kubernetes manifest. The server is driven through diagnostics,
 * hover, code actions and both harden commands; the CLI through `check --fix`.
 * Allowed reads: the workspace, the program's own bundle (dist/), the preload itself, and
 * /proc, /dev, /sys. Probes (stat, realpath) may look at the workspace's parent folders (the
 * config file search goes up to the git root), never read them.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LspClient, repoRoot, uriOf } from './lsp-client';
import { TRACE_PRELOAD, SYSTEM_PREFIXES, inside, readTrace } from './trace-preload';

const REPO = repoRoot();
const DIST = path.join(REPO, 'dist');
const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-trust-')));
after(() => { if (!process.env.KEEP_TRACE) fs.rmSync(root, { recursive: true, force: true }); });

const ws = path.join(root, 'ws');
const outside = path.join(root, 'outside');
const preload = path.join(root, 'preload.js');
fs.writeFileSync(preload, TRACE_PRELOAD);

function write(rel: string, text: string): string {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

// Each service runs node: read, the Dockerfile outside (ENTRYPOINT tini) or the extended file
// outside (init: true) would silence compose/missing-init; unread, it reports the service. The
// tmpfs at /run: compose/tmpdir-unset (strict) fires unless the env_file outside (TMPDIR) is read.
const COMPOSE = `services:
  api:
    build: ../outside/app
    command: ["node", "server.js"]
    env_file: ../outside/secrets.env
    tmpfs: /run
    user: root
  base:
    extends:
      file: ../outside/base.yml
      service: base
    command: ["node", "server.js"]
  linked:
    build: ./linked
    command: ["node", "server.js"]
  direct:
    build:
      context: .
      dockerfile: linked-dockerfile
    command: ["node", "server.js"]
`;
const K8S = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: x\n      command: ["sh", "-c", "./migrate && ./app"]\n';

write('outside/app/Dockerfile', 'FROM alpine\nENTRYPOINT ["/sbin/tini", "--"]\n');
write('outside/secrets.env', 'TMPDIR=/tmp\nSECRET=do-not-read\n');
write('outside/base.yml', 'services:\n  base:\n    image: x\n    init: true\n');
write('ws/docker-compose.yml', COMPOSE);
write('ws/k8s/pod.yaml', K8S);
write('ws/Dockerfile', 'FROM node:20\nCMD node server.js\n');
fs.symlinkSync(path.join(outside, 'app'), path.join(ws, 'linked'));
fs.symlinkSync(path.join(outside, 'app/Dockerfile'), path.join(ws, 'linked-dockerfile'));

/** The trace's problems: reads, listings or writes outside the allowed places; any exec or net. */
function violations(log: string, allowedReads: string[]): string[] {
  const bad: string[] = [];
  for (const [kind, p] of readTrace(log)) {
    if (kind === 'exec' || kind === 'net') bad.push(`${kind}: ${p}`);
    else if (kind === 'probe') continue;
    else if (p.startsWith('fd:')) continue;
    else if (kind === 'write' ? !inside(p, ws) : !(allowedReads.some((d) => inside(p, d)) || SYSTEM_PREFIXES.some((s) => p.startsWith(s)))) bad.push(`${kind}: ${p}`);
  }
  return bad;
}

const summary = (log: string) => {
  const t = readTrace(log);
  const count = (k: string) => t.filter(([x]) => x === k).length;
  return `${count('read')} reads, ${count('list')} listings, ${count('write')} writes, ${count('probe')} probes`;
};

describe('trust: nothing executed, nothing fetched, nothing read outside the workspace', () => {
  it('package.json declares untrusted-workspace support (nothing in a workspace is ever executed)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, true);
    // No setting names a program or a path to run.
    for (const [k, v] of Object.entries<{ type?: string; items?: { type?: string; enum?: unknown[] } }>(pkg.contributes.configuration.properties)) {
      assert.ok(!/path|command|executable|program/i.test(k), `${k} looks like something to execute`);
      // An array only of fixed strings (containerSignals.fix.apply: rule ids).
      const list = v.type === 'array' && v.items?.type === 'string' && Array.isArray(v.items.enum);
      assert.ok(['boolean', 'string', 'object', 'integer', 'number'].includes(String(v.type)) || list, k);
    }
  });

  it('the language server', async () => {
    const log = path.join(root, 'server-trace.log');
    const c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 }, execArgv: ['--require', preload], env: { CS_TRACE_LOG: log } });
    try {
      await c.setSettings({ preset: 'strict' }); // compose/tmpdir-unset runs only in strict
      const compose = uriOf(path.join(ws, 'docker-compose.yml'));
      const pod = uriOf(path.join(ws, 'k8s/pod.yaml'));
      await c.open(compose, 'dockercompose', COMPOSE);
      await c.open(pod, 'yaml', K8S);
      const ds = await c.diagnostics(compose, 1);
      // The Dockerfiles outside (directly, or through a symlink) and the extended file outside were
      // not read: the init they have is not seen, so every service is reported.
      assert.deepEqual(ds.filter((d) => d.code === 'compose/missing-init').map((d) => d.range.start.line).sort((a, b) => a - b), [1, 7, 12, 15]);
      assert.ok(ds.some((d) => d.code === 'compose/tmpdir-unset' && d.range.start.line === 1), 'the env_file outside was not read');
      assert.ok((await c.diagnostics(pod, 1)).length > 0);
      await c.hover(compose, 1, 4);
      await c.codeActions(compose, ds[0].range, [ds[0]]);
      await c.executeCommand('containerSignals.server.hardenFile', [{ uri: compose, version: 1 }]);
      const w = await c.executeCommand('containerSignals.server.hardenWorkspace', [{ preview: false }]);
      assert.equal(w.status, 'applied');
    } finally {
      await c.stop();
    }
    assert.deepEqual(violations(log, [ws, DIST, preload]), []);
    const t = readTrace(log);
    assert.ok(t.some(([k, p]) => k === 'read' && inside(p, DIST)), 'the trace works (the bundle was read)');
    assert.ok(t.some(([k, p]) => k === 'list' && inside(p, ws)), 'the trace works (the workspace was walked)');
    assert.ok(!t.some(([k, p]) => k !== 'probe' && inside(p, outside)), 'nothing outside was read (only its real path resolved, to tell it is outside)');
    console.log(`trust: language server: ${summary(log)}; no exec, no network`);
  });

  it('the CLI (check --fix)', () => {
    const log = path.join(root, 'cli-trace.log');
    const r = spawnSync(process.execPath, ['--require', preload, path.join(DIST, 'cli.js'), 'check', '--fix', '.'], {
      cwd: ws, encoding: 'utf8', env: { ...process.env, CS_TRACE_LOG: log }, timeout: 60_000,
    });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.deepEqual(violations(log, [ws, DIST, preload]), []);
    assert.ok(readTrace(log).some(([k, p]) => k === 'write' && inside(p, ws)), 'the trace works (--fix wrote the workspace)');
    assert.equal(fs.readFileSync(path.join(outside, 'app/Dockerfile'), 'utf8'), 'FROM alpine\nENTRYPOINT ["/sbin/tini", "--"]\n', 'nothing outside was written');
    console.log(`trust: CLI: ${summary(log)}; no exec, no network`);
  });

  it('the preload really refuses processes and connections', () => {
    const log = path.join(root, 'self-trace.log');
    const r = spawnSync(process.execPath, ['--require', preload, '-e', `
      for (const f of [() => require('child_process').execSync('true'), () => require('net').connect(80, '127.0.0.1'), () => require('https').get('https://127.0.0.1/')]) {
        try { f(); console.log('allowed'); } catch (e) { console.log('refused'); }
      }`], { encoding: 'utf8', env: { ...process.env, CS_TRACE_LOG: log } });
    assert.equal(r.stdout, 'refused\nrefused\nrefused\n', r.stderr);
    assert.equal(readTrace(log).filter(([k]) => k === 'exec' || k === 'net').length, 3);
  });
});
