/**
 * Command-line parsing (node:util parseArgs, strict). Produces a plain options object or a
 * usage error; nothing here touches the file system. New options (`--stdin`, `--quiet`,
 * `--fix-dry-run`, `--config`…) go into OPTIONS and CheckOptions.
 */
import { parseArgs } from 'node:util';
import { ruleById } from '../core/rules';
import type { Preset, SeveritySetting } from '../core/types';
import { PRESETS, SEVERITY_SETTINGS } from '../core/types';
import { FORMAT_NAMES } from './formatters';
import type { ExplainOptions } from './explain';

export interface CheckOptions {
  command: 'check';
  paths: string[];
  format: string;
  fix: boolean;
  /** `--preset recommended|strict`: wins over the config file's `preset:`; undefined: the file's, else recommended. */
  preset?: Preset;
  /** `--rule id=severity`, in order (later wins). */
  rules: Record<string, SeveritySetting>;
  /** Undefined: no limit. */
  maxWarnings?: number;
  /** Print a unified diff of what --fix would write; touch nothing. */
  fixDryRun: boolean;
  /** Report errors only; the exit status then depends on errors only. */
  quiet: boolean;
  /** `--config <file>`: instead of searching for .container-signals.yaml. */
  config?: string;
  /** Lint standard input instead of files. */
  stdin: boolean;
  /** `--stdin-filename`: the name standard input is linted (and printed) under. */
  stdinFilename?: string;
  /** `--format` was given explicitly. */
  formatGiven: boolean;
  /** `--verbose`: also say which files were passed over quietly (Go/Helm templates). */
  verbose: boolean;
  /** `--max-file-size <bytes>`: larger files are skipped (default 2 MB). */
  maxFileSize: number;
  /**
   * `--ignore-unknown` (after Prettier's): a file named on the command line that is not linted (not
   * a Compose file, manifest or Dockerfile; a template; too large…) is listed as skipped instead of
   * failing the run with exit 2. For pre-commit and lint-staged, which pass every staged file.
   */
  ignoreUnknown: boolean;
  /** `--jobs <n>`: threads that lint files (default: `defaultJobs()`; 1: no worker threads). */
  jobs?: number;
}

/** The default of `--max-file-size`: 2 MB. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

export type ParsedArgs =
  | CheckOptions
  | ExplainOptions
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'usage-error'; message: string };

export class UsageError extends Error {}

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  config: { type: 'string', short: 'c' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  rule: { type: 'string', multiple: true },
  preset: { type: 'string' },
  'max-warnings': { type: 'string' },
  verbose: { type: 'boolean' },
  'ignore-unknown': { type: 'boolean', short: 'u' },
  'max-file-size': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** `info` is accepted as a short spelling of `information`. */
const SEVERITY_ALIASES: Record<string, SeveritySetting> = { info: 'information' };

export function parseRuleOverride(arg: string): [string, SeveritySetting] {
  const eq = arg.lastIndexOf('=');
  if (eq <= 0) throw new UsageError(`--rule expects <rule-id>=<severity>, got "${arg}"`);
  const id = arg.slice(0, eq).trim();
  const sev = arg.slice(eq + 1).trim().toLowerCase();
  if (!ruleById.has(id)) throw new UsageError(`--rule: unknown rule "${id}"`);
  const severity = SEVERITY_ALIASES[sev] ?? (SEVERITY_SETTINGS as readonly string[]).find((s) => s === sev);
  if (!severity) throw new UsageError(`--rule: unknown severity "${arg.slice(eq + 1)}" for ${id} (expected one of: ${SEVERITY_SETTINGS.join(', ')})`);
  return [id, severity as SeveritySetting];
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  try {
    return parse(argv);
  } catch (e) {
    if (e instanceof UsageError) return { command: 'usage-error', message: e.message };
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown options and missing values.
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return { command: 'usage-error', message: (e as Error).message };
    throw e;
  }
}

function parse(argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command (expected "check" or "explain")');
  if (command === 'help') return { command: 'help' };
  if (command === 'explain') return parseExplain(paths, values);
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (expected "check" or "explain")`);

  const format = values.format ?? 'stylish';
  if (!FORMAT_NAMES.includes(format)) throw new UsageError(`--format: unknown format "${format}" (expected one of: ${FORMAT_NAMES.join(', ')})`);

  const rules: Record<string, SeveritySetting> = {};
  for (const r of values.rule ?? []) {
    const [id, sev] = parseRuleOverride(r);
    rules[id] = sev;
  }

  let preset: Preset | undefined;
  if (values.preset !== undefined) {
    const p = values.preset.trim().toLowerCase();
    if (!(PRESETS as readonly string[]).includes(p)) throw new UsageError(`--preset: unknown preset "${values.preset}" (expected one of: ${PRESETS.join(', ')})`);
    preset = p as Preset;
  }

  let maxWarnings: number | undefined;
  const mw = values['max-warnings'];
  if (mw !== undefined) {
    if (!/^\d+$/.test(mw.trim())) throw new UsageError(`--max-warnings expects a non-negative integer, got "${mw}"`);
    maxWarnings = Number(mw.trim());
  }

  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const mfs = values['max-file-size'];
  if (mfs !== undefined) {
    if (!/^\d+$/.test(mfs.trim()) || Number(mfs.trim()) < 1) throw new UsageError(`--max-file-size expects a positive number of bytes, got "${mfs}"`);
    maxFileSize = Number(mfs.trim());
  }

  let jobs: number | undefined;
  const j = values.jobs;
  if (j !== undefined) {
    if (!/^\d+$/.test(j.trim()) || Number(j.trim()) < 1) throw new UsageError(`--jobs expects a positive number of threads, got "${j}"`);
    jobs = Number(j.trim());
  }

  const fix = values.fix ?? false;
  const fixDryRun = values['fix-dry-run'] ?? false;
  if (fix && fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  const stdin = values.stdin ?? false;
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename needs --stdin');
  if (stdinFilename !== undefined && stdinFilename.trim() === '') throw new UsageError('--stdin-filename expects a file name');
  if (stdin && paths.length) throw new UsageError(`--stdin lints standard input: do not name paths (got "${paths[0]}")`);
  if (stdin && fix && values.format !== undefined) {
    throw new UsageError('--stdin --fix prints the fixed text: --format does not apply (use --stdin --fix-dry-run --format json for a report with the fixes)');
  }
  if (values.config !== undefined && values.config.trim() === '') throw new UsageError('--config expects a file');

  return {
    command: 'check', paths: paths.length ? paths : ['.'], format, fix, rules, maxWarnings,
    fixDryRun, quiet: values.quiet ?? false, config: values.config, stdin, stdinFilename,
    formatGiven: values.format !== undefined, verbose: values.verbose ?? false, maxFileSize,
    ignoreUnknown: values['ignore-unknown'] ?? false,
    ...(jobs !== undefined ? { jobs } : {}),
    ...(preset !== undefined ? { preset } : {}),
  };
}

/** `explain <file>[:<service>] [--format text|json]`: only --format applies. */
function parseExplain(positionals: string[], values: Record<string, unknown>): ExplainOptions {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `explain takes one <file>[:<service>], got ${positionals.length}` : 'explain needs a <file>[:<service>]');
  const other = Object.entries(values).find(([k, v]) => k !== 'format' && v !== undefined);
  if (other) throw new UsageError(`explain does not take --${other[0]} (only --format text|json)`);
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: explain prints text or json, got "${format}"`);
  return { command: 'explain', target: positionals[0], format };
}

export const HELP = `Usage: container-signals check [options] [paths...]
       container-signals explain <file>[:<service>] [--format text|json]

Finds Docker Compose files, Kubernetes manifests and Dockerfiles under the given
paths (default: .) and reports settings that break graceful shutdown.

Options:
  -f, --format <name>       Output format: ${FORMAT_NAMES.join(', ')} (default: stylish)
      --fix                 Apply the fixes in place, then report what remains.
                            Suggestions (users, capabilities, privileges, packages)
                            are not applied unless the config's fix.apply names
                            the rule
      --fix-dry-run         Print a unified diff of what --fix would write (touches
                            nothing); with --format json|sarif: the findings with
                            their fixes' and suggestions' edits
      --preset <name>       recommended (default) or strict (adds hardening advice);
                            wins over the config file's preset
      --rule <id>=<sev>     Override a rule's severity: error, warning, information
                            (or info), hint, off. Repeatable; wins over the config
                            file and the preset.
      --max-warnings <n>    Fail (exit 1) when there are more than n warnings
  -q, --quiet               Report errors only (and decide the exit status by errors)
  -c, --config <file>       Use this config file instead of searching for
                            .container-signals.yaml
      --stdin               Lint standard input; with --fix, print the fixed text
      --stdin-filename <f>  The name standard input is linted as (decides Compose /
                            Kubernetes / Dockerfile, and is printed); default <stdin>
      --max-file-size <n>   Skip files larger than n bytes (default: 2097152, 2 MB)
      --verbose             Also name the files passed over quietly (Go/Helm templates,
                            Compose v1 layouts); the report counts them in any case
  -u, --ignore-unknown      A file named on the command line that cannot be linted
                            (not a Compose file, manifest or Dockerfile, a template,
                            too large, binary) is listed as skipped instead of failing
                            the run (exit 2). For pre-commit and lint-staged
  -j, --jobs <n>            Threads that lint files when there are more than 50
                            (default: the CPUs, at most 4, on a machine with more
                            than 2; else 1). The output does not depend on it;
                            --fix always uses one thread
  -h, --help                Show this help
  -v, --version             Show the version

explain: prints the signal path of each service or container of a Compose file
or Kubernetes manifest (or only <service>), or of a Dockerfile: the stop command,
the signal, each process it passes (init, shell, entrypoint script, program) with
what it does with the signal and where it is written (path:line), and the outcome
(stops cleanly, SIGKILL after the grace period, ends at once, cannot tell). Exit 0;
2 for a missing file, a file that is not a manifest, or an unknown service.

Files: every *.yml / *.yaml (listed only when it is a Compose file or Kubernetes
manifest) and every Dockerfile, Dockerfile.*, Dockerfile-*, *_Dockerfile,
*.dockerfile, Containerfile*; .git, node_modules, what .gitignore files (root
and nested, with negation) ignore and the config file's ignore globs are
skipped. Files named explicitly are linted unless the config file's ignore
globs match them: a Dockerfile or YAML by name, else by content (a Dockerfile
starts with FROM or ARG after comments); one that cannot be linted fails the
run (exit 2) unless --ignore-unknown. The report ends with the count of files
skipped and why (templates, Compose v1, too large, binary).
Other files (the Dockerfile a compose build: names) are read only from inside
the working directory (or the scanned path, when it lies outside it).

Config: .container-signals.yaml, searched from the working directory upwards to
the git root (or the file system root): preset (recommended | strict), rules
(id: severity), fix (user, tmpfs, tmpdir; apply: rule ids whose suggestions
--fix applies), ignore (globs relative to the file), failOn (error | warning |
information, default error).

Exit codes:
  0  nothing at or above failOn (and no more warnings than --max-warnings)
  1  findings at or above failOn (default: errors), or too many warnings
  2  usage error, a bad config file, a path that does not exist, a file named
     on the command line that cannot be linted (see --ignore-unknown), or an
     I/O error (unreadable file or directory, failed write, a rule that crashed)
`;
