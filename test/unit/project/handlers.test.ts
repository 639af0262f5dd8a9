import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { scanHandlers, ctrlcTermination, stripCComments, SCAN_LIMITS } from '../../../server/src/core/project/handlers';
import type { HandlerScan } from '../../../server/src/core/project/handlers';
import type { WorkspaceReader } from '../../../server/src/core/types';
import { memoryWorkspace, WS } from '../rule-tester';
import * as F from '../app-fixtures';

function scan(files: F.Files, reader: WorkspaceReader = memoryWorkspace(F.under('ctx', files))): HandlerScan | undefined {
  return scanHandlers(path.join(WS, 'ctx'), reader);
}

/** signal → "file:line api" of each site (1-based lines). */
function sites(s: HandlerScan | undefined): Record<string, string[]> {
  assert.ok(s, 'a scan');
  const out: Record<string, string[]> = {};
  for (const [sig, list] of [...s.handles].sort(([a], [b]) => a.localeCompare(b))) out[sig] = list.map((h) => `${path.relative(path.join(WS, 'ctx'), h.path)}:${h.line + 1} ${h.api}`);
  return out;
}

describe('scanHandlers', () => {
  it('Rust: tokio ctrl_c() is SIGINT only', () => {
    const s = scan(F.RUST_CTRL_C);
    assert.equal(s?.language, 'rust');
    assert.equal(s?.sigtermDefault, 'ignored-as-pid1');
    assert.deepEqual(sites(s), { SIGINT: ['src/main.rs:6 tokio::signal::ctrl_c'] });
    assert.equal(s?.handles.get('SIGINT')![0].text, 'signal::ctrl_c().await.unwrap();');
    assert.equal(s?.partial, false);
    assert.equal(s?.manifest, path.join(WS, 'ctx', 'Cargo.toml'));
  });
  it('Rust: SignalKind::terminate() next to ctrl_c()', () => {
    assert.deepEqual(sites(scan(F.RUST_BOTH)), { SIGINT: ['src/main.rs:7 tokio::signal::ctrl_c'], SIGTERM: ['src/main.rs:5 SignalKind::terminate'] });
  });
  it('Rust: sleep(Duration::MAX) is the no-handler anti-pattern', () => {
    const s = scan(F.RUST_FOREVER)!;
    assert.equal(s.handles.size, 0);
    assert.deepEqual(s.antiPatterns.map((a) => `${a.line + 1} ${a.what}`), ['4 sleep(Duration::MAX)']);
  });
  it('Rust: pending().await is the anti-pattern too', () => {
    const s = scan({ 'Cargo.toml': F.CARGO, 'src/main.rs': 'async fn main() {\n    std::future::pending::<()>().await;\n}\n' })!;
    assert.deepEqual(s.antiPatterns.map((a) => `${a.line + 1} ${a.what}`), ['2 pending().await']);
  });
  it('Rust: the ctrlc crate handles SIGINT only, unless its termination feature is on', () => {
    assert.deepEqual(sites(scan(F.RUST_CTRLC)), { SIGINT: ['src/main.rs:2 ctrlc::set_handler'] });
    const t = scan(F.RUST_CTRLC_TERMINATION)!;
    assert.equal(t.ctrlcTermination, true);
    assert.deepEqual(Object.keys(sites(t)), ['SIGHUP', 'SIGINT', 'SIGTERM']);
  });
  it('ctrlcTermination reads inline tables and [dependencies.ctrlc]', () => {
    assert.equal(ctrlcTermination('[dependencies]\nctrlc = { version = "3", features = ["termination"] }\n'), true);
    assert.equal(ctrlcTermination('[dependencies.ctrlc]\nversion = "3"\nfeatures = ["termination"]\n\n[dependencies.x]\n'), true);
    assert.equal(ctrlcTermination('[dependencies]\nctrlc = "3"\n# ctrlc = { features = ["termination"] }\n'), false);
    assert.equal(ctrlcTermination('[dev-dependencies.ctrlc]\nfeatures = ["termination"]\n'), false);
  });
  it('Rust: signal-hook Signals::new([SIGINT, SIGTERM])', () => {
    assert.deepEqual(Object.keys(sites(scan(F.RUST_SIGNAL_HOOK))), ['SIGINT', 'SIGTERM']);
  });
  it('Rust: actix-web HttpServer handles SIGINT, SIGTERM, SIGQUIT unless disable_signals()', () => {
    const src = 'use actix_web::{App, HttpServer};\n#[actix_web::main]\nasync fn main() -> std::io::Result<()> {\n    HttpServer::new(|| App::new()).bind(("0.0.0.0", 8080))?.run().await\n}\n';
    assert.deepEqual(Object.keys(sites(scan({ 'Cargo.toml': F.CARGO, 'src/main.rs': src }))), ['SIGINT', 'SIGQUIT', 'SIGTERM']);
    assert.equal(scan({ 'Cargo.toml': F.CARGO, 'src/main.rs': src.replace('.bind', '.disable_signals().bind') })!.handles.size, 0);
  });
  it('comments and strings that only mention a handler do not count', () => {
    const s = scan(F.RUST_COMMENTED)!;
    assert.equal(s.handles.size, 0);
    assert.equal(s.antiPatterns.length, 0);
  });
  it("stripCComments keeps offsets, lines, strings and Rust lifetimes", () => {
    const src = "fn f<'a>(x: &'a str) -> char { let u = \"http://x\"; 'c' } // tail\n/* a /* nested */ b */ g();\n";
    const out = stripCComments(src, 'rust');
    assert.equal(out.length, src.length);
    assert.ok(out.includes('"        "'), 'string contents blanked, quotes kept');
    assert.ok(!out.includes('tail') && !out.includes('nested'));
    assert.ok(out.includes('g();'));
  });
  it('Node: process.on("SIGINT") only; process.once("SIGTERM"); a loop over a list of signals', () => {
    const s = scan(F.NODE_SIGINT)!;
    assert.equal(s.language, 'node');
    assert.deepEqual(sites(s), { SIGINT: ['server.js:3 process.on'] });
    assert.deepEqual(sites(scan(F.NODE_SIGTERM)), { SIGTERM: ['server.js:2 process.once'] });
    assert.deepEqual(Object.keys(sites(scan(F.NODE_LOOP))), ['SIGINT', 'SIGTERM']);
  });
  it('Node: a registration whose signal it cannot read is unresolved', () => {
    const s = scan(F.NODE_UNRESOLVED)!;
    assert.deepEqual(s.unresolved.map((u) => `${u.line + 1} ${u.api}`), ['3 process.on']);
  });
  it('Go: signal.Notify(c, os.Interrupt) is SIGINT only; _test.go files are skipped', () => {
    const s = scan(F.GO_INTERRUPT)!;
    assert.equal(s.language, 'go');
    assert.equal(s.sigtermDefault, 'exits');
    assert.deepEqual(sites(s), { SIGINT: ['main.go:10 signal.Notify'] });
    assert.equal(s.files, 1);
  });
  it('Go: NotifyContext with SIGTERM; Notify(c) with no signal is every signal; a slice variable', () => {
    assert.deepEqual(Object.keys(sites(scan(F.GO_BOTH))), ['SIGINT', 'SIGTERM']);
    assert.deepEqual(Object.keys(sites(scan({ 'go.mod': F.GO_MOD, 'main.go': 'package main\nfunc main() { signal.Notify(c) }\n' }))), ['*']);
    assert.deepEqual(Object.keys(sites(scan({ 'go.mod': F.GO_MOD, 'main.go': 'package main\nvar sigs = []os.Signal{os.Interrupt, syscall.SIGTERM}\nfunc main() { signal.Notify(c, sigs...) }\n' }))), ['SIGINT', 'SIGTERM']);
    assert.equal(scan({ 'go.mod': F.GO_MOD, 'main.go': 'package main\nfunc main() { signal.Notify(c, sigs...) }\n' })!.unresolved.length, 1);
  });
  it('Python: signal.signal(SIGINT) only (a docstring does not count); add_signal_handler over a tuple; SIG_IGN is no handler', () => {
    assert.deepEqual(sites(scan(F.PY_SIGINT)), { SIGINT: ['app.py:5 signal.signal'] });
    assert.deepEqual(Object.keys(sites(scan(F.PY_ASYNCIO))), ['SIGINT', 'SIGTERM']);
    assert.equal(scan(F.PY_ASYNCIO)!.language, 'python');
    assert.deepEqual(Object.keys(sites(scan(F.PY_IGNORE))), ['SIGINT']);
  });
  it('Python: except KeyboardInterrupt is shutdown code on SIGINT; a one-item list of signals', () => {
    assert.deepEqual(sites(scan({ 'requirements.txt': '', 'worker.py': 'def main():\n    try:\n        run()\n    except (KeyboardInterrupt, SystemExit):\n        cleanup()\n' })), { SIGINT: ['worker.py:4 except KeyboardInterrupt'] });
    assert.deepEqual(Object.keys(sites(scan({ 'requirements.txt': '', 'w.py': 'for s in [signal.SIGTERM]:\n    signal.signal(s, h)\n' }))), ['SIGTERM']);
  });
  it('Node: process.on(sig) with the names passed elsewhere in the file', () => {
    const src = "const stop = (sig) => () => server.close();\n['SIGTERM'].forEach((s) => process.on(s, stop(s)));\nprocess.on('SIGINT', stop('SIGINT'));\n";
    assert.deepEqual(Object.keys(sites(scan({ 'package.json': '{}', 'index.js': src }))), ['SIGINT', 'SIGTERM']);
  });
  it('Java: a shutdown hook runs on SIGTERM, SIGINT and SIGHUP', () => {
    const s = scan(F.JAVA_HOOK)!;
    assert.equal(s.language, 'java');
    assert.equal(s.sigtermDefault, 'exits');
    assert.deepEqual(Object.keys(sites(s)), ['SIGHUP', 'SIGINT', 'SIGTERM']);
  });
  it('languages by manifest (priority: Cargo.toml before package.json); none: undefined', () => {
    assert.equal(scan({ 'Cargo.toml': F.CARGO, 'package.json': '{}' })?.language, 'rust');
    assert.equal(scan({ 'api.csproj': '<Project/>' })?.language, 'dotnet');
    assert.equal(scan({ 'Gemfile': '' })?.language, 'ruby');
    assert.equal(scan({ 'README.md': '' }), undefined);
    assert.equal(scanHandlers(path.join(WS, 'ctx'), { readFile: () => undefined }), undefined, 'a reader that cannot list');
  });
  it('skips dependency, build and test folders', () => {
    const s = scan({
      ...F.NODE_SIGINT,
      'node_modules/x/index.js': "process.on('SIGTERM', f)\n",
      'dist/server.js': "process.on('SIGTERM', f)\n",
      'test/a.js': "process.on('SIGTERM', f)\n",
      'src/a.test.js': "process.on('SIGTERM', f)\n",
      'src/b.js': "process.on('SIGHUP', f)\n",
    })!;
    assert.deepEqual(Object.keys(sites(s)), ['SIGHUP', 'SIGINT']);
    assert.equal(s.files, 2);
  });
  it(`stops at ${SCAN_LIMITS.files} files and says so (partial)`, () => {
    const files: F.Files = { 'package.json': '{}' };
    for (let i = 0; i < SCAN_LIMITS.files + 5; i++) files[`src/f${String(i).padStart(4, '0')}.js`] = 'module.exports = 1;\n';
    const s = scan(files)!;
    assert.equal(s.files, SCAN_LIMITS.files);
    assert.equal(s.partial, true);
  });
  it('is cached per reader and context folder; another reader sees changed sources', () => {
    const files = F.under('ctx', F.NODE_SIGINT);
    let reads = 0;
    const base = memoryWorkspace(files);
    const counting: WorkspaceReader = { readFile: (p) => { reads++; return base.readFile(p); }, listDir: (d) => { reads++; return base.listDir!(d); } };
    const a = scan(F.NODE_SIGINT, counting);
    const after = reads;
    assert.ok(after > 0);
    assert.equal(scan(F.NODE_SIGINT, counting), a);
    assert.equal(reads, after, 'no read the second time');
    const changed = scan({ ...F.NODE_SIGINT, 'server.js': F.NODE_SIGINT['server.js'].replace("'SIGINT'", "'SIGTERM'") })!;
    assert.deepEqual(Object.keys(sites(changed)), ['SIGTERM']);
  });
});
