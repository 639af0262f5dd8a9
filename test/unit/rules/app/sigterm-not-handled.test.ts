import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, findingsOf, memoryWorkspace } from '../../rule-tester';
import { lint } from '../../../../server/src/core/lint';
import * as F from '../../app-fixtures';

const RULE = 'app/sigterm-not-handled';
const C = 'docker-compose.yml';
const RUST_DF = 'FROM rust:1.79 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/bot /usr/local/bin/bot\nCMD ["/usr/local/bin/bot"]\n';
const NODE_DF = 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n';
const GO_DF = 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /svc .\nFROM gcr.io/distroless/static\nCOPY --from=build /svc /svc\nCMD ["/svc"]\n';
const PY_DF = 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n';
const bot = (files: F.Files, df = RUST_DF): F.Files => ({ ...F.under('bot', files), 'bot/Dockerfile': df });

const TOKIO = 'also wait for tokio::signal::unix::signal(SignalKind::terminate())';
const AS_PID1 = 'As PID 1 it ignores SIGTERM: docker stop waits the 10s grace period, then sends SIGKILL, and its shutdown code never runs.';
const RUST_ONLY = 'the Rust program built from "bot" handles SIGINT but not SIGTERM, its stop signal (src/main.rs:6).';

ruleTester(RULE, {
  valid: [
    { name: 'Rust: ctrl_c() and SignalKind::terminate()', path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_BOTH) },
    { name: 'Rust: stop_signal SIGINT, which ctrl_c() handles', path: C, code: 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGINT\n', files: bot(F.RUST_CTRL_C) },
    { name: 'Rust: STOPSIGNAL SIGINT in the Dockerfile', path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_CTRL_C, RUST_DF.replace('CMD', 'STOPSIGNAL SIGINT\nCMD')) },
    { name: 'Rust: ctrlc with its termination feature', path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_CTRLC_TERMINATION) },
    { name: 'Rust: signal-hook with SIGTERM', path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_SIGNAL_HOOK) },
    { name: 'Rust: no handler seen at all (it may be in a dependency): cannot tell', path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_COMMENTED) },
    { name: 'Rust: sleeps forever behind an init: SIGTERM ends it at once, and it has no shutdown code', path: C, code: 'services:\n  bot:\n    build: ./bot\n    init: true\n', files: bot(F.RUST_FOREVER) },
    { name: 'Node: process.once("SIGTERM")', path: C, code: 'services:\n  api:\n    build: .\n', files: { ...F.NODE_SIGTERM, Dockerfile: NODE_DF } },
    { name: 'Node: a loop over a list of signals', path: C, code: 'services:\n  api:\n    build: .\n', files: { ...F.NODE_LOOP, Dockerfile: NODE_DF } },
    { name: 'Node: a registration the scan cannot read: cannot tell', path: C, code: 'services:\n  api:\n    build: .\n', files: { ...F.NODE_UNRESOLVED, Dockerfile: NODE_DF } },
    { name: 'Node: npm start (package-manager-start judges it)', path: C, code: 'services:\n  api:\n    build: .\n', files: { ...F.NODE_SIGINT, Dockerfile: 'FROM node:20\nCOPY . .\nCMD ["npm", "start"]\n' } },
    { name: 'Go: NotifyContext with SIGTERM', path: C, code: 'services:\n  svc:\n    build: .\n', files: { ...F.GO_BOTH, Dockerfile: GO_DF } },
    { name: 'Python: add_signal_handler over (SIGINT, SIGTERM)', path: C, code: 'services:\n  w:\n    build: .\n', files: { ...F.PY_ASYNCIO, Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "-m", "w.main"]\n' } },
    { name: 'Python: stop signal SIGINT (KeyboardInterrupt) with a SIGTERM handler only', path: C, code: 'services:\n  w:\n    build: .\n    stop_signal: SIGINT\n', files: { 'requirements.txt': '', 'app.py': 'import signal\nsignal.signal(signal.SIGTERM, h)\n', Dockerfile: PY_DF } },
    { name: 'Java: the JVM runs shutdown hooks on SIGTERM', path: C, code: 'services:\n  j:\n    build: .\n', files: { ...F.JAVA_HOOK, Dockerfile: 'FROM eclipse-temurin:21\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n' } },
    { name: 'the image runs another program than the context\'s (postgres)', path: C, code: 'services:\n  db:\n    build: .\n', files: { ...F.NODE_SIGINT, Dockerfile: 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n' } },
    { name: 'a script in front: the script rules judge it', path: C, code: 'services:\n  api:\n    build: .\n', files: { ...F.NODE_SIGINT, Dockerfile: 'FROM node:20\nCOPY . .\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["node", "server.js"]\n' } },
    { name: 'no build: nothing to scan', path: C, code: 'services:\n  api:\n    image: node:20\n    command: ["node", "server.js"]\n', files: F.NODE_SIGINT },
    { name: 'an interpolated stop signal', path: C, code: 'services:\n  bot:\n    build: ./bot\n    stop_signal: ${SIG}\n', files: bot(F.RUST_CTRL_C) },
    { name: 'Dockerfile: STOPSIGNAL SIGINT', path: 'bot/Dockerfile', code: RUST_DF.replace('CMD', 'STOPSIGNAL SIGINT\nCMD'), files: F.under('bot', F.RUST_CTRL_C) },
    { name: 'Dockerfile: no sources next to it', path: 'Dockerfile', code: RUST_DF },
  ],
  invalid: [
    {
      name: 'Rust: tokio ctrl_c() only, PID 1: warning, fix stop_signal SIGINT',
      path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_CTRL_C),
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'warning', message: `Service "bot": ${RUST_ONLY} ${AS_PID1} Set "stop_signal: SIGINT", or ${TOKIO}.` }],
      output: 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGINT\n',
    },
    {
      name: 'Rust: behind init: true: information',
      path: C, code: 'services:\n  bot:\n    build: ./bot\n    init: true\n', files: bot(F.RUST_CTRL_C),
      errors: [{ line: 2, column: 3, severity: 'information', message: `Service "bot": ${RUST_ONLY} Behind the init ("init: true"), SIGTERM's default action ends it at once, skipping its shutdown code. Set "stop_signal: SIGINT", or ${TOKIO}.` }],
      output: 'services:\n  bot:\n    build: ./bot\n    init: true\n    stop_signal: SIGINT\n',
    },
    {
      name: 'Rust: stop_signal SIGTERM written: the fix replaces it, the finding is on its value',
      path: C, code: 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGTERM\n    stop_grace_period: 30s\n', files: bot(F.RUST_CTRL_C),
      errors: [{ line: 4, column: 18, endLine: 4, endColumn: 25, severity: 'warning', message: `Service "bot": ${RUST_ONLY} As PID 1 it ignores SIGTERM: docker stop waits the 30s grace period, then sends SIGKILL, and its shutdown code never runs. Set "stop_signal: SIGINT", or ${TOKIO}.` }],
      output: 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGINT\n    stop_grace_period: 30s\n',
    },
    {
      name: 'Rust: pid: host (not PID 1)',
      path: C, code: 'services:\n  bot:\n    build: ./bot\n    pid: host\n', files: bot(F.RUST_CTRL_C),
      errors: [{ line: 2, column: 3, severity: 'information', message: /^Service "bot": .* Not being PID 1 \(pid: host\), SIGTERM's default action ends it at once, skipping its shutdown code\./ }],
      output: 'services:\n  bot:\n    build: ./bot\n    stop_signal: SIGINT\n    pid: host\n',
    },
    {
      name: 'Rust: the ctrlc crate without its termination feature',
      path: C, code: 'services:\n  bot:\n    build:\n      context: bot\n', files: bot(F.RUST_CTRLC),
      errors: [{ line: 2, column: 3, severity: 'warning', message: `Service "bot": the Rust program built from "bot" handles SIGINT but not SIGTERM, its stop signal (src/main.rs:2). ${AS_PID1} Set "stop_signal: SIGINT", or turn on the "termination" feature of the ctrlc crate.` }],
      output: 'services:\n  bot:\n    build:\n      context: bot\n    stop_signal: SIGINT\n',
    },
    {
      name: 'Rust: sleep(Duration::MAX) in place of a signal wait, PID 1: no SIGINT handler, no fix',
      path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_FOREVER),
      errors: [{ line: 2, column: 3, severity: 'warning', message: `Service "bot": the Rust program built from "bot" waits forever (sleep(Duration::MAX), src/main.rs:4) with no SIGTERM handler. ${AS_PID1} Wait for tokio::signal::unix::signal(SignalKind::terminate()) instead.` }],
      output: null,
    },
    {
      name: 'Node: process.on("SIGINT") only, node as PID 1',
      path: C, code: 'services:\n  api:\n    build: .\n    ports: ["3000:3000"]\n', files: { ...F.NODE_SIGINT, Dockerfile: NODE_DF },
      errors: [{ line: 2, column: 3, severity: 'warning', message: `Service "api": the Node.js program built from "." handles SIGINT but not SIGTERM, its stop signal (server.js:3). ${AS_PID1} Set "stop_signal: SIGINT", or add a process.on("SIGTERM", …) handler.` }],
      output: 'services:\n  api:\n    build: .\n    stop_signal: SIGINT\n    ports: ["3000:3000"]\n',
    },
    {
      name: 'Go: signal.Notify(c, os.Interrupt) only: the runtime exits at once (also as PID 1): information',
      path: C, code: 'services:\n  svc:\n    build: .\n', files: { ...F.GO_INTERRUPT, Dockerfile: GO_DF },
      errors: [{ line: 2, column: 3, severity: 'information', message: 'Service "svc": the Go program built from "." handles SIGINT but not SIGTERM, its stop signal (main.go:10). The Go runtime ends it at once on SIGTERM (a signal not passed to signal.Notify), skipping its shutdown code. Set "stop_signal: SIGINT", or pass syscall.SIGTERM to signal.Notify too.' }],
      output: 'services:\n  svc:\n    build: .\n    stop_signal: SIGINT\n',
    },
    {
      name: 'Python: signal.signal(SIGINT) only, python as PID 1',
      path: C, code: 'services:\n  w:\n    build: .\n', files: { ...F.PY_SIGINT, Dockerfile: PY_DF },
      errors: [{ line: 2, column: 3, severity: 'warning', message: `Service "w": the Python program built from "." handles SIGINT but not SIGTERM, its stop signal (app.py:5). ${AS_PID1} Set "stop_signal: SIGINT", or register the handler for signal.SIGTERM too.` }],
      output: 'services:\n  w:\n    build: .\n    stop_signal: SIGINT\n',
    },
    {
      name: 'Node: stop signal SIGHUP (written), handled SIGINT: the fix sets SIGINT',
      path: C, code: 'services:\n  api:\n    build: .\n    stop_signal: "SIGHUP"\n', files: { ...F.NODE_SIGINT, Dockerfile: NODE_DF },
      errors: [{ line: 4, column: 18, severity: 'warning', message: /handles SIGINT but not SIGHUP, its stop signal \(server\.js:3\)\. As PID 1 it ignores SIGHUP/ }],
      output: 'services:\n  api:\n    build: .\n    stop_signal: "SIGINT"\n',
    },
    {
      name: 'Dockerfile: ctrl_c() only: STOPSIGNAL SIGINT inserted before CMD',
      path: 'bot/Dockerfile', code: RUST_DF, files: F.under('bot', F.RUST_CTRL_C),
      errors: [{ line: 8, column: 5, endLine: 8, endColumn: 27, severity: 'warning', message: `The image: the Rust program of this folder handles SIGINT but not SIGTERM, its stop signal (src/main.rs:6). As PID 1 it ignores SIGTERM: docker stop waits the grace period (10s for docker stop), then sends SIGKILL, and its shutdown code never runs. Set "STOPSIGNAL SIGINT", or ${TOKIO}.` }],
      output: RUST_DF.replace('CMD', 'STOPSIGNAL SIGINT\nCMD'),
    },
    {
      name: 'Dockerfile: tini in the ENTRYPOINT: information',
      path: 'bot/Dockerfile', code: RUST_DF.replace('CMD', 'ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD'), files: F.under('bot', F.RUST_CTRL_C),
      errors: [{ line: 9, column: 5, severity: 'information', message: /Behind tini, SIGTERM's default action ends it at once, skipping its shutdown code\. Set "STOPSIGNAL SIGINT"/ }],
      output: RUST_DF.replace('CMD', 'STOPSIGNAL SIGINT\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD'),
    },
    {
      name: 'Dockerfile: STOPSIGNAL SIGTERM written: replaced, the finding on its value',
      path: 'Dockerfile', code: 'FROM node:20\nCOPY . .\nstopsignal SIGTERM\nCMD ["node", "server.js"]\n', files: F.NODE_SIGINT,
      errors: [{ line: 3, column: 12, endLine: 3, endColumn: 19, severity: 'warning', message: /^The image: the Node\.js program of this folder handles SIGINT but not SIGTERM/ }],
      output: 'FROM node:20\nCOPY . .\nstopsignal SIGINT\nCMD ["node", "server.js"]\n',
    },
  ],
});

describe(`${RULE}: related information and PID 1 knowledge`, () => {
  it('points at the handler line in the source file', () => {
    const [f] = findingsOf(RULE, { path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_CTRL_C) });
    assert.deepEqual(f.related?.map((r) => ({ path: r.path, line: r.range.start.line, message: r.message })), [
      { path: '/ws/bot/src/main.rs', line: 5, message: 'Handles SIGINT here (tokio::signal::ctrl_c), not SIGTERM' },
    ]);
  });
  it('the anti-pattern line', () => {
    const [f] = findingsOf(RULE, { path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_FOREVER) });
    assert.deepEqual(f.related?.map((r) => `${r.path}:${r.range.start.line + 1} ${r.message}`), ['/ws/bot/src/main.rs:4 Waits forever here (sleep(Duration::MAX)) instead of for SIGTERM']);
  });
  it('the Dockerfile STOPSIGNAL when the stop signal comes from there', () => {
    const [f] = findingsOf(RULE, { path: C, code: 'services:\n  bot:\n    build: ./bot\n', files: bot(F.RUST_CTRL_C, RUST_DF.replace('CMD', 'STOPSIGNAL SIGTERM\nCMD')) });
    assert.deepEqual(f.related?.map((r) => `${r.path}:${r.range.start.line + 1} ${r.message}`), [
      '/ws/bot/src/main.rs:6 Handles SIGINT here (tokio::signal::ctrl_c), not SIGTERM',
      "/ws/bot/Dockerfile:8 The Dockerfile's STOPSIGNAL: the stop signal SIGTERM",
    ]);
  });
  it('compose/missing-init: a Node program with a SIGTERM handler handles it as PID 1 (the scan refines PID 1)', () => {
    const opts = (files: F.Files) => ({ path: '/ws/docker-compose.yml', workspace: memoryWorkspace(files) });
    const code = 'services:\n  api:\n    build: .\n';
    const without = lint(code, opts({ 'package.json': '{}', 'server.js': 'require("http").createServer().listen(3000)\n', Dockerfile: NODE_DF })).filter((f) => f.rule === 'compose/missing-init');
    assert.equal(without.length, 1);
    const withHandler = lint(code, opts({ ...F.NODE_SIGTERM, Dockerfile: NODE_DF })).filter((f) => f.rule === 'compose/missing-init');
    assert.deepEqual(withHandler.map((f) => f.message), []);
  });
  it('dockerfile/missing-init reads the same sources as the compose rule: a Rust program with a SIGTERM handler is not reported', () => {
    const opts = (files: F.Files) => ({ path: '/ws/bot/Dockerfile', workspace: memoryWorkspace(files) });
    const only = (files: F.Files) => lint(RUST_DF, opts(files)).filter((f) => f.rule === 'dockerfile/missing-init');
    assert.equal(only({ 'bot/Dockerfile': RUST_DF, ...F.under('bot', F.RUST_CTRL_C) }).length, 1, 'SIGINT only: still reported');
    assert.deepEqual(only({ 'bot/Dockerfile': RUST_DF, ...F.under('bot', F.RUST_BOTH) }).map((f) => f.message), []);
    assert.equal(lint(RUST_DF, { path: '/ws/bot/Dockerfile' }).filter((f) => f.rule === 'dockerfile/missing-init').length, 1, 'no workspace: no sources to read');
  });
  it('compose/missing-init: a Go module\'s binary is a Go program (the runtime exits on SIGTERM)', () => {
    const df = 'FROM debian:bookworm-slim\nCOPY svc /svc\nCMD ["/svc"]\n';
    const code = 'services:\n  svc:\n    build: .\n';
    const noGo = lint(code, { path: '/ws/docker-compose.yml', workspace: memoryWorkspace({ Dockerfile: df }) }).filter((f) => f.rule === 'compose/missing-init');
    assert.equal(noGo.length, 1, 'unknown program: missing-init says it cannot tell');
    const go = lint(code, { path: '/ws/docker-compose.yml', workspace: memoryWorkspace({ Dockerfile: df, 'go.mod': F.GO_MOD, 'main.go': 'package main\nfunc main() {}\n' }) }).filter((f) => f.rule === 'compose/missing-init');
    assert.deepEqual(go.map((f) => f.message), []);
  });
});
