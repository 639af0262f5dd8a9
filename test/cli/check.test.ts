/**
 * End-to-end tests of `container-signals check`: the built dist/cli.js run as a child process in
 * fresh temp directories. Rules other than the ones under test are switched off with `--rule
 * id=off` for every id in the catalogue (helpers.only), so these tests hold while rules land.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleById } from '../../server/src/core/rules';
import { formatMessage } from '../../server/src/core/rule';
import { cleanup, cli, fixture, json, only, paths, REPO } from './helpers';

after(cleanup);

const OBSOLETE = 'compose/obsolete-version';
const UNKNOWN = 'directive/unknown-rule';
const obsoleteMsg = ruleById.get(OBSOLETE)!.meta.messages.obsolete;
const unknownMsg = (id: string) => formatMessage(ruleById.get(UNKNOWN)!.meta.messages.unknown, { id });

const COMPOSE_V = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
const COMPOSE_CLEAN = 'services:\n  web:\n    image: nginx\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
const DOCKERFILE = 'FROM alpine:3.20\nUSER 10001:10001\nCMD ["sleep", "infinity"]\n';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const OLD = new Date('2001-02-03T04:05:06Z');

describe('check: stylish output', () => {
  it('prints a header, aligned rows and the summary', () => {
    const compose = [
      'version: "3.8"', 'services:', '  web:', '    image: nginx', '    environment:',
      '      A: "1"', '      B: "2"', '      C: "3"', '      D: "4"',
      '    # container-signals-disable-next-line nope/nothing', '    ports: ["80:80"]', '',
    ].join('\n');
    const dir = fixture({ 'compose.yaml': compose });
    const r = cli(dir, 'check', ...only(OBSOLETE, UNKNOWN), '--rule', `${OBSOLETE}=error`);
    const w = Math.max(obsoleteMsg.length, unknownMsg('nope/nothing').length);
    assert.equal(r.stdout, [
      'compose.yaml',
      `   1:1   error  ${obsoleteMsg.padEnd(w)}  ${OBSOLETE}`,
      `  10:43  hint   ${unknownMsg('nope/nothing').padEnd(w)}  ${UNKNOWN}`,
      '',
      '✖ 2 problems (1 error, 0 warnings, 0 info, 1 hint)',
      '  1 problem is fixable with --fix',
      '',
    ].join('\n'));
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
  });

  it('lists several files in path order, with plural counts and no colour when piped', () => {
    const dir = fixture({ 'b/compose.yaml': COMPOSE_V, 'a/compose.yml': COMPOSE_V, 'c.yaml': COMPOSE_CLEAN });
    const r = cli(dir, 'check', ...only(OBSOLETE));
    assert.equal(r.stdout, [
      'a/compose.yml', `  1:1  hint  ${obsoleteMsg}  ${OBSOLETE}`, '',
      'b/compose.yaml', `  1:1  hint  ${obsoleteMsg}  ${OBSOLETE}`, '',
      '✖ 2 problems (0 errors, 0 warnings, 0 info, 2 hints)',
      '  2 problems are fixable with --fix',
      '',
    ].join('\n'));
    assert.doesNotMatch(r.stdout, /\x1b\[/);
    assert.equal(r.status, 0);
  });

  it('prints nothing when there are no problems', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_CLEAN, Dockerfile: DOCKERFILE });
    const r = cli(dir, 'check', ...only());
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
  });

  it('defaults to "." and prints paths relative to the working directory', () => {
    const dir = fixture({ 'deploy/compose.yaml': COMPOSE_V });
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', ...only(OBSOLETE))), ['deploy/compose.yaml']);
    assert.deepEqual(paths(cli(path.join(dir, 'deploy'), 'check', '--format', 'json', ...only(OBSOLETE))), ['compose.yaml']);
    assert.deepEqual(paths(cli(path.join(dir, 'deploy'), 'check', '--format', 'json', '..', ...only(OBSOLETE))), ['compose.yaml']);
    const other = fixture({ 'x/compose.yaml': COMPOSE_V });
    const rel = path.relative(dir, path.join(other, 'x', 'compose.yaml')).split(path.sep).join('/');
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', path.join(other, 'x'), ...only(OBSOLETE))), [rel]);
  });
});

describe('check: json output', () => {
  it('has exactly the documented shape, and lists every recognised file', () => {
    const dir = fixture({
      'compose.yaml': COMPOSE_V, Dockerfile: DOCKERFILE, 'k8s/pod.yaml': POD,
      'notes.yaml': 'a: 1\nb: [2, 3]\n', 'README.md': '# hi\n',
    });
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.endsWith('}\n'));
    assert.deepEqual(JSON.parse(r.stdout), {
      version: 1,
      files: [
        { path: 'Dockerfile', kind: 'dockerfile', findings: [] },
        {
          path: 'compose.yaml', kind: 'compose',
          findings: [{ rule: OBSOLETE, severity: 'hint', message: obsoleteMsg, line: 1, column: 1, endLine: 1, endColumn: 15, fixable: true }],
        },
        { path: 'k8s/pod.yaml', kind: 'kubernetes', findings: [] },
      ],
      summary: { files: 3, errors: 0, warnings: 0, information: 0, hints: 1, fixable: 1, suggestions: 0 },
    });
  });

  it('prints an empty file list when nothing is found', () => {
    const dir = fixture({ 'notes.yaml': 'a: 1\n' });
    const r = cli(dir, 'check', '--format', 'json');
    assert.deepEqual(JSON.parse(r.stdout), { version: 1, files: [], summary: { files: 0, errors: 0, warnings: 0, information: 0, hints: 0, fixable: 0, suggestions: 0 } });
    assert.equal(r.status, 0);
  });
});

describe('check: exit codes and options', () => {
  it('0 without error findings, 1 with one', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V });
    assert.equal(cli(dir, 'check', ...only(OBSOLETE)).status, 0);
    assert.equal(cli(dir, 'check', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`).status, 1);
  });

  it('2 when a path does not exist (nothing is linted)', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V });
    const r = cli(dir, 'check', '.', 'missing-dir', ...only(OBSOLETE));
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no such file or directory: missing-dir/);
  });

  for (const [name, args, pattern] of [
    ['unknown rule id', ['--rule', 'nope/x=off'], /unknown rule "nope\/x"/],
    ['unknown severity', ['--rule', `${OBSOLETE}=fatal`], /unknown severity "fatal"/],
    ['--rule without =', ['--rule', OBSOLETE], /--rule expects <rule-id>=<severity>/],
    ['unknown format', ['--format', 'xml'], /unknown format "xml"/],
    ['negative --max-warnings', ['--max-warnings', '-1'], /max-warnings/],
    ['non-numeric --max-warnings', ['--max-warnings', 'many'], /--max-warnings expects a non-negative integer/],
    ['unknown option', ['--frobnicate'], /frobnicate/],
  ] as [string, string[], RegExp][]) {
    it(`2 on a usage error: ${name}`, () => {
      const dir = fixture({ 'compose.yaml': COMPOSE_V });
      const r = cli(dir, 'check', ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, pattern);
    });
  }

  it('2 on a missing or unknown command', () => {
    const dir = fixture();
    const none = cli(dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /missing command/);
    const bad = cli(dir, 'lint');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "lint"/);
  });

  it('--help and --version', () => {
    const dir = fixture();
    const h = cli(dir, '--help');
    assert.equal(h.status, 0);
    assert.match(h.stdout, /^Usage: container-signals check \[options\] \[paths\.\.\.\]/);
    for (const flag of ['--max-warnings', '--fix-dry-run', '--quiet', '--config', '--stdin', '--stdin-filename', 'sarif', '.container-signals.yaml', 'failOn']) {
      assert.ok(h.stdout.includes(flag), `help mentions ${flag}`);
    }
    const v = cli(dir, '--version');
    assert.equal(v.status, 0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(v.stdout, `${pkg.version}\n`);
  });

  it('--max-warnings fails the run only above the limit', () => {
    const dir = fixture({ 'a/compose.yaml': COMPOSE_V, 'b/compose.yaml': COMPOSE_V });
    const base = ['check', ...only(OBSOLETE), '--rule', `${OBSOLETE}=warning`];
    assert.equal(cli(dir, ...base).status, 0);
    assert.equal(cli(dir, ...base, '--max-warnings', '2').status, 0);
    const over = cli(dir, ...base, '--max-warnings', '1');
    assert.equal(over.status, 1);
    assert.match(over.stderr, /too many warnings \(2, maximum: 1\)/);
    assert.match(over.stdout, /✖ 2 problems \(0 errors, 2 warnings, 0 info, 0 hints\)/);
    assert.equal(cli(dir, ...base, '--max-warnings', '0', '--rule', `${OBSOLETE}=information`).status, 0);
  });

  it('--rule sets a severity, switches a rule off, accepts "info", and the last one wins', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V });
    const sev = (...args: string[]) => json(cli(dir, 'check', '--format', 'json', ...only(OBSOLETE), ...args)).files[0].findings.map((f) => f.severity);
    assert.deepEqual(sev(), ['hint']);
    assert.deepEqual(sev('--rule', `${OBSOLETE}=info`), ['information']);
    assert.deepEqual(sev('--rule', `${OBSOLETE}=warning`), ['warning']);
    assert.deepEqual(sev('--rule', `${OBSOLETE}=off`), []);
    assert.deepEqual(sev('--rule', `${OBSOLETE}=off`, '--rule', `${OBSOLETE}=error`), ['error']);
  });
});

describe('check --fix', () => {
  it('rewrites files with fixes (exact content, mode kept, no temp files) and leaves clean files alone', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V, 'clean/compose.yaml': COMPOSE_CLEAN, Dockerfile: DOCKERFILE, 'notes.yml': 'version: 1\n' });
    fs.chmodSync(path.join(dir, 'compose.yaml'), 0o640);
    for (const f of ['compose.yaml', 'clean/compose.yaml', 'Dockerfile', 'notes.yml']) fs.utimesSync(path.join(dir, f), OLD, OLD);
    const r = cli(dir, 'check', '--fix', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '', 'nothing remains after the fix');
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), COMPOSE_CLEAN);
    assert.equal(fs.statSync(path.join(dir, 'compose.yaml')).mode & 0o777, 0o640);
    for (const f of ['clean/compose.yaml', 'Dockerfile', 'notes.yml']) {
      assert.equal(fs.statSync(path.join(dir, f)).mtimeMs, OLD.getTime(), `${f} untouched`);
    }
    assert.equal(fs.readFileSync(path.join(dir, 'notes.yml'), 'utf8'), 'version: 1\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['Dockerfile', 'clean', 'compose.yaml', 'notes.yml']);
  });

  it('reports the findings that remain after the fix', () => {
    const text = 'version: "3.8"\nservices:\n  web:\n    # container-signals-disable-next-line nope/x\n    image: nginx\n';
    const dir = fixture({ 'compose.yaml': text });
    const r = cli(dir, 'check', '--fix', '--format', 'json', ...only(OBSOLETE, UNKNOWN));
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), 'services:\n  web:\n    # container-signals-disable-next-line nope/x\n    image: nginx\n');
    const rep = json(r);
    assert.deepEqual(rep.files[0].findings.map((f) => [f.rule, f.line, f.fixable]), [[UNKNOWN, 3, false]]);
    assert.equal(rep.summary.fixable, 0);
  });

  it('preserves CRLF line ends and a byte order mark', () => {
    const bomCrlf = '\uFEFFversion: "3.8"\r\nservices:\r\n  web:\r\n    image: nginx\r\n';
    const crlfLate = 'services:\r\n  web:\r\n    image: nginx\r\nversion: "3"\r\nvolumes: {}\r\n';
    const dir = fixture({ 'a/compose.yaml': bomCrlf, 'b/compose.yaml': crlfLate });
    const r = cli(dir, 'check', '--fix', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a/compose.yaml')), Buffer.from('\uFEFFservices:\r\n  web:\r\n    image: nginx\r\n', 'utf8'));
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a/compose.yaml')).subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
    assert.equal(fs.readFileSync(path.join(dir, 'b/compose.yaml'), 'utf8'), 'services:\r\n  web:\r\n    image: nginx\r\nvolumes: {}\r\n');
  });

  it('fails with exit 2 when a fixed file cannot be written', { skip: isRoot && 'root can write to read-only directories' }, () => {
    const dir = fixture({ 'ro/compose.yaml': COMPOSE_V, 'ok/compose.yaml': COMPOSE_V });
    fs.chmodSync(path.join(dir, 'ro'), 0o555);
    const r = cli(dir, 'check', '--fix', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^ro\/compose\.yaml: cannot write: EACCES/m);
    assert.equal(fs.readFileSync(path.join(dir, 'ro/compose.yaml'), 'utf8'), COMPOSE_V);
    assert.equal(fs.readFileSync(path.join(dir, 'ok/compose.yaml'), 'utf8'), COMPOSE_CLEAN);
    assert.deepEqual(json(r).files.map((f) => [f.path, f.findings.length]), [['ok/compose.yaml', 0], ['ro/compose.yaml', 1]]);
  });
});

describe('check: BOM', () => {
  it('strips a leading BOM before linting: columns count from the first character', () => {
    const dir = fixture({ 'compose.yaml': '\uFEFF' + COMPOSE_V });
    const f = json(cli(dir, 'check', '--format', 'json', ...only(OBSOLETE))).files[0].findings[0];
    assert.deepEqual([f.line, f.column, f.endLine, f.endColumn], [1, 1, 1, 15]);
  });
});

describe('check: files that cannot be linted', () => {
  it('skips invalid UTF-8, binary and oversized files with a message, and goes on', () => {
    const dir = fixture({
      'bad.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
      'bin.yml': Buffer.from('a: b\n\0\0\0', 'latin1'),
      'big.yaml': `# ${'x'.repeat(2 * 1024 * 1024)}\nversion: "3"\nservices: {}\n`,
      'ok/compose.yaml': COMPOSE_V,
      'x.yaml/compose.yaml': COMPOSE_V,
    });
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^bad\.yaml: skipped: not valid UTF-8$/m);
    assert.match(r.stderr, /^bin\.yml: skipped: binary file/m);
    assert.match(r.stderr, /^big\.yaml: skipped: larger than 2 MB/m);
    assert.deepEqual(paths(r), ['ok/compose.yaml', 'x.yaml/compose.yaml']);
  });

  it('a file that cannot be read: message with path and reason, run goes on, exit 2', { skip: isRoot && 'chmod 000 does not stop root from reading' }, () => {
    const dir = fixture({ 'locked.yaml': COMPOSE_V, 'ok/compose.yaml': COMPOSE_V, 'shut/compose.yaml': COMPOSE_V });
    fs.chmodSync(path.join(dir, 'locked.yaml'), 0o000);
    fs.chmodSync(path.join(dir, 'shut'), 0o000);
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^locked\.yaml: cannot read: EACCES/m);
    assert.match(r.stderr, /^shut: cannot read: EACCES/m);
    assert.deepEqual(paths(r), ['ok/compose.yaml']);
  });

  it('reports YAML parse errors with line:col and lints the rest', () => {
    const dir = fixture({
      'broken.yaml': 'services:\n  web:\n    image: [nginx\n',
      'multi.yaml': 'a: b\n  c: d\n---\nversion: "3"\nservices:\n  web:\n    image: nginx\n',
      'ok.yaml': COMPOSE_V,
    });
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^broken\.yaml: YAML parse error at \d+:\d+: \S.*$/m);
    assert.match(r.stderr, /^multi\.yaml: YAML parse error at 1:4: \S.*$/m);
    const rep = json(r);
    assert.deepEqual(rep.files.map((f) => [f.path, f.findings.map((x) => `${x.rule}@${x.line}`)]), [
      ['multi.yaml', [`${OBSOLETE}@4`]],
      ['ok.yaml', [`${OBSOLETE}@1`]],
    ]);
  });
});

describe('check: discovery', () => {
  it('finds YAML and Dockerfile names, skips .git and node_modules, sorts by path', () => {
    const dir = fixture({
      'compose.yaml': COMPOSE_V,
      'docker-compose.yml': COMPOSE_V,
      Dockerfile: DOCKERFILE,
      'Dockerfile.dev': DOCKERFILE,
      'api.dockerfile': DOCKERFILE,
      'Containerfile': DOCKERFILE,
      'Containerfile.prod': DOCKERFILE,
      'Dockerfile.dockerignore': 'node_modules\n',
      'k8s/deploy.yaml': POD,
      'notes.yaml': 'a: 1\n',
      'README.md': '# x\n',
      'stack.txt': COMPOSE_V,
      'node_modules/pkg/compose.yaml': COMPOSE_V,
      'node_modules/pkg/Dockerfile': DOCKERFILE,
      'sub/node_modules/x/compose.yaml': COMPOSE_V,
      '.git/compose.yaml': COMPOSE_V,
      '.git/Dockerfile': DOCKERFILE,
    });
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', ...only())), [
      'Containerfile', 'Containerfile.prod', 'Dockerfile', 'Dockerfile.dev', 'api.dockerfile',
      'compose.yaml', 'docker-compose.yml', 'k8s/deploy.yaml',
    ]);
  });

  it('lints files named explicitly whatever their name (YAML unless a Dockerfile name)', () => {
    const dir = fixture({ 'stack.txt': COMPOSE_V, 'node_modules/compose.yaml': COMPOSE_V });
    const r = cli(dir, 'check', '--format', 'json', 'stack.txt', 'node_modules/compose.yaml', ...only(OBSOLETE));
    assert.deepEqual(json(r).files.map((f) => [f.path, f.kind, f.findings.length]), [
      ['node_modules/compose.yaml', 'compose', 1], ['stack.txt', 'compose', 1],
    ]);
  });

  it('does not follow symlinks out of the scanned directory, and lists a file once', () => {
    const outside = fixture({ 'compose.yaml': COMPOSE_V, 'deep/compose.yaml': COMPOSE_V });
    const dir = fixture({ 'real/compose.yaml': COMPOSE_V });
    fs.symlinkSync(outside, path.join(dir, 'ext'), 'dir');
    fs.symlinkSync(path.join(outside, 'compose.yaml'), path.join(dir, 'ext.yaml'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'alias'), 'dir');
    fs.symlinkSync('..', path.join(dir, 'real', 'loop'), 'dir');
    fs.symlinkSync('compose.yaml', path.join(dir, 'real', 'docker-compose.yml'));
    fs.symlinkSync('nowhere.yaml', path.join(dir, 'dangling.yaml'));
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.deepEqual(paths(r), ['real/compose.yaml']);
    assert.match(r.stderr, /^ext\.yaml: skipped: symbolic link to a file outside the scanned directory$/m);
    assert.match(r.stderr, /^dangling\.yaml: skipped: broken symbolic link$/m);
    // Named explicitly, a linked path is linted under its own name.
    assert.deepEqual(paths(cli(dir, 'check', '--format', 'json', 'ext.yaml', ...only(OBSOLETE))), ['ext.yaml']);
  });

  it('--fix through a symlink rewrites the target and keeps the link', () => {
    const dir = fixture({ 'real/compose.yaml': COMPOSE_V });
    fs.symlinkSync('real/compose.yaml', path.join(dir, 'link.yaml'));
    const r = cli(dir, 'check', '--fix', 'link.yaml', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.ok(fs.lstatSync(path.join(dir, 'link.yaml')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real/compose.yaml'), 'utf8'), COMPOSE_CLEAN);
  });
});

describe('check: with the whole rule catalogue', () => {
  it('reports the rules that apply (whichever have landed)', () => {
    const dir = fixture({
      'compose.yaml': 'version: "3.8"\nservices:\n  app:\n    image: example/app:1\n',
      Dockerfile: 'FROM alpine:3.20\nUSER root\nCMD ["sleep", "infinity"]\n',
    });
    const r = cli(dir, 'check', '--format', 'json');
    const rep = json(r);
    const ids = (p: string) => rep.files.find((f) => f.path === p)?.findings.map((f) => f.rule) ?? [];
    assert.ok(ids('compose.yaml').includes(OBSOLETE));
    if (ruleById.has('compose/missing-init')) assert.ok(ids('compose.yaml').includes('compose/missing-init'));
    if (ruleById.has('dockerfile/root-user')) assert.ok(ids('Dockerfile').includes('dockerfile/root-user'));
    assert.equal(r.status, rep.summary.errors > 0 ? 1 : 0, r.stderr);
    assert.doesNotMatch(r.stderr, /crashed/);
  });
});
