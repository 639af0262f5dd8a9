/**
 * Finding → LSP Diagnostic. Each diagnostic carries in `data` the document version it was
 * computed for and its fixes, so code actions need neither a re-lint nor message matching.
 */
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from './core/types';
import { ruleById } from './core/rules';
import { docsUrl } from './core/rule';
import { pathToUri, describeSkip, type SkipReason } from './workspace';

export const SOURCE = 'container-signals';

export interface FixData { title: string; edits: LspTextEdit[] }

/** What a published diagnostic carries in `data`. */
export interface DiagnosticData {
  /** Document version the diagnostic (and its fix edits) were computed for. */
  version: number;
  /** The preferred fix. */
  fix?: FixData;
  alternatives?: FixData[];
  /** Suggestions: offered one at a time in the quick-fix menu, never preferred, never in bulk. */
  suggestions?: FixData[];
}

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function fixData(f: Fix): FixData {
  return { title: f.title, edits: f.edits.map((e) => ({ range: e.range, newText: e.newText })) };
}

export function docsFor(rule: string): string {
  return ruleById.get(rule)?.meta.docs ?? docsUrl(rule);
}

export function toDiagnostic(f: Finding, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { version };
  if (f.fix) data.fix = fixData(f.fix);
  if (f.alternatives?.length) data.alternatives = f.alternatives.map(fixData);
  if (f.suggestions?.length) data.suggestions = f.suggestions.map(fixData);
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: docsFor(f.rule) },
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => DiagnosticRelatedInformation.create({ uri: r.path ? pathToUri(r.path) : uri, range: r.range }, r.message));
  }
  if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}

/** The one information diagnostic of a file that is not linted (too large, binary, a template), on line 1. */
export function skippedDiagnostic(reason: SkipReason, maxBytes?: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `Container Signals skipped this file: ${describeSkip(reason, maxBytes)}.`,
  };
}

export function isOurDiagnostic(d: Diagnostic): boolean {
  return d.source === SOURCE && typeof d.code === 'string';
}

export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const x = d.data as DiagnosticData | undefined;
  return x && typeof x === 'object' && typeof x.version === 'number' ? x : undefined;
}
