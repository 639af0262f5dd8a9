/**
 * The Compose project (core/project/compose-project.ts) and the rules on the merged service:
 * small multi-file workspaces in memory (compose.yaml + compose.override.yaml, override
 * precedence, include:, extends: across files, the compose.projects config, a lone
 * compose.prod.yaml). Exact ranges and related information.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze } from '../../../server/src/core/lint';
import { composeProject } from '../../../server/src/core/project/compose-project';
import type { Finding, LintOptions } from '../../../server/src/core/types';
import { memoryWorkspace, WS } from '../rule-tester';

const ws = (p: string) => path.join(WS, p);

function findings(files: Record<string, string>, file: string, config?: LintOptions['config']): Finding[] {
  const r = analyze(files[file], { path: ws(file), workspace: memoryWorkspace(files), config });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => !f.suppressed);
}
const brief = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`);

const BASE = `services:
  web:
    image: node:20
    command: ["node", "server.js"]
    read_only: true
`;
const OVERRIDE = `services:
  web:
    init: true
    tmpfs: [/tmp]
`;
const STRICT = { preset: 'strict' as const };

describe('compose project: which files', () => {
  it('compose.yaml + compose.override.yaml in the same folder', () => {
    const files = { 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE };
    const p = composeProject(ws('compose.yaml'), memoryWorkspace(files), undefined, [])!;
    assert.deepEqual(p.order, [ws('compose.yaml'), ws('compose.override.yaml')]);
    assert.equal(p.self, 0);
    assert.equal(p.how, 'default');
  });

  it('precedence: compose.yaml over docker-compose.yml, compose.override.yml over compose.override.yaml', () => {
    const files = { 'compose.yaml': BASE, 'docker-compose.yml': BASE, 'compose.override.yaml': OVERRIDE, 'compose.override.yml': OVERRIDE, 'docker-compose.override.yml': OVERRIDE };
    const r = memoryWorkspace(files);
    assert.deepEqual(composeProject(ws('compose.yaml'), r, undefined, [])!.order, [ws('compose.yaml'), ws('compose.override.yml')]);
    // Files Compose does not read by default are judged alone.
    assert.equal(composeProject(ws('docker-compose.yml'), r, undefined, []), undefined);
    assert.equal(composeProject(ws('compose.override.yaml'), r, undefined, []), undefined);
    assert.equal(composeProject(ws('docker-compose.override.yml'), r, undefined, []), undefined);
  });

  it('docker-compose.yml with docker-compose.override.yml', () => {
    const files = { 'docker-compose.yml': BASE, 'docker-compose.override.yml': OVERRIDE };
    assert.deepEqual(composeProject(ws('docker-compose.override.yml'), memoryWorkspace(files), undefined, [])!.order, [ws('docker-compose.yml'), ws('docker-compose.override.yml')]);
  });

  it('a lone file, and compose.prod.yaml, are judged alone', () => {
    assert.equal(composeProject(ws('compose.yaml'), memoryWorkspace({ 'compose.yaml': BASE }), undefined, []), undefined);
    const files = { 'compose.yaml': BASE, 'compose.prod.yaml': OVERRIDE };
    assert.equal(composeProject(ws('compose.prod.yaml'), memoryWorkspace(files), undefined, []), undefined);
    assert.equal(composeProject(ws('compose.yaml'), memoryWorkspace(files), undefined, []), undefined);
  });

  it('compose.projects of the config makes another file set one project', () => {
    const files = { 'compose.yaml': BASE, 'compose.prod.yaml': OVERRIDE };
    const p = composeProject(ws('compose.prod.yaml'), memoryWorkspace(files), [[ws('compose.yaml'), ws('compose.prod.yaml')]], [])!;
    assert.deepEqual(p.order, [ws('compose.yaml'), ws('compose.prod.yaml')]);
    assert.equal(p.self, 1);
    assert.equal(p.how, 'config');
  });

  it('include: the included files come before the including file; found from the included file too', () => {
    const files = {
      'compose.yaml': 'include:\n  - db/compose.yaml\n  - path: [cache/base.yaml, cache/local.yaml]\nservices:\n  web:\n    image: nginx\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres\n',
      'cache/base.yaml': 'services:\n  cache:\n    image: redis\n',
      'cache/local.yaml': 'services:\n  cache:\n    init: true\n',
    };
    const r = memoryWorkspace(files);
    const order = [ws('db/compose.yaml'), ws('cache/base.yaml'), ws('cache/local.yaml'), ws('compose.yaml')];
    assert.deepEqual(composeProject(ws('compose.yaml'), r, undefined, [['db/compose.yaml'], ['cache/base.yaml', 'cache/local.yaml']].map((e) => e.map(ws)))!.order, order);
    const inc = composeProject(ws('cache/base.yaml'), r, undefined, [])!;
    assert.equal(inc.how, 'include');
    assert.deepEqual(inc.order, order);
    assert.equal(inc.self, 1);
  });
});

describe('compose project: include forms', () => {
  it('{path, project_directory, env_file} and a path list; interpolated and remote paths are skipped', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: ./svc/a.yaml\n    project_directory: ./svc\n    env_file: ./svc/.env\n  - path: ${DIR}/b.yaml\n  - oci://registry/x:1\n  - [c.yaml]\nservices:\n  web:\n    image: nginx\n',
      'svc/a.yaml': 'services:\n  a:\n    image: nginx\n',
      'c.yaml': 'services:\n  c:\n    image: nginx\n',
      'compose.override.yaml': 'services:\n  a:\n    init: true\n',
    };
    const r = memoryWorkspace(files);
    const p = composeProject(ws('compose.override.yaml'), r, undefined, [])!;
    // The list form of an entry must sit under `path:`: a bare list item is not an include.
    assert.deepEqual(p.order, [ws('svc/a.yaml'), ws('compose.yaml'), ws('compose.override.yaml')]);
    assert.deepEqual(findings(files, 'compose.override.yaml', STRICT), []);
  });
});

describe('compose project: rules judge the merged service', () => {
  it('the issue example: the override sets init and tmpfs; nothing on the base, nothing on the partial service', () => {
    const files = { 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE };
    assert.deepEqual(brief(findings(files, 'compose.yaml')), []);
    assert.deepEqual(brief(findings(files, 'compose.override.yaml', STRICT)), []);
    // Alone, the base has both findings.
    const alone = brief(findings({ 'compose.yaml': BASE }, 'compose.yaml'));
    assert.ok(alone.includes('compose/missing-init 2:3-2:6') && alone.includes('compose/read-only-without-tmp 2:3-2:6'), alone.join('\n'));
  });

  it('a finding on a merged service is on the base file with related information naming the override', () => {
    const files = { 'compose.yaml': BASE, 'compose.override.yaml': 'services:\n  web:\n    environment:\n      A: b\n' };
    const fs = findings(files, 'compose.yaml');
    const init = fs.find((f) => f.rule === 'compose/missing-init')!;
    assert.deepEqual(init.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.deepEqual(init.related, [{
      message: '"web" is also defined in compose.override.yaml, which Compose merges over this file: judged on the merged service',
      path: ws('compose.override.yaml'),
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } },
    }]);
  });

  it("build merges like a mapping: an override's build.target keeps the base's context and picks that stage", () => {
    const dockerfile = 'FROM python:3.12-slim AS dev\nCMD ["python", "app.py"]\n\nFROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n';
    const base = 'services:\n  web:\n    build:\n      context: ./app\n';
    const alone = findings({ 'compose.yaml': base, 'app/Dockerfile': dockerfile }, 'compose.yaml');
    assert.deepEqual(brief(alone.filter((f) => f.rule === 'compose/missing-init')), [], 'the final stage runs gunicorn, which handles SIGTERM');
    const files = { 'compose.yaml': base, 'compose.override.yaml': 'services:\n  web:\n    build:\n      target: dev\n', 'app/Dockerfile': dockerfile };
    const init = findings(files, 'compose.yaml').filter((f) => f.rule === 'compose/missing-init');
    assert.deepEqual(brief(init), ['compose/missing-init 2:3-2:6']);
    assert.match(init[0].message, /python \(the Dockerfile's CMD\) as PID 1 ignores SIGTERM/);
  });

  it('an override value wins, and its fix belongs to the override: no edit in the base', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: node:20\n    command: ["node", "server.js"]\n    init: true\n', 'compose.override.yaml': 'services:\n  web:\n    init: false\n' };
    const init = findings(files, 'compose.yaml').find((f) => f.rule === 'compose/missing-init')!;
    assert.deepEqual(init.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.equal(init.fix, undefined);
    assert.match(init.message, /sets "init: false"/);
    assert.equal(init.related?.[0].path, ws('compose.override.yaml'));
    assert.deepEqual(findings(files, 'compose.override.yaml'), []);
  });

  it('a service only the override defines is judged there; the partial one is not', () => {
    const files = {
      'compose.yaml': BASE,
      'compose.override.yaml': 'services:\n  web:\n    tmpfs: [/run]\n  worker:\n    image: node:20\n    command: ["node", "worker.js"]\n',
    };
    const over = brief(findings(files, 'compose.override.yaml', STRICT));
    assert.ok(over.every((x) => x.endsWith('4:3-4:9')), over.join('\n'));
    assert.ok(over.includes('compose/missing-init 4:3-4:9'));
    // tmpdir-unset is the base's, merged: /run from the override, nothing at /tmp.
    const base = brief(findings(files, 'compose.yaml', STRICT));
    assert.ok(base.includes('compose/tmpdir-unset 2:3-2:6'), base.join('\n'));
  });

  it('sequences append: cap_add of the override is reported on the base service key, without an edit', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN]\n', 'compose.override.yaml': 'services:\n  web:\n    cap_add: [SYS_PTRACE]\n' };
    const f = findings(files, 'compose.yaml').filter((x) => x.rule === 'compose/ptrace-capability');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    assert.equal(f[0].suggestions, undefined);
    assert.equal(f[0].related?.[0].path, ws('compose.override.yaml'));
  });

  it('volumes are unique by target: an override read-only /tmp replaces the base writable one', () => {
    const files = {
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    read_only: true\n    volumes: ["tmp:/tmp"]\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes: ["./t:/tmp:ro"]\n',
    };
    assert.deepEqual(brief(findings(files, 'compose.yaml').filter((f) => f.rule === 'compose/read-only-without-tmp')), ['compose/read-only-without-tmp 2:3-2:6']);
  });

  it('extends across files in the override: the extended service counts too', () => {
    const files = {
      'compose.yaml': BASE,
      'compose.override.yaml': 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: hardened\n',
      'common.yaml': 'services:\n  hardened:\n    init: true\n    tmpfs: [/tmp]\n',
    };
    assert.deepEqual(brief(findings(files, 'compose.yaml')), []);
  });

  it('include: an override of an included service is partial; the included file is judged with the override', () => {
    const files = {
      'compose.yaml': 'include:\n  - api/compose.yaml\nservices:\n  proxy:\n    image: nginx\n',
      'compose.override.yaml': 'services:\n  api:\n    init: true\n    tmpfs: [/tmp]\n',
      'api/compose.yaml': 'services:\n  api:\n    image: node:20\n    command: ["node", "server.js"]\n    read_only: true\n',
    };
    assert.deepEqual(brief(findings(files, 'compose.override.yaml', STRICT)), []);
    assert.deepEqual(brief(findings(files, 'api/compose.yaml')), []);
    assert.ok(brief(findings({ 'api/compose.yaml': files['api/compose.yaml'] }, 'api/compose.yaml')).includes('compose/missing-init 2:3-2:6'));
  });

  it('compose.projects: compose.prod.yaml judged with the base only when listed', () => {
    const files = { 'compose.yaml': BASE, 'compose.prod.yaml': OVERRIDE };
    const listed = { composeProjects: [[ws('compose.yaml'), ws('compose.prod.yaml')]] };
    assert.deepEqual(brief(findings(files, 'compose.yaml', listed)), []);
    assert.deepEqual(brief(findings(files, 'compose.prod.yaml', { ...listed, preset: 'strict' })), []);
    // Not listed: each alone (the prod file's partial service is judged on its own).
    assert.ok(brief(findings(files, 'compose.yaml')).includes('compose/missing-init 2:3-2:6'));
    // A lone compose.prod.yaml is judged alone: its partial service gets tmpdir-unset.
    const prod = { 'compose.yaml': BASE, 'compose.prod.yaml': 'services:\n  web:\n    tmpfs: [/run]\n' };
    assert.deepEqual(brief(findings(prod, 'compose.prod.yaml', STRICT)), ['compose/tmp-not-tmpfs 2:3-2:6', 'compose/tmpdir-unset 2:3-2:6']);
    assert.deepEqual(brief(findings(prod, 'compose.prod.yaml', { ...listed, preset: 'strict' })), []);
  });

  it('an edited override changes the base file\'s findings (the memo key follows the other files)', () => {
    const files: Record<string, string> = { 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE };
    assert.deepEqual(brief(findings(files, 'compose.yaml')), []);
    files['compose.override.yaml'] = 'services:\n  web:\n    tmpfs: [/tmp]\n';
    assert.deepEqual(brief(findings(files, 'compose.yaml')).filter((x) => x.startsWith('compose/missing-init')), ['compose/missing-init 2:3-2:6']);
  });
});
