/**
 * Diagnostics for open documents: which documents are ours, debounced re-lint per document,
 * stale results dropped (the document version is checked before publishing), rule crashes
 * logged with the rule id, large/binary/template files skipped with one information diagnostic, and
 * dependents re-linted when a file they read (a compose service's Dockerfile) changes.
 */
import * as path from 'node:path';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintOptions } from '../core/types';
import { analyze } from '../core/lint';
import type { AnalyzeResult } from '../core/lint';
import { forgetYaml } from '../core/model/yaml';
import { isDockerfileName } from '../core/detect';
import { SettingsCache, Settings } from './settings';
import { ProjectConfigs, effectiveConfig } from './project-config';
import { Workspace, describeSkip, lintPath, skipReason, uriToPath } from './workspace';
import { toDiagnostic, skippedDiagnostic, diagnosticData } from './diagnostics';

export const LANGUAGES = new Set(['dockercompose', 'dockerfile', 'yaml', 'shellscript']);
/** Language ids under which a file is linted by its name (Containerfile, Dockerfile.* …). */
const NAME_ONLY_LANGUAGES = new Set(['plaintext', 'ignore', '']);
export const DEFAULT_DEBOUNCE_MS = 150;
/** A lint slower than this is logged. */
const SLOW_MS = 250;

export interface LintTarget { path: string; languageId?: string }

/** Is this document one we lint, and as what? */
export function lintTarget(doc: { uri: string; languageId: string }): LintTarget | undefined {
  const p = lintPath(doc.uri);
  if (LANGUAGES.has(doc.languageId)) return { path: p, languageId: doc.languageId };
  if (NAME_ONLY_LANGUAGES.has(doc.languageId ?? '') && isDockerfileName(p)) return { path: p, languageId: 'dockerfile' };
  return undefined;
}

/** A cheap look at a skipped YAML text: could it be a manifest (worth a visible message)? */
function looksLikeManifest(text: string): boolean {
  const head = text.slice(0, 1 << 20);
  return /^services[ \t]*:/m.test(head) || (/^apiVersion[ \t]*:/m.test(head) && /^kind[ \t]*:/m.test(head));
}

/**
 * The server's lint of one document version: the core's analysis and its diagnostics. The core
 * keeps each YAML document's tree and findings per file path, so after an edit only the edited
 * document is parsed and checked again (`npm run bench` times this for its relint row).
 */
export function lintDocument(text: string, opts: LintOptions, uri: string, version: number): { result: AnalyzeResult; diagnostics: Diagnostic[] } {
  const result = analyze(text, opts);
  return { result, diagnostics: result.findings.filter((f) => !f.suppressed).map((f) => toDiagnostic(f, uri, version)) };
}

export class Validator {
  private timers = new Map<string, NodeJS.Timeout>();
  /** Paths each document read through the workspace reader (to re-lint dependents). */
  private deps = new Map<string, Set<string>>();
  /** Published diagnostics per URI with the version they belong to. */
  private published = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  private loggedErrors = new Map<string, string>();
  private loggedSkips = new Map<string, string>();
  /** `.container-signals.yaml` files, shared with the CLI's format. */
  readonly projects: ProjectConfigs;

  constructor(
    private connection: Connection,
    private documents: TextDocuments<TextDocument>,
    readonly workspace: Workspace,
    readonly settings: SettingsCache,
    private debounceMs: number,
  ) {
    this.projects = new ProjectConfigs(workspace, (p) => this.openText(p));
  }

  /** Text of an open document by file path (for the workspace reader). */
  openText = (p: string): string | undefined => {
    for (const d of this.documents.all()) if (uriToPath(d.uri) === p) return d.getText();
    return undefined;
  };


  /**
   * Lint options for a document, or undefined when it is not ours, the extension is disabled
   * for it, or the project's `ignore` globs skip it. Config: defaults ← project file ← settings.
   */
  async lintOptions(doc: TextDocument, deps?: Set<string>): Promise<{ opts: LintOptions; settings: Settings } | undefined> {
    const target = lintTarget(doc);
    if (!target) return undefined;
    return this.optionsFor(doc.uri, target.path, target.languageId, deps);
  }

  /** Lint options for a file by URI and path (open or not). */
  async optionsFor(uri: string, p: string, languageId: string | undefined, deps?: Set<string>): Promise<{ opts: LintOptions; settings: Settings } | undefined> {
    const settings = await this.settings.get(uri);
    if (!settings.enable) return undefined;
    const project = this.projects.forPath(p);
    if (project?.ignored(p)) return undefined;
    return { settings, opts: { path: p, languageId, config: effectiveConfig(settings, project), workspace: this.workspace.reader(this.openText, deps) } };
  }

  /** Schedules a lint of `uri` (0 = as soon as possible). */
  schedule(uri: string, delay = this.debounceMs): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.set(uri, setTimeout(() => { this.timers.delete(uri); void this.validate(uri); }, delay));
  }

  /** Re-lints every open document (settings changed). */
  validateAll(): void {
    for (const d of this.documents.all()) this.schedule(d.uri, 0);
  }

  /** Re-lints the open documents that read `changedPath`. */
  validateDependents(changedPath: string, exceptUri?: string): void {
    const p = path.normalize(changedPath);
    for (const [uri, set] of this.deps) if (uri !== exceptUri && set.has(p) && this.documents.get(uri)) this.schedule(uri);
  }

  close(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.deps.delete(uri);
    this.published.delete(uri);
    this.settings.delete(uri);
    for (const k of [...this.loggedErrors.keys()]) if (k.startsWith(uri + '\u0000')) this.loggedErrors.delete(k);
    this.loggedSkips.delete(uri);
    // The core's parsed documents of the file (kept per path for the next edit) are not needed now.
    forgetYaml(path.resolve(lintPath(uri)));
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The diagnostics published for the document's current version, if any. */
  current(uri: string): Diagnostic[] | undefined {
    const doc = this.documents.get(uri);
    const p = this.published.get(uri);
    return doc && p && p.version === doc.version ? p.diagnostics : undefined;
  }

  fixableCount(uri: string, rule: string): number {
    return (this.current(uri) ?? []).filter((d) => d.code === rule && diagnosticData(d)?.fix).length;
  }

  async validate(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    let diagnostics: Diagnostic[] = [];
    try {
      const deps = new Set<string>();
      const lo = await this.lintOptions(doc, deps);
      // The document changed or closed while the settings were fetched: a newer run is scheduled.
      const now = this.documents.get(uri);
      if (!now || now.version !== version) return;
      if (lo) {
        const text = doc.getText();
        const max = lo.settings.maxFileSize;
        const skip = skipReason(text, max);
        if (skip) {
          // A YAML file that is no manifest at all (and no template of one) is skipped silently.
          const visible = lo.opts.languageId !== 'yaml' || looksLikeManifest(text);
          if (this.loggedSkips.get(uri) !== skip) {
            this.loggedSkips.set(uri, skip);
            this.connection.console.info(`skipped ${uri}: ${skip === 'binary' ? 'contains NUL characters (binary)' : describeSkip(skip, max).replace(/^it is /, '')}`);
          }
          if (visible) diagnostics = [skippedDiagnostic(skip, max)];
        } else {
          this.loggedSkips.delete(uri);
          const t0 = Date.now();
          const { result, diagnostics: found } = lintDocument(text, lo.opts, uri, version);
          const ms = Date.now() - t0;
          if (ms > SLOW_MS) this.connection.console.info(`linted ${uri} (${doc.lineCount} lines) in ${ms} ms`);
          this.reportRuleErrors(uri, result.ruleErrors);
          diagnostics = found;
        }
      }
      this.deps.set(uri, deps);
    } catch (e) {
      this.connection.console.error(`lint failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      diagnostics = [];
    }
    const latest = this.documents.get(uri);
    if (!latest || latest.version !== version) return;
    this.published.set(uri, { version, diagnostics });
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private reportRuleErrors(uri: string, errors: { rule: string; error: string }[]): void {
    for (const e of errors) {
      const key = `${uri}\u0000${e.rule}`;
      const first = e.error.split('\n')[0];
      if (this.loggedErrors.get(key) === first) continue;
      this.loggedErrors.set(key, first);
      this.connection.console.error(`rule ${e.rule} crashed on ${uri} (its findings are missing; the other rules ran): ${e.error}`);
    }
  }
}
