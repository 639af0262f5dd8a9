/**
 * The properties every generated file must have, as assertion helpers (they throw an
 * AssertionError with a readable message; fast-check adds the seed and the shrunk input):
 *   - `analyze` does not throw and no rule throws (`ruleErrors` is empty);
 *   - `harden` output parses (no new YAML errors, same number of documents);
 *   - every fixable finding is fixed (`remaining` is empty) and the fixed rules no longer fire;
 *   - a second `harden` is a no-op;
 *   - the data outside the keys the fixes touch is unchanged (YAML: the parsed documents with
 *     those keys removed; Dockerfile: every instruction but CMD/ENTRYPOINT/USER is still there,
 *     in order);
 *   - every comment is still there (except those a fix may delete with its line);
 *   - a BOM, CRLF and CR-only line ends are kept;
 *   - a CR-only file (old Mac line breaks) is linted as its LF twin (the same findings), YAML is
 *     hardened as its twin (the same output, CR for LF), and a Dockerfile with a lone CR is
 *     never changed: its findings have no fix (Docker does not read a lone CR as a line break).
 * YAML is read as the YAML spec, Compose and kubectl read it: a lone CR is a line break (the
 * `yaml` library does not take it for one, so it reads the text with LF in its place).
 */
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { DockerfileParser } from 'dockerfile-ast';
import { analyze, harden } from '../../server/src/core/lint';
import type { AnalyzeResult } from '../../server/src/core/lint';
import type { LintOptions } from '../../server/src/core/types';
import type { Generated } from './gen';
import { rules as REGISTRY } from '../../server/src/core/rules';

const BOM = '\uFEFF';
const noBom = (s: string) => (s.startsWith(BOM) ? s.slice(1) : s);

type Js = unknown;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Compose: removes what the compose fixes write (top-level `version`, and per service `init`, `tmpfs`, `user`, …, `environment.TMPDIR`). */
export function stripCompose(js: Js): Js {
  if (!isObj(js)) return js;
  const out: Record<string, unknown> = { ...js };
  delete out.version;
  if (isObj(out.services)) {
    const services: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(out.services)) {
      if (!isObj(s)) { services[name] = s; continue; }
      const c: Record<string, unknown> = { ...s };
      for (const k of ['init', 'tmpfs', 'user', 'cap_add', 'command', 'entrypoint']) delete c[k];
      const env = c.environment;
      if (isObj(env)) {
        const { TMPDIR: _, ...rest } = env;
        c.environment = rest;
        if (!Object.keys(rest).length) delete c.environment;
      } else if (Array.isArray(env)) {
        const rest = env.filter((x) => !/^TMPDIR(=|$)/.test(String(x)));
        c.environment = rest;
        if (!rest.length) delete c.environment;
      }
      services[name] = c;
    }
    out.services = services;
  }
  return out;
}

const K8S_KEYS = new Set(['securityContext', 'volumeMounts', 'volumes', 'command', 'args']);

/** Kubernetes: removes, at any depth, the keys the k8s fixes write. */
export function stripK8s(js: Js): Js {
  if (Array.isArray(js)) return js.map(stripK8s);
  if (!isObj(js)) return js;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(js)) if (!K8S_KEYS.has(k)) out[k] = stripK8s(v);
  return out;
}

/** A lone CR (not followed by LF) is a line break in YAML: read as LF (same offsets). */
export const loneCrAsLf = (s: string): string => s.replace(/\r(?!\n)/g, '\n');
export const hasLoneCr = (s: string): boolean => /\r(?!\n)/.test(s);

/** The documents of a YAML text, read as the YAML spec reads them (lone CRs as line breaks). */
export function docsJs(text: string): { errors: number[]; js: Js[] } {
  // Duplicate keys are errors here (kubectl and Compose reject them): a fix must never write one.
  const docs = parseAllDocuments(loneCrAsLf(noBom(text)), { merge: true, logLevel: 'silent' });
  const list = Array.isArray(docs) ? docs : [];
  return { errors: list.map((d) => d.errors.length), js: list.map((d) => (d.errors.length ? undefined : d.toJS({ maxAliasCount: 10000 }))) };
}

function count(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Every comment of the input that no fix may delete is in the output as often as in the input. */
export function assertComments(g: Generated, output: string): void {
  for (const c of g.comments) {
    if (c.deletable) continue;
    assert.equal(count(output, c.text), count(g.text, c.text), `comment "${c.text}" lost or duplicated`);
  }
}

function assertLineEnds(input: string, output: string): void {
  if (input.startsWith(BOM)) assert.ok(output.startsWith(BOM), 'BOM kept');
  else assert.ok(!output.startsWith(BOM), 'no BOM added');
  const bare = (s: string) => /(^|[^\r])\n/.test(s);
  if (input.includes('\r\n') && !bare(input)) assert.ok(!bare(output), 'CRLF kept: the output has a bare \\n');
  if (!input.includes('\r')) assert.ok(!output.includes('\r'), 'no CR added to an LF file');
  if (input.includes('\r') && !input.includes('\n')) assert.ok(!output.includes('\n'), 'CR-only kept: the output has a \\n');
}

/** The findings as JSON, every line break as LF (a message may quote a command over two lines). */
const findingsJson = (r: AnalyzeResult): string => JSON.stringify(r.findings).replace(/\\r\\n|\\r/g, '\\n');

/**
 * A CR-only text against its LF twin: the same findings (a Dockerfile's without their fixes and
 * suggestions, which are withheld, saying why), and YAML hardened to the twin's output with CR for LF.
 */
export function assertLoneCrTwin(text: string, opts: LintOptions, r: AnalyzeResult, output: string): void {
  if (!text.includes('\r') || text.includes('\n')) return;
  const twinText = text.replace(/\r/g, '\n');
  const twin = analyze(twinText, opts);
  if (r.kind !== 'dockerfile') {
    assert.equal(findingsJson(r), findingsJson(twin), 'a CR-only file has the findings of its LF twin');
    assert.equal(output, harden(twinText, opts).output.replace(/\n/g, '\r'), 'a CR-only file is hardened as its LF twin');
    return;
  }
  // Suggestions are edits too: withheld like the fixes (and named by fixesWithheld).
  const fixable = twin.findings.some((f) => !f.suppressed && (f.fix || f.alternatives || f.suggestions));
  for (const f of twin.findings) { delete f.fix; delete f.alternatives; delete f.suggestions; }
  assert.equal(findingsJson(r), findingsJson(twin), 'a CR-only Dockerfile has the findings of its LF twin, without fixes');
  assert.equal(r.fixesWithheld !== undefined, fixable, 'fixesWithheld says why exactly when fixes were withheld');
}

export interface Stats { files: number; findings: number; applied: number; changed: number; rules: Map<string, number> }
export const newStats = (): Stats => ({ files: 0, findings: 0, applied: 0, changed: 0, rules: new Map() });

/** Every rule id: `fix.apply` with all of them promotes every suggestion to a bulk edit. */
const ALL_RULES = REGISTRY.map((r) => r.meta.id);

/**
 * Checks every property on one generated file in a preset; throws on the first failure. With
 * `applyAll`, `fix.apply` names every rule: harden applies the suggestions too (users,
 * capabilities, privileges, tini), and they must be as clean as the fixes.
 */
export function checkGenerated(g: Generated, stats?: Stats, preset: 'recommended' | 'strict' = 'recommended', applyAll = false): void {
  const opts: LintOptions = { path: g.path, config: { preset, ...(applyAll ? { apply: ALL_RULES } : {}) } };
  const r = analyze(g.text, opts);
  assert.deepEqual(r.ruleErrors.map((e) => `${e.rule}: ${e.error.split('\n').slice(0, 3).join(' | ')}`), [], 'no rule may throw');
  if (g.target === 'dockerfile' && hasLoneCr(g.text)) {
    assert.deepEqual(r.findings.filter((f) => f.fix || f.alternatives || f.suggestions).map((f) => f.rule), [], 'no fix or suggestion on a Dockerfile with a lone CR');
  }
  if (g.target !== 'dockerfile') {
    const before = docsJs(g.text);
    assert.deepEqual(before.errors.filter((n) => n > 0), [], 'the generator wrote invalid YAML');
    assert.ok(r.kind !== undefined || g.target === 'k8s', `a generated ${g.target} file must be recognised`);
  }
  const h = harden(g.text, opts);
  if (stats) {
    stats.files++;
    stats.findings += r.findings.length;
    stats.applied += h.applied.length;
    if (h.changed) stats.changed++;
    for (const f of h.applied) stats.rules.set(f.rule, (stats.rules.get(f.rule) ?? 0) + 1);
  }
  assert.deepEqual(h.remaining.map((f) => `${f.rule}@${f.range.start.line + 1}`), [], 'harden leaves no fixable finding');
  const fixed = new Set(h.applied.map((f) => f.rule));
  const after = analyze(h.output, opts);
  assert.deepEqual(after.ruleErrors.map((e) => e.rule), [], 'no rule may throw on the hardened output');
  assert.deepEqual(after.findings.filter((f) => !f.suppressed && f.fix && fixed.has(f.rule)).map((f) => `${f.rule}@${f.range.start.line + 1}`), [], 'the fixed rules no longer fire');
  const again = harden(h.output, opts);
  assert.equal(again.output, h.output, 'a second harden is a no-op');
  assertLineEnds(g.text, h.output);
  assertComments(g, h.output);
  assertLoneCrTwin(g.text, opts, r, h.output);
  if (g.target === 'dockerfile') {
    if (hasLoneCr(g.text)) assert.equal(h.output, g.text, 'a Dockerfile with a lone CR is never changed');
    assertDockerfileKept(g.text, h.output, applyAll);
    return;
  }
  const before = docsJs(g.text), out = docsJs(h.output);
  assert.equal(out.errors.length, before.errors.length, 'the number of documents is unchanged');
  assert.deepEqual(out.errors, before.errors, 'the hardened output parses');
  const strip = g.target === 'compose' ? stripCompose : stripK8s;
  before.js.forEach((js, i) => assert.deepEqual(strip(out.js[i]), strip(js), `document ${i + 1}: data outside the fixed keys changed`));
}

const TOUCHED = new Set(['CMD', 'ENTRYPOINT', 'USER']);

/** `out` is the instruction `x`, or (a promoted dockerfile/missing-init suggestion) the RUN `x` with ` tini` joined into its package install. */
const keptAs = (x: string, out: string, tiniJoined: boolean): boolean =>
  out === x || (tiniJoined && x.startsWith('RUN ') && [...out.matchAll(/ tini\b/g)].some((m) => out.slice(0, m.index) + out.slice(m.index! + 5) === x));

/**
 * Every instruction but CMD/ENTRYPOINT/USER of the input is in the output, in order (fixes add
 * RUN/USER/ENTRYPOINT lines; with `tiniJoined`, the tini suggestion joins `tini` into a RUN).
 */
export function assertDockerfileKept(input: string, output: string, tiniJoined = false): void {
  const list = (t: string) => DockerfileParser.parse(noBom(t)).getInstructions()
    .filter((i) => !TOUCHED.has(i.getKeyword().toUpperCase()))
    .map((i) => `${i.getKeyword().toUpperCase()} ${i.getRawArgumentsContent() ?? ''}`);
  const a = list(input), b = list(output);
  let j = 0;
  for (const x of a) {
    while (j < b.length && !keptAs(x, b[j], tiniJoined)) j++;
    assert.ok(j < b.length, `instruction lost or changed: ${x}`);
    j++;
  }
}

/** Runs count for a property: FUZZ_RUNS (per property) or the CI default. */
export function runs(defaultRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : defaultRuns;
}

/** FUZZ_SEED fixes the seed (to replay a failure); otherwise fast-check picks one and prints it on failure. */
export function seed(): number | undefined {
  const s = process.env.FUZZ_SEED;
  return s !== undefined && s !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined;
}
