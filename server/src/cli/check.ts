/**
 * The `check` command: load the config file, discover files (or read standard input), read
 * them, lint (or harden: write with --fix, diff with --fix-dry-run), print with the chosen
 * formatter, and decide the exit code.
 *
 * Exit codes: 0 clean; 1 findings at or above `failOn` (errors by default; with --quiet errors
 * only), or more warnings than --max-warnings; 2 when the config file has problems or a path
 * argument does not exist (nothing is linted), or when something could not be done: an
 * unreadable file or directory (EACCES…), a failed --fix write, a --fix write refused (the file
 * changed since it was read, or it is reached through a symlink that leads out of the scanned
 * directory: `skipped: … (not written)`), a rule that crashed. Those are reported on stderr, the
 * run goes on, the results are printed, and 2 wins over 1.
 * Not failures (stderr only): files skipped as too large (> 2 MB, or --max-file-size), binary or
 * not UTF-8, symlinks out of the scanned directory, files named explicitly that the config's
 * `ignore` globs match, and YAML parse errors (the broken document is skipped, the file's other
 * documents are linted). Go/Helm templates are skipped quietly (named with --verbose). With
 * --fix or --fix-dry-run, a file whose fixes the core withholds (a Dockerfile with lone CR line
 * breaks) is named with `not fixed: <why>`; its findings are reported and counted as usual.
 *
 * With --fix and --fix-dry-run the exit code is decided by what remains after the fixes, so a
 * dry run predicts the real one.
 */
import * as path from 'node:path';
import type { Finding, LintOptions, WorkspaceReader } from '../core/types';
import type { Syntax } from '../core/detect';
import { analyze, harden } from '../core/lint';
import type { AnalyzeResult } from '../core/lint';
import { parseYaml } from '../core/model/yaml';
import { createIgnoreMatcher, failsRun, resolveComposeProjects } from '../core/config';
import type { FailOn } from '../core/config';
import type { CheckOptions } from './args';
import { discover, displayPath, syntaxFor } from './discover';
import type { Target } from './discover';
import { FORMATTERS } from './formatters';
import type { FormatContext } from './formatters';
import { BOM, decode, diskWorkspace, errorReason, readTextFile, realpath, tooLarge } from './read';
import type { FileResult, SkipKind, SkippedFile } from './results';
import { skipKindOfRead, skippedSummary, summarize } from './results';
import { WriteRefused, writeFileAtomic } from './write';
import { isComposeName, isComposeV1Doc, isDockerfileName, isTemplate, isYamlName, looksLikeDockerfile } from '../core/detect';
import { findGitRoot, loadConfig } from './config-file';
import { unifiedDiff } from './diff';
import { Progress } from './progress';
import { MAX_JOBS, PARALLEL_MIN_FILES, defaultJobs, lintInParallel } from './parallel';

export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour for the stylish formatter. */
  color: boolean;
  /** stderr is a terminal: long scans show progress there. */
  stderrIsTTY?: boolean;
  /** Clock for the progress display, in ms (Date.now by default). */
  now?: () => number;
  /** All of standard input, for --stdin. */
  readStdin?: () => Uint8Array;
  /**
   * The CLI bundle (dist/cli.js): with more than PARALLEL_MIN_FILES files, worker threads running
   * it lint files too (the output is the same as with one thread). Absent: one thread.
   */
  workerScript?: string;
}

/** Why a Go/Helm template is not linted (printed with --verbose). */
const TEMPLATE_NOTE = 'a Go/Helm template ({{ }}), not a manifest (lint the rendered output, e.g. of helm template)';
/** Why a Compose file in the v1 layout is not linted. */
const COMPOSE_V1_NOTE = 'a Compose v1 layout (services at the top level, no services: key), which Docker Compose v2 no longer reads: move the services under services:';
/** Why a file named on the command line is not linted: neither its name nor its content says what it is. */
const UNKNOWN_NOTE = 'not a Compose file, Kubernetes manifest or Dockerfile (by name or content)';
/** Why a YAML file named on the command line is not linted. */
const UNKNOWN_YAML_NOTE = 'not a Compose file or Kubernetes manifest (no top-level services: mapping, no apiVersion and kind)';
/** Why a YAML file named on the command line is not linted: no document parsed. */
const PARSE_NOTE = 'YAML parse error: no document could be read';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export type LintConfig = NonNullable<LintOptions['config']>;

export interface Analysis {
  /** Undefined: not a file we report on (YAML that is neither Compose nor Kubernetes). */
  kind?: FileResult['kind'];
  /** Not suppressed. */
  findings: Finding[];
  /** Suppressed by a directive (flagged `suppressed`). */
  suppressed: Finding[];
}

export interface LintTextResult {
  /** Undefined: not a file we report on (YAML that is neither Compose nor Kubernetes). */
  result?: Omit<FileResult, 'absPath' | 'path'>;
  /** The findings of the text as given (the same as `result` without `fix`). */
  before: Analysis;
  /** The text after the fixes (unchanged without `fix`). */
  output: string;
  changed: boolean;
  /** "line:col: message" of the first error of each broken YAML document. */
  parseErrors: string[];
  ruleErrors: { rule: string; error: string }[];
  /** Why the findings' fixes were withheld (see core `whyNoFixes`), if they were. */
  fixesWithheld?: string;
  /** Fixes harden left out because their document would no longer parse: `line:col rule`. */
  rejected: string[];
}

/** The stderr line for fixes harden left out (the document would not parse with them). */
export function rejectedNote(name: string, rejected: string[]): string {
  return `${name}: not fixed: ${rejected.join(', ')}: the document would no longer parse with ${rejected.length === 1 ? 'this fix' : 'these fixes'} (please report the file's layout)\n`;
}

function split(res: AnalyzeResult): Analysis {
  return { kind: res.kind, findings: res.findings.filter((f) => !f.suppressed), suppressed: res.findings.filter((f) => f.suppressed) };
}

/** Lints one text (BOM already stripped); with `fix`, hardens it and lints the output. */
export function lintText(
  text: string, absPath: string, syntax: Syntax,
  config: LintConfig, workspace: WorkspaceReader, fix: boolean,
): LintTextResult {
  const opts = { path: absPath, languageId: syntax, config, workspace };
  const parseErrors: string[] = [];
  if (syntax === 'yaml') {
    // Keyed by the path, like the analysis below: one parse, reused by harden's passes.
    const file = parseYaml(text, absPath);
    for (const d of file.docs) {
      const err = d.doc.errors[0];
      if (!err) continue;
      const p = file.lines.positionAt(Math.max(0, err.pos[0]));
      parseErrors.push(`${p.line + 1}:${p.character + 1}: ${err.message}`);
    }
  }
  const first = analyze(text, opts);
  const before = split(first);
  const ruleErrors = [...first.ruleErrors];
  let output = text;
  let after = before;
  const rejected: string[] = [];
  if (fix) {
    const h = harden(text, opts);
    output = h.output;
    for (const f of h.rejected) rejected.push(`${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`);
    if (output !== text) {
      const res = analyze(output, opts);
      after = split(res);
      for (const e of res.ruleErrors) if (!ruleErrors.some((x) => x.rule === e.rule)) ruleErrors.push(e);
    }
  }
  return {
    result: after.kind ? { kind: after.kind, findings: after.findings, suppressed: after.suppressed } : undefined,
    before, output, changed: output !== text, parseErrors, ruleErrors, fixesWithheld: first.fixesWithheld, rejected,
  };
}

interface Settings {
  config: LintConfig;
  failOn: FailOn;
  /** Config `ignore` globs, by absolute path. */
  configIgnore?: (absPath: string, isDir: boolean) => string | undefined;
  configName?: string;
  srcRoot: string;
}

function loadSettings(opts: CheckOptions, io: Io): Settings | undefined {
  const loaded = loadConfig(opts.config, io.cwd);
  if (!loaded.ok) {
    for (const m of loaded.messages) io.stderr(`${m}\n`);
    return undefined;
  }
  const { file, dir, path: configPath } = loaded.config;
  let configIgnore: Settings['configIgnore'];
  if (dir && file.ignore.length) {
    const match = createIgnoreMatcher(file.ignore);
    const dirReal = realpath(dir) ?? dir;
    configIgnore = (abs, isDir) => {
      // The path as scanned, and through symlinks, in case the config folder is reached through one.
      const a = match(path.relative(dir, abs).split(path.sep).join('/'), isDir);
      if (a !== undefined) return a;
      const real = realpath(abs);
      return real ? match(path.relative(dirReal, real).split(path.sep).join('/'), isDir) : undefined;
    };
  }
  return {
    config: {
      rules: { ...file.config.rules, ...opts.rules }, fix: file.config.fix,
      ...(opts.preset ?? file.config.preset ? { preset: opts.preset ?? file.config.preset } : {}),
      ...(file.config.apply ? { apply: file.config.apply } : {}),
      ...(dir && file.config.composeProjects?.length ? { composeProjects: resolveComposeProjects(file.config.composeProjects, dir) } : {}),
    },
    failOn: opts.quiet ? 'error' : file.failOn,
    configIgnore,
    configName: configPath ? displayPath(io.cwd, configPath) : undefined,
    srcRoot: findGitRoot(io.cwd) ?? io.cwd,
  };
}

/** --quiet: errors only. */
function visible(opts: CheckOptions, findings: Finding[]): Finding[] {
  return opts.quiet ? findings.filter((f) => f.severity === 'error') : findings;
}

function exitCode(opts: CheckOptions, settings: Settings, remaining: readonly Finding[], failed: boolean, io: Io): number {
  if (failed) return EXIT_ERROR;
  if (remaining.some((f) => failsRun(f.severity, settings.failOn))) return EXIT_FINDINGS;
  if (!opts.quiet && opts.maxWarnings !== undefined) {
    const warnings = remaining.filter((f) => f.severity === 'warning').length;
    if (warnings > opts.maxWarnings) {
      io.stderr(`container-signals: too many warnings (${warnings}, maximum: ${opts.maxWarnings})\n`);
      return EXIT_FINDINGS;
    }
  }
  return EXIT_OK;
}

export function runCheck(opts: CheckOptions, io: Io): number {
  const settings = loadSettings(opts, io);
  if (!settings) return EXIT_ERROR;
  if (opts.stdin) return runStdin(opts, io, settings);

  const found = discover(opts.paths, io.cwd, { configIgnore: settings.configIgnore, configName: settings.configName });
  if (found.missing.length) {
    for (const m of found.missing) io.stderr(`container-signals: no such file or directory: ${m}\n`);
    return EXIT_ERROR;
  }
  let failed = false;
  for (const e of found.errors) { io.stderr(`${e.path}: cannot read: ${e.reason}\n`); failed = true; }
  for (const n of found.notes) io.stderr(`${n.path}: ${n.reason}\n`);
  const skipped: SkippedFile[] = found.notes.filter((n) => n.skip).map((n) => ({
    path: n.path, absPath: n.absPath ?? path.resolve(io.cwd, n.path), kind: n.skip!, reason: n.reason.replace(/^skipped: /, ''), fails: false,
  }));

  const { config } = settings;
  const progress = new Progress(Boolean(io.stderrIsTTY), found.targets.length, (s) => io.stderr(s), io.now);
  const say = (s: string) => progress.message(s);

  const shown: FileResult[] = [];
  const remaining: Finding[] = [];
  let diffs = '';
  // Each file's outcome is taken in file order, whichever thread linted it.
  const take = (o: TargetOutcome, i: number) => {
    progress.tick(i);
    for (const m of o.messages) say(m);
    if (o.failed) failed = true;
    remaining.push(...o.remaining);
    diffs += o.diff;
    if (o.shown) shown.push(o.shown);
    if (o.skipped) skipped.push(o.skipped);
  };
  const jobs = opts.fix ? 1 : Math.min(opts.jobs ?? defaultJobs(), MAX_JOBS);
  if (io.workerScript && jobs > 1 && found.targets.length > PARALLEL_MIN_FILES) {
    lintInParallel(io.workerScript, jobs - 1, { targets: found.targets, opts, config }, take);
  } else {
    const check = targetChecker(opts, config);
    found.targets.forEach((t, i) => take(check(t), i));
  }
  progress.tick(found.targets.length);
  progress.clear();

  const refused = skipped.filter((x) => x.fails).length;
  if (refused) {
    failed = true;
    io.stderr(`container-signals: ${refused === 1 ? '1 file' : `${refused} files`} named on the command line could not be linted (exit 2; --ignore-unknown lists such files as skipped without failing the run)\n`);
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (opts.fixDryRun && opts.format === 'stylish') {
    io.stdout(diffs);
    // The diff stays applicable as it is: the count goes to stderr.
    if (skipped.length) io.stderr(`${skippedSummary(skipped)}${opts.verbose ? '' : ' (--verbose lists them)'}\n`);
  } else print(opts, io, settings, shown, skipped);
  return exitCode(opts, settings, remaining, failed, io);
}

/** What checking one file gives: its stderr lines and its part of the report. */
export interface TargetOutcome {
  messages: string[];
  failed: boolean;
  /** Its unsuppressed findings after --fix (for the exit status). */
  remaining: Finding[];
  /** --fix-dry-run, stylish: its diff. */
  diff: string;
  shown?: FileResult;
  /** The file was not linted, and why. */
  skipped?: SkippedFile;
}

/** Checks files one at a time: read, lint (or harden), write with --fix. Used by every thread. */
export function targetChecker(opts: CheckOptions, config: LintConfig): (t: Target) => TargetOutcome {
  const workspaces = new Map<string, WorkspaceReader>();
  const workspaceFor = (t: Target) => {
    let w = workspaces.get(t.root);
    if (!w) { w = diskWorkspace(t.root); workspaces.set(t.root, w); }
    return w;
  };
  const hardening = opts.fix || opts.fixDryRun;
  return (t) => {
    const o: TargetOutcome = { messages: [], failed: false, remaining: [], diff: '' };
    const say = (m: string) => { o.messages.push(m); };
    // A file named on the command line that is not linted fails the run (exit 2), unless --ignore-unknown.
    const skip = (kind: SkipKind, reason: string, quiet = false) => {
      if (!quiet || t.explicit || opts.verbose) say(`${t.display}: skipped: ${reason}\n`);
      o.skipped = { path: t.display, absPath: t.absPath, kind, reason, fails: t.explicit && !opts.ignoreUnknown };
    };
    const read = readTextFile(t.absPath, opts.maxFileSize);
    if (!read.ok) {
      if (read.kind === 'io') { say(`${t.display}: cannot read: ${read.reason}\n`); o.failed = true; }
      else skip(skipKindOfRead(read.reason), read.reason);
      return o;
    }
    // A Go/Helm template is not a manifest (its YAML parse errors would only be noise): passed over
    // (named on stderr with --verbose, or when named on the command line), counted in the summary.
    if (isTemplate(read.text)) {
      skip('template', TEMPLATE_NOTE, true);
      return o;
    }
    // Named on the command line with a name that says neither Dockerfile nor YAML: by content.
    let syntax = t.syntax;
    if (t.explicit && !isDockerfileName(t.absPath) && !isYamlName(t.absPath) && syntax !== 'shell') syntax = looksLikeDockerfile(read.text) ? 'dockerfile' : 'yaml';
    const r = lintText(read.text, t.absPath, syntax, config, workspaceFor(t), hardening);
    if (!r.before.kind && syntax === 'yaml') {
      // Nothing in the file was linted: say why when it matters (RULES.md principle 5).
      const docs = parseYaml(read.text, t.absPath).docs;
      if ((t.explicit || isComposeName(t.absPath)) && docs.some(isComposeV1Doc)) skip('compose-v1', COMPOSE_V1_NOTE, true);
      else if (r.parseErrors.length && docs.every((d) => d.broken)) skip('parse-error', PARSE_NOTE, true);
      else if (t.explicit) skip('unknown', isYamlName(t.absPath) ? UNKNOWN_YAML_NOTE : UNKNOWN_NOTE);
    }
    for (const e of r.parseErrors) say(`${t.display}: YAML parse error at ${e}\n`);
    if (hardening && r.fixesWithheld) say(`${t.display}: not fixed: ${r.fixesWithheld}\n`);
    if (r.rejected.length) say(rejectedNote(t.display, r.rejected));
    for (const e of r.ruleErrors) {
      say(`${t.display}: rule ${e.rule} crashed: ${e.error.split('\n')[0]}\n`);
      o.failed = true;
    }
    let after = r.result;
    if (r.changed && opts.fix) {
      try {
        writeFileAtomic(t.absPath, (read.bom ? BOM : '') + r.output, { root: t.scanRoot, digest: read.digest });
      } catch (e) {
        say(e instanceof WriteRefused ? `${t.display}: skipped: ${e.message}\n` : `${t.display}: cannot write: ${errorReason(e)}\n`);
        o.failed = true;
        // Report what the file on disk still has.
        after = r.before.kind ? { kind: r.before.kind, findings: r.before.findings, suppressed: r.before.suppressed } : undefined;
      }
    }
    if (r.changed && opts.fixDryRun) {
      const bom = read.bom ? BOM : '';
      o.diff = unifiedDiff(t.display, bom + read.text, bom + r.output);
    }
    if (after) o.remaining = visible(opts, after.findings);
    // A dry run reports the findings as they are now (with their fixes); --fix what remains.
    const report = opts.fixDryRun ? r.before : after;
    if (report?.kind) {
      o.shown = {
        absPath: t.absPath, path: t.display, kind: report.kind,
        findings: visible(opts, report.findings), suppressed: visible(opts, report.suppressed ?? []),
      };
    }
    return o;
  };
}

function print(opts: CheckOptions, io: Io, settings: Settings, files: FileResult[], skipped: SkippedFile[] = []): void {
  const ctx: FormatContext = { color: io.color, srcRoot: settings.srcRoot, withFixes: opts.fixDryRun, preset: settings.config.preset, skipped, verbose: opts.verbose };
  io.stdout(FORMATTERS[opts.format](files, summarize(files), ctx));
}

/**
 * `--stdin [--stdin-filename <name>]`: lints standard input as if it were the file `name`
 * (default `<stdin>`, linted as YAML). Other files it references are read from inside the
 * working directory only. `--fix` prints the fixed text (the input unchanged when nothing
 * applies, or when the config's `ignore` globs match the name); `--fix-dry-run` the diff.
 */
function runStdin(opts: CheckOptions, io: Io, settings: Settings): number {
  const name = (opts.stdinFilename ?? '<stdin>').split(path.sep).join('/');
  const absPath = path.resolve(io.cwd, opts.stdinFilename ?? '<stdin>');
  let buf: Uint8Array;
  try {
    buf = io.readStdin ? io.readStdin() : new Uint8Array();
  } catch (e) {
    io.stderr(`container-signals: cannot read standard input: ${errorReason(e)}\n`);
    return EXIT_ERROR;
  }
  if (buf.length > opts.maxFileSize) {
    io.stderr(`${name}: cannot lint standard input: ${tooLarge(buf.length, opts.maxFileSize)}\n`);
    return EXIT_ERROR;
  }
  const d = decode(buf);
  if ('reason' in d) {
    io.stderr(`${name}: cannot lint standard input: ${d.reason}\n`);
    return EXIT_ERROR;
  }
  const bom = d.text.startsWith(BOM) ? BOM : '';
  const text = bom ? d.text.slice(1) : d.text;

  const ignoredBy = opts.stdinFilename !== undefined ? settings.configIgnore?.(absPath, false) : undefined;
  if (ignoredBy !== undefined || isTemplate(text)) {
    if (ignoredBy !== undefined) io.stderr(`${name}: skipped: matches "${ignoredBy}" in the ignore list of ${settings.configName ?? 'the config file'}\n`);
    else if (opts.verbose) io.stderr(`${name}: skipped: ${TEMPLATE_NOTE}\n`);
    if (opts.fix) io.stdout(bom + text);
    else if (!(opts.fixDryRun && opts.format === 'stylish')) print(opts, io, settings, []);
    return EXIT_OK;
  }

  const workspace = diskWorkspace(realpath(io.cwd) ?? io.cwd);
  const r = lintText(text, absPath, syntaxFor(name), settings.config, workspace, opts.fix || opts.fixDryRun);
  let failed = false;
  for (const e of r.parseErrors) io.stderr(`${name}: YAML parse error at ${e}\n`);
  if ((opts.fix || opts.fixDryRun) && r.fixesWithheld) io.stderr(`${name}: not fixed: ${r.fixesWithheld}\n`);
  if (r.rejected.length) io.stderr(rejectedNote(name, r.rejected));
  for (const e of r.ruleErrors) {
    io.stderr(`${name}: rule ${e.rule} crashed: ${e.error.split('\n')[0]}\n`);
    failed = true;
  }
  const remaining = visible(opts, r.result?.findings ?? []);
  if (opts.fix) {
    io.stdout(bom + r.output);
    return exitCode(opts, settings, remaining, failed, io);
  }
  if (opts.fixDryRun && opts.format === 'stylish') {
    io.stdout(unifiedDiff(name, bom + text, bom + r.output));
    return exitCode(opts, settings, remaining, failed, io);
  }
  const report = r.before;
  const files: FileResult[] = report.kind
    ? [{ absPath, path: name, kind: report.kind, findings: visible(opts, report.findings), suppressed: visible(opts, report.suppressed) }]
    : [];
  print(opts, io, settings, files);
  return exitCode(opts, settings, remaining, failed, io);
}
