/** Every registered rule has a test table, a docs page, a docs url and sane meta (ESLint's meta test). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../../server/src/core/rules';
import { DOCS_BASE } from '../../server/src/core/rule';
import { SEVERITY_SETTINGS } from '../../server/src/core/types';
import { editKind, rulesTable, withTable, GENERATED } from '../../scripts/gen-docs';

const REPO = path.resolve(__dirname, '../../..'); // test/out/unit → repo root

describe('rule registry', () => {
  it('is sorted and ids are unique', () => {
    const ids = rules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)));
    assert.equal(new Set(ids).size, ids.length);
  });
  /** Rules the issues after the v2 catalogue add (issue 11: the signal across files; issue 12: `docker run` lines). */
  const BEYOND_V2 = [
    'app/sigterm-not-handled', 'script/entrypoint-without-exec',
    'run/missing-init', 'run/ptrace-capability', 'run/root-user', 'run/read-only-without-tmp',
    'run/invalid-stop-signal', 'run/uncatchable-stop-signal', 'run/stop-timeout', 'run/security-disabled',
    'compose/security-disabled', 'k8s/security-disabled',
  ];
  it('holds the whole v2 catalogue of RULES.md, plus directive/unknown-rule and the rules issues 11 and 12 add', () => {
    const spec = path.resolve(REPO, '../shared/spec/RULES.md');
    if (!fs.existsSync(spec)) return;
    const text = fs.readFileSync(spec, 'utf8');
    assert.match(text, /^# Rule catalogue \(v2\b/m, 'RULES.md is the v2 contract');
    // A catalogue row: | `<id>` | or, for a rule v2 added, | `<id>` (new) |
    const listed = [...text.matchAll(/^\| `((?:compose|k8s|dockerfile)\/[a-z0-9-]+)`(?: \(new\))? \|/gm)].map((m) => m[1]);
    assert.equal(new Set(listed).size, listed.length, 'each id is listed once');
    const ours = rules.map((r) => r.meta.id).sort();
    assert.deepEqual(ours.filter((id) => !BEYOND_V2.includes(id)), [...listed, 'directive/unknown-rule'].sort());
  });
  for (const rule of rules) {
    const { id } = rule.meta;
    describe(id, () => {
      it('has kebab-case id with a known target', () => assert.match(id, /^(compose|k8s|dockerfile|directive|run|script|app)\/[a-z0-9]+(-[a-z0-9]+)*$/));
      it('target matches the id', () => assert.equal(rule.meta.target, id.split('/')[0]));
      it('has a valid default severity', () => assert.ok(SEVERITY_SETTINGS.includes(rule.meta.severity) && rule.meta.severity !== ('off' as string)));
      it('has a description and messages', () => {
        assert.ok(rule.meta.description.length > 10);
        assert.ok(Object.keys(rule.meta.messages).length > 0);
      });
      it('has a docs url to docs/rules/<id>.md', () => assert.equal(rule.meta.docs, `${DOCS_BASE}${id}.md`));
      it('has a docs page', () => {
        const p = path.join(REPO, 'docs/rules', `${id}.md`);
        assert.ok(fs.existsSync(p), `missing ${p}`);
        assert.match(fs.readFileSync(p, 'utf8'), new RegExp(`^# ${id.replace('/', '\\/')}`));
      });
      it('has a test table', () => {
        const p = path.join(REPO, 'test/unit/rules', `${id}.test.ts`);
        assert.ok(fs.existsSync(p), `missing ${p}`);
        assert.match(fs.readFileSync(p, 'utf8'), new RegExp(`ruleTester\\('${id}'|'${id}'`));
      });
      it('lives in its own file', () => assert.ok(fs.existsSync(path.join(REPO, 'server/src/core/rules', `${id}.ts`))));
    });
  }
  for (const [rel, base] of GENERATED) {
    it(`${rel}: its rule table is generated from the registry (npm run gen)`, () => {
      const text = fs.readFileSync(path.join(REPO, rel), 'utf8');
      assert.equal(text, withTable(text, base));
    });
  }
  it('the rule table shows both presets and the kind of edit of each rule', () => {
    const lines = rulesTable().split('\n');
    assert.equal(lines[0], '| rule | recommended | strict | edit | what it finds |');
    assert.equal(lines.length, rules.length + 2);
    for (const [i, r] of rules.entries()) {
      const cells = lines[i + 2].split(' | ');
      const show = (s: string) => (s === 'off' ? '—' : s);
      assert.deepEqual(cells.slice(1, 4), [show(r.meta.presets.recommended), show(r.meta.presets.strict), editKind(r.meta)], r.meta.id);
    }
    assert.equal(editKind({ fixable: true }), 'fix');
    assert.equal(editKind({ fixable: false, suggests: true }), 'suggestion');
    assert.equal(editKind({ fixable: true, suggests: true }), 'fix, suggestion');
    assert.equal(editKind({ fixable: false }), 'none');
  });
  it('package.json: containerSignals.preset and fix.apply (ids generated from the registry)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties;
    assert.deepEqual(props['containerSignals.preset'].enum, ['', 'recommended', 'strict']);
    assert.equal(props['containerSignals.preset'].default, '', 'unset by default: .container-signals.yaml decides');
    assert.equal(props['containerSignals.preset'].scope, 'resource');
    assert.deepEqual(props['containerSignals.fix.apply'].items.enum, rules.map((r) => r.meta.id).sort((a, b) => a.localeCompare(b)));
    assert.deepEqual(props['containerSignals.fix.apply'].default, []);
    assert.equal(props['containerSignals.fix.apply'].scope, 'resource');
  });
  it('package.json settings list every rule id', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const props = pkg.contributes?.configuration?.properties?.['containerSignals.rules']?.properties;
    assert.ok(props, 'contributes.configuration containerSignals.rules.properties');
    assert.deepEqual(Object.keys(props).sort(), rules.map((r) => r.meta.id).sort());
  });
});
