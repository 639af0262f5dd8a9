/**
 * The workspace configuration file, `.container-signals.yaml`: the ONE loader that both the
 * command line and the language server use. Pure: text in, settings and problems out (finding
 * the file on disk is the caller's business; the CLI's is `cli/config-file.ts`).
 *
 *   preset: recommended            # recommended (the default) | strict
 *   rules:                         # rule id → off | error | warning | information | hint
 *     compose/obsolete-version: off
 *   fix:                           # the values fixes insert (strings)
 *     user: "10001:10001"
 *     tmpfs: /tmp
 *     tmpdir: /tmp
 *     apply: [compose/root-user]   # rules whose suggestions Harden / --fix apply like fixes
 *   ignore:                        # gitignore-style globs, relative to this file's folder
 *     - vendor/
 *     - "**\/testdata/**"
 *   failOn: error                  # error | warning | information: what fails a CLI run
 *   compose:
 *     projects:                    # file sets Compose merges as one project (-f a -f b), relative to this file
 *       - [compose.yaml, compose.prod.yaml]
 *
 * Every unknown key and bad value is a problem with its 1-based line and column and what is
 * allowed; the valid parts are still returned (the CLI refuses to run with problems, an editor
 * may show them as diagnostics on the file and go on with the rest).
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YNode, Pair } from 'yaml';
import ignore from 'ignore';
import * as path from 'node:path';
import type { FixSettings, Preset, Severity, SeveritySetting } from './types';
import { DEFAULT_PRESET, PRESETS, SEVERITY_SETTINGS } from './types';
import { rules as ruleRegistry, ruleById } from './rules';

export const CONFIG_FILE_NAME = '.container-signals.yaml';

export type FailOn = 'error' | 'warning' | 'information';
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'information'];
export const DEFAULT_FAIL_ON: FailOn = 'error';

export const CONFIG_KEYS = ['preset', 'rules', 'fix', 'ignore', 'failOn', 'compose'] as const;
/** The string values of `fix:`. */
export const FIX_KEYS: readonly (keyof FixSettings)[] = ['user', 'tmpfs', 'tmpdir', 'emptyDirSizeLimit'];
/** Every key of `fix:`: the strings, and `apply` (a list of rule ids). */
/** A Kubernetes resource quantity (`64Mi`, `1Gi`, `500M`, `1e9`). */
export const QUANTITY = /^\d+(\.\d+)?([eE]\d+|Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

export const FIX_ALL_KEYS: readonly string[] = [...FIX_KEYS, 'apply'];

export interface ConfigProblem {
  /** What is wrong, ending with `(allowed: …)` for unknown keys and bad values. */
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface ConfigFile {
  /** Layer it over the defaults (and under command-line / editor overrides). */
  config: {
    rules: Record<string, SeveritySetting>;
    fix: Partial<FixSettings>;
    /** `preset:`; undefined when the file does not set it (the default, or the editor/CLI's choice). */
    preset?: Preset;
    /** `fix.apply:` rule ids whose suggestions are promoted to fixes; undefined when unset. */
    apply?: string[];
    /**
     * `compose.projects:` file sets merged as one Compose project, as written (relative to the
     * folder of the config file; see `resolveComposeProjects`); undefined when unset.
     */
    composeProjects?: string[][];
  };
  /** Gitignore-style patterns, relative to the folder of the config file. */
  ignore: string[];
  failOn: FailOn;
  problems: ConfigProblem[];
}

/** Does a finding of `severity` fail a run with this `failOn`? Hints never do. */
export function failsRun(severity: Severity, failOn: FailOn): boolean {
  const rank: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };
  return rank[severity] >= rank[failOn];
}

const describe = (n: YNode | null | undefined): string => {
  if (n === null || n === undefined) return 'nothing';
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) {
    const v = n.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `"${v}"`;
    if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(v)}`;
    if (typeof v === 'boolean') return `the boolean ${String(v)}`;
    return String(v);
  }
  return 'a value';
};

export function parseConfig(text: string): ConfigFile {
  const out: ConfigFile = { config: { rules: {}, fix: {} }, ignore: [], failOn: DEFAULT_FAIL_ON, problems: [] };
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: false });
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const problem = (offset: number, message: string) => {
    const p = lc.linePos(Math.max(0, Math.min(offset, text.length)));
    out.problems.push({ message, line: p.line, column: p.col });
  };
  const at = (n: { range?: [number, number, number] | null } | null | undefined, fallback = 0) => n?.range?.[0] ?? fallback;

  let syntaxErrors = false;
  for (const d of list) {
    for (const e of d.errors) { problem(e.pos[0], `YAML syntax error: ${firstLine(e.message)}`); syntaxErrors = true; }
  }
  if (syntaxErrors) return out;
  const docsWithContent = list.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (docsWithContent.length > 1) {
    problem(at(docsWithContent[1].contents as YNode), 'expected one YAML document, found several (allowed: a single mapping)');
    return out;
  }
  const doc = docsWithContent[0];
  if (!doc) return out; // empty file, or only comments: the defaults
  const resolve = (n: unknown): YNode | null => {
    let x = n as YNode | null;
    for (let i = 0; i < 20 && x && isAlias(x); i++) {
      try { x = (x.resolve(doc) as YNode | undefined) ?? null; } catch { return null; }
    }
    return x;
  };
  const root = resolve(doc.contents);
  if (!isMap(root)) {
    problem(at(root), `expected a mapping at the top level, got ${describe(root)} (allowed: ${CONFIG_KEYS.join(', ')})`);
    return out;
  }

  const keyOf = (p: Pair): { name?: string; offset: number } => {
    const k = resolve(p.key);
    const offset = at(k, at(root));
    return isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number') ? { name: String(k.value), offset } : { offset };
  };
  const valueOffset = (p: Pair, keyOffset: number) => at(resolve(p.value), keyOffset);

  for (const pair of root.items) {
    if (!isPair(pair)) continue;
    const { name, offset } = keyOf(pair);
    const value = resolve(pair.value);
    switch (name) {
      case 'preset': {
        const v = isScalar(value) ? value.value : undefined;
        if (typeof v === 'string' && (PRESETS as readonly string[]).includes(v)) out.config.preset = v as Preset;
        else problem(valueOffset(pair, offset), `preset: invalid value ${describe(value)} (allowed: ${PRESETS.join(', ')})`);
        break;
      }
      case 'rules': readRules(value, offset); break;
      case 'fix': readFix(value, offset); break;
      case 'ignore': readIgnore(value, offset); break;
      case 'compose': readCompose(value, offset); break;
      case 'failOn': {
        const v = isScalar(value) ? value.value : undefined;
        if (typeof v === 'string' && (FAIL_ON_LEVELS as readonly string[]).includes(v)) out.failOn = v as FailOn;
        else problem(valueOffset(pair, offset), `failOn: invalid value ${describe(value)} (allowed: ${FAIL_ON_LEVELS.join(', ')})`);
        break;
      }
      default:
        problem(offset, `unknown key ${name === undefined ? '(not a plain key)' : `"${name}"`} (allowed: ${CONFIG_KEYS.join(', ')})`);
    }
  }
  return out;

  function readRules(value: YNode | null, keyOffset: number): void {
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isMap(value)) {
      problem(at(value, keyOffset), `rules: expected a mapping of rule ids to severities, got ${describe(value)} (allowed: <rule-id>: ${SEVERITY_SETTINGS.join(' | ')})`);
      return;
    }
    for (const p of value.items) {
      if (!isPair(p)) continue;
      const { name, offset } = keyOf(p);
      if (name === undefined || !ruleById.has(name)) {
        problem(offset, `rules: unknown rule ${name === undefined ? '(not a plain key)' : `"${name}"`} (allowed: ${knownIds(name).join(', ')})`);
        continue;
      }
      const v = resolve(p.value);
      const sev = isScalar(v) ? v.value : undefined;
      if (typeof sev === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(sev)) out.config.rules[name] = sev as SeveritySetting;
      else problem(valueOffset(p, offset), `rules.${name}: invalid severity ${describe(v)} (allowed: ${SEVERITY_SETTINGS.join(', ')})`);
    }
  }

  function readFix(value: YNode | null, keyOffset: number): void {
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isMap(value)) {
      problem(at(value, keyOffset), `fix: expected a mapping, got ${describe(value)} (allowed: ${FIX_ALL_KEYS.join(', ')})`);
      return;
    }
    for (const p of value.items) {
      if (!isPair(p)) continue;
      const { name, offset } = keyOf(p);
      if (name === 'apply') { readApply(resolve(p.value), offset); continue; }
      if (name === undefined || !(FIX_KEYS as readonly string[]).includes(name)) {
        problem(offset, `fix: unknown key ${name === undefined ? '(not a plain key)' : `"${name}"`} (allowed: ${FIX_ALL_KEYS.join(', ')})`);
        continue;
      }
      const key = name as keyof FixSettings;
      const v = resolve(p.value);
      const s = isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
      const allowed = key === 'user' ? 'a quoted string: a user or uid, optionally with :group, such as "10001:10001"'
        : key === 'emptyDirSizeLimit' ? 'a Kubernetes quantity such as "64Mi" or "1Gi"' : 'an absolute path such as "/tmp"';
      if (s === undefined) { problem(valueOffset(p, offset), `fix.${key}: expected a string, got ${describe(v)} (allowed: ${allowed})`); continue; }
      const bad = key === 'user' ? !/^[^\s:]+(:[^\s:]+)?$/.test(s)
        : key === 'emptyDirSizeLimit' ? !QUANTITY.test(s) : !s.startsWith('/') || /\s/.test(s.split(':')[0]);
      if (bad) { problem(valueOffset(p, offset), `fix.${key}: invalid value "${s}" (allowed: ${allowed})`); continue; }
      out.config.fix[key] = s;
    }
  }

  /** `fix.apply`: a list of known rule ids (a single id is accepted as a one-item list). */
  function readApply(value: YNode | null, keyOffset: number): void {
    const apply: string[] = [];
    out.config.apply = apply;
    if (value === null || (isScalar(value) && value.value === null)) return;
    const items = isSeq(value) ? value.items.map(resolve) : isScalar(value) ? [value] : undefined;
    if (!items) {
      problem(at(value, keyOffset), `fix.apply: expected a list of rule ids, got ${describe(value)} (allowed: a list of rule ids such as [compose/root-user])`);
      return;
    }
    for (const v of items) {
      const id = isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
      if (id === undefined || !ruleById.has(id)) {
        problem(at(v, at(value, keyOffset)), `fix.apply: unknown rule ${id === undefined ? describe(v) : `"${id}"`} (allowed: ${knownIds(id).join(', ')})`);
        continue;
      }
      if (!apply.includes(id)) apply.push(id);
    }
  }

  function readCompose(value: YNode | null, keyOffset: number): void {
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isMap(value)) {
      problem(at(value, keyOffset), `compose: expected a mapping, got ${describe(value)} (allowed: projects)`);
      return;
    }
    for (const p of value.items) {
      if (!isPair(p)) continue;
      const { name, offset } = keyOf(p);
      if (name !== 'projects') {
        problem(offset, `compose: unknown key ${name === undefined ? '(not a plain key)' : `"${name}"`} (allowed: projects)`);
        continue;
      }
      const v = resolve(p.value);
      if (v === null || (isScalar(v) && v.value === null)) continue;
      const allowed = '(allowed: a list of lists of compose file paths, such as [[compose.yaml, compose.prod.yaml]])';
      if (!isSeq(v)) { problem(at(v, offset), `compose.projects: expected a list of file lists, got ${describe(v)} ${allowed}`); continue; }
      const projects: string[][] = [];
      for (const item of v.items) {
        const set = resolve(item);
        if (!isSeq(set)) { problem(at(set, at(v)), `compose.projects: expected a list of compose file paths, got ${describe(set)} ${allowed}`); continue; }
        const files: string[] = [];
        for (const f of set.items) {
          const x = resolve(f);
          const s = isScalar(x) && typeof x.value === 'string' ? x.value.trim() : undefined;
          if (!s || s.includes('\n')) { problem(at(x, at(set)), `compose.projects: invalid file ${describe(x)} ${allowed}`); continue; }
          files.push(s);
        }
        if (files.length) projects.push(files);
      }
      out.config.composeProjects = projects;
    }
  }

  function readIgnore(value: YNode | null, keyOffset: number): void {
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isSeq(value)) {
      problem(at(value, keyOffset), `ignore: expected a list of globs, got ${describe(value)} (allowed: a list of gitignore-style globs such as ["vendor/", "**/testdata/**"])`);
      return;
    }
    for (const item of value.items) {
      const v = resolve(item);
      const s = isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
      if (s === undefined || s.trim() === '' || s.includes('\n')) {
        problem(at(v, at(value)), `ignore: invalid entry ${describe(v)} (allowed: a non-empty gitignore-style glob string)`);
        continue;
      }
      out.ignore.push(s);
    }
  }
}

/** `compose.projects` of a config file in folder `dir`, as absolute paths. */
export function resolveComposeProjects(projects: readonly (readonly string[])[] | undefined, dir: string): string[][] | undefined {
  return projects?.length ? projects.map((set) => set.map((f) => path.resolve(dir, f))) : undefined;
}

/** The rule ids to suggest for an unknown one: those of its target (`compose/…`) when that exists, else all. */
function knownIds(name: string | undefined): string[] {
  const all = ruleRegistry.map((r) => r.meta.id);
  const target = name?.split('/')[0];
  const same = all.filter((id) => id.split('/')[0] === target);
  return same.length ? same : all;
}

/** "warning (recommended), information (strict)", or one word when both presets agree; "off" for a preset the rule does not run in. */
export function presetDefaults(p: Record<Preset, SeveritySetting>): string {
  return p.recommended === p.strict ? p.recommended : PRESETS.map((x) => `${p[x]} (${x})`).join(', ');
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim();
}

/**
 * A matcher for `ignore` globs with .gitignore semantics (the `ignore` package, the one ESLint
 * and Prettier use): `dir/` matches a directory, a pattern without `/` matches at any depth,
 * `/x` only at the base, `!x` re-includes. `relPath` is relative to the config file's folder,
 * `/`-separated; directories are tested with `isDir` so that `dir/` patterns apply. Paths
 * outside the folder (`../…`) are never ignored. Case-sensitive on every platform, so a config
 * behaves the same everywhere. Returns the matching pattern, or undefined.
 */
export function createIgnoreMatcher(patterns: readonly string[]): (relPath: string, isDir?: boolean) => string | undefined {
  if (!patterns.length) return () => undefined;
  const ig = ignore({ ignorecase: false }).add([...patterns]);
  return (relPath, isDir = false) => {
    let p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
    if (p === '' || p === '.' || p.startsWith('../') || p === '..' || p.startsWith('/')) return undefined;
    if (isDir && !p.endsWith('/')) p += '/';
    const r = ig.test(p);
    return r.ignored ? (r.rule?.pattern ?? '(ignored)') : undefined;
  };
}

/**
 * The JSON schema (draft-07) of `.container-signals.yaml`, from the rule registry.
 * The committed schemas/container-signals.schema.json must equal this (a unit test checks it).
 */
export function configJsonSchema(): Record<string, unknown> {
  const severity = { type: 'string', enum: [...SEVERITY_SETTINGS] };
  const ruleProps: Record<string, unknown> = {};
  for (const r of ruleRegistry) {
    ruleProps[r.meta.id] = { ...severity, description: `${r.meta.description} Default: ${presetDefaults(r.meta.presets)}. ${r.meta.docs}` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Container Signals configuration (.container-signals.yaml)',
    description: 'Settings shared by the Container Signals editor extension and the container-signals command line.',
    type: 'object',
    additionalProperties: false,
    properties: {
      preset: {
        description: 'Which rules run and at what default severity: "recommended" (the rules and cases that are right on real files) or "strict" (adds hardening advice: tmpfs everywhere, TMPDIR, "can be root", FROM scratch /tmp). Per-rule settings (rules:) still win. The editor setting containerSignals.preset and the command line\'s --preset override it.',
        type: 'string',
        enum: [...PRESETS],
        default: DEFAULT_PRESET,
      },
      rules: {
        description: 'Rule id → severity; "off" disables the rule. The command line\'s --rule overrides these.',
        type: ['object', 'null'],
        additionalProperties: false,
        properties: ruleProps,
      },
      fix: {
        description: 'The values that fixes insert.',
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          user: { type: 'string', pattern: '^[^\\s:]+(:[^\\s:]+)?$', default: '10001:10001', description: 'The user (uid[:gid]) that root-user fixes set. Quote it in YAML.' },
          tmpfs: { type: 'string', pattern: '^/', default: '/tmp', description: 'The tmpfs entry that /tmp fixes add in compose files, e.g. "/tmp" or "/tmp:exec,mode=1777".' },
          tmpdir: { type: 'string', pattern: '^/', default: '/tmp', description: 'The TMPDIR value that compose/tmpdir-unset fixes set.' },
          emptyDirSizeLimit: { type: 'string', pattern: QUANTITY.source, description: 'The sizeLimit of the emptyDir volume that the k8s /tmp fixes create, e.g. "64Mi". Unset: no sizeLimit.' },
          apply: {
            description: 'Rule ids whose suggestions (edits to users, capabilities, privileges or packages, offered one at a time) Harden signals, --fix and fix-all on save apply like fixes: the first suggestion of each finding.',
            type: ['array', 'null'],
            items: { type: 'string', enum: ruleRegistry.map((r) => r.meta.id) },
            uniqueItems: true,
          },
        },
      },
      ignore: {
        description: 'Paths to skip, as .gitignore-style globs relative to the folder of this file (e.g. "vendor/", "**/testdata/**", "!keep.yaml").',
        type: ['array', 'null'],
        items: { type: 'string', minLength: 1 },
      },
      compose: {
        description: 'How compose files form projects.',
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          projects: {
            description: 'File sets that Compose merges as one project (docker compose -f compose.yaml -f compose.prod.yaml), paths relative to the folder of this file, in merge order (later files win). Without an entry, compose.yaml (or docker-compose.yml) and its compose.override.yaml in the same folder are one project, with the files they include; other files are judged alone.',
            type: ['array', 'null'],
            items: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
          },
        },
      },
      failOn: {
        description: 'The lowest severity that makes `container-signals check` exit with status 1.',
        type: 'string',
        enum: [...FAIL_ON_LEVELS],
        default: DEFAULT_FAIL_ON,
      },
    },
  };
}
