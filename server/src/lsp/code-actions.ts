/**
 * Code actions. Per diagnostic: its preferred fix (isPreferred), its alternatives, its
 * suggestions ("Suggestion: <title>", never preferred: edits to users, capabilities, privileges
 * or packages that a person should review), "Fix all <id> in this file" (harden restricted to
 * that rule, when the file has more than one fixable finding of it), "Disable <id> for this
 * line" and "Show documentation for <id>". Plus the source action
 * `source.fixAll.containerSignals` (harden on the whole file: fixes only) for
 * `editor.codeActionsOnSave`.
 *
 * One preferred fix per range: VS Code's Auto Fix applies the preferred action only when it is
 * the only one, so when diagnostics whose ranges overlap each have a fix (a Dockerfile CMD with
 * the exec-form fix and another rule's fix), only the first is preferred, in the order Harden
 * applies them: by position, then by rule id. The others stay in the menu, not preferred.
 *
 * Every edit is a versioned `documentChanges` entry. The diagnostics' `data.version` must be the
 * document's current version: a request that carries stale diagnostics gets nothing.
 */
import { CodeAction, CodeActionKind, Command, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { CodeActionParams, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { visit } from 'yaml';
import type { LintOptions } from '../core/types';
import { harden, keepsParsing, whyNoFixes } from '../core/lint';
import { parseYaml } from '../core/model/yaml';
import { parseDockerfile } from '../core/model/dockerfile';
import { syntaxOf } from '../core/detect';
import { parseShell } from '../core/shell';
import { LineIndex, detectEol } from '../core/text';
import { diagnosticData, docsFor, isOurDiagnostic, FixData } from './diagnostics';
import { textEdits } from './text-diff';

export const FIX_ALL_KIND = 'source.fixAll.containerSignals';
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];
/**
 * Client-side command (registered by the extension) that opens a rule's documentation: arguments
 * (rule id, docs link); the client opens the page shipped in the extension in the Markdown preview.
 */
export const SHOW_DOCS_COMMAND = 'containerSignals.showDocumentation';
export const DIRECTIVE = 'container-signals-disable-next-line';

export function versionedEdit(uri: string, version: number | null, edits: LspTextEdit[]): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] };
}

/** Does an action of `kind` answer a request restricted to `only`? (`only` = a prefix hierarchy.) */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return kind === CodeActionKind.QuickFix;
  return only.some((o) => o === kind || kind.startsWith(o + '.') || o === CodeActionKind.Empty);
}

export interface CodeActionContext {
  doc: TextDocument;
  /** Lint options for this document (settings applied), or undefined when the server is disabled for it. */
  lintOptions: LintOptions | undefined;
  /** Fixable-finding count per rule for the published diagnostics of the current version. */
  fixableCount?: (rule: string) => number;
}

export function codeActions(params: CodeActionParams, ctx: CodeActionContext): CodeAction[] {
  const { doc, lintOptions } = ctx;
  if (!lintOptions) return [];
  const only = params.context.only;
  const out: CodeAction[] = [];

  if (kindRequested(FIX_ALL_KIND, only)) {
    const a = fixAllAction(doc, lintOptions);
    if (a) out.push(a);
  }
  if (!kindRequested(CodeActionKind.QuickFix, only)) return out;

  const ours = params.context.diagnostics.filter(isOurDiagnostic);
  if (!ours.length) return out;
  // A diagnostic computed for another version of the document: its ranges cannot be trusted.
  if (ours.some((d) => diagnosticData(d)?.version !== doc.version)) return [];

  const quickfix = (title: string, edit: WorkspaceEdit | undefined, diagnostics: Diagnostic[], preferred = false, command?: Command): CodeAction => {
    const a = CodeAction.create(title, CodeActionKind.QuickFix);
    if (edit) a.edit = edit;
    if (command) a.command = command;
    a.diagnostics = diagnostics;
    if (preferred) a.isPreferred = true;
    return a;
  };
  const edit = (fix: FixData) => versionedEdit(doc.uri, doc.version, fix.edits);
  // A fix that would leave its document unparseable (an edit the builder got wrong on an unusual layout) is not offered.
  const text = doc.getText();
  const safe = (fix: FixData) => keepsParsing(text, lintOptions, fix.edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), newText: e.newText })));

  // 1. Each diagnostic's own fixes, then its suggestions. At most one preferred fix per range.
  const preferred = new Set<Diagnostic>();
  for (const d of byPosition(ours)) {
    const fix = diagnosticData(d)!.fix;
    if (fix && safe(fix) && ![...preferred].some((p) => rangesOverlap(p.range, d.range))) preferred.add(d);
  }
  for (const d of ours) {
    const data = diagnosticData(d)!;
    if (data.fix && safe(data.fix)) out.push(quickfix(data.fix.title, edit(data.fix), [d], preferred.has(d)));
    for (const alt of data.alternatives ?? []) if (safe(alt)) out.push(quickfix(alt.title, edit(alt), [d]));
    for (const s of data.suggestions ?? []) if (safe(s)) out.push(quickfix(suggestionTitle(s.title), edit(s), [d]));
  }
  // 2. Per rule: fix all, disable for this line, documentation.
  const rulesSeen = new Set<string>();
  for (const d of ours) {
    const rule = String(d.code);
    if (rulesSeen.has(rule)) continue;
    rulesSeen.add(rule);
    const data = diagnosticData(d)!;
    if (data.fix && (ctx.fixableCount?.(rule) ?? 0) > 1) {
      const r = harden(doc.getText(), lintOptions, (f) => f.rule === rule);
      if (r.changed) out.push(quickfix(`Fix all ${rule} in this file`, versionedEdit(doc.uri, doc.version, textEdits(doc.getText(), r.output)), ours.filter((x) => x.code === rule)));
    }
  }
  for (const d of ours) {
    const rule = String(d.code);
    if (rule.startsWith('directive/')) continue; // reported on a comment: a directive above it would not reach it
    const e = disableLineEdit(doc, lintOptions, d.range.start.line, rule);
    if (e) out.push(quickfix(`Disable ${rule} for this line`, versionedEdit(doc.uri, doc.version, [e]), [d]));
  }
  for (const rule of rulesSeen) {
    const url = docsFor(rule);
    out.push(quickfix(`Show documentation for ${rule}`, undefined, ours.filter((x) => x.code === rule), false,
      Command.create(`Show documentation for ${rule}`, SHOW_DOCS_COMMAND, rule, url)));
  }
  return out;
}

/** The menu title of a suggestion: says it is one (reviewed one at a time, not applied by Harden). */
export function suggestionTitle(title: string): string {
  return `Suggestion: ${title}`;
}

type LspRange = Diagnostic['range'];
const before = (a: LspRange['start'], b: LspRange['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** Do two ranges share a character (or are they the same empty range)? Touching ends do not overlap. */
export function rangesOverlap(a: LspRange, b: LspRange): boolean {
  const same = (x: LspRange['start'], y: LspRange['start']) => x.line === y.line && x.character === y.character;
  if (same(a.start, b.start)) return true;
  return before(a.start, b.end) && before(b.start, a.end);
}

/** The diagnostics in the order Harden applies their fixes: by start position, then rule id (findings are sorted so in the core). */
function byPosition(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || String(a.code).localeCompare(String(b.code)));
}

/** `source.fixAll.containerSignals`: every preferred fix of the file (harden), or undefined when nothing changes. */
export function fixAllAction(doc: TextDocument, lintOptions: LintOptions): CodeAction | undefined {
  const text = doc.getText();
  const r = harden(text, lintOptions);
  if (!r.changed) return undefined;
  const a = CodeAction.create('Harden signals: fix all Container Signals findings', FIX_ALL_KIND);
  a.edit = versionedEdit(doc.uri, doc.version, textEdits(text, r.output));
  return a;
}

/**
 * The edit that silences `rule` on `line`: a `# container-signals-disable-next-line <id>` comment
 * above it (above the instruction's first line in a Dockerfile) with that line's indentation, or
 * `, <id>` added to such a comment already there. Undefined where a comment line cannot go
 * (inside a multi-line YAML scalar: it would change the value), and where the core offers no
 * edit at all (a Dockerfile with lone CR line breaks: Docker may read the new line as part of
 * an instruction).
 */
export function disableLineEdit(doc: TextDocument, lintOptions: LintOptions, line: number, rule: string): LspTextEdit | undefined {
  const text = doc.getText();
  const syntax = syntaxOf(lintOptions.path, lintOptions.languageId);
  const lines = new LineIndex(text);
  if (line < 0 || line >= lines.lineCount || whyNoFixes(text, lintOptions)) return undefined;
  let target = line;
  if (syntax === 'dockerfile') {
    const model = parseDockerfile(text);
    for (const ins of [...model.preamble, ...model.stages.flatMap((s) => [s.from, ...s.instructions])]) {
      const first = model.lines.positionAt(ins.start).line, last = model.lines.positionAt(ins.end).line;
      if (line >= first && line <= last) { target = first; break; }
    }
  } else if (syntax === 'yaml') {
    if (insideMultilineScalar(text, lines, line)) return undefined;
  } else if (syntax === 'shell' || syntax === 'makefile') {
    // A comment line cannot go between a line ending in a backslash and its continuation.
    if (line > 0 && /\\\r?$/.test(lines.lineText(line - 1))) return undefined;
    if (syntax === 'shell') {
      // Only above a line that starts with a command: not inside a string or a here-document.
      const start = lines.offsetAt({ line, character: 0 });
      const file = parseShell(text);
      if (file && !file.commands.some((c) => lines.positionAt(c.start).line === line && /^[ \t]*$/.test(text.slice(start, c.start)))) return undefined;
    }
  } else return undefined;

  const lineText = lines.lineText(target);
  const bom = target === 0 && lineText.startsWith('\uFEFF') ? 1 : 0;
  const indent = /^[ \t]*/.exec(lineText.slice(bom))![0];
  // Extend a directive that is already right above.
  if (target > 0) {
    const prev = lines.lineText(target - 1);
    const m = /^([ \t]*#[ \t]*container-signals-disable-next-line\b[ \t]*)(.*?)([ \t]+--(?:[ \t].*)?)?[ \t]*$/.exec(prev);
    if (m) {
      const ids = m[2].split(/[\s,]+/).filter(Boolean);
      if (ids.includes(rule)) return undefined;
      const at = { line: target - 1, character: m[1].length + m[2].length };
      return { range: { start: at, end: at }, newText: ids.length ? `, ${rule}` : rule };
    }
  }
  const at = { line: target, character: bom };
  return { range: { start: at, end: at }, newText: `${indent}# ${DIRECTIVE} ${rule}${detectEol(text)}` };
}

/** True when `line` lies in a YAML scalar that starts on an earlier line (block scalar, folded plain/quoted). */
function insideMultilineScalar(text: string, lines: LineIndex, line: number): boolean {
  const file = parseYaml(text);
  const lineStart = lines.lineStarts[line];
  const doc = file.docs.find((d) => lineStart >= d.start && lineStart < d.end) ?? file.docs[file.docs.length - 1];
  if (!doc) return false;
  let inside = false;
  visit(doc.doc, {
    Scalar(_key, node) {
      const r = node.range;
      if (r && r[0] < lineStart && r[1] > lineStart && lines.positionAt(r[0]).line < line) { inside = true; return visit.BREAK; }
      return undefined;
    },
  });
  return inside;
}
