/**
 * Protocol tests: the bundled language server (dist/server.js) over stdio with a real LSP client.
 * Diagnostics, code actions (applied to the text and compared exactly), stale versions, the
 * harden commands and the workspace/applyEdit they send, settings, hover, robustness, latency.
 * Tests that need a rule still being written are skipped (with the reason) until it exists.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { LspClient, applyEdits, editsFor, isCodeAction, repoRoot, uriOf } from './lsp-client';
import { harden } from '../../server/src/core/lint';
import { ruleById } from '../../server/src/core/rules';

const has = (...ids: string[]) => ids.every((id) => ruleById.has(id));
const needs = (...ids: string[]): { skip?: string } => {
  const missing = ids.filter((id) => !ruleById.has(id));
  return missing.length ? { skip: `rule ${missing.join(', ')} not in the registry yet` } : {};
};
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const actions = (xs: unknown): CodeAction[] => ((xs ?? []) as CodeAction[]).filter(isCodeAction);
const titles = (xs: CodeAction[]) => xs.map((a) => a.title);
const REPO_ROOT = repoRoot();
const DEBOUNCE = 40;
/** Diagnostic messages may be MarkupContent in LSP 3.18. */
const text = (m: unknown): string => (typeof m === 'string' ? m : (m as { value: string }).value);

// ---- fixtures --------------------------------------------------------------------------------
/** Only compose/obsolete-version fires on this file (every other compose rule is satisfied). */
const CLEAN_COMPOSE = `version: "3.8"
services:
  api:
    image: example/api:1.0
    init: true
    user: "10001:10001"
    tmpfs:
      - /tmp
    environment:
      TMPDIR: /tmp
`;
const DIRTY_COMPOSE = `version: "3.8"
services:
  api:
    image: example/api:1.0
    user: root
    command: sh -c "./migrate && /usr/local/bin/api"
  worker:
    image: example/worker:1.0
    read_only: true
`;
/** Harden applies fixes only: the root user stays (its edit is a suggestion, RULES.md v2). */
const DIRTY_COMPOSE_HARDENED = `services:
  api:
    image: example/api:1.0
    init: true
    user: root
    command: sh -c "./migrate && exec /usr/local/bin/api"
  worker:
    image: example/worker:1.0
    init: true
    read_only: true
    tmpfs: /tmp
`;
const K8S = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: example/app:1.0
          command: ["sh", "-c", "./migrate; app"]
`;
const DOCKERFILE = `FROM node:20
WORKDIR /app
COPY . .
CMD node \\
  server.js
`;

function makeWorkspace(): { root: string; ws: string; outside: string; file: (rel: string, text: string) => string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-lsp-')));
  const ws = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(ws); fs.mkdirSync(outside);
  const file = (rel: string, text: string) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  return { root, ws, outside, file };
}

describe('language server over stdio', () => {
  let c: LspClient;
  const W = makeWorkspace();
  const u = (rel: string) => uriOf(path.join(W.ws, rel));
  const lintOpts = (rel: string, languageId?: string) => ({ path: path.join(W.ws, rel), languageId });

  before(async () => {
    c = await LspClient.start({ folders: [W.ws], initializationOptions: { debounceMs: DEBOUNCE } });
  });
  after(async () => {
    await c?.stop();
    fs.rmSync(W.root, { recursive: true, force: true });
  });

  it('initializes with incremental sync, code actions, hover and the harden commands', () => {
    const caps = (c.initializeResult as { capabilities: Record<string, any> }).capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.containerSignals']);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.executeCommandProvider.commands, ['containerSignals.server.hardenFile', 'containerSignals.server.hardenWorkspace', 'containerSignals.server.signalPath']);
  });

  it('publishes diagnostics with code, source, codeDescription, severity, tags and fixes in data', async () => {
    const uri = u('clean/compose.yaml');
    await c.open(uri, 'dockercompose', CLEAN_COMPOSE);
    const ds = await c.diagnostics(uri, 1);
    assert.deepEqual(codes(ds), ['compose/obsolete-version']);
    const d = ds[0];
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } });
    assert.equal(d.source, 'container-signals');
    assert.equal(d.severity, 4);
    assert.deepEqual(d.tags, [1]);
    // The page shipped in the extension (docs/rules next to dist/), not a web address that may not exist.
    assert.deepEqual(d.codeDescription, { href: pathToFileURL(path.join(REPO_ROOT, 'docs/rules/compose/obsolete-version.md')).href });
    assert.ok(fs.existsSync(fileURLToPath(d.codeDescription!.href)));
    assert.match(text(d.message), /obsolete/);
    assert.deepEqual(d.data, {
      version: 1,
      fix: { title: 'Remove the obsolete "version" line', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: '' }] },
    });
    await c.close(uri);
  });

  it('quick fixes: the preferred fix, disable for this line, documentation — versioned and exact', async () => {
    const uri = u('qf/docker-compose.yml');
    await c.open(uri, 'dockercompose', CLEAN_COMPOSE);
    const [d] = await c.diagnostics(uri, 1);
    const acts = actions(await c.codeActions(uri, d.range, [d]));
    assert.deepEqual(titles(acts), [
      'Remove the obsolete "version" line',
      'Disable compose/obsolete-version for this line',
      'Show documentation for compose/obsolete-version',
    ]);
    const [fix, disable, showDocs] = acts;
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [d]);
    const e = editsFor(fix.edit, uri);
    assert.equal(e.version, 1);
    assert.equal(applyEdits(CLEAN_COMPOSE, e.edits), CLEAN_COMPOSE.replace('version: "3.8"\n', ''));

    assert.equal(disable.isPreferred, undefined);
    const disabled = applyEdits(CLEAN_COMPOSE, editsFor(disable.edit, uri).edits);
    assert.equal(disabled, `# container-signals-disable-next-line compose/obsolete-version\n${CLEAN_COMPOSE}`);

    assert.equal(showDocs.edit, undefined);
    assert.deepEqual(showDocs.command, { title: 'Show documentation for compose/obsolete-version', command: 'containerSignals.showDocumentation', arguments: ['compose/obsolete-version', pathToFileURL(path.join(REPO_ROOT, 'docs/rules/compose/obsolete-version.md')).href] });

    // The directive silences the finding.
    const v = await c.change(uri, disabled);
    assert.deepEqual(await c.diagnostics(uri, v), []);
    await c.close(uri);
  });

  it('refuses code actions for diagnostics of a stale version', async () => {
    const uri = u('stale/docker-compose.yml');
    await c.open(uri, 'dockercompose', CLEAN_COMPOSE);
    const [d1] = await c.diagnostics(uri, 1);
    const v2 = await c.change(uri, [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '# edited\n' }]);
    assert.deepEqual(await c.codeActions(uri, d1.range, [d1]), []);
    const [d2] = await c.diagnostics(uri, v2);
    assert.equal((d2.data as { version: number }).version, v2);
    assert.ok(actions(await c.codeActions(uri, d2.range, [d2])).length >= 3);
    await c.close(uri);
  });

  it('offers "Fix all <id> in this file" when a rule fires more than once', needs('compose/missing-init'), async () => {
    const uri = u('fixall-rule/docker-compose.yml');
    const text = 'services:\n  api:\n    image: example/api:1.0\n  worker:\n    image: example/worker:1.0\n';
    await c.open(uri, 'dockercompose', text);
    const ds = (await c.diagnostics(uri, 1)).filter((d) => d.code === 'compose/missing-init');
    assert.equal(ds.length, 2);
    const acts = actions(await c.codeActions(uri, ds[0].range, [ds[0]]));
    const all = acts.find((a) => a.title === 'Fix all compose/missing-init in this file');
    assert.ok(all, `actions: ${titles(acts).join(' | ')}`);
    assert.equal(all.kind, 'quickfix');
    assert.equal(applyEdits(text, editsFor(all.edit, uri).edits),
      'services:\n  api:\n    image: example/api:1.0\n    init: true\n  worker:\n    image: example/worker:1.0\n    init: true\n');
    await c.close(uri);
  });

  it('source.fixAll.containerSignals applies every preferred fix (as Harden signals)', async () => {
    const uri = u('fixall/docker-compose.yml');
    await c.open(uri, 'dockercompose', DIRTY_COMPOSE);
    await c.diagnostics(uri, 1);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    for (const only of [['source.fixAll.containerSignals'], ['source.fixAll'], ['source']]) {
      const acts = actions(await c.codeActions(uri, whole, [], only));
      assert.equal(acts.length, 1, `only ${only}`);
      assert.equal(acts[0].kind, 'source.fixAll.containerSignals');
      const e = editsFor(acts[0].edit, uri);
      assert.equal(e.version, 1);
      const out = applyEdits(DIRTY_COMPOSE, e.edits);
      assert.equal(out, harden(DIRTY_COMPOSE, lintOpts('fixall/docker-compose.yml', 'dockercompose')).output);
      if (has('compose/missing-init', 'compose/tmp-not-tmpfs', 'compose/tmpdir-unset', 'compose/root-user', 'compose/shell-pid1', 'compose/read-only-without-tmp')) {
        assert.equal(out, DIRTY_COMPOSE_HARDENED);
      }
    }
    assert.deepEqual(actions(await c.codeActions(uri, whole, [], ['quickfix'])), []);
    await c.close(uri);
  });

  it('disables a rule on an indented YAML line and on a Dockerfile instruction', needs('compose/root-user', 'dockerfile/shell-form'), async () => {
    const uri = u('disable/docker-compose.yml');
    await c.open(uri, 'dockercompose', DIRTY_COMPOSE);
    const d = (await c.diagnostics(uri, 1)).find((x) => x.code === 'compose/root-user')!;
    const acts = actions(await c.codeActions(uri, d.range, [d]));
    // The user change is a suggestion (never preferred), offered one at a time.
    assert.deepEqual(titles(acts), ['Suggestion: Run as "10001:10001"', 'Disable compose/root-user for this line', 'Show documentation for compose/root-user']);
    assert.equal(acts[0].isPreferred, undefined);
    const dis = acts.find((a) => a.title === 'Disable compose/root-user for this line')!;
    const out = applyEdits(DIRTY_COMPOSE, editsFor(dis.edit, uri).edits);
    assert.equal(out, DIRTY_COMPOSE.replace('    user: root\n', '    # container-signals-disable-next-line compose/root-user\n    user: root\n'));
    const v = await c.change(uri, out);
    assert.ok(!codes(await c.diagnostics(uri, v)).includes('compose/root-user'));
    await c.close(uri);

    const df = u('disable/Dockerfile');
    await c.open(df, 'dockerfile', DOCKERFILE);
    const sf = (await c.diagnostics(df, 1)).find((x) => x.code === 'dockerfile/shell-form')!;
    assert.equal(sf.range.start.line, 3);
    const dfActs = actions(await c.codeActions(df, sf.range, [sf]));
    const dfDis = dfActs.find((a) => a.title === 'Disable dockerfile/shell-form for this line')!;
    const dfOut = applyEdits(DOCKERFILE, editsFor(dfDis.edit, df).edits);
    assert.equal(dfOut, DOCKERFILE.replace('CMD node', '# container-signals-disable-next-line dockerfile/shell-form\nCMD node'));
    const v2 = await c.change(df, dfOut);
    assert.ok(!codes(await c.diagnostics(df, v2)).includes('dockerfile/shell-form'));
    await c.close(df);
  });

  it('Harden signals: one versioned TextDocumentEdit through workspace/applyEdit, and a message', async () => {
    const uri = u('harden/docker-compose.yml');
    await c.open(uri, 'dockercompose', DIRTY_COMPOSE);
    await c.diagnostics(uri, 1);
    const before = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(c.applyEdits.length, before + 1);
    const req = c.applyEdits[before];
    assert.equal(req.label, 'Harden signals');
    assert.equal(req.edit.documentChanges?.length, 1);
    const e = editsFor(req.edit, uri);
    assert.equal(e.version, 1);
    const out = applyEdits(DIRTY_COMPOSE, e.edits);
    assert.equal(out, harden(DIRTY_COMPOSE, lintOpts('harden/docker-compose.yml', 'dockercompose')).output);
    assert.equal(res.status, 'applied');
    if (has('compose/missing-init', 'compose/tmp-not-tmpfs', 'compose/tmpdir-unset', 'compose/root-user', 'compose/shell-pid1', 'compose/read-only-without-tmp')) {
      assert.equal(out, DIRTY_COMPOSE_HARDENED);
      assert.match(res.message, /^Hardened 2 services \(api, worker\): /);
      assert.deepEqual([...res.changes].sort(), ['exec in shell command', 'init', 'obsolete version removed', 'tmpfs /tmp']);
    }
    // The editor applies it: the new version has nothing left to harden.
    const v = await c.change(uri, out);
    await c.diagnostics(uri, v);
    const again = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: v }]);
    assert.equal(again.status, 'nothing');
    assert.match(again.message, /^Nothing to harden in docker-compose\.yml/);
    assert.equal(c.applyEdits.length, before + 1);
    // A stale version is refused.
    const stale = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(stale.status, 'stale');
    await c.close(uri);
  });

  it('Harden signals says so when the file is not a manifest', async () => {
    const uri = u('notes/values.yaml');
    await c.open(uri, 'yaml', 'replicas: 3\nimage:\n  tag: latest\n');
    assert.deepEqual(await c.diagnostics(uri, 1), []);
    const before = c.applyEdits.length;
    const res = await c.executeCommand('containerSignals.server.hardenFile', [{ uri, version: 1 }]);
    assert.equal(res.status, 'notManifest');
    assert.equal(res.message, 'values.yaml is not a Compose file, Kubernetes manifest or Dockerfile: nothing to harden.');
    assert.equal(c.applyEdits.length, before);
    const md = u('notes/README.md');
    const res2 = await c.executeCommand('containerSignals.server.hardenFile', [{ uri: md, version: 1 }]);
    assert.equal(res2.status, 'notManifest');
    await c.close(uri);
  });

  it('settings: a rule turned off or re-levelled re-publishes diagnostics; fix.user is used by the root-user suggestion', async () => {
    const uri = u('settings/docker-compose.yml');
    await c.open(uri, 'dockercompose', CLEAN_COMPOSE);
    assert.deepEqual(codes(await c.diagnostics(uri, 1)), ['compose/obsolete-version']);
    let n = c.publishCount(uri);
    await c.setSettings({ rules: { 'compose/obsolete-version': 'off' } }, uri);
    assert.deepEqual((await c.nextPublish(uri, n)).diagnostics, []);
    n = c.publishCount(uri);
    await c.setSettings({ rules: { 'compose/obsolete-version': 'error' } }, uri);
    const p = await c.nextPublish(uri, n);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [['compose/obsolete-version', 1]]);
    n = c.publishCount(uri);
    await c.setSettings({ enable: false }, uri);
    assert.deepEqual((await c.nextPublish(uri, n)).diagnostics, []);
    c.settingsByUri.delete(uri);
    n = c.publishCount(uri);
    await c.setSettings({});
    assert.deepEqual((await c.nextPublish(uri, n)).diagnostics.map((d) => [d.code, d.severity]), [['compose/obsolete-version', 4]]);
    await c.close(uri);

    if (has('compose/root-user')) {
      const u2 = u('settings/user/docker-compose.yml');
      c.settingsByUri.set(u2, { fix: { user: '2000:2000' } });
      await c.open(u2, 'dockercompose', DIRTY_COMPOSE);
      const d = (await c.diagnostics(u2, 1)).find((x) => x.code === 'compose/root-user')!;
      // root-user's edit is a suggestion: offered in the quick-fix menu with fix.user, never applied in bulk.
      const suggestion = actions(await c.codeActions(u2, d.range, [d])).find((a) => a.title === 'Suggestion: Run as "2000:2000"')!;
      assert.ok(suggestion, 'the suggestion uses fix.user');
      assert.equal(applyEdits(DIRTY_COMPOSE, editsFor(suggestion.edit, u2).edits), DIRTY_COMPOSE.replace('user: root', 'user: "2000:2000"'));
      await c.close(u2);
    }
  });

  it('hover shows the stop path of a compose service, a k8s container and a Dockerfile CMD', async () => {
    const compose = u('hover/docker-compose.yml');
    await c.open(compose, 'dockercompose', `services:
  bizclaw:
    image: example/bizclaw:1.0
    init: true
    command: ["/usr/local/bin/bizclaw"]
  shell:
    image: example/x:1
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    entrypoint: sh -c "./migrate && exec node server.js"
`);
    const h = await c.hover(compose, 1, 4);
    assert.deepEqual(h, {
      contents: {
        kind: 'markdown',
        // The line ends with the judged outcome and is followed by links to where each step is
        // written (the hover moved onto core/project/signal-path.ts, shared with "Show signal path").
        value: '**Stop path** `docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/bizclaw · cannot tell (SIGKILL after 10s if SIGTERM is not handled)`\n\n'
          + `[tini (init: true) · docker-compose.yml:4](${compose}#L4) → [/usr/local/bin/bizclaw · docker-compose.yml:5](${compose}#L5)\n\n`
          + '- docker-init (tini) is PID 1: it forwards SIGTERM to its child and reaps orphans.\n'
          + '- The program (its command) is a program the linter does not know: whether it handles SIGTERM cannot be told here.',
      },
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } },
    });
    const h2 = await c.hover(compose, 5, 2);
    assert.equal((h2!.contents as { value: string }).value, '**Stop path** `docker compose stop → SIGINT → sh -c (exec) → node (PID 1) · SIGKILL after 1m30s`\n\n'
      + `[SIGINT · docker-compose.yml:8](${compose}#L8) → [sh -c (exec) · docker-compose.yml:10](${compose}#L10) → [node (PID 1) · docker-compose.yml:10](${compose}#L10)\n\n`
      + '- PID 1 is node (its entrypoint): it does not handle SIGINT by default, and PID 1 gets only the signals it handles: SIGINT is dropped and SIGKILL follows after the grace period.');
    assert.equal(await c.hover(compose, 2, 6), null, 'no hover on other keys');

    const k8s = u('hover/web.yaml');
    await c.open(k8s, 'yaml', K8S);
    const hk = await c.hover(k8s, 8, 17);
    assert.equal((hk!.contents as { value: string }).value, '**Stop path** `kubectl delete/rollout → SIGTERM → sh -c (PID 1, does not forward) ✗ app · SIGKILL after 30s`\n\n'
      + `[sh -c (PID 1, does not forward) · web.yaml:11](${k8s}#L11) → [app · web.yaml:11](${k8s}#L11)\n\n`
      + '- PID 1 is a shell (its command): it does not handle SIGTERM by default, and PID 1 gets only the signals it handles: SIGTERM is dropped and SIGKILL follows after the grace period.\n'
      + '- /bin/sh: its /bin/sh is not known (dash never execs the last command; busybox and bash do).');
    assert.deepEqual(hk!.range, { start: { line: 8, character: 16 }, end: { line: 8, character: 19 } });

    const df = u('hover/Dockerfile');
    await c.open(df, 'dockerfile', 'FROM alpine:3.20\nSTOPSIGNAL SIGQUIT\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app/server", "--port", "80"]\n');
    const hd = await c.hover(df, 3, 1);
    assert.equal((hd!.contents as { value: string }).value, '**Stop path** `docker stop → SIGQUIT → /sbin/tini (PID 1) → /app/server · cannot tell (SIGKILL after 10s if SIGQUIT is not handled)`\n\n'
      + `[SIGQUIT · Dockerfile:2](${df}#L2) → [/sbin/tini (PID 1) · Dockerfile:3](${df}#L3) → [/app/server · Dockerfile:4](${df}#L4)\n\n`
      + "- PID 1 is tini (the Dockerfile's ENTRYPOINT): it forwards the stop signal and reaps orphans.");
    const hs = await c.hover(u('hover/Dockerfile'), 0, 1);
    assert.equal(hs, null);

    // A compose service that builds a Dockerfile of the workspace: its ENTRYPOINT and STOPSIGNAL are used,
    // and its base's /bin/sh (busybox on Alpine execs the script's last simple command itself).
    W.file('ws/hover/app/Dockerfile', 'FROM alpine:3.20\nSTOPSIGNAL SIGINT\nCMD ./run.sh --serve\n');
    const built = u('hover/built/compose.yaml');
    await c.open(built, 'dockercompose', 'services:\n  app:\n    build: ../app\n');
    const hb = await c.hover(built, 1, 3);
    assert.equal((hb!.contents as { value: string }).value, '**Stop path** `docker compose stop → SIGINT → /bin/sh -c (busybox execs the last command) → ./run.sh (PID 1) · cannot tell (SIGKILL after 10s if SIGINT is not handled)`\n\n'
      + `[SIGINT · Dockerfile:2](${u('hover/app/Dockerfile')}#L2) → [/bin/sh -c (busybox execs the last command) · Dockerfile:3](${u('hover/app/Dockerfile')}#L3) → [./run.sh (PID 1) · Dockerfile:3](${u('hover/app/Dockerfile')}#L3)\n\n`
      + "- PID 1 (the Dockerfile's CMD) is a program the linter does not know: whether it handles SIGINT cannot be told here.");
    for (const x of [compose, k8s, df, built]) await c.close(x);
  });

  it('reads other files only inside the workspace (never through a symlink out of it)', needs('compose/missing-init'), async () => {
    const tiniDockerfile = 'FROM alpine:3.20\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app/server"]\n';
    W.file('ws/reader/app/Dockerfile', tiniDockerfile);
    W.file('outside/app/Dockerfile', tiniDockerfile);
    fs.symlinkSync(path.join(W.outside, 'app'), path.join(W.ws, 'reader/linked'));
    const uri = u('reader/docker-compose.yml');
    // The command runs behind the Dockerfile's ENTRYPOINT: tini when it can be read, unknown (information) when not.
    const text = 'services:\n  inside:\n    build: ./app\n    command: ["/app/server"]\n  outside:\n    build: ../../outside/app\n    command: ["/app/server"]\n  linked:\n    build: ./linked\n    command: ["/app/server"]\n';
    await c.open(uri, 'dockercompose', text);
    const ds = (await c.diagnostics(uri, 1)).filter((d) => d.code === 'compose/missing-init');
    assert.deepEqual(ds.map((d) => d.range.start.line), [4, 7], 'only the services whose Dockerfile is outside the workspace are reported');

    // The open (unsaved) Dockerfile wins over the disk, and the compose file is re-linted when it changes.
    const dfUri = u('reader/app/Dockerfile');
    const n = c.publishCount(uri);
    await c.open(dfUri, 'dockerfile', 'FROM alpine:3.20\nENTRYPOINT ["/app/server"]\n');
    const p = await c.waitFor(() => (c.published.get(uri) ?? []).slice(n).find((x) => x.diagnostics.some((d) => d.code === 'compose/missing-init' && d.range.start.line === 1)), 'compose re-linted after its Dockerfile changed');
    const inside = p.diagnostics.find((d) => d.code === 'compose/missing-init' && d.range.start.line === 1)!;
    assert.deepEqual(inside.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]), [[dfUri, 1]]);
    await c.close(dfUri);
    await c.close(uri);
  });

  it('keeps serving after a broken YAML document, a binary buffer and a file over 2 MB', async () => {
    const broken = u('robust/docker-compose.yml');
    await c.open(broken, 'dockercompose', 'services:\n  api:\n    image: [unclosed\n  x: {\n\t- :: ]\n');
    assert.ok(Array.isArray(await c.diagnostics(broken, 1)));
    const bin = u('robust/compose.yaml');
    await c.open(bin, 'dockercompose', 'services:\n  api:\n    image: x\u0000\u0001\u0002\n');
    const bd = await c.diagnostics(bin, 1);
    assert.equal(bd.length, 1);
    assert.equal(bd[0].severity, 3);
    assert.deepEqual(bd[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(text(bd[0].message), /skipped.*binary/);
    const big = u('robust/big/docker-compose.yml');
    await c.open(big, 'dockercompose', 'services:\n' + '  # padding padding padding padding padding padding padding padding\n'.repeat(40000));
    const gd = await c.diagnostics(big, 1);
    assert.equal(gd.length, 1);
    assert.match(text(gd[0].message), /larger than 2 MB/);
    assert.ok(c.logs.some((l) => /skipped .*compose\.yaml: contains NUL/.test(l)));
    // Hover, code actions and Harden on those do not throw.
    assert.equal(await c.hover(bin, 1, 3), null);
    assert.deepEqual(await c.codeActions(big, gd[0].range, [gd[0]]), []);
    assert.equal((await c.executeCommand('containerSignals.server.hardenFile', [{ uri: big, version: 1 }])).status, 'skipped');
    // Still serving.
    const ok = u('robust/ok/docker-compose.yml');
    await c.open(ok, 'dockercompose', CLEAN_COMPOSE);
    assert.deepEqual(codes(await c.diagnostics(ok, 1)), ['compose/obsolete-version']);
    for (const x of [broken, bin, big, ok]) await c.close(x);
  });

  it('publishes nothing for YAML that is neither Compose nor Kubernetes, and clears diagnostics on close', async () => {
    const uri = u('other/config.yaml');
    await c.open(uri, 'yaml', 'name: x\nversion: 2\nitems: [1, 2]\n');
    assert.deepEqual(await c.diagnostics(uri, 1), []);
    const k = u('other/deploy.yaml');
    await c.open(k, 'yaml', K8S);
    assert.ok((await c.diagnostics(k, 1)).length > 0 || !has('k8s/root-user'));
    const n = c.publishCount(k);
    await c.close(k);
    assert.deepEqual((await c.nextPublish(k, n)).diagnostics, []);
    await c.close(uri);
  });

  it('debounces a burst of changes: only the last version is published', async () => {
    const uri = u('burst/docker-compose.yml');
    await c.open(uri, 'dockercompose', CLEAN_COMPOSE);
    await c.diagnostics(uri, 1);
    const n = c.publishCount(uri);
    let v = 1;
    for (let i = 0; i < 5; i++) v = await c.change(uri, [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: `# ${i}\n` }]);
    await c.diagnostics(uri, v);
    const after = (c.published.get(uri) ?? []).slice(n);
    assert.deepEqual(after.map((p) => p.version), [v]);
    await c.close(uri);
  });

  it('Harden signals in workspace: one WorkspaceEdit, annotated for confirmation, skipping node_modules and .git', async () => {
    const files: Record<string, string> = {
      'hw/docker-compose.yml': DIRTY_COMPOSE,
      'hw/k8s/web.yaml': K8S,
      'hw/Dockerfile': DOCKERFILE,
      'hw/notes.yaml': 'a: 1\n',
      'hw/clean/compose.yaml': CLEAN_COMPOSE.replace('version: "3.8"\n', ''),
      'hw/node_modules/pkg/docker-compose.yml': DIRTY_COMPOSE,
      'hw/.git/docker-compose.yml': DIRTY_COMPOSE,
    };
    const c2 = await LspClient.start({ folders: [path.join(W.ws, 'hw')], initializationOptions: { debounceMs: DEBOUNCE } });
    try {
      for (const [rel, text] of Object.entries(files)) W.file(path.join('ws', rel), text);
      // One of them is open with unsaved changes: the buffer is hardened, with its version.
      const openUri = u('hw/docker-compose.yml');
      const buffer = DIRTY_COMPOSE.replace('example/api:1.0', 'example/api:2.0');
      await c2.open(openUri, 'dockercompose', buffer);
      await c2.diagnostics(openUri, 1);
      const res = await c2.executeCommand('containerSignals.server.hardenWorkspace', []);
      assert.equal(c2.applyEdits.length, 1, JSON.stringify(res));
      const req = c2.applyEdits[0];
      assert.equal(req.label, 'Harden signals in workspace');
      const expected = Object.entries(files)
        .filter(([rel]) => !rel.includes('node_modules') && !rel.includes('.git'))
        .map(([rel, text]) => [rel, rel === 'hw/docker-compose.yml' ? buffer : text] as const)
        .filter(([rel, text]) => harden(text, lintOpts(rel)).changed)
        .map(([rel]) => u(rel)).sort();
      const changes = req.edit.documentChanges!.map((dc) => dc as { textDocument: { uri: string; version: number | null }; edits: { annotationId?: string }[] });
      assert.deepEqual(changes.map((dc) => dc.textDocument.uri).sort(), expected);
      // VS Code lists edits that need confirmation unchecked: every change is labelled by its
      // rules and checked; one empty edit (it opens the preview) needs confirmation and changes nothing.
      const annotations = req.edit.changeAnnotations ?? {};
      const confirm: { range: unknown; newText?: string }[] = [];
      for (const dc of changes) {
        assert.equal(dc.textDocument.version, dc.textDocument.uri === openUri ? 1 : null);
        for (const e of dc.edits) {
          const a = e.annotationId ? annotations[e.annotationId] : undefined;
          assert.ok(a, 'every edit is annotated');
          if (a.needsConfirmation) confirm.push(e as { range: unknown; newText?: string });
          else assert.match(a.label, /^[a-z0-9]+\/[a-z0-9-]+: \S.*$/, 'labelled by rule');
        }
      }
      assert.deepEqual(confirm, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '', annotationId: 'containerSignals.harden:preview' }]);
      assert.deepEqual(annotations['containerSignals.harden:preview'], { label: 'Opens this preview (changes nothing)', description: 'Harden signals in workspace', needsConfirmation: true });
      assert.ok(Object.values(annotations).some((a) => a.label === 'compose/missing-init: init'), JSON.stringify(annotations));
      const openOut = applyEdits(buffer, editsFor(req.edit, openUri).edits);
      assert.equal(openOut, harden(buffer, lintOpts('hw/docker-compose.yml', 'dockercompose')).output);
      assert.equal(res.status, 'applied');
      assert.equal(res.files, expected.length);
      assert.match(res.message, new RegExp(`^Hardened ${expected.length} files?: `));
      // Declined in the preview: nothing is reported as changed.
      c2.applyEditResult = { applied: false };
      const declined = await c2.executeCommand('containerSignals.server.hardenWorkspace', []);
      assert.equal(declined.status, 'cancelled');
      // { preview: false }: the same edit without change annotations.
      c2.applyEditResult = { applied: true };
      await c2.executeCommand('containerSignals.server.hardenWorkspace', [{ preview: false }]);
      const direct = c2.applyEdits[c2.applyEdits.length - 1];
      assert.equal(direct.edit.changeAnnotations, undefined);
      assert.deepEqual(direct.edit.documentChanges!.map((dc) => ('textDocument' in dc ? dc.textDocument.uri : '')).sort(), expected);
    } finally {
      await c2.stop();
    }
  });

  // The times are logged for information, never asserted: they are measured in the bench (relint
  // of k8s-10k, and the language server's didOpen / didChange of 65k- and 100k-line streams).
  it('a 10,000-line multi-document Kubernetes file: the same diagnostics after open and after a keystroke (times logged)', async (t) => {
    const doc = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
  labels:
    app: web-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web-${i}
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
        - name: app
          image: example/app:${i}
          command: ["sh", "-c", "./migrate; exec app"]
          ports:
            - containerPort: 8080
          securityContext:
            runAsNonRoot: true
`;
    const lines = doc(0).split('\n').length - 1 + 1; // + the `---` line
    const count = Math.ceil(10000 / lines) + 1;
    const text = Array.from({ length: count }, (_, i) => doc(i)).join('---\n');
    const lineCount = text.split('\n').length - 1;
    assert.ok(lineCount >= 10000, `${lineCount} lines`);
    const uri = u('perf/big.yaml');
    const t0 = performance.now();
    await c.open(uri, 'yaml', text);
    const first = await c.diagnostics(uri, 1, 60000);
    const openMs = performance.now() - t0;
    // Edit the last document (insert a comment line), as a keystroke would.
    const t1 = performance.now();
    const v = await c.change(uri, [{ range: { start: { line: lineCount - 1, character: 0 }, end: { line: lineCount - 1, character: 0 } }, text: '          # edited\n' }]);
    const second = await c.diagnostics(uri, v, 60000);
    const changeMs = performance.now() - t1;
    const msg = `10,000-line Kubernetes file (${lineCount} lines, ${count} documents, ${second.length} findings): open → diagnostics ${openMs.toFixed(0)} ms; didChange → publishDiagnostics ${changeMs.toFixed(0)} ms (includes the ${DEBOUNCE} ms debounce)`;
    t.diagnostic(msg);
    console.log(`# ${msg}`);
    assert.equal(second.length, first.length);
    await c.close(uri);
  });
});

describe('language server without workspace/configuration support', () => {
  it('falls back to initializationOptions.settings', async () => {
    const W = makeWorkspace();
    const c = await LspClient.start({ folders: [W.ws], configuration: false, initializationOptions: { debounceMs: 0, settings: { rules: { 'compose/obsolete-version': 'warning' } } } });
    try {
      const uri = uriOf(path.join(W.ws, 'docker-compose.yml'));
      await c.open(uri, 'dockercompose', CLEAN_COMPOSE);
      assert.deepEqual((await c.diagnostics(uri, 1)).map((d) => [d.code, d.severity]), [['compose/obsolete-version', 2]]);
    } finally {
      await c.stop();
      fs.rmSync(W.root, { recursive: true, force: true });
    }
  });
});
