/** `container-signals explain <file>[:<service>]`: the signal path, as text and JSON; exit codes. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, cli, fixture } from './helpers';
import { parseCliArgs } from '../../server/src/cli/args';

after(cleanup);

const PROJECT = {
  'compose.yaml': 'services:\n  bizclaw:\n    build: ./app\n    init: true\n    stop_grace_period: 20s\n  db:\n    image: postgres:16\n',
  'app/Dockerfile': 'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["bizclaw"]\n',
  'app/docker-entrypoint.sh': '#!/bin/sh\nset -e\n./migrate\n"$@"\n',
};

describe('explain', () => {
  it('prints one block per service, one line per step, locations relative to the working directory', () => {
    const dir = fixture(PROJECT);
    const r = cli(dir, 'explain', 'compose.yaml');
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, [
      'compose.yaml: service "bizclaw"',
      'docker compose stop → SIGTERM',
      '  → tini (init: true): docker-init (tini) is PID 1: it forwards SIGTERM to its child and reaps orphans. [compose.yaml:4]',
      '  ✗ docker-entrypoint.sh (no exec): the script runs its last command without exec: the shell gets SIGTERM and does not pass it on. [app/docker-entrypoint.sh:4]',
      '  ? bizclaw: it never receives SIGTERM: SIGKILL ends it after the grace period. [app/Dockerfile:4]',
      '  = SIGKILL after 20s',
      '',
      'compose.yaml: service "db"',
      'docker compose stop → SIGTERM',
      '  ✓ postgres from the image (PID 1): postgres handles SIGTERM.',
      '  = stops cleanly',
      '',
    ].join('\n'));
  });

  it('<file>:<service> picks one; --format json prints the data', () => {
    const dir = fixture(PROJECT);
    const r = cli(dir, 'explain', 'compose.yaml:bizclaw', '--format', 'json');
    assert.equal(r.status, 0);
    const data = JSON.parse(r.stdout);
    assert.equal(data.file, 'compose.yaml');
    assert.equal(data.paths.length, 1);
    const p = data.paths[0];
    assert.equal(p.line, 'docker compose stop → SIGTERM → tini (init: true) → docker-entrypoint.sh (no exec) ✗ bizclaw · SIGKILL after 20s');
    assert.deepEqual(p.steps.map((s: { verdict: string }) => s.verdict), ['passes', 'lost', 'unknown']);
    assert.deepEqual(p.steps[1].location, { path: 'app/docker-entrypoint.sh', line: 4 });
    assert.equal(p.outcomeKind, 'killed');
    assert.equal(p.grace, '20s');
  });

  it('a Dockerfile, from another working directory', () => {
    const dir = fixture(PROJECT);
    const r = cli(dir, 'explain', 'app/Dockerfile');
    assert.equal(r.status, 0);
    assert.equal(r.stdout.split('\n')[0], 'app/Dockerfile: stage "final"');
    assert.match(r.stdout, /docker-entrypoint\.sh \(PID 1, no exec\)/);
  });

  it('exit 2 with a clear message: a missing file, an unknown service, not a manifest, no argument', () => {
    const dir = fixture({ ...PROJECT, 'notes.txt': 'hello\n' });
    const missing = cli(dir, 'explain', 'nope.yaml');
    assert.deepEqual([missing.status, missing.stdout, missing.stderr], [2, '', 'container-signals: nope.yaml: no such file\n']);
    const unknown = cli(dir, 'explain', 'compose.yaml:web');
    assert.deepEqual([unknown.status, unknown.stdout, unknown.stderr], [2, '', 'container-signals: no service or container "web" in compose.yaml (it has: bizclaw, db)\n']);
    const other = cli(dir, 'explain', 'notes.txt');
    assert.deepEqual([other.status, other.stderr], [2, 'container-signals: notes.txt is not a Compose file, Kubernetes manifest or Dockerfile: no signal path to explain\n']);
    const none = cli(dir, 'explain');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /explain needs a <file>\[:<service>\]/);
  });

  it('parses its arguments', () => {
    assert.deepEqual(parseCliArgs(['explain', 'compose.yaml:api']), { command: 'explain', target: 'compose.yaml:api', format: 'text' });
    assert.deepEqual(parseCliArgs(['explain', 'x.yaml', '-f', 'json']), { command: 'explain', target: 'x.yaml', format: 'json' });
    assert.deepEqual(parseCliArgs(['explain', 'x.yaml', '--format', 'sarif']), { command: 'usage-error', message: '--format: explain prints text or json, got "sarif"' });
    assert.deepEqual(parseCliArgs(['explain', 'x.yaml', '--fix']), { command: 'usage-error', message: 'explain does not take --fix (only --format text|json)' });
  });
});
