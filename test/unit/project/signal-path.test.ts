/** The signal path (core): small multi-file workspaces, an in-memory reader, exact text. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { WorkspaceReader } from '../../../server/src/core/types';
import type { HandlerScan } from '../../../server/src/core/project/handlers';
import {
  signalPaths, signalPathAt, formatSignalPath, formatSignalPathLines, scriptEnding, copiedScript,
} from '../../../server/src/core/project/signal-path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfile';

const ROOT = path.resolve('/w');
const abs = (p: string) => path.join(ROOT, p);

/** A workspace of files in memory (paths relative to /w). */
function workspace(files: Record<string, string>): WorkspaceReader & { files: Record<string, string> } {
  const m = Object.fromEntries(Object.entries(files).map(([k, v]) => [abs(k), v]));
  return { files, readFile: (p: string) => m[p] };
}

function paths(files: Record<string, string>, file: string, scan?: (dir: string) => HandlerScan | undefined) {
  const ws = workspace(files);
  return signalPaths({ path: abs(file), text: files[file] }, ws, scan ? { scan } : undefined);
}
const line = (files: Record<string, string>, file: string, scan?: (dir: string) => HandlerScan | undefined) =>
  paths(files, file, scan).map((p) => formatSignalPath(p, { locations: true, cwd: ROOT }));

const ENTRYPOINT_EXEC = '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then\n  set -- bizclaw "$@"\nfi\nexec "$@"\n';
const ENTRYPOINT_NO_EXEC = '#!/bin/sh\nset -e\n./migrate\n"$@"\n';

describe('signal path: compose + Dockerfile + entrypoint script', () => {
  it('init: true, a script that execs, an unknown program', () => {
    const files = {
      'compose.yaml': 'services:\n  bizclaw:\n    build: .\n    init: true\n',
      'Dockerfile': 'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["bizclaw"]\n',
      'docker-entrypoint.sh': ENTRYPOINT_EXEC,
    };
    assert.deepEqual(line(files, 'compose.yaml'), [
      'docker compose stop → SIGTERM → tini (init: true, compose.yaml:4) → docker-entrypoint.sh (exec, docker-entrypoint.sh:6) → bizclaw (Dockerfile:4) · cannot tell (SIGKILL after 10s if SIGTERM is not handled)',
    ]);
  });
});

const rustScan = (dir: string): HandlerScan | undefined => dir === ROOT ? {
  language: 'rust',
  handles: new Map([['SIGINT', [{ path: abs('src/main.rs'), line: 39, text: 'tokio::signal::ctrl_c().await?;', api: 'tokio::signal::ctrl_c' }]]]),
  sigtermDefault: 'ignored-as-pid1',
  antiPatterns: [],
  partial: false,
  manifest: abs('Cargo.toml'), files: 1, bytes: 1000, unresolved: [],
} : undefined;

describe('signal path: more shapes', () => {
  it('a native program (a rust build stage) is judged by its sources, as the rules judge it', () => {
    const df = 'FROM rust:1 AS build\nCOPY . .\nRUN cargo build --release\nFROM debian:12\nCOPY --from=build /target/release/app /app\nCMD ["/app"]\n';
    const termScan = (dir: string): HandlerScan | undefined => dir === ROOT ? {
      language: 'rust', handles: new Map([['SIGTERM', [{ path: abs('src/main.rs'), line: 3, text: 'HttpServer::new(…).run()', api: 'actix-web HttpServer' }]]]),
      sigtermDefault: 'ignored-as-pid1', antiPatterns: [], partial: false, manifest: abs('Cargo.toml'), files: 1, bytes: 100, unresolved: [],
    } : undefined;
    const files = { 'compose.yaml': 'services:\n  api:\n    build: .\n', 'Dockerfile': df };
    assert.deepEqual(line(files, 'compose.yaml', termScan), ['docker compose stop → SIGTERM → /app (PID 1, handles SIGTERM, src/main.rs:4) · stops cleanly']);
  });

  const df = 'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["bizclaw"]\n';
  it('the issue example: a program that handles SIGINT only, behind tini and as PID 1', () => {
    const files = { 'compose.yaml': 'services:\n  bizclaw:\n    build: .\n    init: true\n  bare:\n    build: .\n', 'Dockerfile': df, 'docker-entrypoint.sh': ENTRYPOINT_EXEC };
    // Behind tini SIGTERM's default action ends the program at once; as PID 1 the kernel drops it.
    assert.deepEqual(line(files, 'compose.yaml', rustScan), [
      'docker compose stop → SIGTERM → tini (init: true, compose.yaml:4) → docker-entrypoint.sh (exec, docker-entrypoint.sh:6) → bizclaw (handles SIGINT only, src/main.rs:40) · ends at once, no graceful stop',
      'docker compose stop → SIGTERM → docker-entrypoint.sh (exec, docker-entrypoint.sh:6) → bizclaw (PID 1, handles SIGINT only, src/main.rs:40) · SIGKILL after 10s',
    ]);
  });
  it('a script without exec loses the signal', () => {
    const files = { 'compose.yaml': 'services:\n  api:\n    build: .\n', 'Dockerfile': df, 'docker-entrypoint.sh': ENTRYPOINT_NO_EXEC };
    assert.deepEqual(line(files, 'compose.yaml'), [
      'docker compose stop → SIGTERM → docker-entrypoint.sh (PID 1, no exec, docker-entrypoint.sh:4) ✗ bizclaw (Dockerfile:4) · SIGKILL after 10s',
    ]);
  });
  it('a handler for the stop signal: stops cleanly; stop_signal and grace as written', () => {
    const files = { 'compose.yaml': 'services:\n  api:\n    build: .\n    stop_signal: SIGINT\n    stop_grace_period: 1m\n', 'Dockerfile': df, 'docker-entrypoint.sh': ENTRYPOINT_EXEC };
    assert.deepEqual(line(files, 'compose.yaml', rustScan), [
      'docker compose stop → SIGINT → docker-entrypoint.sh (exec, docker-entrypoint.sh:6) → bizclaw (PID 1, handles SIGINT, src/main.rs:40) · stops cleanly',
    ]);
    assert.deepEqual(paths(files, 'compose.yaml', rustScan).map((p) => formatSignalPathLines(p, ROOT)), [[
      'docker compose stop → SIGINT (compose.yaml:4)',
      '  → docker-entrypoint.sh (exec): the script ends with exec: its last command inherits its PID and gets the signal. [docker-entrypoint.sh:6]',
      '  ✓ bizclaw (PID 1, handles SIGINT): its code handles SIGINT (rust). [src/main.rs:40]',
      '  = stops cleanly',
    ]]);
  });
  it('s6-overlay: the image is its own init; init: true breaks it', () => {
    const files = { 'compose.yaml': 'services:\n  a:\n    image: lscr.io/linuxserver/nginx:latest\n  b:\n    image: lscr.io/linuxserver/nginx:latest\n    init: true\n' };
    assert.deepEqual(line(files, 'compose.yaml'), [
      "docker compose stop → SIGTERM → s6-overlay's /init (PID 1) · stops cleanly",
      'docker compose stop → SIGTERM → tini (init: true, compose.yaml:6) · the container does not start',
    ]);
  });
  it('a shell-form CMD: /bin/sh -c on Debian (dash) does not forward', () => {
    const files = { 'Dockerfile': 'FROM node:20-bookworm\nWORKDIR /app\nCMD npm run migrate && node server.js\n' };
    assert.deepEqual(line(files, 'Dockerfile'), [
      'docker stop → SIGTERM → /bin/sh -c (PID 1, does not forward, Dockerfile:3) ✗ node (Dockerfile:3) · SIGKILL after 10s',
    ]);
  });
  it('a known program from the knowledge module', () => {
    const files = { 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n' };
    assert.deepEqual(line(files, 'compose.yaml'), ['docker compose stop → SIGTERM → postgres from the image (PID 1) · stops cleanly']);
  });
  it('Kubernetes: sh -c as PID 1, terminationGracePeriodSeconds, preStop', () => {
    const files = { 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: 60\n  containers:\n    - name: app\n      image: python:3.12\n      command: ["sh", "-c", "./migrate; exec python app.py"]\n      lifecycle:\n        preStop:\n          exec:\n            command: ["sleep", "5"]\n' };
    // python does not handle SIGTERM by default (RUNTIMES.md): as PID 1 the kernel drops it.
    assert.deepEqual(line(files, 'pod.yaml'), [
      'kubectl delete/rollout → preStop hook → SIGTERM → sh -c (exec, pod.yaml:10) → python (PID 1, pod.yaml:10) · SIGKILL after 60s',
    ]);
  });
  it('the layers as compose/util.ts gives them: init: true and stop_signal from a service it extends in another file', () => {
    const files = {
      'compose.yaml': 'services:\n  api:\n    extends:\n      file: common.yaml\n      service: base\n    command: ["node", "server.js"]\n',
      'common.yaml': 'services:\n  base:\n    image: node:20\n    init: true\n    stop_signal: SIGINT\n',
    };
    // Node handles neither by default (RUNTIMES.md): behind tini SIGINT's default action ends it at once.
    assert.deepEqual(line(files, 'compose.yaml'), [
      'docker compose stop → SIGINT → tini (init: true, common.yaml:4) → node (compose.yaml:6) · ends at once, no graceful stop',
    ]);
    assert.deepEqual(paths(files, 'compose.yaml')[0].signalLocation, { path: abs('common.yaml'), line: 4 });
  });
  it('signalPathAt: the service under the cursor (key for the hover, anywhere inside with within)', () => {
    const text = 'services:\n  api:\n    image: x\n  web:\n    image: nginx\n';
    const f = { path: abs('compose.yaml'), text };
    assert.equal(signalPathAt(f, text.indexOf('api') + 1)?.name, 'api');
    assert.equal(signalPathAt(f, text.indexOf('nginx')), undefined);
    assert.equal(signalPathAt(f, text.indexOf('nginx'), undefined, { within: true })?.name, 'web');
  });
  it('scriptEnding follows the script rule: exec inside a function it calls, and a branch without exec', () => {
    const fn = '#!/bin/sh\nset -e\n_main() {\n  ./migrate\n  exec "$@"\n}\n_main "$@"\n';
    assert.deepEqual(scriptEnding(fn), { execs: true, traps: false, line: 4, runsArgs: true, argv: ['$@'] });
    const branch = '#!/bin/sh\nif [ "$1" = serve ]; then\n  exec bizclaw\nelse\n  "$@"\nfi\n';
    assert.equal(scriptEnding(branch)?.execs, false);
    assert.equal(scriptEnding(branch)?.line, 4);
  });
  it('scriptEnding and copiedScript', () => {
    assert.deepEqual(scriptEnding(ENTRYPOINT_EXEC), { execs: true, traps: false, line: 5, runsArgs: true, argv: ['$@'] });
    assert.deepEqual(scriptEnding('#!/bin/sh\nexec gosu app "$@"\n'), { execs: true, traps: false, line: 1, runsArgs: true, argv: ['$@'] });
    assert.deepEqual(scriptEnding('#!/bin/sh\nnode server.js\n'), { execs: false, traps: false, line: 1, runsArgs: false, argv: ['node', 'server.js'] });
    const m = parseDockerfile('FROM alpine\nWORKDIR /app\nCOPY ./scripts/start.sh .\nCOPY entry.sh /entry.sh\n');
    assert.equal(copiedScript(m, m.final, './start.sh', '/ctx'), path.resolve('/ctx/scripts/start.sh'));
    assert.equal(copiedScript(m, m.final, '/app/start.sh', '/ctx'), path.resolve('/ctx/scripts/start.sh'));
    assert.equal(copiedScript(m, m.final, '/entry.sh', '/ctx'), path.resolve('/ctx/entry.sh'));
    assert.equal(copiedScript(m, m.final, 'entry.sh', '/ctx'), undefined, 'a bare name is looked up in PATH');
  });
});
