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
