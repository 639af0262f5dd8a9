/**
 * `npm run bench` — per-input cost of the core against the bare parser of the same text, in one
 * process, in the same run (PRODUCT.md: "per-input time against a bare `yaml` parse").
 *
 *   node dist/bench.js [--quick] [--scale <f>] [--only <id,...>] [--json <file>]
 *                      [--no-cli] [--no-lsp] [--corpus <dir>] [--profile [<id>]]
 *
 * What each row measures (median and p95 of one call, after warm-up; ops of one input are run
 * round-robin so that they share the machine's state, and the ratio is to the floor of that input):
 *   floor      YAML: `parseAllDocuments(text)` with default options, from this bundle's copy of yaml
 *              (the code the core runs: its per-token process.env reads removed, see
 *              esbuild.config.mjs). Dockerfile: `DockerfileParser.parse`.
 *   stock      YAML only, a breakdown row: `parseAllDocuments` of the yaml package as installed.
 *   parse      YAML only, a breakdown row: the core's `parseYaml` of a fresh text (each `---`
 *              document parsed on its own, documents that cannot hold a workload skipped) — the
 *              part of `lint` that is parsing.
 *   lint       `lint(text, {path})`: the full core, every registered rule, on a text none of whose
 *              documents the core has seen (so: every document parsed and checked).
 *   cached     `lint` of the text just linted: the core keeps the model and each document's
 *              findings, so this is what is left (positions, suppression comments, sorting).
 *   harden     `harden(text, {path})`: every preferred fix, re-linted until nothing fixable is left.
 *   relint     k8s-10k only: the language server's lint of a document version (`lintDocument` of
 *              server/src/lsp/validation.ts: the core's analysis and the LSP diagnostics) after a
 *              one-character edit (`replicas: N` → N±1 in the Deployment nearest the middle of the
 *              stream); the version before the edit is linted first, untimed. The core reuses
 *              every other document's tree and findings (kept per file path), so this parses and
 *              checks one document.
 *   peers      dclint (DCLinter.lintFiles on a temp file, compose inputs) and dockerfile-utils
 *              `validate` (Dockerfile inputs), loaded from node_modules when installed.
 *
 * Cache: every measured core call (but relint and cached) gets a text different from the
 * previous core call in every document (three variants that differ in a comment at the start,
 * after each `---` and at the end, cycled), and the bench counts the parser calls made inside
 * each core call (it wraps the bundled `Composer.prototype.compose` and `DockerfileParser.parse`,
 * which the core shares with this bundle). A lint that parsed nothing was a cache hit; the run
 * reports it and exits 1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire, SourceMap } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments, Composer } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { lint, harden, selectFixes } from '../../server/src/core/lint';
import { analyzeScript } from '../../server/src/core/shell';
import type { Finding } from '../../server/src/core/types';
import { parseYaml } from '../../server/src/core/model/yaml';
import { lintDocument } from '../../server/src/lsp/validation';
import { effectiveConfig } from '../../server/src/lsp/project-config';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { rules } from '../../server/src/core/rules';
import { genK8s, genCompose, genDockerfile, genComposeProjects } from './gen';
import { defaultJobs } from '../../server/src/cli/parallel';

// ---------------------------------------------------------------------------------------------
// Arguments

const HELP = `Usage: node dist/bench.js [options]   (npm run bench = build + this)
  --quick            about a quarter of the iterations (smoke run)
  --scale <f>        multiply iteration counts and time budgets by f
  --only <id,...>    inputs: k8s-1k,k8s-10k,k8s-100k,compose-30,compose-300,dockerfile-40,dockerfile-2k,projects-1000
                     (projects-1000: the CLI on 1,000 Compose projects vs the same files alone)
  --json <file>      also write the results as JSON
  --no-cli           skip the CLI wall time over ../shared/corpus
  --corpus <dir>     corpus for the CLI run (default ../shared/corpus, relative to the repo)
  --no-lsp           skip the language server memory check
  --no-adv           skip the adversarial inputs (adv-*; --only adv runs them alone)
  --profile [<id>]   run lint on one input (default k8s-10k) under node --cpu-prof and summarise
  --profile-iters n  lint calls in the profile (default 40)
  --profile-cached   profile lint of one unchanged text (the model is cached: no parse, rules only)
`;

interface Args {
  quick: boolean; scale: number; only?: string[]; json?: string; cli: boolean; lsp: boolean;
  corpus?: string; profile?: string; profileChild?: string; profileIters: number; profileCached: boolean;
  adv: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, scale: 1, cli: true, lsp: true, profileIters: 40, profileCached: false, adv: true };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const val = (): string => { const v = argv[++i]; if (v === undefined) throw new Error(`${x} needs a value`); return v; };
    if (x === '--quick') a.quick = true;
    else if (x === '--scale') a.scale = Number(val());
    else if (x === '--only') a.only = val().split(',');
    else if (x === '--json') a.json = val();
    else if (x === '--no-cli') a.cli = false;
    else if (x === '--no-lsp') a.lsp = false;
    else if (x === '--no-adv') a.adv = false;
    else if (x === '--corpus') a.corpus = val();
    else if (x === '--profile') a.profile = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'k8s-10k';
    else if (x === '--profile-child') a.profileChild = val();
    else if (x === '--profile-iters') a.profileIters = Number(val());
    else if (x === '--profile-cached') a.profileCached = true;
    else if (x === '-h' || x === '--help') {
      process.stdout.write(HELP);
      process.exit(0);
    } else throw new Error(`unknown argument ${x}`);
  }
  if (!(a.scale > 0)) throw new Error('--scale must be > 0');
  return a;
}

// ---------------------------------------------------------------------------------------------
// Parser call counters (cache-hit detection)

const counters = { yaml: 0, dockerfile: 0 };
// The core and this bundle share one copy of `yaml` and `dockerfile-ast`. Every YAML parse goes
// through Composer.prototype.compose (parseAllDocuments, parseDocument, or a Parser + Composer
// per document), every Dockerfile parse through DockerfileParser.parse: count those.
const bareParseAll = parseAllDocuments;
const bareDfParse = DockerfileParser.parse;
const bareCompose = Composer.prototype.compose;
Composer.prototype.compose = function* compose(this: Composer, ...a: Parameters<Composer['compose']>) {
  counters.yaml++;
  return yield* bareCompose.apply(this, a);
} as Composer['compose'];
(DockerfileParser as { parse: typeof DockerfileParser.parse }).parse = (t: string) => { counters.dockerfile++; return bareDfParse(t); };
const parses = (): number => counters.yaml + counters.dockerfile;

// ---------------------------------------------------------------------------------------------
// Inputs

type Syntax = 'yaml' | 'dockerfile';
interface Case {
  id: string; syntax: Syntax; file: string; text: string; description: string;
  /** Iteration plan before --quick/--scale. */
  warm: number; iters: number;
  /** harden's own plan where it differs (the 100k input: one harden call is several seconds). */
  harden?: { warm: number; iters: number };
  /** Soft cap on the wall time spent on this input, in seconds (every op keeps ≥ 3 samples). */
  budget: number;
}

function makeCases(): Case[] {
  return [
    { id: 'k8s-1k', syntax: 'yaml', file: 'bench/k8s-1k.yaml', text: genK8s(1_000, 1), description: 'Kubernetes stream, ~1k lines', warm: 15, iters: 80, budget: 6 },
    { id: 'k8s-10k', syntax: 'yaml', file: 'bench/k8s-10k.yaml', text: genK8s(10_000, 2), description: 'Kubernetes stream, ~10k lines', warm: 3, iters: 20, budget: 16 },
    { id: 'k8s-100k', syntax: 'yaml', file: 'bench/k8s-100k.yaml', text: genK8s(100_000, 3), description: 'Kubernetes stream, ~100k lines', warm: 1, iters: 4, harden: { warm: 0, iters: 2 }, budget: 30 },
    { id: 'compose-30', syntax: 'yaml', file: 'bench/compose-30/docker-compose.yml', text: genCompose(30, 4), description: 'Compose, 30 services', warm: 15, iters: 80, budget: 6 },
    { id: 'compose-300', syntax: 'yaml', file: 'bench/compose-300/docker-compose.yml', text: genCompose(300, 5), description: 'Compose, 300 services', warm: 5, iters: 30, budget: 10 },
    { id: 'dockerfile-40', syntax: 'dockerfile', file: 'bench/df-40/Dockerfile', text: genDockerfile(40, 6), description: 'Dockerfile, ~40 lines', warm: 30, iters: 150, budget: 4 },
    { id: 'dockerfile-2k', syntax: 'dockerfile', file: 'bench/df-2k/Dockerfile', text: genDockerfile(2_000, 7), description: 'Dockerfile, ~2,000 lines', warm: 5, iters: 40, budget: 8 },
  ];
}

const lineCount = (t: string): number => t.split('\n').length - (t.endsWith('\n') ? 1 : 0);

/**
 * Three texts, so that consecutive core calls never see the same string. They differ in a comment
 * at the start, at the end and, in a YAML stream, after every `---`: every document differs, so
 * the core's per-document cache cannot turn a "fresh" lint into a cache hit either.
 */
function variants(text: string, tag = 'bench variant'): string[] {
  return [0, 1, 2].map((k) => {
    const body = text.replace(/^---[ \t]*$/gm, (m) => `${m}\n# ${tag} ${k}`);
    const s = `# ${tag} ${k}\n${body}${body.endsWith('\n') ? '' : '\n'}# ${tag} ${k}\n`;
    return JSON.parse(JSON.stringify(s)) as string; // a flat, non-cons string
  });
}

/** The one-character edit for `relint`: `replicas: N` of the Deployment nearest the middle. */
function editPair(text: string): { a: string; b: string; line: number; doc: number } {
  const mid = text.length >> 1;
  const re = /^  replicas: (\d)$/gm;
  let best: RegExpExecArray | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) if (!best || Math.abs(m.index - mid) < Math.abs(best.index - mid)) best = m;
  if (!best) throw new Error('no replicas line to edit');
  const at = best.index + best[0].length - 1;
  const d = Number(best[1]);
  const b = text.slice(0, at) + String(d === 9 ? 8 : d + 1) + text.slice(at + 1);
  const before = text.slice(0, at);
  return { a: text, b, line: before.split('\n').length - 1, doc: (before.match(/^---$/gm) ?? []).length };
}

// ---------------------------------------------------------------------------------------------
// Peers (optional, loaded at run time from node_modules)

const nodeRequire = createRequire(__filename);

interface Peer {
  name: string; version: string; run(text: string, k: number): number;
  /** Set when the peer gave up on the input (it then did not lint it: its time is not a lint's). */
  rejected?: string;
}

function pkgVersion(name: string): string {
  try { return (nodeRequire(`${name}/package.json`) as { version: string }).version; } catch { return '?'; }
}

function loadDclint(tmp: string): Peer | string {
  let mod: { DCLinter: new (c: unknown) => { lintFiles(p: string[], r: boolean): { messages: { rule?: string; message?: string }[] }[] } };
  try { mod = nodeRequire('dclint'); } catch (e) { return `dclint not installed (${(e as Error).message.split('\n')[0]})`; }
  const linter = new mod.DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
  // One file per distinct text (the variants of every compose input), written once (page cache).
  const files = new Map<string, string>();
  const peer: Peer = {
    name: 'dclint', version: pkgVersion('dclint'),
    run(text, k) {
      // dclint reads from disk: one file per variant, written once (page cache), named as compose.
      let f = files.get(text);
      if (!f) {
        f = path.join(tmp, `dclint-${files.size}-${k}`, 'docker-compose.yml');
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, text);
        files.set(text, f);
      }
      const messages = linter.lintFiles([f], false)[0].messages;
      // dclint stops at a file it cannot load (its YAML parse fails, or \`toJS\` exceeds yaml's
      // alias limit of 100): one message, no rule ran.
      const stop = messages.find((m) => m.rule === 'invalid-yaml' || m.rule === 'unknown-error' || m.rule === 'invalid-schema');
      peer.rejected = stop ? `${stop.rule}: ${String(stop.message).slice(0, 80)}` : undefined;
      return messages.length;
    },
  };
  return peer;
}

/** `parseAllDocuments` of the yaml package in node_modules, loaded at run time (undefined when missing). */
function stockParseAll(): ((t: string) => unknown[]) | undefined {
  try { return (nodeRequire('yaml') as { parseAllDocuments: (t: string) => unknown[] }).parseAllDocuments; } catch { return undefined; }
}

function loadDockerfileUtils(): Peer | string {
  let mod: { validate(t: string, s?: unknown): unknown[] };
  try { mod = nodeRequire('dockerfile-utils'); } catch (e) { return `dockerfile-utils not installed (${(e as Error).message.split('\n')[0]})`; }
  return { name: 'dockerfile-utils validate', version: pkgVersion('dockerfile-utils'), run: (t) => mod.validate(t).length };
}

// ---------------------------------------------------------------------------------------------
// Measurement

type OpKind = 'floor' | 'breakdown' | 'cached' | 'lint' | 'harden' | 'relint' | 'peer';
interface Op {
  kind: OpKind; label: string; warm: number; iters: number;
  /** Runs one call; returns a count to keep (findings, fixes applied…). */
  run(): number;
  /** Untimed, before each call. */
  prepare?: () => void;
  core: boolean;
  samples: number[]; cpu: number[]; parseCounts: number[]; out: number;
  /** A call took more than a quarter of the input's budget: one sample is enough. */
  slow?: boolean; warmDone?: boolean;
  note?: string;
}

interface OpResult {
  kind: OpKind; label: string; n: number; medianMs: number; p95Ms: number; meanMs: number; minMs: number;
  ratio: number; ratioP95: number;
  /** Process CPU time (all threads) per call: robust when other processes compete for the cores. */
  cpuMedianMs: number; cpuRatio: number; parsesPerCall?: number; result: number; note?: string;
}
interface CaseResult {
  id: string; description: string; path: string; lines: number; bytes: number; documents?: number;
  ops: OpResult[]; seconds: number; cacheHits: number; edit?: { line: number; document: number };
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
const median = (s: number[]): number => (s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2);

function measureCase(c: Case, args: Args, peer: Peer | undefined, log: (s: string) => void): CaseResult {
  const f = args.quick ? 0.25 : 1;
  const iters = Math.max(3, Math.round(c.iters * f * args.scale));
  const warm = Math.max(1, Math.round(c.warm * f * args.scale));
  const budgetMs = c.budget * 1000 * (args.quick ? 0.4 : 1) * args.scale;
  const vs = variants(c.text);
  let seq = 0;
  let lastCore = '';
  /** The next variant (floor, peer). */
  const next = (): string => vs[seq++ % vs.length];
  /**
   * The texts of one core op: its own variants (no document in common with another op's texts,
   * so no op finds documents another left in the core's cache), cycled.
   */
  const own = (tag: string): (() => string) => {
    const texts = variants(c.text, tag);
    let k = 0;
    return () => (lastCore = texts[k++ % texts.length]);
  };
  const opts = { path: path.resolve(c.file) };
  const ops: Op[] = [];
  const op = (kind: OpKind, label: string, core: boolean, run: () => number, note?: string, prepare?: () => void): void => {
    const plan = kind === 'harden' && c.harden ? { warm: Math.round(c.harden.warm * f * args.scale), iters: Math.max(2, Math.round(c.harden.iters * args.scale)) } : { warm, iters };
    ops.push({ kind, label, core, run, prepare, samples: [], cpu: [], parseCounts: [], out: 0, note, ...plan });
  };
  if (c.syntax === 'yaml') {
    op('floor', 'floor: yaml parseAllDocuments', false, () => bareParseAll(next()).length);
    // The yaml package as installed (not bundled: it reads process.env for every token, which the
    // bundles' copy does not, see esbuild.config.mjs), for scale.
    const stock = stockParseAll();
    if (!args.quick && stock) op('breakdown', '  stock yaml (node_modules)', false, () => stock(next()).length);
    if (!args.quick) {
      // Its own variants and cache key: never a text (or a document) the lint rows left cached.
      const text = own('bench parse variant');
      op('breakdown', '  parse (core parseYaml)', true, () => { const t = lastCore; const n = parseYaml(text(), 'bench:parse').docs.length; lastCore = t; return n; });
    }
  } else {
    op('floor', 'floor: DockerfileParser.parse', false, () => bareDfParse(next()).getInstructions().length);
  }
  const lintText = own('bench lint variant');
  op('lint', 'lint', true, () => lint(lintText(), opts).length);
  if (!args.quick) {
    // The same text again: the core returns the cached model (and, for YAML, each document's
    // findings), so this is what is left: positions, suppression comments, sorting.
    op('cached', '  lint of the same text again', false, () => lint(lastCore, opts).length);
  }
  let lastPasses = 0;
  const hardenText = own('bench harden variant');
  op('harden', 'harden', true, () => { const h = harden(hardenText(), opts); lastPasses = h.passes; lastCore = h.output; return h.applied.length; });
  let edit: CaseResult['edit'];
  if (c.id === 'k8s-10k') {
    const e = editPair(variants(c.text, 'bench relint')[0]);
    edit = { line: e.line, document: e.doc };
    // What the server passes: its language id, its settings' config (defaults), a workspace reader.
    const server = { path: opts.path, languageId: 'yaml', config: effectiveConfig(normalizeSettings(null), undefined), workspace: { readFile: () => undefined } };
    const uri = `file://${opts.path}`;
    let version = 0;
    op('relint', 'relint after 1-char edit (server)', true, () => { lastCore = e.b; return lintDocument(e.b, server, uri, ++version).diagnostics.length; },
      `edit at line ${e.line + 1}, document ${e.doc + 1}`, () => { lintDocument(e.a, server, uri, ++version); });
  }
  if (peer) op('peer', `peer: ${peer.name} ${peer.version}`, false, () => { const k = seq % vs.length; return peer.run(next(), k); });

  const runOnce = (o: Op, record: boolean): number => {
    o.prepare?.();
    const p0 = parses();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    o.out = o.run();
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    // A warm-up call of over a second is recorded: at that length the JIT state no longer matters.
    if (record || dt > 1000) { o.samples.push(dt); o.cpu.push((c.user + c.system) / 1000); o.parseCounts.push(parses() - p0); }
    if (dt > budgetMs / 4) o.slow = true;
    return dt;
  };
  const t0 = performance.now();
  // Warm-up; an op whose call already takes over a second is warm after one call.
  for (let i = 0; i < warm; i++) {
    for (const o of ops) {
      // The cached-model row is a breakdown: not worth seconds when lint itself is that slow.
      if (o.kind === 'cached' && ops.find((x) => x.kind === 'lint')!.slow) { o.iters = 0; continue; }
      if (i < o.warm && !o.warmDone && runOnce(o, false) > 1000) o.warmDone = true;
    }
  }
  // Ops alternate in blocks (about four blocks each), so that each op mostly pays for its own
  // garbage; the cached-model op directly follows lint, whose text it re-lints.
  const block = Math.max(1, Math.round(iters / 4));
  for (let round = 0; ; round++) {
    let ran = false;
    for (const o of ops) {
      const n = o.kind === 'cached' ? block : Math.min(block, o.iters - o.samples.length);
      for (let j = 0; j < n; j++) {
        if (o.samples.length >= o.iters) break;
        // The budget counts from the start of the input (warm-up included).
        if (o.samples.length >= (o.slow ? 1 : Math.min(3, o.iters)) && performance.now() - t0 > budgetMs) break;
        runOnce(o, true);
        ran = true;
      }
    }
    if (!ran) break;
  }
  const floorOp = ops.find((o) => o.kind === 'floor')!;
  const floorMed = median([...floorOp.samples].sort((a, b) => a - b));
  const floorP95 = quantile([...floorOp.samples].sort((a, b) => a - b), 0.95);
  const floorCpu = median([...floorOp.cpu].sort((a, b) => a - b));
  let cacheHits = 0;
  const results: OpResult[] = ops.filter((o) => o.samples.length).map((o) => {
    const s = [...o.samples].sort((a, b) => a - b);
    const r: OpResult = {
      kind: o.kind, label: o.label, n: s.length, medianMs: median(s), p95Ms: quantile(s, 0.95), meanMs: s.reduce((x, y) => x + y, 0) / s.length, minMs: s[0],
      ratio: median(s) / floorMed, ratioP95: quantile(s, 0.95) / floorP95, result: o.out, note: o.note,
      cpuMedianMs: median([...o.cpu].sort((a, b) => a - b)), cpuRatio: median([...o.cpu].sort((a, b) => a - b)) / floorCpu,
    };
    if (o.core) {
      r.parsesPerCall = o.parseCounts.reduce((x, y) => x + y, 0) / o.parseCounts.length;
      const hits = o.parseCounts.filter((p) => p === 0).length;
      cacheHits += hits;
      if (hits) r.note = `${r.note ? r.note + '; ' : ''}CACHE HIT in ${hits} call(s)`;
    }
    if (o.slow && s.length < 3) r.note = `${r.note ? r.note + '; ' : ''}SLOW: ${s.length} sample(s) in the time budget`;
    if (o.kind === 'harden') r.note = `${r.note ? r.note + '; ' : ''}${o.out} fixes in ${lastPasses} passes`;
    if (o.kind === 'cached') {
      const parsed = o.parseCounts.filter((p) => p > 0).length;
      if (parsed) r.note = `${r.note ? r.note + '; ' : ''}parsed in ${parsed} call(s): not a cached-model figure`;
    }
    if (o.kind === 'lint' || o.kind === 'relint') r.note = `${r.note ? r.note + '; ' : ''}${o.out} findings`;
    // The floor the issue's anchor figures were taken with: the yaml package as installed.
    const stockOp = ops.find((x) => x.label.includes('stock yaml') && x.samples.length);
    if (o.kind === 'lint' && stockOp) {
      const sm = median([...stockOp.samples].sort((a, b) => a - b)), sc = median([...stockOp.cpu].sort((a, b) => a - b));
      r.note = `${r.note}; ${(r.medianMs / sm).toFixed(2)}× stock yaml (CPU ${(r.cpuMedianMs / sc).toFixed(2)}×)`;
    }
    if (o.kind === 'peer' && !peer?.rejected) {
      const lintOp = ops.find((x) => x.kind === 'lint' && x.samples.length);
      if (lintOp) {
        const lintMed = median([...lintOp.samples].sort((a, b) => a - b)), lintCpu = median([...lintOp.cpu].sort((a, b) => a - b));
        r.note = `${r.note ? r.note + '; ' : ''}our lint is ${(r.medianMs / lintMed).toFixed(1)}× faster (CPU ${(r.cpuMedianMs / lintCpu).toFixed(1)}×)`;
      }
    }
    if (o.kind === 'peer' && peer?.rejected) r.note = `${r.note ? r.note + '; ' : ''}REJECTED the input (${peer.rejected}): no rule ran, the time is its load`;
    return r;
  });
  const seconds = (performance.now() - t0) / 1000;
  log(`  ${c.id}: ${results[0].n} rounds, ${seconds.toFixed(1)} s`);
  return {
    id: c.id, description: c.description, path: c.file, lines: lineCount(c.text), bytes: Buffer.byteLength(c.text),
    documents: c.syntax === 'yaml' ? bareParseAll(c.text).length : undefined, ops: results, seconds, cacheHits, edit,
  };
}

// ---------------------------------------------------------------------------------------------
// Compose projects: the CLI on 1,000 projects vs the same files judged alone

const PROJECTS_ID = 'projects-1000';

interface ProjectsResult {
  skipped?: string; projects?: number; files?: number;
  /** `node dist/cli.js check --format json --jobs 1` on the projects, and on the same texts with the override renamed (each file alone). */
  merged?: CliRuns; alone?: CliRuns; findingsMerged?: number; findingsAlone?: number;
}

/**
 * 1,000 folders of compose.yaml + compose.override.yaml + Dockerfile, linted by the CLI (one
 * thread: the CLI code path, its disk WorkspaceReader feeding the project's other files), against
 * the same texts with the override named compose.dev.yaml, which Compose does not merge by
 * default (each file judged alone; the Dockerfiles are still read). Runs alternate.
 */
function projectsRow(root: string, args: Args, tmp: string, log: (s: string) => void): ProjectsResult {
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return { skipped: 'dist/cli.js not built' };
  const n = 1000;
  const trees = { merged: path.join(tmp, 'projects-merged'), alone: path.join(tmp, 'projects-alone') };
  for (const [mode, dir] of Object.entries(trees)) {
    const files = genComposeProjects(n, 11, mode === 'merged' ? 'compose.override.yaml' : 'compose.dev.yaml');
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  }
  log(`${PROJECTS_ID}: ${n} projects, ${n * 3} files per tree`);
  const runs = { merged: { wall: [] as number[], cpu: [] as number[] }, alone: { wall: [] as number[], cpu: [] as number[] } };
  const found: Record<string, number> = {};
  const reps = args.quick ? 2 : 3;
  for (let i = 0; i < reps; i++) {
    for (const mode of ['merged', 'alone'] as const) {
      const c0 = childCpuS();
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--jobs', '1', '.'], { cwd: trees[mode], encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      runs[mode].wall.push((performance.now() - t0) / 1000);
      runs[mode].cpu.push(childCpuS() - c0);
      if (r.error) return { skipped: `cli failed: ${r.error.message}` };
      try {
        const j = JSON.parse(r.stdout) as { files: { findings: unknown[] }[] };
        found[mode] = j.files.reduce((a, f) => a + f.findings.length, 0);
      } catch { return { skipped: `cli output is not JSON: ${r.stderr.slice(0, 200)}` }; }
    }
  }
  const summary = (x: { wall: number[]; cpu: number[] }): CliRuns => ({
    runs: x.wall, medianS: median([...x.wall].sort((a, b) => a - b)), cpuS: x.cpu, medianCpuS: median([...x.cpu].sort((a, b) => a - b)),
  });
  return { projects: n, files: n * 3, merged: summary(runs.merged), alone: summary(runs.alone), findingsMerged: found.merged, findingsAlone: found.alone };
}

function projectsLines(p: ProjectsResult): string[] {
  if (p.skipped) return [`${PROJECTS_ID}: skipped (${p.skipped})`];
  const m = p.merged!, a = p.alone!;
  return [
    `${PROJECTS_ID} (node dist/cli.js check --format json --jobs 1; ${p.projects} folders of compose.yaml + override + Dockerfile, ${p.files} files; runs alternate):`,
    `  as projects (compose.override.yaml): ${m.medianS.toFixed(2)} s wall, ${m.medianCpuS.toFixed(2)} s CPU (runs ${m.runs.map((x) => x.toFixed(2)).join(', ')} s), ${p.findingsMerged} findings`,
    `  alone (compose.dev.yaml):            ${a.medianS.toFixed(2)} s wall, ${a.medianCpuS.toFixed(2)} s CPU (runs ${a.runs.map((x) => x.toFixed(2)).join(', ')} s), ${p.findingsAlone} findings`,
    `  projects ×${(m.medianS / a.medianS).toFixed(2)} wall, ×${(m.medianCpuS / a.medianCpuS).toFixed(2)} CPU of alone (target: under 2×)`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Adversarial inputs, moved from the tests (test/unit/lint.test.ts, test/unit/shell.test.ts,
// test/fuzz/bad-input.test.ts: they assert behaviour, this measures the cost). Ids `adv-*`, all
// selected with `--only adv`, skipped with `--no-adv`. Each input has its floor (the bare parse of
// its text, as above) and its ops; the ops and the floor alternate call by call, and a call over a
// quarter of the budget keeps one sample. Lint and harden get a text none of whose documents the
// core has seen (the variants above; parser calls counted, a call without one is a cache hit).
// The core keeps the analysis of the last 2,000 shell scripts: before every call of an input with
// a script, untimed, 2,000 one-word scripts push the input's scripts out of that cache.

interface AdvOp { label: string; kind: OpKind; core: boolean; run: () => number; note?: (out: number) => string }
interface AdvCase { id: string; description: string; syntax: Syntax; file: string; text: string; ops: (c: AdvCase) => AdvOp[]; budget: number; iters: number; shell?: boolean }

const MB = 1 << 20;

/** `<<: [*a, *a, …]` `breadth` wide on `levels` levels (the user of the first anchor, or not). */
function mergeBomb(levels: number, breadth: number, user = false): string {
  let s = `x-a0: &a0 {image: x${user ? ', user: root' : ''}}\n`;
  for (let i = 1; i <= levels; i++) s += `x-a${i}: &a${i}\n  <<: [${Array(breadth).fill(`*a${i - 1}`).join(', ')}]\n`;
  return `${s}services:\n  api:\n    <<: *a${levels}\n`;
}

/** The analyzer's worst cases of test/unit/shell.test.ts, by name. */
const SHELL_INPUTS: [string, string][] = [
  ['words-50k', 'a '.repeat(50_000)], ['subst-5k', '$('.repeat(5_000)], ['parens-5k', '('.repeat(5_000) + ')'.repeat(5_000)],
  ['quoted-subst-3k', '"$('.repeat(3_000)], ['braces-3k', '{ '.repeat(3_000)], ['if-2k', 'if a; then '.repeat(2_000)],
  ['backquotes-10k', '`'.repeat(10_001)], ['pipes-10k', 'a | '.repeat(10_000) + 'b'], ['commands-20k', 'a;'.repeat(20_000)],
  ['heredocs-2k', 'cat <<E\n'.repeat(2_000)], ['backslashes-10k', '\\'.repeat(10_001)], ['quotes-10k', "'".repeat(10_001)],
];

function advCases(): AdvCase[] {
  const COMPOSE = 'bench/adv/docker-compose.yml', K8S = 'bench/adv/deploy.yaml', DF = 'bench/adv/Dockerfile';
  const lintAndHarden = (c: AdvCase): AdvOp[] => {
    const opts = { path: path.resolve(c.file) };
    const lt = variants(c.text, 'bench adv lint'), ht = variants(c.text, 'bench adv harden');
    let k = 0, j = 0, passes = 0;
    return [
      { label: 'lint', kind: 'lint', core: true, run: () => lint(lt[k++ % 3], opts).length, note: (n) => `${n} findings` },
      { label: 'harden', kind: 'harden', core: true, run: () => { const h = harden(ht[j++ % 3], opts); passes = h.passes; return h.applied.length; }, note: (n) => `${n} fixes in ${passes} passes` },
    ];
  };
  const blob = 'QUJD'.repeat(MB / 4);
  const pod = (i: number): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:1.0\n          command: ["sh", "-c", "./migrate && ./app"]\n          securityContext:\n            capabilities:\n              add: [SYS_PTRACE]\n`;
  let k8s2 = '';
  for (let i = 0; k8s2.length < 2 * MB - 400; i++) k8s2 += (i ? '---\n' : '') + pod(i);
  const svc = (i: number): string => `  svc-${i}:\n    image: example/app:1.0\n    user: root\n    command: sh -c "./migrate && ./app"\n    cap_add: [SYS_PTRACE]\n`;
  let compose2 = 'services:\n';
  for (let i = 0; compose2.length < 2 * MB - 200; i++) compose2 += svc(i);
  let laughs = 'x-a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 10; i++) laughs += `x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  const file = (id: string, syntax: Syntax, f: string, description: string, text: string, budget = 4, shell = false): AdvCase =>
    ({ id, syntax, file: f, description, text, ops: lintAndHarden, budget, iters: 10, shell });
  const cases: AdvCase[] = [
    file('adv-merge-bomb-10x10', 'yaml', COMPOSE, 'merge-key alias bomb, 10 levels × 10 (lint.test)', mergeBomb(10, 10)),
    file('adv-aliases-10x200', 'yaml', COMPOSE, '2,000 aliases in merge keys, 10 levels × 200 (lint.test)', mergeBomb(10, 200)),
    file('adv-merge-bomb-10x50', 'yaml', COMPOSE, 'merge-key bomb, 10 levels × 50 (bad-input)', mergeBomb(10, 50, true)),
    file('adv-merge-bomb-30x50', 'yaml', COMPOSE, 'merge-key bomb, 30 levels × 50 (bad-input)', mergeBomb(30, 50, true)),
    file('adv-laughs-compose', 'yaml', COMPOSE, 'billion laughs, Compose (bad-input)', `${laughs}services:\n  x:\n    image: x\n    command: *a9\n    cap_add: *a9\n    environment: *a9\n    tmpfs: *a9\n    volumes: *a9\n`),
    file('adv-laughs-k8s', 'yaml', K8S, 'billion laughs, Kubernetes (bad-input)', `${laughs}apiVersion: v1\nkind: Pod\nspec:\n  containers: *a9\n  volumes: *a9\n  initContainers: [*a9, *a9]\n`),
    file('adv-compose-20k', 'yaml', COMPOSE, '20,000 services (lint.test)', 'services:\n' + Array.from({ length: 20000 }, (_, i) => `  s${i}:\n    image: x\n    init: true\n    user: "1"\n`).join(''), 8),
    file('adv-1mb-command', 'yaml', COMPOSE, '1 MB compose command (bad-input)', `services:\n  a:\n    image: x\n    command: sh -c "echo ${blob} > /k; ./app"\n`, 4, true),
    file('adv-1mb-comment', 'yaml', COMPOSE, '1 MB comment (bad-input)', `# ${'x'.repeat(MB)}\nservices:\n  a:\n    image: x\n`),
    file('adv-1mb-key', 'yaml', COMPOSE, '1 MB key (bad-input)', `services:\n  ${'k'.repeat(MB)}:\n    image: x\n`),
    file('adv-1mb-flow', 'yaml', COMPOSE, '1 MB flow sequence (bad-input)', `services:\n  a:\n    cap_add: [${'NET_ADMIN, '.repeat(MB / 11)}SYS_PTRACE]\n`, 6),
    file('adv-1mb-k8s-arg', 'yaml', K8S, '1 MB k8s arg (bad-input)', `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    command: ["sh", "-c", "echo ${blob}; y"]\n`, 4, true),
    file('adv-1mb-run', 'dockerfile', DF, '1 MB Dockerfile RUN (bad-input)', `FROM alpine\nRUN echo ${blob} > /k\nCMD node app.js\n`, 4, true),
    file('adv-1mb-cmd', 'dockerfile', DF, '1 MB Dockerfile CMD (bad-input)', `FROM alpine\nCMD ./app --key ${blob}; exit 0\n`, 4, true),
    file('adv-cmd-35k', 'dockerfile', DF, '100 KB line of 35,000 commands (bad-input)', `FROM alpine\nCMD ${'a; '.repeat(35000)}b\n`, 6, true),
    file('adv-2mb-k8s', 'yaml', K8S, '2 MB Kubernetes stream (bad-input)', k8s2, 12, true),
    file('adv-2mb-compose', 'yaml', COMPOSE, '2 MB Compose file (bad-input)', compose2, 12, true),
  ];
  // The shell analyzer alone (its input as the script of a Compose `sh -c` command: the floor is
  // the parse of that file).
  for (const [name, s] of SHELL_INPUTS) {
    cases.push({
      id: `adv-sh-${name}`, syntax: 'yaml', file: COMPOSE, description: `shell analyzer: ${JSON.stringify(s.slice(0, 12))}… (${s.length.toLocaleString('en')} chars, shell.test)`,
      text: `services:\n  a:\n    image: x\n    command: ["sh", "-c", ${JSON.stringify(s)}]\n`, budget: 2, iters: 10, shell: true,
      ops: () => [{ label: 'analyzeScript', kind: 'breakdown', core: false, run: () => analyzeScript(s).commands.length, note: (n) => `${n} commands` }],
    });
  }
  // selectFixes (harden's choice of non-overlapping fixes) over 100,000 one-edit fixes, one at the
  // start of each line of a 100,000-line, 1 MB sequence: the floor is the parse of that sequence
  // (not a map: yaml's duplicate-key check makes a 100,000-key map quadratic to parse).
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const fixes = Array.from({ length: 100_000 }, (_, i): Finding => ({ rule: 'r', severity: 'hint', message: '', range, fix: { title: '', edits: [{ start: i * 10, end: i * 10, newText: 'x', range }] } }));
  cases.push({
    id: 'adv-fixes-100k', syntax: 'yaml', file: COMPOSE, description: 'selectFixes, 100,000 fixes (lint.test)', budget: 4, iters: 10,
    text: Array.from({ length: 100_000 }, (_, i) => `- k${String(i).padStart(5, '0')}x\n`).join(''),
    ops: () => [{ label: 'selectFixes (100,000 fixes)', kind: 'breakdown', core: false, run: () => selectFixes(fixes).chosen.length, note: (n) => `${n} chosen` }],
  });
  return cases;
}

/** Pushes every script out of the core's shell-analysis cache (2,000 scripts): untimed. */
let flushSeq = 0;
function flushShellCache(): void { for (let i = 0; i < 2000; i++) analyzeScript(`f${flushSeq++}`); }

function measureAdversarial(args: Args, log: (s: string) => void): CaseResult[] {
  const cases = advCases().filter((c) => !args.only || args.only.includes(c.id) || args.only.includes('adv'));
  if (!cases.length) return [];
  // The flush works: a script analysed before it is analysed again after it (a new object).
  const probe = analyzeScript('bench flush probe');
  flushShellCache();
  if (analyzeScript('bench flush probe') === probe) throw new Error('the shell-analysis cache outlives 2,000 scripts: the adversarial shell rows would measure cache hits');
  const out: CaseResult[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const f = args.quick ? 0.25 : 1;
    const iters = Math.max(3, Math.round(c.iters * f * args.scale));
    const budgetMs = c.budget * 1000 * (args.quick ? 0.4 : 1) * args.scale;
    const vs = variants(c.text);
    let seq = 0;
    const floor: AdvOp = c.syntax === 'yaml'
      ? { label: 'floor: yaml parseAllDocuments', kind: 'floor', core: false, run: () => bareParseAll(vs[seq++ % 3]).length }
      : { label: 'floor: DockerfileParser.parse', kind: 'floor', core: false, run: () => bareDfParse(vs[seq++ % 3]).getInstructions().length };
    const ops = [floor, ...c.ops(c)].map((o) => ({ ...o, samples: [] as number[], cpu: [] as number[], parseCounts: [] as number[], out: 0, slow: false }));
    const call = (o: (typeof ops)[number], record: boolean): void => {
      if (c.shell) flushShellCache();
      const p0 = parses(), c0 = process.cpuUsage(), w0 = performance.now();
      o.out = o.run();
      const dt = performance.now() - w0, cu = process.cpuUsage(c0);
      if (record || dt > 1000) { o.samples.push(dt); o.cpu.push((cu.user + cu.system) / 1000); o.parseCounts.push(parses() - p0); }
      if (dt > budgetMs / 4) o.slow = true;
    };
    for (const o of ops) call(o, false); // warm-up: one call each
    for (let round = 0; ; round++) {
      let ran = false;
      for (const o of ops) {
        if (o.samples.length >= iters || (o.samples.length >= (o.slow ? 1 : 3) && performance.now() - t0 > budgetMs)) continue;
        call(o, true);
        ran = true;
      }
      if (!ran) break;
    }
    const sorted = (x: number[]): number[] => [...x].sort((a, b) => a - b);
    const fl = ops[0];
    const floorMed = median(sorted(fl.samples)), floorP95 = quantile(sorted(fl.samples), 0.95), floorCpu = median(sorted(fl.cpu));
    let cacheHits = 0;
    const results: OpResult[] = ops.map((o) => {
      const s = sorted(o.samples), cpuMed = median(sorted(o.cpu));
      const notes: string[] = [];
      if (o.note) notes.push(o.note(o.out));
      if (o.core) {
        const hits = o.parseCounts.filter((p) => p === 0).length;
        cacheHits += hits;
        if (hits) notes.push(`CACHE HIT in ${hits} call(s)`);
      }
      if (o.slow && s.length < 3) notes.push(`SLOW: ${s.length} sample(s) in the time budget`);
      return {
        kind: o.kind, label: o.label, n: s.length, medianMs: median(s), p95Ms: quantile(s, 0.95), meanMs: s.reduce((x, y) => x + y, 0) / s.length, minMs: s[0],
        ratio: median(s) / floorMed, ratioP95: quantile(s, 0.95) / floorP95, cpuMedianMs: cpuMed, cpuRatio: cpuMed / floorCpu,
        parsesPerCall: o.core ? o.parseCounts.reduce((x, y) => x + y, 0) / o.parseCounts.length : undefined, result: o.out, note: notes.join('; ') || undefined,
      };
    });
    const seconds = (performance.now() - t0) / 1000;
    log(`  ${c.id}: ${seconds.toFixed(1)} s`);
    out.push({ id: c.id, description: c.description, path: c.file, lines: lineCount(c.text), bytes: Buffer.byteLength(c.text), ops: results, seconds, cacheHits });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CLI over the corpus, and the language server's memory

interface CliRuns { runs: number[]; medianS: number; cpuS: number[]; medianCpuS: number }
interface CliResult {
  skipped?: string; files?: number; findings?: number; exitCode?: number | null; corpus?: string;
  /** `--jobs N` (worker threads: N = the CPUs, 2 to 4) and `--jobs 1`, run alternately. */
  parallel?: CliRuns; single?: CliRuns; threads?: number; defaultJobs?: number;
  /** stdout, stderr and the exit code of the two are the same. */
  identical?: boolean;
}

/** CPU time (s) of this process's waited-for children so far (Linux /proc; NaN elsewhere). */
function childCpuS(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
  } catch { return NaN; }
}

function cliWallTime(root: string, args: Args): CliResult {
  const cli = path.join(root, 'dist', 'cli.js');
  const corpus = path.resolve(root, args.corpus ?? '../shared/corpus');
  if (!fs.existsSync(cli)) return { skipped: 'dist/cli.js not built' };
  if (!fs.existsSync(corpus)) return { skipped: `corpus not found at ${corpus}` };
  const threads = Math.max(2, Math.min(os.availableParallelism(), 4));
  const res: CliResult = { corpus, identical: true, threads, defaultJobs: defaultJobs() };
  const seen: Record<string, string> = {};
  const n = args.quick ? 2 : 5;
  const runs: Record<'parallel' | 'single', { wall: number[]; cpu: number[] }> = { parallel: { wall: [], cpu: [] }, single: { wall: [], cpu: [] } };
  for (let i = 0; i < n; i++) {
    for (const mode of ['parallel', 'single'] as const) {
      const c0 = childCpuS();
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--jobs', mode === 'single' ? '1' : String(threads), corpus], { cwd: corpus, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
      runs[mode].wall.push((performance.now() - t0) / 1000);
      runs[mode].cpu.push(childCpuS() - c0);
      if (r.error) return { skipped: `cli failed: ${r.error.message}` };
      const out = JSON.stringify([r.status, r.stdout, r.stderr]);
      if (seen[mode === 'single' ? 'parallel' : 'single'] !== undefined && seen[mode === 'single' ? 'parallel' : 'single'] !== out) res.identical = false;
      seen[mode] = out;
      res.exitCode = r.status;
      try {
        const j = JSON.parse(r.stdout) as unknown;
        const list = Array.isArray(j) ? j : ((j as { files?: unknown[]; results?: unknown[] }).files ?? (j as { results?: unknown[] }).results);
        if (Array.isArray(list)) {
          res.files = list.length;
          res.findings = list.reduce((acc: number, x) => acc + (((x as { findings?: unknown[]; messages?: unknown[] }).findings ?? (x as { messages?: unknown[] }).messages)?.length ?? 0), 0);
        }
      } catch { /* output format unknown: time only */ }
    }
  }
  const summary = (x: { wall: number[]; cpu: number[] }): CliRuns => ({
    runs: x.wall, medianS: median([...x.wall].sort((a, b) => a - b)), cpuS: x.cpu, medianCpuS: median([...x.cpu].sort((a, b) => a - b)),
  });
  res.parallel = summary(runs.parallel);
  res.single = summary(runs.single);
  return res;
}

interface LspOpen { file: string; lines: number; bytes: number; rssMiB: number; openToDiagnosticsMs: number; diagnostics: number; firstMessage?: string }
interface LspResult {
  skipped?: string; mode?: string; rssAfterInitMiB?: number; opens?: LspOpen[]; peakRssMiB?: number;
  edit?: { file: string; changeToDiagnosticsMs: number };
}

/**
 * Starts `node dist/server.js --stdio` (debounce 0), opens each text in turn and waits for its
 * diagnostics (push or pull, whichever the server offers), reading VmRSS/VmHWM from /proc; then a
 * one-character didChange on the last text.
 */
async function lspMemory(root: string, files: { name: string; text: string }[], tmp: string): Promise<LspResult> {
  const server = path.join(root, 'dist', 'server.js');
  if (!fs.existsSync(server)) return { skipped: 'dist/server.js not built' };
  if (process.platform !== 'linux') return { skipped: 'RSS is read from /proc (Linux only)' };
  const dir = path.join(tmp, 'lsp');
  fs.mkdirSync(dir, { recursive: true });
  const docs = files.map((f) => { const p = path.join(dir, f.name); fs.writeFileSync(p, f.text); return { ...f, path: p, uri: `file://${p}` }; });
  const child = spawn(process.execPath, [server, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const status = (): { rss: number; hwm: number } => {
    const s = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (k: string): number => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s) ?? [])[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  };
  let buf = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map<number, (r: unknown) => void>();
  const waiters: ((m: { method?: string; params?: unknown }) => boolean)[] = [];
  const send = (m: object): void => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }));
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const request = (method: string, params: unknown): Promise<unknown> => new Promise((res) => { const id = nextId++; pending.set(id, res); send({ id, method, params }); });
  const onMessage = (m: { id?: number; method?: string; params?: unknown; result?: unknown }): void => {
    if (m.method && m.id !== undefined) {
      // A request from the server: answer so it never waits on us.
      // Settings: the defaults, but a raised `maxFileSize` for the files named `*.raised.yaml`
      // (the 100k-line stream is over the default 2 MB: opened once as is, once raised).
      const items = (m.params as { items?: { scopeUri?: string }[] }).items ?? [];
      const result = m.method === 'workspace/configuration' ? items.map((it) => (it.scopeUri?.endsWith('.raised.yaml') ? { maxFileSize: 8 * 1024 * 1024 } : null)) : null;
      send({ id: m.id, result });
      return;
    }
    if (m.id !== undefined && pending.has(m.id)) { pending.get(m.id)!(m.result); pending.delete(m.id); return; }
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i](m)) waiters.splice(i, 1);
  };
  child.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, h).toString())?.[1]);
      if (buf.length < h + 4 + len) return;
      const body = buf.subarray(h + 4, h + 4 + len).toString();
      buf = buf.subarray(h + 4 + len);
      onMessage(JSON.parse(body));
    }
  });
  child.stderr.resume();
  const timeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timed out waiting for ${what}`)), ms).unref())]);
  type Diags = { message?: string }[];
  const diagnostics = (mode: string, uri: string, version: number): Promise<Diags> => {
    if (mode === 'pull') return request('textDocument/diagnostic', { textDocument: { uri } }).then((r) => ((r as { items?: Diags })?.items ?? []));
    return new Promise((res) => waiters.push((m) => {
      const p = m.params as { uri?: string; version?: number; diagnostics?: Diags } | undefined;
      if (m.method !== 'textDocument/publishDiagnostics' || p?.uri !== uri) return false;
      if (p.version !== undefined && p.version !== version) return false;
      res(p.diagnostics ?? []);
      return true;
    }));
  };
  try {
    const init = await timeout(request('initialize', {
      processId: process.pid, rootUri: `file://${dir}`, initializationOptions: { debounceMs: 0 },
      capabilities: { textDocument: { publishDiagnostics: {}, diagnostic: {} }, workspace: { configuration: true } },
      workspaceFolders: [{ uri: `file://${dir}`, name: 'bench' }],
    }), 20_000, 'initialize') as { capabilities?: { diagnosticProvider?: unknown } };
    send({ method: 'initialized', params: {} });
    await new Promise((r) => setTimeout(r, 300));
    const rssAfterInitMiB = status().rss;
    const mode = init?.capabilities?.diagnosticProvider ? 'pull' : 'push';
    const opens: LspOpen[] = [];
    for (const d of docs) {
      const t0 = performance.now();
      const pushed = mode === 'push' ? diagnostics(mode, d.uri, 1) : undefined;
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri: d.uri, languageId: 'yaml', version: 1, text: d.text } } });
      const diags = await timeout(pushed ?? diagnostics(mode, d.uri, 1), 120_000, `diagnostics of ${d.name}`);
      opens.push({
        file: d.name, lines: lineCount(d.text), bytes: Buffer.byteLength(d.text), rssMiB: status().rss,
        openToDiagnosticsMs: performance.now() - t0, diagnostics: diags.length, firstMessage: diags.length <= 2 ? diags[0]?.message : undefined,
      });
    }
    // One-character edit of the last document (full-text sync is always accepted).
    const last = docs[docs.length - 1];
    const e = editPair(last.text);
    const t0 = performance.now();
    const pushed2 = mode === 'push' ? diagnostics(mode, last.uri, 2) : undefined;
    send({ method: 'textDocument/didChange', params: { textDocument: { uri: last.uri, version: 2 }, contentChanges: [{ text: e.b }] } });
    await timeout(pushed2 ?? diagnostics(mode, last.uri, 2), 120_000, 'diagnostics after edit');
    const edit = { file: last.name, changeToDiagnosticsMs: performance.now() - t0 };
    const peakRssMiB = status().hwm;
    await timeout(request('shutdown', null), 10_000, 'shutdown').catch(() => undefined);
    send({ method: 'exit' });
    return { mode, rssAfterInitMiB, opens, peakRssMiB, edit };
  } catch (e) {
    return { skipped: `language server: ${(e as Error).message}` };
  } finally {
    setTimeout(() => { if (child.exitCode === null) child.kill(); }, 2000).unref();
  }
}

// ---------------------------------------------------------------------------------------------
// Profiling: a child under `node --cpu-prof` runs `lint` on one input; the parent summarises.

function profileChild(id: string, iters: number, cached: boolean): void {
  const c = makeCases().find((x) => x.id === id);
  if (!c) throw new Error(`no input ${id}`);
  const vs = variants(c.text);
  const opts = { path: path.resolve(c.file) };
  const pick = (i: number): string => (cached ? vs[0] : vs[i % 3]);
  for (let i = 0; i < 5; i++) lint(pick(i), opts);
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) lint(pick(i), opts);
  process.stdout.write(JSON.stringify({ lintMs: (performance.now() - t0) / iters }) + '\n');
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[]; timeDeltas: number[];
}

function profile(id: string, iters: number, cached: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-prof-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, __filename, '--profile-child', id, '--profile-iters', String(iters), ...(cached ? ['--profile-cached'] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`profile child failed: ${r.stderr}`);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  let map: SourceMap | undefined;
  try { map = new SourceMap(JSON.parse(fs.readFileSync(`${__filename}.map`, 'utf8'))); } catch { /* no source map: bundle positions */ }
  const root = path.resolve(__dirname, '..');
  const where = (cf: CpuProfile['nodes'][0]['callFrame']): string => {
    if (!cf.url) return '';
    if (map && cf.url.endsWith(path.basename(__filename))) {
      const e = map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number };
      if (e.originalSource) return `${path.relative(root, e.originalSource.replace(/^file:\/\//, '')).replace(/^(\.\.\/)+/, '')}:${(e.originalLine ?? 0) + 1}`;
    }
    return cf.url.replace(/^file:\/\//, '').replace(/^node:/, 'node:');
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
  const key = (id: number): string => { const cf = byId.get(id)!.callFrame; return `${cf.functionName || '(anonymous)'}  ${where(cf)}`; };
  const keyCache = new Map<number, string>();
  const k = (id: number): string => { let s = keyCache.get(id); if (s === undefined) keyCache.set(id, (s = key(id))); return s; };
  const self = new Map<string, number>(), total = new Map<string, number>(), area = new Map<string, number>();
  let all = 0, inLint = 0;
  const areaOf = (s: string): string => {
    if (/\(garbage collector\)/.test(s)) return 'GC';
    if (/\((idle|program)\)/.test(s)) return '(program/idle)';
    const m = /node_modules\/([^/]+)\/(?:dist\/)?(?:([^/:]+)\/)?/.exec(s);
    if (m) return `${m[1]}${m[2] && !m[2].endsWith('.js') ? '/' + m[2] : ''}`;
    const c = /server\/src\/core\/([^:]+)/.exec(s);
    if (c) return `core/${c[1].replace(/\.ts$/, '')}`;
    if (/test\/bench\//.test(s)) return 'bench harness';
    return 'node/other';
  };
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const id = prof.samples[i];
    all += dt;
    const sk = k(id);
    self.set(sk, (self.get(sk) ?? 0) + dt);
    const seen = new Set<string>();
    let underLint = false;
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const s = k(x);
      if (s.startsWith('lint  ') && s.includes('core/lint.ts')) underLint = true;
      if (!seen.has(s)) { seen.add(s); total.set(s, (total.get(s) ?? 0) + dt); }
    }
    if (underLint) { inLint += dt; const a = areaOf(sk); area.set(a, (area.get(a) ?? 0) + dt); }
  }
  const pct = (v: number, of: number): string => `${((100 * v) / of).toFixed(1).padStart(5)}%`;
  const lines: string[] = [];
  lines.push(`CPU profile of ${iters} × lint(${id})${cached ? ' on an unchanged text (cached model: no parse)' : ''} (+5 warm-up, generation and start-up): ${all.toFixed(0)} ms sampled, ${inLint.toFixed(0)} ms under lint()`);
  lines.push(`Child reported ${r.stdout.trim()}`);
  lines.push('', 'Top self time (whole process):');
  for (const [s, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`  ${v.toFixed(0).padStart(6)} ms ${pct(v, all)}  ${s}`);
  lines.push('', 'Self time under lint() by area:');
  for (const [s, v] of [...area].sort((a, b) => b[1] - a[1])) lines.push(`  ${v.toFixed(0).padStart(6)} ms ${pct(v, inLint)}  ${s}`);
  lines.push('', 'Inclusive time, core and parser entry points (share of time under lint()):');
  const interesting = /server\/src\/core\/|parseAllDocuments|\bcompose\b.*composer|Parser\.parse|Lexer\.lex|Composer\.next|composeDoc/;
  for (const [s, v] of [...total].filter(([s]) => interesting.test(s)).sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 22))) lines.push(`  ${v.toFixed(0).padStart(6)} ms ${pct(v, inLint)}  ${s}`);
  lines.push('', `profile: ${path.join(dir, file)}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Output

function pad(s: string, n: number, right = false): string { return right ? s.padStart(n) : s.padEnd(n); }
const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function table(results: CaseResult[]): string {
  const out: string[] = [];
  const head = `${pad('input', 14)} ${pad('measure', 34)} ${pad('n', 4, true)} ${pad('median ms', 10, true)} ${pad('p95 ms', 9, true)} ${pad('×floor', 7, true)} ${pad('p95×', 6, true)} ${pad('cpu ms', 8, true)} ${pad('cpu×', 6, true)}  notes`;
  out.push(head, '-'.repeat(head.length + 20));
  for (const r of results) {
    r.ops.forEach((o, i) => {
      const first = i === 0 ? r.id : i === 1 ? `${r.lines.toLocaleString('en')} lines` : i === 2 ? `${(r.bytes / 1024).toFixed(0)} KiB${r.documents ? `, ${r.documents} docs` : ''}` : '';
      const ppc = o.parsesPerCall !== undefined ? `${o.parsesPerCall.toFixed(1)} parses/call` : '';
      out.push(`${pad(first, 14)} ${pad(o.label, 34)} ${pad(String(o.n), 4, true)} ${pad(ms(o.medianMs), 10, true)} ${pad(ms(o.p95Ms), 9, true)} ${pad(o.ratio.toFixed(2), 7, true)} ${pad(o.ratioP95.toFixed(2), 6, true)} ${pad(ms(o.cpuMedianMs), 8, true)} ${pad(o.cpuRatio.toFixed(2), 6, true)}  ${[ppc, o.note].filter(Boolean).join('; ')}`);
    });
    out.push('');
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.profileChild) { profileChild(args.profileChild, args.profileIters, args.profileCached); return; }
  const log = (s: string): void => { process.stderr.write(s + '\n'); };
  const root = path.resolve(__dirname, '..');
  if (args.profile) { process.stdout.write(profile(args.profile, args.profileIters, args.profileCached) + '\n'); return; }
  const t0 = performance.now();
  const loadStart = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-bench-'));
  const cases = makeCases().filter((c) => !args.only || args.only.includes(c.id));
  const dclint = loadDclint(tmp), dfu = loadDockerfileUtils();
  const skipped: string[] = [];
  if (typeof dclint === 'string') skipped.push(dclint);
  if (typeof dfu === 'string') skipped.push(dfu);
  const byTarget = new Map<string, number>();
  for (const r of rules) byTarget.set(r.meta.target, (byTarget.get(r.meta.target) ?? 0) + 1);
  const ruleSummary = [...byTarget].map(([t, n]) => `${t} ${n}`).join(', ');
  log(`container-signals bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; rules: ${ruleSummary}${args.quick ? '; --quick' : ''}`);

  // The cache counter must see the core's parser calls.
  const probe = parses();
  lint('apiVersion: v1\nkind: Pod\nmetadata: {name: probe}\nspec: {containers: [{name: a, image: b}]}\n', { path: 'probe.yaml' });
  lint('FROM scratch\n', { path: 'Dockerfile' });
  if (parses() - probe !== 2) throw new Error('parser call counter does not see the core (bundling changed?): cache hits cannot be detected');

  const results: CaseResult[] = [];
  for (const c of cases) {
    const peer = c.id.startsWith('compose') && typeof dclint !== 'string' ? dclint : c.syntax === 'dockerfile' && typeof dfu !== 'string' ? dfu : undefined;
    results.push(measureCase(c, args, peer, log));
  }
  const projects = !args.only || args.only.includes(PROJECTS_ID) ? projectsRow(root, args, tmp, log) : undefined;
  if (args.adv) results.push(...measureAdversarial(args, log));
  const cli = args.cli ? cliWallTime(root, args) : { skipped: '--no-cli' };
  const k100 = cases.find((c) => c.id === 'k8s-100k')?.text ?? genK8s(100_000, 3);
  // The 100k-line stream is 2.7 MB: over the server's 2 MiB limit it is skipped with one message,
  // so a ~1.8 MB stream (the largest size the server lints) is opened after it.
  const lsp: LspResult = args.lsp
    ? await lspMemory(root, [{ name: 'k8s-100k.yaml', text: k100 }, { name: 'k8s-100k.raised.yaml', text: k100 }, { name: 'k8s-65k.yaml', text: genK8s(65_000, 8) }], tmp)
    : { skipped: '--no-lsp' };
  fs.rmSync(tmp, { recursive: true, force: true });
  const seconds = (performance.now() - t0) / 1000;

  const out: string[] = [];
  out.push(`container-signals bench — node ${process.version}, ${os.cpus().length} CPU(s), rules: ${ruleSummary}${args.quick ? ' (--quick)' : ''}`);
  out.push('Each figure is one call (median, p95) after warm-up; ×floor = median / median of the floor of the same input in this run;');
  out.push('cpu = process CPU time per call (median) and its ratio to the floor\'s: the figure to trust when the load average exceeds the cores.');
  out.push(`load average at start ${loadStart}, at end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  out.push('relint: the server path (lintDocument) after a 1-char edit; the core reuses every other document\'s tree and findings.', '');
  out.push(table(results));
  for (const s of skipped) out.push(`peer skipped: ${s}`);
  if (projects) out.push(...projectsLines(projects));
  if (cli.skipped) out.push(`CLI over corpus: skipped (${cli.skipped})`);
  else {
    const p = cli.parallel!, o = cli.single!;
    out.push(`CLI over corpus (node dist/cli.js check --format json ${cli.corpus}): exit ${cli.exitCode}${cli.files !== undefined ? `, ${cli.files} files, ${cli.findings} findings` : ''}; runs alternate`);
    out.push(`  --jobs ${cli.threads} (worker threads): ${p.medianS.toFixed(2)} s wall, ${p.medianCpuS.toFixed(2)} s CPU (median of ${p.runs.length}: ${p.runs.map((x) => x.toFixed(2)).join(', ')} s)`);
    out.push(`  --jobs 1:                 ${o.medianS.toFixed(2)} s wall, ${o.medianCpuS.toFixed(2)} s CPU (median of ${o.runs.length}: ${o.runs.map((x) => x.toFixed(2)).join(', ')} s)`);
    out.push(`  wall ×${(p.medianS / o.medianS).toFixed(2)} of --jobs 1; stdout, stderr and exit code ${cli.identical ? 'identical' : 'DIFFER'}; the default on this machine: --jobs ${cli.defaultJobs}`);
  }
  if (lsp.skipped) out.push(`Language server memory: skipped (${lsp.skipped})`);
  else {
    out.push(`Language server (node dist/server.js --stdio, debounce 0, ${lsp.mode} diagnostics): RSS ${lsp.rssAfterInitMiB!.toFixed(0)} MiB after initialize; peak ${lsp.peakRssMiB!.toFixed(0)} MiB`);
    for (const o of lsp.opens!) {
      out.push(`  didOpen ${o.file} (${o.lines.toLocaleString('en')} lines, ${(o.bytes / 1048576).toFixed(2)} MiB): diagnostics in ${o.openToDiagnosticsMs.toFixed(0)} ms, ${o.diagnostics} diagnostics${o.firstMessage ? ` ("${o.firstMessage.slice(0, 90)}")` : ''}; RSS then ${o.rssMiB.toFixed(0)} MiB`);
    }
    out.push(`  1-char didChange on ${lsp.edit!.file}: diagnostics in ${lsp.edit!.changeToDiagnosticsMs.toFixed(0)} ms`);
  }
  const hits = results.reduce((a, r) => a + r.cacheHits, 0);
  out.push(`cache hits in measured core calls: ${hits}${hits ? ' — FIGURES INVALID' : ''}`);
  out.push(`total ${seconds.toFixed(1)} s`);
  process.stdout.write(out.join('\n') + '\n');
  if (args.json) {
    const data = {
      node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, quick: args.quick, scale: args.scale,
      loadAverage: { start: loadStart, end: os.loadavg() }, rules: Object.fromEntries(byTarget), date: new Date().toISOString(), seconds, cases: results, projects, cli, lsp, peersSkipped: skipped, cacheHits: hits,
    };
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    fs.writeFileSync(args.json, JSON.stringify(data, null, 2) + '\n');
  }
  if (hits) process.exitCode = 1;
}

main().catch((e) => { process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`); process.exitCode = 2; });
