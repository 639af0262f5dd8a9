/**
 * Tiny build contexts, one per handler shape, for scanHandlers, app/sigterm-not-handled and the
 * CLI test. Each is a set of files relative to the context folder.
 */
export type Files = Record<string, string>;

export const CARGO = '[package]\nname = "bot"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ntokio = { version = "1", features = ["full"] }\n';

/** tokio ctrl_c() only (SIGINT), on line 6 of src/main.rs. */
export const RUST_CTRL_C: Files = {
  'Cargo.toml': CARGO,
  'src/main.rs': [
    'use tokio::signal;',
    '',
    '#[tokio::main]',
    'async fn main() {',
    '    let server = tokio::spawn(run());',
    '    signal::ctrl_c().await.unwrap();',
    '    // tokio::signal::unix::signal(SignalKind::terminate()) would go here',
    '    server.abort();',
    '}',
    '',
    'async fn run() {}',
    '',
  ].join('\n'),
};

/** ctrl_c() and SignalKind::terminate(): both handled. */
export const RUST_BOTH: Files = {
  'Cargo.toml': CARGO,
  'src/main.rs': [
    'use tokio::signal::unix::{signal, SignalKind};',
    '',
    '#[tokio::main]',
    'async fn main() {',
    '    let mut term = signal(SignalKind::terminate()).unwrap();',
    '    tokio::select! {',
    '        _ = tokio::signal::ctrl_c() => {}',
    '        _ = term.recv() => {}',
    '    }',
    '}',
    '',
  ].join('\n'),
};

/** No handler: sleeps forever in place of a signal wait (line 4). */
export const RUST_FOREVER: Files = {
  'Cargo.toml': CARGO,
  'src/main.rs': [
    '#[tokio::main]',
    'async fn main() {',
    '    tokio::spawn(async { loop { tick().await } });',
    '    tokio::time::sleep(std::time::Duration::MAX).await;',
    '}',
    '',
    'async fn tick() {}',
    '',
  ].join('\n'),
};

/** ctrlc crate: SIGINT only without its termination feature. */
export const RUST_CTRLC: Files = {
  'Cargo.toml': '[package]\nname = "w"\nversion = "0.1.0"\n\n[dependencies]\nctrlc = "3.4"\n',
  'src/main.rs': 'fn main() {\n    ctrlc::set_handler(move || std::process::exit(0)).expect("handler");\n    loop { std::thread::park(); }\n}\n',
};

/** ctrlc crate with the termination feature: SIGINT, SIGTERM and SIGHUP. */
export const RUST_CTRLC_TERMINATION: Files = {
  ...RUST_CTRLC,
  'Cargo.toml': '[package]\nname = "w"\nversion = "0.1.0"\n\n[dependencies]\nctrlc = { version = "3.4", features = ["termination"] }\n',
};

/** signal-hook with SIGTERM and SIGINT. */
export const RUST_SIGNAL_HOOK: Files = {
  'Cargo.toml': '[package]\nname = "h"\nversion = "0.1.0"\n\n[dependencies]\nsignal-hook = "0.3"\n',
  'src/main.rs': 'use signal_hook::{consts::{SIGINT, SIGTERM}, iterator::Signals};\n\nfn main() {\n    let mut signals = Signals::new([SIGINT, SIGTERM]).unwrap();\n    for _ in signals.forever() { break; }\n}\n',
};

/** A commented-out handler and a string that mentions one: neither counts. */
export const RUST_COMMENTED: Files = {
  'Cargo.toml': CARGO,
  'src/main.rs': '/* signal(SignalKind::terminate()) */\nfn main() {\n    // tokio::signal::ctrl_c().await;\n    println!("press ctrl_c() to stop");\n}\n',
};

export const PACKAGE_JSON = '{\n  "name": "api",\n  "version": "1.0.0",\n  "main": "server.js"\n}\n';

/** process.on('SIGINT') only (line 3 of server.js). */
export const NODE_SIGINT: Files = {
  'package.json': PACKAGE_JSON,
  'server.js': "const http = require('http');\nconst server = http.createServer((q, r) => r.end('ok')).listen(3000);\nprocess.on('SIGINT', () => server.close(() => process.exit(0)));\n",
};

/** process.once('SIGTERM'): handled. */
export const NODE_SIGTERM: Files = {
  'package.json': PACKAGE_JSON,
  'server.js': "const server = require('http').createServer().listen(3000);\nprocess.once(\"SIGTERM\", () => server.close());\n",
};

/** A list of signals registered in a loop: both handled. */
export const NODE_LOOP: Files = {
  'package.json': PACKAGE_JSON,
  'server.js': "const server = require('http').createServer().listen(3000);\nfor (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close());\n",
};

/** A registration whose signal the scan cannot read: it cannot tell. */
export const NODE_UNRESOLVED: Files = {
  'package.json': PACKAGE_JSON,
  'server.js': "const server = require('http').createServer().listen(3000);\nprocess.on('SIGINT', stop);\nprocess.on(process.env.STOP_SIGNAL, stop);\nfunction stop() { server.close(); }\n",
};

export const GO_MOD = 'module example.com/svc\n\ngo 1.22\n';

/** signal.Notify(c, os.Interrupt) only (line 10 of main.go). */
export const GO_INTERRUPT: Files = {
  'go.mod': GO_MOD,
  'main.go': [
    'package main',
    '',
    'import (',
    '\t"os"',
    '\t"os/signal"',
    ')',
    '',
    'func main() {',
    '\tc := make(chan os.Signal, 1)',
    '\tsignal.Notify(c, os.Interrupt)',
    '\t<-c',
    '\tshutdown()',
    '}',
    '',
    'func shutdown() {}',
    '',
  ].join('\n'),
  'main_test.go': 'package main\n\nimport "os/signal"\n\nfunc init() { signal.Notify(nil, syscall.SIGTERM) }\n',
};

/** signal.NotifyContext with os.Interrupt and syscall.SIGTERM: handled. */
export const GO_BOTH: Files = {
  'go.mod': GO_MOD,
  'main.go': 'package main\n\nimport (\n\t"context"\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\n\tdefer stop()\n\t<-ctx.Done()\n}\n',
};

/** signal.signal(SIGINT) only (line 5 of app.py); a docstring that shows SIGTERM does not count. */
export const PY_SIGINT: Files = {
  'requirements.txt': 'requests\n',
  'app.py': [
    'import signal',
    '',
    'def main():',
    '    """Stops on signal.signal(signal.SIGTERM, stop) — not really."""',
    '    signal.signal(signal.SIGINT, stop)',
    '    serve()',
    '',
    'def stop(signum, frame):',
    '    raise SystemExit(0)',
    '',
    'def serve(): pass',
    '',
  ].join('\n'),
};

/** asyncio: loop.add_signal_handler for a tuple of signals. */
export const PY_ASYNCIO: Files = {
  'pyproject.toml': '[project]\nname = "w"\n',
  'w/main.py': 'import asyncio, signal\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    stop = asyncio.Event()\n    for sig in (signal.SIGINT, signal.SIGTERM):\n        loop.add_signal_handler(sig, stop.set)\n    await stop.wait()\n',
};

/** SIG_IGN is not a handler. */
export const PY_IGNORE: Files = {
  'requirements.txt': '',
  'app.py': 'import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.signal(signal.SIGINT, lambda s, f: None)\n',
};

/** Java: a shutdown hook (the JVM runs it on SIGTERM, SIGINT and SIGHUP). */
export const JAVA_HOOK: Files = {
  'pom.xml': '<project/>\n',
  'src/main/java/App.java': 'public class App {\n  public static void main(String[] a) {\n    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));\n  }\n}\n',
};

/** Prefix every path with `dir/`. */
export function under(dir: string, files: Files): Files {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${dir}/${k}`, v]));
}
