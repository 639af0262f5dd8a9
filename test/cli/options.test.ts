/**
 * End-to-end tests of the options added to `check`: --fix-dry-run, --quiet, --stdin, the
 * `.container-signals.yaml` config file (rules, fix, ignore, failOn, its errors, --config) and
 * the exit code for each failOn level.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleById } from '../../server/src/core/rules';
import { cleanup, cli, cliWith, fixture, gitRoot, json, only, paths } from './helpers';

after(cleanup);

const OBSOLETE = 'compose/obsolete-version';
const ROOT_USER = 'compose/root-user';
const COMPOSE_V = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
const COMPOSE_CLEAN = 'services:\n  web:\n    image: nginx\n';
const obsoleteMsg = ruleById.get(OBSOLETE)!.meta.messages.obsolete;
const OLD = new Date('2001-02-03T04:05:06Z');
const CONFIG = '.container-signals.yaml';

const touchOld = (dir: string, ...files: string[]) => { for (const f of files) fs.utimesSync(path.join(dir, f), OLD, OLD); };
const untouched = (dir: string, f: string) => fs.statSync(path.join(dir, f)).mtimeMs === OLD.getTime();

describe('--fix-dry-run', () => {
  it('prints a unified diff of what --fix would write (3 lines of context) and touches nothing', () => {
    const long = ['version: "3.8"', 'services:', '  web:', '    image: nginx', '    environment:', '      A: "1"', '      B: "2"', ''].join('\n');
    const dir = fixture({ 'a/compose.yaml': long, 'b/compose.yml': COMPOSE_V, 'clean/compose.yaml': COMPOSE_CLEAN });
    touchOld(dir, 'a/compose.yaml', 'b/compose.yml', 'clean/compose.yaml');
    const r = cli(dir, 'check', '--fix-dry-run', ...only(OBSOLETE));
    assert.equal(r.stdout, [
      '--- a/a/compose.yaml',
      '+++ b/a/compose.yaml',
      '@@ -1,4 +1,3 @@',
      '-version: "3.8"',
      ' services:',
      '   web:',
      '     image: nginx',
      '--- a/b/compose.yml',
      '+++ b/b/compose.yml',
      '@@ -1,4 +1,3 @@',
      '-version: "3.8"',
      ' services:',
      '   web:',
      '     image: nginx',
      '',
    ].join('\n'));
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    for (const f of ['a/compose.yaml', 'b/compose.yml', 'clean/compose.yaml']) assert.ok(untouched(dir, f), `${f} untouched`);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'a')), ['compose.yaml'], 'no temp files');
  });

  it('the diff applies with patch -p1 to give what --fix writes (CRLF, no final newline)', () => {
    const crlf = 'version: "3.8"\r\nservices:\r\n  web:\r\n    image: nginx';
    const dir = fixture({ 'compose.yaml': crlf });
    const r = cli(dir, 'check', '--fix-dry-run', ...only(OBSOLETE));
    assert.equal(r.stdout, '--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,4 +1,3 @@\n-version: "3.8"\r\n services:\r\n   web:\r\n     image: nginx\n\\ No newline at end of file\n');
    const copy = fixture({ 'compose.yaml': crlf });
    cli(copy, 'check', '--fix', ...only(OBSOLETE));
    const patched = fixture({ 'compose.yaml': crlf });
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const p = spawnSync('patch', ['-p1', '--binary', '--quiet'], { cwd: patched, input: r.stdout, encoding: 'utf8' });
    if (p.error) return; // no patch(1) here: the exact text above is the check
    assert.equal(p.status, 0, p.stderr);
    assert.equal(fs.readFileSync(path.join(patched, 'compose.yaml'), 'utf8'), fs.readFileSync(path.join(copy, 'compose.yaml'), 'utf8'));
  });

  it('prints nothing when nothing is fixable, and exits as --fix would', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_CLEAN });
    const r = cli(dir, 'check', '--fix-dry-run', ...only(OBSOLETE));
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, '', '']);
    const v = fixture({ 'compose.yaml': COMPOSE_V });
    // An error that the fix removes: --fix-dry-run exits 0, like --fix; without it, 1.
    assert.equal(cli(v, 'check', '--fix-dry-run', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`).status, 0);
    assert.equal(cli(v, 'check', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`).status, 1);
  });

  it('--format json: the findings as they are now, each with its fix\'s edits', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V });
    touchOld(dir, 'compose.yaml');
    const r = cli(dir, 'check', '--fix-dry-run', '--format', 'json', ...only(OBSOLETE));
    assert.equal(r.status, 0);
    assert.deepEqual(json(r).files, [{
      path: 'compose.yaml', kind: 'compose',
      findings: [{
        rule: OBSOLETE, severity: 'hint', message: obsoleteMsg, line: 1, column: 1, endLine: 1, endColumn: 15, fixable: true,
        fix: { title: 'Remove the obsolete "version" line', edits: [{ line: 1, column: 1, endLine: 2, endColumn: 1, text: '' }] },
      }],
    }]);
    assert.ok(untouched(dir, 'compose.yaml'));
    // Without --fix-dry-run the JSON keeps its documented shape (no "fix").
    assert.equal(json(cli(dir, 'check', '--format', 'json', ...only(OBSOLETE))).files[0].findings[0].fix, undefined);
  });

  it('cannot be combined with --fix', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V });
    const r = cli(dir, 'check', '--fix', '--fix-dry-run');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--fix and --fix-dry-run cannot be used together/);
    assert.ok(untouched(dir, 'compose.yaml') || fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8') === COMPOSE_V);
  });
});

describe('--quiet', () => {
  it('prints errors only', () => {
    const dir = fixture({ 'a/compose.yaml': COMPOSE_V, 'b/compose.yaml': COMPOSE_V });
    const args = ['check', ...only(OBSOLETE)];
    assert.equal(cli(dir, ...args, '--quiet').stdout, '');
    const mixed = cli(dir, ...args, '--quiet', '--rule', `${OBSOLETE}=error`, 'a');
    assert.match(mixed.stdout, /^a\/compose\.yaml\n +1:1 +error/);
    assert.match(mixed.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 info, 0 hints\)/);
    assert.equal(mixed.status, 1);
    assert.deepEqual(json(cli(dir, ...args, '-q', '--format', 'json')).files.map((f) => f.findings.length), [0, 0]);
  });

  it('decides the exit status by errors only: failOn and --max-warnings do not apply', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V, [CONFIG]: 'failOn: warning\n' });
    const warn = ['check', ...only(OBSOLETE), '--rule', `${OBSOLETE}=warning`];
    assert.equal(cli(dir, ...warn).status, 1);
    assert.equal(cli(dir, ...warn, '--quiet').status, 0);
    assert.equal(cli(dir, ...warn, '--quiet', '--max-warnings', '0').status, 0);
    assert.equal(cli(dir, ...warn, '--max-warnings', '0').status, 1);
  });
});

describe('failOn: the exit code for each level', () => {
  const levels = ['error', 'warning', 'information', 'hint'] as const;
  const expected: Record<string, Record<(typeof levels)[number], number>> = {
    '(default)': { error: 1, warning: 0, information: 0, hint: 0 },
    error: { error: 1, warning: 0, information: 0, hint: 0 },
    warning: { error: 1, warning: 1, information: 0, hint: 0 },
    information: { error: 1, warning: 1, information: 1, hint: 0 },
  };
  for (const [failOn, byLevel] of Object.entries(expected)) {
    it(`failOn: ${failOn}`, () => {
      const dir = fixture({ 'compose.yaml': COMPOSE_V, ...(failOn === '(default)' ? {} : { [CONFIG]: `failOn: ${failOn}\n` }) });
      for (const sev of levels) {
        const r = cli(dir, 'check', ...only(OBSOLETE), '--rule', `${OBSOLETE}=${sev}`);
        assert.equal(r.status, byLevel[sev], `a ${sev} finding with failOn ${failOn}: ${r.stderr}`);
      }
      assert.equal(cli(dir, 'check', ...only()).status, 0, 'no findings');
    });
  }
});

describe('config file: .container-signals.yaml', () => {
  it('sets rule severities; --rule wins over the file', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V, [CONFIG]: `rules:\n  ${OBSOLETE}: warning\n` });
    const sev = (...args: string[]) => json(cli(dir, 'check', '--format', 'json', ...args)).files[0].findings.filter((f) => f.rule === OBSOLETE).map((f) => f.severity);
    assert.deepEqual(sev(), ['warning']);
    assert.deepEqual(sev('--rule', `${OBSOLETE}=error`), ['error']);
    fs.writeFileSync(path.join(dir, CONFIG), `rules:\n  ${OBSOLETE}: off\n`);
    assert.deepEqual(sev(), []);
    assert.deepEqual(sev('--rule', `${OBSOLETE}=hint`), ['hint']);
  });

  it('is searched upwards from the working directory, and not above the git root', () => {
    const dir = fixture({ [CONFIG]: `rules:\n  ${OBSOLETE}: error\n`, 'repo/app/compose.yaml': COMPOSE_V, 'other/app/compose.yaml': COMPOSE_V });
    gitRoot(path.join(dir, 'repo'));
    const sev = (cwd: string) => json(cli(cwd, 'check', '--format', 'json', ...only(OBSOLETE))).files[0].findings.map((f) => f.severity);
    assert.deepEqual(sev(path.join(dir, 'other', 'app')), ['error'], 'found two folders up');
    assert.deepEqual(sev(path.join(dir, 'repo', 'app')), ['hint'], 'the search stops at the git root');
    fs.writeFileSync(path.join(dir, 'repo', CONFIG), `rules:\n  ${OBSOLETE}: warning\n`);
    assert.deepEqual(sev(path.join(dir, 'repo', 'app')), ['warning'], 'the git root itself is searched');
  });

  it('--config <file> replaces the search', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V, [CONFIG]: `rules:\n  ${OBSOLETE}: error\n`, 'ci/strict.yaml': `rules:\n  ${OBSOLETE}: warning\nfailOn: warning\n` });
    const r = cli(dir, 'check', '--format', 'json', '--config', 'ci/strict.yaml', ...only(OBSOLETE));
    assert.deepEqual(json(r).files[0].findings.map((f) => f.severity), ['warning']);
    assert.equal(r.status, 1);
    const missing = cli(dir, 'check', '--config', 'nope.yaml');
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '');
    assert.equal(missing.stderr, 'nope.yaml: cannot read config file: ENOENT: no such file or directory\n');
    const folder = cli(dir, 'check', '-c', 'ci');
    assert.equal(folder.status, 2);
    assert.equal(folder.stderr, 'ci: cannot read config file: it is a directory\n');
  });

  it('unknown keys and bad values: <file>:<line>:<col>: problem (allowed: …) on stderr, exit 2, nothing linted', () => {
    const dir = fixture({
      'compose.yaml': COMPOSE_V,
      'sub/compose.yaml': COMPOSE_V,
      [CONFIG]: [
        'rules:',
        `  ${OBSOLETE}: loud`,
        'fix:',
        '  user: 1000',
        'ignore: vendor/',
        'failOn: hint',
        'exclude:',
        '  - vendor/',
        '',
      ].join('\n'),
    });
    const expected = (file: string) => [
      `${file}:2:29: rules.${OBSOLETE}: invalid severity "loud" (allowed: off, error, warning, information, hint)`,
      `${file}:4:9: fix.user: expected a string, got the number 1000 (allowed: a quoted string: a user or uid, optionally with :group, such as "10001:10001")`,
      `${file}:5:9: ignore: expected a list of globs, got "vendor/" (allowed: a list of gitignore-style globs such as ["vendor/", "**/testdata/**"])`,
      `${file}:6:9: failOn: invalid value "hint" (allowed: error, warning, information)`,
      `${file}:7:1: unknown key "exclude" (allowed: preset, rules, fix, ignore, failOn, compose)`,
      '',
    ].join('\n');
    const r = cli(dir, 'check', '--format', 'json');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, expected(CONFIG));
    const fromSub = cli(path.join(dir, 'sub'), 'check');
    assert.equal(fromSub.status, 2);
    assert.equal(fromSub.stderr, expected(`../${CONFIG}`));
    // --stdin too.
    const stdin = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--fix');
    assert.deepEqual([stdin.status, stdin.stdout], [2, '']);
  });

  it('an unknown rule id and a YAML syntax error', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V, [CONFIG]: 'rules:\n  compose/obsolete-versions: off\n' });
    const r = cli(dir, 'check');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^\.container-signals\.yaml:2:3: rules: unknown rule "compose\/obsolete-versions" \(allowed: compose\/[^)]*compose\/obsolete-version[,)]/);
    fs.writeFileSync(path.join(dir, CONFIG), 'rules: [\n');
    const y = cli(dir, 'check');
    assert.equal(y.status, 2);
    assert.match(y.stderr, /^\.container-signals\.yaml:\d+:\d+: YAML syntax error: \S/);
  });

  it('fix: the values --fix inserts', () => {
    // root-user's edit is a suggestion: fix.apply promotes it so --fix applies it (with fix.user).
    // Not nginx: it needs root to start, and no user is suggested for it.
    const text = 'services:\n  web:\n    image: x\n    user: root\n';
    const dir = fixture({ 'compose.yaml': text, [CONFIG]: 'fix:\n  user: "4242:4242"\n  apply: [compose/root-user]\n' });
    const r = cli(dir, 'check', '--fix', ...only(ROOT_USER));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), text.replace('user: root', 'user: "4242:4242"'));
  });

  it('ignore: gitignore-style globs relative to the config folder skip files and folders', () => {
    const dir = fixture({
      [CONFIG]: 'ignore:\n  - vendor/\n  - "*.generated.yaml"\n  - "!keep.generated.yaml"\n  - /deploy/legacy/\n',
      'compose.yaml': COMPOSE_V,
      'vendor/compose.yaml': COMPOSE_V,
      'lib/vendor/compose.yaml': COMPOSE_V,
      'app.generated.yaml': COMPOSE_V,
      'keep.generated.yaml': COMPOSE_V,
      'deploy/legacy/compose.yaml': COMPOSE_V,
      'deploy/current/compose.yaml': COMPOSE_V,
      'other/deploy/legacy/compose.yaml': COMPOSE_V,
    });
    const expected = ['compose.yaml', 'deploy/current/compose.yaml', 'keep.generated.yaml', 'other/deploy/legacy/compose.yaml'];
    const r = cli(dir, 'check', '--format', 'json', ...only(OBSOLETE));
    assert.deepEqual(paths(r), expected);
    assert.equal(r.stderr, '');
    // From a sub-folder the globs stay relative to the config file.
    assert.deepEqual(paths(cli(path.join(dir, 'deploy'), 'check', '--format', 'json', ...only(OBSOLETE))), ['current/compose.yaml']);
    // A file named explicitly is skipped too, with a note (pre-commit passes files by name).
    const named = cli(dir, 'check', '--format', 'json', 'vendor/compose.yaml', 'compose.yaml', ...only(OBSOLETE));
    assert.deepEqual(paths(named), ['compose.yaml']);
    assert.equal(named.stderr, 'vendor/compose.yaml: skipped: matches "vendor/" in the ignore list of .container-signals.yaml\n');
  });
});

describe('--stdin', () => {
  it('lints standard input under --stdin-filename (which decides the kind) and prints that name', () => {
    const dir = fixture();
    const r = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--stdin-filename', 'deploy/compose.yaml', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`);
    assert.equal(r.stdout, [
      'deploy/compose.yaml', `  1:1  error  ${obsoleteMsg}  ${OBSOLETE}`, '',
      '✖ 1 problem (1 error, 0 warnings, 0 info, 0 hints)', '  1 problem is fixable with --fix', '',
    ].join('\n'));
    assert.equal(r.status, 1);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing written');
    const df = cliWith({ cwd: dir, input: 'FROM alpine\nCMD ["true"]\n' }, 'check', '--stdin', '--stdin-filename', 'Dockerfile', '--format', 'json', ...only());
    assert.deepEqual(json(df).files.map((f) => [f.path, f.kind]), [['Dockerfile', 'dockerfile']]);
    const noName = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--format', 'json', ...only(OBSOLETE));
    assert.deepEqual(json(noName).files.map((f) => [f.path, f.kind, f.findings.length]), [['<stdin>', 'compose', 1]]);
  });

  it('--fix prints the fixed text instead of findings (BOM and CRLF kept; other text unchanged)', () => {
    const dir = fixture();
    const fixed = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--stdin-filename', 'compose.yaml', '--fix', ...only(OBSOLETE));
    assert.deepEqual([fixed.status, fixed.stdout, fixed.stderr], [0, COMPOSE_CLEAN, '']);
    const bomCrlf = '\uFEFFversion: "3.8"\r\nservices:\r\n  web:\r\n    image: nginx\r\n';
    const b = cliWith({ cwd: dir, input: bomCrlf }, 'check', '--stdin', '--stdin-filename', 'compose.yaml', '--fix', ...only(OBSOLETE));
    assert.equal(b.stdout, '\uFEFFservices:\r\n  web:\r\n    image: nginx\r\n');
    const notes = 'just: some\nyaml: [1, 2]\n';
    assert.equal(cliWith({ cwd: dir, input: notes }, 'check', '--stdin', '--fix').stdout, notes);
    // What remains decides the exit code.
    const remaining = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--fix', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`);
    assert.deepEqual([remaining.status, remaining.stdout], [0, COMPOSE_CLEAN]);
  });

  it('--fix-dry-run prints the diff under the given name', () => {
    const r = cliWith({ cwd: fixture(), input: COMPOSE_V }, 'check', '--stdin', '--stdin-filename', 'compose.yaml', '--fix-dry-run', ...only(OBSOLETE));
    assert.equal(r.stdout, '--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,4 +1,3 @@\n-version: "3.8"\n services:\n   web:\n     image: nginx\n');
  });

  it('a name the config ignores: no findings (with --fix: the text unchanged), a note', () => {
    const dir = fixture({ [CONFIG]: 'ignore:\n  - vendor/\n' });
    const r = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--stdin-filename', 'vendor/compose.yaml', '--format', 'json', ...only(OBSOLETE));
    assert.deepEqual(json(r).files, []);
    assert.equal(r.stderr, 'vendor/compose.yaml: skipped: matches "vendor/" in the ignore list of .container-signals.yaml\n');
    const f = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', '--stdin', '--stdin-filename', 'vendor/compose.yaml', '--fix', ...only(OBSOLETE));
    assert.deepEqual([f.status, f.stdout], [0, COMPOSE_V]);
  });

  it('input that is not UTF-8 is an error (exit 2); misuse of the options is a usage error', () => {
    const dir = fixture();
    const bad = cliWith({ cwd: dir, input: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]) }, 'check', '--stdin', '--stdin-filename', 'compose.yaml');
    assert.deepEqual([bad.status, bad.stdout, bad.stderr], [2, '', 'compose.yaml: cannot lint standard input: not valid UTF-8\n']);
    for (const [args, pattern] of [
      [['--stdin', 'compose.yaml'], /--stdin lints standard input: do not name paths/],
      [['--stdin-filename', 'x.yaml'], /--stdin-filename needs --stdin/],
      [['--stdin', '--fix', '--format', 'json'], /--stdin --fix prints the fixed text: --format does not apply/],
      [['--stdin', '--stdin-filename', ''], /--stdin-filename expects a file name/],
    ] as [string[], RegExp][]) {
      const r = cliWith({ cwd: dir, input: COMPOSE_V }, 'check', ...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, pattern);
    }
  });
});
