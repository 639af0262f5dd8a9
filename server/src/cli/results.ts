/** What a `check` run produces, independent of how it is printed (formatters read only this). */
import type { FileKind, Finding, Severity } from '../core/types';

export interface FileResult {
  /** Absolute path on disk (as scanned; not resolved through symlinks). */
  absPath: string;
  /** Path relative to the working directory, `/`-separated: what the formatters print. */
  path: string;
  kind: FileKind;
  /** Findings that are not suppressed, sorted by position (after `--fix`: what remains). */
  findings: Finding[];
  /** Findings silenced by a directive or annotation (`finding.suppressed` set): SARIF lists them. */
  suppressed?: Finding[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  fixable: number;
  /** Findings that offer suggestions (edits --fix does not apply: review them one at a time). */
  suggestions: number;
}

export function summarize(files: readonly FileResult[]): Summary {
  const s: Summary = { files: files.length, errors: 0, warnings: 0, information: 0, hints: 0, fixable: 0, suggestions: 0 };
  const key: Record<Severity, 'errors' | 'warnings' | 'information' | 'hints'> = {
    error: 'errors', warning: 'warnings', information: 'information', hint: 'hints',
  };
  for (const f of files) {
    for (const x of f.findings) {
      s[key[x.severity]]++;
      if (x.fix) s.fixable++;
      if (x.suggestions?.length) s.suggestions++;
    }
  }
  return s;
}

export function problemCount(s: Summary): number {
  return s.errors + s.warnings + s.information + s.hints;
}

/**
 * Why a file was not linted (RULES.md principle 5, "nothing silent"): stylish ends with a line
 * counting them, JSON lists them under `skipped`, SARIF as tool execution notifications.
 */
export type SkipKind =
  | 'template' | 'compose-v1' | 'too-large' | 'binary' | 'not-regular' | 'symlink'
  | 'unknown' | 'parse-error' | 'ignored';

export interface SkippedFile {
  /** Relative to the working directory, `/`-separated. */
  path: string;
  /** Absolute path as scanned (SARIF's artifact location). */
  absPath: string;
  kind: SkipKind;
  /** The reason in words (`larger than 2 MB (3000000 bytes)`): JSON's and SARIF's text. */
  reason: string;
  /** Named on the command line and not linted: the run exits 2 (unless --ignore-unknown, or an ignore glob). */
  fails: boolean;
}

/** The kind of a reader's `skip` reason (files/read.ts). */
export function skipKindOfRead(reason: string): SkipKind {
  if (reason.startsWith('larger than')) return 'too-large';
  if (reason === 'not a regular file') return 'not-regular';
  return 'binary';
}

const SKIP_LABEL: Record<SkipKind, [one: string, many: string]> = {
  'template': ['Go/Helm template', 'Go/Helm templates'],
  'compose-v1': ['Compose v1 layout', 'Compose v1 layouts'],
  'too-large': ['too large', 'too large'],
  'binary': ['binary or not UTF-8', 'binary or not UTF-8'],
  'not-regular': ['not a regular file', 'not regular files'],
  'symlink': ['symbolic link not followed', 'symbolic links not followed'],
  'unknown': ['not a Compose file, manifest or Dockerfile', 'not Compose files, manifests or Dockerfiles'],
  'parse-error': ['YAML parse error', 'YAML parse errors'],
  'ignored': ['in an ignore list', 'in an ignore list'],
};

/** `3 files skipped: 2 Go/Helm templates, 1 Compose v1 layout` (kinds by count, then in SKIP_LABEL's order). */
export function skippedSummary(skipped: readonly SkippedFile[]): string {
  const counts = new Map<SkipKind, number>();
  for (const s of skipped) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  const order = Object.keys(SKIP_LABEL) as SkipKind[];
  const kinds = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || order.indexOf(a) - order.indexOf(b));
  const parts = kinds.map((k) => `${counts.get(k)} ${SKIP_LABEL[k][counts.get(k) === 1 ? 0 : 1]}`);
  return `${skipped.length} ${skipped.length === 1 ? 'file' : 'files'} skipped: ${parts.join(', ')}`;
}
