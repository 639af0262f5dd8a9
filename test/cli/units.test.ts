/** Unit tests of the CLI's building blocks: the disk workspace reader, reading, args, formatting. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { diskWorkspace, readTextFile, workspaceRootFor, isInside } from '../../server/src/cli/read';
import { parseCliArgs } from '../../server/src/cli/args';
import { formatStylish } from '../../server/src/cli/format-stylish';
import { summarize } from '../../server/src/cli/results';
import type { FileResult } from '../../server/src/cli/results';
import { syntaxFor, isManifestName } from '../../server/src/cli/discover';
import { writeFileAtomic } from '../../server/src/cli/write';
import { cleanup, fixture } from './helpers';

after(cleanup);

describe('diskWorkspace', () => {
  it('reads files inside the root only (symlinks resolved), ≤ 2 MB, UTF-8, BOM stripped', () => {
    const outside = fixture({ 'secret.txt': 'nope\n' });
    const root = fixture({
      'Dockerfile': 'FROM alpine\n',
      'sub/Dockerfile': '\uFEFFFROM busybox\n',
      'big': 'x'.repeat(2 * 1024 * 1024 + 1),
      'latin1': Buffer.from([0x41, 0xe9, 0x0a]),
    });
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link-out'));
    fs.symlinkSync(outside, path.join(root, 'dir-out'), 'dir');
    fs.symlinkSync('Dockerfile', path.join(root, 'link-in'));
    const ws = diskWorkspace(root);
    assert.equal(ws.readFile(path.join(root, 'Dockerfile')), 'FROM alpine\n');
    assert.equal(ws.readFile(path.join(root, 'sub/Dockerfile')), 'FROM busybox\n');
    assert.equal(ws.readFile(path.join(root, 'link-in')), 'FROM alpine\n');
    assert.equal(ws.readFile(path.join(root, 'sub/../Dockerfile')), 'FROM alpine\n');
    assert.equal(ws.readFile(path.join(outside, 'secret.txt')), undefined);
    assert.equal(ws.readFile(path.join(root, '..', path.basename(outside), 'secret.txt')), undefined);
    assert.equal(ws.readFile(path.join(root, 'link-out')), undefined);
    assert.equal(ws.readFile(path.join(root, 'dir-out', 'secret.txt')), undefined);
    assert.equal(ws.readFile(path.join(root, 'big')), undefined);
    assert.equal(ws.readFile(path.join(root, 'latin1')), undefined);
    assert.equal(ws.readFile(path.join(root, 'missing')), undefined);
    assert.equal(ws.readFile(path.join(root, 'sub')), undefined);
  });

  it('root: the working directory, or the scanned path when it lies outside', () => {
    assert.equal(workspaceRootFor('/w', '/w/a/b', true), '/w');
    assert.equal(workspaceRootFor('/w', '/w/a/compose.yaml', false), '/w');
    assert.equal(workspaceRootFor('/w', '/x/a', true), '/x/a');
    assert.equal(workspaceRootFor('/w', '/x/a/compose.yaml', false), '/x/a');
    assert.ok(isInside('/w', '/w'));
    assert.ok(!isInside('/w', '/wx/a'));
    assert.ok(!isInside('/w/a', '/w'));
  });
});

describe('readTextFile', () => {
  it('flags a BOM and strips it; rejects NUL bytes and invalid UTF-8', () => {
    const dir = fixture({ a: '\uFEFFx: 1\n', b: 'x: 1\n', c: Buffer.from([0x78, 0x00]), d: Buffer.from([0xc3, 0x28]) });
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    assert.deepEqual(readTextFile(path.join(dir, 'a')), { ok: true, text: 'x: 1\n', bom: true, digest: sha(fs.readFileSync(path.join(dir, 'a'))) });
    assert.deepEqual(readTextFile(path.join(dir, 'b')), { ok: true, text: 'x: 1\n', bom: false, digest: sha('x: 1\n') });
    assert.deepEqual(readTextFile(path.join(dir, 'c')), { ok: false, kind: 'skip', reason: 'binary file (contains a NUL byte)' });
    assert.deepEqual(readTextFile(path.join(dir, 'd')), { ok: false, kind: 'skip', reason: 'not valid UTF-8' });
    const missing = readTextFile(path.join(dir, 'zzz'));
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? `${missing.kind} ${missing.reason}` : '', /^io ENOENT: no such file or directory$/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the mode, leaves no temp file', () => {
    const dir = fixture({ 'f.yaml': 'old\n' });
    fs.chmodSync(path.join(dir, 'f.yaml'), 0o604);
    writeFileAtomic(path.join(dir, 'f.yaml'), 'new\n');
    assert.equal(fs.readFileSync(path.join(dir, 'f.yaml'), 'utf8'), 'new\n');
    assert.equal(fs.statSync(path.join(dir, 'f.yaml')).mode & 0o777, 0o604);
    assert.deepEqual(fs.readdirSync(dir), ['f.yaml']);
  });
});

describe('parseCliArgs', () => {
  it('parses check options', () => {
    const defaults = { fixDryRun: false, quiet: false, config: undefined, stdin: false, stdinFilename: undefined, formatGiven: false, verbose: false, maxFileSize: 2 * 1024 * 1024, ignoreUnknown: false };
    assert.deepEqual(parseCliArgs(['check']), { command: 'check', paths: ['.'], format: 'stylish', fix: false, rules: {}, maxWarnings: undefined, ...defaults });
    assert.deepEqual(
      parseCliArgs(['check', 'a', 'b', '--fix', '-f', 'json', '--rule', 'compose/obsolete-version=off', '--max-warnings', '3']),
      { command: 'check', paths: ['a', 'b'], format: 'json', fix: true, rules: { 'compose/obsolete-version': 'off' }, maxWarnings: 3, ...defaults, formatGiven: true },
    );
    assert.deepEqual(
      parseCliArgs(['check', '--fix-dry-run', '-q', '-c', 'cfg.yaml', '--format', 'sarif']),
      { command: 'check', paths: ['.'], format: 'sarif', fix: false, rules: {}, maxWarnings: undefined, ...defaults, fixDryRun: true, quiet: true, config: 'cfg.yaml', formatGiven: true },
    );
    assert.deepEqual(
      parseCliArgs(['check', '--stdin', '--stdin-filename', 'k8s/pod.yaml', '--fix']),
      { command: 'check', paths: ['.'], format: 'stylish', fix: true, rules: {}, maxWarnings: undefined, ...defaults, stdin: true, stdinFilename: 'k8s/pod.yaml' },
    );
    assert.deepEqual(parseCliArgs(['--version']), { command: 'version' });
    assert.deepEqual(parseCliArgs(['check', '-h']), { command: 'help' });
    assert.equal(parseCliArgs(['check', '--fix=yes']).command, 'usage-error');
    assert.equal(parseCliArgs(['check', '--format']).command, 'usage-error');
    assert.deepEqual(parseCliArgs(['check', '--verbose', '--max-file-size', '5000']), { command: 'check', paths: ['.'], format: 'stylish', fix: false, rules: {}, maxWarnings: undefined, ...defaults, verbose: true, maxFileSize: 5000 });
    for (const bad of ['0', '-1', '2MB', '1.5', '']) assert.equal(parseCliArgs(['check', '--max-file-size', bad]).command, 'usage-error', bad);
  });
});

describe('file names', () => {
  it('Dockerfile names and YAML names; scripts, Makefiles and Markdown (their docker run lines)', () => {
    for (const n of ['Dockerfile', 'Dockerfile.dev', 'app.dockerfile', 'Containerfile', 'Containerfile.prod', 'Containerfile-dev', 'a.yml', 'b.YAML', 'README.md', 'deploy.sh', 'x.bash', 'Makefile', 'GNUmakefile', 'rules.mk']) assert.ok(isManifestName(n), n);
    for (const n of ['Dockerfile.dockerignore', 'yaml', 'compose.json', 'my.Dockerfile.dockerignore', 'notes.txt', 'Makefile.am']) assert.ok(!isManifestName(n), n);
    assert.equal(syntaxFor('/x/README.md'), 'markdown');
    assert.equal(syntaxFor('/x/Makefile'), 'makefile');
    assert.equal(syntaxFor('/x/run.sh'), 'shell');
    assert.equal(syntaxFor('/x/Containerfile-dev'), 'dockerfile');
    assert.equal(syntaxFor('/x/stack.txt'), 'yaml');
    assert.equal(syntaxFor('/x/compose.yaml'), 'yaml');
  });
});

describe('formatStylish', () => {
  const files: FileResult[] = [{
    absPath: '/x/c.yaml', path: 'c.yaml', kind: 'compose',
    findings: [
      { rule: 'r/a', severity: 'warning', message: 'first\nline', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
      { rule: 'r/b', severity: 'information', message: 'second', range: { start: { line: 99, character: 9 }, end: { line: 99, character: 12 } } },
    ],
  }];
  it('aligns rows and counts', () => {
    assert.equal(formatStylish(files, summarize(files), { color: false }), [
      'c.yaml',
      '    1:1   warning  first line  r/a',
      '  100:10  info     second      r/b',
      '',
      '✖ 2 problems (0 errors, 1 warning, 1 info, 0 hints)',
      '',
    ].join('\n'));
  });
  it('colours only on request, with the same text underneath', () => {
    const coloured = formatStylish(files, summarize(files), { color: true });
    assert.match(coloured, /\x1b\[/);
    assert.equal(coloured.replace(/\x1b\[\d+m/g, ''), formatStylish(files, summarize(files), { color: false }));
  });
});
