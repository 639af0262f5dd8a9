/**
 * A small POSIX-shell analyzer with source offsets for the shell-pid1 and shell-form rules, plus
 * argv[0] helpers for missing-init. Hand-written because shell-quote & co. give no offsets. It never
 * throws and stays linear-ish (it runs on every keystroke): what it cannot parse is 'unparseable'.
 * Decisions (each has a test in test/unit/shell.test.ts):
 * - Leading assignments stay first: `FOO=1 node app` → `FOO=1 exec node app`. Assignments before
 *   the special built-in `exec` apply to the shell and dash and bash both export them to the program;
 *   `exec FOO=1 node` would try to run a program named `FOO=1`.
 * - execsLast is true when every way through the script's last and-or list ends in a simple command
 *   starting with `exec` in the shell itself: `a && exec b`, `{ a; exec b; }`, `if x; then exec a;
 *   else exec b; fi`, a `case` whose non-empty items all exec. Never inside a pipeline, a background
 *   job, a `( )` subshell or a function body.
 * - `&>` is read as bash's redirection, but a last command using it gets no fix ('background'):
 *   dash reads `a &>f` as `a &` then `>f`. `[[ … ]]` is one (builtin) command; `a=(…)` one word.
 * - `words`: quotes removed, expansions kept as written, assignments included, redirections left
 *   out. Commands inside `$(…)` or backticks are not listed.
 * - needsShell also covers what breaks a plain argv without such syntax: a leading `VAR=value`, a
 *   first word that is a shell-only builtin (`exec`, `cd`, `export`, …), unquoted `[` and backslashes.
 *   Single quotes are literal ('$x' needs no shell); double quotes with `$`, a backtick or `\` do.
 */
export interface SimpleCommand { start: number; end: number; words: string[] }
export interface ScriptAnalysis {
  commands: SimpleCommand[];
  /** the last simple command already starts with `exec` (after any VAR=value), on every path: see above */
  execsLast: boolean;
  /** the script sets a `trap` for TERM or INT (by name, SIGTERM/SIGINT, or number 15/2) */
  trapsSignals: boolean;
  /** offset where `exec ` must be inserted so the last simple command replaces the shell */
  execInsertOffset?: number;
  /** 'pipeline' | 'background' | 'compound' | 'trap' | 'exec' | 'empty' | 'unparseable' | 'builtin' */
  noFixReason?: string;
  /** the text uses shell syntax (or a shell-only construct): it cannot be run as a plain argv */
  needsShell: boolean;
}

interface Tok { k: 'w' | 'op' | 'nl' | 'io'; s: number; e: number; raw: string; v: string }
interface Cmd extends SimpleCommand { nameIdx: number; nameAt: number; amp: boolean }
interface Node { compound: boolean; cmd?: Cmd; execs: boolean; tree: ShCommand } // execs: every way through it ends in `exec`
interface Last extends Node { pipe: number; bang: boolean; bg: boolean; andOr: ShAndOr }

/**
 * The syntax tree of a whole script (`parseShell`), for analyses that follow every way through a
 * file (an entrypoint script). Offsets are the script's. A simple command's `nameIdx` is the index
 * of its first word that is not a `VAR=value` assignment (-1 when there is none), `nameAt` where
 * that word starts (where `exec ` goes), `amp` a `&>` redirection.
 */
export type ShCommand =
  | { t: 'simple'; start: number; end: number; cmd: ShSimple }
  | { t: 'group' | 'subshell'; start: number; end: number; body: ShList }
  | { t: 'if'; start: number; end: number; conds: ShList[]; bodies: ShList[]; hasElse: boolean }
  | { t: 'loop'; start: number; end: number; cond?: ShList; body: ShList }
  | { t: 'case'; start: number; end: number; items: ShList[] }
  | { t: 'func'; start: number; end: number; name: string; body: ShCommand }
  | { t: 'test'; start: number; end: number; cmd: ShSimple };
export interface ShSimple extends SimpleCommand { nameIdx: number; nameAt: number; amp: boolean }
export interface ShPipeline { cmds: ShCommand[]; bang: boolean }
/** An and-or list: `ops[i]` joins `pipelines[i]` and `pipelines[i + 1]`; `bg`: it ends with `&`. */
export interface ShAndOr { pipelines: ShPipeline[]; ops: ('&&' | '||')[]; bg: boolean; start: number; end: number }
export type ShList = ShAndOr[];
/** The and-or list `l` (the last of its list) replaces the shell. */
const ex = (l: Last | undefined): boolean => !!l && !l.bg && l.pipe === 1 && !l.bang && l.execs;

const OPS = ['&>>', '<<-', '<<<', ';;&', '&&', '||', ';;', ';&', '|&', '&>', '<<', '>>', '<&', '>&', '<>', '>|',
  ';', '&', '|', '(', ')', '<', '>'];
const REDIR = new Set(['<', '>', '>>', '<&', '>&', '<>', '>|', '&>', '&>>', '<<', '<<-', '<<<']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for',
  'select', 'function', 'time', 'coproc', '!', '{', '}', '[[', ']]']);
/** Builtins with no same-named executable in common images: as a first word they need a shell. */
const SHELL_ONLY = new Set(['exec', 'cd', 'export', 'exit', 'set', 'unset', 'shift', 'return', 'break', 'continue',
  'eval', 'source', '.', 'readonly', 'trap', 'ulimit', 'umask', 'alias', 'unalias', 'read', 'local', 'declare',
  'typeset', ':', 'wait', 'let', 'shopt', 'builtin', 'hash', 'type', 'jobs', 'fg', 'bg', 'times', 'getopts', 'command']);
/** Builtins that end a script: `exec` before them is pointless or impossible. `sleep` is not one. */
const BUILTINS = new Set([...SHELL_ONLY, 'true', 'false', 'echo', 'printf', 'test', '[', '[[', 'time', 'pwd']);
const ASSIGN = /^[A-Za-z_]\w*\+?=/;
const MAX_DEPTH = 100;

/** Index just past the construct at s[i] (' " ` $name $(…) ${…} or a `(`/`{` group), -1 when unterminated. */
function skip(s: string, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  const c = s[i];
  if (c === "'") { const j = s.indexOf("'", i + 1); return j < 0 ? -1 : j + 1; }
  if (c === '$') {
    const d = s[i + 1] ?? '';
    if (d === '(' || d === '{') return skip(s, i + 1, depth + 1);
    if (/[A-Za-z_]/.test(d)) { let j = i + 2; while (j < s.length && /\w/.test(s[j])) j++; return j; }
    return /[0-9@*#?$!-]/.test(d) ? i + 2 : i + 1;
  }
  const close = c === '(' ? ')' : c === '{' ? '}' : c; // " or `
  for (let j = i + 1; j < s.length;) {
    const ch = s[j];
    if (ch === close) return j + 1;
    if (ch === '\\') { j += 2; continue; }
    if (c !== '`' && (ch === '$' || ch === '`' || ch === '"' || (c !== '"' && ch === "'") || (c === '(' && ch === '('))) {
      const k = skip(s, j, depth + 1);
      if (k < 0) return -1;
      j = k;
      continue;
    }
    j++;
  }
  return -1;
}

function lex(src: string): { toks: Tok[]; shell: boolean; err: boolean } {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0, shell = false, err = false;
  let heredocs: { delim: string; strip: boolean }[] = [];
  let wantDelim: boolean | undefined; // after << / <<-: the next word is a here-document delimiter
  outer: while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { shell = true; i += 2; continue; }
    if (c === '\\' && src[i + 1] === '\r' && src[i + 2] === '\n') { shell = true; i += 3; continue; }
    if (c === '#') { shell = true; while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '\n') {
      toks.push({ k: 'nl', s: i, e: i + 1, raw: c, v: c });
      i++;
      for (const h of heredocs) {
        shell = true;
        while (i < n) { // skip the body up to the delimiter line
          let j = src.indexOf('\n', i);
          if (j < 0) j = n;
          let line = src.slice(i, j).replace(/\r$/, '');
          if (h.strip) line = line.replace(/^\t+/, '');
          i = j + 1;
          if (line === h.delim) break;
        }
      }
      heredocs = [];
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      shell = true;
      toks.push({ k: 'op', s: i, e: i + op.length, raw: op, v: op });
      i += op.length;
      if (op === '<<' || op === '<<-') wantDelim = op === '<<-';
      continue;
    }
    const s = i;
    let v = '';
    while (i < n) {
      const ch = src[i];
      if (' \t\r\n;&|<>()'.includes(ch)) {
        if (ch !== '(' || !/^[A-Za-z_]\w*\+?=$/.test(src.slice(s, i))) break;
        const j = skip(src, i, 0); // bash array assignment a=(…)
        if (j < 0) { err = true; break outer; }
        shell = true; v += src.slice(i, j); i = j;
      } else if (ch === '\\') {
        shell = true;
        const cont = src[i + 1] === '\n' ? 2 : src.startsWith('\r\n', i + 1) ? 3 : 0;
        if (!cont) v += src[i + 1] ?? '';
        i += cont || 2;
      } else if (ch === "'" || ch === '$' || ch === '`') {
        const j = skip(src, i, 0);
        if (j < 0) { err = true; break outer; }
        if (ch === "'") v += src.slice(i + 1, j - 1);
        else { shell = true; v += src.slice(i, j); }
        i = j;
      } else if (ch === '"') {
        for (i++; ; ) {
          if (i >= n) { err = true; break outer; }
          const d = src[i], x = src[i + 1];
          if (d === '"') { i++; break; }
          if (d === '\\') {
            shell = true;
            if (x === '\n') i += 2;
            else if (x !== undefined && '"\\$`'.includes(x)) { v += x; i += 2; } else { v += d; i++; }
          } else if (d === '$' || d === '`') {
            shell = true;
            const j = skip(src, i, 0);
            if (j < 0) { err = true; break outer; }
            v += src.slice(i, j); i = j;
          } else { v += d; i++; }
        }
      } else {
        if ('*?[{}'.includes(ch) || (ch === '~' && i === s)) shell = true;
        v += ch; i++;
      }
    }
    i = Math.min(i, n);
    const raw = src.slice(s, i);
    const io = /^\d+$/.test(raw) && (src[i] === '<' || src[i] === '>');
    toks.push({ k: io ? 'io' : 'w', s, e: i, raw, v });
    if (wantDelim !== undefined && !io) { heredocs.push({ delim: v, strip: wantDelim }); wantDelim = undefined; }
  }
  return { toks, shell, err: err || wantDelim !== undefined };
}

class Fail extends Error {}

function parse(toks: Tok[], cmds: Cmd[], funcs: Set<string>, top?: { list?: ShList }): Last | undefined {
  let p = 0;
  const t = (): Tok | undefined => toks[p];
  const fail = (): never => { throw new Fail('syntax'); };
  const kw = (x: Tok | undefined, ...w: string[]) => x?.k === 'w' && w.includes(x.raw);
  const isOp = (x: Tok | undefined, ...o: string[]) => x?.k === 'op' && o.includes(x.raw);
  const nls = () => { while (t()?.k === 'nl') p++; };
  const expect = (w: string) => { if (!kw(t(), w)) fail(); p++; };
  const redirs = () => { while (t()?.k === 'io' || (t()?.k === 'op' && REDIR.has(t()!.raw))) redir(); };
  const redir = (): boolean => {
    if (t()?.k === 'io') p++;
    const r = t();
    if (!(r?.k === 'op' && REDIR.has(r.raw)) || toks[p + 1]?.k !== 'w') fail();
    p += 2;
    return r!.raw.startsWith('&');
  };

  let lastList: ShList = [];
  function list(stop: (x: Tok) => boolean, depth: number): Last | undefined {
    let last: Last | undefined;
    const items: ShList = [];
    lastList = items;
    for (;;) {
      nls();
      const x = t();
      if (!x || stop(x)) { lastList = items; return last; }
      const r = andOr(depth);
      const y = t();
      r.bg = isOp(y, '&');
      r.andOr.bg = r.bg;
      items.push(r.andOr);
      if (isOp(y, ';', '&') || y?.k === 'nl') p++;
      else if (y && !stop(y)) fail();
      last = r;
    }
  }
  /** `list` and the tree of what it parsed. */
  function treeList(stop: (x: Tok) => boolean, depth: number): { last: Last | undefined; items: ShList } {
    const last = list(stop, depth);
    return { last, items: lastList };
  }
  function andOr(depth: number): Last {
    const s0 = t()!.s;
    const pipelines: ShPipeline[] = [], ops: ('&&' | '||')[] = [];
    let r = pipeline(depth, pipelines);
    while (isOp(t(), '&&', '||')) { ops.push(t()!.raw as '&&' | '||'); p++; nls(); r = pipeline(depth, pipelines); }
    r.andOr = { pipelines, ops, bg: false, start: s0, end: toks[p - 1].e };
    return r;
  }
  /** The pipeline's last command (a fresh node, completed in place: no copies on this hot path); its tree goes to `into`. */
  function pipeline(depth: number, into: ShPipeline[]): Last {
    let bang = false, pipe = 1;
    while (kw(t(), '!')) { bang = true; p++; }
    let c = command(depth);
    const cmdsOf = [c.tree];
    while (isOp(t(), '|', '|&')) { p++; nls(); c = command(depth); cmdsOf.push(c.tree); pipe++; }
    into.push({ cmds: cmdsOf, bang });
    const r = c as Last;
    r.pipe = pipe; r.bang = bang; r.bg = false;
    return r;
  }
  function command(depth: number): Node {
    if (depth > MAX_DEPTH) fail();
    const d = depth + 1;
    const x = t() ?? fail();
    const upTo = (...w: string[]) => (y: Tok) => kw(y, ...w);
    const end = () => toks[p - 1].e;
    if (isOp(x, '(')) {
      p++;
      const { items } = treeList((y) => isOp(y, ')'), d);
      if (!isOp(t(), ')')) fail();
      p++;
      redirs();
      return { compound: true, execs: false, tree: { t: 'subshell', start: x.s, end: end(), body: items } };
    }
    if (x.k === 'w' && isOp(toks[p + 1], '(') && isOp(toks[p + 2], ')') && !KEYWORDS.has(x.raw)) {
      funcs.add(x.v); // name() body
      p += 3; nls();
      const body = command(d);
      return { compound: true, execs: false, tree: { t: 'func', start: x.s, end: end(), name: x.v, body: body.tree } };
    }
    let execs = false;
    let tree: ShCommand;
    switch (x.k === 'w' ? x.raw : '') {
      case '{': { p++; const b = treeList(upTo('}'), d); execs = ex(b.last); expect('}'); tree = { t: 'group', start: x.s, end: end(), body: b.items }; break; }
      case 'if': { // without `else`, a false condition lets the shell exit: only the branches count
        const conds: ShList[] = [], bodies: ShList[] = [];
        p++; conds.push(treeList(upTo('then'), d).items); expect('then');
        let b = treeList(upTo('elif', 'else', 'fi'), d); bodies.push(b.items); execs = ex(b.last);
        while (kw(t(), 'elif')) { p++; conds.push(treeList(upTo('then'), d).items); expect('then'); b = treeList(upTo('elif', 'else', 'fi'), d); bodies.push(b.items); execs = ex(b.last) && execs; }
        const hasElse = kw(t(), 'else');
        if (hasElse) { p++; b = treeList(upTo('fi'), d); bodies.push(b.items); execs = ex(b.last) && execs; }
        expect('fi');
        tree = { t: 'if', start: x.s, end: end(), conds, bodies, hasElse };
        break;
      }
      case 'while': case 'until': {
        p++; const c = treeList(upTo('do'), d).items; expect('do'); const b = treeList(upTo('done'), d); execs = ex(b.last); expect('done');
        tree = { t: 'loop', start: x.s, end: end(), cond: c, body: b.items };
        break;
      }
      case 'for': case 'select':
        p++;
        if (isOp(t(), '(')) { // for ((…;…;…))
          let b = 0;
          do { const y = t() ?? fail(); if (isOp(y, '(')) b++; else if (isOp(y, ')')) b--; p++; } while (b > 0);
        } else {
          if (t()?.k !== 'w') fail();
          p++; nls();
          if (kw(t(), 'in')) { p++; while (t()?.k === 'w') p++; }
        }
        if (isOp(t(), ';')) p++;
        nls(); expect('do');
        { const b = treeList(upTo('done'), d); execs = ex(b.last); expect('done'); tree = { t: 'loop', start: x.s, end: end(), body: b.items }; }
        break;
      case 'case':
        p++;
        if (t()?.k !== 'w') fail();
        p++; nls(); expect('in'); nls();
        let some = false, all = true; // an empty item lets the shell exit
        const items: ShList[] = [];
        while (!kw(t(), 'esac')) {
          if (isOp(t(), '(')) p++;
          for (;;) { if (t()?.k !== 'w') fail(); p++; if (!isOp(t(), '|')) break; p++; }
          if (!isOp(t(), ')')) fail();
          p++;
          const { last: l, items: body } = treeList((y) => isOp(y, ';;', ';&', ';;&') || kw(y, 'esac'), d);
          items.push(body);
          if (l) { some ||= ex(l); all &&= ex(l); }
          if (isOp(t(), ';;', ';&', ';;&')) p++;
          else if (!kw(t(), 'esac')) fail();
          nls();
        }
        p++;
        execs = some && all;
        tree = { t: 'case', start: x.s, end: end(), items };
        break;
      case 'function': {
        p++;
        const name = t();
        if (name?.k !== 'w') fail();
        funcs.add(name!.v); p++;
        if (isOp(t(), '(')) { p++; if (!isOp(t(), ')')) fail(); p++; }
        nls();
        const body = command(d);
        return { compound: true, execs: false, tree: { t: 'func', start: x.s, end: end(), name: name!.v, body: body.tree } };
      }
      case '[[': { // one command up to ]]; && || < > ( ) inside are its operands
        const words: string[] = [];
        while (!kw(t(), ']]')) { const y = t(); if (!y || y.k === 'nl') fail(); words.push(y!.v); p++; }
        words.push(']]');
        const end = t()!.e;
        p++;
        const cmd: Cmd = { start: x.s, end, words, nameIdx: 0, nameAt: x.s, amp: false };
        cmds.push(cmd);
        redirs();
        return { compound: false, cmd, execs: false, tree: { t: 'test', start: x.s, end: cmd.end, cmd } };
      }
      case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case 'esac': case '}': case ']]':
        return fail();
      default: {
        const cmd: Cmd = { start: x.s, end: x.e, words: [], nameIdx: -1, nameAt: x.s, amp: false };
        const p0 = p;
        for (;;) {
          const y = t();
          if (y?.k === 'io' || (y?.k === 'op' && REDIR.has(y.raw))) { cmd.amp = redir() || cmd.amp; cmd.end = toks[p - 1].e; continue; }
          if (y?.k !== 'w') break;
          if (cmd.nameIdx < 0 && !ASSIGN.test(y.raw)) { cmd.nameIdx = cmd.words.length; cmd.nameAt = y.s; }
          cmd.words.push(y.v); cmd.end = y.e; p++;
        }
        if (p === p0) fail();
        cmds.push(cmd);
        return { compound: false, cmd, execs: cmd.words[cmd.nameIdx] === 'exec', tree: { t: 'simple', start: cmd.start, end: cmd.end, cmd } };
      }
    }
    redirs();
    return { compound: true, execs, tree };
  }

  const { last, items } = treeList(() => false, 0);
  if (p < toks.length) fail();
  if (top) top.list = items;
  return last;
}

const SIGNAL = /^(SIG)?(TERM|INT)$|^(15|2)$/i;
/** `trap action cond…` sets a handler (or ignores) TERM/INT; `trap - …`, `trap 15` (reset) and `trap -p` don't. */
function trapsTermOrInt(args: string[]): boolean {
  if (args[0] === '--') args = args.slice(1);
  if (args.length < 2 || args[0] === '-' || /^\d+$/.test(args[0]) || /^-[lp]$/.test(args[0])) return false;
  return args.slice(1).some((a) => SIGNAL.test(a));
}

const nameOf = (c: Cmd): string | undefined => (c.nameIdx < 0 ? undefined : c.words[c.nameIdx]);

/** Results by script: several rules (and the knowledge module's PID 1 judgement) analyse the same script. */
const analyzed = new Map<string, ScriptAnalysis>();
const MAX_ANALYZED = 2000;

/** The analysis of a script (shared and frozen: callers must not change it). */
export function analyzeScript(script: string): ScriptAnalysis {
  const src = String(script ?? '');
  let a = analyzed.get(src);
  if (a) return a;
  try {
    a = analyze(src);
  } catch {
    a = { commands: [], execsLast: false, trapsSignals: false, noFixReason: 'unparseable', needsShell: true };
  }
  for (const c of a.commands) { Object.freeze(c.words); Object.freeze(c); }
  Object.freeze(a.commands);
  Object.freeze(a);
  if (analyzed.size >= MAX_ANALYZED) analyzed.clear();
  analyzed.set(src, a);
  return a;
}

function analyze(src: string): ScriptAnalysis {
  const { toks, shell, err } = lex(src);
  const solid = toks.filter((x) => x.k !== 'nl');
  const first = solid[0];
  const nlBetween = solid.length > 0 && toks.some((x) => x.k === 'nl' && x.s > first.s && x.s < solid[solid.length - 1].s);
  const needsShell = shell || err || nlBetween
    || (first?.k === 'w' && (KEYWORDS.has(first.raw) || SHELL_ONLY.has(first.v) || ASSIGN.test(first.raw)));
  const cmds: Cmd[] = [];
  const funcs = new Set<string>();
  let last: Last | undefined;
  let bad = err;
  if (!bad) {
    try { last = parse(toks, cmds, funcs); } catch (e) { if (!(e instanceof Fail)) throw e; bad = true; }
  }
  const commands = cmds.map(({ start, end, words }) => ({ start, end, words }));
  const trapsSignals = cmds.some((c) => nameOf(c) === 'trap' && trapsTermOrInt(c.words.slice(c.nameIdx + 1)));
  if (bad) return { commands, execsLast: false, trapsSignals, noFixReason: 'unparseable', needsShell: true };
  const execsLast = ex(last);
  const result: ScriptAnalysis = { commands, execsLast, trapsSignals, needsShell };
  const name = last?.cmd && nameOf(last.cmd);
  if (!last) result.noFixReason = 'empty';
  else if (execsLast) result.noFixReason = 'exec';
  else if (cmds.some((c) => nameOf(c) === 'trap')) result.noFixReason = 'trap';
  else if (last.bg || last.cmd?.amp) result.noFixReason = 'background';
  else if (last.pipe > 1 || last.bang) result.noFixReason = 'pipeline';
  else if (last.compound || !last.cmd) result.noFixReason = 'compound';
  else if (name === undefined || BUILTINS.has(name) || funcs.has(name)) result.noFixReason = 'builtin';
  else result.execInsertOffset = last.cmd.nameAt;
  return result;
}

/** A whole script parsed: its top-level list, every simple command, and its functions by name (the last definition wins). */
export interface ShellFile {
  list: ShList;
  commands: readonly ShSimple[];
  functions: ReadonlyMap<string, Extract<ShCommand, { t: 'func' }>>;
  /** the script sets a `trap` for TERM or INT (see ScriptAnalysis) */
  trapsSignals: boolean;
}

/** Parses a whole script (a file, not a `-c` string); undefined when it does not parse (an unterminated quote, an unknown construct). Never throws. */
export function parseShell(src: string): ShellFile | undefined {
  try {
    const { toks, err } = lex(String(src ?? ''));
    if (err) return undefined;
    const cmds: Cmd[] = [];
    const top: { list?: ShList } = {};
    parse(toks, cmds, new Set(), top);
    const functions = new Map<string, Extract<ShCommand, { t: 'func' }>>();
    const walk = (l: ShList): void => { for (const a of l) for (const pl of a.pipelines) for (const c of pl.cmds) visit(c); };
    const visit = (c: ShCommand): void => {
      switch (c.t) {
        case 'func': functions.set(c.name, c); visit(c.body); break;
        case 'group': case 'subshell': walk(c.body); break;
        case 'if': c.conds.forEach(walk); c.bodies.forEach(walk); break;
        case 'loop': if (c.cond) walk(c.cond); walk(c.body); break;
        case 'case': c.items.forEach(walk); break;
        default: break;
      }
    };
    walk(top.list ?? []);
    const trapsSignals = cmds.some((c) => nameOf(c) === 'trap' && trapsTermOrInt(c.words.slice(c.nameIdx + 1)));
    return { list: top.list ?? [], commands: cmds, functions, trapsSignals };
  } catch {
    return undefined;
  }
}

/** Split a string with no shell syntax into argv words, resolving plain '…' and "…" quoting; undefined when needsShell. */
export function splitWords(command: string): string[] | undefined {
  const a = analyzeScript(command);
  if (a.needsShell) return undefined;
  return a.commands.length ? [...a.commands[0].words] : [];
}

/** JSON exec-form array text for a Dockerfile (`["a", "b c"]`, JSON-escaped), or undefined when the command needs a shell. */
export function toExecForm(command: string): string | undefined {
  // `exec node app` runs the same program as ["node", "app"]
  const words = splitWords(command) ?? splitWords(String(command ?? '').replace(/^[ \t]*exec[ \t]+(?=[^-\s])/, ''));
  return words?.length ? `[${words.map((w) => JSON.stringify(w)).join(', ')}]` : undefined;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** Index of the program after `env [-i] [-u NAME] [VAR=value]…` (0 when argv[0] is not env). */
function afterEnv(argv: string[]): number {
  if (base(argv[0] ?? '') !== 'env') return 0;
  let i = 1;
  while (i < argv.length && (argv[i].startsWith('-') || ASSIGN.test(argv[i]))) {
    if (/^-[^-]*S/.test(argv[i]) || argv[i].startsWith('--split-string')) return argv.length; // env -S: not an argv
    i += argv[i] === '-u' || argv[i] === '-C' ? 2 : 1;
  }
  return i;
}

/** argv[0] is a shell: sh, bash, ash, dash, zsh, ksh, mksh, busybox sh — by basename; also `/usr/bin/env bash`. */
export function isShell(argv0: string): boolean {
  const parts = String(argv0 ?? '').trim().split(/\s+/);
  let i = afterEnv(parts);
  if (base(parts[i] ?? '') === 'busybox') i++;
  return i === parts.length - 1 && SHELLS.has(base(parts[i]));
}

/** For `sh -c script …` style argv (also `-ec`, `-o pipefail -c`, `env sh -c`, `busybox sh -c`) the index of the script. */
export function shellScriptIndex(argv: string[]): number | undefined {
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) return undefined;
  let i = afterEnv(argv);
  if (base(argv[i] ?? '') === 'busybox') i++;
  if (i >= argv.length || !SHELLS.has(base(argv[i]))) return undefined;
  let sawC = false;
  for (i++; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || a === '-') { i++; break; }
    if (a.startsWith('--')) { if (a === '--rcfile' || a === '--init-file') i++; continue; }
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    for (const ch of a.slice(1)) {
      if (ch === 'c' && a[0] === '-') sawC = true;
      if (ch === 'o' || ch === 'O') i++; // -o pipefail / -O extglob take an argument
    }
  }
  return sawC && i < argv.length ? i : undefined;
}

/** Known init processes (tini, dumb-init, catatonit, docker-init, s6-overlay's /init), judged from argv[0]. */
export function isInit(argv0: string): boolean {
  const a = String(argv0 ?? '').trim().split(/\s+/)[0];
  if (a === '/init') return true;
  const b = base(a);
  return /^tini(-[\w.-]+)?$/.test(b) || /^dumb-init([_-][\w.-]+)?$/.test(b) || b === 'catatonit' || b === 'docker-init';
}

/** What a leading init in an argv does with the stop signal: see {@link stripInit}. */
export interface InitPrefix {
  /** the init as written (`/sbin/tini`), the innermost one when inits are nested */
  init: string;
  /** how many argv elements the init(s) and their options take: `rest` is `argv.slice(skipped)` */
  skipped: number;
  /** the program's argv */
  rest: string[];
  /**
   * The init sends the stop signal to its child's whole process group (`tini -g`, `catatonit -g`,
   * dumb-init unless `-c`/`--single-child`), so a shell's children get it too. It still exits as
   * soon as its direct child does, and the kernel then SIGKILLs what is left of the container.
   * (`TINI_KILL_PROCESS_GROUP` and `DUMB_INIT_SETSID` in the environment are not read.)
   */
  signalsGroup: boolean;
  /** s6-overlay's `/init`: on stop it signals every process and waits its grace time before SIGKILL */
  stopsAll: boolean;
}

/** Options of each init that take a value (`tini -p SIGKILL`, `tini -e 143`, `dumb-init -r 15:3`). */
const INIT_ARG_OPTS: Record<string, string> = { tini: 'peR', dumb: 'r', catatonit: '' };

/**
 * For an argv that starts with an init (see {@link isInit}): the init, its options and `--` stripped,
 * and how it passes the stop signal on. Nested inits (`tini -- dumb-init …`) are all stripped; the
 * innermost one is the parent of the program and decides. Undefined when argv[0] is not an init.
 */
export function stripInit(argv: readonly string[]): InitPrefix | undefined {
  if (!Array.isArray(argv) || argv.some((a) => typeof a !== 'string')) return undefined;
  let i = 0;
  let found: Omit<InitPrefix, 'skipped' | 'rest'> | undefined;
  for (let depth = 0; depth < 8 && i < argv.length; depth++) {
    const init = argv[i].trim();
    if (/\s/.test(init) || !isInit(init)) break;
    const b = base(init);
    const kind = b.startsWith('dumb-init') ? 'dumb' : b === 'catatonit' ? 'catatonit' : init === '/init' ? 's6' : 'tini';
    let group = kind === 'dumb';
    i++;
    if (kind !== 's6') {
      // getopt with `+`: options up to the first non-option word or `--`
      while (i < argv.length) {
        const a = argv[i];
        if (a === '--') { i++; break; }
        if (kind === 'dumb' && a.startsWith('--')) {
          if (a === '--single-child') group = false;
          i += a === '--rewrite' ? 2 : 1;
          continue;
        }
        if (!/^-[A-Za-z]/.test(a)) break;
        i++;
        for (let k = 1; k < a.length; k++) {
          const ch = a[k];
          if (ch === 'g' && kind !== 'dumb') group = true;
          if (ch === 'c' && kind === 'dumb') group = false;
          if (INIT_ARG_OPTS[kind].includes(ch)) { if (k === a.length - 1) i++; break; } // the value: the rest, or the next word
        }
      }
    }
    found = { init, signalsGroup: group, stopsAll: kind === 's6' };
  }
  if (!found) return undefined;
  const skipped = Math.min(i, argv.length);
  return { ...found, skipped, rest: argv.slice(skipped) };
}

/**
 * Builtins that neither block nor start a program. A script made only of these
 * (`echo 262144 > /proc/sys/vm/max_map_count`, `return 111`) starts no child and ends at once:
 * there is no SIGTERM to lose, so the shell-PID-1 rules stay silent.
 */
const INSTANT_BUILTINS = new Set(['echo', 'printf', 'true', 'false', ':', 'exit', 'export', 'set', 'unset', 'cd', 'test', '[', '[[',
  'ulimit', 'umask', 'shift', 'return', 'readonly', 'local', 'declare', 'typeset', 'alias', 'unalias', 'pwd', 'let', 'shopt',
  'break', 'continue']);

/** True when the script (analysed as `commands`) runs only instant builtins and has no loop. */
export function startsNoProgram(script: string, commands: readonly { words: string[] }[]): boolean {
  if (/(^|[\s;&|(])(while|until|for|select)\s/.test(script)) return false;
  return commands.every((c) => {
    const name = c.words.find((w) => !/^[A-Za-z_]\w*\+?=/.test(w));
    return name === undefined || INSTANT_BUILTINS.has(name);
  });
}

/**
 * Where the `-c` script is in an argv that may start with an init (`[tini, --, sh, -c, …]`):
 * its index and the init in front, if any. Undefined when the argv runs no `shell -c`, or when the
 * init stops every process itself and waits (s6-overlay's `/init`), so the shell does no harm.
 */
export function locateShellScript(argv: readonly string[]): { index: number; init?: InitPrefix } | undefined {
  const init = stripInit(argv);
  if (init?.stopsAll) return undefined;
  const from = init?.skipped ?? 0;
  const rel = shellScriptIndex(argv.slice(from) as string[]);
  return rel === undefined ? undefined : { index: from + rel, init };
}
