/**
 * Server side of "Harden signals" (one file: one TextDocumentEdit, so one undo step) and
 * "Harden signals in workspace" (one WorkspaceEdit whose edits carry change annotations, so VS
 * Code shows its refactor preview, with every change checked, before writing), plus the message
 * that says what changed ("Hardened 2 services (api, worker): init, tmpfs /tmp, TMPDIR") and how
 * many suggestions are left to review (the response lists them: the client's "Review
 * suggestions" button walks through them). Harden applies fixes only (and the suggestions of the
 * rules named in `fix.apply`, which the core has already turned into fixes).
 */
import * as path from 'node:path';
import type { AnnotatedTextEdit, ChangeAnnotation, TextDocumentEdit, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding, FixSettings, LintOptions } from '../core/types';
import { analyze, harden, lint, resolveConfig } from '../core/lint';
import type { HardenResult } from '../core/lint';
import { LineIndex, applyEdits } from '../core/text';
import { parseYaml, nodeSpan } from '../core/model/yaml';
import { composeServices } from '../core/model/compose';
import { workloads } from '../core/model/k8s';
import { docKind, syntaxOf } from '../core/detect';
import { textEdits } from './text-diff';
import { signalPaths, signalPathAt, formatSignalPath, locationText } from '../core/project/signal-path';
import type { SignalPath, PathLocation, Verdict } from '../core/project/signal-path';
import type { WorkspaceReader } from '../core/types';
import { pathToFileURL } from 'node:url';

/** Server commands (`workspace/executeCommand`); the client's palette commands call them. */
export const HARDEN_FILE_COMMAND = 'containerSignals.server.hardenFile';
export const HARDEN_WORKSPACE_COMMAND = 'containerSignals.server.hardenWorkspace';
/** "Show signal path": the signal paths of a file, at a position or of a named service/container. */
export const SIGNAL_PATH_COMMAND = 'containerSignals.server.signalPath';
export const SERVER_COMMANDS = [HARDEN_FILE_COMMAND, HARDEN_WORKSPACE_COMMAND, SIGNAL_PATH_COMMAND];

export type HardenStatus = 'applied' | 'nothing' | 'notManifest' | 'stale' | 'disabled' | 'skipped' | 'failed' | 'cancelled';

/** A finding left with suggestions after Harden (positions in the hardened text, 0-based). */
export interface SuggestionRef { uri: string; rule: string; message: string; line: number; character: number; titles: string[] }

/** What the server answers to a harden command (the client shows `message`). */
export interface HardenResponse {
  status: HardenStatus;
  message: string;
  /** What was changed, e.g. ['init', 'tmpfs /tmp'] (file) — or the changed files' paths (workspace). */
  changes?: string[];
  /** Services/containers changed (file). */
  owners?: string[];
  files?: number;
  /** Findings left with suggestions to review (not applied by Harden), for the "Review suggestions" button. */
  suggestions?: SuggestionRef[];
}

/** The findings of `findings` that offer suggestions, as references for the client. */
export function suggestionRefs(uri: string, findings: Finding[]): SuggestionRef[] {
  return findings.filter((f) => !f.suppressed && f.suggestions?.length).map((f) => ({
    uri, rule: f.rule, message: f.message, line: f.range.start.line, character: f.range.start.character,
    titles: f.suggestions!.map((s) => s.title),
  }));
}

/** " 2 suggestions left to review (not applied by Harden signals)." or "". */
export function suggestionsClause(n: number, files?: number): string {
  if (!n) return '';
  const where = files !== undefined && files > 1 ? ` in ${files} files` : '';
  return ` ${plural(n, 'suggestion')} left to review${where} (not applied by Harden signals).`;
}

interface Owner { kind: 'service' | 'container' | 'workload'; name: string }

/** A short label for what a rule's preferred fix changes. */
export function changeLabel(rule: string, fix: FixSettings): string {
  switch (rule) {
    case 'compose/missing-init': return 'init';
    case 'run/missing-init': return '--init';
    case 'run/read-only-without-tmp': return `--tmpfs ${fix.tmpfs}`;
    case 'compose/read-only-without-tmp':
    case 'compose/tmp-not-tmpfs': return `tmpfs ${fix.tmpfs}`;
    case 'compose/tmpdir-unset': return 'TMPDIR';
    case 'compose/root-user':
    case 'dockerfile/root-user': return `user ${fix.user}`;
    case 'k8s/root-user': return 'runAsUser and runAsNonRoot';
    case 'k8s/missing-init': return 'shareProcessNamespace';
    case 'compose/ptrace-capability':
    case 'k8s/ptrace-capability': return 'SYS_PTRACE removed';
    case 'compose/shell-pid1':
    case 'k8s/shell-pid1': return 'exec in shell command';
    case 'compose/obsolete-version': return 'obsolete version removed';
    case 'k8s/read-only-without-tmp':
    case 'k8s/tmp-not-mounted': return 'emptyDir /tmp';
    case 'dockerfile/shell-form': return 'exec form';
    case 'dockerfile/missing-init': return 'tini';
    default: return rule;
  }
}

/** The service / container a finding belongs to, read from the text it was reported on. */
function ownersOf(text: string, opts: LintOptions, findings: Finding[]): (Owner | undefined)[] {
  if (syntaxOf(opts.path, opts.languageId) !== 'yaml') return findings.map(() => undefined);
  const file = parseYaml(text);
  return findings.map((f) => {
    const off = file.lines.offsetAt(f.range.start);
    const doc = file.docs.find((d) => off >= d.start && off < d.end);
    if (!doc) return undefined;
    const kind = docKind(doc);
    const inside = (n: Parameters<typeof nodeSpan>[0]) => { const s = nodeSpan(n); return !!s && off >= s[0] && off <= s[1]; };
    if (kind === 'compose') {
      const s = composeServices(doc).find((x) => inside(x.pair));
      return s ? { kind: 'service', name: s.name } : undefined;
    }
    if (kind === 'kubernetes') {
      for (const w of workloads(doc)) {
        const c = w.containers.find((x) => inside(x.map));
        if (c) return { kind: 'container', name: c.name ?? '(unnamed)' };
        if (inside(w.root)) return { kind: 'workload', name: `${w.kind}/${w.name ?? '(unnamed)'}` };
      }
    }
    return undefined;
  });
}

/** The fixes harden applied, with the service / container each belongs to (read from the text of its pass). */
function appliedWithOwners(h: HardenResult, opts: LintOptions): { rule: string; owner?: Owner }[] {
  return h.steps.flatMap((step) => {
    const owners = ownersOf(step.text, opts, step.applied);
    return step.applied.map((f, i) => ({ rule: f.rule, owner: owners[i] }));
  });
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** "2 fixes left out: <name> would no longer parse with them (rule, rule)". */
function leftOutClause(h: HardenResult, name = 'it'): string {
  const n = h.rejected.length;
  return `${n === 1 ? 'one fix' : `${n} fixes`} left out: ${name} would no longer parse with ${n === 1 ? 'it' : 'them'} (${unique(h.rejected.map((f) => f.rule)).join(', ')})`;
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * "Hardened 2 services (api, worker): init, tmpfs /tmp, TMPDIR" and its parts. `remaining`:
 * findings left without an automatic fix (besides `suggestions`: those left with suggestions).
 */
export function describeHarden(name: string, h: HardenResult, opts: LintOptions, remaining: number, suggestions = 0): { message: string; changes: string[]; owners: string[] } {
  const fix = resolveConfig(opts.config).fix;
  const applied = appliedWithOwners(h, opts);
  const changes = unique(applied.map((a) => changeLabel(a.rule, fix)));
  const owned = applied.map((a) => a.owner).filter((o): o is Owner => !!o);
  const kinds = unique(owned.map((o) => o.kind));
  const owners = unique(owned.map((o) => o.name));
  let subject = name;
  if (owners.length && kinds.length === 1) {
    const noun = kinds[0] === 'service' ? 'service' : kinds[0] === 'container' ? 'container' : 'workload';
    subject = `${plural(owners.length, noun)} (${owners.join(', ')})`;
  } else if (owners.length) subject = `${name} (${owners.join(', ')})`;
  let message = `Hardened ${subject}: ${changes.join(', ')}.`;
  if (remaining > 0) message += ` ${plural(remaining, 'finding')} left without an automatic fix.`;
  message += suggestionsClause(suggestions);
  if (h.rejected.length) message += ` ${upperFirst(leftOutClause(h, name))}.`;
  return { message, changes, owners };
}

export interface HardenFileInput { uri: string; version: number; text: string; opts: LintOptions }

/** Computes "Harden signals" for one document: the edit to send, or why there is none. */
export function hardenFile(input: HardenFileInput): { response: HardenResponse; edit?: WorkspaceEdit } {
  const { uri, version, text, opts } = input;
  const name = path.basename(opts.path);
  const a = analyze(text, opts);
  if (!a.kind) return { response: { status: 'notManifest', message: `${name} is not a Compose file, Kubernetes manifest or Dockerfile: nothing to harden.` } };
  // Findings whose fixes the core withholds (a Dockerfile with lone CR line breaks): say why.
  if (a.fixesWithheld) return { response: { status: 'skipped', message: `Harden signals left ${name} unchanged: ${a.fixesWithheld}.` } };
  const r = harden(text, opts);
  const after = r.changed ? lint(r.output, opts) : a.findings.filter((f) => !f.suppressed);
  const suggestions = suggestionRefs(uri, after);
  const withSuggestions = suggestions.length ? { suggestions } : {};
  const left = Math.max(0, after.length - r.rejected.length - suggestions.length);
  if (!r.changed && r.rejected.length) {
    return { response: { status: 'nothing', message: `Harden signals left ${name} unchanged: ${leftOutClause(r, name)}.${suggestionsClause(suggestions.length)}`, ...withSuggestions } };
  }
  if (!r.changed) {
    const findings = after.length;
    const other = findings - suggestions.length;
    let message = `Nothing to harden in ${name}: no findings.`;
    if (findings && !suggestions.length) message = `Nothing to harden in ${name}: ${findings === 1 ? 'its finding has' : `its ${findings} findings have`} no automatic fix.`;
    else if (findings) {
      message = `Nothing to harden in ${name}: ${plural(suggestions.length, 'suggestion')} to review (not applied by Harden signals)`
        + `${other ? `; ${plural(other, 'other finding')} without an automatic fix` : ''}.`;
    }
    return { response: { status: 'nothing', message, ...withSuggestions } };
  }
  const d = describeHarden(name, r, opts, left, suggestions.length);
  const edit: WorkspaceEdit = { documentChanges: [{ textDocument: { uri, version }, edits: textEdits(text, r.output) }] };
  return { response: { status: 'applied', message: d.message, changes: d.changes, owners: d.owners, ...withSuggestions }, edit };
}

export interface WorkspaceFile { uri: string; path: string; version: number | null; text: string; opts: LintOptions }

export const HARDEN_ANNOTATION = 'containerSignals.harden';
/** The annotation of the one edit that makes VS Code open its refactor preview (see hardenWorkspaceEdit). */
export const PREVIEW_ANNOTATION = `${HARDEN_ANNOTATION}:preview`;
export const PREVIEW_LABEL = 'Opens this preview (changes nothing)';

/** Offsets of a range in `text` (LineIndex positions). */
function offsetsOf(lines: LineIndex, r: LspTextEdit['range']): [number, number] {
  return [lines.offsetAt(r.start), lines.offsetAt(r.end)];
}

/**
 * A file's harden as edits, each with the rules it comes from. When harden fixed everything in one
 * pass, the edits are the fixes' own (minimal, non-overlapping, in the original text: checked by
 * applying them), one rule each. Otherwise (a fix that only applies after another: two passes), the
 * diff between the text and the output, each hunk with the first pass's rules whose fix edits
 * touch it, or else the later passes' rules.
 */
function editsByRule(text: string, r: HardenResult): { edit: LspTextEdit; rules: string[] }[] {
  const step = r.steps[0];
  if (r.steps.length === 1 && step.text === text) {
    const pieces = step.applied.flatMap((f) => (f.fix?.edits ?? []).map((e) => ({ e, rule: f.rule })));
    if (applyEdits(text, pieces.map((p) => p.e)) === r.output) {
      return pieces.sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end)
        .map((p) => ({ edit: { range: p.e.range, newText: p.e.newText }, rules: [p.rule] }));
    }
  }
  const lines = new LineIndex(text);
  const first = step?.text === text ? step.applied : [];
  const later = unique(r.steps.slice(first.length ? 1 : 0).flatMap((s) => s.applied.map((f) => f.rule)));
  return textEdits(text, r.output).map((e) => {
    const [s, t] = offsetsOf(lines, e.range);
    const rules = unique(first.filter((f) => (f.fix?.edits ?? []).some((x) => x.start <= t && s <= x.end)).map((f) => f.rule));
    return { edit: e, rules: rules.length ? rules : later.length ? later : unique(r.applied.map((f) => f.rule)) };
  });
}

/**
 * One WorkspaceEdit for every file that harden changes. With `annotations` (the client supports
 * change annotations: VS Code), it opens VS Code's refactor preview with every change checked:
 * - each edit carries a change annotation labelled by its rules ("compose/missing-init: init"),
 *   `needsConfirmation: false`, so the preview lists it checked, under its file (or, grouped by
 *   type, under its rule);
 * - VS Code opens the preview only when some edit needs confirmation, and it lists such edits
 *   unchecked (bulkEditPreview: `checked = !needsConfirmation`); an extension cannot ask for the
 *   preview otherwise (`isRefactoring` only decides auto-save). So one extra edit, an empty insert
 *   at the start of the first file labelled PREVIEW_LABEL, needs confirmation: it opens the
 *   preview, stays unchecked, and would change nothing if checked.
 * Apply then writes the checked edits; Discard writes nothing.
 * `withheld`: "<file>: <why>" for each file whose fixes the core withholds.
 */
export function hardenWorkspaceEdit(files: WorkspaceFile[], root: (p: string) => string, annotations: boolean): { edit?: WorkspaceEdit; changed: WorkspaceFile[]; summaries: string[]; withheld: string[]; suggestions: SuggestionRef[] } {
  const documentChanges: TextDocumentEdit[] = [];
  const suggestions: SuggestionRef[] = [];
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  const ids = new Map<string, string>();
  const changed: WorkspaceFile[] = [];
  const summaries: string[] = [];
  const withheld: string[] = [];
  for (const f of files) {
    let r;
    try { r = harden(f.text, f.opts); } catch { continue; }
    if (r.fixesWithheld) withheld.push(`${root(f.path)}: ${r.fixesWithheld}`);
    if (r.rejected.length) withheld.push(`${root(f.path)}: ${leftOutClause(r)}`);
    // What is left to review in the file once hardened (positions in the hardened text).
    try { suggestions.push(...suggestionRefs(f.uri, lint(r.output, f.opts))); } catch { /* reported by the diagnostics */ }
    if (!r.changed) continue;
    const rel = root(f.path);
    const d = describeHarden(rel, r, f.opts, 0);
    let edits: (LspTextEdit | AnnotatedTextEdit)[] = textEdits(f.text, r.output);
    if (annotations) {
      const fix = resolveConfig(f.opts.config).fix;
      edits = editsByRule(f.text, r).map(({ edit: e, rules }) => {
        const label = rules.map((rule) => `${rule}: ${changeLabel(rule, fix)}`).join('; ');
        let id = ids.get(label);
        if (!id) {
          id = `${HARDEN_ANNOTATION}:${ids.size}`;
          ids.set(label, id);
          changeAnnotations[id] = { label, needsConfirmation: false };
        }
        return { ...e, annotationId: id };
      });
      if (!documentChanges.length) {
        changeAnnotations[PREVIEW_ANNOTATION] = { label: PREVIEW_LABEL, description: 'Harden signals in workspace', needsConfirmation: true };
        edits = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '', annotationId: PREVIEW_ANNOTATION }, ...edits];
      }
    }
    documentChanges.push({ textDocument: { uri: f.uri, version: f.version }, edits });
    changed.push(f);
    summaries.push(`${rel}: ${d.changes.join(', ')}`);
  }
  if (!documentChanges.length) return { changed, summaries, withheld, suggestions };
  const edit: WorkspaceEdit = { documentChanges };
  if (annotations) edit.changeAnnotations = changeAnnotations;
  return { edit, changed, summaries, withheld, suggestions };
}

// ---------------------------------------------------------------------------------------------
// Show signal path

/** The argument of SIGNAL_PATH_COMMAND: the document, and the cursor or the name picked from a list. */
export interface SignalPathArgs { uri: string; position?: { line: number; character: number }; name?: string }

/**
 * The answer: `shown` (one path, with its Markdown document), `choose` (several and no cursor on
 * one: `choices` for a pick list, then ask again with `name`), `none` (a manifest without
 * services or containers, or an unknown name), `notManifest`.
 */
export interface SignalPathResponse {
  status: 'shown' | 'choose' | 'none' | 'notManifest' | 'disabled' | 'skipped' | 'failed';
  message?: string;
  /** The path in one line (as in the hover). */
  line?: string;
  markdown?: string;
  path?: SignalPath;
  choices?: { name: string; kind: SignalPath['kind']; line: string }[];
}

const VERDICT: Record<Verdict, string> = { passes: 'passes it on', exec: 'exec', lost: 'loses it', handled: 'handles it', ignored: 'ignores it', unknown: 'cannot tell' };
const mdEscape = (s: string) => s.replace(/[\\[\]`*_<>|]/g, (c) => `\\${c}`);
const link = (l: PathLocation, root?: string) => `[${mdEscape(locationText(l, root))}](${pathToFileURL(l.path).href}#L${l.line + 1})`;
const KIND_NAME: Record<SignalPath['kind'], string> = { compose: 'service', kubernetes: 'container', dockerfile: 'stage', run: 'command line of' };

/** The document "Show signal path" opens: the one line, then each step with what it does, a verdict and a file link. */
export function signalPathMarkdown(p: SignalPath, root?: string): string {
  const out = [`# Signal path of ${KIND_NAME[p.kind]} "${mdEscape(p.name)}" (${mdEscape(path.basename(p.file))})`, ''];
  out.push('```text', formatSignalPath(p), '```', '');
  const sigAt = p.signalLocation ? ` (${link(p.signalLocation, root)})` : '';
  out.push(`${[p.trigger, ...(p.before ?? [])].map(mdEscape).join(' → ')} sends **${mdEscape(p.signal)}**${sigAt}, then SIGKILL after ${mdEscape(p.grace)}.`, '');
  p.steps.forEach((st, i) => {
    out.push(`${i + 1}. **${mdEscape(st.label)}** (${VERDICT[st.verdict]}): ${mdEscape(st.does)}${st.location ? ` ${link(st.location, root)}` : ''}`);
  });
  out.push('', `**Outcome:** ${mdEscape(p.outcome)}`, '');
  return out.join('\n');
}

/** The signal path at the cursor (anywhere inside a service/container, or the Dockerfile), or of `name`, or the only one. */
export function signalPathCommand(input: { text: string; path: string; languageId?: string; reader?: WorkspaceReader; offset?: number; name?: string; root?: string; composeProjects?: readonly (readonly string[])[] }): SignalPathResponse {
  const f = { text: input.text, path: input.path, languageId: input.languageId };
  const syntax = syntaxOf(input.path, input.languageId);
  if (!syntax) return { status: 'notManifest', message: `${path.basename(input.path)} is not a Compose file, Kubernetes manifest or Dockerfile: no signal path to show.` };
  const options = input.composeProjects ? { composeProjects: input.composeProjects } : undefined;
  const shown = (p: SignalPath): SignalPathResponse => ({ status: 'shown', line: formatSignalPath(p), markdown: signalPathMarkdown(p, input.root), path: p });
  if (input.name === undefined && input.offset !== undefined) {
    const at = signalPathAt(f, input.offset, input.reader, { within: true, ...options });
    if (at) return shown(at);
  }
  const all = signalPaths(f, input.reader, options);
  if (input.name !== undefined) {
    const p = all.find((x) => x.name === input.name);
    return p ? shown(p) : { status: 'none', message: `No service or container named "${input.name}" in ${path.basename(input.path)}.` };
  }
  if (!all.length) return { status: 'none', message: `${path.basename(input.path)} has no service, container, ENTRYPOINT/CMD or docker run line to follow.` };
  if (all.length === 1) return shown(all[0]);
  return { status: 'choose', choices: all.map((p) => ({ name: p.name, kind: p.kind, line: formatSignalPath(p) })) };
}
