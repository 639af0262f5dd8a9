/**
 * The knowledge module (RUNTIMES.md): for a service, a container or a Dockerfile stage it answers
 * what PID 1 is, which `/bin/sh` the image has, whether the program handles the stop signal, whether
 * it reaps, and whether the image runs an init (s6-overlay). Every rule asks it; no rule keeps its
 * own image list. The facts are the tables in `tables.ts` (a cited source per row); this file only
 * reads them. Lookups are cached per image string.
 */
import { analyzeScript, shellScriptIndex, stripInit, isShell } from '../shell';
import type { DockerfileModel, Stage, DfInstruction } from '../model/dockerfile';
import { effective, effectiveCmd, expandArgs, logicalArgs, stageChain, baseImage } from '../model/dockerfile';
import {
  IMAGES, NONROOT_TAG, PROGRAMS, PROGRAM_NAMES, PROGRAM_PATHS, EXEC_WRAPPERS, OFFICIAL_ENTRYPOINT,
} from './tables';
import type { Family, ImageRow, Pid1Kind, ProgramRow, ShellKind } from './tables';
import type { HandlerScan } from '../project/handlers';

export type { Family, Pid1Kind, ProgramRow, ShellKind } from './tables';

// ---------------------------------------------------------------------------------------------
// Image references

export interface ImageRef {
  /** As written. */
  raw: string;
  /** Normalised repository: lower-case, `${VAR:-default}` replaced by its default, no docker.io/library/, no tag or digest. */
  name: string;
  tag: string;
  /** A variable without a default remains in the name: nothing is known about it. */
  unresolved: boolean;
}

/** `${VAR:-x}` / `${VAR-x}` → x; `${VAR}` / `$VAR` stay (unresolved). */
export function substituteDefaults(s: string): string {
  return s.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1');
}

export function parseImageRef(image: string): ImageRef {
  const raw = image;
  let s = substituteDefaults(image.trim()).toLowerCase().replace(/^["']|["']$/g, '');
  s = s.replace(/@[a-z0-9]+:[0-9a-f]+$/, '');
  const slash = s.lastIndexOf('/');
  const colon = s.indexOf(':', slash + 1);
  let tag = '';
  if (colon >= 0) { tag = s.slice(colon + 1); s = s.slice(0, colon); }
  s = s.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return { raw, name: s, tag, unresolved: s.includes('$') || s === '' };
}

/** Normalised image repository (see `parseImageRef`). */
export function imageName(image: string): string {
  return parseImageRef(image).name;
}

// ---------------------------------------------------------------------------------------------
// Image facts

export interface Fact<T> { value: T; source: string }

export interface ImageInfo {
  ref: ImageRef;
  shell: Fact<ShellKind>;
  /** The image's own ENTRYPOINT is an init or supervisor. */
  init?: Fact<{ name: string; s6: boolean }>;
  /** The program the image runs by default, when known. */
  program?: Fact<ProgramRow>;
  /** Its `docker-entrypoint.sh` ends with `exec "$@"`: the command becomes PID 1. */
  execEntrypoint: boolean;
  /** Its ENTRYPOINT is its program: a command only adds arguments. */
  entrypointProgram?: boolean;
  family?: Fact<Family>;
  user?: Fact<'drops' | 'needs-root' | 'root' | 'nonroot'>;
  tmpExec?: Fact<string>;
  /** The image sets no ENTRYPOINT of its own. */
  noEntrypoint?: Fact<true>;
  /** Its package manager: apk (Alpine), apt (a dash /bin/sh means Debian/Ubuntu), else unknown. */
  pkg?: Fact<'apk' | 'apt'>;
}

const imageCache = new Map<string, ImageInfo>();

/** What the tables know about an image (cached per string). Every field is optional but `shell`, which may be 'unknown'. */
export function imageInfo(image: string): ImageInfo {
  let info = imageCache.get(image);
  if (info) return info;
  const ref = parseImageRef(image);
  info = { ref, shell: { value: 'unknown', source: 'not in the knowledge tables' }, execEntrypoint: false };
  if (!ref.unresolved) {
    const seen = new Set<string>();
    for (const row of IMAGES) {
      if (!row.name.test(ref.name) || (row.tag && !row.tag.test(ref.tag))) continue;
      apply(info, row, seen);
    }
    if (!seen.has('user') && NONROOT_TAG.test(ref.tag)) info.user = { value: 'nonroot', source: 'a nonroot tag (distroless convention)' };
    if (!info.pkg && info.shell.value === 'dash') info.pkg = { value: 'apt', source: `${info.shell.source} (dash: Debian/Ubuntu, apt)` };
  }
  if (imageCache.size > 5000) imageCache.clear();
  imageCache.set(image, info);
  return info;
}

function apply(info: ImageInfo, row: ImageRow, seen: Set<string>): void {
  const first = (k: string) => { if (seen.has(k)) return false; seen.add(k); return true; };
  if (row.shell && first('shell')) info.shell = { value: row.shell, source: row.source };
  if (row.init && first('init')) info.init = { value: { name: row.init.name, s6: !!row.init.s6 }, source: row.source };
  if (row.program && first('program')) info.program = { value: PROGRAMS[row.program], source: row.source };
  if (row.execEntrypoint && first('exec')) info.execEntrypoint = true;
  if (row.entrypointProgram && first('entrypointProgram')) info.entrypointProgram = true;
  if (row.family && first('family')) info.family = { value: row.family, source: row.source };
  if (row.user && first('user')) info.user = { value: row.user, source: row.source };
  if (row.tmpExec && first('tmp')) info.tmpExec = { value: row.tmpExec, source: row.source };
  if (row.noEntrypoint && first('noEntrypoint')) info.noEntrypoint = { value: true, source: row.source };
  if (row.pkg && first('pkg')) info.pkg = { value: row.pkg, source: row.source };
}

/** The init an image's own ENTRYPOINT runs (display name), or undefined. */
export function knownInitImage(image: string | undefined): string | undefined {
  return image ? imageInfo(image).init?.value.name : undefined;
}

/** The image runs s6-overlay: `init: true` / `--init` in front of it makes it refuse to start. */
export function runsS6(image: string | undefined): boolean {
  return !!image && !!imageInfo(image).init?.value.s6;
}

// ---------------------------------------------------------------------------------------------
// Programs

export interface Program {
  row: ProgramRow;
  /** The argv of that program as far as known (wrappers, inits, `exec` stripped). */
  argv: string[];
}

const UNKNOWN: ProgramRow = { name: 'an unknown program', kind: 'unknown', handles: [], reaps: false, source: 'not in the knowledge tables' };

const base = (p: string) => p.replace(/^.*\//, '');

/** The program row for an argv[0] (by full path, then basename), or undefined. */
export function programRow(argv0: string): ProgramRow | undefined {
  const a = argv0.trim();
  if (PROGRAM_PATHS[a]) return PROGRAMS[PROGRAM_PATHS[a]];
  const b = base(a);
  for (const [re, key] of PROGRAM_NAMES) if (re.test(b)) return PROGRAMS[key];
  return undefined;
}

/** Does the program handle `signal` (name like SIGTERM or TERM, or a number)? undefined when unknown. */
export function handles(row: ProgramRow, signal = 'SIGTERM'): boolean | undefined {
  if (row.kind === 'unknown') return undefined;
  if (row.handles.includes('*')) return true;
  return row.handles.includes(normalizeSignal(signal));
}

const SIGNAL_NUMBERS: Record<string, string> = { '1': 'SIGHUP', '2': 'SIGINT', '3': 'SIGQUIT', '9': 'SIGKILL', '10': 'SIGUSR1', '12': 'SIGUSR2', '15': 'SIGTERM', '19': 'SIGSTOP', '28': 'SIGWINCH' };

/** `TERM`, `sigterm`, `15` → `SIGTERM` (as far as known). */
export function normalizeSignal(s: string): string {
  const t = s.trim().toUpperCase();
  if (/^\d+$/.test(t)) return SIGNAL_NUMBERS[String(Number(t))] ?? t;
  return t.startsWith('SIG') ? t : `SIG${t}`;
}

/** Strips wrappers that exec the next program (`env A=1`, `gosu user`, `su-exec u`, `setpriv --reuid=1 …`, `exec`). */
export function stripWrappers(argv: readonly string[]): string[] {
  let a = [...argv];
  for (let hop = 0; hop < 8 && a.length; hop++) {
    const w = EXEC_WRAPPERS[base(a[0])];
    if (!w) break;
    let i = 1;
    if (w.skip === 'user') i = 2;
    else if (w.skip === 'env') { while (i < a.length && (/^[A-Za-z_]\w*=/.test(a[i]) || /^-/.test(a[i]))) i++; }
    else { while (i < a.length && /^-/.test(a[i])) i++; }
    a = a.slice(i);
  }
  // leading VAR=value words (a shell command's assignments)
  while (a.length && /^[A-Za-z_]\w*=/.test(a[0])) a = a.slice(1);
  return a;
}

// ---------------------------------------------------------------------------------------------
// PID 1

export interface Pid1 {
  /** What PID 1 is (kind 'unknown' when the linter cannot tell). */
  row: ProgramRow;
  /** The argv PID 1 runs, as far as known. */
  argv?: string[];
  /** Where the answer comes from, for messages and the hover ("its command", "the image \"postgres\""). */
  via: string;
  /** The image's `/bin/sh`. */
  shell: Fact<ShellKind>;
  /** s6-overlay's /init is (or will be) PID 1: `init: true` would break the container. */
  s6: boolean;
  /** An init in front of a `sh -c` forwards only to the shell: set when PID 1 is an init whose child is a shell that does not exec. */
  initBeforeShell?: boolean;
  /** A package manager start (npm start, yarn …) somewhere in the chain. */
  packageManager?: PackageManagerStart;
  source: string;
}

export interface PackageManagerStart { manager: 'npm' | 'yarn' | 'pnpm'; script?: string; argv: string[] }

/**
 * `npm start`, `npm run x`, `npm run-script x`, `yarn`, `yarn start`, `yarn x`, `pnpm start`, `pnpm run x`:
 * the package manager runs the package.json script with `sh -c`. Not `npm ci`/`install` and not
 * `yarn install`, which start no long-running program.
 */
export function packageManagerStart(argv: readonly string[]): PackageManagerStart | undefined {
  const a = stripWrappers(argv);
  const b = a[0] && base(a[0]);
  if (b !== 'npm' && b !== 'yarn' && b !== 'pnpm') return undefined;
  const args = a.slice(1).filter((x) => !x.startsWith('-'));
  const sub = args[0];
  const NOT_RUN = /^(ci|install|i|add|remove|uninstall|update|upgrade|audit|publish|pack|init|config|cache|login|logout|version|help|view|info|outdated|ls|list|link|prune|rebuild|dedupe|why|set|get|exec|x|dlx|npx|create)$/;
  if (b === 'npm') {
    if (sub === 'start' || sub === 'stop' || sub === 'restart' || sub === 'test' || sub === 't') return { manager: 'npm', script: sub === 't' ? 'test' : sub, argv: a };
    if ((sub === 'run' || sub === 'run-script' || sub === 'rum' || sub === 'urn') && args[1]) return { manager: 'npm', script: args[1], argv: a };
    return undefined;
  }
  if (sub === undefined) return b === 'yarn' ? undefined : undefined; // bare `yarn` installs
  if (NOT_RUN.test(sub)) return undefined;
  if (sub === 'run' && args[1]) return { manager: b, script: args[1], argv: a };
  if (sub === 'run') return undefined;
  return { manager: b, script: sub, argv: a };
}

export interface StartInput {
  /** The image reference (compose `image:`, a container's `image:`, a Dockerfile final base). */
  image?: string;
  /** The entrypoint set here (compose `entrypoint:`, k8s `command:`), undefined when not set. `[]` resets it. */
  entrypoint?: string[];
  /** The command set here (compose `command:`, k8s `args:`), undefined when not set. */
  command?: string[];
  /** The image's Dockerfile, when it can be read (the stage that is built). */
  dockerfile?: { model: DockerfileModel; stage: Stage | undefined };
  /** How the two fields are called where they are written (messages): Kubernetes' are `command` and `args`. */
  fields?: { entrypoint: string; command: string };
  /** `docker run --init` / compose `init: true`: docker-init runs in front. Not applied here: the caller decides. */
  /**
   * What the build context's sources install (core/project/handlers.ts): refines a program the
   * tables leave unknown or generic (a Go module's binary is a Go program; a Node program with a
   * SIGTERM handler handles it). See `refineByHandlers`.
   */
  handlers?: HandlerScan;
}

/** The argv an instruction runs (exec form, or `/bin/sh -c <text>` for the shell form). */
export function instructionArgv(model: DockerfileModel, ins: DfInstruction): string[] {
  return ins.execForm ?? ['/bin/sh', '-c', logicalArgs(model, ins).text];
}

/** A Dockerfile stage's effective ENTRYPOINT and CMD argv (Docker's rules: a shell-form ENTRYPOINT ignores CMD). */
export function dockerfileArgv(model: DockerfileModel, stage: Stage | undefined): { entrypoint?: string[]; command?: string[]; entrypointIns?: DfInstruction; commandIns?: DfInstruction } {
  const ep = effective(stage, 'ENTRYPOINT');
  const cmd = effectiveCmd(stage);
  return {
    entrypoint: ep ? instructionArgv(model, ep.ins) : undefined,
    entrypointIns: ep?.ins,
    command: cmd ? instructionArgv(model, cmd.ins) : undefined,
    commandIns: cmd?.ins,
  };
}

/** The final base image of a stage, through `FROM <stage>` and ARG defaults. */
export function stageBaseImage(model: DockerfileModel, stage: Stage): string {
  return expandArgs(model, baseImage(stage));
}

/**
 * The family of the program a stage runs (RULES.md principle 6): the family of a build stage its
 * files are copied from (`COPY --from=build`), else of its base image.
 */
export function stageFamily(model: DockerfileModel, stage: Stage | undefined): Fact<Family> | undefined {
  if (!stage) return undefined;
  const fromStages: Fact<Family>[] = [];
  for (const s of stageChain(stage)) {
    for (const i of s.instructions) {
      if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
      const m = /--from=(\S+)/i.exec(model.text.slice(i.start, i.argsStart ?? i.end));
      if (!m) continue;
      const ref = expandArgs(model, m[1]).toLowerCase();
      const src = model.stages.find((x) => x.name === ref) ?? (/^\d+$/.test(ref) ? model.stages[Number(ref)] : undefined);
      const img = src ? stageBaseImage(model, src) : ref;
      const fam = imageInfo(img).family;
      if (fam) fromStages.push({ value: fam.value, source: `COPY --from a stage built FROM ${parseImageRef(img).name} (${fam.source})` });
    }
  }
  // The last copy usually brings the program; when every build stage agrees, trust it.
  if (fromStages.length && fromStages.every((f) => f.value === fromStages[0].value)) return fromStages[fromStages.length - 1];
  if (fromStages.length) return undefined;
  return imageInfo(stageBaseImage(model, stage)).family;
}

/** The `/bin/sh` of the image that runs (a Dockerfile stage's final base, or an image name). */
export function shellOf(image: string | undefined, dockerfile?: { model: DockerfileModel; stage: Stage | undefined }): Fact<ShellKind> {
  if (dockerfile?.stage) return imageInfo(stageBaseImage(dockerfile.model, dockerfile.stage)).shell;
  if (image) return imageInfo(image).shell;
  return { value: 'unknown', source: 'no image is named' };
}

/** Does this shell exec the last simple command of a `-c` script by itself (busybox ash, bash)? */
export function shellExecsLast(shell: ShellKind): boolean {
  return shell === 'busybox' || shell === 'bash';
}

/**
 * What PID 1 is for a container started from `input` (without compose `init: true`: the caller
 * adds that). Docker's argv: ENTRYPOINT (the one set here, else the image's) followed by CMD (the one
 * set here; the image's only when the ENTRYPOINT was not overridden).
 */
export function pid1(input: StartInput): Pid1 {
  const p = pid1Alone(input);
  return input.handlers ? refineByHandlers(p, input.handlers) : p;
}

/**
 * PID 1 refined by what the build context's sources show (RUNTIMES.md "Programs as PID 1"): a
 * binary the tables do not know, built from a Go module, is a Go program (the runtime exits on
 * SIGTERM), from a Maven/Gradle project a JVM program (shutdown hooks), from a Cargo project a
 * native program; a native, Node or Python program handles what its own code installs handlers
 * for. Only the program itself, not an init or shell in front of it.
 */
export function refineByHandlers(p: Pid1, scan: HandlerScan): Pid1 {
  const a0 = base(p.argv?.[0] ?? '');
  const binary = p.row.kind === 'unknown' && !!a0 && !/\.\w+$/.test(a0) && !isShell(a0);
  const coded = [...scan.handles.keys()];
  const why = `its build context is a ${scan.language} project (${base(scan.manifest)})`;
  if (binary && scan.language === 'go') return { ...p, row: PROGRAMS.go, source: `${why}; ${PROGRAMS.go.source}` };
  if (binary && scan.language === 'java') return { ...p, row: PROGRAMS.java, source: `${why}; ${PROGRAMS.java.source}` };
  const withCode = (row: ProgramRow, runtime: string[]): Pid1 => {
    const handles = coded.includes('*') ? ['*'] : [...new Set([...runtime, ...coded])];
    if (!coded.length) return row === p.row ? p : { ...p, row, source: `${why}; ${row.source}` };
    const sites = coded.map((s) => { const h = scan.handles.get(s)![0]; return `${s}: ${base(h.path)}:${h.line + 1}`; }).join(', ');
    return { ...p, row: { ...row, handles }, source: `its sources install handlers (${sites}); ${row.source}` };
  };
  if (scan.language === 'rust' && (binary || p.row.kind === 'native')) return withCode(PROGRAMS.native, []);
  if (scan.language === 'node' && p.row.name === 'node') return withCode(p.row, []);
  if (scan.language === 'python' && p.row.name === 'python') return withCode(p.row, p.row.handles);
  return p;
}

function pid1Alone(input: StartInput): Pid1 {
  const df = input.dockerfile;
  const image = input.image ?? (df?.stage ? stageBaseImage(df.model, df.stage) : undefined);
  const info = image ? imageInfo(image) : undefined;
  const shell = shellOf(input.image, df);
  const fromDf = df ? dockerfileArgv(df.model, df.stage) : undefined;
  // The image this container runs: the Dockerfile's base (its final stage) or the named image.
  const baseInfo = df?.stage ? imageInfo(stageBaseImage(df.model, df.stage)) : info;

  let entry: string[] | undefined;
  let cmd: string[] | undefined;
  let via = '';
  if (input.entrypoint !== undefined) {
    entry = input.entrypoint;
    cmd = input.command ?? [];
    via = `its ${input.fields?.entrypoint ?? 'entrypoint'}`;
  } else if (fromDf?.entrypoint) {
    entry = fromDf.entrypoint;
    cmd = input.command ?? fromDf.command ?? [];
    via = "the Dockerfile's ENTRYPOINT";
  } else if (df && !fromDf?.entrypoint && baseInfo?.init) {
    return { row: baseInfo.init.value.s6 ? PROGRAMS['s6-init'] : { ...PROGRAMS.tini, name: baseInfo.init.value.name }, via: `the base image's ENTRYPOINT (${baseInfo.init.value.name})`, shell, s6: baseInfo.init.value.s6, source: baseInfo.init.source };
  } else if (!df && info?.init) {
    return { row: info.init.value.s6 ? PROGRAMS['s6-init'] : { ...PROGRAMS.tini, name: info.init.value.name }, via: `the image's ENTRYPOINT (${info.init.value.name})`, shell, s6: info.init.value.s6, source: info.init.source };
  } else if ((df ? baseInfo : info)?.entrypointProgram && (df ? baseInfo : info)?.program) {
    // The image's ENTRYPOINT is its program: the command (here or the Dockerfile's CMD) only adds arguments.
    const src = (df ? baseInfo : info)!;
    const prog = src.program!;
    const args = input.command ?? fromDf?.command ?? [];
    return { row: prog.value, argv: [prog.value.name, ...args], via: `the ENTRYPOINT of the image "${src.ref.name}"`, shell, s6: false, source: prog.source };
  } else {
    entry = undefined;
    cmd = input.command ?? fromDf?.command;
    via = input.command ? `its ${input.fields?.command ?? 'command'}` : fromDf?.command ? "the Dockerfile's CMD" : '';
  }
  let argv = [...(entry ?? []), ...(cmd ?? [])];
  // The official images' docker-entrypoint.sh execs its arguments.
  if (argv.length && OFFICIAL_ENTRYPOINT.test(argv[0]) && baseInfo?.execEntrypoint) argv = argv.slice(1);
  // A command that starts with a flag is passed to the image's ENTRYPOINT: the official images'
  // docker-entrypoint.sh puts their program in front of it (`mysqld --flag`), others are unknown.
  if (!entry && argv.length && argv[0].startsWith('-')) {
    const prog = (baseInfo ?? info)?.program;
    const name = (baseInfo ?? info)?.ref.name;
    if (prog && (baseInfo ?? info)?.execEntrypoint) return { row: prog.value, argv: [prog.value.name, ...argv], via: `the image "${name}"`, shell, s6: false, source: prog.source };
    return { row: UNKNOWN, via: image ? `the image "${parseImageRef(image).name}"` : 'nothing', shell, s6: false, source: UNKNOWN.source };
  }
  if (!argv.length) {
    const prog = (baseInfo ?? info)?.program;
    if (prog && !(input.command || fromDf?.command)) {
      return { row: prog.value, argv: [prog.value.name], via: `the image "${(baseInfo ?? info)!.ref.name}"`, shell, s6: false, source: prog.source };
    }
    return { row: UNKNOWN, via: image ? `the image "${parseImageRef(image).name}"` : 'nothing', shell, s6: false, source: UNKNOWN.source };
  }
  const r = judgeArgv(argv, shell.value, df ? stageFamily(df.model, df.stage) : info?.family, baseInfo);
  return { ...r, via: via || `its ${input.fields?.command ?? 'command'}`, shell, s6: r.s6 ?? false };
}

/** PID 1 for an argv (inits, wrappers, shells and package managers followed). */
export function judgeArgv(argv0: readonly string[], shell: ShellKind, family?: Fact<Family>, image?: ImageInfo): Omit<Pid1, 'via' | 'shell' | 's6'> & { s6?: boolean } {
  const init = stripInit(argv0);
  if (init) {
    const row = init.stopsAll ? PROGRAMS['s6-init'] : programRow(init.init) ?? PROGRAMS.tini;
    // An init in front of `sh -c` that does not exec: it forwards to the shell only.
    const child = init.rest.length ? judgeArgv(init.rest, shell, family, image) : undefined;
    const initBeforeShell = !!child && child.row.kind === 'shell' && !init.signalsGroup;
    return { row, argv: [...argv0], s6: init.stopsAll, initBeforeShell, packageManager: child?.packageManager, source: row.source };
  }
  const argv = stripWrappers(argv0);
  if (!argv.length) return { row: UNKNOWN, source: UNKNOWN.source };
  if (argv.length && OFFICIAL_ENTRYPOINT.test(argv[0]) && image?.execEntrypoint && argv.length > 1) return judgeArgv(argv.slice(1), shell, family, image);
  // sh -c script
  const si = shellScriptIndex(argv);
  if (si !== undefined) {
    const sh = base(argv.slice(0, si).find((x) => isShell(x)) ?? argv[0]);
    const kind: ShellKind = sh === 'bash' ? 'bash' : shell;
    const a = analyzeScript(argv[si]);
    const last = a.commands[a.commands.length - 1];
    const lastIsProgram = last && !a.noFixReason;
    const execs = a.execsLast || (lastIsProgram && shellExecsLast(kind) && !a.trapsSignals);
    if (a.trapsSignals) return { row: { ...PROGRAMS.shell, handles: ['SIGTERM', 'SIGINT'] }, argv: [...argv], source: 'the script traps TERM/INT' };
    const lastArgv = last?.words ?? [];
    const pm = lastArgv.length ? packageManagerStart(lastArgv) : undefined;
    if (execs && lastArgv.length) {
      const inner = judgeArgv(lastArgv, shell, family, image);
      return { ...inner, packageManager: inner.packageManager ?? pm };
    }
    return { row: PROGRAMS.shell, argv: [...argv], packageManager: pm, source: PROGRAMS.shell.source };
  }
  if (isShell(argv[0]) && argv.length > 1 && /\.(ba)?sh$/.test(argv[1])) return { row: PROGRAMS.shell, argv: [...argv], source: PROGRAMS.shell.source };
  const pm = packageManagerStart(argv);
  if (pm) return { row: PROGRAMS[pm.manager], argv: [...argv], packageManager: pm, source: PROGRAMS[pm.manager].source };
  let row = programRow(argv[0]);
  // python -m gunicorn / uvicorn …; bundle exec puma …
  if (row?.name === 'python') {
    const m = argv.indexOf('-m');
    const mod = m >= 0 ? argv[m + 1] : undefined;
    const inner = mod ? programRow(mod) : undefined;
    if (inner && inner.kind === 'runtime') row = inner;
  }
  if (!row && base(argv[0]) === 'bundle' && argv[1] === 'exec' && argv[2]) row = programRow(argv[2]) ?? PROGRAMS.ruby;
  if (!row && isShell(argv[0])) row = PROGRAMS.shell;
  // A script (`./entrypoint.sh`) or a file another runtime loads (`app.wasm`, `x.jar`) is not the
  // program the build stage compiled: it may run anything.
  if (!row && family && !/\.(ba|z|k)?sh$|\.(py|js|mjs|cjs|rb|pl|php|wasm|jar|apk)$/.test(argv[0])) {
    if (family.value === 'go') return { row: PROGRAMS.go, argv: [...argv], source: family.source };
    if (family.value === 'native') return { row: PROGRAMS.native, argv: [...argv], source: family.source };
    // a .NET apphost runs the same runtime as `dotnet x.dll` (RUNTIMES.md Programs: .NET handles SIGTERM)
    if (family.value === 'dotnet') return { row: PROGRAMS.dotnet, argv: [...argv], source: family.source };
    // A JVM build's start script (Gradle's application plugin, Open Liberty's server) execs java.
    if (family.value === 'jvm') return { row: PROGRAMS.java, argv: [...argv], source: family.source };
    // A BEAM release's bin/ script execs the release (mix release, rebar3).
    if (family.value === 'beam') return { row: PROGRAMS.erl, argv: [...argv], source: family.source };
  }
  if (!row) return { row: UNKNOWN, argv: [...argv], source: UNKNOWN.source };
  return { row, argv: [...argv], source: row.source };
}

/** The image's user facts (for root-user rules). */
export function imageUser(image: string | undefined): Fact<'drops' | 'needs-root' | 'root' | 'nonroot'> | undefined {
  return image ? imageInfo(image).user : undefined;
}

/**
 * Why running this image as root is what it needs, or harmless, in words: it drops to its own
 * user itself, or it needs root to start. Undefined when the tables know neither.
 */
export function imageRootReason(image: string | undefined): string | undefined {
  const u = imageUser(image);
  if (u?.value === 'drops') return `the image "${parseImageRef(image!).name}" starts as root and drops to its own user itself`;
  if (u?.value === 'needs-root') return `the image "${parseImageRef(image!).name}" needs root to start`;
  return undefined;
}

/** Why this PID 1 misses the stop signal, in words (RUNTIMES.md "Programs as PID 1"). */
export function ignoresInWords(p: Pick<Pid1, 'row'>, signal: string): string {
  switch (p.row.kind) {
    case 'interpreter':
      return p.row.family === 'python' && signal === 'SIGTERM' ? 'ignores SIGTERM (only SIGINT has a handler)' : `ignores ${signal} without a handler`;
    case 'shell': return `ignores ${signal} unless the script traps it`;
    case 'native': return `ignores ${signal} unless the program installs a handler`;
    default: return `does not handle ${signal}`;
  }
}

/** The tables know what the image runs at start (its program, family, init, or a base OS image with no ENTRYPOINT). */
export function entrypointKnown(image: string): boolean {
  const info = imageInfo(image);
  return !info.ref.unresolved && !!(info.program || info.family || info.init || info.execEntrypoint || info.user?.value === 'root');
}

/** The image loads native libraries from /tmp (the tmpfs fix writes `/tmp:exec`). */
export function imageTmpExec(image: string | undefined): Fact<string> | undefined {
  return image ? imageInfo(image).tmpExec : undefined;
}

/** Messages: the shell's behaviour in words, for the hover and docs. */
export function shellBehaviour(shell: ShellKind): string {
  switch (shell) {
    case 'dash': return 'its /bin/sh is dash, which never execs the last command of a -c script';
    case 'busybox': return "its /bin/sh is busybox ash, which execs a script's last simple command itself";
    case 'bash': return "its /bin/sh is bash, which execs a script's last simple command itself";
    case 'none': return 'the image has no /bin/sh';
    default: return 'its /bin/sh is not known (dash never execs the last command; busybox and bash do)';
  }
}
