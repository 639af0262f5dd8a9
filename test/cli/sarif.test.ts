/**
 * `--format sarif`: validated against the SARIF 2.1.0 JSON schema shipped in
 * test/cli/fixtures (see its README for the origin), and checked for what GitHub code scanning
 * reads: driver, rules, results with ruleIndex, levels, locations relative to %SRCROOT%, fixes
 * and suppressions.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rules, ruleById } from '../../server/src/core/rules';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { cleanup, cli, cliWith, fixture, gitRoot, only, REPO } from './helpers';
import { fakeBundle } from '../support/fake-bundle';
import { FAKE_IDS, STRICT_ONLY, SUGGEST } from '../support/fake-rules';
import type { Run } from './helpers';

after(cleanup);

const OBSOLETE = 'compose/obsolete-version';
const UNKNOWN = 'directive/unknown-rule';
const COMPOSE_V = 'version: "3.8"\nservices:\n  web:\n    image: nginx\n';
const COMPOSE_CLEAN = 'services:\n  web:\n    image: nginx\n';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Sarif = any;

const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test/cli/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
// Two corrections of the OASIS errata01 schema (see fixtures/README.md): a region must have a
// start, and the `language` pattern (a broken regular expression in rtm.5) is fixed.
schema.definitions.region.anyOf = [{ required: ['startLine'] }, { required: ['charOffset'] }, { required: ['byteOffset'] }];
for (const def of ['run', 'toolComponent']) {
  assert.equal(schema.definitions[def].properties.language.pattern, '^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$');
  schema.definitions[def].properties.language.pattern = '^[a-zA-Z]{2}(-[a-zA-Z]{2})?$';
}
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarif(r: Run): Sarif {
  assert.ok(r.stdout.endsWith('}\n'), r.stderr);
  const log = JSON.parse(r.stdout);
  const ok = validate(log);
  assert.ok(ok, `SARIF does not validate: ${JSON.stringify(validate.errors, null, 2)}`);
  return log;
}

describe('--format sarif', () => {
  it('the schema check itself rejects what is not SARIF', () => {
    assert.equal(validate({ version: '2.1.0' }), false, 'runs is required');
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false, 'bad level');
    assert.equal(validate({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startColumn: 1 } } }] }] }],
    }), false, 'a region without startLine');
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, fixes: [{ artifactChanges: [] }] }] }] }), false, 'an empty artifactChanges');
  });

  it('validates, and describes the tool and the whole rule catalogue', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': COMPOSE_V }));
    const log = sarif(cli(dir, 'check', '--format', 'sarif', ...only(OBSOLETE)));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'container-signals');
    assert.equal(driver.version, pkg.version);
    assert.equal(driver.informationUri, 'https://github.com/container-signals/container-signals');
    assert.deepEqual(driver.rules.map((r: Sarif) => r.id), rules.map((r) => r.meta.id));
    const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    for (const [i, r] of driver.rules.entries()) {
      const meta = rules[i].meta;
      assert.equal(r.helpUri, meta.docs);
      assert.match(r.helpUri, /^https:\/\/github\.com\/.+\/docs\/rules\/.+\.md$/);
      assert.equal(r.fullDescription.text, meta.description);
      assert.ok(r.shortDescription.text.length > 0 && meta.description.startsWith(r.shortDescription.text));
      const rec = meta.presets.recommended;
      assert.deepEqual(r.defaultConfiguration, rec === 'off' ? { enabled: false, level: 'none' } : { level: levels[rec] }, `${meta.id}: the recommended preset's default`);
    }
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(dir).href + '/' } });
  });

  it('results: ruleId, ruleIndex, level, message, location relative to the repo root, fixes', () => {
    const dir = gitRoot(fixture({ 'deploy/compose.yaml': COMPOSE_V }));
    // Run from a sub-folder: URIs stay relative to the git root, as code scanning needs.
    const r = cli(path.join(dir, 'deploy'), 'check', '--format', 'sarif', ...only(OBSOLETE), '--rule', `${OBSOLETE}=warning`);
    assert.equal(r.status, 0);
    const [res] = sarif(r).runs[0].results;
    assert.deepEqual(res, {
      ruleId: OBSOLETE,
      ruleIndex: rules.findIndex((x) => x.meta.id === OBSOLETE),
      level: 'warning',
      message: { text: ruleById.get(OBSOLETE)!.meta.messages.obsolete },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: 'deploy/compose.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 15 },
        },
      }],
      fixes: [{
        description: { text: 'Remove the obsolete "version" line' },
        artifactChanges: [{
          artifactLocation: { uri: 'deploy/compose.yaml', uriBaseId: '%SRCROOT%' },
          replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 1 }, insertedContent: { text: '' } }],
        }],
      }],
    });
    // The fix's replacements, applied to the file, give what --fix writes.
    const lines = new LineIndex(COMPOSE_V);
    const edits = res.fixes[0].artifactChanges[0].replacements.map((x: Sarif) => ({
      start: lines.offsetAt({ line: x.deletedRegion.startLine - 1, character: x.deletedRegion.startColumn - 1 }),
      end: lines.offsetAt({ line: x.deletedRegion.endLine - 1, character: x.deletedRegion.endColumn - 1 }),
      newText: x.insertedContent.text,
    }));
    assert.equal(applyEdits(COMPOSE_V, edits), COMPOSE_CLEAN);
  });

  it('maps every severity to a level: information and hint are notes', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': COMPOSE_V }));
    const level = (sev: string) => sarif(cli(dir, 'check', '--format', 'sarif', ...only(OBSOLETE), '--rule', `${OBSOLETE}=${sev}`)).runs[0].results[0].level;
    assert.equal(level('error'), 'error');
    assert.equal(level('warning'), 'warning');
    assert.equal(level('information'), 'note');
    assert.equal(level('hint'), 'note');
  });

  it('lists suppressed findings with an inSource suppression and the reason after --', () => {
    const dir = gitRoot(fixture({
      'a/compose.yaml': `# container-signals-disable-next-line ${OBSOLETE} -- the old deploy tool needs it\n${COMPOSE_V}`,
      'b/compose.yaml': `# container-signals-disable-next-line ${OBSOLETE}\n${COMPOSE_V}`,
      'c/compose.yaml': COMPOSE_V,
    }));
    const r = cli(dir, 'check', '--format', 'sarif', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`);
    assert.equal(r.status, 1, 'only c/compose.yaml fails the run');
    const results = sarif(r).runs[0].results;
    const by = (uri: string) => results.find((x: Sarif) => x.locations[0].physicalLocation.artifactLocation.uri === uri);
    assert.deepEqual(by('a/compose.yaml').suppressions, [{ kind: 'inSource', justification: 'the old deploy tool needs it' }]);
    assert.equal(by('a/compose.yaml').locations[0].physicalLocation.region.startLine, 2);
    assert.deepEqual(by('b/compose.yaml').suppressions, [{ kind: 'inSource' }]);
    assert.equal(by('c/compose.yaml').suppressions, undefined);
    // The other formats leave suppressed findings out.
    const stylish = cli(dir, 'check', ...only(OBSOLETE), '--rule', `${OBSOLETE}=error`);
    assert.doesNotMatch(stylish.stdout, /a\/compose\.yaml|b\/compose\.yaml/);
  });

  it('encodes URIs, uses file: URIs outside the repo, and lists no result for clean files', () => {
    const outside = fixture({ 'x/compose.yaml': COMPOSE_V });
    const dir = gitRoot(fixture({ 'my stack/docker compose#1.yaml': COMPOSE_V, 'clean/compose.yaml': COMPOSE_CLEAN, Dockerfile: 'FROM alpine\nUSER 1:1\nCMD ["true"]\n' }));
    const r = cli(dir, 'check', '--format', 'sarif', '.', path.join(outside, 'x'), ...only(OBSOLETE, UNKNOWN));
    const uris = sarif(r).runs[0].results.map((x: Sarif) => x.locations[0].physicalLocation.artifactLocation);
    uris.sort((a: Sarif, b: Sarif) => (a.uriBaseId ? 0 : 1) - (b.uriBaseId ? 0 : 1));
    assert.deepEqual(uris, [
      { uri: 'my%20stack/docker%20compose%231.yaml', uriBaseId: '%SRCROOT%' },
      { uri: pathToFileURL(path.join(outside, 'x', 'compose.yaml')).href },
    ]);
  });

  it('without a git repository, URIs are relative to the working directory; an empty run validates', () => {
    const dir = fixture({ 'compose.yaml': COMPOSE_V, 'sub/compose.yaml': COMPOSE_V });
    const log = sarif(cli(path.join(dir, 'sub'), 'check', '--format', 'sarif', ...only(OBSOLETE)));
    assert.deepEqual(log.runs[0].results.map((x: Sarif) => x.locations[0].physicalLocation.artifactLocation.uri), ['compose.yaml']);
    const empty = sarif(cli(dir, 'check', '--format', 'sarif', ...only()));
    assert.deepEqual(empty.runs[0].results, []);
  });

  it('with the whole catalogue on mixed files (whichever rules have landed), still validates', () => {
    const dir = gitRoot(fixture({
      'compose.yaml': 'version: "3"\nservices:\n  app:\n    image: example/app:1\n    user: root\n    read_only: true\n    cap_add: [SYS_PTRACE]\n    build: .\n    command: ["sh", "-c", "run"]\n',
      Dockerfile: 'FROM alpine:3.20\nCMD run --port 80\n',
      'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds: 0\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        readOnlyRootFilesystem: true\n',
    }));
    const r = cli(dir, 'check', '--format', 'sarif');
    assert.doesNotMatch(r.stderr, /crashed/);
    const log = sarif(r);
    const driverIds = log.runs[0].tool.driver.rules.map((x: Sarif) => x.id);
    for (const res of log.runs[0].results) assert.equal(driverIds[res.ruleIndex], res.ruleId);
  });

  it('files not linted are tool execution notifications (error when named on the command line, note in discovery); validates', () => {
    const dir = gitRoot(fixture({ 'compose.yaml': COMPOSE_CLEAN, 'chart/templates/pod.yaml': 'metadata:\n  name: {{ .Release.Name }}\n', 'notes.txt': 'hello\n' }));
    let log = sarif(cli(dir, 'check', '--format', 'sarif', ...only(OBSOLETE)));
    assert.deepEqual(log.runs[0].invocations, [{
      executionSuccessful: true,
      toolExecutionNotifications: [{
        level: 'note',
        message: { text: 'Not linted: a Go/Helm template ({{ }}), not a manifest (lint the rendered output, e.g. of helm template)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'chart/templates/pod.yaml', uriBaseId: '%SRCROOT%' } } }],
        properties: { skipped: 'template' },
      }],
    }]);
    const r = cli(dir, 'check', '--format', 'sarif', 'notes.txt', 'compose.yaml', ...only(OBSOLETE));
    assert.equal(r.status, 2);
    log = sarif(r);
    assert.deepEqual(log.runs[0].invocations, [{
      executionSuccessful: false,
      toolExecutionNotifications: [{
        level: 'error',
        message: { text: 'Not linted: not a Compose file, Kubernetes manifest or Dockerfile (by name or content)' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'notes.txt', uriBaseId: '%SRCROOT%' } } }],
        properties: { skipped: 'unknown' },
      }],
    }]);
  });

  it('--quiet keeps errors only; --fix-dry-run reports the findings as they are, with their fixes', () => {
    const dir = gitRoot(fixture({ 'a/compose.yaml': COMPOSE_V, 'b/compose.yaml': COMPOSE_V }));
    const quiet = sarif(cli(dir, 'check', '--format', 'sarif', '--quiet', 'a', ...only(OBSOLETE)));
    assert.deepEqual(quiet.runs[0].results, []);
    const dry = cli(dir, 'check', '--format', 'sarif', '--fix-dry-run', ...only(OBSOLETE));
    assert.equal(sarif(dry).runs[0].results.length, 2);
    assert.equal(fs.readFileSync(path.join(dir, 'a/compose.yaml'), 'utf8'), COMPOSE_V);
  });

  describe('suggestions and presets (a CLI built with test-only rules)', () => {
    const fakeCli = (cwd: string, ...args: string[]) => cliWith({ cwd, script: fakeBundle('cli') }, ...args);
    const onlyFake = (...keep: string[]) => [...only(...keep), ...FAKE_IDS.filter((id) => !keep.includes(id)).flatMap((id) => ['--rule', `${id}=off`])];
    const SUG = 'services:\n  api:\n    image: x\n    x-suggest: before\n    x-strict: "yes"\n';

    it('a suggestion is listed in fixes with a description that says so, and validates', () => {
      const dir = gitRoot(fixture({ 'compose.yaml': SUG }));
      const log = sarif(fakeCli(dir, 'check', '--format', 'sarif', ...onlyFake(SUGGEST)));
      const [res] = log.runs[0].results;
      assert.equal(res.ruleId, SUGGEST);
      assert.deepEqual(res.fixes.map((f: Sarif) => f.description.text), [
        'Suggestion (not applied by --fix): Set x-suggest to first',
        'Suggestion (not applied by --fix): Set x-suggest to second',
      ]);
      assert.deepEqual(res.fixes[0].artifactChanges[0].replacements, [{ deletedRegion: { startLine: 4, startColumn: 16, endLine: 4, endColumn: 22 }, insertedContent: { text: 'first' } }]);
      const rule = log.runs[0].tool.driver.rules.find((r: Sarif) => r.id === SUGGEST);
      assert.deepEqual(rule.properties.tags, ['compose', 'suggestions']);
    });

    it('with fix.apply the promoted suggestion is the fix (first, without the prefix)', () => {
      const dir = gitRoot(fixture({ 'compose.yaml': SUG, '.container-signals.yaml': `fix:\n  apply: [${SUGGEST}]\n` }));
      const [res] = sarif(fakeCli(dir, 'check', '--format', 'sarif', ...onlyFake(SUGGEST))).runs[0].results;
      assert.deepEqual(res.fixes.map((f: Sarif) => f.description.text), ['Set x-suggest to first', 'Suggestion (not applied by --fix): Set x-suggest to second']);
    });

    it("defaultConfiguration follows the active preset (--preset, else the config file's)", () => {
      const dir = gitRoot(fixture({ 'compose.yaml': SUG }));
      const conf = (log: Sarif) => log.runs[0].tool.driver.rules.find((r: Sarif) => r.id === STRICT_ONLY).defaultConfiguration;
      assert.deepEqual(conf(sarif(fakeCli(dir, 'check', '--format', 'sarif', ...onlyFake(STRICT_ONLY)))), { enabled: false, level: 'none' });
      const strict = sarif(fakeCli(dir, 'check', '--format', 'sarif', '--preset', 'strict', ...onlyFake()));
      assert.deepEqual(conf(strict), { level: 'note' });
      fs.writeFileSync(path.join(dir, '.container-signals.yaml'), 'preset: strict\n');
      assert.deepEqual(conf(sarif(fakeCli(dir, 'check', '--format', 'sarif'))), { level: 'note' });
    });
  });
});
