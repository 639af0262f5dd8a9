/**
 * `container-signals check` on Compose projects: compose.yaml with compose.override.yaml is one
 * project (the same WorkspaceReader feeds the other file), compose.prod.yaml is judged alone
 * unless `.container-signals.yaml` lists it in `compose.projects`; related locations in SARIF.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, cli, fixture } from './helpers';

const BASE = 'services:\n  web:\n    image: node:20\n    command: ["node", "server.js"]\n    read_only: true\n';
const OVERRIDE = 'services:\n  web:\n    init: true\n    tmpfs: [/tmp]\n';

interface JsonOut { files: { path: string; findings: { rule: string; line: number; column: number; endLine: number; endColumn: number }[] }[] }
const rows = (stdout: string) => (JSON.parse(stdout) as JsonOut).files.flatMap((f) => f.findings.map((x) => `${f.path} ${x.rule} ${x.line}:${x.column}-${x.endLine}:${x.endColumn}`)).sort();

describe('check: compose projects', () => {
  after(cleanup);

  it('merges compose.override.yaml into compose.yaml; the override\'s partial service is not judged alone', () => {
    const dir = fixture({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
    const r = cli(dir, 'check', '--format', 'json', '--preset', 'strict');
    assert.deepEqual(rows(r.stdout), ['compose.yaml compose/root-user 2:3-2:6']);
    // One file named on the command line still reads the other file of its project.
    assert.deepEqual(rows(cli(dir, 'check', 'compose.yaml', '--format', 'json').stdout), []);
  });

  it('judges compose.prod.yaml alone unless compose.projects lists it', () => {
    const files = { 'compose.yaml': BASE, 'compose.prod.yaml': 'services:\n  web:\n    init: true\n    tmpfs: [/run]\n' };
    const alone = fixture(files);
    assert.deepEqual(rows(cli(alone, 'check', '--format', 'json', '--preset', 'strict').stdout), [
      'compose.prod.yaml compose/tmp-not-tmpfs 2:3-2:6',
      'compose.prod.yaml compose/tmpdir-unset 2:3-2:6',
      'compose.yaml compose/missing-init 2:3-2:6',
      'compose.yaml compose/read-only-without-tmp 2:3-2:6',
      'compose.yaml compose/root-user 2:3-2:6',
    ]);
    const listed = fixture({ ...files, '.container-signals.yaml': 'compose:\n  projects:\n    - [compose.yaml, compose.prod.yaml]\n' });
    assert.deepEqual(rows(cli(listed, 'check', '--format', 'json', '--preset', 'strict').stdout), [
      'compose.yaml compose/read-only-without-tmp 2:3-2:6',
      'compose.yaml compose/root-user 2:3-2:6',
      'compose.yaml compose/tmpdir-unset 2:3-2:6',
    ]);
  });

  it('explain: the signal path of the merged service names the override where init is set', () => {
    const dir = fixture({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
    const out = cli(dir, 'explain', 'compose.yaml').stdout;
    assert.match(out, /→ tini \(init: true\): .* \[compose\.override\.yaml:3\]\n/);
  });

  it('explain follows compose.projects of .container-signals.yaml (compose.prod.yaml alone says nothing of init)', () => {
    const files = { 'compose.yaml': BASE, 'compose.prod.yaml': OVERRIDE };
    const alone = cli(fixture(files), 'explain', 'compose.yaml').stdout;
    assert.doesNotMatch(alone, /tini/);
    const dir = fixture({ ...files, '.container-signals.yaml': 'compose:\n  projects:\n    - [compose.yaml, compose.prod.yaml]\n' });
    assert.match(cli(dir, 'explain', 'compose.yaml').stdout, /→ tini \(init: true\): .* \[compose\.prod\.yaml:3\]\n/);
  });

  it('SARIF: a finding on the merged service has a related location in the override', () => {
    const dir = fixture({ 'compose.yaml': BASE, 'compose.override.yaml': 'services:\n  web:\n    tmpfs: [/tmp]\n' });
    const sarif = JSON.parse(cli(dir, 'check', '--format', 'sarif').stdout);
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'compose/missing-init');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'compose.yaml');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 });
    const rel = res.relatedLocations.find((x: { physicalLocation: { artifactLocation: { uri: string } } }) => x.physicalLocation.artifactLocation.uri.endsWith('compose.override.yaml'));
    assert.ok(rel, JSON.stringify(res.relatedLocations));
    assert.deepEqual(rel.physicalLocation.region, { startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 });
    assert.equal(rel.message.text, '"web" is also defined in compose.override.yaml, which Compose merges over this file: judged on the merged service');
  });
});
