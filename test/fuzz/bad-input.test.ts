/**
 * Bad input at the core (analyze / lint / harden): never a crash, never a corrupted document,
 * no endless loop. Invalid YAML (the broken document is skipped, the rest of the stream is linted
 * and left as it was), Go/Helm templates, empty and comment-only files, duplicate keys, aliases
 * to missing anchors, alias bombs (billion laughs, merge-key bombs), 1 MB lines, deep nesting,
 * binary garbage, odd characters, many documents, the largest files the editor lints (2 MB),
 * and a rule that throws (isolated: the other rules' findings are kept).
 *
 * No timed assertions: the time these inputs take is measured in the bench, as ratios to a bare
 * parse of the same text (`node dist/bench.js --only adv`, docs/performance.md). The tests that
 * could loop for ever on a regression (an alias walk that follows every path) have a hang guard.
 *
 * The server-level side (template / too-large messages, the server keeps serving) is in
 * test/protocol/robustness.test.ts; the CLI side in test/cli/safety.test.ts.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { analyze, harden, lint } from '../../server/src/core/lint';
import { isTemplate } from '../../server/src/core/detect';
import { rules } from '../../server/src/core/rules';
import { defineRule } from '../../server/src/core/rule';
import type { Rule } from '../../server/src/core/rule';
import type { LintOptions } from '../../server/src/core/types';
import { walk } from './mutate';

const COMPOSE: LintOptions = { path: '/ws/docker-compose.yml' };
const K8S: LintOptions = { path: '/ws/deploy.yaml' };
const DOCKERFILE: LintOptions = { path: '/ws/Dockerfile' };

const timings: string[] = [];
after(() => { if (timings.length) console.log(`bad input timings (information only; measured in the bench): ${timings.join('; ')}`); });

/** Only catches an infinite loop (or an exponential walk that would never end): not a performance claim. */
const HANG_GUARD = { timeout: 300_000 };

/**
 * analyze + harden (+ with `full`, the default: re-lint and a second harden): no throw, no rule
 * error, harden idempotent; returns the ms taken by analyze + harden (logged, never asserted).
 */
function survive(text: string, opts: LintOptions, label?: string, full = true): { ms: number; output: string } {
  const t0 = performance.now();
  const r = analyze(text, opts);
  assert.deepEqual(r.ruleErrors.map((e) => `${e.rule}: ${e.error.split('\n')[0]}`), [], 'no rule may throw');
  const h = harden(text, opts);
  const ms = performance.now() - t0;
  if (h.changed && full) {
    assert.deepEqual(analyze(h.output, opts).ruleErrors, []);
    assert.equal(harden(h.output, opts).output, h.output, 'a second harden is a no-op');
  }
  if (label) timings.push(`${label} ${Math.round(ms)} ms`);
  return { ms, output: h.output };
}

const ids = (text: string, opts: LintOptions) => lint(text, opts).map((f) => `${f.rule}@${f.range.start.line + 1}`);

describe('invalid YAML', () => {
  const stream = [
    'apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec:', '  containers:', '    - name: a', '      image: x', // doc 1: lines 1-7
    '---', 'apiVersion: v1', 'kind: Pod', 'spec: [unclosed', '  containers: {', // doc 2 (broken): lines 8-12
    '---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: c}', 'spec:', '  containers:', '    - name: c', '      image: x', '', // doc 3: lines 13-20
  ].join('\n');

  // strict: a bare container has findings with fixes only there (k8s/tmp-not-mounted)
  const STRICT: LintOptions = { ...K8S, config: { preset: 'strict' } };

  it('the broken document is skipped, the documents before and after it are linted', () => {
    const r = analyze(stream, STRICT);
    assert.deepEqual(r.ruleErrors, []);
    const lines = new Set(r.findings.map((f) => f.range.start.line + 1));
    assert.ok([...lines].some((l) => l <= 7), 'document 1 linted');
    assert.ok([...lines].some((l) => l >= 13), 'document 3 linted');
    assert.ok(![...lines].some((l) => l >= 8 && l <= 12), 'nothing reported in the broken document');
  });

  it('harden fixes the other documents and leaves the broken one exactly as it was', () => {
    const h = harden(stream, STRICT);
    assert.ok(h.changed);
    const broken = stream.slice(stream.indexOf('---\napiVersion: v1\nkind: Pod\nspec: [unclosed'), stream.lastIndexOf('---'));
    assert.ok(h.output.includes(broken), 'the broken document is unchanged');
    const before = parseAllDocuments(stream).map((d) => d.errors.length), afterDocs = parseAllDocuments(h.output).map((d) => d.errors.length);
    assert.deepEqual(afterDocs, before, 'the other documents still parse, the broken one is as broken as before');
    survive(stream, STRICT);
  });

  it('a compose file with a syntax error in one service is not linted (and not touched)', () => {
    const text = 'services:\n  a:\n    image: x\n    user: root\n  b:\n    image: [x\n';
    assert.deepEqual(lint(text, COMPOSE), []);
    assert.equal(harden(text, COMPOSE).output, text);
  });

  it('tabs for indentation, an unterminated quote, a stray `]`, a lone `:`', () => {
    for (const text of ['services:\n\tapi:\n\t\timage: x\n', 'services:\n  a:\n    command: "sh -c \'x\n', 'services:\n  a: ]\n', ':\n', 'services:\n  a:\n    image: x\n  :\n']) survive(text, COMPOSE);
  });
});

describe('Go/Helm templates', () => {
  const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          {{- with .Values.securityContext }}\n          securityContext:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n';

  it('are recognised (`{{ }}` actions at line starts, template data, template functions)', () => {
    assert.equal(isTemplate(helm), true);
    for (const t of ['name: {{ .Values.name }}\n', '{{- if .Values.enabled }}\nkind: Pod\n{{- end }}\n', 'image: "{{ .Release.Name }}"\n', 'x: "{{ $.Values.a }}"\n', 'FROM debian:{{ env.variant }}-slim\n', '{% for x in y %}\n',
      'data:\n  a: |\n    text\n{{- if .Values.b }}\n  b: 1\n{{- end }}\n', 'spec:\n  x: >-\n    folded\n  y: {{ .Values.y }}\n']) {
      assert.equal(isTemplate(t), true, t);
    }
  });

  it('Docker\'s own Go templates, GitHub Actions expressions and templates held in block scalars do not make a file a template', () => {
    for (const t of [
      'services:\n  a:\n    logging:\n      options:\n        tag: "{{.Name}}/{{.ID}}"\n',
      'services:\n  a:\n    healthcheck:\n      test: ["CMD", "docker", "inspect", "--format", "{{json .State.Health}}", "x"]\n',
      'jobs:\n  b:\n    if: ${{ github.ref == \'main\' }}\n    steps:\n      - run: echo ${{ env.X }} ${{ secrets.Y }}\n',
      'services:\n  a:\n    labels:\n      x: "{{ not a helm chart }}"\n',
      // Templates held in block scalars: an Alertmanager template in a ConfigMap, a Compose config.
      'apiVersion: v1\nkind: ConfigMap\ndata:\n  slack.tmpl: |\n    {{ define "slack.title" }}{{ .CommonLabels.alertname }}{{ end }}\n    {{ template "x" . }}\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers: []\n',
      'configs:\n  tmpl:\n    content: |-\n      {{- range .Alerts }}\n      {{ .Values }}\n      {{- end }}\nservices:\n  a:\n    image: x\n',
      '- |\n  {{ include "x" . }}\n',
    ]) assert.equal(isTemplate(t), false, t);
  });

  it('lint and harden of a template do not throw', () => {
    survive(helm, K8S);
    survive('{{- range .Values.items }}\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: {{ .name }}\n{{- end }}\n', K8S);
  });

  const corpus = process.env.CORPUS_DIR ?? path.resolve(__dirname, '../../..', '../shared/corpus');
  it('every Helm template of the corpus is recognised, and no Compose file, manifest or Dockerfile is', { skip: fs.existsSync(corpus) ? false : 'corpus not found' }, () => {
    const wrong: string[] = [];
    for (const f of walk(corpus)) {
      const rel = path.relative(corpus, f);
      const text = fs.readFileSync(f, 'utf8');
      // docker-library's jq templates (`{{ env.variant }}`) are templates too; `%%VAR%%` ones are not ours to tell.
      const expected = rel.startsWith('helm/') || (/\.template$/.test(rel) && text.includes('{{'));
      if (isTemplate(text) !== expected) wrong.push(rel);
    }
    assert.deepEqual(wrong, []);
  });
});

describe('empty and comment-only files', () => {
  const blanks = ['', '\n', '\r\n', '\uFEFF', '\uFEFF\n', '   ', '\t\n', '# only a comment\n', '---\n', '---\n---\n...\n', '...\n', '%YAML 1.2\n---\n', '# a\r\n# b\r\n'];
  it('YAML: no finding, nothing to harden', () => {
    for (const t of blanks) {
      assert.deepEqual(analyze(t, COMPOSE).findings, [], JSON.stringify(t));
      assert.equal(harden(t, COMPOSE).output, t);
    }
  });
  it('Dockerfile: no crash; only comments and parser directives: no finding', () => {
    for (const t of blanks) survive(t, DOCKERFILE);
    for (const t of ['# syntax=docker/dockerfile:1\n# escape=`\n# nothing else\n', '# just a comment', '\n\n# a\n\n# b\n']) {
      assert.deepEqual(analyze(t, DOCKERFILE).findings, [], t);
      assert.equal(harden(t, DOCKERFILE).output, t);
    }
  });
  it('a Dockerfile without FROM, or with instructions only before FROM', () => {
    for (const t of ['CMD node server.js\n', 'ARG X=1\n', 'USER root\nFROM alpine\n', 'FROM\n', 'FROM alpine AS\nCMD\nENTRYPOINT\nUSER\nSTOPSIGNAL\n']) survive(t, DOCKERFILE);
  });
});

describe('duplicate keys, missing anchors, odd values', () => {
  it('duplicate keys: the last one wins, harden keeps the file parseable', () => {
    const text = 'services:\n  a:\n    user: root\n    user: "1000"\n    init: false\n    init: true\n    cap_add: [SYS_PTRACE]\n    cap_add: [CHOWN]\n  a:\n    image: x\n    user: root\nservices:\n  b:\n    image: y\n';
    const { output } = survive(text, COMPOSE);
    assert.ok(parseAllDocuments(output, { uniqueKeys: false }).every((d) => d.errors.length === 0));
    assert.ok(output.includes('  b:\n    image: y\n    init: true'), 'the last `services:` is the one linted and fixed');
    assert.ok(!ids(text, COMPOSE).some((x) => x.startsWith('compose/ptrace-capability')), 'the last cap_add wins');
  });
  it('aliases to anchors that do not exist', () => {
    for (const t of [
      'services:\n  a: *missing\n  b:\n    image: x\n',
      'services:\n  a:\n    <<: *nope\n    user: *nope2\n    command: [*x, -c, "a; b"]\n',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers: *c\n',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - <<: *base\n    name: a\n',
    ]) survive(t, t.startsWith('api') ? K8S : COMPOSE);
  });
  it('values of the wrong type everywhere a rule looks', () => {
    const odd = ['null', '~', '[]', '{}', '42', 'true', '[[1]]', '{a: {b: c}}', '!!binary aGVsbG8=', '"${X:-y}"', '2001-12-14', '.inf', '0x1F'];
    for (const v of odd) {
      const compose = `services:\n  a:\n    image: ${v}\n    init: ${v}\n    user: ${v}\n    command: ${v}\n    entrypoint: ${v}\n    read_only: ${v}\n    tmpfs: ${v}\n    volumes: ${v}\n    environment: ${v}\n    env_file: ${v}\n    cap_add: ${v}\n    stop_grace_period: ${v}\n    build: ${v}\n    extends: ${v}\n`;
      survive(compose, COMPOSE);
      survive(`services: ${v}\n`, COMPOSE);
      const k8s = `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: ${v}\n      securityContext: ${v}\n      volumes: ${v}\n      containers:\n        - name: a\n          command: ${v}\n          args: ${v}\n          securityContext: ${v}\n          volumeMounts: ${v}\n        - ${v}\n`;
      survive(k8s, K8S);
      survive(`apiVersion: apps/v1\nkind: Deployment\nspec: ${v}\n`, K8S);
      survive(`apiVersion: v1\nkind: Pod\nspec:\n  containers: ${v}\n`, K8S);
    }
  });
});

describe('alias bombs', () => {
  const laughs = (() => {
    let s = 'x-a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i < 10; i++) s += `x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    return s;
  })();

  it('billion laughs: the model never expands aliases (toJS would)', HANG_GUARD, () => {
    const compose = `${laughs}services:\n  x:\n    image: x\n    command: *a9\n    cap_add: *a9\n    environment: *a9\n    tmpfs: *a9\n    volumes: *a9\n`;
    assert.throws(() => parseDocument(compose).toJS(), /alias/i, 'yaml refuses to expand it (maxAliasCount)');
    survive(compose, COMPOSE, 'billion laughs (compose)');
    const k8s = `${laughs}apiVersion: v1\nkind: Pod\nspec:\n  containers: *a9\n  volumes: *a9\n  initContainers: [*a9, *a9]\n`;
    survive(k8s, K8S, 'billion laughs (k8s)');
  });

  it('merge-key bombs: `<<: [*a, *a, …]` 50 wide on 10 and on 30 levels', HANG_GUARD, () => {
    const bomb = (levels: number) => {
      let s = 'x-a0: &a0 {image: x, user: root}\n';
      for (let i = 1; i <= levels; i++) s += `x-a${i}: &a${i}\n  <<: [${Array(50).fill(`*a${i - 1}`).join(', ')}]\n`;
      return `${s}services:\n  api:\n    <<: *a${levels}\n`;
    };
    survive(bomb(10), COMPOSE, 'merge-key bomb 10×50');
    assert.ok(ids(bomb(10), COMPOSE).some((x) => x.startsWith('compose/root-user')), 'the merged user is still read (10 levels of merges are followed)');
    survive(bomb(30), COMPOSE, 'merge-key bomb 30×50');
  });

  it('self-referencing merges and aliases', () => {
    survive('x: &x\n  <<: *x\nservices:\n  a: &a\n    <<: *a\n    image: y\n', COMPOSE);
    survive('services:\n  a: &a\n    image: x\n    extends: a\n    <<: [*a, *a]\n', COMPOSE);
  });
});

describe('size and shape extremes', () => {
  const MB = 1 << 20;
  it('a 1 MB line: in a command, a comment, a key, a scalar, a Dockerfile RUN and CMD', HANG_GUARD, () => {
    const blob = 'QUJD'.repeat(MB / 4); // a 1 MB word (a base64 blob)
    const cases: [string, string, LintOptions][] = [
      ['1 MB compose command', `services:\n  a:\n    image: x\n    command: sh -c "echo ${blob} > /k; ./app"\n`, COMPOSE],
      ['1 MB comment', `# ${'x'.repeat(MB)}\nservices:\n  a:\n    image: x\n`, COMPOSE],
      ['1 MB key', `services:\n  ${'k'.repeat(MB)}:\n    image: x\n`, COMPOSE],
      ['1 MB flow sequence', `services:\n  a:\n    cap_add: [${'NET_ADMIN, '.repeat(MB / 11)}SYS_PTRACE]\n`, COMPOSE],
      ['1 MB k8s arg', `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    command: ["sh", "-c", "echo ${blob}; y"]\n`, K8S],
      ['1 MB Dockerfile RUN', `FROM alpine\nRUN echo ${blob} > /k\nCMD node app.js\n`, DOCKERFILE],
      ['1 MB Dockerfile CMD', `FROM alpine\nCMD ./app --key ${blob}; exit 0\n`, DOCKERFILE],
      // Dense shell: 35,000 commands on one line (the shell parser's worst case per byte).
      ['100 KB line of 35,000 commands', `FROM alpine\nCMD ${'a; '.repeat(35000)}b\n`, DOCKERFILE],
    ];
    for (const [label, text, opts] of cases) survive(text, opts, label, false);
  });

  it('the largest files the editor lints (2 MB): a Kubernetes stream and a Compose file', HANG_GUARD, () => {
    const pod = (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:1.0\n          command: ["sh", "-c", "./migrate && ./app"]\n          securityContext:\n            capabilities:\n              add: [SYS_PTRACE]\n`;
    let k8s = '';
    for (let i = 0; k8s.length < 2 * MB - 400; i++) k8s += (i ? '---\n' : '') + pod(i);
    const svc = (i: number) => `  svc-${i}:\n    image: example/app:1.0\n    user: root\n    command: sh -c "./migrate && ./app"\n    cap_add: [SYS_PTRACE]\n`;
    let compose = 'services:\n';
    for (let i = 0; compose.length < 2 * MB - 200; i++) compose += svc(i);
    for (const [label, text, opts] of [['2 MB k8s stream', k8s, K8S], ['2 MB compose file', compose, COMPOSE]] as const) {
      const t0 = performance.now();
      const r = analyze(text, opts);
      const lintMs = performance.now() - t0;
      assert.deepEqual(r.ruleErrors, []);
      const h = harden(text, opts);
      const hardenMs = performance.now() - t0 - lintMs;
      assert.deepEqual(h.remaining, []);
      timings.push(`${label} (${(text.length / MB).toFixed(2)} MB, ${r.findings.length} findings): lint ${Math.round(lintMs)} ms, harden ${Math.round(hardenMs)} ms (${h.passes} passes)`);
    }
  });

  it('deep nesting: 5,000 flow levels, 300 block levels', () => {
    survive(`services:\n  a:\n    command: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, COMPOSE);
    survive(`services:\n  a: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`, COMPOSE);
    let block = 'services:\n  a:\n';
    for (let i = 0; i < 300; i++) block += `${' '.repeat(4 + 2 * i)}k${i}:\n`;
    survive(block, COMPOSE);
    let seq = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n';
    for (let i = 0; i < 300; i++) seq += `${' '.repeat(4 + 2 * i)}-\n`;
    survive(seq, K8S);
  });

  it('many documents, many services, many instructions', () => {
    survive('services:\n  a:\n    image: x\n' + '---\n'.repeat(20000), COMPOSE, '20,000 empty documents');
    survive('services:\n' + Array.from({ length: 5000 }, (_, i) => `  s${i}:\n    image: x\n`).join(''), COMPOSE, '5,000 services');
    survive('FROM alpine\n' + 'RUN true\n'.repeat(50000) + 'CMD x\n', DOCKERFILE, '50,000 instructions');
    survive('FROM alpine\nCMD a \\\n' + ' b \\\n'.repeat(50000) + ' c\n', DOCKERFILE, '50,000 continuation lines');
  });
});

describe('binary and odd characters', () => {
  it('random bytes, NULs, lone surrogates, U+2028, U+FFFD, CR-only line ends', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    for (let k = 0; k < 30; k++) {
      const bytes = Buffer.from(Array.from({ length: 2000 }, () => Math.floor(rnd() * 256)));
      for (const text of [bytes.toString('latin1'), bytes.toString('utf8'), 'services:\n  a:\n    image: x\n' + bytes.toString('utf8')]) {
        survive(text, COMPOSE);
        survive(text, DOCKERFILE);
      }
    }
    for (const t of [
      'services:\n  a:\u0000\n    image: x\u0000\n', 'services:\n  \uD800a:\n    image: "\uDC00"\n    command: sh -c "\uD800; app"\n',
      'services:\u2028  a:\n    image: x\n', 'services:\r  a:\r    image: x\r    user: root\r', 'services:\n  a:\n    image: \uFFFD\uFFFD\n    user: root\n',
    ]) survive(t, COMPOSE);
    survive('FROM alpine\rUSER root\rCMD a; b\r', DOCKERFILE);
    survive('FROM alpine\nRUN set -x \\\n  *) \\\r# c\n', DOCKERFILE);
  });
});

describe('a rule that throws', () => {
  /**
   * Test-only injection, no product hook: the registry array of this test bundle gets one more
   * rule whose check throws; `analyze` must catch it, name the rule in `ruleErrors`, and keep the
   * other rules' findings.
   */
  const crash = defineRule({
    meta: { id: 'compose/test-crash', target: 'compose', presets: { recommended: 'warning', strict: 'warning' }, description: 'test', fixable: false, messages: { x: 'x' } },
    check() { throw new TypeError('boom from a rule'); },
  }) as unknown as Rule;
  it('is caught and named; the other rules still report and fix', () => {
    // Texts linted nowhere else in this process: the core keeps per-document results, by text.
    const text = 'services:\n  a:\n    image: x\n    user: root\n# crash\n';
    const baseline = lint(text.replace('# crash', '# baseline'), COMPOSE).map((f) => f.rule);
    (rules as Rule[]).push(crash);
    try {
      const r = analyze(text, COMPOSE);
      assert.deepEqual(r.ruleErrors.map((e) => e.rule), ['compose/test-crash']);
      assert.match(r.ruleErrors[0].error, /TypeError: boom from a rule/);
      assert.deepEqual(r.findings.map((f) => f.rule), baseline);
      assert.ok(harden(text, COMPOSE).changed, 'harden still applies the other fixes');
    } finally {
      (rules as Rule[]).splice((rules as Rule[]).indexOf(crash), 1);
    }
    assert.deepEqual(analyze(text, COMPOSE).ruleErrors, []);
  });
});
