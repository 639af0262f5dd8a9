/**
 * Finding → LSP Diagnostic. Each diagnostic carries in `data` the document version it was
 * computed for and its fixes, so code actions need neither a re-lint nor message matching.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, Severity } from '../core/types';
import { ruleById } from '../core/rules';
import { docsUrl } from '../core/rule';
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

/**
 * Where a diagnostic's code links to (`codeDescription.href`): the rule's page shipped in the
 * extension (`docs/rules/<id>.md` next to `dist/`, a file: URI, opened in an editor tab) when it
 * is there, else its address in the repository (`meta.docs`). The shipped page always matches
 * the installed version and needs no network. "Show documentation for <id>" opens the same page
 * in the Markdown preview (client/src/commands.ts).
 */
export function docsFor(rule: string): string {
  const shipped = shippedDocs(rule);
  return shipped ? pathToFileURL(shipped).href : (ruleById.get(rule)?.meta.docs ?? docsUrl(rule));
}

const shippedCache = new Map<string, string | undefined>();

/** The rule's page shipped with the extension (`<extension>/docs/rules/<id>.md`), if it exists. */
export function shippedDocs(rule: string): string | undefined {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(rule)) return undefined;
  if (shippedCache.has(rule)) return shippedCache.get(rule);
  // dist/server.js (the bundle) → <extension>/docs/rules/<id>.md
  const p = path.join(__dirname, '..', 'docs', 'rules', `${rule}.md`);
  let found: string | undefined;
  try { if (fs.statSync(p).isFile()) found = p; } catch { /* not shipped */ }
  shippedCache.set(rule, found);
  return found;
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
