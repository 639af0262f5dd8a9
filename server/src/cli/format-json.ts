/**
 * `--format json`: one compact JSON object, version 1. Every recognised file is listed (also
 * without findings); lines and columns are 1-based, columns count UTF-16 code units.
 *   {"version":1,"files":[{"path","kind","findings":[{"rule","severity","message","line",
 *    "column","endLine","endColumn","fixable"}]}],"summary":{"files","errors","warnings",
 *    "information","hints","fixable"}}
 */
import type { FileResult, Summary } from './results';

export function formatJson(files: readonly FileResult[], summary: Summary): string {
  const out = {
    version: 1,
    files: files.map((f) => ({
      path: f.path,
      kind: f.kind,
      findings: f.findings.map((x) => ({
        rule: x.rule,
        severity: x.severity,
        message: x.message,
        line: x.range.start.line + 1,
        column: x.range.start.character + 1,
        endLine: x.range.end.line + 1,
        endColumn: x.range.end.character + 1,
        fixable: x.fix !== undefined,
      })),
    })),
    summary: {
      files: summary.files,
      errors: summary.errors,
      warnings: summary.warnings,
      information: summary.information,
      hints: summary.hints,
      fixable: summary.fixable,
    },
  };
  return JSON.stringify(out) + '\n';
}
