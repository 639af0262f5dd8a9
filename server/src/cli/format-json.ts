/**
 * `--format json`: one compact JSON object, version 1 (fields are only ever added). Every
 * recognised file is listed (also without findings); lines and columns are 1-based, columns
 * count UTF-16 code units.
 *   {"version":1,"files":[{"path","kind","findings":[{"rule","severity","message","line",
 *    "column","endLine","endColumn","fixable"}]}],"summary":{"files","errors","warnings",
 *    "information","hints","fixable","suggestions"}}
 * `fixable` is true only for a fix (what --fix applies); `summary.suggestions` counts the
 * findings that offer suggestions. With `--fix-dry-run` each finding also has its preferred
 * fix and its suggestions (edits --fix does not apply), positions in the text as it is now
 * (1-based, end exclusive):
 *   "fix": {"title", "edits": [{"line","column","endLine","endColumn","text"}]}
 *   "suggestions": [{"title", "edits": [...]}]
 */
import type { Finding, Fix } from '../core/types';
import type { FormatContext } from './formatters';
import type { FileResult, Summary } from './results';

function editsOf(f: Fix) {
  return {
    title: f.title,
    edits: f.edits.map((e) => ({
      line: e.range.start.line + 1,
      column: e.range.start.character + 1,
      endLine: e.range.end.line + 1,
      endColumn: e.range.end.character + 1,
      text: e.newText,
    })),
  };
}

function fixOf(x: Finding) {
  return {
    ...(x.fix ? { fix: editsOf(x.fix) } : {}),
    ...(x.suggestions?.length ? { suggestions: x.suggestions.map(editsOf) } : {}),
  };
}

export function formatJson(files: readonly FileResult[], summary: Summary, ctx?: FormatContext): string {
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
        ...(ctx?.withFixes ? fixOf(x) : {}),
      })),
    })),
    summary: {
      files: summary.files,
      errors: summary.errors,
      warnings: summary.warnings,
      information: summary.information,
      hints: summary.hints,
      fixable: summary.fixable,
      suggestions: summary.suggestions,
    },
  };
  return JSON.stringify(out) + '\n';
}
