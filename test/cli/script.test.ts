/**
 * `check` on entrypoint scripts: a directory walk finds them by name (`*entrypoint*.sh`,
 * `docker-*.sh`) and not other scripts; a script that the Dockerfile runs is judged when named;
 * `--fix` inserts `exec `.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, cli, fixture, json, only, paths } from './helpers';

after(cleanup);

const ID = 'script/entrypoint-without-exec';
const SCRIPT = '#!/bin/sh\nset -e\n"$@"\n';

describe('check: entrypoint scripts', () => {
  it('a directory walk reads every script (for docker run lines); the rule judges only the entrypoint scripts', () => {
    const dir = fixture({
      'docker/docker-entrypoint.sh': SCRIPT,
      'docker-start.sh': SCRIPT,
      'scripts/build.sh': '#!/bin/sh\nnpm run build\n',
      'ci/retry.sh': '#!/bin/sh\n"$@" || "$@"\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
    });
    const r = cli(dir, 'check', '--format', 'json', ...only(ID));
    assert.deepEqual(paths(r), ['ci/retry.sh', 'compose.yaml', 'docker-start.sh', 'docker/docker-entrypoint.sh', 'scripts/build.sh']);
    const found = json(r).files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.line}:${x.column} ${x.rule} ${x.fixable}`));
    assert.deepEqual(found, [`docker-start.sh:3:1 ${ID} true`, `docker/docker-entrypoint.sh:3:1 ${ID} true`]);
    assert.equal(r.status, 0, 'warnings only');
  });

  it('a script named on the command line that the Dockerfile runs (not an entrypoint by name)', () => {
    const dir = fixture({
      'start.sh': '#!/bin/sh\nnode server.js\n',
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["./start.sh"]\n',
    });
    const r = cli(dir, 'check', 'start.sh', '--format', 'json', ...only(ID));
    const f = json(r).files[0];
    assert.equal(f.path, 'start.sh');
    assert.deepEqual(f.findings.map((x) => [x.line, x.column, x.endColumn, x.rule]), [[2, 1, 15, ID]]);
  });

  it('--fix inserts exec', () => {
    const dir = fixture({ 'docker-entrypoint.sh': SCRIPT });
    const r = cli(dir, 'check', '--fix', ...only(ID));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(dir, 'docker-entrypoint.sh'), 'utf8'), '#!/bin/sh\nset -e\nexec "$@"\n');
  });
});
