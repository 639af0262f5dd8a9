/**
 * `check` on files with lone CR line breaks (a CR not followed by LF), the built CLI run as a
 * child process. YAML is fixed as the YAML spec (and Compose, kubectl) read it, new lines written
 * with CR; a Dockerfile is not fixed (Docker does not read a lone CR as a line break): with
 * --fix / --fix-dry-run one `not fixed:` line on stderr says why, the findings are reported and
 * decide the exit code as for any finding without a fix.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LONE_CR_DOCKERFILE } from '../../server/src/core/lint';
import { cleanup, cli, cliWith, fixture, json } from './helpers';

after(cleanup);

// Run with --preset strict: the /tmp rules (tmp-not-tmpfs, and tmpdir-unset for the tmpfs at
// /run) are strict-only. An image the linter does not know: missing-init fires with its fix.
// ptrace-capability's edit is a suggestion: --fix leaves cap_add as it is.
const COMPOSE_CR = 'services:\r  web:\r    image: x\r    tmpfs: /run\r    cap_add:\r      - SYS_PTRACE\r';
const COMPOSE_CR_FIXED = 'services:\r  web:\r    image: x\r    init: true\r    tmpfs:\r      - /run\r      - /tmp\r    cap_add:\r      - SYS_PTRACE\r    environment:\r      TMPDIR: /run\r';
const COMPOSE_MIXED = 'services:\n  api:\n    image: x\n    environment:\n      - A=1\r    networks:\n      - backend\n    tmpfs: /run\n';
const COMPOSE_MIXED_FIXED = 'services:\n  api:\n    image: x\n    init: true\n    environment:\n      - A=1\n      - TMPDIR=/run\r    networks:\n      - backend\n    tmpfs:\n      - /run\n      - /tmp\n';
const DOCKERFILE_CR = 'FROM node:20\nRUN npm ci\rCMD node server.js\n';
const NOTE = `Dockerfile: not fixed: ${LONE_CR_DOCKERFILE}\n`;
const OLD = new Date('2001-02-03T04:05:06Z');

describe('check: lone CR line breaks', () => {
  it('--fix writes fixed YAML with its line breaks; leaves the Dockerfile as it is and says why on one stderr line', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_CR, 'mixed/compose.yaml': COMPOSE_MIXED, Dockerfile: DOCKERFILE_CR });
    fs.utimesSync(path.join(dir, 'Dockerfile'), OLD, OLD);
    const r = cli(dir, 'check', '--fix', '--format', 'json', '--preset', 'strict');
    assert.equal(r.stderr, NOTE);
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), COMPOSE_CR_FIXED);
    assert.equal(fs.readFileSync(path.join(dir, 'mixed/compose.yaml'), 'utf8'), COMPOSE_MIXED_FIXED);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE_CR);
    assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).mtimeMs, OLD.getTime(), 'Dockerfile not written');
    // The Dockerfile's findings remain, on the lines an editor shows, none fixable; warnings and
    // information only: exit 0, as for any such findings. compose.yaml keeps SYS_PTRACE (a suggestion).
    const rep = json(r);
    assert.deepEqual(rep.files.map((f) => [f.path, f.findings.map((x) => [x.rule, x.line, x.column, x.fixable])]), [
      ['Dockerfile', [['dockerfile/root-user', 1, 6, false], ['dockerfile/missing-init', 3, 5, false], ['dockerfile/shell-form', 3, 5, false]]],
      ['compose.yaml', [['compose/ptrace-capability', 9, 9, false]]], // line 9 of the fixed file
      ['mixed/compose.yaml', []],
    ]);
    assert.equal(r.status, 0);
  });

  it('the remaining findings decide the exit code: 1 with an error left', () => {
    const dir = fixture({ Dockerfile: DOCKERFILE_CR });
    const r = cli(dir, 'check', '--fix', '--rule', 'dockerfile/shell-form=error');
    assert.equal(r.status, 1);
    assert.equal(r.stderr, NOTE);
    assert.match(r.stdout, /^ {2}3:5 {2}error {4}Shell-form CMD runs/m);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), DOCKERFILE_CR);
  });

  it('--fix-dry-run: the YAML diff, no diff for the Dockerfile, the same note; no note without a fix option', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_MIXED, Dockerfile: DOCKERFILE_CR });
    const r = cli(dir, 'check', '--fix-dry-run', '--preset', 'strict');
    assert.equal(r.status, 0);
    assert.equal(r.stderr, NOTE);
    // The diff splits lines at LF only, as patch and git do: a lone CR stays inside its line.
    assert.equal(r.stdout, [
      '--- a/compose.yaml',
      '+++ b/compose.yaml',
      '@@ -1,7 +1,11 @@',
      ' services:',
      '   api:',
      '     image: x',
      '+    init: true',
      '     environment:',
      '-      - A=1\r    networks:',
      '+      - A=1',
      '+      - TMPDIR=/run\r    networks:',
      '       - backend',
      '-    tmpfs: /run',
      '+    tmpfs:',
      '+      - /run',
      '+      - /tmp',
      '',
    ].join('\n'));
    assert.equal(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), COMPOSE_MIXED);
    const plain = cli(dir, 'check', '--preset', 'strict');
    assert.equal(plain.stderr, '');
  });

  it('--stdin --fix prints the Dockerfile back unchanged, with the note on stderr', () => {
    const dir = fixture({});
    const r = cliWith({ cwd: dir, input: DOCKERFILE_CR }, 'check', '--stdin', '--stdin-filename', 'Dockerfile', '--fix');
    assert.equal(r.stdout, DOCKERFILE_CR);
    assert.equal(r.stderr, NOTE);
    assert.equal(r.status, 0);
    const y = cliWith({ cwd: dir, input: COMPOSE_CR }, 'check', '--stdin', '--stdin-filename', 'compose.yaml', '--fix', '--preset', 'strict');
    assert.equal(y.stdout, COMPOSE_CR_FIXED);
    assert.equal(y.stderr, '');
  });
});
