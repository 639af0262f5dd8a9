/**
 * Does an entrypoint script hand the container's process over to the long-running program?
 * A script FILE is not a `-c` string: dash 0.5.12, bash 5.2.15 and busybox ash 1.35 all keep the
 * shell as the parent of the last command of a script file (observed here: `sh file.sh` and
 * `./file.sh` with a shebang, the last command's PID differs from the shell's, even for a
 * one-command file). RUNTIMES.md's `-c` table (busybox and bash exec the last command of a `-c`
 * string) does not apply. So the program must be started with `exec`, or the shell must trap the
 * stop signal and pass it on (RUNTIMES.md: "A script that traps TERM/INT handles signals on
 * purpose"); otherwise the shell stays in front of it (as PID 1 it ignores SIGTERM: RUNTIMES.md,
 * "a shell running a script"; observed here with `unshare -fp`: a script ending in `"$@"` kept
 * running after SIGTERM, one ending in `exec "$@"` passed it to the program).
 *
 * Pure: text in, judgement out. Used by `script/entrypoint-without-exec` and the signal path.
 */
import { parseShell } from '../shell';
import type { ShAndOr, ShCommand, ShList, ShSimple, ShellFile } from '../shell';
import { LineIndex } from '../text';

/** What is wrong with how the script starts a program (see the rule's messages). */
export type ScriptProblemKind = 'no-exec' | 'followed' | 'background' | 'pipeline' | 'subshell' | 'keepalive';

export interface ScriptProblem {
  kind: ScriptProblemKind;
  /** Offsets of the command that should replace the shell. */
  at: [number, number];
  /** The command as written (one line, shortened). */
  command: string;
  /** Where `exec ` goes (after any VAR=value); only when inserting it is the whole fix. */
  insertAt?: number;
  /** `followed`: the first command that runs after it; `background`: the command that waits. */
  next?: [number, number];
  /** The function the command is in, when the script reaches it through a call. */
  fn?: string;
  /** The command runs the container's command (`"$@"`, `gosu app "$@"`): certainly the long-running program. */
  runsArgs: boolean;
}

export interface EntrypointJudgement {
  /**
   * true: every way the script starts its program, `exec` replaces the shell with it; false:
   * some way leaves the shell in front of it (see `problems`), or the script traps the signal
   * itself (`forwards`); undefined: the script starts no program at its end that the linter can
   * see, or does not parse.
   */
  execs: boolean | undefined;
  /** 0-based line of the deciding command: the (last) exec, the first problem, the trap. */
  line?: number;
  /** Plain text: what the script does with the stop signal. */
  detail: string;
  /** The script traps TERM/INT: it handles or forwards the signal on purpose. */
  forwards?: boolean;
  problems: ScriptProblem[];
  /** The script `exec`s a program somewhere (it means to hand over). */
  hasExec: boolean;
}

/** What one way through the script runs last. */
type Tail =
  | { k: 'exec'; c: ShSimple; fn?: string }
  | { k: 'exit' }
  | { k: 'none' }
  | { k: 'builtin'; c: ShSimple }
  | { k: 'run'; c: ShSimple; fn?: string }
  | { k: 'pipeline'; c: ShSimple; fn?: string }
  | { k: 'subshell'; node: ShCommand; inner: ShSimple; fn?: string }
  | { k: 'bg'; a: ShAndOr }
  | { k: 'wait'; c: ShSimple }
  | { k: 'loop' };

interface Flow {
  /** Ways that end inside (exec, exit). */
  ends: Tail[];
  /** Some way goes on after it. */
  falls: boolean;
  /** What the ways that go on ran last. */
  tails: Tail[];
}

/** Builtins and keywords that start no program (a script ending in them starts nothing). */
const BUILTIN = new Set(['exec', 'cd', 'export', 'exit', 'set', 'unset', 'shift', 'return', 'break', 'continue', 'eval',
  'source', '.', 'readonly', 'trap', 'ulimit', 'umask', 'alias', 'unalias', 'read', 'local', 'declare', 'typeset', ':',
  'wait', 'let', 'shopt', 'builtin', 'hash', 'type', 'jobs', 'fg', 'bg', 'times', 'getopts', 'command', 'true', 'false',
  'echo', 'printf', 'test', '[', '[[', 'pwd', 'mkdir', 'chown', 'chmod', 'rm', 'ln', 'cp', 'mv', 'touch', 'sed', 'envsubst']);
/** Programs that drop privileges and exec their argument: what follows them is the program. */
const DROPPERS = new Set(['gosu', 'su-exec', 'setpriv', 's6-setuidgid', 'chpst', 'setuser', 'runuser', 'sudo', 'su']);
/** Keep-alive commands that only wait (after daemons were started in the background). */
const KEEPALIVE = new Set(['sleep', 'tail']);
const ARGS = /^\$(?:[@*]|\{[@*]\})$/;
const MAX_DEPTH = 20;

const nameOf = (c: ShSimple): string | undefined => (c.nameIdx < 0 ? undefined : c.words[c.nameIdx]);
const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The command runs the container's command: `"$@"`, `$@`, `gosu app "$@"`, `su-exec app:app "$@"`. */
function runsArgs(c: ShSimple): boolean {
  const name = nameOf(c);
  if (name === undefined) return false;
  let i = c.nameIdx;
  if (name === 'exec') i++;
  const w = c.words[i];
  if (w === undefined) return false;
  if (ARGS.test(w)) return true;
  return DROPPERS.has(base(w)) && c.words.slice(i + 1).some((x) => ARGS.test(x));
}

/** Text of a command for a message: one line, whitespace collapsed, at most 60 characters. */
function shorten(text: string): string {
  const t = text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** A command quoted for plain-text messages: in double quotes, or in single quotes when it has double quotes (`'gosu app "$@"'`). */
export function quoteCommand(command: string): string {
  return command.includes('"') && !command.includes("'") ? `'${command}'` : `"${command}"`;
}

class Judge {
  private depth = 0;
  private calling = new Set<string>();
  /** Foreground commands that run the container's command and have more commands after them. */
  followed: { c: ShSimple; next: [number, number]; fn?: string }[] = [];
  /** Background jobs, in order. */
  bg: { a: ShAndOr; fn?: string }[] = [];
  fn: string | undefined;

  constructor(private file: ShellFile) {}

  list(l: ShList): Flow {
    const ends: Tail[] = [];
    let tails: Tail[] = [{ k: 'none' }];
    for (let i = 0; i < l.length; i++) {
      const f = this.andOr(l[i]);
      ends.push(...f.ends);
      if (!f.falls) return { ends, falls: false, tails: [] };
      // `"$@"` with more to run after it (other than `exit`/`exit $?`, which exec makes moot).
      const rest = l.slice(i + 1);
      if (rest.length && !rest.every(isExitOnly)) {
        for (const t of f.tails) if (t.k === 'run' && runsArgs(t.c)) this.followed.push({ c: t.c, next: [rest[0].start, rest[0].end], fn: t.fn });
      }
      if (rest.length && rest.every(isExitOnly)) {
        // `"$@"; exit $?`: the exit only passes the program's status on: exec does the same.
        tails = f.tails;
        break;
      }
      tails = f.tails;
    }
    return { ends, falls: true, tails };
  }

  andOr(a: ShAndOr): Flow {
    if (a.bg) {
      this.bg.push({ a, fn: this.fn });
      return { ends: [], falls: true, tails: [{ k: 'bg', a }] };
    }
    const last = a.pipelines[a.pipelines.length - 1];
    const f = this.pipeline(last);
    if (a.pipelines.length > 1) {
      // `a && b`, `a || b`: a way where the list stops early ends with nothing started.
      return { ends: f.ends, falls: true, tails: [...f.tails, ...(f.falls ? [] : []), { k: 'none' }] };
    }
    return f;
  }

  pipeline(pl: { cmds: ShCommand[]; bang: boolean }): Flow {
    if (pl.cmds.length > 1 || pl.bang) {
      const c = pl.cmds[pl.cmds.length - 1];
      if (c.t === 'simple' && nameOf(c.cmd) !== undefined && !BUILTIN.has(nameOf(c.cmd)!)) {
        // the program is the pipeline's first command usually (`node app | tee log`): report the one that is not a filter
        const first = pl.cmds[0];
        const prog = first.t === 'simple' && nameOf(first.cmd) !== undefined && !BUILTIN.has(nameOf(first.cmd)!) ? first.cmd : c.cmd;
        return { ends: [], falls: true, tails: [{ k: 'pipeline', c: prog, fn: this.fn }] };
      }
      if (pl.cmds[0].t === 'simple') return { ends: [], falls: true, tails: [{ k: 'pipeline', c: (pl.cmds[0] as { cmd: ShSimple }).cmd, fn: this.fn }] };
      return { ends: [], falls: true, tails: [{ k: 'none' }] };
    }
    return this.command(pl.cmds[0]);
  }

  command(c: ShCommand): Flow {
    switch (c.t) {
      case 'simple': return this.simple(c.cmd);
      case 'test': return { ends: [], falls: true, tails: [{ k: 'builtin', c: c.cmd }] };
      case 'group': return this.list(c.body);
      case 'subshell': {
        const inner = this.nested(() => this.list(c.body));
        const run = [...inner.ends, ...inner.tails].find((t) => t.k === 'run' || t.k === 'exec') as { c: ShSimple } | undefined;
        return { ends: [], falls: true, tails: [run ? { k: 'subshell', node: c, inner: run.c, fn: this.fn } : { k: 'none' }] };
      }
      case 'if': {
        const ends: Tail[] = [], tails: Tail[] = [];
        let falls = !c.hasElse;
        if (falls) tails.push({ k: 'none' });
        for (const b of c.bodies) {
          const f = this.list(b);
          ends.push(...f.ends);
          if (f.falls) { falls = true; tails.push(...f.tails); }
        }
        return { ends, falls, tails };
      }
      case 'case': {
        const ends: Tail[] = [], tails: Tail[] = [{ k: 'none' }];
        for (const b of c.items) {
          const f = this.list(b);
          ends.push(...f.ends);
          if (f.falls) tails.push(...f.tails);
        }
        return { ends, falls: true, tails };
      }
      case 'loop': return { ends: [], falls: true, tails: [{ k: 'loop' }] };
      case 'func': return { ends: [], falls: true, tails: [{ k: 'none' }] };
      default: return { ends: [], falls: true, tails: [{ k: 'none' }] };
    }
  }

  private nested<T>(f: () => T): T {
    const followed = this.followed.length, bg = this.bg.length;
    const r = f();
    this.followed.length = followed;
    this.bg.length = bg;
    return r;
  }

  simple(c: ShSimple): Flow {
    const name = nameOf(c);
    if (name === undefined) return { ends: [], falls: true, tails: [{ k: 'none' }] };
    if (name === 'exec') {
      // `exec` with only redirections (`exec >log 2>&1`) changes the shell's files and goes on.
      if (c.words.length > c.nameIdx + 1) return { ends: [{ k: 'exec', c, fn: this.fn }], falls: false, tails: [] };
      return { ends: [], falls: true, tails: [{ k: 'builtin', c }] };
    }
    if (name === 'exit') return { ends: [{ k: 'exit' }], falls: false, tails: [] };
    if (name === 'wait') return { ends: [], falls: true, tails: [{ k: 'wait', c }] };
    const fn = this.file.functions.get(name);
    if (fn) {
      if (this.calling.has(name) || this.depth >= MAX_DEPTH) return { ends: [], falls: true, tails: [{ k: 'none' }] };
      this.calling.add(name);
      this.depth++;
      const outer = this.fn;
      this.fn = name;
      try {
        return this.command(fn.body);
      } finally {
        this.fn = outer;
        this.depth--;
        this.calling.delete(name);
      }
    }
    if (BUILTIN.has(name)) return { ends: [], falls: true, tails: [{ k: 'builtin', c }] };
    return { ends: [], falls: true, tails: [{ k: 'run', c, fn: this.fn }] };
  }
}

/** `exit`, `exit $?`, `exit "$?"`: passes the last status on (what exec does anyway). */
function isExitOnly(a: ShAndOr): boolean {
  if (a.bg || a.pipelines.length !== 1 || a.pipelines[0].cmds.length !== 1) return false;
  const c = a.pipelines[0].cmds[0];
  if (c.t !== 'simple') return false;
  const w = c.cmd.words.slice(Math.max(0, c.cmd.nameIdx));
  return w[0] === 'exit' && (w.length === 1 || (w.length === 2 && /^\$(\?|\{\?\})$/.test(w[1])));
}

/**
 * The judgement of an entrypoint script's text (a whole file). Every way through the script is
 * followed to what it runs last: `exec` there is fine; a program started without it is a
 * `no-exec` problem (fixable by inserting `exec `), also through a function call (`main "$@"`)
 * and in each branch of an `if`/`case`; a program in a pipeline or a `( )` subshell, or started in
 * the background and waited for, is reported without a fix; so is `"$@"` followed by more
 * commands (exec would skip them). A script that traps TERM or INT handles the signal itself: no
 * problem.
 */
export function judgeEntrypointScript(text: string): EntrypointJudgement {
  const file = parseShell(text);
  if (!file) return { execs: undefined, detail: 'the script could not be parsed', problems: [], hasExec: false };
  const lines = new LineIndex(text);
  const lineOf = (o: number) => lines.positionAt(o).line;
  const hasExec = file.commands.some((c) => nameOf(c) === 'exec' && c.words.length > c.nameIdx + 1);
  if (file.trapsSignals) {
    const trap = file.commands.find((c) => nameOf(c) === 'trap')!;
    return { execs: false, forwards: true, line: lineOf(trap.start), detail: `traps the stop signal (line ${lineOf(trap.start) + 1}): it handles or passes it on itself`, problems: [], hasExec };
  }
  const judge = new Judge(file);
  const flow = judge.list(file.list);
  const all = [...flow.ends, ...(flow.falls ? flow.tails : [])];
  const problems: ScriptProblem[] = [];
  const seen = new Set<number>();
  const add = (p: ScriptProblem) => { if (!seen.has(p.at[0])) { seen.add(p.at[0]); problems.push(p); } };
  const cmdText = (c: { start: number; end: number }) => shorten(text.slice(c.start, c.end));
  const waits = all.some((t) => t.k === 'wait');
  for (const t of all) {
    if (t.k === 'run') {
      if (KEEPALIVE.has(base(nameOf(t.c)!))) {
        // `tail -f /dev/null`, `sleep infinity`: only keeps the container up; with background jobs reported below
        if (!judge.bg.length) add({ kind: 'keepalive', at: [t.c.start, t.c.end], command: cmdText(t.c), fn: t.fn, runsArgs: false });
        continue;
      }
      add({ kind: 'no-exec', at: [t.c.start, t.c.end], command: cmdText(t.c), insertAt: t.c.nameAt, fn: t.fn, runsArgs: runsArgs(t.c) });
    } else if (t.k === 'pipeline') {
      add({ kind: 'pipeline', at: [t.c.start, t.c.end], command: cmdText(t.c), fn: t.fn, runsArgs: runsArgs(t.c) });
    } else if (t.k === 'subshell') {
      add({ kind: 'subshell', at: [t.node.start, t.node.end], command: cmdText(t.inner), fn: t.fn, runsArgs: runsArgs(t.inner) });
    }
  }
  const keepAliveTail = all.find((t) => t.k === 'run' && KEEPALIVE.has(base(nameOf(t.c)!)) && judge.bg.length > 0) as { c: ShSimple } | undefined;
  if ((waits || keepAliveTail) && judge.bg.length) {
    const job = judge.bg.find((j) => firstSimple(j.a) && runsArgs(firstSimple(j.a)!)) ?? judge.bg[judge.bg.length - 1];
    const c = firstSimple(job.a);
    const waiter = keepAliveTail?.c ?? (all.find((t) => t.k === 'wait') as { c: ShSimple }).c;
    if (c) add({ kind: 'background', at: [job.a.start, job.a.end], command: cmdText(c), next: [waiter.start, waiter.end], fn: job.fn, runsArgs: runsArgs(c) });
  }
  if (!problems.some((p) => p.kind === 'no-exec' && p.runsArgs)) {
    for (const f of judge.followed) add({ kind: 'followed', at: [f.c.start, f.c.end], command: cmdText(f.c), next: f.next, fn: f.fn, runsArgs: true });
  }
  // `bundle exec rails s` then only `echo …`: the program is the last one the script runs, and the
  // echo keeps the shell waiting for it (no fix: the lines after it would not run).
  if (!problems.length && !all.some((t) => t.k === 'exec' || t.k === 'run')) {
    let i = file.list.length - 1;
    while (i >= 0 && isChatter(file.list[i])) i--;
    if (i >= 0 && i < file.list.length - 1) {
      const f = new Judge(file).andOr(file.list[i]);
      const run = f.falls ? f.tails.find((t) => t.k === 'run') as { c: ShSimple; fn?: string } | undefined : undefined;
      const next = file.list[i + 1];
      if (run) add({ kind: 'followed', at: [run.c.start, run.c.end], command: cmdText(run.c), next: [next.start, next.end], fn: run.fn, runsArgs: runsArgs(run.c) });
    }
  }
  problems.sort((a, b) => a.at[0] - b.at[0]);
  if (problems.length) {
    const p = problems[0];
    const what = { 'no-exec': 'without exec', followed: 'without exec, with more commands after it', background: 'in the background and waits', pipeline: 'in a pipeline', subshell: 'in a ( ) subshell', keepalive: 'to keep the container up' }[p.kind];
    return { execs: false, line: lineOf(p.at[0]), detail: `runs ${quoteCommand(p.command)} ${what} (line ${lineOf(p.at[0]) + 1}): the shell stays its parent and does not pass the stop signal on`, problems, hasExec };
  }
  const execs = all.filter((t) => t.k === 'exec') as { c: ShSimple }[];
  if (execs.length) {
    const last = execs.reduce((a, b) => (b.c.start > a.c.start ? b : a));
    return { execs: true, line: lineOf(last.c.start), detail: `hands over with ${quoteCommand(cmdText(last.c))} (line ${lineOf(last.c.start) + 1}): the program replaces the shell and gets the stop signal`, problems, hasExec };
  }
  const loop = all.some((t) => t.k === 'loop');
  return { execs: undefined, detail: loop ? 'ends in a loop: what it runs there is not judged' : 'starts no program at its end', problems, hasExec };
}

/** `echo …`, `printf …`, `:`, `true`, `exit …`: lines that only print or end the script. */
function isChatter(a: ShAndOr): boolean {
  if (a.bg || a.pipelines.length !== 1 || a.pipelines[0].cmds.length !== 1) return false;
  const c = a.pipelines[0].cmds[0];
  if (c.t !== 'simple') return false;
  const name = nameOf(c.cmd);
  return name === undefined || ['echo', 'printf', ':', 'true', 'exit'].includes(name);
}

function firstSimple(a: ShAndOr): ShSimple | undefined {
  const c = a.pipelines[0]?.cmds[0];
  return c && (c.t === 'simple' || c.t === 'test') ? c.cmd : undefined;
}
