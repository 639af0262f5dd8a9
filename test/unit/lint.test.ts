import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, harden, lint } from '../../server/src/core/lint';
import { syntaxOf, isDockerfileName } from '../../server/src/core/detect';
import { LineIndex, applyEdits, editsOverlap } from '../../server/src/core/text';

describe('detection', () => {
  it('Dockerfile names', () => {
    for (const n of ['Dockerfile', 'Dockerfile.prod', 'api.dockerfile', 'Containerfile', 'Containerfile.dev', 'x/y/Dockerfile']) assert.ok(isDockerfileName(n), n);
    for (const n of ['Dockerfile.yaml'.replace('.yaml', 'x'), 'docker-compose.yml', 'README.md']) assert.ok(!isDockerfileName(n), n);
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
  });
});
