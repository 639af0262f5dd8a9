import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, lint } from '../../server/src/core/lint';

const compose = (s: string) => lint(s, { path: '/ws/docker-compose.yml' }).filter((f) => f.rule === 'compose/obsolete-version');

describe('suppression directives', () => {
  it('disable-next-line silences the next key line only, with its reason kept', () => {
    const text = 'services:\n  a:\n    image: x\n# container-signals-disable-next-line compose/obsolete-version -- CI still parses it\n\nversion: "3"\n';
    assert.equal(compose(text).length, 0);
    const all = analyze(text, { path: '/ws/docker-compose.yml' }).findings.filter((f) => f.rule === 'compose/obsolete-version');
    assert.deepEqual(all.map((f) => f.suppressed), [{ kind: 'inSource', justification: 'CI still parses it', by: 'container-signals-disable-next-line' }]);
  });
  it('a directive for another rule does not silence', () => {
    assert.equal(compose('# container-signals-disable-next-line compose/root-user\nversion: "3"\nservices:\n  a:\n    image: x\n').length, 1);
  });
  it('a directive two lines above does not silence', () => {
    assert.equal(compose('# container-signals-disable-next-line compose/obsolete-version\nx-a: 1\nversion: "3"\nservices:\n  a:\n    image: x\n').length, 1);
  });
  it('file-level disable at the top of a document covers that document only', () => {
    const text = '# container-signals-disable compose/obsolete-version\nversion: "3"\nservices:\n  a:\n    image: x\n---\nversion: "3"\nservices:\n  b:\n    image: y\n';
    assert.deepEqual(compose(text).map((f) => f.range.start.line), [6]);
  });
  it('a disable comment below content is not file-level', () => {
    assert.equal(compose('version: "3"\nservices:\n  a:\n    image: x\n# container-signals-disable compose/obsolete-version\n').length, 1);
  });
  it('disable with no ids silences every rule of the document', () => {
    assert.deepEqual(lint('# container-signals-disable\nversion: "3"\nservices:\n  a:\n    image: x\n', { path: '/ws/compose.yaml' }), []);
  });
  it('CRLF files', () => {
    assert.equal(compose('# container-signals-disable-next-line compose/obsolete-version\r\nversion: "3"\r\nservices:\r\n  a:\r\n    image: x\r\n').length, 0);
  });
  it('hadolint pragmas map to our Dockerfile rules', () => {
    const df = 'FROM debian:bookworm-slim\n# hadolint ignore=DL3025\nCMD node server.js\n';
    const before = lint('FROM debian:bookworm-slim\nCMD node server.js\n', { path: '/ws/Dockerfile' }).filter((f) => f.rule === 'dockerfile/shell-form');
    assert.equal(before.length, 1, 'shell-form fires without the pragma');
    assert.equal(lint(df, { path: '/ws/Dockerfile' }).filter((f) => f.rule === 'dockerfile/shell-form').length, 0);
  });
  it('checkov skip comments silence Dockerfile root-user for the file', () => {
    const base = 'FROM debian:bookworm-slim\nRUN true\nUSER root\nCMD ["app"]\n';
    assert.equal(lint(base, { path: '/ws/Dockerfile' }).filter((f) => f.rule === 'dockerfile/root-user').length, 1);
    assert.equal(lint('#checkov:skip=CKV_DOCKER_8:runs as root on purpose\n' + base, { path: '/ws/Dockerfile' }).filter((f) => f.rule === 'dockerfile/root-user').length, 0);
  });
  it('kube-linter annotation silences k8s/root-user for that workload', () => {
    const dep = (ann: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n${ann}spec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: x\n`;
    // "can be root" (nothing sets a user) is the strict preset's
    const opts = { path: '/ws/d.yaml', config: { preset: 'strict' as const } };
    assert.equal(lint(dep(''), opts).filter((f) => f.rule === 'k8s/root-user').length, 1);
    const ann = '  annotations:\n    ignore-check.kube-linter.io/run-as-non-root: "legacy image"\n';
    assert.equal(lint(dep(ann), opts).filter((f) => f.rule === 'k8s/root-user').length, 0);
  });
});
