/**
 * Unit tests of the server's pure parts (no process, no protocol): the stop path behind hover,
 * the minimal text diff, settings normalisation, the disable-line edit, the harden message and
 * the workspace boundary.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleById } from '../../server/src/core/rules';
import { harden } from '../../server/src/core/lint';
import { stopPathAt, hoverMarkdown } from '../../server/src/lsp/hover';
import { signalPaths, formatSignalPath } from '../../server/src/core/project/signal-path';
import { applyTextEdits, textEdits } from '../../server/src/lsp/text-diff';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { disableLineEdit, kindRequested } from '../../server/src/lsp/code-actions';
import { describeHarden, hardenFile } from '../../server/src/lsp/commands';
import { Workspace, pathToUri, skipReason } from '../../server/src/lsp/workspace';
import { lintTarget } from '../../server/src/lsp/validation';
import { applyEdits } from './lsp-client';

// The hover's one line comes from the core's signal path (core/project/signal-path.ts; its own
// tests: test/unit/project/signal-path.test.ts). Since it moved there, the line ends with the judged
// outcome (stops cleanly / SIGKILL after … / ends at once / cannot tell) instead of always
// "SIGKILL after <grace>", and an image the knowledge module knows names its program.
const one = (file: string, text: string, others: Record<string, string> = {}) => signalPaths(
  { path: `/w/${file}`, text },
  { readFile: (p) => others[p.replace(/^\/w\//, '')] },
).map((p) => formatSignalPath(p));

describe('stop path (hover)', () => {
  it('compose: init: true runs tini in front of the program', () => {
    assert.deepEqual(one('compose.yaml', 'services:\n  bizclaw:\n    image: x\n    init: true\n    command: ["/usr/local/bin/bizclaw", "serve"]\n'),
      ['docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/bizclaw · cannot tell (SIGKILL after 10s if SIGTERM is not handled)']);
  });
  it('compose: no init, the program is PID 1; stop_signal and stop_grace_period are used', () => {
    assert.deepEqual(one('compose.yaml', 'services:\n  api:\n    image: x\n    stop_signal: INT\n    stop_grace_period: 45s\n    entrypoint: /app/api --port 80\n'),
      ['docker compose stop → SIGINT → /app/api (PID 1) · cannot tell (SIGKILL after 45s if SIGINT is not handled)']);
  });
  it('compose: a shell that does not exec breaks the chain', () => {
    assert.deepEqual(one('compose.yaml', "services:\n  api:\n    image: x\n    command: [\"/bin/sh\", \"-c\", \"./migrate && node server.js\"]\n"),
      ['docker compose stop → SIGTERM → /bin/sh -c (PID 1, does not forward) ✗ node · SIGKILL after 10s']);
  });
  it('compose: a shell that traps TERM handles it on purpose', () => {
    assert.deepEqual(one('compose.yaml', "services:\n  api:\n    image: x\n    init: true\n    command: [\"sh\", \"-c\", \"trap 'kill $$p' TERM; app & p=$$!; wait\"]\n"),
      ['docker compose stop → SIGTERM → tini (init: true) → sh -c (traps TERM/INT) · stops cleanly']);
  });
  it('compose: the Dockerfile the service builds gives ENTRYPOINT, CMD and STOPSIGNAL', () => {
    assert.deepEqual(one('compose.yaml', 'services:\n  api:\n    build: .\n    command: ["--verbose"]\n', { Dockerfile: 'FROM alpine\nSTOPSIGNAL SIGQUIT\nENTRYPOINT ["/sbin/tini", "--", "/app/api"]\nCMD ["--port", "80"]\n' }),
      ['docker compose stop → SIGQUIT → /sbin/tini (PID 1) → /app/api · cannot tell (SIGKILL after 10s if SIGQUIT is not handled)']);
  });
  it('compose: an image whose command is unknown, and one the knowledge module knows', () => {
    assert.deepEqual(one('compose.yaml', 'services:\n  app:\n    image: example/app:1\n  db:\n    image: postgres:16\n'), [
      'docker compose stop → SIGTERM → image ENTRYPOINT/CMD (PID 1) · cannot tell (SIGKILL after 10s if SIGTERM is not handled)',
      'docker compose stop → SIGTERM → postgres from the image (PID 1) · stops cleanly',
    ]);
  });
  it('k8s: sh -c as PID 1, terminationGracePeriodSeconds, preStop, shared process namespace', () => {
    const base = (extra: string, podExtra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${podExtra}  containers:\n    - name: app\n      image: x\n      command: ["sh", "-c", "./migrate; app"]\n${extra}`;
    assert.deepEqual(one('p.yaml', base('')), ['kubectl delete/rollout → SIGTERM → sh -c (PID 1, does not forward) ✗ app · SIGKILL after 30s']);
    assert.deepEqual(one('p.yaml', base('      lifecycle:\n        preStop:\n          exec:\n            command: ["sleep", "5"]\n', '  terminationGracePeriodSeconds: 60\n')),
      ['kubectl delete/rollout → preStop hook → SIGTERM → sh -c (PID 1, does not forward) ✗ app · SIGKILL after 60s']);
    assert.deepEqual(one('p.yaml', base('', '  shareProcessNamespace: true\n')), ['kubectl delete/rollout → SIGTERM → sh -c (does not forward) ✗ app · SIGKILL after 30s']);
  });
  it('k8s: args without command run the image ENTRYPOINT', () => {
    assert.deepEqual(one('j.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      containers:\n        - name: job\n          image: x\n          args: ["--once"]\n'),
      ['kubectl delete/rollout → SIGTERM → image ENTRYPOINT --once (PID 1) · cannot tell (SIGKILL after 30s if SIGTERM is not handled)']);
  });
  it('Dockerfile: shell form under a SHELL, exec form, FROM-stage inheritance', () => {
    assert.deepEqual(one('Dockerfile', 'FROM debian\nSHELL ["/bin/bash", "-c"]\nCMD exec node \\\n  server.js\n'), ['docker stop → SIGTERM → /bin/bash -c (exec) → node (PID 1) · SIGKILL after 10s']);
    assert.deepEqual(one('Dockerfile', 'FROM alpine AS base\nENTRYPOINT ["dumb-init", "--"]\nFROM base\nCMD ["app"]\n'), ['docker stop → SIGTERM → dumb-init (PID 1) → app · cannot tell (SIGKILL after 10s if SIGTERM is not handled)']);
  });
  it('follows an init, then a shell that execs', () => {
    assert.deepEqual(one('Dockerfile', 'FROM x\nENTRYPOINT ["/usr/bin/tini", "-g", "--", "sh", "-c", "exec app"]\n'), ['docker stop → SIGTERM → /usr/bin/tini (PID 1) → sh -c (exec) → app · cannot tell (SIGKILL after 10s if SIGTERM is not handled)']);
  });
  it('an init in front of a shell that does not exec: the signal stops at the shell', () => {
    assert.deepEqual(one('compose.yaml', 'services:\n  api:\n    image: x\n    init: true\n    command: ["sh", "-c", "./migrate; app"]\n'),
      ['docker compose stop → SIGTERM → tini (init: true) → sh -c (does not forward) ✗ app · SIGKILL after 10s']);
  });
  it('stopPathAt finds the node under the cursor', () => {
    const text = 'services:\n  api:\n    image: x\n';
    assert.equal(stopPathAt(text, { path: '/w/compose.yaml', languageId: 'dockercompose' }, text.indexOf('api') + 1)?.start, text.indexOf('api'));
    assert.equal(stopPathAt(text, { path: '/w/compose.yaml', languageId: 'dockercompose' }, text.indexOf('image')), undefined);
    assert.equal(stopPathAt('FROM x\nCMD ["a"]\n', { path: '/w/Dockerfile' }, 9)?.text, 'docker stop → SIGTERM → a (PID 1) · cannot tell (SIGKILL after 10s if SIGTERM is not handled)');
  });
  it('the hover links each step to where it is written', () => {
    const text = 'services:\n  api:\n    image: x\n    init: true\n    stop_signal: SIGINT\n    command: ["/app/my_api"]\n';
    const r = stopPathAt(text, { path: '/w/compose.yaml', languageId: 'dockercompose' }, text.indexOf('api'))!;
    assert.equal(hoverMarkdown(r).split('\n\n')[1],
      '[SIGINT · compose.yaml:5](file:///w/compose.yaml#L5) → [tini (init: true) · compose.yaml:4](file:///w/compose.yaml#L4) → [/app/my\\_api · compose.yaml:6](file:///w/compose.yaml#L6)');
  });
});

describe('text diff', () => {
  it('produces minimal line edits', () => {
    const before = 'a\nb\nc\nd\n';
    assert.deepEqual(textEdits(before, 'a\nb\nX\nc\nd\n'), [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'X\n' }]);
    assert.deepEqual(textEdits(before, before), []);
    assert.equal(textEdits(before, 'b\nc\nd\nE\n').length, 2);
  });
  it('round-trips random edits (CRLF, no final newline, BOM)', () => {
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const pool = ['a', 'b', 'services:', '  api:', '    init: true', '', '---', '\uFEFFx', 'ü'];
    for (let i = 0; i < 500; i++) {
      const eol = rnd(3) === 0 ? '\r\n' : '\n';
      const mk = () => Array.from({ length: rnd(12) }, () => pool[rnd(pool.length)]);
      const a = mk();
      const b = rnd(2) ? mk() : a.map((l) => (rnd(4) === 0 ? pool[rnd(pool.length)] : l)).filter(() => rnd(6) !== 0);
      const A = a.join(eol) + (rnd(2) ? eol : ''), B = b.join(eol) + (rnd(2) ? eol : '');
      const edits = textEdits(A, B);
      assert.equal(applyTextEdits(A, edits), B, JSON.stringify({ A, B }));
      assert.equal(applyEdits(A, edits), B);
    }
  });
});

describe('settings', () => {
  it('reads nested and flat keys, drops invalid values', () => {
    assert.deepEqual(normalizeSettings({ enable: false, rules: { 'compose/missing-init': 'ERROR', 'compose/root-user': 'loud', x: 3 }, fix: { user: ' 2000:2000 ', tmpfs: '' }, 'fix.tmpdir': '/var/tmp' }),
      { enable: false, rules: { 'compose/missing-init': 'error' }, fix: { user: '2000:2000', tmpdir: '/var/tmp' }, maxFileSize: 2 * 1024 * 1024 }, 'an empty value stays unset (the project file or the default decides)');
    assert.deepEqual(normalizeSettings(null), { enable: true, rules: {}, fix: {}, maxFileSize: 2 * 1024 * 1024 });
  });
  it('maxFileSize: a positive number of bytes, else the 2 MB default', () => {
    assert.equal(normalizeSettings({ maxFileSize: 5000000 }).maxFileSize, 5000000);
    assert.equal(normalizeSettings({ maxFileSize: 1000.7 }).maxFileSize, 1000);
    for (const bad of [0, -1, '3000', null, Infinity, NaN]) assert.equal(normalizeSettings({ maxFileSize: bad }).maxFileSize, 2 * 1024 * 1024, String(bad));
  });
});

describe('code action helpers', () => {
  const doc = (text: string, languageId = 'dockercompose', uri = 'file:///w/docker-compose.yml') => TextDocument.create(uri, languageId, 1, text);
  const opts = (languageId = 'dockercompose', p = '/w/docker-compose.yml') => ({ path: p, languageId });
  it('kindRequested follows the `only` hierarchy', () => {
    assert.equal(kindRequested('quickfix', undefined), true);
    assert.equal(kindRequested('source.fixAll.containerSignals', undefined), false);
    assert.equal(kindRequested('source.fixAll.containerSignals', ['source']), true);
    assert.equal(kindRequested('source.fixAll.containerSignals', ['source.fixAll.eslint']), false);
    assert.equal(kindRequested('quickfix', ['source']), false);
  });
  it('disable-line keeps CRLF and indentation, extends an existing directive', () => {
    const t = 'services:\r\n  api:\r\n    user: root\r\n';
    const e = disableLineEdit(doc(t), opts(), 2, 'compose/root-user')!;
    const out = applyEdits(t, [e]);
    assert.equal(out, 'services:\r\n  api:\r\n    # container-signals-disable-next-line compose/root-user\r\n    user: root\r\n');
    const e2 = disableLineEdit(doc(out), opts(), 3, 'compose/missing-init')!;
    assert.equal(applyEdits(out, [e2]), 'services:\r\n  api:\r\n    # container-signals-disable-next-line compose/root-user, compose/missing-init\r\n    user: root\r\n');
    const withReason = '  # container-signals-disable-next-line a/b -- why\n  x: 1\n';
    assert.equal(applyEdits(withReason, [disableLineEdit(doc(withReason), opts(), 1, 'c/d')!]), '  # container-signals-disable-next-line a/b, c/d -- why\n  x: 1\n');
    assert.equal(disableLineEdit(doc(out), opts(), 3, 'compose/root-user'), undefined, 'already disabled');
  });
  it('disable-line is not offered inside a multi-line scalar (it would change the value)', () => {
    const t = 'services:\n  api:\n    command: |\n      sh -c "a; b"\n';
    assert.equal(disableLineEdit(doc(t), opts(), 3, 'compose/shell-pid1'), undefined);
    assert.ok(disableLineEdit(doc(t), opts(), 2, 'compose/shell-pid1'));
  });
  it('disable-line goes above the first line of a continued Dockerfile instruction', () => {
    const t = 'FROM alpine\nRUN a \\\n  && b\nCMD x \\\n  y\n';
    const e = disableLineEdit(doc(t, 'dockerfile', 'file:///w/Dockerfile'), opts('dockerfile', '/w/Dockerfile'), 4, 'dockerfile/shell-form')!;
    assert.equal(applyEdits(t, [e]), 'FROM alpine\nRUN a \\\n  && b\n# container-signals-disable-next-line dockerfile/shell-form\nCMD x \\\n  y\n');
  });
});

describe('harden message', () => {
  it('names the services and what changed', { skip: !ruleById.has('compose/missing-init') && 'compose/missing-init not in the registry yet' }, () => {
    const t = 'services:\n  api:\n    image: x\n  worker:\n    image: y\n';
    const o = { path: '/w/docker-compose.yml', languageId: 'dockercompose', config: { rules: { 'compose/tmp-not-tmpfs': 'off' as const, 'compose/tmpdir-unset': 'off' as const } } };
    assert.equal(describeHarden('docker-compose.yml', harden(t, o), o, 0).message, 'Hardened 2 services (api, worker): init.');
  });
  it('names the containers of a workload', { skip: !ruleById.has('k8s/root-user') && 'k8s/root-user not in the registry yet' }, () => {
    // k8s/root-user's edit is a suggestion now (not applied by Harden): the exec fix of k8s/shell-pid1 names the container
    const t = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: x\n      command: [sh, -c, "node a.js"]\n';
    const r = hardenFile({ uri: 'file:///w/pod.yaml', version: 3, text: t, opts: { path: '/w/pod.yaml', languageId: 'yaml' } });
    assert.equal(r.response.message, 'Hardened 1 container (app): exec in shell command.');
    assert.deepEqual(r.edit?.documentChanges?.map((d) => ('textDocument' in d ? d.textDocument : undefined)), [{ uri: 'file:///w/pod.yaml', version: 3 }]);
  });
  it('every fix left out (the document would no longer parse): unchanged, and says which', () => {
    // The odd document of test/unit/lint.test.ts without a command; strict: the /tmp rules, whose
    // fixes break it, run only there (tmpdir-unset for the tmpfs at /run merged from x-base).
    const t = 'x-base: &base\n  tmpfs: /run\nservices:\n  simple:\n   <<: *base\n   ?  image: nginx\n    ports:\n      - "80:80"\n';
    const r = hardenFile({ uri: 'file:///w/docker-compose.yml', version: 1, text: t, opts: { path: '/w/docker-compose.yml', languageId: 'dockercompose', config: { preset: 'strict', rules: { 'compose/missing-init': 'off' } } } });
    assert.deepEqual(r.response, { status: 'nothing', message: 'Harden signals left docker-compose.yml unchanged: 2 fixes left out: docker-compose.yml would no longer parse with them (compose/tmp-not-tmpfs, compose/tmpdir-unset).' });
    assert.equal(r.edit, undefined);
  });
  it('a Dockerfile is named by its file', { skip: !ruleById.has('dockerfile/shell-form') && 'dockerfile/shell-form not in the registry yet' }, () => {
    const t = 'FROM gcr.io/distroless/static:nonroot\nCMD /app --serve\n';
    const r = hardenFile({ uri: 'file:///w/Dockerfile', version: 1, text: t, opts: { path: '/w/Dockerfile', languageId: 'dockerfile', config: { rules: { 'dockerfile/missing-init': 'off' } } } });
    assert.equal(r.response.message, 'Hardened Dockerfile: exec form.');
  });
});

describe('workspace boundary', () => {
  it('reads inside the folders only, by real path', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-ws-')));
    try {
      const ws = path.join(root, 'ws'), out = path.join(root, 'out');
      fs.mkdirSync(ws); fs.mkdirSync(out);
      fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM a\n');
      fs.writeFileSync(path.join(out, 'Dockerfile'), 'FROM b\n');
      fs.symlinkSync(out, path.join(ws, 'link'));
      fs.symlinkSync(path.join(out, 'Dockerfile'), path.join(ws, 'Dockerfile.link'));
      fs.writeFileSync(path.join(ws, 'bin.Dockerfile'), Buffer.from([0x46, 0x52, 0x00, 0x4d]));
      const w = new Workspace();
      w.setFolders([pathToUri(ws)]);
      const deps = new Set<string>();
      const r = w.reader(() => undefined, deps);
      assert.equal(r.readFile(path.join(ws, 'Dockerfile')), 'FROM a\n');
      assert.equal(r.readFile(path.join(ws, 'sub/../Dockerfile')), 'FROM a\n');
      assert.equal(r.readFile(path.join(out, 'Dockerfile')), undefined);
      assert.equal(r.readFile(path.join(ws, '../out/Dockerfile')), undefined);
      assert.equal(r.readFile(path.join(ws, 'link/Dockerfile')), undefined);
      assert.equal(r.readFile(path.join(ws, 'Dockerfile.link')), undefined);
      assert.equal(r.readFile(path.join(ws, 'bin.Dockerfile')), undefined);
      assert.equal(r.readFile(path.join(ws, 'missing/Dockerfile')), undefined);
      // An open buffer wins over the disk, and only inside the folders.
      const open = w.reader((p) => (p.endsWith('Dockerfile') ? 'FROM open\n' : undefined));
      assert.equal(open.readFile(path.join(ws, 'Dockerfile')), 'FROM open\n');
      assert.equal(open.readFile(path.join(ws, 'unsaved/Dockerfile')), 'FROM open\n');
      assert.equal(open.readFile(path.join(out, 'Dockerfile')), undefined);
      assert.ok(deps.has(path.join(ws, 'Dockerfile')));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  it('lists folders inside the folders only: symlinks that lead outside are left out', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-ws-')));
    try {
      const ws = path.join(root, 'ws'), out = path.join(root, 'out');
      fs.mkdirSync(path.join(ws, 'src'), { recursive: true }); fs.mkdirSync(out);
      fs.writeFileSync(path.join(ws, 'Cargo.toml'), '');
      fs.writeFileSync(path.join(out, 'main.rs'), '');
      fs.symlinkSync(out, path.join(ws, 'out-link'));
      fs.symlinkSync(path.join(out, 'main.rs'), path.join(ws, 'main.rs'));
      fs.symlinkSync(path.join(ws, 'src'), path.join(ws, 'src-link'));
      const w = new Workspace();
      w.setFolders([pathToUri(ws)]);
      const r = w.reader(() => undefined);
      assert.deepEqual(r.listDir!(ws), ['Cargo.toml', 'src-link/', 'src/']);
      assert.equal(r.listDir!(out), undefined);
      assert.equal(r.listDir!(path.join(ws, 'out-link')), undefined);
      assert.equal(r.listDir!(path.join(ws, 'missing')), undefined);
      assert.deepEqual(r.listDir!(path.join(ws, 'src-link')), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  it('walks the folders like the CLI: symlinks only inside, each real file once, .gitignore honoured', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-ws-')));
    try {
      const ws = path.join(root, 'ws'), out = path.join(root, 'out');
      for (const rel of ['ws/Dockerfile', 'ws/sub/compose.yaml', 'ws/ignored/compose.yaml', 'ws/node_modules/x/compose.yaml', 'out/Dockerfile', 'out/compose.yaml']) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), 'services: {}\n');
      }
      fs.writeFileSync(path.join(ws, '.gitignore'), 'ignored/\n');
      fs.symlinkSync(out, path.join(ws, 'out-link')); // a folder outside: not followed
      fs.symlinkSync(path.join(out, 'Dockerfile'), path.join(ws, 'Dockerfile.out')); // a file outside: not taken
      fs.symlinkSync(path.join(ws, 'sub'), path.join(ws, 'sub-link')); // inside: its file is already reached by its real path
      const w = new Workspace();
      // A nested workspace folder: its files are listed once.
      w.setFolders([pathToUri(ws), pathToUri(path.join(ws, 'sub'))]);
      assert.deepEqual(await w.walk(), ['Dockerfile', 'sub/compose.yaml'].map((rel) => path.join(ws, rel)));
      assert.deepEqual(await w.walk(() => true), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
  it('skips binary and large texts; lints our languages and Dockerfile names', () => {
    assert.equal(skipReason('a\u0000b'), 'binary');
    assert.equal(skipReason('x'.repeat(2 * 1024 * 1024 + 1)), 'large');
    assert.equal(skipReason('é'.repeat(1024 * 1024 + 1)), 'large');
    assert.equal(skipReason('services: {}\n'), undefined);
    assert.deepEqual(lintTarget({ uri: 'file:///w/Containerfile.prod', languageId: 'plaintext' }), { path: '/w/Containerfile.prod', languageId: 'dockerfile' });
    // Markdown is linted as Markdown (its docker run lines), whatever its name says.
    assert.deepEqual(lintTarget({ uri: 'file:///w/Dockerfile.md', languageId: 'markdown' }), { path: '/w/Dockerfile.md', languageId: 'markdown' });
    assert.equal(lintTarget({ uri: 'file:///w/a.json', languageId: 'json' }), undefined);
    assert.deepEqual(lintTarget({ uri: 'untitled:Untitled-1', languageId: 'yaml' }), { path: '/Untitled-1', languageId: 'yaml' });
  });
});
