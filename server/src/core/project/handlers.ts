/**
 * What the program in a build context does with signals, read from its sources: the language
 * (Cargo.toml, package.json, go.mod, pyproject.toml/requirements.txt, pom.xml…) and the signal
 * handlers it installs. Used by `app/sigterm-not-handled`, PID 1 knowledge and the signal path.
 *
 * Honest by construction: regexes run over comment-stripped source only, and only shapes whose
 * meaning is documented are counted (tokio `ctrl_c()` is SIGINT only; the `ctrlc` crate handles
 * SIGINT, plus SIGTERM and SIGHUP with its `termination` feature, docs.rs/ctrlc; Go's
 * `signal.Notify(c, os.Interrupt)` is SIGINT only…). A handler installed by a dependency is not
 * seen: `handles` lists what the program's own code installs, nothing more.
 */
import * as path from 'node:path';
import type { WorkspaceReader } from '../types';

export interface SourceSite {
  /** Absolute path of the source file. */
  path: string;
  /** 0-based line. */
  line: number;
  /** The source line, trimmed (for messages and the signal path). */
  text: string;
}

/** A handler site: where, and with what API (`tokio::signal::ctrl_c`, `process.on`, `signal.Notify`…). */
export interface HandlerSite extends SourceSite { api: string }

export interface HandlerScan {
  /** `rust`, `node`, `python`, `go`, `java`, `dotnet`, `ruby`, `elixir`… */
  language: string;
  /** Signals the program's own code handles (`SIGTERM`, `SIGINT`, `SIGHUP`, `SIGQUIT`…), each with where. `*`: every signal (Go `signal.Notify(c)`). */
  handles: Map<string, HandlerSite[]>;
  /**
   * What the runtime does with SIGTERM when the code installs no handler for it (RUNTIMES.md
   * "Programs as PID 1"): `exits` (Go, the JVM, .NET, Ruby, BEAM: the runtime ends the process,
   * also as PID 1), `ignored-as-pid1` (a native program, Node, Python: the default action ends
   * the process, but PID 1 drops a signal without a handler), or undefined when unknown.
   */
  sigtermDefault?: 'exits' | 'ignored-as-pid1';
  /** Anti-patterns found (`tokio::time::sleep(Duration::MAX)` in place of a signal wait…), with where. */
  antiPatterns: (SourceSite & { what: string })[];
  /** True when the scan stopped at its size cap: an absent handler may be in the files not read. */
  partial: boolean;
  /** The file that told the language (Cargo.toml, go.mod…), absolute. */
  manifest: string;
  /** Source files read and their total size (characters). */
  files: number;
  bytes: number;
  /**
   * Registrations whose signals the scan cannot read (`process.on(sig, …)` with no list of signal
   * names in the file, `signal.Notify(c, sigs...)`), with where: the program may handle more than `handles` says.
   */
  unresolved: HandlerSite[];
  /** The Rust `ctrlc` crate is a dependency with its `termination` feature (its handler also runs on SIGTERM and SIGHUP). */
  ctrlcTermination?: boolean;
}

/** Limits of one scan: files read, characters read, folders entered, depth. */
export const SCAN_LIMITS = { files: 400, bytes: 4 * 1024 * 1024, dirs: 400, depth: 8 };

interface LanguageSpec {
  language: string;
  /** Manifest names in the context's root (a string: exact name; a RegExp: pattern). */
  manifests: (string | RegExp)[];
  /** Source file extensions; empty: the language is recognised, its sources are not read. */
  ext: string[];
  sigtermDefault: HandlerScan['sigtermDefault'];
  /** Test/generated files skipped by name. */
  skipFile?: RegExp;
}

/** In priority order: a Rust or Go project with a package.json for its web assets is Rust or Go. */
const LANGUAGES: LanguageSpec[] = [
  { language: 'rust', manifests: ['Cargo.toml'], ext: ['.rs'], sigtermDefault: 'ignored-as-pid1' },
  { language: 'go', manifests: ['go.mod'], ext: ['.go'], sigtermDefault: 'exits', skipFile: /_test\.go$/ },
  { language: 'java', manifests: ['pom.xml', 'build.gradle', 'build.gradle.kts'], ext: ['.java', '.kt'], sigtermDefault: 'exits' },
  { language: 'dotnet', manifests: [/\.(cs|fs|vb)proj$/, /\.sln$/], ext: [], sigtermDefault: 'exits' },
  { language: 'python', manifests: ['pyproject.toml', 'requirements.txt', 'setup.py', 'Pipfile'], ext: ['.py'], sigtermDefault: 'ignored-as-pid1', skipFile: /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/ },
  { language: 'node', manifests: ['package.json'], ext: ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'], sigtermDefault: 'ignored-as-pid1', skipFile: /\.(test|spec)\.[cm]?[jt]s$|\.d\.[cm]?ts$|\.min\.js$/ },
  { language: 'ruby', manifests: ['Gemfile'], ext: [], sigtermDefault: 'exits' },
  { language: 'elixir', manifests: ['mix.exs'], ext: [], sigtermDefault: 'exits' },
];

/** Folders never entered: dependencies, build output, VCS, tests. */
export const SCAN_SKIP_DIRS = new Set(['node_modules', 'target', 'vendor', '.git', '.hg', '.svn', 'dist', 'build', 'out', '__pycache__',
  '.venv', 'venv', 'env', '.tox', '.mypy_cache', '.pytest_cache', 'tests', 'test', '__tests__', 'spec', 'testdata', 'benches', 'examples',
  'coverage', '.next', '.nuxt', 'bower_components', 'site-packages', '.cargo', 'docs', 'fixtures']);

// ---------------------------------------------------------------------------------------------
// Caches: per file text (the regex work), per reader and context folder (one check asks many times)

interface FileFacts {
  handles: { signal: string; line: number; api: string }[];
  anti: { line: number; what: string }[];
  unresolved: { line: number; api: string }[];
}

const factsCache = new Map<string, FileFacts>();
let factsCacheChars = 0;
const scanCache = new WeakMap<WorkspaceReader, Map<string, HandlerScan | undefined>>();

/** Scans the build context at `contextDir`; undefined when no language is recognised or the reader cannot list folders. */
export function scanHandlers(contextDir: string, reader: WorkspaceReader): HandlerScan | undefined {
  if (!reader.listDir) return undefined;
  const dir = path.resolve(contextDir);
  let perReader = scanCache.get(reader);
  if (!perReader) scanCache.set(reader, (perReader = new Map()));
  if (perReader.has(dir)) return perReader.get(dir);
  const scan = computeScan(dir, reader);
  perReader.set(dir, scan);
  return scan;
}

function computeScan(dir: string, reader: WorkspaceReader): HandlerScan | undefined {
  const root = reader.listDir!(dir);
  if (!root) return undefined;
  const names = new Set(root);
  let spec: LanguageSpec | undefined, manifest: string | undefined;
  for (const l of LANGUAGES) {
    const m = root.find((n) => l.manifests.some((x) => (typeof x === 'string' ? n === x : x.test(n))));
    if (m) { spec = l; manifest = m; break; }
  }
  if (!spec || !manifest) return undefined;
  const scan: HandlerScan = {
    language: spec.language, handles: new Map(), sigtermDefault: spec.sigtermDefault, antiPatterns: [], partial: false,
    manifest: path.join(dir, manifest), files: 0, bytes: 0, unresolved: [],
  };
  if (!spec.ext.length) return scan;
  if (spec.language === 'rust') {
    const cargo = reader.readFile(path.join(dir, 'Cargo.toml'));
    if (cargo !== undefined && ctrlcTermination(cargo)) scan.ctrlcTermination = true;
  }
  // Breadth-first walk, sorted names: the same files in the same order every time.
  const queue: { dir: string; depth: number; entries?: string[] }[] = [{ dir, depth: 0, entries: [...names].sort() }];
  let dirs = 0;
  const files: string[] = [];
  while (queue.length) {
    const cur = queue.shift()!;
    const entries = cur.entries ?? reader.listDir!(cur.dir)?.slice().sort();
    if (!entries) continue;
    for (const e of entries) {
      if (e.endsWith('/')) {
        const name = e.slice(0, -1);
        if (SCAN_SKIP_DIRS.has(name) || name.startsWith('.')) continue;
        if (cur.depth + 1 > SCAN_LIMITS.depth || ++dirs > SCAN_LIMITS.dirs) { scan.partial = true; continue; }
        queue.push({ dir: path.join(cur.dir, name), depth: cur.depth + 1 });
        continue;
      }
      if (!spec.ext.some((x) => e.endsWith(x))) continue;
      const abs = path.join(cur.dir, e);
      if (spec.skipFile?.test(abs.split(path.sep).join('/'))) continue;
      if (spec.language === 'rust' && e === 'Cargo.toml') continue;
      files.push(abs);
    }
    // A workspace member's Cargo.toml may turn the ctrlc feature on.
    if (spec.language === 'rust' && cur.depth > 0 && entries.includes('Cargo.toml') && !scan.ctrlcTermination) {
      const t = reader.readFile(path.join(cur.dir, 'Cargo.toml'));
      if (t !== undefined && ctrlcTermination(t)) scan.ctrlcTermination = true;
    }
  }
  for (const f of files) {
    if (scan.files >= SCAN_LIMITS.files || scan.bytes >= SCAN_LIMITS.bytes) { scan.partial = true; break; }
    const text = reader.readFile(f);
    if (text === undefined) continue;
    scan.files++;
    scan.bytes += text.length;
    const facts = factsOf(spec.language, text);
    if (!facts.handles.length && !facts.anti.length && !facts.unresolved.length) continue;
    const lines = text.split(/\r\n|\r|\n/);
    const site = (line: number) => ({ path: f, line, text: (lines[line] ?? '').trim().slice(0, 200) });
    for (const h of facts.handles) {
      const signals = h.api === 'ctrlc::set_handler' && scan.ctrlcTermination ? ['SIGINT', 'SIGTERM', 'SIGHUP'] : [h.signal];
      for (const s of signals) {
        const list = scan.handles.get(s) ?? [];
        list.push({ ...site(h.line), api: h.api });
        scan.handles.set(s, list);
      }
    }
    for (const a of facts.anti) scan.antiPatterns.push({ ...site(a.line), what: a.what });
    for (const u of facts.unresolved) scan.unresolved.push({ ...site(u.line), api: u.api });
  }
  return scan;
}

/** Cargo.toml names the `ctrlc` crate with its `termination` feature (inline table or `[dependencies.ctrlc]`). */
export function ctrlcTermination(cargo: string): boolean {
  const t = stripHash(cargo);
  if (/^\s*ctrlc\s*=\s*\{[^}]*features\s*=\s*\[[^\]]*["']termination["']/m.test(t)) return true;
  const sec = /^\s*\[(?:target\.[^\]]*\.)?(?:dev-|build-)?dependencies\.ctrlc\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(t);
  return !!sec && !/dev-|build-/.test(sec[0].slice(0, sec[0].indexOf(']'))) && /features\s*=\s*\[[^\]]*["']termination["']/.test(sec[1]);
}

function factsOf(language: string, text: string): FileFacts {
  const key = `${language}\0${text}`;
  const hit = factsCache.get(key);
  if (hit) return hit;
  const facts = computeFacts(language, text);
  if (factsCacheChars > 32 * 1024 * 1024 || factsCache.size > 20000) { factsCache.clear(); factsCacheChars = 0; }
  factsCache.set(key, facts);
  factsCacheChars += key.length;
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Comments out (offsets and lines kept)

/**
 * C-like sources (Rust, Go, JS/TS, Java/Kotlin): comments become spaces. String contents are kept
 * where signal names are written as strings (`process.on('SIGTERM')`, Java `new Signal("TERM")`),
 * else blanked too (a log message that says `ctrl_c()` is no handler).
 */
export function stripCComments(src: string, language: string): string {
  const keepStrings = language === 'node' || language === 'java';
  const out = src.split('');
  const n = src.length;
  let i = 0;
  const blank = (a: number, b: number) => { for (let k = a; k < b; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' '; };
  while (i < n) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      let j = i;
      while (j < n && src[j] !== '\n') j++;
      blank(i, j); i = j; continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      // Rust block comments nest.
      let depth = 1, j = i + 2;
      while (j < n && depth) {
        if (language === 'rust' && src[j] === '/' && src[j + 1] === '*') { depth++; j += 2; continue; }
        if (src[j] === '*' && src[j + 1] === '/') { depth--; j += 2; continue; }
        j++;
      }
      blank(i, j); i = j; continue;
    }
    if (c === '"' || (c === '`' && (language === 'node' || language === 'go')) || (c === "'" && language !== 'rust')) {
      let j = i + 1;
      while (j < n && src[j] !== c) { if (src[j] === '\\' && c !== '`') j++; else if (src[j] === '\n' && c !== '`') break; j++; }
      if (!keepStrings) blank(i + 1, Math.min(j, n));
      i = j + 1; continue;
    }
    if (c === "'" && language === 'rust') {
      // A char literal ('x', '\n', '\u{1F600}'), else a lifetime ('a).
      const m = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/.exec(src.slice(i, i + 12));
      i += m ? m[0].length : 1; continue;
    }
    if (c === 'r' && language === 'rust' && /^r#*"/.test(src.slice(i, i + 8)) && !/[\w]/.test(src[i - 1] ?? '')) {
      const hashes = /^r(#*)"/.exec(src.slice(i, i + 8))![1];
      const end = src.indexOf(`"${hashes}`, i + 2 + hashes.length);
      blank(i + 2 + hashes.length, end < 0 ? n : end);
      i = end < 0 ? n : end + 1 + hashes.length; continue;
    }
    i++;
  }
  return out.join('');
}

/** Python: `#` comments and strings (docstrings included) become spaces; the quotes are kept. */
export function stripPythonComments(src: string): string {
  const out = src.split('');
  const n = src.length;
  let i = 0;
  const blank = (a: number, b: number) => { for (let k = a; k < b; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' '; };
  while (i < n) {
    const c = src[i];
    if (c === '#') { let j = i; while (j < n && src[j] !== '\n') j++; blank(i, j); i = j; continue; }
    if ((c === '"' || c === "'") && src[i + 1] === c && src[i + 2] === c) {
      const end = src.indexOf(c.repeat(3), i + 3);
      const j = end < 0 ? n : end + 3;
      blank(i, j); i = j; continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') { if (src[j] === '\\') j++; j++; }
      blank(i + 1, Math.min(j, n));
      i = j + 1; continue;
    }
    i++;
  }
  return out.join('');
}

function stripHash(s: string): string {
  return s.split('\n').map((l) => l.replace(/(^|\s)#.*$/, '$1')).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Shapes per language

const SIGNAL_NAME = /\bSIG(TERM|INT|HUP|QUIT|USR1|USR2|WINCH|PWR|ABRT|ALRM|CHLD|CONT|TSTP|TTIN|TTOU)\b/g;

/** Text of a call's arguments starting at `open` (the index of `(`), up to its closing paren (bounded). */
function callArgs(s: string, open: number, max = 600): string {
  let depth = 0;
  for (let i = open; i < s.length && i < open + max; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') { depth--; if (depth === 0) return s.slice(open + 1, i); }
  }
  return s.slice(open + 1, Math.min(s.length, open + max));
}

function lineStarts(s: string): number[] {
  const out = [0];
  for (let i = 0; i < s.length; i++) if (s[i] === '\n') out.push(i + 1);
  return out;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) { const m = (lo + hi + 1) >> 1; if (starts[m] <= offset) lo = m; else hi = m - 1; }
  return lo;
}

/** Signal names written in list/tuple/array literals of the text (`[SIGINT, SIGTERM]`, `('SIGINT', 'SIGTERM')`, `(signal.SIGINT, signal.SIGTERM)`), with offsets. */
function listedSignals(s: string): { signal: string; at: number }[] {
  const out: { signal: string; at: number }[] = [];
  const item = `(?:[\\w.:]*\\.|[\\w:]*::|['"\`])?SIG[A-Z0-9]+['"\`]?`;
  const re = new RegExp(`[[({]\\s*${item}(?:\\s*,\\s*${item})*\\s*,?\\s*[)\\]}]`, 'g');
  for (let m; (m = re.exec(s));) {
    for (const x of m[0].matchAll(SIGNAL_NAME)) out.push({ signal: `SIG${x[1]}`, at: m.index + x.index! });
  }
  return out;
}

function computeFacts(language: string, raw: string): FileFacts {
  const facts: FileFacts = { handles: [], anti: [], unresolved: [] };
  // Cheap exit: no word that any shape needs.
  if (!/signal|Signal|ctrl_c|ctrlc|set_handler|process|Duration::MAX|pending|addShutdownHook|HttpServer|SIG|KeyboardInterrupt/.test(raw)) return facts;
  const s = language === 'python' ? stripPythonComments(raw) : stripCComments(raw, language);
  const starts = lineStarts(s);
  const at = (i: number) => lineOf(starts, i);
  const add = (signal: string, i: number, api: string) => facts.handles.push({ signal, line: at(i), api });
  const ignoredDisposition = (args: string) => /\bSIG_(IGN|DFL)\b|SigIgn|SigDfl|SigHandler::SigIgn/.test(args);

  if (language === 'rust') {
    for (const m of s.matchAll(/\bctrl_c\s*\(\s*\)/g)) add('SIGINT', m.index!, 'tokio::signal::ctrl_c');
    const kinds: Record<string, string> = { terminate: 'SIGTERM', interrupt: 'SIGINT', hangup: 'SIGHUP', quit: 'SIGQUIT', user_defined1: 'SIGUSR1', user_defined2: 'SIGUSR2', window_change: 'SIGWINCH' };
    for (const m of s.matchAll(/\bSignalKind::(terminate|interrupt|hangup|quit|user_defined1|user_defined2|window_change)\s*\(\s*\)/g)) add(kinds[m[1]], m.index!, `SignalKind::${m[1]}`);
    for (const m of s.matchAll(/\bSignalKind::from_raw\s*\(\s*(?:libc::|nix::libc::)?(SIG[A-Z0-9]+|15|2|1|3)\s*\)/g)) add(({ 15: 'SIGTERM', 2: 'SIGINT', 1: 'SIGHUP', 3: 'SIGQUIT' } as Record<string, string>)[m[1]] ?? m[1], m.index!, 'SignalKind::from_raw');
    for (const m of s.matchAll(/\b(?:ctrlc::)?(?:try_)?set_handler\s*\(/g)) {
      if (!/\bctrlc\b/.test(s)) break;
      add('SIGINT', m.index!, 'ctrlc::set_handler');
    }
    // signal-hook: Signals::new([...]), flag::register(SIGTERM, …), low_level::register(…).
    for (const m of s.matchAll(/\b(Signals::new|(?:flag|low_level)::register\w*|register_signal_unchecked|register_sigaction)\s*\(/g)) {
      const args = callArgs(s, m.index! + m[0].length - 1);
      const names = [...args.matchAll(SIGNAL_NAME)].map((x) => `SIG${x[1]}`);
      if (/\bTERM_SIGNALS\b/.test(args)) names.push('SIGTERM', 'SIGQUIT', 'SIGINT');
      if (names.length) for (const n of new Set(names)) add(n, m.index!, `signal_hook ${m[1]}`);
      else facts.unresolved.push({ line: at(m.index!), api: `signal_hook ${m[1]}` });
    }
    // nix / libc: signal(SIGTERM, h), sigaction(Signal::SIGTERM, &a) — not SIG_IGN/SIG_DFL.
    for (const m of s.matchAll(/\b(?:signal|sigaction)\s*\(\s*(?:[\w:]*::)?SIG([A-Z0-9]+)\s*,/g)) {
      const args = callArgs(s, s.indexOf('(', m.index!));
      if (!ignoredDisposition(args)) add(`SIG${m[1]}`, m.index!, 'signal/sigaction');
    }
    // actix-web's HttpServer handles SIGINT, SIGTERM and SIGQUIT itself unless `.disable_signals()`
    // (docs.rs actix_server::Server, "Shutdown Signals"; actix.rs docs/server "Graceful shutdown").
    if (!/\.disable_signals\s*\(/.test(s)) {
      const hs = /\bHttpServer::new\s*\(/.exec(s);
      if (hs) for (const sig of ['SIGINT', 'SIGTERM', 'SIGQUIT']) add(sig, hs.index, 'actix-web HttpServer');
    }
    for (const m of s.matchAll(/\b(?:tokio::time::|time::|std::thread::|thread::)?sleep\s*\(\s*(?:std::time::|tokio::time::|time::)?Duration::MAX\s*\)/g)) facts.anti.push({ line: at(m.index!), what: 'sleep(Duration::MAX)' });
    for (const m of s.matchAll(/\b(?:std::future::|future::|futures::future::)?pending\s*(?:::<[^>]*>)?\s*\(\s*\)\s*\.await/g)) facts.anti.push({ line: at(m.index!), what: 'pending().await' });
  } else if (language === 'node') {
    let variable = false;
    for (const m of s.matchAll(/\bprocess\s*\.\s*(on|once|addListener|prependListener|prependOnceListener)\s*\(\s*(?:(['"`])(SIG[A-Z0-9]+)\2|([A-Za-z_$][\w$.]*)\s*,)/g)) {
      if (m[3]) add(m[3], m.index!, `process.${m[1]}`);
      else { variable = true; facts.unresolved.push({ line: at(m.index!), api: `process.${m[1]}` }); }
    }
    // `process.on(sig, …)`: the signal names written as strings in the file (a list, a helper's argument).
    // A name that is only sent (`process.kill(pid, 'SIGTERM')`) is counted too: the rule then says nothing, never too much.
    if (variable) for (const x of s.matchAll(/(['"`])(SIG[A-Z0-9]+)\1/g)) add(x[2], x.index!, 'process.on (a signal name in the file)');
  } else if (language === 'python') {
    let variable = false;
    for (const m of s.matchAll(/\b(signal\.signal|signal|add_signal_handler)\s*\(\s*(?:(?:signal\.)?(?:Signals\.)?(SIG[A-Z0-9]+)\s*,|([A-Za-z_][\w.]*)\s*,)/g)) {
      // `obj.signal(…)` is some other method; `signal(SIGTERM, h)` after `from signal import signal` is the same call.
      if (m[1] === 'signal' && s[m.index! - 1] === '.') continue;
      const api = m[1] === 'add_signal_handler' ? 'loop.add_signal_handler' : 'signal.signal';
      const args = callArgs(s, s.indexOf('(', m.index!));
      if (ignoredDisposition(args)) continue;
      if (m[2]) add(m[2], m.index!, api);
      else { variable = true; facts.unresolved.push({ line: at(m.index!), api }); }
    }
    if (variable) for (const x of listedSignals(s)) add(x.signal, x.at, 'signal handler (a list of signals)');
    // CPython's SIGINT handler raises KeyboardInterrupt: code that catches it runs its shutdown on SIGINT.
    for (const m of s.matchAll(/\bexcept\s*\(?[\w.\s,]*\bKeyboardInterrupt\b/g)) add('SIGINT', m.index!, 'except KeyboardInterrupt');
  } else if (language === 'go') {
    for (const m of s.matchAll(/\bsignal\.(Notify|NotifyContext)\s*\(/g)) {
      const args = callArgs(s, m.index! + m[0].length - 1);
      const parts = splitTop(args);
      const sigs = parts.slice(1);
      const api = `signal.${m[1]}`;
      if (!sigs.length) { add('*', m.index!, api); continue; }
      let unknown = false;
      for (const p of sigs) {
        const t = p.trim();
        if (/^os\.Interrupt$|^(syscall|unix)\.SIGINT$/.test(t)) add('SIGINT', m.index!, api);
        else if (/^os\.Kill$|^(syscall|unix)\.SIGKILL$/.test(t)) continue;
        else if (/^(syscall|unix)\.SIG[A-Z0-9]+$/.test(t)) add(t.replace(/^\w+\./, ''), m.index!, api);
        else unknown = true;
      }
      if (unknown) {
        // `signal.Notify(c, sigs...)` with `sigs := []os.Signal{syscall.SIGTERM, os.Interrupt}` in the file.
        const lists = [...s.matchAll(/\[\]os\.Signal\s*\{([^}]*)\}/g)];
        for (const l of lists) {
          for (const p of splitTop(l[1])) {
            const t = p.trim();
            if (/^os\.Interrupt$/.test(t)) add('SIGINT', l.index!, api);
            else if (/^(syscall|unix)\.SIG[A-Z0-9]+$/.test(t) && !/KILL$/.test(t)) add(t.replace(/^\w+\./, ''), l.index!, api);
          }
        }
        if (!lists.length) facts.unresolved.push({ line: at(m.index!), api });
      }
    }
  } else if (language === 'java') {
    for (const m of s.matchAll(/\.addShutdownHook\s*\(/g)) for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) add(sig, m.index!, 'Runtime.addShutdownHook');
    for (const m of s.matchAll(/\bSignal\.handle\s*\(\s*new\s+(?:sun\.misc\.)?Signal\s*\(\s*"([A-Z0-9]+)"/g)) add(`SIG${m[1]}`, m.index!, 'sun.misc.Signal.handle');
  }
  return facts;
}

/** Splits call arguments at top-level commas. */
function splitTop(args: string): string[] {
  const out: string[] = [];
  let depth = 0, cur = '';
  for (const c of args) {
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out.filter((x) => x.trim());
}

/** Clears the caches (tests). */
export function clearHandlerCaches(): void {
  factsCache.clear();
  factsCacheChars = 0;
}

/**
 * The scan of the build context at `contextDir` when the reader can list folders (else undefined):
 * what PID 1 knowledge reads for a built image, the same for a compose service and its Dockerfile.
 */
export function contextScan(contextDir: string, reader: WorkspaceReader | undefined): HandlerScan | undefined {
  return reader?.listDir ? scanHandlers(contextDir, reader) : undefined;
}
