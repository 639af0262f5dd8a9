/** The rule contract: one rule per file with `meta` and `check(ctx)` (ESLint style). */
import type { Config, Severity, Target, WorkspaceReader } from './types';
import type { YamlDoc, YamlFile } from './model/yaml';
import type { ComposeService } from './model/compose';
import type { Workload } from './model/k8s';
import type { DockerfileModel } from './model/dockerfile';
import type { Edit } from './edits/yaml-edits';

export const DOCS_BASE = 'https://github.com/container-signals/container-signals/blob/main/docs/rules/';

export interface RuleMeta {
  id: string;
  target: Target;
  severity: Severity;
  description: string;
  /** Link to docs/rules/<id>.md */
  docs: string;
  fixable: boolean;
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
  fix?: FixDraft;
  alternatives?: FixDraft[];
  related?: { message: string; at?: [number, number]; path?: string; line?: number; character?: number; endLine?: number; endCharacter?: number }[];
}

interface BaseContext {
  config: Config;
  /** Absolute path of the linted file. */
  path: string;
  workspace?: WorkspaceReader;
  report(r: Report): void;
}

export interface ComposeContext extends BaseContext { file: YamlFile; doc: YamlDoc; services: ComposeService[] }
export interface K8sContext extends BaseContext { file: YamlFile; doc: YamlDoc; workloads: Workload[] }
export interface DockerfileContext extends BaseContext { model: DockerfileModel }

export interface ContextByTarget { compose: ComposeContext; k8s: K8sContext; dockerfile: DockerfileContext; directive: never }

export interface Rule<T extends Target = Target> {
  meta: RuleMeta & { target: T };
  check(ctx: ContextByTarget[T]): void;
}

export function docsUrl(id: string): string { return `${DOCS_BASE}${id}.md`; }

/** Declares a rule with its docs url derived from its id. */
export function defineRule<T extends Target>(rule: { meta: Omit<RuleMeta, 'docs' | 'target'> & { target: T }; check(ctx: ContextByTarget[T]): void }): Rule<T> {
  return { meta: { ...rule.meta, docs: docsUrl(rule.meta.id) }, check: rule.check };
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`));
}
