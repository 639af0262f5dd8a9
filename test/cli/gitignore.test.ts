/**
 * Discovery and .gitignore (root and nested files, negation, .git/info/exclude), checked
 * against git itself where git is installed; and the progress display on a terminal.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from '../../server/src/cli/run';
import { Progress } from '../../server/src/cli/progress';
import { cleanup, cli, fixture, gitRoot, only, paths } from './helpers';

after(cleanup);

const OBSOLETE = 'compose/obsolete-version';
const COMPOSE_V = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
const DOCKERFILE = 'FROM alpine:3.20\nUSER 10001:10001\nCMD ["sleep", "infinity"]\n';

const TREE = {
  '.gitignore': 'build/\n*.local.yaml\n/generated.yaml\n!important.local.yaml\ntmp*\n',
  'compose.yaml': COMPOSE_V,
  'generated.yaml': COMPOSE_V,
  'dev.local.yaml': COMPOSE_V,
  'important.local.yaml': COMPOSE_V,
  'build/compose.yaml': COMPOSE_V,
  'tmp-stack/compose.yaml': COMPOSE_V,
  'svc/.gitignore': 'Dockerfile.debug\n!/tmp-keep/\n',
  'svc/Dockerfile': DOCKERFILE,
  'svc/Dockerfile.debug': DOCKERFILE,
  'svc/generated.yaml': COMPOSE_V,
  'svc/tmp-keep/compose.yaml': COMPOSE_V,
  'svc/deep/.gitignore': '!dev.local.yaml\n',
  'svc/deep/dev.local.yaml': COMPOSE_V,
  'svc/deep/compose.yaml': COMPOSE_V,
  'excluded/compose.yaml': COMPOSE_V,
};
const EXPECTED = [
  'compose.yaml', 'important.local.yaml', 'svc/Dockerfile', 'svc/deep/compose.yaml', 'svc/deep/dev.local.yaml',
  'svc/generated.yaml', 'svc/tmp-keep/compose.yaml',
];

describe('discovery respects .gitignore', () => {
  it('root and nested .gitignore files, negation, anchors, and .git/info/exclude', () => {
    const dir = gitRoot(fixture(TREE));
    fs.writeFileSync(path.join(dir, '.git/info/exclude'), 'excluded/\n');
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.stderr, '');
    assert.deepEqual(paths(r), EXPECTED);
  });

  it('agrees with git ls-files --others --exclude-standard', () => {
    const git = spawnSync('git', ['--version']);
    if (git.error || git.status !== 0) return; // git is not installed here
    const dir = fixture(TREE);
    const init = spawnSync('git', ['init', '-q', '.'], { cwd: dir });
    assert.equal(init.status, 0);
    fs.writeFileSync(path.join(dir, '.git/info/exclude'), 'excluded/\n');
    const ls = spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: dir, encoding: 'utf8' });
    const byGit = ls.stdout.split('\n').filter((p) => p && !p.endsWith('.gitignore')).sort();
    assert.deepEqual(byGit, EXPECTED);
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', ...only(OBSOLETE))), byGit);
  });

  it('reads the .gitignore files above the scanned folder, up to the git root', () => {
    const dir = gitRoot(fixture(TREE));
    assert.deepEqual(paths(cli(path.join(dir, 'svc'), 'check', '--format', 'json', ...only(OBSOLETE))), [
      'Dockerfile', 'deep/compose.yaml', 'deep/dev.local.yaml', 'generated.yaml', 'tmp-keep/compose.yaml',
    ]);
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', 'svc/deep', ...only(OBSOLETE))), ['svc/deep/compose.yaml', 'svc/deep/dev.local.yaml']);
  });

  it('outside a git repository, .gitignore files in the scanned tree still apply', () => {
    const dir = fixture({ '.gitignore': 'build/\n', 'compose.yaml': COMPOSE_V, 'build/compose.yaml': COMPOSE_V });
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', ...only(OBSOLETE))), ['compose.yaml']);
  });

  it('a file named explicitly is linted even when ignored; an ignored folder named explicitly is skipped with a note', () => {
    const dir = gitRoot(fixture(TREE));
    const r = cli(dir, 'check', '--format', 'json', 'dev.local.yaml', 'build', ...only(OBSOLETE));
    assert.deepEqual(paths(r), ['dev.local.yaml']);
    assert.equal(r.stderr, 'build: skipped: ignored by .gitignore ("build/")\n');
  });
});

describe('progress on a terminal', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 5; i++) files[`s${i}/compose.yaml`] = COMPOSE_V;

  function runWith(opts: { tty: boolean; step: number }) {
    const dir = fixture(files);
    let t = 0;
    let stderr = '';
    let stdout = '';
    const code = run(['check', ...only(OBSOLETE)], {
      cwd: dir, color: false, stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; },
      stderrIsTTY: opts.tty, now: () => (t += opts.step),
    });
    return { code, stderr, stdout };
  }

  it('shows files done / total in place with \\r on a long scan, and clears the line at the end', () => {
    const r = runWith({ tty: true, step: 200 });
    assert.equal(r.code, 0);
    const frames = r.stderr.split('\r\x1b[K');
    assert.equal(frames[0], '');
    assert.equal(frames[frames.length - 1], '', 'the line is cleared at the end');
    const shown = frames.filter(Boolean);
    assert.ok(shown.length >= 2, JSON.stringify(r.stderr));
    for (const s of shown) assert.match(s, /^container-signals: \d\/5 files$/);
    assert.equal(shown[shown.length - 1], 'container-signals: 5/5 files');
    assert.ok(!r.stderr.includes('\n'), 'no new lines: the progress is rewritten in place');
    assert.match(r.stdout, /✖ 5 problems/);
  });

  it('prints nothing when stderr is not a terminal, or when the scan is short', () => {
    assert.equal(runWith({ tty: false, step: 200 }).stderr, '');
    assert.equal(runWith({ tty: true, step: 0 }).stderr, '');
  });

  it('clears the progress line before other messages', () => {
    const out: string[] = [];
    let t = 0;
    const p = new Progress(true, 10, (s) => out.push(s), () => (t += 1000));
    p.tick(1);
    p.message('x.yaml: skipped: binary file\n');
    p.tick(2);
    p.clear();
    assert.deepEqual(out, [
      '\r\x1b[Kcontainer-signals: 1/10 files', '\r\x1b[K', 'x.yaml: skipped: binary file\n',
      '\r\x1b[Kcontainer-signals: 2/10 files', '\r\x1b[K',
    ]);
  });

  it('the command line shows no progress when stderr is a pipe', () => {
    const dir = fixture(files);
    const r = cli(dir, 'check', ...only(OBSOLETE));
    assert.equal(r.stderr, '');
  });
});
