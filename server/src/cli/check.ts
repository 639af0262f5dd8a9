/**
 * The `check` command: discover files, read them, lint (or harden and write with --fix), print
 * with the chosen formatter, and decide the exit code.
 *
 * Exit codes: 0 clean; 1 error findings, or more warnings than --max-warnings; 2 when a path
 * argument does not exist (nothing is linted), or when something could not be done: an
 * unreadable file or directory (EACCES…), a failed --fix write, a rule that crashed. Those are
 * reported on stderr, the run goes on, the results are printed, and 2 wins over 1.
 * Not failures (stderr only): files skipped as too large (> 2 MB), binary or not UTF-8,
 * symlinks out of the scanned directory, and YAML parse errors (the broken document is skipped,
 * the file's other documents are linted).
 */
import type { Config, Finding, WorkspaceReader } from '../core/types';
import type { Syntax } from '../core/detect';
import { analyze, harden } from '../core/lint';
import { parseYaml } from '../core/model/yaml';
import type { CheckOptions } from './args';
import { discover } from './discover';
import type { Target } from './discover';
import { FORMATTERS } from './formatters';
import { BOM, diskWorkspace, errorReason, readTextFile } from './read';
import type { FileResult } from './results';
import { summarize } from './results';
import { writeFileAtomic } from './write';

export interface Io {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour for the stylish formatter. */
  color: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface LintTextResult {
  /** Undefined: not a file we report on (YAML that is neither Compose nor Kubernetes). */
  result?: Omit<FileResult, 'absPath' | 'path'>;
  /** The text after --fix (unchanged without it). */
  output: string;
  changed: boolean;
  /** "line:col: message" of the first error of each broken YAML document. */
  parseErrors: string[];
  ruleErrors: { rule: string; error: string }[];
}

/** Lints one text (BOM already stripped). The unit a future `--stdin` reuses. */
export function lintText(
  text: string, absPath: string, syntax: Syntax,
  config: Pick<Config, 'rules'>, workspace: WorkspaceReader, fix: boolean,
): LintTextResult {
  const opts = { path: absPath, languageId: syntax, config, workspace };
  const parseErrors: string[] = [];
  if (syntax === 'yaml') {
    const file = parseYaml(text);
    for (const d of file.docs) {
      const err = d.doc.errors[0];
      if (!err) continue;
      const p = file.lines.positionAt(Math.max(0, err.pos[0]));
      parseErrors.push(`${p.line + 1}:${p.character + 1}: ${err.message}`);
    }
  }
  let output = text;
  if (fix) output = harden(text, opts).output;
  const res = analyze(output, opts);
  const findings: Finding[] = res.findings.filter((f) => !f.suppressed);
  return {
    result: res.kind ? { kind: res.kind, findings } : undefined,
    output, changed: output !== text, parseErrors, ruleErrors: res.ruleErrors,
  };
}

export function runCheck(opts: CheckOptions, io: Io): number {
  const found = discover(opts.paths, io.cwd);
  if (found.missing.length) {
    for (const m of found.missing) io.stderr(`container-signals: no such file or directory: ${m}\n`);
    return EXIT_ERROR;
  }
  let failed = false;
  for (const e of found.errors) { io.stderr(`${e.path}: cannot read: ${e.reason}\n`); failed = true; }
  for (const n of found.notes) io.stderr(`${n.path}: ${n.reason}\n`);

  const workspaces = new Map<string, WorkspaceReader>();
  const workspaceFor = (t: Target) => {
    let w = workspaces.get(t.root);
    if (!w) { w = diskWorkspace(t.root); workspaces.set(t.root, w); }
    return w;
  };
  const config = { rules: opts.rules };

  const files: FileResult[] = [];
  for (const t of found.targets) {
    const read = readTextFile(t.absPath);
    if (!read.ok) {
      if (read.kind === 'io') { io.stderr(`${t.display}: cannot read: ${read.reason}\n`); failed = true; }
      else io.stderr(`${t.display}: skipped: ${read.reason}\n`);
      continue;
    }
    const r = lintText(read.text, t.absPath, t.syntax, config, workspaceFor(t), opts.fix);
    for (const e of r.parseErrors) io.stderr(`${t.display}: YAML parse error at ${e}\n`);
    for (const e of r.ruleErrors) {
      io.stderr(`${t.display}: rule ${e.rule} crashed: ${e.error.split('\n')[0]}\n`);
      failed = true;
    }
    let findings = r.result?.findings;
    if (r.changed) {
      try {
        writeFileAtomic(t.absPath, (read.bom ? BOM : '') + r.output);
      } catch (e) {
        io.stderr(`${t.display}: cannot write: ${errorReason(e)}\n`);
        failed = true;
        // Report what the file on disk still has.
        findings = lintText(read.text, t.absPath, t.syntax, config, workspaceFor(t), false).result?.findings;
      }
    }
    if (r.result && findings) files.push({ absPath: t.absPath, path: t.display, kind: r.result.kind, findings });
  }

  const summary = summarize(files);
  const format = FORMATTERS[opts.format];
  io.stdout(format(files, summary, { color: io.color }));

  if (failed) return EXIT_ERROR;
  if (summary.errors > 0) return EXIT_FINDINGS;
  if (opts.maxWarnings !== undefined && summary.warnings > opts.maxWarnings) {
    io.stderr(`container-signals: too many warnings (${summary.warnings}, maximum: ${opts.maxWarnings})\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}
