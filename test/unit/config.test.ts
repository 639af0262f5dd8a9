/** The shared `.container-signals.yaml` loader (core/config.ts) and its JSON schema. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { configJsonSchema, createIgnoreMatcher, failsRun, parseConfig, resolveComposeProjects } from '../../server/src/core/config';
import { rules } from '../../server/src/core/rules';

const REPO = path.resolve(__dirname, '../../..'); // test/out/unit → repo root
const ids = (target: string) => rules.map((r) => r.meta.id).filter((id) => id.startsWith(`${target}/`)).join(', ');

describe('parseConfig: valid files', () => {
  it('reads rules, fix, ignore and failOn', () => {
    const c = parseConfig([
      '# team settings',
      'rules:',
      '  compose/obsolete-version: off',
      '  compose/missing-init: error',
      'fix:',
      '  user: "1000:1000"',
      '  tmpfs: /tmp:exec,mode=1777',
      '  tmpdir: /var/tmp',
      'ignore:',
      '  - vendor/',
      '  - "**/testdata/**"',
      '  - "!keep.yaml"',
      'failOn: warning',
      '',
    ].join('\n'));
    assert.deepEqual(c, {
      config: {
        rules: { 'compose/obsolete-version': 'off', 'compose/missing-init': 'error' },
        fix: { user: '1000:1000', tmpfs: '/tmp:exec,mode=1777', tmpdir: '/var/tmp' },
      },
      ignore: ['vendor/', '**/testdata/**', '!keep.yaml'],
      failOn: 'warning',
      problems: [],
    });
  });

  it('gives the defaults for an empty file, a file of comments, and empty sections', () => {
    const empty = { config: { rules: {}, fix: {} }, ignore: [], failOn: 'error', problems: [] };
    assert.deepEqual(parseConfig(''), empty);
    assert.deepEqual(parseConfig('# nothing yet\n'), empty);
    assert.deepEqual(parseConfig('---\n'), empty);
    assert.deepEqual(parseConfig('rules:\nfix:\nignore:\n'), empty);
    assert.deepEqual(parseConfig('{}\n'), empty);
  });

  it('reads compose.projects (as written; resolved against the config folder by resolveComposeProjects)', () => {
    const c = parseConfig('compose:\n  projects:\n    - [compose.yaml, compose.prod.yaml]\n    - - deploy/base.yml\n      - deploy/ci.yml\n');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.config.composeProjects, [['compose.yaml', 'compose.prod.yaml'], ['deploy/base.yml', 'deploy/ci.yml']]);
    assert.deepEqual(resolveComposeProjects(c.config.composeProjects, '/repo'), [['/repo/compose.yaml', '/repo/compose.prod.yaml'], ['/repo/deploy/base.yml', '/repo/deploy/ci.yml']]);
  });

  it('accepts flow style, CRLF and anchors', () => {
    const c = parseConfig('rules: {compose/obsolete-version: &sev warning, k8s/root-user: *sev}\r\nignore: [a/, b/]\r\n');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.config.rules, { 'compose/obsolete-version': 'warning', 'k8s/root-user': 'warning' });
    assert.deepEqual(c.ignore, ['a/', 'b/']);
  });
});

describe('parseConfig: problems (1-based line and column, and what is allowed)', () => {
  const cases: [string, string, { message: string; line: number; column: number }[]][] = [
    ['an unknown top-level key', 'rules: {}\nrule:\n  x: off\n', [
      { message: 'unknown key "rule" (allowed: preset, rules, fix, ignore, failOn, compose)', line: 2, column: 1 },
    ]],
    ['compose.projects: not lists of paths', 'compose:\n  projects: [compose.yaml]\n  files: x\n', [
      { message: 'compose.projects: expected a list of compose file paths, got "compose.yaml" (allowed: a list of lists of compose file paths, such as [[compose.yaml, compose.prod.yaml]])', line: 2, column: 14 },
      { message: 'compose: unknown key "files" (allowed: projects)', line: 3, column: 3 },
    ]],
    ['an unknown rule id (the ids of its target are listed)', 'rules:\n  compose/nope: off\n', [
      { message: `rules: unknown rule "compose/nope" (allowed: ${ids('compose')})`, line: 2, column: 3 },
    ]],
    ['an unknown rule id of an unknown target (every id is listed)', 'rules:\n  eslint/no-undef: off\n', [
      { message: `rules: unknown rule "eslint/no-undef" (allowed: ${rules.map((r) => r.meta.id).join(', ')})`, line: 2, column: 3 },
    ]],
    ['a bad severity', 'rules:\n  compose/obsolete-version: fatal\n', [
      { message: 'rules.compose/obsolete-version: invalid severity "fatal" (allowed: off, error, warning, information, hint)', line: 2, column: 29 },
    ]],
    ['"info" is not a severity in the file', 'rules:\n  compose/obsolete-version: info\n', [
      { message: 'rules.compose/obsolete-version: invalid severity "info" (allowed: off, error, warning, information, hint)', line: 2, column: 29 },
    ]],
    ['a boolean severity', 'rules:\n  compose/obsolete-version: false\n', [
      { message: 'rules.compose/obsolete-version: invalid severity the boolean false (allowed: off, error, warning, information, hint)', line: 2, column: 29 },
    ]],
    ['rules as a list', 'rules:\n  - compose/obsolete-version\n', [
      { message: 'rules: expected a mapping of rule ids to severities, got a list (allowed: <rule-id>: off | error | warning | information | hint)', line: 2, column: 3 },
    ]],
    ['an unknown fix key', 'fix:\n  group: "10"\n', [
      { message: 'fix: unknown key "group" (allowed: user, tmpfs, tmpdir, emptyDirSizeLimit, apply)', line: 2, column: 3 },
    ]],
    ['a number as fix.user', 'fix:\n  user: 1000\n', [
      { message: 'fix.user: expected a string, got the number 1000 (allowed: a quoted string: a user or uid, optionally with :group, such as "10001:10001")', line: 2, column: 9 },
    ]],
    ['a user with spaces', 'fix:\n  user: "a b"\n', [
      { message: 'fix.user: invalid value "a b" (allowed: a quoted string: a user or uid, optionally with :group, such as "10001:10001")', line: 2, column: 9 },
    ]],
    ['a relative tmpfs path', 'fix:\n  tmpfs: tmp\n  tmpdir: /tmp\n', [
      { message: 'fix.tmpfs: invalid value "tmp" (allowed: an absolute path such as "/tmp")', line: 2, column: 10 },
    ]],
    ['an emptyDir sizeLimit that is no quantity', 'fix:\n  emptyDirSizeLimit: 64 MB\n', [
      { message: 'fix.emptyDirSizeLimit: invalid value "64 MB" (allowed: a Kubernetes quantity such as "64Mi" or "1Gi")', line: 2, column: 22 },
    ]],
    ['fix as a string', 'fix: /tmp\n', [
      { message: 'fix: expected a mapping, got "/tmp" (allowed: user, tmpfs, tmpdir, emptyDirSizeLimit, apply)', line: 1, column: 6 },
    ]],
    ['ignore as a string', 'ignore: vendor/\n', [
      { message: 'ignore: expected a list of globs, got "vendor/" (allowed: a list of gitignore-style globs such as ["vendor/", "**/testdata/**"])', line: 1, column: 9 },
    ]],
    ['an empty or non-string ignore entry', 'ignore:\n  - ok/\n  - ""\n  - 3\n', [
      { message: 'ignore: invalid entry "" (allowed: a non-empty gitignore-style glob string)', line: 3, column: 5 },
      { message: 'ignore: invalid entry the number 3 (allowed: a non-empty gitignore-style glob string)', line: 4, column: 5 },
    ]],
    ['a bad failOn', 'failOn: hint\n', [
      { message: 'failOn: invalid value "hint" (allowed: error, warning, information)', line: 1, column: 9 },
    ]],
    ['a top level that is not a mapping', '- rules\n', [
      { message: 'expected a mapping at the top level, got a list (allowed: preset, rules, fix, ignore, failOn, compose)', line: 1, column: 1 },
    ]],
    ['two documents', 'rules: {}\n---\nfailOn: error\n', [
      { message: 'expected one YAML document, found several (allowed: a single mapping)', line: 3, column: 1 },
    ]],
    ['several problems at once, in file order', 'failOn: never\nextra: 1\nfix:\n  user: root\n  shell: sh\n', [
      { message: 'failOn: invalid value "never" (allowed: error, warning, information)', line: 1, column: 9 },
      { message: 'unknown key "extra" (allowed: preset, rules, fix, ignore, failOn, compose)', line: 2, column: 1 },
      { message: 'fix: unknown key "shell" (allowed: user, tmpfs, tmpdir, emptyDirSizeLimit, apply)', line: 5, column: 3 },
    ]],
  ];
  for (const [name, text, problems] of cases) {
    it(name, () => assert.deepEqual(parseConfig(text).problems, problems));
  }

  it('keeps the valid parts next to the problems', () => {
    const c = parseConfig('rules:\n  compose/obsolete-version: off\n  compose/nope: off\nfailOn: warning\n');
    assert.deepEqual(c.config.rules, { 'compose/obsolete-version': 'off' });
    assert.equal(c.failOn, 'warning');
    assert.equal(c.problems.length, 1);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const bad = parseConfig('rules:\n  compose/obsolete-version: [off\n');
    assert.ok(bad.problems.length >= 1);
    assert.match(bad.problems[0].message, /^YAML syntax error: \S/);
    const dup = parseConfig('failOn: error\nfailOn: warning\n');
    assert.deepEqual(dup.problems.map((p) => [p.line, p.column]), [[2, 1]]);
    assert.match(dup.problems[0].message, /^YAML syntax error: .*unique/);
  });
});

describe('failsRun', () => {
  it('fails at or above the threshold; hints never', () => {
    const table = (failOn: 'error' | 'warning' | 'information') =>
      (['error', 'warning', 'information', 'hint'] as const).filter((s) => failsRun(s, failOn));
    assert.deepEqual(table('error'), ['error']);
    assert.deepEqual(table('warning'), ['error', 'warning']);
    assert.deepEqual(table('information'), ['error', 'warning', 'information']);
  });
});

describe('createIgnoreMatcher', () => {
  it('has .gitignore semantics, relative to the config folder', () => {
    const m = createIgnoreMatcher(['vendor/', '*.generated.yaml', '!keep.generated.yaml', '/top.yaml', 'deploy/**/old/']);
    assert.equal(m('vendor', true), 'vendor/');
    assert.equal(m('vendor', false), undefined, 'a dir/ pattern does not match a file');
    assert.equal(m('a/vendor', true), 'vendor/', 'no slash: at any depth');
    assert.equal(m('x/app.generated.yaml'), '*.generated.yaml');
    assert.equal(m('x/keep.generated.yaml'), undefined, 'negation');
    assert.equal(m('top.yaml'), '/top.yaml');
    assert.equal(m('sub/top.yaml'), undefined, 'anchored');
    assert.equal(m('deploy/a/b/old', true), 'deploy/**/old/');
    assert.equal(m('./top.yaml'), '/top.yaml');
    assert.equal(m('../top.yaml'), undefined, 'outside the folder');
    assert.equal(m('Top.yaml'), undefined, 'case-sensitive');
    assert.equal(createIgnoreMatcher([])('anything'), undefined);
  });
});

describe('JSON schema of .container-signals.yaml', () => {
  const file = path.join(REPO, 'schemas/container-signals.schema.json');
  it('schemas/container-signals.schema.json is generated from the registry', () => {
    assert.equal(fs.readFileSync(file, 'utf8'), JSON.stringify(configJsonSchema(), null, 2) + '\n');
  });
  it('is a valid draft-07 schema that agrees with the loader', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(fs.readFileSync(file, 'utf8')));
    const good = [
      {},
      { rules: { 'compose/obsolete-version': 'off' }, fix: { user: '1000:1000', tmpfs: '/tmp', tmpdir: '/tmp' }, ignore: ['vendor/'], failOn: 'warning' },
      { rules: null, fix: null, ignore: null },
    ];
    const bad = [
      { extra: 1 }, { rules: { 'compose/nope': 'off' } }, { rules: { 'compose/obsolete-version': 'fatal' } },
      { fix: { group: 'x' } }, { fix: { user: 1000 } }, { fix: { tmpfs: 'tmp' } }, { ignore: 'vendor/' }, { ignore: [''] }, { failOn: 'hint' },
    ];
    for (const g of good) assert.ok(validate(g), JSON.stringify(validate.errors));
    for (const b of bad) assert.ok(!validate(b), JSON.stringify(b));
    // The loader agrees on each (through YAML's JSON subset).
    for (const g of good) assert.deepEqual(parseConfig(JSON.stringify(g)).problems, [], JSON.stringify(g));
    for (const b of bad) assert.notDeepEqual(parseConfig(JSON.stringify(b)).problems, [], JSON.stringify(b));
  });
});
