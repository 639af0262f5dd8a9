/** Helpers for the CLI tests: temp fixture folders and running the built dist/cli.js. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { rules } from '../../server/src/core/rules';

/** test/out/cli/*.js → repo root. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');

export type Tree = Record<string, string | Buffer>;

const made: string[] = [];

/** A fresh temp directory holding `files` (paths with `/`, parents created). */
export function fixture(files: Tree = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-cli-')));
  made.push(dir);
  write(dir, files);
  return dir;
}

export function write(dir: string, files: Tree): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

export function cleanup(): void {
  for (const d of made.splice(0)) {
    try { chmodTree(d); fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
  }
}

function chmodTree(p: string): void {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return;
  fs.chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const e of fs.readdirSync(p)) chmodTree(path.join(p, e));
}

export interface Run { status: number | null; stdout: string; stderr: string }

export function cli(cwd: string, ...args: string[]): Run {
  return cliWith({ cwd }, ...args);
}

/** Like `cli`, with text (or bytes) on standard input; `script`: another CLI bundle (e.g. with test-only rules). */
export function cliWith(opts: { cwd: string; input?: string | Buffer; script?: string }, ...args: string[]): Run {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [opts.script ?? CLI, ...args], { cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8', env, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Marks `dir` as the root of a git work tree (discovery and config search only look for `.git`). */
export function gitRoot(dir: string): string {
  fs.mkdirSync(path.join(dir, '.git', 'info'), { recursive: true });
  return dir;
}

/** `--rule <id>=off` for every rule in the catalogue except `keep`: isolates a test from rules landing later. */
export function only(...keep: string[]): string[] {
  return rules.filter((r) => !keep.includes(r.meta.id)).flatMap((r) => ['--rule', `${r.meta.id}=off`]);
}

export interface JsonFinding {
  rule: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number; fixable: boolean;
  /** With --fix-dry-run. */
  fix?: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] };
  /** With --fix-dry-run. */
  suggestions?: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] }[];
}

export interface JsonReport {
  version: number;
  files: { path: string; kind: string; findings: JsonFinding[] }[];
  summary: { files: number; errors: number; warnings: number; information: number; hints: number; fixable: number; suggestions: number };
}

export function json(r: Run): JsonReport {
  return JSON.parse(r.stdout) as JsonReport;
}

export function paths(r: Run): string[] {
  return json(r).files.map((f) => f.path);
}
