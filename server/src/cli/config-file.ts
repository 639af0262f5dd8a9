/**
 * Finding and loading `.container-signals.yaml` for the command line. Parsing and validation
 * live in the core (`core/config.ts`, shared with the language server); this file only knows
 * where to look: from the working directory upwards, up to and including the git root (the
 * first folder with a `.git` entry) or the file system root. `--config <file>` skips the search.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_FAIL_ON, parseConfig } from '../core/config';
import type { ConfigFile } from '../core/config';
import { findGitRoot, hasGitEntry } from '../files/discover';
import { decode, errorReason } from './read';

export { findGitRoot };

export interface LoadedConfig {
  /** Absolute path of the file; undefined when there is none (defaults). */
  path?: string;
  /** The folder `ignore` globs are relative to. */
  dir?: string;
  file: ConfigFile;
}

export type LoadResult = { ok: true; config: LoadedConfig } | { ok: false; messages: string[] };

const isFile = (p: string) => { try { return fs.statSync(p).isFile(); } catch { return false; } };

/** `.container-signals.yaml` in `startDir` or the nearest folder above it, not above the git root. */
export function findConfigFile(startDir: string): string | undefined {
  for (let d = path.resolve(startDir); ; d = path.dirname(d)) {
    const p = path.join(d, CONFIG_FILE_NAME);
    if (isFile(p)) return p;
    if (hasGitEntry(d) || path.dirname(d) === d) return undefined;
  }
}

const EMPTY: ConfigFile = { config: { rules: {}, fix: {} }, ignore: [], failOn: DEFAULT_FAIL_ON, problems: [] };

/**
 * Loads the explicit `--config` file, or the one found from `cwd`. Problems in it come back as
 * `<file>:<line>:<col>: <problem>` lines (the file relative to `cwd`): the run must stop.
 */
export function loadConfig(explicit: string | undefined, cwd: string): LoadResult {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  if (file === undefined) return { ok: true, config: { file: EMPTY } };
  const shown = displayOf(cwd, file);
  let buf: Buffer;
  try {
    if (fs.statSync(file).isDirectory()) return { ok: false, messages: [`${shown}: cannot read config file: it is a directory`] };
    buf = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, messages: [`${shown}: cannot read config file: ${errorReason(e)}`] };
  }
  const d = decode(buf);
  if ('reason' in d) return { ok: false, messages: [`${shown}: cannot read config file: ${d.reason}`] };
  const text = d.text.startsWith('\uFEFF') ? d.text.slice(1) : d.text;
  const parsed = parseConfig(text);
  if (parsed.problems.length) {
    return { ok: false, messages: parsed.problems.map((p) => `${shown}:${p.line}:${p.column}: ${p.message}`) };
  }
  return { ok: true, config: { path: file, dir: path.dirname(file), file: parsed } };
}

function displayOf(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? path.basename(abs) : rel).split(path.sep).join('/');
}
