/**
 * Nothing silent (RULES.md principle 5): a file named on the command line is linted by its name,
 * else by its content, or the run says why and exits 2 (unless --ignore-unknown); discovery
 * finds the other Dockerfile names; every report ends with the files skipped and why (stylish:
 * one line; JSON: "skipped"; SARIF: tool execution notifications, see sarif.test.ts).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, cli, fixture, json, only } from './helpers';

after(cleanup);

const COMPOSE = 'services:\n  web:\n    image: nginx\n';
const DOCKERFILE = 'FROM alpine:3.20\nUSER 10001:10001\nCMD ["sleep", "infinity"]\n';
const HELM = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
const V1 = 'web:\n  image: nginx\n  ports:\n    - "80:80"\ndb:\n  image: postgres\n';
const GITLAB = 'build:\n  image: node:20\n  script:\n    - npm ci\n';
const WORKFLOW = 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n';

const TEMPLATE_NOTE = 'a Go/Helm template ({{ }}), not a manifest (lint the rendered output, e.g. of helm template)';
const V1_NOTE = 'a Compose v1 layout (services at the top level, no services: key), which Docker Compose v2 no longer reads: move the services under services:';
const UNKNOWN_NOTE = 'not a Compose file, Kubernetes manifest or Dockerfile (by name or content)';
const UNKNOWN_YAML_NOTE = 'not a Compose file or Kubernetes manifest (no top-level services: mapping, no apiVersion and kind)';
const FAILED = (n: number) => `container-signals: ${n === 1 ? '1 file' : `${n} files`} named on the command line could not be linted (exit 2; --ignore-unknown lists such files as skipped without failing the run)\n`;

describe('discovery: Dockerfile names', () => {
  it('Dockerfile-*, Dockerfile_*, *_Dockerfile (api__Dockerfile), *-Dockerfile and *.Dockerfile are Dockerfiles; Dockerfile-*.yaml is not', () => {
    const dir = fixture({
      'Dockerfile-prod': DOCKERFILE, 'Dockerfile_dev': DOCKERFILE, 'api__Dockerfile': DOCKERFILE,
      'svc/web-Dockerfile': DOCKERFILE, 'app.Dockerfile': DOCKERFILE,
      'Dockerfile-lint.yaml': 'rules: {}\n', 'Dockerfile-prod.dockerignore': 'node_modules\n', 'Dockerfiles/readme.txt': 'x\n',
    });
    const r = cli(dir, 'check', '--format', 'json', ...only());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(json(r).files.map((f) => [f.path, f.kind]), [
      ['Dockerfile-prod', 'dockerfile'], ['Dockerfile_dev', 'dockerfile'], ['api__Dockerfile', 'dockerfile'],
      ['app.Dockerfile', 'dockerfile'], ['svc/web-Dockerfile', 'dockerfile'],
    ]);
  });
});

describe('discovery: the files skipped are counted and listed', () => {
  const tree = () => fixture({
    'chart/templates/pod.yaml': HELM,
    'chart/templates/svc.yaml': HELM,
    'legacy/docker-compose.yml': V1,
    'big/compose.yaml': COMPOSE + `# ${'x'.repeat(3000)}\n`,
    'bin.yaml': Buffer.from('a: b\n\0\0', 'latin1'),
    'compose.yaml': COMPOSE,
    '.gitlab-ci.yml': GITLAB,
    '.github/workflows/ci.yml': WORKFLOW,
  });

  it('stylish ends with one line: how many files and why; exit 0; stderr names the ones it always named', () => {
    const r = cli(tree(), 'check', '--max-file-size', '1000', ...only());
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '5 files skipped: 2 Go/Helm templates, 1 Compose v1 layout, 1 too large, 1 binary or not UTF-8 (--verbose lists them)\n');
    assert.equal(r.stderr, [
      'big/compose.yaml: skipped: larger than --max-file-size 1000 bytes (3037 bytes)\n',
      'bin.yaml: skipped: binary file (contains a NUL byte)\n',
    ].join(''));
  });

  it('--verbose names every skipped file on stderr, and the line drops its hint', () => {
    const r = cli(tree(), 'check', '--verbose', '--max-file-size', '1000', ...only());
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '5 files skipped: 2 Go/Helm templates, 1 Compose v1 layout, 1 too large, 1 binary or not UTF-8\n');
    assert.deepEqual(r.stderr.split('\n').filter(Boolean).sort(), [
      'big/compose.yaml: skipped: larger than --max-file-size 1000 bytes (3037 bytes)',
      'bin.yaml: skipped: binary file (contains a NUL byte)',
      `chart/templates/pod.yaml: skipped: ${TEMPLATE_NOTE}`,
      `chart/templates/svc.yaml: skipped: ${TEMPLATE_NOTE}`,
      `legacy/docker-compose.yml: skipped: ${V1_NOTE}`,
    ]);
  });

  it('JSON: "skipped": [{path, reason}] sorted by path, version still 1', () => {
    const r = cli(tree(), 'check', '--format', 'json', '--max-file-size', '1000', ...only());
    assert.equal(r.status, 0);
    assert.deepEqual(JSON.parse(r.stdout), {
      version: 1,
      files: [{ path: 'compose.yaml', kind: 'compose', findings: [] }],
      skipped: [
        { path: 'big/compose.yaml', reason: 'larger than --max-file-size 1000 bytes (3037 bytes)' },
        { path: 'bin.yaml', reason: 'binary file (contains a NUL byte)' },
        { path: 'chart/templates/pod.yaml', reason: TEMPLATE_NOTE },
        { path: 'chart/templates/svc.yaml', reason: TEMPLATE_NOTE },
        { path: 'legacy/docker-compose.yml', reason: V1_NOTE },
      ],
      summary: { files: 1, errors: 0, warnings: 0, information: 0, hints: 0, fixable: 0, suggestions: 0 },
    });
  });

  it('nothing skipped: stylish prints nothing, JSON has "skipped": []', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE, 'notes.yaml': 'a: 1\n' });
    assert.equal(cli(dir, 'check', ...only()).stdout, '');
    assert.deepEqual(json(cli(dir, 'check', '-f', 'json', ...only())).skipped, []);
  });

  it('the line follows the problem summary; --fix-dry-run (a diff) puts it on stderr', () => {
    const dir = fixture({ 'compose.yaml': 'version: "3"\n' + COMPOSE, 'chart/templates/pod.yaml': HELM });
    let r = cli(dir, 'check', ...only('compose/obsolete-version'));
    assert.deepEqual(r.stdout.split('\n').slice(-4), [
      '✖ 1 problem (0 errors, 0 warnings, 0 info, 1 hint)',
      '  1 problem is fixable with --fix',
      '1 file skipped: 1 Go/Helm template (--verbose lists them)',
      '',
    ]);
    r = cli(dir, 'check', '--fix-dry-run', ...only('compose/obsolete-version'));
    assert.match(r.stdout, /^--- a\/compose\.yaml\n/);
    assert.equal(r.stderr, '1 file skipped: 1 Go/Helm template (--verbose lists them)\n');
  });
});

describe('files named on the command line', () => {
  it('a name that says neither: linted by content (FROM/ARG after comments and parser directives; YAML by services: or apiVersion+kind)', () => {
    const dir = fixture({
      'prod.build': '# syntax=docker/dockerfile:1\n# escape=\\\n\nARG V=3.20\nFROM alpine:${V}\nCMD ["true"]\n',
      'stack.txt': COMPOSE,
      'pod.manifest': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n',
      'Dockerfile-prod': DOCKERFILE,
    });
    const r = cli(dir, 'check', '-f', 'json', 'prod.build', 'stack.txt', 'pod.manifest', 'Dockerfile-prod', ...only());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(json(r).files.map((f) => [f.path, f.kind]), [
      ['Dockerfile-prod', 'dockerfile'], ['pod.manifest', 'kubernetes'], ['prod.build', 'dockerfile'], ['stack.txt', 'compose'],
    ]);
  });

  it('neither by name nor by content: exit 2, the reason on stderr, listed as skipped', () => {
    const dir = fixture({ 'notes.txt': 'hello\n', 'compose.yaml': COMPOSE });
    const r = cli(dir, 'check', 'notes.txt', 'compose.yaml', ...only());
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `notes.txt: skipped: ${UNKNOWN_NOTE}\n${FAILED(1)}`);
    assert.equal(r.stdout, '1 file skipped: 1 not a Compose file, manifest or Dockerfile (--verbose lists them)\n');
  });

  it('YAML that is neither Compose nor Kubernetes, a template, Compose v1, too large, binary, no readable document: exit 2 each', () => {
    const dir = fixture({
      '.github/workflows/ci.yml': WORKFLOW, '.gitlab-ci.yml': GITLAB,
      'chart/templates/pod.yaml': HELM, 'docker-compose.yml': V1,
      'big.yaml': COMPOSE + `# ${'x'.repeat(3000)}\n`, 'bin.yaml': Buffer.from('a: b\n\0', 'latin1'),
      'broken.yaml': 'services: [\n',
    });
    const cases: [string, string][] = [
      ['.github/workflows/ci.yml', UNKNOWN_YAML_NOTE],
      ['.gitlab-ci.yml', UNKNOWN_YAML_NOTE],
      ['chart/templates/pod.yaml', TEMPLATE_NOTE],
      ['docker-compose.yml', V1_NOTE],
      ['big.yaml', 'larger than --max-file-size 1000 bytes (3037 bytes)'],
      ['bin.yaml', 'binary file (contains a NUL byte)'],
      ['broken.yaml', 'YAML parse error: no document could be read'],
    ];
    for (const [file, reason] of cases) {
      const r = cli(dir, 'check', '-f', 'json', '--max-file-size', '1000', file, ...only());
      assert.equal(r.status, 2, file);
      assert.ok(r.stderr.startsWith(`${file}: skipped: ${reason}\n`) && r.stderr.endsWith(FAILED(1)), `${file}: ${r.stderr}`);
      assert.deepEqual(json(r).skipped, [{ path: file, reason }], file);
    }
  });

  it('--ignore-unknown (-u): the same files are listed as skipped and the run does not fail', () => {
    const dir = fixture({ '.github/workflows/ci.yml': WORKFLOW, 'chart/templates/pod.yaml': HELM, 'compose.yaml': COMPOSE });
    for (const flag of ['--ignore-unknown', '-u']) {
      const r = cli(dir, 'check', flag, '.github/workflows/ci.yml', 'chart/templates/pod.yaml', 'compose.yaml', ...only());
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, `.github/workflows/ci.yml: skipped: ${UNKNOWN_YAML_NOTE}\nchart/templates/pod.yaml: skipped: ${TEMPLATE_NOTE}\n`);
      assert.equal(r.stdout, '2 files skipped: 1 Go/Helm template, 1 not a Compose file, manifest or Dockerfile (--verbose lists them)\n');
    }
  });

  it('a file the config\'s ignore globs match is skipped with a note and listed, without failing (as ESLint warns)', () => {
    const dir = fixture({ '.container-signals.yaml': 'ignore:\n  - vendor/\n', 'vendor/compose.yaml': COMPOSE });
    const r = cli(dir, 'check', '-f', 'json', 'vendor/compose.yaml', ...only());
    assert.equal(r.status, 0);
    assert.equal(r.stderr, 'vendor/compose.yaml: skipped: matches "vendor/" in the ignore list of .container-signals.yaml\n');
    assert.deepEqual(json(r).skipped, [{ path: 'vendor/compose.yaml', reason: 'matches "vendor/" in the ignore list of .container-signals.yaml' }]);
  });
});
