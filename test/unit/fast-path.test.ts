/**
 * The YAML fast path (per-document parsing, skipped non-workload documents, per-document caches,
 * no CST) against the straightforward path (`referenceParse`: one whole-stream parse, no cache):
 * the same kind, findings (rule, severity, message, range, fix and alternative edits, related
 * information, suppression) and rule errors, on every YAML file of the corpus, on mutants of them,
 * on the benchmark's generated inputs, and along a sequence of edits that exercises the caches
 * (documents reused in place, moved by an edit before them, edited, added and removed).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, harden } from '../../server/src/core/lint';
import type { AnalyzeResult } from '../../server/src/core/lint';
import type { LintOptions } from '../../server/src/core/types';
import { inertOf, parseYaml, parseYamlReference, segmentStarts } from '../../server/src/core/model/yaml';
import { styleCounts } from '../../server/src/core/edits/yaml-edits';
import type { StyleCounts } from '../../server/src/core/edits/yaml-edits';
import { genCompose, genK8s } from '../bench/gen';
import { mutate, prng, walk } from '../fuzz/mutate';

const REPO = path.resolve(__dirname, '../../..'); // test/out/unit → repo root
const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

/** Everything a caller sees of an analysis (rule errors without their stacks' positions). */
function view(r: AnalyzeResult): unknown {
  return { kind: r.kind, findings: JSON.parse(JSON.stringify(r.findings)), ruleErrors: r.ruleErrors.map((e) => `${e.rule}: ${e.error.split('\n')[0]}`) };
}

function same(text: string, opts: LintOptions, what: string): AnalyzeResult {
  const fast = analyze(text, opts);
  const ref = analyze(text, { ...opts, referenceParse: true });
  assert.deepEqual(view(fast), view(ref), `${what}: the fast path differs from the reference`);
  return fast;
}

/** strict: every rule runs (the recommended preset leaves out the /tmp and "can be root" advice, most of the corpus findings). */
const STRICT = { preset: 'strict' as const };

const yamlFiles = present ? walk(CORPUS).filter((f) => /\.ya?ml$/i.test(f) || f.includes(`${path.sep}helm${path.sep}`)).filter((f) => !/(MANIFEST|EXPECTED)\.tsv$|README\.md$/.test(f)) : [];

describe('YAML fast path = reference path', () => {
  it('the corpus YAML files', { skip: present ? false : `corpus not found at ${CORPUS}` }, () => {
    let findings = 0;
    for (const f of yamlFiles) findings += same(fs.readFileSync(f, 'utf8'), { path: f, languageId: 'yaml', config: STRICT }, path.relative(CORPUS, f)).findings.length;
    assert.ok(yamlFiles.length > 300 && findings > 500, `${yamlFiles.length} files, ${findings} findings`);
  });

  it('the corpus YAML files, hardened', { skip: present ? false : 'corpus not found' }, () => {
    for (const f of yamlFiles) {
      const text = fs.readFileSync(f, 'utf8');
      const opts = { path: f, languageId: 'yaml', config: STRICT };
      const a = harden(text, opts), b = harden(text, { ...opts, referenceParse: true });
      assert.equal(a.output, b.output, path.relative(CORPUS, f));
      assert.equal(a.passes, b.passes, path.relative(CORPUS, f));
    }
  });

  it('mutants of the corpus YAML files (seeded)', { skip: present ? false : 'corpus not found' }, () => {
    const bufs = yamlFiles.map((f) => fs.readFileSync(f));
    const rnd = prng(20251126);
    for (let k = 0; k < 400; k++) {
      const i = Math.floor(rnd() * bufs.length);
      const m = mutate(bufs[i], bufs, rnd);
      same(m.text, { path: yamlFiles[i], languageId: 'yaml', config: STRICT }, `${path.relative(CORPUS, yamlFiles[i])} ${m.ops.join(',')}`);
    }
  });

  const generated: [string, string][] = [
    ['bench/k8s-1k.yaml', genK8s(1_000, 1)], ['bench/k8s-10k.yaml', genK8s(10_000, 2)],
    ['bench/compose-30/docker-compose.yml', genCompose(30, 4)], ['bench/compose-300/docker-compose.yml', genCompose(300, 5)],
  ];
  for (const [file, text] of generated) {
    it(`the benchmark input ${file}, linted and hardened`, () => {
      // strict: the generated files have few findings in the recommended preset (no "can be root")
      const opts = { path: path.resolve(file), config: { preset: 'strict' as const } };
      assert.ok(same(text, opts, file).findings.length > 10);
      const a = harden(text, opts), b = harden(text, { ...opts, referenceParse: true });
      assert.equal(a.output, b.output);
      assert.ok(a.changed);
    });
  }

  it('a sequence of edits (caches reused, moved, invalidated)', () => {
    const opts = { path: path.resolve('bench/edits.yaml') };
    let text = genK8s(1_500, 11);
    const rnd = prng(7);
    const edits: string[] = [];
    for (let k = 0; k < 60; k++) {
      const at = Math.floor(rnd() * text.length);
      const op = Math.floor(rnd() * 7);
      const pick = (xs: string[]) => xs[Math.floor(rnd() * xs.length)];
      if (op === 0) text = text.slice(0, at) + 'x' + text.slice(at); // insert: every later document moves
      else if (op === 1) text = text.slice(0, at) + text.slice(at + 1); // delete
      else if (op === 2) text = text.replace(/replicas: (\d)/, (_, d: string) => `replicas: ${(Number(d) + 1) % 10}`); // in place
      else if (op === 3) text = text.slice(0, at) + pick(['\n---\n', '\n# container-signals-disable k8s/root-user\n', '\n  runAsNonRoot: true\n', '\nkind: ConfigMap\n', '\n#']) + text.slice(at);
      else if (op === 4) { const s = text.indexOf('\n---\n', at); if (s >= 0) text = text.slice(0, s) + text.slice(s + 4); } // merge two documents
      else if (op === 5) text = text.replace('# Rendered', '# Rendered again'); // first segment only
      else text = text.replace(/\n---\n/, '\n---\n# moved\n');
      edits.push(`${op}@${at}`);
      same(text, opts, `after edits ${edits.join(' ')}`);
    }
  });

  it('a file of ConfigMaps is still a Kubernetes file; a broken first one does not count', () => {
    const cm = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${n}\ndata:\n  a: "1"\n`;
    const opts = { path: '/ws/cm.yaml' };
    assert.equal(same(`${cm(1)}---\n${cm(2)}`, opts, 'configmaps').kind, 'kubernetes');
    assert.equal(same(`apiVersion: v1\nkind: ConfigMap\ndata: [\n---\n${cm(2)}`, opts, 'broken first').kind, 'kubernetes');
    assert.equal(same(`kind: ConfigMap\ndata: {}\n---\nservices:\n  a:\n    image: x\n`, opts, 'no apiVersion, then compose').kind, 'compose');
    assert.equal(same(`apiVersion: v1\nkind: ConfigMap\ndata: [\n`, opts, 'broken only').kind, undefined);
    assert.equal(same(`${cm(1)}---\nservices:\n  a:\n    image: x\n`, opts, 'a ConfigMap, then compose').kind, 'kubernetes');
    assert.equal(same(`apiVersion: v1\nkind: ConfigMap\ndata: [\n---\nservices:\n  a:\n    image: x\n`, opts, 'a broken ConfigMap, then compose').kind, 'compose');
  });
});

describe('document segmentation', () => {
  it('cuts at column-0 `---` markers; falls back for directives, document ends, BOM, lone CR', () => {
    assert.deepEqual(segmentStarts('a: 1\n---\nb: 2\n--- # c\nc: 3\n---x: 1\n'), [0, 5, 14]);
    for (const t of ['%YAML 1.2\n---\na: 1\n', 'a: 1\n...\n---\nb: 1\n', '\uFEFFa: 1\n', 'a: 1\rb: 2\n']) assert.equal(segmentStarts(t), undefined, JSON.stringify(t));
  });
  it('skips only plain documents whose one column-0 kind is no workload', () => {
    assert.deepEqual(inertOf('---\napiVersion: v1\nkind: Service # c\nmetadata:\n  name: a\n'), { kubernetes: true });
    assert.deepEqual(inertOf('kind: ConfigMap\ndata:\n  kind: Deployment\n'), { kubernetes: false });
    for (const t of [
      '---\napiVersion: apps/v1\nkind: Deployment\n', '---\nkind: List\n', '---\nkind: "Service"\n', '---\nkind: Service\nkind: Pod\n',
      '---\n"kind": Deployment\nkind: Service\n', '---\nkind: Service\nservices:\n  a: {}\n', '--- !tag\nkind: Service\n', '---\n<<: *a\nkind: Service\n',
      '---\nkind: Service\n# checkov:skip=CKV_K8S_23\n', '---\n? kind\n: Pod\nkind: Service\n', '---\napiVersion: v1\n',
      '---\napiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\n', '---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\n',
      '---\napiVersion: v1\nkind: DeploymentList\nitems:\n  - kind: Deployment\n',
    ]) assert.equal(inertOf(t), undefined, JSON.stringify(t));
  });
  it('parses each document once per text; an edited document alone is parsed again', () => {
    const text = genK8s(400, 3);
    const a = parseYaml(text, '/ws/seg.yaml');
    assert.equal(parseYaml(text, '/ws/seg.yaml'), a, 'the same text: the same model');
    const ref = parseYamlReference(text);
    assert.deepEqual(a.docs.filter((d) => !d.inert).map((d) => [d.start, d.end, d.broken]), ref.docs.filter((_, i) => !a.docs[i].inert).map((d) => [d.start, d.end, d.broken]));
    const i = text.indexOf('replicas: ') + 10;
    const b = parseYaml(text.slice(0, i) + '7' + text.slice(i + 1), '/ws/seg.yaml');
    const reused = b.docs.filter((d, k) => !d.inert && d.doc === a.docs[k].doc).length;
    assert.equal(reused, b.docs.filter((d) => !d.inert).length - 1);
  });
});

/** `styleCounts` as first written, with a regex per line: the definition the char-code scan must agree with. */
function styleCountsByRegex(text: string): StyleCounts {
  const steps = new Map<number, number>();
  let flush = 0, indented = 0;
  let prevKeyIndent = -1, prevIsOpenKey = false;
  for (const line of text.split(/\r?\n/)) {
    const m = /^( *)(- +)?([^\s#][^:#]*?):(\s|$)/.exec(line);
    const dash = /^( *)- /.exec(line);
    if (dash && prevIsOpenKey) {
      if (dash[1].length === prevKeyIndent) flush++; else if (dash[1].length > prevKeyIndent) indented++;
    }
    if (m) {
      const indent = m[1].length + (m[2] ? m[2].length : 0);
      if (prevKeyIndent >= 0 && indent > prevKeyIndent && prevIsOpenKey && !m[2]) steps.set(indent - prevKeyIndent, (steps.get(indent - prevKeyIndent) ?? 0) + 1);
      prevKeyIndent = indent;
      prevIsOpenKey = /:\s*(#.*)?$/.test(line);
    } else if (line.trim() && !line.trim().startsWith('#')) prevIsOpenKey = false;
  }
  return { steps, flush, indented };
}

describe('file style', () => {
  const flat = (c: StyleCounts) => ({ steps: [...c.steps], flush: c.flush, indented: c.indented });
  it('the char-code scan counts what the regex definition counts', () => {
    const texts = ['a:\n- b\n', '  - - a: b\n', '-  : x\n', 'a:b\n', ':x: y\n', 'a: #c\n  b: 1\n', 'a:\t\n\tb: 1\n', 'a:\r\n  b:\r\n    - c\r\n',
      '\u00a0a: 1\n', 'k:\u00a0\n  j: 2\n', '- \n', '-\n', 'a:\r', 'x: y\u2028z: w\n', 'a: b # c:\n  d: 1\n', 'a:  # c\u2028\n  b: 1\n', '', 'a:'];
    texts.push(genK8s(2_000, 5), genCompose(40, 6));
    if (present) {
      const bufs = yamlFiles.map((f) => fs.readFileSync(f));
      texts.push(...bufs.map((b) => b.toString('utf8')));
      const rnd = prng(99);
      for (let k = 0; k < 300; k++) texts.push(mutate(bufs[Math.floor(rnd() * bufs.length)], bufs, rnd).text);
    }
    for (const t of texts) assert.deepEqual(flat(styleCounts(t)), flat(styleCountsByRegex(t)), JSON.stringify(t.slice(0, 120)));
  });
});
