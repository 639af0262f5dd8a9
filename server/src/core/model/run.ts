/**
 * The `docker run` / `docker create` / `podman run` view: every such command line found in a
 * shell script, a Makefile recipe, a CI workflow step (`run:`, `script:`) or a shell code block
 * of a Markdown file. Offsets are in the linted file's text.
 *
 * How: each kind of file is first turned into shell text with a map back to the file (a
 * `ShellSource`: a recipe without its tab and `@`/`-` prefix and with `$$` read as `$`, a code
 * block without its indentation and prompts, a YAML scalar's value); model/shell-words.ts splits
 * that into simple commands; the flags are read as Docker's CLI (spf13/pflag, interspersed
 * flags off for `run`/`create`) reads them: `--flag=value`, `--flag value`, `-uroot`, `-u root`,
 * `-e=X`, combined booleans `-it`/`-dit`, a value flag last in a group taking the next word
 * (`-itp 80:80`), `--` ending the flags, the first other word being the image; the rest is the
 * command.
 */
import type { Syntax } from '../detect';
import type { Edit } from '../edits/yaml-edits';
import { shellCommands, Word } from './shell-words';

export interface RunFlag {
  /** Canonical long name without dashes: `init`, `cap-add`, `user` (for `-u`), `volume` (for `-v`), `env` (for `-e`)… */
  name: string;
  /** As written, without the value: `--cap-add`, `-u`, `--init`; the whole group for a combined short flag (`-it`). */
  spelling: string;
  /** The value with quotes removed; undefined for a boolean flag or when it is not known (`$VAR` without default). */
  value?: string;
  /** The flag has a value (written with `=`, joined, or as the next word), known or not. */
  hasValue: boolean;
  /** Offsets of the flag and its value (as written, with quotes). */
  at: [number, number];
  /** Offsets of the value alone, when it has one. */
  valueAt?: [number, number];
}

export interface RunCommand {
  tool: 'docker' | 'podman';
  verb: 'run' | 'create';
  /** Offsets of the whole command line (continuations included). */
  at: [number, number];
  /** Offsets of `run`/`create` (insert flags after it). */
  verbAt: [number, number];
  flags: RunFlag[];
  /** The image, when the line names one (undefined when it is a variable without a default). */
  image?: { name: string; at: [number, number] };
  /** Offsets of the word in the image's place, also when its value is unknown. */
  imageAt?: [number, number];
  /** The command and arguments after the image (`value` is the word as written when `known` is false). */
  args: { value: string; at: [number, number]; known: boolean }[];
  /**
   * A word among the flags that may expand to any flags (`docker run $OPTS image`): what the
   * flags say is incomplete; rules that judge a missing flag stay silent.
   */
  opaque?: [number, number];
  /** Edits at these offsets land where the shell reads them (false in folded YAML scalars and double-quoted ones with escapes: no fixes there). */
  exact: boolean;
  /** Where the line was found. */
  origin: 'shell' | 'makefile' | 'markdown' | 'ci';
}

/** The last flag of that name (Docker keeps the last value of a single-valued flag). */
export function flag(cmd: RunCommand, name: string): RunFlag | undefined {
  for (let i = cmd.flags.length - 1; i >= 0; i--) if (cmd.flags[i].name === name) return cmd.flags[i];
  return undefined;
}

/** Every flag of that name, in order (list flags such as `--cap-add`, `-v`, `--tmpfs`). */
export function flags(cmd: RunCommand, name: string): RunFlag[] {
  return cmd.flags.filter((f) => f.name === name);
}

/** An edit inserting ` <text>` right after `run`/`create` (on the same line: layout, indentation and prompts stay); undefined when edits are not exact there. */
export function insertFlag(cmd: RunCommand, text: string): Edit | undefined {
  if (!cmd.exact) return undefined;
  return { start: cmd.verbAt[1], end: cmd.verbAt[1], newText: ` ${text}` };
}

// ---------------------------------------------------------------------------------------------
// Sources: shell text with a map back to the file

export interface ShellSource {
  text: string;
  /** File offset of text[i] (length text.length + 1); undefined: text[i] is at base + i. */
  map?: Int32Array;
  base: number;
  exact: boolean;
  origin: RunCommand['origin'];
}

/** Builds a `ShellSource` piece by piece. */
export class SourceBuilder {
  private parts: string[] = [];
  private offs: number[] = [];
  private len = 0;
  /** `s` whose characters are at `from`, `from + 1`, … in the file. */
  add(s: string, from: number): void {
    this.parts.push(s);
    for (let k = 0; k < s.length; k++) this.offs.push(from + k);
    this.len += s.length;
  }
  /** `s` (often one character) standing for the file text at `at` (each character maps there). */
  addAt(s: string, at: number): void {
    this.parts.push(s);
    for (let k = 0; k < s.length; k++) this.offs.push(at);
    this.len += s.length;
  }
  get length(): number { return this.len; }
  build(exact: boolean, origin: RunCommand['origin'], endAt?: number): ShellSource {
    const map = new Int32Array(this.offs.length + 1);
    map.set(this.offs);
    map[this.offs.length] = endAt ?? (this.offs.length ? this.offs[this.offs.length - 1] + 1 : 0);
    return { text: this.parts.join(''), map, base: 0, exact, origin };
  }
}

const TOOL = /(?:^|[/\\])(docker|podman)(?:\.exe)?$/;
const MENTION = /\b(?:docker|podman)\b/;

/** The command lines in `text` (a file of this syntax). */
export function findRunCommands(text: string, syntax: Syntax): RunCommand[] {
  if (!MENTION.test(text)) return [];
  if (syntax === 'shell') return findInSources([{ text, base: 0, exact: true, origin: 'shell' }]);
  if (syntax === 'makefile') return findInSources(makefileSources(text));
  if (syntax === 'markdown') return findInSources(markdownSources(text));
  return [];
}

/** The command lines of these sources (see `ShellSource`). */
export function findInSources(sources: ShellSource[]): RunCommand[] {
  const out: RunCommand[] = [];
  for (const src of sources) {
    if (!MENTION.test(src.text)) continue;
    for (const words of shellCommands(src.text)) {
      if (!words.some((w) => w.value !== undefined && TOOL.test(w.value))) continue;
      const c = readCommand(words, src);
      if (c) out.push(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Flags

/**
 * Flags of `docker run`/`docker create` that take a value, from `docker run --help` of Docker
 * CLI 28 (docker/cli cli/command/container/opts.go `addFlags`, run.go and create.go), with the
 * hidden aliases `--net`, `--net-alias`, `--dns-opt` and the Windows-only ones. The others are
 * booleans: `--detach`, `--disable-content-trust`, `--help`, `--init`, `--interactive`,
 * `--no-healthcheck`, `--oom-kill-disable`, `--privileged`, `--publish-all`, `--quiet`,
 * `--read-only`, `--rm`, `--sig-proxy`, `--tty`, `--use-api-socket`.
 */
const DOCKER_VALUE = new Set(('add-host annotation attach blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent cgroupns cidfile '
  + 'cpu-count cpu-percent cpu-period cpu-quota cpu-rt-period cpu-rt-runtime cpu-shares cpus cpuset-cpus cpuset-mems detach-keys device '
  + 'device-cgroup-rule device-read-bps device-read-iops device-write-bps device-write-iops dns dns-opt dns-option dns-search domainname '
  + 'entrypoint env env-file expose gpus group-add health-cmd health-interval health-retries health-start-interval health-start-period '
  + 'health-timeout hostname io-maxbandwidth io-maxiops ip ip6 ipc isolation kernel-memory label label-file link link-local-ip log-driver '
  + 'log-opt mac-address memory memory-reservation memory-swap memory-swappiness mount name net net-alias network network-alias '
  + 'oom-score-adj pid pids-limit platform publish pull restart runtime security-opt shm-size stop-signal stop-timeout storage-opt sysctl '
  + 'tmpfs ulimit user userns uts volume volume-driver volumes-from workdir').split(' '));
/**
 * Value flags only `podman run`/`podman create` has (`podman run --help`, Podman 5). Podman's
 * other flags that are not Docker's are booleans (`--replace`, `--rmi`, `--env-host`, `--no-hosts`,
 * `--rootfs`, `--read-only-tmpfs`, `--http-proxy`, `--tls-verify` take a value only after `=`).
 */
const PODMAN_VALUE = new Set(('arch authfile cert-dir cgroup-conf cgroups chrootdirs conmon-pidfile creds decryption-key env-merge gidmap '
  + 'group-entry health-log-destination health-max-log-count health-max-log-size health-on-failure health-startup-cmd '
  + 'health-startup-interval health-startup-retries health-startup-success health-startup-timeout hostuser image-volume init-ctr '
  + 'init-path log-opt os passwd-entry personality pidfile pod pod-id-file preserve-fd preserve-fds rdt-class requires retry retry-delay '
  + 'sdnotify seccomp-policy secret shm-size-systemd subgidname subuidname systemd timeout tz uidmap umask unsetenv variant').split(' '));
/** Short flags (both tools). */
const SHORT: Record<string, string> = {
  a: 'attach', c: 'cpu-shares', d: 'detach', e: 'env', h: 'hostname', i: 'interactive', l: 'label', m: 'memory',
  p: 'publish', P: 'publish-all', q: 'quiet', t: 'tty', u: 'user', v: 'volume', w: 'workdir',
};
const takesValue = (tool: RunCommand['tool'], name: string) => DOCKER_VALUE.has(name) || (tool === 'podman' && PODMAN_VALUE.has(name));

/** Global options before the subcommand that take a value (`docker --context x run`, `podman --remote …`). */
const GLOBAL_VALUE = new Set(['config', 'context', 'c', 'host', 'H', 'log-level', 'l', 'tlscacert', 'tlscert', 'tlskey',
  'connection', 'url', 'identity', 'root', 'runroot', 'storage-driver', 'storage-opt', 'cgroup-manager', 'events-backend', 'runtime',
  'tmpdir', 'network-cmd-path', 'hooks-dir', 'module', 'ssh', 'volumepath', 'imagestore', 'conmon', 'db-backend', 'network-config-dir',
  'out', 'registries-conf', 'runtime-flag', 'cni-config-dir']);
/** Words that may come before the tool: `sudo docker run`, `exec docker run`, `if docker run …`. */
const PREFIX = new Set(['sudo', 'doas', 'exec', 'time', 'command', 'nohup', 'env', 'builtin', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'xargs']);
/** sudo options that take a value. */
const SUDO_VALUE = new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir']);

function readCommand(words: Word[], src: ShellSource): RunCommand | undefined {
  const off = (i: number) => (src.map ? src.map[i] : src.base + i);
  const endOff = (e: number) => (e > 0 ? off(e - 1) + 1 : off(0));
  const span = (s: number, e: number): [number, number] => [off(s), endOff(e)];
  let i = 0;
  // Prefixes and assignments up to the tool.
  let sudo = false;
  for (; i < words.length; i++) {
    const w = words[i], v = w.value;
    if (v !== undefined && TOOL.test(v)) break;
    if (/^[A-Za-z_]\w*=/.test(w.raw)) continue;
    if (sudo && v?.startsWith('-')) { if (SUDO_VALUE.has(v)) i++; continue; }
    if (v === undefined || !PREFIX.has(v)) return undefined;
    if (v === 'sudo' || v === 'doas' || v === 'env') sudo = true;
  }
  if (i >= words.length) return undefined;
  const tool = TOOL.exec(words[i].value!)![1] as RunCommand['tool'];
  const start = words[i].s;
  i++;
  // Global options.
  for (; i < words.length; i++) {
    const v = words[i].value;
    if (v === undefined || !v.startsWith('-') || v === '-') break;
    const name = v.replace(/^--?/, '');
    if (!name.includes('=') && GLOBAL_VALUE.has(name)) i++;
  }
  if (words[i]?.value === 'container') i++;
  const verbWord = words[i];
  if (!verbWord || (verbWord.value !== 'run' && verbWord.value !== 'create')) return undefined;
  const verb = verbWord.value as RunCommand['verb'];
  i++;
  const cmd: RunCommand = {
    tool, verb, at: span(start, words[words.length - 1].e), verbAt: span(verbWord.s, verbWord.e),
    flags: [], args: [], exact: src.exact, origin: src.origin,
  };
  const value = (w: Word) => (w.value === undefined ? {} : { value: w.value });
  for (; i < words.length; i++) {
    const w = words[i];
    const v = w.value;
    if (v === '--') { i++; break; }
    if (v === undefined && /^--?[A-Za-z]/.test(w.raw)) {
      // A flag whose value is an expansion (`--init=$INIT`, `-u$UID`): known name, unknown value.
      const m = /^--([A-Za-z][\w-]*)=/.exec(w.raw) ?? /^-([A-Za-z])(?=[^A-Za-z=])/.exec(w.raw);
      if (!m) { cmd.opaque ??= span(w.s, w.e); continue; }
      const name = m[0].startsWith('--') ? m[1] : SHORT[m[1]] ?? m[1];
      cmd.flags.push({ name, spelling: m[0].replace(/=$/, ''), hasValue: true, at: span(w.s, w.e), valueAt: span(w.s + m[0].length, w.e) });
      continue;
    }
    if (v === undefined) {
      // `$OPTS` among the flags may hold several flags; `$IMAGE` (or the last word) is the image.
      if (w.bareVar && i < words.length - 1 && !/IMAGE|IMG|TAG|REPO/i.test(w.raw)) { cmd.opaque ??= span(w.s, w.e); continue; }
      break;
    }
    if (!v.startsWith('-') || v === '-') break;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq < 0 ? v.slice(2) : v.slice(2, eq);
      const spelling = eq < 0 ? w.raw : w.raw.slice(0, w.raw.indexOf('=') < 0 ? w.raw.length : w.raw.indexOf('='));
      if (eq >= 0) {
        const rawEq = w.raw.indexOf('=');
        const valueAt: [number, number] | undefined = rawEq >= 0 ? span(w.s + rawEq + 1, w.e) : undefined;
        cmd.flags.push({ name, spelling, value: v.slice(eq + 1), hasValue: true, at: span(w.s, w.e), valueAt });
      } else if (takesValue(tool, name) && i + 1 < words.length) {
        const x = words[++i];
        cmd.flags.push({ name, spelling, ...value(x), hasValue: true, at: [off(w.s), endOff(x.e)], valueAt: span(x.s, x.e) });
      } else if (w.value === undefined) {
        cmd.opaque ??= span(w.s, w.e);
      } else {
        cmd.flags.push({ name, spelling, hasValue: false, at: span(w.s, w.e) });
      }
      continue;
    }
    // Short flags: a group of booleans, possibly ending in a value flag (pflag's shorthand parsing).
    const group = v.slice(1);
    for (let k = 0; k < group.length; k++) {
      const name = SHORT[group[k]] ?? group[k];
      if (!takesValue(tool, name)) {
        cmd.flags.push({ name, spelling: group.length > 1 ? w.raw : `-${group[k]}`, hasValue: false, at: span(w.s, w.e) });
        continue;
      }
      let rest = group.slice(k + 1);
      const spelling = w.raw.slice(0, Math.min(w.raw.length, k + 2));
      if (rest.length) {
        if (rest.startsWith('=')) rest = rest.slice(1);
        // where the value starts in the raw word (same position when the word is unquoted up to there)
        const rawStart = w.raw.startsWith(v.slice(0, k + 2)) ? w.s + k + 2 + (group[k + 1] === '=' ? 1 : 0) : w.s;
        cmd.flags.push({ name, spelling, value: rest, hasValue: true, at: span(w.s, w.e), valueAt: span(rawStart, w.e) });
      } else if (i + 1 < words.length) {
        const x = words[++i];
        cmd.flags.push({ name, spelling, ...value(x), hasValue: true, at: [off(w.s), endOff(x.e)], valueAt: span(x.s, x.e) });
      } else {
        cmd.flags.push({ name, spelling, hasValue: true, at: span(w.s, w.e) });
      }
      break;
    }
  }
  const img = words[i];
  if (img) {
    cmd.imageAt = span(img.s, img.e);
    if (img.value !== undefined && !img.value.startsWith('<')) cmd.image = { name: img.value, at: cmd.imageAt };
    for (const a of words.slice(i + 1)) cmd.args.push({ value: a.value ?? a.raw, at: span(a.s, a.e), known: a.value !== undefined });
  }
  return cmd;
}

// ---------------------------------------------------------------------------------------------
// Makefiles

/**
 * Make variables the Makefile sets to the docker or podman command (`DOCKER ?= docker`,
 * `CONTAINER_TOOL := podman`, `DOCKER = /usr/bin/docker`): `$(DOCKER) run …` in a recipe is a
 * docker run line. A variable set twice to different tools, or to anything else, is not known.
 */
function makeToolVariables(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const unknown = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*(?:override[ \t]+|export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?|::?|\+|!)?=[ \t]*(\S*)[ \t]*(?:#.*)?$/gm)) {
    const [, name, value] = m;
    const tool = TOOL.exec(value)?.[1];
    if (!tool || (out.has(name) && out.get(name) !== tool)) { unknown.add(name); continue; }
    out.set(name, tool);
  }
  for (const name of unknown) out.delete(name);
  return out;
}

/**
 * The recipe lines of a Makefile: lines that start with a tab (GNU make's default recipe prefix)
 * after a rule, with their backslash continuations. Each recipe line is run by its own shell
 * (`.ONESHELL` is not read). The tab and the `@`/`-`/`+` prefixes are not shell text; `$$` is a
 * `$` for the shell; `$(VAR)`/`${VAR}` stay as they are, which the shell reader treats as unknown
 * (make expands them before the shell runs). A continuation line's leading tab is removed by make
 * (GNU make manual, "Splitting Recipe Lines"), and so is it here. `define` blocks are skipped.
 */
export function makefileSources(text: string): ShellSource[] {
  const out: ShellSource[] = [];
  const tools = makeToolVariables(text);
  /** `$(NAME)`/`${NAME}` at k naming a variable the Makefile sets to docker or podman: that tool, and where the reference ends. */
  const toolRef = (k: number): { tool: string; end: number } | undefined => {
    if (!tools.size || text[k] !== '$' || (text[k + 1] !== '(' && text[k + 1] !== '{')) return undefined;
    const close = text.indexOf(text[k + 1] === '(' ? ')' : '}', k + 2);
    const tool = close > 0 ? tools.get(text.slice(k + 2, close)) : undefined;
    return tool ? { tool, end: close } : undefined;
  };
  const n = text.length;
  let pos = 0;
  let inRule = false, inDefine = false;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const line = text.slice(pos, eol);
    if (inDefine) { if (/^\s*endef\b/.test(line)) inDefine = false; pos = eol + 1; continue; }
    if (/^\s*define\b/.test(line)) { inDefine = true; pos = eol + 1; continue; }
    if (line.startsWith('\t') && inRule) {
      // A recipe line and its continuations.
      const b = new SourceBuilder();
      let p = pos + 1;
      let first = true;
      for (;;) {
        let e = text.indexOf('\n', p);
        if (e < 0) e = n;
        let q = p;
        if (first) { while (q < e && /[@+\- \t]/.test(text[q])) q++; first = false; }
        for (let k = q; k < e; k++) {
          if (text[k] === '$' && text[k + 1] === '$') { b.addAt('$', k); k++; continue; }
          const ref = toolRef(k);
          if (ref) { b.addAt(ref.tool, k); k = ref.end; continue; }
          b.add(text[k], k);
        }
        const body = text.slice(p, e).replace(/\r$/, '');
        if (!body.endsWith('\\') || e >= n) { pos = e + 1; break; }
        b.add('\n', e);
        p = e + 1;
        if (text[p] === '\t') p++;
      }
      if (b.length) out.push(b.build(true, 'makefile'));
      continue;
    }
    const t = line.replace(/\r$/, '');
    if (t.trim() === '' || /^\s*#/.test(t)) { pos = eol + 1; continue; }
    // A rule line (`target: prereqs`, not `VAR := x` / `VAR = x`); `target: ; cmd` has a recipe after `;`.
    inRule = /^[^\t#=:][^#=:]*:(?!=)/.test(t);
    if (inRule) {
      const semi = t.indexOf(';');
      if (semi > 0 && !/:=/.test(t)) {
        const b = new SourceBuilder();
        for (let k = pos + semi + 1; k < pos + t.length; k++) {
          if (text[k] === '$' && text[k + 1] === '$') { b.addAt('$', k); k++; continue; }
          const ref = toolRef(k);
          if (ref) { b.addAt(ref.tool, k); k = ref.end; continue; }
          b.add(text[k], k);
        }
        if (b.length) out.push(b.build(true, 'makefile'));
      }
    }
    pos = eol + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Info strings of the code blocks read as shell. */
const SHELL_INFO = new Set(['sh', 'bash', 'shell', 'console', 'shell-session', 'zsh']);
/** Blocks whose command lines carry a prompt (`$ `, `# `), the other lines being output. */
const SESSION_INFO = new Set(['console', 'shell-session']);

/**
 * The shell code blocks of a Markdown file. A fence scan after CommonMark (0.31, "Fenced code
 * blocks"): an opening run of at least three backticks (no backtick in the info string) or
 * tildes, closed by a run of the same character at least as long with nothing but blanks after it,
 * or by the end of the file; the content lines lose as many leading spaces as the fence had. Unlike
 * CommonMark, a fence indented four or more spaces is also read (code blocks nested in list items are
 * indented so), and fences inside block quotes (`> `) are not. `sh`, `bash`, `shell`, `zsh`: every
 * line is script, a leading `$ ` prompt is dropped; `console`, `shell-session`: only lines after a
 * `$ ` or `# ` prompt are commands (with their `\` continuations, a `> ` continuation prompt
 * dropped), the rest is output.
 */
export function markdownSources(text: string): ShellSource[] {
  const out: ShellSource[] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const m = /^( *)(`{3,}|~{3,})([^\n]*)$/.exec(text.slice(pos, eol).replace(/\r$/, ''));
    if (!m || (m[2][0] === '`' && m[3].includes('`'))) { pos = eol + 1; continue; }
    const indent = m[1].length, fence = m[2];
    const info = m[3].trim().split(/[\s{,]/)[0].replace(/^\{?\.?/, '').toLowerCase();
    // Find the closing fence.
    const lines: [number, number][] = [];
    let p = eol + 1;
    let closed = n;
    while (p < n) {
      let e = text.indexOf('\n', p);
      if (e < 0) e = n;
      const l = text.slice(p, e).replace(/\r$/, '');
      const c = /^( *)(`{3,}|~{3,})[ \t]*$/.exec(l);
      if (c && c[2][0] === fence[0] && c[2].length >= fence.length) { closed = e; break; }
      lines.push([p, e]);
      p = e + 1;
    }
    if (SHELL_INFO.has(info)) {
      const body = lines.length ? text.slice(lines[0][0], lines[lines.length - 1][1]) : '';
      if (MENTION.test(body)) out.push(blockSource(text, lines, indent, SESSION_INFO.has(info)));
    }
    pos = closed + 1;
  }
  return out;
}

function blockSource(text: string, lines: [number, number][], indent: number, session: boolean): ShellSource {
  const b = new SourceBuilder();
  let continuing = false;
  for (const [s, e0] of lines) {
    const e = text[e0 - 1] === '\r' ? e0 - 1 : e0;
    let q = s;
    for (let k = 0; k < indent && text[q] === ' '; k++) q++;
    let line = text.slice(q, e);
    if (session) {
      if (continuing) {
        if (line.startsWith('> ')) { q += 2; line = line.slice(2); }
      } else if (/^[$#] /.test(line)) { q += 2; line = line.slice(2); } else { b.add('\n', e0); continue; }
    } else if (line.startsWith('$ ')) { q += 2; line = line.slice(2); }
    b.add(text.slice(q, e), q);
    b.add('\n', e0);
    continuing = /(^|[^\\])(\\\\)*\\$/.test(line);
  }
  return b.build(true, 'markdown');
}
