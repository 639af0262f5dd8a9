/**
 * Safety of `check --fix` writes and the CLI's handling of bad input: a write is atomic (temp
 * file + rename, mode kept, nothing left behind when it fails midway), never goes through a
 * symlink out of the scanned directory, never overwrites a file that changed since it was read,
 * and every file not written is named. Go/Helm templates are skipped quietly (named with
 * --verbose), --max-file-size, binary / non-UTF-8 / empty files.
 *
 * Failures inside the CLI process (a rename that fails, a disk that fills up, an editor saving
 * the file between read and write) are injected with a `--require` preload that wraps `fs`.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, cleanup, cli, cliWith, fixture } from './helpers';

after(cleanup);

const DIRTY = 'services:\n  api:\n    image: example/api:1.0\n    user: root\n';
// --fix applies fixes only (init: true); the user change is a suggestion (RULES.md v2).
const FIXED = 'services:\n  api:\n    image: example/api:1.0\n    init: true\n    user: root\n';

/** Runs the CLI with a preload script (JavaScript text) that may wrap `fs`. */
function cliPreload(cwd: string, preload: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const p = path.join(fixture(), 'preload.js');
  fs.writeFileSync(p, preload);
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, ['--require', p, CLI, ...args], { cwd, encoding: 'utf8', env, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tempFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('--fix writes', () => {
  it('replace the file atomically: exact content, mode kept (0640, 0755), no temp file left', () => {
    for (const mode of [0o640, 0o755]) {
      const dir = fixture({ 'docker-compose.yml': DIRTY });
      const f = path.join(dir, 'docker-compose.yml');
      fs.chmodSync(f, mode);
      const ino = fs.statSync(f).ino;
      const r = cli(dir, 'check', '--fix', '.');
      assert.equal(fs.readFileSync(f, 'utf8'), FIXED, r.stderr);
      assert.equal(fs.statSync(f).mode & 0o7777, mode);
      assert.notEqual(fs.statSync(f).ino, ino, 'a new file renamed over the old one (not rewritten in place)');
      assert.deepEqual(tempFiles(dir), []);
    }
  });

  it('a rename that fails leaves the original file whole and no temp file; the run says so and exits 2', () => {
    const dir = fixture({ 'docker-compose.yml': DIRTY, 'b/docker-compose.yml': DIRTY });
    const r = cliPreload(dir, `
      const fs = require('fs');
      const rename = fs.renameSync;
      fs.renameSync = function (from, to) {
        if (String(to).includes('/b/')) { const e = new Error('EIO: i/o error, rename'); e.code = 'EIO'; throw e; }
        return rename.apply(this, arguments);
      };`, 'check', '--fix', '.');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^b\/docker-compose\.yml: cannot write: EIO: i\/o error/m);
    assert.equal(fs.readFileSync(path.join(dir, 'b/docker-compose.yml'), 'utf8'), DIRTY, 'the file that failed is whole');
    assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), FIXED, 'the other file is written');
    assert.deepEqual([...tempFiles(dir), ...tempFiles(path.join(dir, 'b'))], []);
  });

  it('a disk that fills up halfway through the temp file leaves the original whole', () => {
    const dir = fixture({ 'docker-compose.yml': DIRTY });
    const r = cliPreload(dir, `
      const fs = require('fs');
      const write = fs.writeFileSync;
      fs.writeFileSync = function (fd, data) {
        if (typeof fd === 'number') { fs.writeSync(fd, String(data).slice(0, 10)); const e = new Error('ENOSPC: no space left on device, write'); e.code = 'ENOSPC'; throw e; }
        return write.apply(this, arguments);
      };`, 'check', '--fix', '.');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /docker-compose\.yml: cannot write: ENOSPC/);
    assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), DIRTY);
    assert.deepEqual(tempFiles(dir), []);
  });

  it('a file changed between read and write is not written: "skipped: changed since read", the other edit kept', () => {
    const dir = fixture({ 'docker-compose.yml': DIRTY, 'other/compose.yaml': DIRTY });
    const target = path.join(dir, 'docker-compose.yml');
    // An editor saves the file while --fix is writing its temp file.
    const r = cliPreload(dir, `
      const fs = require('fs');
      const open = fs.openSync;
      let done = false;
      fs.openSync = function (p) {
        if (!done && /\\.docker-compose\\.yml\\..*\\.tmp$/.test(String(p))) { done = true; fs.appendFileSync(${JSON.stringify(target)}, '# saved by an editor\\n'); }
        return open.apply(this, arguments);
      };`, 'check', '--fix', '.');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^docker-compose\.yml: skipped: changed since read \(not written\)$/m);
    assert.equal(fs.readFileSync(target, 'utf8'), DIRTY + '# saved by an editor\n', 'the concurrent edit is kept');
    assert.equal(fs.readFileSync(path.join(dir, 'other/compose.yaml'), 'utf8'), FIXED, 'other files are written');
    assert.deepEqual(tempFiles(dir), []);
  });

  it('never writes through a symlink that leads out of the scanned directory', () => {
    const root = fixture({ 'ws/real/compose.yaml': DIRTY, 'outside/docker-compose.yml': DIRTY });
    const ws = path.join(root, 'ws');
    fs.symlinkSync(path.join(root, 'outside/docker-compose.yml'), path.join(ws, 'docker-compose.yml'));
    fs.symlinkSync(path.join(ws, 'real/compose.yaml'), path.join(ws, 'link.yaml'));
    // Named explicitly: linted, but not written.
    let r = cli(ws, 'check', '--fix', 'docker-compose.yml', 'link.yaml');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^docker-compose\.yml: skipped: symbolic link to a file outside the scanned directory \(not written\)$/m);
    assert.equal(fs.readFileSync(path.join(root, 'outside/docker-compose.yml'), 'utf8'), DIRTY);
    // A symlink that stays inside: the file it points to is fixed, the link stays a link.
    assert.equal(fs.readFileSync(path.join(ws, 'real/compose.yaml'), 'utf8'), FIXED);
    assert.ok(fs.lstatSync(path.join(ws, 'link.yaml')).isSymbolicLink());
    // Found by the walk: not even linted.
    fs.writeFileSync(path.join(ws, 'real/compose.yaml'), DIRTY);
    r = cli(ws, 'check', '--fix', '.');
    assert.match(r.stderr, /^docker-compose\.yml: skipped: symbolic link to a file outside the scanned directory$/m);
    assert.equal(fs.readFileSync(path.join(root, 'outside/docker-compose.yml'), 'utf8'), DIRTY);
    assert.equal(fs.readFileSync(path.join(ws, 'real/compose.yaml'), 'utf8'), FIXED);
    // A symlinked directory out of the scanned one is not followed either.
    fs.writeFileSync(path.join(root, 'outside/compose.yaml'), DIRTY);
    fs.symlinkSync(path.join(root, 'outside'), path.join(ws, 'outdir'));
    cli(ws, 'check', '--fix', '.');
    assert.equal(fs.readFileSync(path.join(root, 'outside/compose.yaml'), 'utf8'), DIRTY);
  });
});

describe('a fix that would break its document', () => {
  // An explicit key whose map goes on below it at another indentation (a mutant the fuzzer found):
  // the tmpfs fix would make the document unparseable. tmp-not-tmpfs is strict-only: the project
  // config turns it on. (v1 also added `init: true`; v2 knows nothing about PID 1 here: no image key.)
  const ODD = 'services:\n  simple:\n   ?  image: node:20\n    ports:\n      - "80:80"\n';
  const CONFIG = 'rules:\n  compose/tmp-not-tmpfs: information\n';
  const NOTE = /^docker-compose\.yml: not fixed: 2:3 compose\/tmp-not-tmpfs: the document would no longer parse/;
  it('--fix applies the others, leaves it out and names it on stderr; the file still parses', () => {
    const dir = fixture({ 'docker-compose.yml': ODD, '.container-signals.yaml': CONFIG });
    const r = cli(dir, 'check', '--fix', '--format', 'json');
    assert.match(r.stderr, NOTE);
    assert.equal(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), ODD);
    assert.equal(r.status, 0);
  });
  it('--stdin --fix prints the same text and the same note', () => {
    const dir = fixture({ '.container-signals.yaml': CONFIG });
    const r = cliWith({ cwd: dir, input: ODD }, 'check', '--stdin', '--stdin-filename', 'docker-compose.yml', '--fix');
    assert.equal(r.stdout, ODD);
    assert.match(r.stderr, NOTE);
  });
});

describe('bad input on the command line', () => {
  const HELM = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          {{- toYaml .Values.securityContext | nindent 10 }}\n';

  it('a Go/Helm template is skipped quietly; --verbose names it; --fix leaves it alone', () => {
    const dir = fixture({ 'chart/templates/deployment.yaml': HELM, 'docker-compose.yml': DIRTY });
    let r = cli(dir, 'check', '-f', 'json', '.');
    assert.equal(r.stderr, '', 'no note and no YAML parse errors without --verbose');
    assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['docker-compose.yml']);
    r = cli(dir, 'check', '--verbose', '--fix', '.');
    assert.match(r.stderr, /^chart\/templates\/deployment\.yaml: skipped: a Go\/Helm template \(\{\{ \}\}\), not a manifest/m);
    assert.equal(fs.readFileSync(path.join(dir, 'chart/templates/deployment.yaml'), 'utf8'), HELM);
    r = cliWith({ cwd: dir, input: HELM }, 'check', '--stdin', '--stdin-filename', 'd.yaml', '--fix', '--verbose');
    assert.equal(r.stdout, HELM, 'the template is printed back unchanged');
    assert.match(r.stderr, /^d\.yaml: skipped: a Go\/Helm template/m);
    // Compose's own Go templates ({{.Name}}) do not make a file a template.
    const tagged = fixture({ 'docker-compose.yml': 'services:\n  a:\n    image: x\n    user: root\n    logging:\n      options:\n        tag: "{{.Name}}"\n' });
    assert.equal(JSON.parse(cli(tagged, 'check', '-f', 'json', '.').stdout).files.length, 1);
  });

  it('--max-file-size: larger files are skipped with a message; a larger limit lints them', () => {
    const big = DIRTY + `# ${'x'.repeat(3000)}\n`;
    const dir = fixture({ 'docker-compose.yml': big });
    let r = cli(dir, 'check', '--max-file-size', '1000', '.');
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^docker-compose\.yml: skipped: larger than --max-file-size 1000 bytes \(\d+ bytes\)$/m);
    r = cliWith({ cwd: dir, input: big }, 'check', '--stdin', '--max-file-size', '1000');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot lint standard input: larger than --max-file-size 1000 bytes/);
    const huge = fixture({ 'docker-compose.yml': DIRTY + `# ${'x'.repeat(2.5 * 1024 * 1024)}\n` });
    assert.match(cli(huge, 'check', '.').stderr, /skipped: larger than 2 MB/);
    r = cli(huge, 'check', '--max-file-size', String(4 * 1024 * 1024), '-f', 'json', '.');
    assert.equal(JSON.parse(r.stdout).files.length, 1, 'linted under a larger limit');
    assert.equal(cli(dir, 'check', '--max-file-size', '0').status, 2, 'usage error');
  });

  it('binary, non-UTF-8 and empty files: skipped (or clean), named, nothing written', () => {
    const bin = Buffer.from([0x73, 0x65, 0x72, 0x00, 0xff, 0x01]);
    const latin1 = Buffer.from('services:\n  caf\xe9:\n    user: root\n', 'latin1');
    const dir = fixture({ 'a.yaml': bin, 'b.yaml': latin1, 'c.yaml': '', 'Dockerfile': '# only a comment\n', 'd.yaml': '---\n# nothing\n' });
    const r = cli(dir, 'check', '--fix', '.');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^a\.yaml: skipped: binary file/m);
    assert.match(r.stderr, /^b\.yaml: skipped: not valid UTF-8/m);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a.yaml')), bin);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'b.yaml')), latin1);
    assert.equal(fs.readFileSync(path.join(dir, 'c.yaml'), 'utf8'), '');
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), '# only a comment\n');
  });

  it('invalid YAML: the parse error is reported, the other documents are linted and fixed, the broken one kept', () => {
    const text = 'services:\n  a:\n    image: x\n    user: root\n---\nservices: [\n';
    const dir = fixture({ 'docker-compose.yml': text });
    const r = cli(dir, 'check', '--fix', '.');
    assert.match(r.stderr, /docker-compose\.yml: YAML parse error at 7:1: Flow sequence/);
    const out = fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8');
    assert.ok(out.includes('init: true'), out);
    assert.ok(out.endsWith('---\nservices: [\n'), out);
  });
});
