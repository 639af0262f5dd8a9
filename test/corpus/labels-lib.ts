/**
 * The labelled real-world set (test/corpus/labels.tsv): findings of the shared corpus judged one
 * by one (true / wrong / not worth a default-on report; fix safe / unsafe / none). Shared by the
 * test (labelled.test.ts) and the precision report (scripts/accuracy.ts). The corpus files are
 * read from disk here only; linting goes straight to the core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harden, lint } from '../../server/src/core/lint';
import type { Finding, LintOptions, Preset, WorkspaceReader } from '../../server/src/core/types';

export type Label = 'true' | 'wrong' | 'not-default';
export type FixLabel = 'safe' | 'unsafe' | 'none';
export const LABELS: readonly Label[] = ['true', 'wrong', 'not-default'];
export const FIX_LABELS: readonly FixLabel[] = ['safe', 'unsafe', 'none'];

export interface LabelRow {
  /** 1-based line of the row in labels.tsv (the header is line 1). */
  tsvLine: number;
  /** Relative to the corpus root, e.g. `compose/deviantony__docker-elk__docker-compose.yml`. */
  path: string;
  rule: string;
  /** 1-based start line of the finding's range. */
  line: number;
  label: Label;
  fix: FixLabel;
  reason: string;
}

export const COLUMNS = ['path', 'rule', 'line', 'label', 'fix', 'reason'] as const;

/** Parses labels.tsv; throws with the line number on a malformed row. */
export function parseLabels(text: string): LabelRow[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split('\t');
  if (header.join('\t') !== COLUMNS.join('\t')) throw new Error(`labels.tsv:1: header must be ${COLUMNS.join(', ')}`);
  const rows: LabelRow[] = [];
  lines.forEach((raw, i) => {
    if (i === 0 || raw.trim() === '' || raw.startsWith('#')) return;
    const c = raw.split('\t');
    const where = `labels.tsv:${i + 1}`;
    if (c.length !== COLUMNS.length) throw new Error(`${where}: ${c.length} columns, expected ${COLUMNS.length}`);
    const [p, rule, line, label, fix, reason] = c;
    if (!/^(compose|k8s|dockerfile)\/[a-z0-9-]+$/.test(rule)) throw new Error(`${where}: bad rule id "${rule}"`);
    if (!/^[1-9]\d*$/.test(line)) throw new Error(`${where}: bad line "${line}"`);
    if (!LABELS.includes(label as Label)) throw new Error(`${where}: bad label "${label}"`);
    if (!FIX_LABELS.includes(fix as FixLabel)) throw new Error(`${where}: bad fix "${fix}"`);
    if (!reason.trim()) throw new Error(`${where}: a reason is required`);
    if (path.isAbsolute(p) || p.split('/').includes('..')) throw new Error(`${where}: path must be relative to the corpus root`);
    rows.push({ tsvLine: i + 1, path: p, rule, line: Number(line), label: label as Label, fix: fix as FixLabel, reason });
  });
  return rows;
}

export const LABELS_FILE = path.join('test', 'corpus', 'labels.tsv');

export function loadLabels(repoRoot: string): LabelRow[] {
  return parseLabels(fs.readFileSync(path.join(repoRoot, LABELS_FILE), 'utf8'));
}

/**
 * The shared corpus: `CORPUS_DIR`, else `../shared/corpus` next to the repository (the main
 * checkout), else `../../shared/corpus` (a worktree one level further down). Undefined when absent.
 */
export function findCorpus(repoRoot: string): string | undefined {
  const candidates = process.env.CORPUS_DIR
    ? [process.env.CORPUS_DIR]
    : [path.resolve(repoRoot, '../shared/corpus'), path.resolve(repoRoot, '../../shared/corpus')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'MANIFEST.tsv')));
}

/** How a corpus file is linted (as test/corpus/corpus.test.ts does): Dockerfile-like names as Dockerfiles, the rest as YAML. */
export function optionsFor(absPath: string, workspace: WorkspaceReader): LintOptions {
  const base = path.basename(absPath);
  const languageId = /dockerfile|containerfile/i.test(base) && !/\.ya?ml$/i.test(base) ? 'dockerfile' : 'yaml';
  return { path: absPath, languageId, workspace };
}

/** Serves files inside the corpus (a compose `build:` Dockerfile), as the CLI's disk reader does for its root. */
export function corpusWorkspace(corpus: string): WorkspaceReader {
  const root = path.resolve(corpus) + path.sep;
  return {
    readFile(absPath: string) {
      const p = path.resolve(absPath);
      if (!p.startsWith(root)) return undefined;
      try { return fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '') : undefined; } catch { return undefined; }
    },
  };
}

/**
 * The corpus laid out as its repositories are: each corpus file is served at
 * `<corpus>/.repos/<owner>__<repo>/<original path>` (MANIFEST.tsv gives both), so a compose
 * `build: ./app` finds the repository's `app/Dockerfile` when the corpus holds it, and a
 * compose file finds its override next to it. Files the corpus does not hold do not exist.
 */
export class RepoLayout implements WorkspaceReader {
  readonly root: string;
  private readonly byVirtual = new Map<string, string>();
  private readonly byLocal = new Map<string, string>();
  private readonly dirs = new Map<string, Set<string>>();
  constructor(readonly corpus: string) {
    this.root = path.join(path.resolve(corpus), '.repos');
    const manifest = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/).slice(1);
    for (const line of manifest) {
      const [local, repo, , original] = line.split('\t');
      if (!local || !repo || !original) continue;
      const v = path.join(this.root, repo.replace('/', '__'), ...original.split('/'));
      this.byVirtual.set(v, path.join(corpus, local));
      this.byLocal.set(local, v);
      for (let child = v, dir = path.dirname(v); dir.startsWith(this.root) && dir !== child; child = dir, dir = path.dirname(dir)) {
        let set = this.dirs.get(dir);
        if (!set) this.dirs.set(dir, (set = new Set()));
        set.add(child === v ? path.basename(child) : `${path.basename(child)}/`);
      }
    }
  }
  /** Where the corpus file `rel` (e.g. `compose/owner__repo__compose.yaml`) sits in its repository; undefined when MANIFEST.tsv does not list it. */
  virtualPath(rel: string): string | undefined { return this.byLocal.get(rel); }
  readFile(absPath: string): string | undefined {
    const local = this.byVirtual.get(path.resolve(absPath));
    if (!local) return undefined;
    try { return fs.readFileSync(local, 'utf8').replace(/^\uFEFF/, ''); } catch { return undefined; }
  }
  listDir(absDir: string): string[] | undefined {
    const set = this.dirs.get(path.resolve(absDir));
    return set ? [...set].sort() : undefined;
  }
}

export interface FileResult {
  text: string;
  opts: LintOptions;
  byPreset: Record<Preset, Finding[]>;
}

/** Lints each labelled file once per preset (cached per path). */
export class LabelledCorpus {
  private readonly files = new Map<string, FileResult>();
  private readonly layout: RepoLayout;
  constructor(readonly corpus: string) { this.layout = new RepoLayout(corpus); }

  exists(rel: string): boolean { return fs.existsSync(path.join(this.corpus, rel)); }

  file(rel: string): FileResult {
    let r = this.files.get(rel);
    if (!r) {
      // Linted where it sits in its repository, with the repository's other corpus files beside it.
      const abs = path.join(this.corpus, rel);
      const text = fs.readFileSync(abs, 'utf8');
      const opts = optionsFor(this.layout.virtualPath(rel) ?? abs, this.layout);
      const at = (preset: Preset) => lint(text, { ...opts, config: { preset } });
      r = { text, opts, byPreset: { recommended: at('recommended'), strict: at('strict') } };
      this.files.set(rel, r);
    }
    return r;
  }

  /** The finding the row names (same rule, same start line), at a preset. */
  finding(row: LabelRow, preset: Preset): Finding | undefined {
    return this.file(row.path).byPreset[preset].find((f) => f.rule === row.rule && f.range.start.line + 1 === row.line);
  }

  /**
   * Did harden (the bulk edits: Harden signals, --fix) touch the labelled spot? Harden at
   * recommended, restricted to the row's rule and line on the text it reads.
   */
  hardenTouches(row: LabelRow): boolean {
    const { text, opts } = this.file(row.path);
    const h = harden(text, opts, (f) => f.rule === row.rule && f.range.start.line + 1 === row.line);
    return h.changed;
  }
}

/** What a finding offers: a preferred fix, alternatives, suggestions. */
export const offersEdit = (f: Finding) => !!(f.fix || f.alternatives?.length || f.suggestions?.length);

/**
 * The problems of one row (empty when the row holds). `true`: fires at recommended; `wrong`: fires
 * in no preset; `not-default`: not at recommended. Fix column, checked where the finding fires
 * (recommended, or strict for not-default): `safe` offers a fix or suggestion; `unsafe` carries no
 * bulk fix and harden leaves the spot alone; `none` offers no edit at all.
 */
export function checkRow(c: LabelledCorpus, row: LabelRow): string[] {
  const problems: string[] = [];
  const rec = c.finding(row, 'recommended');
  const strict = c.finding(row, 'strict');
  if (row.label === 'true' && !rec) problems.push('labelled true but does not fire at recommended');
  if (row.label === 'wrong' && rec) problems.push(`labelled wrong but fires at recommended (${rec.severity}): ${rec.message}`);
  if (row.label === 'wrong' && !rec && strict) problems.push(`labelled wrong but fires at strict (${strict.severity}): ${strict.message}`);
  if (row.label === 'not-default' && rec) problems.push(`labelled not-default but fires at recommended (${rec.severity}): ${rec.message}`);
  // A wrong finding's edits are moot (it must not fire at all), except that an unsafe one must never be applied.
  const shown = row.label === 'wrong' ? undefined : row.label === 'not-default' ? strict : rec;
  if (shown) {
    if (row.fix === 'safe' && !offersEdit(shown)) problems.push('fix labelled safe but no fix or suggestion is offered');
    if (row.fix === 'unsafe' && shown.fix) problems.push(`fix labelled unsafe but offered as a bulk fix: "${shown.fix.title}"`);
    if (row.fix === 'none' && offersEdit(shown)) problems.push('fix labelled none but an edit is offered');
  }
  if (row.fix === 'unsafe' && c.hardenTouches(row)) problems.push('fix labelled unsafe but harden (--fix) changes this spot');
  return problems;
}

export const describeRow = (row: LabelRow) =>
  `${LABELS_FILE}:${row.tsvLine} ${row.path} ${row.rule}@${row.line} [${row.label}/${row.fix}] — ${row.reason}`;
