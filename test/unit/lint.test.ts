import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, harden, keepsParsing, lint, selectFixes } from '../../server/src/core/lint';
import type { Finding, TextEdit } from '../../server/src/core/types';
import fc from 'fast-check';
import { Alias } from 'yaml';
import { parseYaml, str } from '../../server/src/core/model/yaml';
import { composeServices } from '../../server/src/core/model/compose';
import { syntaxOf, isDockerfileName } from '../../server/src/core/detect';
import { LineIndex, applyEdits, editsOverlap } from '../../server/src/core/text';

describe('detection', () => {
  it('Dockerfile names', () => {
    for (const n of ['Dockerfile', 'Dockerfile.prod', 'api.dockerfile', 'Containerfile', 'Containerfile.dev', 'Containerfile-dev', 'x/y/Dockerfile']) assert.ok(isDockerfileName(n), n);
    for (const n of ['Dockerfilex', 'docker-compose.yml', 'README.md', 'Dockerfile.dockerignore', 'api.Dockerfile.dockerignore']) assert.ok(!isDockerfileName(n), n);
  });
  it('language ids win over names', () => {
    assert.equal(syntaxOf('/a/whatever.txt', 'dockerfile'), 'dockerfile');
    assert.equal(syntaxOf('/a/whatever.txt', 'dockercompose'), 'yaml');
    assert.equal(syntaxOf('/a/notes.txt'), undefined);
  });
  it('by content: compose, kubernetes, neither', () => {
    assert.equal(analyze('services:\n  a:\n    image: x\n', { path: '/ws/x.yaml' }).kind, 'compose');
    assert.equal(analyze('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: []\n', { path: '/ws/x.yaml' }).kind, 'kubernetes');
    const ci = analyze('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n', { path: '/ws/.github/workflows/ci.yml' });
    assert.equal(ci.kind, undefined);
    assert.deepEqual(ci.findings, []);
  });
  it('a Helm template that does not parse yields nothing and does not throw', () => {
    const r = analyze('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n  {{- include "x" . | nindent 4 }}\n', { path: '/ws/templates/d.yaml' });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.ruleErrors, []);
  });
  it('a broken document is skipped, the others are still linted', () => {
    const r = lint('services: [\n---\nversion: "3"\nservices:\n  a:\n    image: x\n', { path: '/ws/c.yml' });
    assert.ok(r.some((f) => f.rule === 'compose/obsolete-version' && f.range.start.line === 2));
  });
});

describe('BOM', () => {
  it('ranges and fixes account for a leading BOM', () => {
    const text = '\uFEFFversion: "3"\nservices:\n  a:\n    image: x\n';
    const f = lint(text, { path: '/ws/c.yml' }).find((x) => x.rule === 'compose/obsolete-version')!;
    assert.deepEqual(f.range, { start: { line: 0, character: 1 }, end: { line: 0, character: 13 } });
    const out = harden(text, { path: '/ws/c.yml' }, (x) => x.rule === 'compose/obsolete-version').output;
    assert.equal(out, '\uFEFFservices:\n  a:\n    image: x\n');
  });
});

describe('config', () => {
  it('severity overrides and off', () => {
    const text = 'version: "3"\nservices:\n  a:\n    image: x\n';
    const get = (s: 'off' | 'error') => lint(text, { path: '/ws/c.yml', config: { rules: { 'compose/obsolete-version': s } } }).filter((f) => f.rule === 'compose/obsolete-version');
    assert.deepEqual(get('error').map((f) => f.severity), ['error']);
    assert.deepEqual(get('off'), []);
  });
});

describe('text helpers', () => {
  it('LineIndex with CRLF, LF and a last line without break', () => {
    const li = new LineIndex('a\r\nbb\ncc');
    assert.deepEqual(li.positionAt(3), { line: 1, character: 0 });
    assert.equal(li.lineEnd(0), 1);
    assert.equal(li.lineEnd(1), 5);
    assert.equal(li.lineEnd(2), 8);
    assert.equal(li.offsetAt({ line: 2, character: 99 }), 8);
  });
  it('applyEdits and overlap rules', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'X' }, { start: 0, end: 0, newText: '>' }]), '>abcdXf');
    assert.ok(editsOverlap({ start: 2, end: 2 }, { start: 2, end: 2 }));
    assert.ok(!editsOverlap({ start: 2, end: 2 }, { start: 2, end: 4 }));
    assert.ok(editsOverlap({ start: 1, end: 3 }, { start: 2, end: 4 }));
    assert.throws(() => applyEdits('abc', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: '' }]));
    // An insert at the end of a deletion overlaps it (not at the end of a replacement, nor at a deletion's start).
    assert.ok(editsOverlap({ start: 4, end: 4, newText: 'x' }, { start: 2, end: 4, newText: '' }));
    assert.ok(editsOverlap({ start: 2, end: 4, newText: '' }, { start: 4, end: 4, newText: 'x' }));
    assert.ok(!editsOverlap({ start: 4, end: 4, newText: 'x' }, { start: 2, end: 4, newText: 'y' }));
    assert.ok(!editsOverlap({ start: 2, end: 2, newText: 'x' }, { start: 2, end: 4, newText: '' }));
  });
  it('harden: a key appended to a map that another fix deletes, at the end of a file without a final line break (found by the fuzz tests)', () => {
    // k8s/root-user appended `runAsNonRoot: true` to the securityContext that k8s/ptrace-capability
    // deleted: both edits end at the last character, and the key was left under `image:`. Both are
    // suggestions now (RULES.md v2), not applied by harden; the /tmp fix (strict) still appends at
    // the last character, after the list item it must not break.
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: example/app:1.0\n      securityContext:\n        capabilities:\n          add:\n            - CAP_SYS_PTRACE';
    const h = harden(text, { path: '/ws/pod.yaml', config: { preset: 'strict' } });
    assert.equal(h.output, text + '\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n  volumes:\n    - name: tmp\n      emptyDir: {}');
    assert.deepEqual(h.remaining, []);
  });
});

describe('harden keeps every document parseable', () => {
  // An explicit key (`?`) whose map goes on below it at another indentation: the yaml parser ends
  // the document after `image: nginx` and drops the rest; the key inserted after that line (the
  // tmpfs fix) would break the file. Found by the mutation fuzzer (FUZZ_SEED=5 FUZZ_MUTANTS=8).
  // The command (node as PID 1) gives compose/missing-init a fix that keeps the document parsing;
  // the tmpfs at /run merged from x-base makes compose/tmpdir-unset fire. The /tmp rules are
  // strict-only (RULES.md v2): the file is hardened in the strict preset.
  const odd = 'x-base: &base\n  tmpfs: /run\nservices:\n  simple:\n   <<: *base\n   command: node server.js\n   ?  image: nginx\n    ports:\n      - "80:80"\n';
  const strict = { path: '/ws/docker-compose.yml', config: { preset: 'strict' as const } };
  it('a fix that would make its document unparseable is left out and reported; the others are applied', () => {
    const h = harden(odd, strict);
    assert.equal(h.output, 'x-base: &base\n  tmpfs: /run\nservices:\n  simple:\n   init: true\n   <<: *base\n   command: node server.js\n   ?  image: nginx\n    ports:\n      - "80:80"\n');
    // tmpdir-unset's fix overlapped the tmpfs one: tried in the next pass, and left out too.
    assert.deepEqual(h.rejected.map((f) => [f.rule, f.range.start.line]), [['compose/tmp-not-tmpfs', 3], ['compose/tmpdir-unset', 3]]);
    assert.deepEqual(h.remaining, h.rejected);
    assert.deepEqual(analyze(h.output, strict).findings.map((f) => f.rule), ['compose/tmp-not-tmpfs', 'compose/tmpdir-unset']);
  });
  it('keepsParsing tells the two fixes apart (the quick fixes are filtered with it)', () => {
    const fixes = analyze(odd, strict).findings.filter((f) => f.fix);
    assert.deepEqual(fixes.map((f) => [f.rule, keepsParsing(odd, strict, f.fix!.edits)]), [
      ['compose/missing-init', true], ['compose/tmp-not-tmpfs', false], ['compose/tmpdir-unset', false],
    ]);
  });
  it('the check is per document: a fix in another document of the stream is still applied', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n    - name: app\n      image: x\n      command: [sh, -c, "node a.js"]\n      securityContext:\n        readOnlyRootFilesystem: true\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n  volumes:\n    - name: tmp\n      emptyDir: {}\n---\n' + odd;
    const h = harden(text, { path: '/ws/all.yaml', config: { preset: 'strict' } });
    const [pod, compose] = h.output.split('---\n');
    assert.ok(pod.includes('      command: [sh, -c, "exec node a.js"]\n'), pod);
    assert.equal(compose, 'x-base: &base\n  tmpfs: /run\nservices:\n  simple:\n   init: true\n   <<: *base\n   command: node server.js\n   ?  image: nginx\n    ports:\n      - "80:80"\n');
    assert.deepEqual(h.rejected.map((f) => f.rule), ['compose/tmp-not-tmpfs', 'compose/tmpdir-unset']);
  });
});

describe('bounded work on hostile YAML (regressions found by the fuzz/bad-input tests)', () => {
  // Their cost is measured in the bench (`node dist/bench.js --only adv`, docs/performance.md),
  // as ratios to a bare parse: these tests check behaviour and count operations, never time.
  /** Only catches an infinite loop (or an exponential walk that would never end): not a performance claim. */
  const HANG_GUARD = { timeout: 120_000 };
  const mergeBomb = (levels: number, breadth: number) => {
    let s = 'x-a0: &a0 {image: x}\n';
    for (let i = 1; i <= levels; i++) s += `x-a${i}: &a${i}\n  <<: [${Array(breadth).fill(`*a${i - 1}`).join(', ')}]\n`;
    return `${s}services:\n  api:\n    <<: *a${levels}\n`;
  };
  /** Calls of yaml's `Alias.resolve` (a walk of the whole document each) while `fn` runs. */
  const aliasResolves = <T>(fn: () => T): { result: T; calls: number } => {
    const bare = Alias.prototype.resolve;
    let calls = 0;
    Alias.prototype.resolve = function (this: Alias, ...a: Parameters<Alias['resolve']>) { calls++; return bare.apply(this, a); };
    try { return { result: fn(), calls }; } finally { Alias.prototype.resolve = bare; }
  };
  it('a merge-key alias bomb (`<<: [*a, *a, …]` on every level) is read without following every path', HANG_GUARD, () => {
    // Each level used to be searched once per path: 5^7 lookups per key took 40 s; 10 levels of
    // 10 would be 10^10 (the hang guard). A map reached again is not searched again.
    const r = analyze(mergeBomb(10, 10), { path: '/ws/docker-compose.yml' });
    assert.deepEqual(r.ruleErrors, []);
    assert.ok(r.findings.some((f) => f.rule === 'compose/missing-init'));
  });
  it('thousands of aliases resolve without a walk of the document per alias', () => {
    // Alias.resolve walks the document on every call: 2,000 aliases took 6.6 s. The core's alias
    // index (one walk per document) answers every alias of the tree: no Alias.resolve at all.
    const { result, calls } = aliasResolves(() => analyze(mergeBomb(10, 200), { path: '/ws/docker-compose.yml' }));
    assert.deepEqual(result.ruleErrors, []);
    assert.equal(calls, 0);
  });
  it('merge keys: own keys win, then earlier merges, also when a map is reached twice', () => {
    const text = 'x-a: &a {user: "1"}\nx-b: &b {<<: *a, init: false}\nx-c: &c {<<: [*a, *b], user: root}\nservices:\n  s:\n    <<: [*b, *c]\n';
    const [s] = composeServices(parseYaml(text).docs[0]);
    assert.equal(str(s.lookup('user')?.value), '1', 'user comes from *b → *a, before *c');
    assert.equal(s.lookup('user')?.own, false);
    assert.equal(str(s.lookup('init')?.value), 'false');
    assert.equal(s.lookup('nothing'), undefined);
    assert.ok(!lint(text, { path: '/ws/docker-compose.yml' }).some((x) => x.rule === 'compose/root-user'));
  });
  it('a file with 20,000 services: no rule error, the services map read in a few passes; the last of duplicate service keys wins', HANG_GUARD, () => {
    const text = 'services:\n' + Array.from({ length: 20000 }, (_, i) => `  s${i}:\n    image: x\n    init: true\n    user: "1"\n`).join('');
    const opts = { path: '/ws/docker-compose.yml' };
    // The services map's items, read through a counting proxy: a lookup per service over all
    // services (9 s, quadratic) read them 20,000 × 20,000 times. analyze reuses this parsed
    // model (the core keeps it per path and text).
    const services = parseYaml(text, opts.path).docs[0].doc.get('services') as { items: unknown[] };
    let reads = 0;
    services.items = new Proxy(services.items, { get(t, k, r) { if (typeof k === 'string' && /^\d+$/.test(k)) reads++; return Reflect.get(t, k, r); } });
    const r = analyze(text, opts);
    assert.deepEqual(r.ruleErrors, []);
    assert.ok(reads >= 20000, `the model was reused (${reads} item reads)`);
    assert.ok(reads <= 20 * 20000, `${reads} reads of the 20,000 services`);
    const dup = lint('services:\n  a:\n    user: root\n  a:\n    user: "1"\n    init: true\n', { path: '/ws/docker-compose.yml' });
    assert.ok(!dup.some((x) => x.rule === 'compose/root-user' || x.rule === 'compose/missing-init'), JSON.stringify(dup.map((x) => x.rule)));
  });
});

describe('selectFixes', () => {
  const naive = (findings: Finding[]) => {
    const edits: TextEdit[] = [];
    const chosen: Finding[] = [];
    for (const f of findings) {
      if (!f.fix || f.suppressed) continue;
      if (f.fix.edits.some((e) => edits.some((x) => editsOverlap(e, x)))) continue;
      edits.push(...f.fix.edits);
      chosen.push(f);
    }
    return chosen;
  };
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const edit = fc.tuple(fc.nat(60), fc.nat(6), fc.boolean()).map(([s, len, insert]): TextEdit => ({ start: s, end: insert ? s : s + len, newText: 'x', range }));
  // A fix's own edits never overlap each other (applyEdits would refuse them).
  const finding = fc.array(edit, { minLength: 1, maxLength: 3 })
    .filter((edits) => edits.every((a, i) => edits.every((b, j) => i === j || !editsOverlap(a, b))))
    .map((edits): Finding => ({ rule: 'r', severity: 'hint', message: '', range, fix: { title: '', edits } }));
  it('chooses exactly what a check against every accepted edit chooses', () => {
    fc.assert(fc.property(fc.array(finding, { maxLength: 40 }), (fs) => { assert.deepEqual(selectFixes(fs).chosen, naive(fs)); }), { numRuns: 2000 });
  });
  it('100,000 fixes: each is checked against its neighbours only (it was quadratic: 2 s for 60,000 in harden)', () => {
    // Reads of the edits' offsets, counted: n log n (a binary search per edit); a check against
    // every accepted edit reads them n²/2 = 5·10⁹ times. The time is in the bench (adv-fixes-100k).
    let reads = 0;
    const counted = (start: number): TextEdit => {
      const e = { newText: 'x', range } as TextEdit;
      Object.defineProperty(e, 'start', { get: () => { reads++; return start; }, enumerable: true });
      Object.defineProperty(e, 'end', { get: () => { reads++; return start; }, enumerable: true });
      return e;
    };
    const fs = Array.from({ length: 100000 }, (_, i): Finding => ({ rule: 'r', severity: 'hint', message: '', range, fix: { title: '', edits: [counted(i * 10)] } }));
    assert.equal(selectFixes(fs).chosen.length, 100000);
    assert.ok(reads <= 100000 * 4 * 17, `${reads} reads of edit offsets for 100,000 edits`);
  });
});
