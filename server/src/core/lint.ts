/**
 * The editor-free core entry points: text in, findings out.
 *   analyze(text, opts) → { kind, findings (suppressed ones flagged), ruleErrors }
 *   lint(text, opts)    → the findings that are not suppressed
 *   harden(text, opts)  → every preferred fix applied, re-linted until nothing fixable is left
 */
import * as path from 'node:path';
import type { Config, FileKind, Finding, Fix, LintOptions, Severity, TextEdit } from './types';
import { defaultConfig } from './types';
import type { Rule, Report, FixDraft, ContextByTarget } from './rule';
import { formatMessage, presetSeverity } from './rule';
import { rulesFor, ruleById } from './rules';
import { LineIndex, applyEdits, editsOverlap, hasLoneCr } from './text';
import { parseYaml, parseYamlReference, brokenDocCount, YamlFile, YamlDoc, rootMap, nodeSpan } from './model/yaml';
import { fileStyle, styleReads } from './edits/yaml-edits';
import { parseDockerfile, DockerfileModel } from './model/dockerfile';
import { composeServices } from './model/compose';
import type { ComposeService } from './model/compose';
import { composeProject, includeEntries, serviceInProject } from './project/compose-project';
import type { ComposeProject } from './project/compose-project';
import { findRunCommands, findInSources } from './model/run';
import { ciSources } from './model/ci';
import { workloads } from './model/k8s';
import { docKind, syntaxOf, DocKind } from './detect';
import { scanDirectives, suppressing, Directive, PEER_RULES } from './suppress';

export interface RuleError { rule: string; error: string }

export interface AnalyzeResult {
  /** What the file is; undefined when it is not a manifest we read. */
  kind?: FileKind;
  findings: Finding[];
  /** Rules that threw: caught, the other rules' findings are kept. */
  ruleErrors: RuleError[];
  /**
   * Set when findings had fixes that were taken off (the findings are reported without them):
   * why, as a clause ("it has lone CR line breaks, …"). See `whyNoFixes`.
   */
  fixesWithheld?: string;
}

export function resolveConfig(c?: LintOptions['config']): Config {
  const base = defaultConfig();
  if (!c) return base;
  return { rules: { ...base.rules, ...(c.rules ?? {}) }, fix: { ...base.fix, ...(c.fix ?? {}) }, preset: c.preset ?? base.preset, apply: [...(c.apply ?? base.apply ?? [])], ...(c.composeProjects?.length ? { composeProjects: c.composeProjects } : {}), ...(c.targets ? { targets: { ...c.targets } } : {}) };
}

const BOM = '\uFEFF';

export function analyze(text: string, opts: LintOptions): AnalyzeResult {
  if (text.startsWith(BOM)) return shiftBom(analyze(text.slice(1), opts));
  const syntax = syntaxOf(opts.path, opts.languageId);
  const config = resolveConfig(opts.config);
  const absPath = path.resolve(opts.path);
  if (syntax === 'dockerfile') return analyzeDockerfile(text, absPath, opts, config);
  if (syntax === 'yaml') return analyzeYaml(text, absPath, opts, config);
  if (syntax === 'shell' || syntax === 'makefile' || syntax === 'markdown') return analyzeText(text, absPath, syntax, opts, config);
  return { findings: [], ruleErrors: [] };
}

/** Why edits of this text could corrupt it (see `whyNoFixes`). */
export const LONE_CR_DOCKERFILE = 'it has lone CR line breaks (a CR without LF), which Docker does not read as line breaks while editors do, so a fix could land inside another instruction; convert its line breaks to LF or CRLF to get fixes';

/**
 * Why no edit may be offered on this text, or undefined. A Dockerfile with a lone CR: Docker
 * splits lines at LF only (a lone CR stays inside the line: `RUN a\rCMD b` is one RUN), while
 * the editor and `LineIndex` start a new line after it. The findings follow the editor's lines
 * (the model reads each lone CR as LF), so a fix placed by them may land inside an instruction
 * Docker reads differently. (In YAML a lone CR is a line break, for Compose and kubectl too:
 * fixed as usual.)
 */
export function whyNoFixes(text: string, opts: Pick<LintOptions, 'path' | 'languageId'>): string | undefined {
  return syntaxOf(opts.path, opts.languageId) === 'dockerfile' && hasLoneCr(text) ? LONE_CR_DOCKERFILE : undefined;
}

export function lint(text: string, opts: LintOptions): Finding[] {
  return analyze(text, opts).findings.filter((f) => !f.suppressed);
}

/**
 * Does the rule run with this config? A per-rule setting wins (`off` disables it, a severity turns
 * it on even where the preset has it off); else the preset decides.
 */
export function ruleRuns(config: Config, rule: Rule): boolean {
  const s = config.rules[rule.meta.id];
  if (s !== undefined) return s !== 'off';
  return presetSeverity(rule.meta, config.preset) !== undefined;
}

/** A finding's severity: the per-rule setting, else what the report says, else the preset's default. */
export function severityFor(config: Config, rule: Rule, reported?: Severity): Severity | undefined {
  const s = config.rules[rule.meta.id];
  if (s === 'off') return undefined;
  return s ?? reported ?? presetSeverity(rule.meta, config.preset) ?? rule.meta.severity;
}

/**
 * Is `rule` listed in `fix.apply`? Then the first suggestion of each of its findings (that has
 * no fix of its own) becomes the finding's fix: Harden, `--fix`, `--fix-dry-run` and fix-all
 * apply it, and the other suggestions stay suggestions. The one place suggestions are promoted.
 */
export function promotes(config: Pick<Config, 'apply'>, rule: string): boolean {
  return !!config.apply?.includes(rule);
}

class Collector {
  findings: Finding[] = [];
  ruleErrors: RuleError[] = [];
  constructor(private lines: LineIndex, private config: Config) {}

  severityOf(rule: Rule, reported?: Severity): Severity | undefined {
    return severityFor(this.config, rule, reported);
  }

  run<T extends keyof ContextByTarget>(rule: Rule<T>, makeCtx: (report: (r: Report) => void) => ContextByTarget[T]): void {
    if (!ruleRuns(this.config, rule as Rule)) return;
    const report = (r: Report) => {
      const severity = this.severityOf(rule as Rule, r.severity);
      if (!severity) return;
      this.findings.push(this.toFinding(rule as Rule, r, severity));
    };
    try {
      rule.check(makeCtx(report));
    } catch (e) {
      this.ruleErrors.push({ rule: rule.meta.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }

  toFix(d: FixDraft, delta = 0): Fix {
    return { title: d.title, edits: d.edits.map((e) => this.lines.edit(e.start + delta, e.end + delta, e.newText)) };
  }

  /** A report as a finding; its offsets are moved by `delta` (a report kept from a parse of the document at another offset). */
  toFinding(rule: Rule, r: Report, severity: Severity, delta = 0): Finding {
    const f: Finding = {
      rule: rule.meta.id, severity,
      message: formatMessage(rule.meta.messages[r.messageId] ?? r.messageId, r.data),
      range: this.lines.range(r.at[0] + delta, r.at[1] + delta),
    };
    if (r.fix) f.fix = this.toFix(r.fix, delta);
    if (r.alternatives?.length) f.alternatives = r.alternatives.map((a) => this.toFix(a, delta));
    if (r.suggestions?.length) {
      const suggestions = r.suggestions.map((a) => this.toFix(a, delta));
      // `fix.apply`: the team promoted this rule's suggestions to bulk edits (RULES.md principle 2).
      if (!f.fix && promotes(this.config, rule.meta.id)) f.fix = suggestions.shift();
      if (suggestions.length) f.suggestions = suggestions;
    }
    if (r.related?.length) {
      f.related = r.related.map((x) => ({
        message: x.message, path: x.path,
        range: x.at ? this.lines.range(x.at[0] + delta, x.at[1] + delta) : { start: { line: x.line ?? 0, character: x.character ?? 0 }, end: { line: x.endLine ?? x.line ?? 0, character: x.endCharacter ?? x.character ?? 0 } },
      }));
    }
    if (rule.meta.unnecessary) f.unnecessary = true;
    return f;
  }

  /** Flags suppressed findings and reports unknown ids in our own directives. */
  applyDirectives(directives: Directive[]): void {
    for (const f of this.findings) {
      const d = suppressing(directives, f.rule, this.lines.offsetAt(f.range.start), f.range.start.line);
      if (d) f.suppressed = { kind: 'inSource', justification: d.reason, by: d.by };
    }
    const unknown = ruleById.get('directive/unknown-rule');
    if (!unknown) return;
    for (const d of directives) {
      if (!d.own) continue;
      for (const id of d.ids) {
        if (ruleById.has(id.id)) continue;
        const severity = this.severityOf(unknown);
        if (severity) this.findings.push(this.toFinding(unknown, { at: [id.start, id.end], messageId: 'unknown', data: { id: id.id } }, severity));
      }
    }
  }

  result(kind: FileKind | undefined): AnalyzeResult {
    this.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
    return { kind, findings: this.findings, ruleErrors: this.ruleErrors };
  }
}

/** What the rules found in one YAML document (kept with the document's text, see `DocResult` use). */
interface DocResult {
  kind: DocKind | 'ci';
  /** The offset the offsets below are relative to: the start of the document's `---` segment when checked. */
  base: number;
  reports: { rule: Rule; severity: Severity; report: Report }[];
  /** Peer annotations that silence rules in the whole document (or, `within`, in one item of a `kind: List`). */
  scopes: (Omit<Directive, 'scope' | 'ids' | 'own'> & { within?: [number, number] })[];
  errors: RuleError[];
  /** What the reports depend on besides the document's text, the options and the rules. */
  eol: string;
  style?: string;
}

/** The memo entry of a document: its result for the options of `key`. */
interface DocMemo { key: string; result: DocResult }

const styleKey = (file: YamlFile): string => { const s = fileStyle(file); return `${s.step}/${s.flushSeq}`; };

/**
 * Runs the rules of one document. `reads` counts the workspace reads of the run's rules (a result
 * that read other files is not kept: they may change). Cacheable: every offset lies in the
 * document's segment, which the same text at another offset reproduces.
 */
function checkDoc(doc: YamlDoc, file: YamlFile, config: Config, ctx: { config: Config; path: string; workspace: LintOptions['workspace']; project?: ComposeProject }, reads: () => number): { result: DocResult; cacheable: boolean } {
  const k = docKind(doc);
  const result: DocResult = { kind: k, base: doc.segment?.start ?? 0, reports: [], scopes: [], errors: [], eol: file.eol };
  if (!k) {
    // A CI workflow (GitHub Actions, GitLab CI): the `run` rules on the command lines of its steps.
    if (config.targets?.ci === false) return { result, cacheable: true };
    const commands = findInSources(ciSources(file, doc));
    if (!commands.length) return { result, cacheable: true };
    result.kind = 'ci';
    for (const rule of rulesFor('run')) {
      if (!ruleRuns(config, rule as Rule)) continue;
      const report = (r: Report) => {
        const severity = severityFor(config, rule as Rule, r.severity);
        if (severity) result.reports.push({ rule: rule as Rule, severity, report: r });
      };
      try {
        rule.check({ config: ctx.config, path: ctx.path, workspace: ctx.workspace, report, text: file.text, lines: file.lines, commands });
      } catch (e) {
        result.errors.push({ rule: rule.meta.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      }
    }
    return { result, cacheable: false };
  }
  const styles = styleReads(), read = reads();
  const run = <T extends keyof ContextByTarget>(rule: Rule<T>, make: (report: (r: Report) => void) => ContextByTarget[T]): void => {
    if (!ruleRuns(config, rule as Rule)) return;
    const report = (r: Report) => {
      const severity = severityFor(config, rule as Rule, r.severity);
      if (severity) result.reports.push({ rule: rule as Rule, severity, report: r });
    };
    try {
      rule.check(make(report));
    } catch (e) {
      result.errors.push({ rule: rule.meta.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };
  if (k === 'compose') {
    const project = ctx.project;
    // An override's partial service (an earlier file of the project defines it) is judged there, merged.
    const services = project ? composeServices(doc).filter((s) => !serviceInProject(project, s.name).partialOf) : composeServices(doc);
    for (const rule of rulesFor('compose')) run(rule, (report) => ({ config: ctx.config, path: ctx.path, workspace: ctx.workspace, report, file, doc, services, project }));
    // `app` rules: the program's own signal handlers, judged where the service's stop signal is set.
    for (const rule of rulesFor('app')) run(rule, (report) => ({ config: ctx.config, path: ctx.path, workspace: ctx.workspace, report, file, doc, services, project }));
    if (project) relateOverlays(result.reports, services, project, ctx.path);
  } else {
    const wl = workloads(doc);
    for (const w of wl) {
      for (const [ann, value] of w.annotations) {
        const rules = ann.startsWith('checkov.io/skip') ? PEER_RULES[value.split('=')[0].trim().toUpperCase()] : PEER_RULES[ann];
        if (rules?.length) result.scopes.push({ rules, by: ann, reason: ann.startsWith('checkov.io/skip') ? value.split('=').slice(1).join('=') || undefined : value || undefined, within: w.item });
      }
    }
    // A literal, not a spread of `ctx`: the same shape every time (the spread was a tenth of the rules' time).
    if (wl.length) for (const rule of rulesFor('k8s')) run(rule, (report) => ({ config: ctx.config, path: ctx.path, workspace: ctx.workspace, report, file, doc, workloads: wl }));
  }
  if (styleReads() !== styles) result.style = styleKey(file);
  const seg = doc.segment;
  const inside = (at: number) => !!seg && at >= seg.start && at <= seg.end;
  const cacheable = !!seg && reads() === read && !result.errors.length && result.reports.every(({ report: r }) =>
    inside(r.at[0]) && inside(r.at[1])
    && [r.fix, ...(r.alternatives ?? []), ...(r.suggestions ?? [])].every((f) => !f || f.edits.every((e) => inside(e.start) && inside(e.end)))
    && (r.related ?? []).every((x) => (x.at ? inside(x.at[0]) && inside(x.at[1]) : x.path !== undefined)));
  return { result, cacheable };
}

/** The `include:` entries of the file's first compose document. */
function selfIncludes(file: YamlFile, absPath: string): string[][] {
  for (const d of file.docs) {
    if (d.inert || d.broken) continue;
    const root = rootMap(d);
    if (root) return includeEntries(root, d.doc, path.dirname(absPath));
  }
  return [];
}

/**
 * A finding on a service that other files of its project also define (an override file) names
 * them in its related information: the finding is judged on the merged service.
 */
function relateOverlays(reports: DocResult['reports'], services: ComposeService[], project: ComposeProject, self: string): void {
  const spans: { span: [number, number]; related: NonNullable<Report['related']> }[] = [];
  for (const s of services) {
    const overlays = serviceInProject(project, s.name).overlays;
    const span = nodeSpan(s.pair);
    if (!overlays.length || !span) continue;
    spans.push({
      span,
      related: overlays.map(({ file, service }) => {
        const r = nodeSpan(service.key) ?? [0, 0];
        const a = file.lines().positionAt(r[0]), b = file.lines().positionAt(r[1]);
        const rel = path.relative(path.dirname(self), file.path).split(path.sep).join('/');
        return { message: `"${s.name}" is also defined in ${rel}, which Compose merges over this file: judged on the merged service`, path: file.path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character };
      }),
    });
  }
  if (!spans.length) return;
  for (const x of reports) {
    const hit = spans.find((sp) => x.report.at[0] >= sp.span[0] && x.report.at[0] <= sp.span[1]);
    if (!hit) continue;
    const have = new Set((x.report.related ?? []).map((r) => r.path));
    const add = hit.related.filter((r) => !have.has(r.path));
    if (add.length) x.report = { ...x.report, related: [...(x.report.related ?? []), ...add] };
  }
}

function analyzeYaml(text: string, absPath: string, opts: LintOptions, config: Config): AnalyzeResult {
  const file = yamlFileOf(text, absPath, opts);
  const col = new Collector(file.lines, config);
  let kind: FileKind | undefined;
  const annotationScopes: Directive[] = [];
  let reads = 0;
  const reader = opts.workspace;
  const workspace: LintOptions['workspace'] = reader && { readFile: (p: string) => { reads++; return reader.readFile(p); } };
  if (reader?.listDir && workspace) workspace.listDir = (p: string) => { reads++; return reader.listDir!(p); };
  // The Compose project (override files, `include:`, `compose.projects`): read before the
  // documents, outside the counted reads; its files' texts are part of the memo key instead.
  const project = reader && /^(services|include)[ \t]*:/m.test(text) ? composeProject(absPath, reader, config.composeProjects, selfIncludes(file, absPath)) : undefined;
  const ctx = { config, path: absPath, workspace, project };
  // A document's result is kept with its text (fast path) for these options.
  const memoKey = file.segments ? JSON.stringify([absPath, opts.languageId ?? '', config, project?.key ?? '']) : undefined;
  // Documents without rules before the first with a kind: they may give the file its kind.
  const unruled: YamlDoc[] = [];
  for (const doc of file.docs) {
    if (doc.inert) {
      // No rule applies to it; it can only be a Kubernetes object (if it parses): see below.
      if (kind === undefined && doc.inert.kubernetes) unruled.push(doc);
      continue;
    }
    const seg = doc.segment;
    const memo = memoKey !== undefined && seg ? seg.memo.get('lint') as DocMemo | undefined : undefined;
    let r = memo && memo.key === memoKey ? memo.result : undefined;
    if (r && (r.eol !== file.eol || (r.style !== undefined && r.style !== styleKey(file)))) r = undefined;
    if (!r) {
      const checked = checkDoc(doc, file, config, ctx, () => reads);
      r = checked.result;
      if (memoKey !== undefined && seg) {
        if (checked.cacheable) seg.memo.set('lint', { key: memoKey, result: r } satisfies DocMemo);
        else seg.memo.delete('lint');
      }
    }
    if (!r.kind) continue;
    kind ??= r.kind;
    const delta = (seg?.start ?? 0) - r.base;
    for (const x of r.reports) col.findings.push(col.toFinding(x.rule, x.report, x.severity, delta));
    col.ruleErrors.push(...r.errors);
    for (const { within, ...sc } of r.scopes) annotationScopes.push({ ...sc, scope: within ? [within[0] + delta, within[1] + delta] : [doc.start, doc.end], ids: [], own: false });
  }
  // The file's kind is its first document's that has one. A skipped document is Kubernetes or
  // nothing, so it is parsed to find out only when the answer so far is not Kubernetes already.
  if (kind !== 'kubernetes') {
    for (const doc of unruled) {
      const k = docKind(doc);
      if (k) { kind = k; break; }
    }
  }
  if (col.findings.length || text.includes('container-signals-disable')) {
    const directives = scanDirectives(file.text, file.lines, {
      blocks: file.docs.map((d) => [d.start, d.end] as [number, number]),
      firstContent: (b) => {
        const d = file.docs.find((x) => x.start === b[0]);
        const r = d && rootMap(d);
        return r && r.range ? r.range[0] : (d?.doc.contents?.range?.[0] ?? b[1]);
      },
      dockerfile: false,
    });
    col.applyDirectives([...directives, ...annotationScopes]);
  }
  return col.result(kind);
}

function analyzeDockerfile(text: string, absPath: string, opts: LintOptions, config: Config): AnalyzeResult {
  const model: DockerfileModel = parseDockerfile(text);
  const col = new Collector(model.lines, config);
  for (const rule of rulesFor('dockerfile')) col.run(rule, (report) => ({ config, path: absPath, workspace: opts.workspace, report, model }));
  for (const rule of rulesFor('app')) col.run(rule, (report) => ({ config, path: absPath, workspace: opts.workspace, report, model }));
  if (col.findings.length || text.includes('container-signals-disable')) {
    const starts = new Set([...model.preamble, ...model.stages.flatMap((s) => [s.from, ...s.instructions])].map((i) => i.line));
    const first = model.preamble[0] ?? model.stages[0]?.from;
    const directives = scanDirectives(model.text, model.lines, {
      blocks: [[0, text.length]],
      isTarget: (l) => starts.has(l),
      firstContent: () => (first ? first.start : text.length),
      dockerfile: true,
    });
    col.applyDirectives(directives);
  }
  const result = col.result('dockerfile');
  const why = whyNoFixes(text, opts);
  if (why) {
    for (const f of result.findings) {
      if (!f.fix && !f.alternatives && !f.suggestions) continue;
      delete f.fix;
      delete f.alternatives;
      delete f.suggestions;
      if (!f.suppressed) result.fixesWithheld = why;
    }
  }
  return result;
}

/** The `targets:` kind of each syntax the `run` rules read. */
export const TARGET_OF = { shell: 'scripts', makefile: 'makefiles', markdown: 'markdown' } as const;

/** Scripts, Makefiles and Markdown: `run` rules on their command lines; `script` rules on shell scripts. */
function analyzeText(text: string, absPath: string, syntax: 'shell' | 'makefile' | 'markdown', opts: LintOptions, config: Config): AnalyzeResult {
  if (config.targets?.[TARGET_OF[syntax]] === false) return { findings: [], ruleErrors: [] };
  const lines = new LineIndex(text);
  const col = new Collector(lines, config);
  const base = { config, path: absPath, workspace: opts.workspace, text, lines };
  const commands = findRunCommands(text, syntax);
  if (commands.length) for (const rule of rulesFor('run')) col.run(rule, (report) => ({ ...base, report, commands }));
  if (syntax === 'shell') for (const rule of rulesFor('script')) col.run(rule, (report) => ({ ...base, report }));
  if (text.includes('container-signals-disable')) {
    // `# container-signals-disable-next-line <id>` above the line (a shell comment, also in a code block); `# container-signals-disable <id>` among the first comment lines (after the shebang).
    const first = /^(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*/.exec(text)![0].length;
    col.applyDirectives(scanDirectives(text, lines, { blocks: [[0, text.length]], firstContent: () => Math.min(first, text.length), dockerfile: false }));
  }
  // A Makefile or Markdown file is reported on only when it holds docker run lines (as a YAML file
  // that is no manifest is not); a shell script always (the script rules read it too).
  return col.result(syntax === 'shell' ? 'shell' : commands.length ? syntax : undefined);
}

function shiftBom(r: AnalyzeResult): AnalyzeResult {
  const shiftPos = (p: { line: number; character: number }) => (p.line === 0 ? { line: 0, character: p.character + 1 } : p);
  const shiftRange = <R extends { start: { line: number; character: number }; end: { line: number; character: number } }>(x: R): R => ({ ...x, start: shiftPos(x.start), end: shiftPos(x.end) });
  const shiftFix = (f: Fix): Fix => ({ title: f.title, edits: f.edits.map((e) => ({ range: shiftRange(e.range), start: e.start + 1, end: e.end + 1, newText: e.newText })) });
  return {
    ...r,
    findings: r.findings.map((f) => ({
      ...f, range: shiftRange(f.range),
      fix: f.fix && shiftFix(f.fix), alternatives: f.alternatives?.map(shiftFix), suggestions: f.suggestions?.map(shiftFix),
      related: f.related?.map((x) => (x.path ? x : { ...x, range: shiftRange(x.range) })),
    })),
  };
}

export interface HardenResult {
  output: string;
  /** The findings whose preferred fix was applied, pass by pass. */
  applied: Finding[];
  /** Each pass that changed the text: the text it read (the findings' ranges are in it) and the findings it fixed. */
  steps: { text: string; applied: Finding[] }[];
  passes: number;
  changed: boolean;
  /**
   * Fixable findings still present when harden stopped: overlaps that never resolved, and fixes
   * left out because they would have made a document unparseable (see `rejected`).
   */
  remaining: Finding[];
  /** Fixable findings of the output whose fix was left out because the document no longer parsed with it (an unusual layout the edits do not handle). */
  rejected: Finding[];
  /** The text's findings had fixes that were withheld (see `AnalyzeResult.fixesWithheld`): why. */
  fixesWithheld?: string;
}

export const MAX_HARDEN_PASSES = 10;

/** Selects non-overlapping preferred fixes in document order. */
export function selectFixes(findings: Finding[]): { chosen: Finding[]; edits: TextEdit[] } {
  const edits: TextEdit[] = [];
  const chosen: Finding[] = [];
  // The accepted edits sorted by (start, end): a new edit is checked against its neighbours only
  // (accepted edits never overlap), so thousands of fixes do not cost quadratic time.
  const sorted: TextEdit[] = [];
  const before = (a: TextEdit, b: TextEdit) => a.start < b.start || (a.start === b.start && a.end < b.end);
  const indexOf = (e: TextEdit) => {
    let lo = 0, hi = sorted.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (before(sorted[m], e)) lo = m + 1; else hi = m; }
    return lo;
  };
  const conflicts = (e: TextEdit) => {
    const i = indexOf(e);
    for (let j = i - 1; j >= 0; j--) {
      if (editsOverlap(e, sorted[j])) return true;
      if (sorted[j].end < e.start) break;
    }
    for (let j = i; j < sorted.length && sorted[j].start <= e.end; j++) if (editsOverlap(e, sorted[j])) return true;
    return false;
  };
  for (const f of findings) {
    if (!f.fix || f.suppressed) continue;
    if (f.fix.edits.some(conflicts)) continue;
    for (const e of f.fix.edits) {
      edits.push(e);
      if (!sorted.length || !before(e, sorted[sorted.length - 1])) sorted.push(e);
      else sorted.splice(indexOf(e), 0, e);
    }
    chosen.push(f);
  }
  return { chosen, edits };
}

export function harden(text: string, opts: LintOptions, only?: (f: Finding) => boolean): HardenResult {
  let output = text;
  const applied: Finding[] = [];
  const steps: HardenResult['steps'] = [];
  let passes = 0;
  let remaining: Finding[] = [];
  let fixesWithheld: string | undefined;
  let broken = brokenDocuments(output, opts);
  // Findings whose fix was left out (by rule and message: offsets move from pass to pass).
  const key = (f: Finding) => `${f.rule}\0${f.message}`;
  const leftOut = new Set<string>();
  for (; passes < MAX_HARDEN_PASSES; passes++) {
    const a = analyze(output, opts);
    if (passes === 0) fixesWithheld = a.fixesWithheld;
    const fixable = a.findings.filter((f) => !f.suppressed && f.fix && (!only || only(f)));
    remaining = fixable;
    const untried = fixable.filter((f) => !leftOut.has(key(f)));
    if (!untried.length) break;
    let { chosen, edits } = selectFixes(untried);
    if (!chosen.length) break;
    let next = applyEdits(output, edits);
    let nextBroken = brokenDocuments(next, opts);
    if (broken !== undefined && nextBroken! > broken) {
      // A fix made a document unparseable (an edit the builder got wrong on an unusual layout):
      // keep the fixes that leave their document parseable, the others stay unfixed.
      const kept = parseableFixes(output, chosen, opts);
      for (const f of chosen) if (!kept.includes(f)) leftOut.add(key(f));
      chosen = kept;
      edits = kept.flatMap((f) => f.fix!.edits);
      next = applyEdits(output, edits);
      nextBroken = brokenDocuments(next, opts);
      // Fixes that were in the way of the ones left out get their turn in the next pass.
      if (!chosen.length) continue;
      if (nextBroken! > broken) break;
    }
    applied.push(...chosen);
    steps.push({ text: output, applied: chosen });
    if (next === output) break;
    output = next;
    broken = nextBroken;
  }
  if (passes === MAX_HARDEN_PASSES) remaining = lint(output, opts).filter((f) => f.fix && (!only || only(f)));
  // As found in the output.
  return { output, applied, steps, passes, changed: output !== text, remaining, rejected: remaining.filter((f) => leftOut.has(key(f))), fixesWithheld };
}

/** The YAML model `analyze` reads for this text (the cached parse: no extra work for the next pass). */
function yamlModel(text: string, opts: LintOptions): { file: YamlFile; shift: number } | undefined {
  if (syntaxOf(opts.path, opts.languageId) !== 'yaml') return undefined;
  const shift = text.startsWith(BOM) ? 1 : 0;
  const t = shift ? text.slice(1) : text;
  return { file: yamlFileOf(t, path.resolve(opts.path), opts), shift };
}

/** The parse `analyze` reads (BOM already stripped): the per-path cached fast path, or the whole-stream reference. */
function yamlFileOf(text: string, absPath: string, opts: LintOptions): YamlFile {
  return opts.referenceParse ? parseYamlReference(text) : parseYaml(text, absPath);
}

/** Documents of a YAML text that do not parse (documents no rule reads are not counted: no fix touches them); undefined for a Dockerfile. */
function brokenDocuments(text: string, opts: LintOptions): number | undefined {
  const m = yamlModel(text, opts);
  return m && m.file.docs.filter((d) => !d.inert && d.broken).length;
}

/**
 * Does the document these edits (offsets in `text`, one fix) change still parse afterwards (or
 * did it not parse before either)? False for edits that span documents. A quick fix is offered
 * only when it does (harden checks its passes the same way).
 */
export function keepsParsing(text: string, opts: LintOptions, edits: Pick<TextEdit, 'start' | 'end' | 'newText'>[]): boolean {
  const f = { fix: { title: '', edits } } as unknown as Finding;
  return parseableFixes(text, [f], opts).length === 1;
}

/**
 * The fixes (of `chosen`, non-overlapping, offsets in `text`) that keep their document parseable:
 * document by document, each fix is tried on top of the ones kept before it, on the document's
 * text alone.
 */
function parseableFixes(text: string, chosen: Finding[], opts: LintOptions): Finding[] {
  const m = yamlModel(text, opts);
  if (!m) return chosen;
  // Each fix to the first document that holds all its edits (an insertion at a document's end, before the next `---`, is the earlier one's).
  // The last document reaches to the end of the text (the parser may end it before trailing text it dropped).
  const docs = m.file.docs;
  const span = (d: YamlDoc): [number, number] => [d.start + m.shift, d === docs[docs.length - 1] ? text.length : d.end + m.shift];
  const groups = new Map<YamlDoc, Finding[]>();
  for (const f of chosen) {
    const d = docs.find((x) => { const [s, e] = span(x); return f.fix!.edits.every((ed) => ed.start >= s && ed.end <= e); });
    if (d) groups.set(d, [...(groups.get(d) ?? []), f]);
  }
  const kept: Finding[] = [];
  for (const [d, fixes] of groups) {
    const [start, end] = span(d);
    const slice = text.slice(start, end);
    const base = brokenDocCount(slice);
    const local: Finding[] = [];
    for (const f of fixes) {
      const trial = applyEdits(slice, [...local, f].flatMap((x) => x.fix!.edits.map((e) => ({ start: e.start - start, end: e.end - start, newText: e.newText }))));
      if (brokenDocCount(trial) <= base) local.push(f);
    }
    kept.push(...local);
  }
  return chosen.filter((f) => kept.includes(f));
}
