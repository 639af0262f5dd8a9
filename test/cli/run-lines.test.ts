/**
 * `check` on files that hold `docker run` lines (issue 12): discovery of scripts, Makefiles, CI
 * workflows and Markdown, `targets:` in the config file, `--fix` on them.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, cli, fixture, json, only } from './helpers';

after(cleanup);

const RUN_RULES = ['run/missing-init', 'run/read-only-without-tmp', 'run/stop-timeout', 'run/invalid-stop-signal', 'run/uncatchable-stop-signal'];
const LINE = 'docker run -d node:20 node server.js\n';
const TREE = {
  'deploy.sh': `#!/bin/sh\n${LINE}`,
  'scripts/run.bash': LINE,
  'Makefile': `run:\n\t${LINE}`,
  'mk/up.mk': `up:\n\t@${LINE}`,
  'README.md': `# App\n\n\`\`\`sh\n$ ${LINE}\`\`\`\n`,
  'docs/notes.markdown': `\`\`\`console\n$ ${LINE}\`\`\`\n`,
  '.github/workflows/ci.yml': `on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${LINE}`,
  '.gitlab-ci.yml': `test:\n  script:\n    - ${LINE}`,
  'notes.txt': LINE,
  'clean.sh': 'echo hello\n',
};
const ALL = ['.github/workflows/ci.yml', '.gitlab-ci.yml', 'Makefile', 'README.md', 'deploy.sh', 'docs/notes.markdown', 'mk/up.mk', 'scripts/run.bash'];

const found = (dir: string, ...args: string[]) => {
  const r = cli(dir, 'check', ...only(...RUN_RULES), '--format', 'json', ...args);
  return json(r).files.filter((f) => f.findings.length).map((f) => `${f.path}:${f.findings.map((x) => `${x.line}:${x.column} ${x.rule}`).join(',')}`);
};

describe('check: docker run lines', () => {
  it('finds them in scripts, Makefiles, CI workflows and Markdown; not in other files', () => {
    const dir = fixture(TREE);
    assert.deepEqual(found(dir, '.'), [
      '.github/workflows/ci.yml:6:14 run/missing-init',
      '.gitlab-ci.yml:3:7 run/missing-init',
      'Makefile:2:2 run/missing-init',
      'README.md:4:3 run/missing-init',
      'deploy.sh:2:1 run/missing-init',
      'docs/notes.markdown:2:3 run/missing-init',
      'mk/up.mk:2:3 run/missing-init',
      'scripts/run.bash:1:1 run/missing-init',
    ]);
    const r = cli(dir, 'check', ...only(...RUN_RULES), '--format', 'json', '.');
    const kinds = Object.fromEntries(json(r).files.map((f) => [f.path, (f as unknown as { kind: string }).kind]));
    assert.equal(kinds['deploy.sh'], 'shell');
    assert.equal(kinds['clean.sh'], 'shell');
    assert.equal(kinds['Makefile'], 'makefile');
    assert.equal(kinds['README.md'], 'markdown');
    assert.equal(kinds['.gitlab-ci.yml'], 'ci');
    assert.equal(kinds['notes.txt'], undefined);
  });

  it('targets: turns kinds off (markdown: false), others stay', () => {
    const dir = fixture({ ...TREE, '.container-signals.yaml': 'targets:\n  markdown: false\n  makefiles: false\n' });
    assert.deepEqual(found(dir, '.').map((s) => s.split(':')[0]), ['.github/workflows/ci.yml', '.gitlab-ci.yml', 'deploy.sh', 'scripts/run.bash']);
    const r = cli(dir, 'check', '--format', 'json', '.');
    assert.ok(!json(r).files.some((f) => f.path === 'README.md'), 'Markdown files are not collected');
  });

  it('targets: scripts and ci off', () => {
    const dir = fixture({ ...TREE, '.container-signals.yaml': 'targets: {scripts: false, ci: false}\n' });
    assert.deepEqual(found(dir, '.').map((s) => s.split(':')[0]), ['Makefile', 'README.md', 'docs/notes.markdown', 'mk/up.mk']);
  });

  it('a file of a kind turned off, named on the command line, is skipped with a note (exit 2)', () => {
    const dir = fixture({ 'README.md': TREE['README.md'], '.container-signals.yaml': 'targets:\n  markdown: false\n' });
    const r = cli(dir, 'check', ...only(...RUN_RULES), 'README.md');
    assert.match(r.stderr, /README\.md: skipped: turned off by targets\.markdown: false in the config file/);
    assert.equal(r.status, 2);
  });

  it('a bad targets: entry is a config problem', () => {
    const dir = fixture({ 'deploy.sh': LINE, '.container-signals.yaml': 'targets:\n  docs: false\n' });
    const r = cli(dir, 'check', '.');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /targets: unknown kind "docs" \(allowed: scripts, makefiles, ci, markdown\)/);
  });

  it('--fix inserts --init and the tmpfs, keeping continuations, prompts and recipe prefixes', () => {
    const dir = fixture({
      'deploy.sh': 'docker run -d \\\n  --read-only \\\n  node:20 node server.js\n',
      'README.md': '```console\n$ docker run -d node:20 node server.js\nabc\n```\n',
      'Makefile': 'up:\n\t@docker run -d node:20 node server.js\n',
    });
    const r = cli(dir, 'check', ...only(...RUN_RULES), '--fix', '.');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'deploy.sh'), 'utf8'), 'docker run --tmpfs /tmp --init -d \\\n  --read-only \\\n  node:20 node server.js\n');
    assert.equal(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), '```console\n$ docker run --init -d node:20 node server.js\nabc\n```\n');
    assert.equal(fs.readFileSync(path.join(dir, 'Makefile'), 'utf8'), 'up:\n\t@docker run --init -d node:20 node server.js\n');
  });

  it('a shell script with {{ }} is no template; stdin with --stdin-filename', () => {
    const dir = fixture({ 'x.sh': 'docker inspect -f "{{ include .Values }}" x\ndocker run -d node:20 node a.js\n' });
    assert.deepEqual(found(dir, 'x.sh'), ['x.sh:2:1 run/missing-init']);
  });
});
