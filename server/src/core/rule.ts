/** The rule contract: one rule per file with `meta` and `check(ctx)` (ESLint style). */
import type { Config, Preset, Severity, SeveritySetting, Target, WorkspaceReader } from './types';
import type { YamlDoc, YamlFile } from './model/yaml';
import type { ComposeService } from './model/compose';
import type { Workload } from './model/k8s';
import type { DockerfileModel } from './model/dockerfile';
import type { Edit } from './edits/yaml-edits';
import type { LineIndex } from './text';
import type { RunCommand } from './model/run';
import type { ComposeProject } from './project/compose-project';

export const DOCS_BASE = 'https://github.com/container-signals/container-signals/blob/main/docs/rules/';

export interface RuleMeta {
  id: string;
  target: Target;
  /**
   * Default severity per preset (RULES.md v2 columns); `off`: the rule does not run in that
   * preset unless a per-rule setting turns it on. A report may override it (`Report.severity`,
   * e.g. information when the linter cannot know); rules read `ctx.config.preset` for cases that
   * differ by preset.
   */
  presets: Record<Preset, SeveritySetting>;
  /** The severity of the recommended preset, else strict's (derived by `defineRule`). */
  severity: Severity;
  description: string;
  /** Link to docs/rules/<id>.md */
  docs: string;
  /** The rule offers fixes (applied by Harden, `--fix`, fix-all). */
  fixable: boolean;
  /** The rule offers suggestions (one at a time; bulk only when promoted by `fix.apply`). */
  suggests?: boolean;
  /** Message templates; `{{name}}` is replaced by `data.name`. */
  messages: Record<string, string>;
  /** Render findings as unnecessary code (faded). */
  unnecessary?: boolean;
}

export interface FixDraft { title: string; edits: Edit[] }

export interface Report {
  /** Offsets [start, end) of the smallest node that shows the problem. */
  at: [number, number];
  messageId: string;
  data?: Record<string, string | number>;
  /** Overrides the rule's default severity (e.g. an error variant); user config still wins. */
  severity?: Severity;
  /** The preferred fix: changes only how the container starts/stops or where temp files go (applied by Harden). */
  fix?: FixDraft;
  /** Other fixes (same kind as `fix`), offered in the quick-fix menu, not applied in bulk. */
  alternatives?: FixDraft[];
  /** Suggestions: privilege/capability/user/package edits, offered one at a time (RULES.md principle 2). */
  suggestions?: FixDraft[];
  related?: { message: string; at?: [number, number]; path?: string; line?: number; character?: number; endLine?: number; endCharacter?: number }[];
}

interface BaseContext {
  config: Config;
  /** Absolute path of the linted file. */
  path: string;
  workspace?: WorkspaceReader;
  report(r: Report): void;
}

export interface ComposeContext extends BaseContext {
  file: YamlFile; doc: YamlDoc;
  /** The services the rules judge: an override's partial services (see `project`) are left out. */
  services: ComposeService[];
  /** The Compose project the file belongs to (override files, `include:`, `compose.projects`), when it is not judged alone. */
  project?: ComposeProject;
}
export interface K8sContext extends BaseContext { file: YamlFile; doc: YamlDoc; workloads: Workload[] }
export interface DockerfileContext extends BaseContext { model: DockerfileModel }

/** `run` rules: the `docker run` / `docker create` / `podman run` command lines of a script, Makefile, CI workflow or Markdown file. */
export interface RunContext extends BaseContext { text: string; lines: LineIndex; commands: RunCommand[] }
/** `script` rules: a shell script (`*.sh`, a `shellscript` document). */
export interface ScriptContext extends BaseContext { text: string; lines: LineIndex }
/**
 * `app` rules judge the program's own signal handlers where the stop signal is set: they run on
 * compose services and on Dockerfiles (tell them apart with `'services' in ctx`).
 */
export type AppContext = ComposeContext | DockerfileContext;

export interface ContextByTarget { compose: ComposeContext; k8s: K8sContext; dockerfile: DockerfileContext; directive: never; run: RunContext; script: ScriptContext; app: AppContext }

export interface Rule<T extends Target = Target> {
  meta: RuleMeta & { target: T };
  check(ctx: ContextByTarget[T]): void;
}

export function docsUrl(id: string): string { return `${DOCS_BASE}${id}.md`; }

/** Declares a rule with its docs url derived from its id. */
export function defineRule<T extends Target>(rule: { meta: Omit<RuleMeta, 'docs' | 'target' | 'severity'> & { target: T }; check(ctx: ContextByTarget[T]): void }): Rule<T> {
  const p = rule.meta.presets;
  const severity = (p.recommended !== 'off' ? p.recommended : p.strict !== 'off' ? p.strict : 'hint') as Severity;
  return { meta: { ...rule.meta, severity, docs: docsUrl(rule.meta.id) }, check: rule.check };
}

/** The severity a rule runs at by default in `preset`, or undefined when it is off there. */
export function presetSeverity(meta: Pick<RuleMeta, 'presets'>, preset: Preset): Severity | undefined {
  const s = meta.presets[preset];
  return s === 'off' ? undefined : s;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}
