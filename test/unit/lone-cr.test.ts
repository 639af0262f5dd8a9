/**
 * Lone CR line breaks (a CR not followed by LF: old Mac files, or mixed with LF and CRLF).
 *
 * YAML: the YAML spec, Docker Compose and kubectl (go-yaml) read a lone CR as a line break; the
 * `yaml` library does not, so the core parses the text with each lone CR read as LF (the same
 * offsets) and fixes such files like any other. The new lines a fix writes use the file's line
 * break (that of its first line break). Before, harden placed keys by a reading no consumer has:
 * `TMPDIR=/tmp` went into `networks:`, `tmpfs:` under the top-level `volumes:`.
 *
 * Dockerfile: Docker splits lines at LF only (a lone CR stays inside the line), the editor after
 * a lone CR too. The findings follow the editor's lines; their fixes and suggestions are withheld
 * (an edit could land inside another instruction) and `fixesWithheld` says why.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze, harden, LONE_CR_DOCKERFILE } from '../../server/src/core/lint';
import type { AnalyzeResult } from '../../server/src/core/lint';
import type { LintOptions } from '../../server/src/core/types';
import { detectEol, hasLoneCr, loneCrAsLf } from '../../server/src/core/text';
import { walk, optionsFor } from '../fuzz/mutate';

const COMPOSE: LintOptions = { path: '/ws/docker-compose.yml' };
/** strict: compose/tmp-not-tmpfs and compose/tmpdir-unset (fixes) run only there. */
const COMPOSE_STRICT: LintOptions = { path: '/ws/docker-compose.yml', config: { preset: 'strict' } };
/** strict: k8s/tmp-not-mounted (a fix) runs only there. */
const K8S: LintOptions = { path: '/ws/pod.yaml', config: { preset: 'strict' } };
const DOCKERFILE: LintOptions = { path: '/ws/app/Dockerfile', config: { preset: 'strict' } }; // strict: root-user reports a missing USER too

/** [rule, line, character, end line, end character, fixable] of each finding. */
const brief = (r: AnalyzeResult) => r.findings.map((f) => [f.rule, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character, !!f.fix]);

/** The data of each document as the YAML spec reads it (a lone CR is a line break). */
const data = (text: string) => parseAllDocuments(text.replace(/\r(?!\n)/g, '\n')).map((d) => (d.errors.length ? 'error' : d.toJS()));

describe('line break helpers', () => {
  it('detectEol: the first line break, CR when it is a lone CR', () => {
    assert.equal(detectEol('a: 1\rb: 2\n'), '\r');
    assert.equal(detectEol('a: 1\r'), '\r');
    assert.equal(detectEol('a: 1\r\nb: 2\r'), '\r\n');
    assert.equal(detectEol('a: 1\nb: 2\r'), '\n');
    assert.equal(detectEol('a: 1'), '\n');
  });
  it('hasLoneCr and loneCrAsLf (the same length: the same offsets)', () => {
    assert.equal(hasLoneCr('a\r\nb\r\n'), false);
    assert.equal(hasLoneCr('a\r\nb\r'), true);
    assert.equal(loneCrAsLf('a\rb\r\nc\r'), 'a\nb\r\nc\n');
    const crlf = 'a\r\nb\r\n';
    assert.equal(loneCrAsLf(crlf), crlf);
  });
});

describe('YAML with lone CRs is read and fixed as the YAML spec reads it', () => {
  it('a CR-only compose file: findings on the right lines, fixes written with CR', () => {
    // An image the linter does not know (missing-init: information, with its fix); a tmpfs at /run
    // (tmpdir-unset fires); ptrace-capability's edit is a suggestion, which harden leaves alone.
    const text = 'services:\r  web:\r    image: x\r    tmpfs: /run\r    cap_add:\r      - SYS_PTRACE\r';
    const r = analyze(text, COMPOSE_STRICT);
    assert.deepEqual(brief(r), [
      ['compose/missing-init', 1, 2, 1, 5, true],
      ['compose/tmp-not-tmpfs', 1, 2, 1, 5, true],
      ['compose/tmpdir-unset', 1, 2, 1, 5, true],
      ['compose/ptrace-capability', 5, 8, 5, 18, false],
    ]);
    assert.equal(r.fixesWithheld, undefined);
    assert.equal(harden(text, COMPOSE_STRICT).output, 'services:\r  web:\r    image: x\r    init: true\r    tmpfs:\r      - /run\r      - /tmp\r    cap_add:\r      - SYS_PTRACE\r    environment:\r      TMPDIR: /run\r');
  });

  it('TMPDIR goes into environment, not into the networks list after a lone CR', () => {
    // tmpdir-unset fires for a tmpfs mounted elsewhere (/run) and sets TMPDIR to it.
    const text = 'services:\n  api:\n    image: x\n    environment:\n      - A=1\r    networks:\n      - backend\n    tmpfs: /run\n';
    const out = harden(text, COMPOSE_STRICT).output;
    assert.equal(out, 'services:\n  api:\n    image: x\n    init: true\n    environment:\n      - A=1\n      - TMPDIR=/run\r    networks:\n      - backend\n    tmpfs:\n      - /run\n      - /tmp\n');
    assert.deepEqual(data(out), [{ services: { api: { image: 'x', init: true, environment: ['A=1', 'TMPDIR=/run'], networks: ['backend'], tmpfs: ['/run', '/tmp'] } } }]);
  });

  it('a service before a top-level key that follows a lone CR gets its keys, not the top-level map', () => {
    // postgres handles SIGTERM (no missing-init); tmp-not-tmpfs's key goes into the service.
    const text = 'services:\n  db:\n    image: postgres\n    expose:\n      - 5432\rvolumes:\n  data:\n';
    const out = harden(text, COMPOSE_STRICT).output;
    assert.equal(out, 'services:\n  db:\n    image: postgres\n    expose:\n      - 5432\n    tmpfs: /tmp\rvolumes:\n  data:\n');
    assert.deepEqual(data(out), [{ services: { db: { image: 'postgres', expose: [5432], tmpfs: '/tmp' } }, volumes: { data: null } }]);
  });

  it('a comment ends at a lone CR: the key after it is read (and kept)', () => {
    const text = 'services:\n  web: # c\r    image: nginx\n    user: root\n';
    const r = analyze(text, COMPOSE_STRICT);
    // The image is read: nginx handles SIGTERM (no missing-init) and needs root to start (no user suggestion).
    assert.deepEqual(brief(r), [
      ['compose/tmp-not-tmpfs', 1, 2, 1, 5, true],
      ['compose/root-user', 3, 10, 3, 14, false],
    ]);
    assert.match(r.findings[1].message, /the image "nginx" needs root to start\.$/);
    assert.equal(r.findings[1].suggestions, undefined);
    assert.equal(harden(text, COMPOSE_STRICT).output, 'services:\n  web: # c\r    image: nginx\n    user: root\n    tmpfs: /tmp\n');
  });

  it('a scalar copied into a fix keeps its lone CR', () => {
    const text = 'services:\n  web: {image: x, read_only: true, tmpfs: "/run:size=1m,\r    mode=1777", init: true, environment: {TMPDIR: /tmp}}\n';
    const out = harden(text, COMPOSE).output;
    assert.equal(out, 'services:\n  web: {image: x, read_only: true, tmpfs: ["/run:size=1m,\r    mode=1777", /tmp], init: true, environment: {TMPDIR: /tmp}}\n');
    assert.deepEqual(data(out), [{ services: { web: { image: 'x', read_only: true, tmpfs: ['/run:size=1m, mode=1777', '/tmp'], init: true, environment: { TMPDIR: '/tmp' } } } }]);
  });

  it('a CR-only Kubernetes manifest', () => {
    const text = 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\rspec:\r  containers:\r    - name: c\r      image: nginx\r';
    assert.deepEqual(brief(analyze(text, K8S)), [
      ['k8s/root-user', 6, 12, 6, 13, false],
      ['k8s/tmp-not-mounted', 6, 12, 6, 13, true],
    ]);
    assert.equal(harden(text, K8S).output,
      'apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\rspec:\r  containers:\r    - name: c\r      image: nginx\r'
      + '      volumeMounts:\r        - name: tmp\r          mountPath: /tmp\r  volumes:\r    - name: tmp\r      emptyDir: {}\r');
  });

  it('CRLF with a lone CR: new lines use CRLF (the first line break), the lone CR stays', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: nginx\r\n      command: ["sh", "-c", "x"]\r  # note\r\n';
    assert.equal(harden(text, K8S).output,
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: c\r\n      image: nginx\r\n      command: ["sh", "-c", "exec x"]\r\n'
      + '      volumeMounts:\r\n        - name: tmp\r\n          mountPath: /tmp\r\n  volumes:\r\n    - name: tmp\r\n      emptyDir: {}\r  # note\r\n');
  });

  it('a lone CR in a multi-document stream: each document is linted and fixed', () => {
    const text = 'services:\r  a:\r    image: x\r    init: true\r    tmpfs: /tmp\r    environment: [TMPDIR=/tmp]\r---\rservices:\r  b:\r    image: y\r    read_only: true\r    init: true\r    environment: [TMPDIR=/tmp]\r';
    assert.deepEqual(brief(analyze(text, COMPOSE)), [['compose/read-only-without-tmp', 8, 2, 8, 3, true]]);
    assert.equal(harden(text, COMPOSE).output, text.replace('read_only: true\r', 'read_only: true\r    tmpfs: /tmp\r'));
  });
});

describe('a Dockerfile with lone CRs: findings on the editor\'s lines, no fixes, and why', () => {
  it('findings are reported without fixes; harden changes nothing and says why', () => {
    for (const text of ['FROM node:20\nRUN npm ci\rCMD node server.js\n', 'FROM node:20\rRUN npm ci\rCMD node server.js\r']) {
      const r = analyze(text, DOCKERFILE);
      // Docker reads `RUN npm ci\rCMD node server.js` as one RUN: a USER line inserted after
      // `RUN npm ci`, or the CMD rewritten, would change that RUN.
      assert.deepEqual(brief(r), [
        ['dockerfile/root-user', 0, 5, 0, 12, false],
        ['dockerfile/missing-init', 2, 4, 2, 18, false],
        ['dockerfile/shell-form', 2, 4, 2, 18, false],
      ], JSON.stringify(text));
      assert.ok(r.findings.every((f) => f.alternatives === undefined));
      assert.equal(r.fixesWithheld, LONE_CR_DOCKERFILE);
      const h = harden(text, DOCKERFILE);
      assert.equal(h.output, text);
      assert.equal(h.changed, false);
      assert.equal(h.fixesWithheld, LONE_CR_DOCKERFILE);
      // The LF twin has fixes: they were withheld, not missing.
      assert.ok(analyze(text.replace(/\r(?!\n)/g, '\n'), DOCKERFILE).findings.some((f) => f.fix));
    }
    assert.match(LONE_CR_DOCKERFILE, /^it has lone CR line breaks \(a CR without LF\), which Docker does not read as line breaks/);
  });

  it('fixesWithheld only when a fix of an unsuppressed finding was withheld', () => {
    assert.equal(analyze('FROM alpine\rUSER 10001:10001\rENTRYPOINT ["/sbin/tini", "--", "app"]\r', DOCKERFILE).fixesWithheld, undefined);
    // java handles SIGTERM (no missing-init); the only edit is the suppressed root-user suggestion.
    const r = analyze('FROM node:20\r# hadolint ignore=DL3002\rUSER root\rCMD ["java", "-jar", "s.jar"]\r', DOCKERFILE);
    assert.deepEqual(r.findings.map((f) => [f.rule, !!f.suppressed, !!f.fix]), [['dockerfile/root-user', true, false]]);
    assert.equal(r.fixesWithheld, undefined);
  });

  it('a continuation escape before a lone CR continues the instruction, as on the editor\'s lines', () => {
    // dockerfile-ast alone does not take a lone CR after the backtick for a continuation.
    const text = '# escape=`\rFROM alpine:3.19\rUSER 10001\rENTRYPOINT npm start `\r    --prefix /app\r';
    assert.deepEqual(brief(analyze(text, DOCKERFILE)), [
      ['dockerfile/package-manager-start', 3, 11, 4, 17, false],
      ['dockerfile/shell-form', 3, 11, 4, 17, false],
    ]);
  });

  it('a BOM is accounted for', () => {
    const r = analyze('\uFEFFFROM node:20\rCMD node s.js\r', DOCKERFILE);
    assert.deepEqual(brief(r), [
      ['dockerfile/root-user', 0, 6, 0, 13, false],
      ['dockerfile/missing-init', 1, 4, 1, 13, false],
      ['dockerfile/shell-form', 1, 4, 1, 13, false],
    ]);
    assert.equal(r.fixesWithheld, LONE_CR_DOCKERFILE);
  });
});

const REPO = path.resolve(__dirname, '../../..'); // test/out/unit → repo root
const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

/** The findings as JSON with every line break as LF (a message may quote a command over two lines). */
const json = (r: AnalyzeResult) => JSON.stringify(r.findings).replace(/\\r\\n|\\r/g, '\\n');

describe('the corpus with CR-only line breaks', { skip: present ? false : `corpus not found at ${CORPUS}` }, () => {
  it('every LF file, its line breaks turned into CRs, has the findings of the LF file; YAML is hardened the same (CR for LF), Dockerfiles not at all', () => {
    let yaml = 0, dockerfiles = 0, hardened = 0;
    for (const f of walk(CORPUS)) {
      const kind = optionsFor(f);
      if (!kind) continue;
      // strict: every rule and fix runs (the /tmp fixes are strict-only)
      const opts: LintOptions = { ...kind, config: { preset: 'strict' } };
      const lf = fs.readFileSync(f, 'utf8');
      if (lf.includes('\r') || !lf.includes('\n')) continue;
      const cr = lf.replace(/\n/g, '\r');
      const what = path.relative(CORPUS, f);
      const a = analyze(lf, opts), b = analyze(cr, opts);
      if (opts.languageId === 'dockerfile') {
        dockerfiles++;
        // Suggestions are edits too: withheld like the fixes.
        const fixable = a.findings.some((x) => !x.suppressed && (x.fix || x.alternatives || x.suggestions));
        for (const x of a.findings) { delete x.fix; delete x.alternatives; delete x.suggestions; }
        assert.equal(json(b), json(a), what);
        assert.equal(b.fixesWithheld, fixable ? LONE_CR_DOCKERFILE : undefined, what);
        assert.equal(harden(cr, opts).output, cr, what);
        continue;
      }
      yaml++;
      assert.equal(json(b), json(a), what);
      const out = harden(cr, opts).output;
      assert.equal(out, harden(lf, opts).output.replace(/\n/g, '\r'), what);
      if (out !== cr) hardened++;
    }
    assert.ok(yaml > 400 && dockerfiles > 100 && hardened > 200, `${yaml} YAML files (${hardened} hardened), ${dockerfiles} Dockerfiles`);
  });
});
