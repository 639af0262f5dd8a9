/** Core types shared by the rules, the language server and the CLI. No editor imports here. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'error', 'warning', 'information', 'hint'];

/** 0-based line, 0-based UTF-16 character offset within the line (the LSP convention). */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A text edit on the linted text, by absolute offsets (UTF-16 code units) and by range. */
export interface TextEdit { range: Range; start: number; end: number; newText: string }

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedInformation { message: string; range: Range; path?: string }

/** Rule presets (RULES.md v2 principle 3): `recommended` (the default) and `strict` (adds hardening advice). */
export type Preset = 'recommended' | 'strict';
export const PRESETS: readonly Preset[] = ['recommended', 'strict'];
export const DEFAULT_PRESET: Preset = 'recommended';

/**
 * What a rule reads: `compose` services, `k8s` workloads, a `dockerfile`, `run` command lines
 * (`docker run`/`docker create`/`podman run` found in scripts, Makefiles, CI workflows and
 * Markdown code blocks), a `script` (a shell script, e.g. an entrypoint), `app` (the program's
 * own signal handlers, judged where the stop signal is set: compose services and Dockerfiles),
 * `directive` (our suppression comments).
 */
export type Target = 'compose' | 'k8s' | 'dockerfile' | 'directive' | 'run' | 'script' | 'app';
/** What a linted file is (`shell`: a shell script; `ci`: a CI workflow such as GitHub Actions or GitLab CI). */
export type FileKind = 'compose' | 'kubernetes' | 'dockerfile' | 'shell' | 'makefile' | 'markdown' | 'ci';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  /** The preferred fix. */
  fix?: Fix;
  /** Other fixes the rule offers (not applied by harden). */
  alternatives?: Fix[];
  /**
   * Suggestions (RULES.md v2 principle 2): edits that change privileges, capabilities, users,
   * packages or ownership. Offered one at a time (never preferred), never applied in bulk unless
   * the rule is promoted with `fix.apply`.
   */
  suggestions?: Fix[];
  related?: RelatedInformation[];
  /** Editor hint: render as unnecessary (faded). */
  unnecessary?: boolean;
  /** Set when a directive silences the finding; `lint()` drops these, `analyze()` keeps them. */
  suppressed?: { kind: 'inSource'; justification?: string; by: string };
}

export interface FixSettings {
  user: string; tmpfs: string; tmpdir: string;
  /** `sizeLimit` of the emptyDir volume the k8s /tmp fixes create (a Kubernetes quantity such as `64Mi`); '' = none. */
  emptyDirSizeLimit: string;
}

export interface Config {
  /** rule id → severity override (`off` disables the rule). Wins over the preset. */
  rules: Record<string, SeveritySetting>;
  fix: FixSettings;
  /** Which rules run and at what default severity (see RuleMeta.presets). */
  preset: Preset;
  /**
   * `fix.apply`: rule ids whose first suggestion is promoted to the finding's fix (so Harden,
   * `--fix` and fix-all apply it). Only for findings that have no fix of their own.
   */
  apply?: readonly string[];
  /**
   * `compose.projects` of `.container-signals.yaml`: other sets of compose files that Compose
   * merges as one project (`-f compose.yaml -f compose.prod.yaml`), absolute paths in merge
   * order. The default set (compose.yaml + compose.override.yaml) needs no entry.
   */
  composeProjects?: readonly (readonly string[])[];
}

export const DEFAULT_FIX: FixSettings = Object.freeze({ user: '10001:10001', tmpfs: '/tmp', tmpdir: '/tmp', emptyDirSizeLimit: '' });

export function defaultConfig(): Config {
  return { rules: {}, fix: { ...DEFAULT_FIX }, preset: DEFAULT_PRESET, apply: [] };
}

/**
 * How the core reads other files (the Dockerfile a compose `build:` names, an `env_file:`):
 * the editor serves open buffers, the CLI the disk. Paths are absolute, already resolved by the
 * core against the linted file's directory. Returns undefined when the file does not exist, is
 * outside the workspace root, or cannot be read. The core itself never touches the file system.
 */
export interface WorkspaceReader {
  readFile(absPath: string): string | undefined;
  /**
   * The entries of a folder (names; folders end with `/`), or undefined when it does not exist,
   * is outside the workspace root or cannot be read. Optional: readers that cannot list return
   * undefined and the rules that need it say they cannot know.
   */
  listDir?(absDir: string): string[] | undefined;
}

export interface LintOptions {
  /** Absolute (or cwd-relative) path of the file; used for Dockerfile detection and relative references. */
  path: string;
  /** Editor language id (`dockercompose`, `dockerfile`, `yaml`), when known. */
  languageId?: string;
  config?: Partial<Omit<Config, 'fix'>> & { fix?: Partial<FixSettings> };
  workspace?: WorkspaceReader;
  /**
   * YAML: one whole-stream parse, no per-document parsing and no caches: the straightforward path
   * that the fast path's findings are tested against (test/unit/fast-path.test.ts).
   */
  referenceParse?: boolean;
}
