/** The pre-commit hook definition and the examples in docs/ci.md stay true to the CLI. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { rules } from '../../server/src/core/rules';
import { parseConfig } from '../../server/src/core/config';
import { isManifestName } from '../../server/src/cli/discover';
import { REPO } from './helpers';

interface Hook { id: string; name: string; entry: string; language: string; files: string; exclude?: string; types?: string[] }

/** pre-commit uses Python's `re.search`; these patterns only use a leading `(?i)`, which JS spells as a flag. */
function pyRegex(p: string): RegExp {
  return p.startsWith('(?i)') ? new RegExp(p.slice(4), 'i') : new RegExp(p);
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

  it('defines the container-signals hook (node, `container-signals check`) and a --fix variant', () => {
    const check = hooks.find((h) => h.id === 'container-signals');
    assert.ok(check);
    // --ignore-unknown: pre-commit passes every staged YAML file (workflows, Helm templates):
    // those are counted as skipped instead of failing the commit with exit 2.
    assert.equal(check.entry, 'container-signals check --ignore-unknown');
    assert.equal(check.language, 'node');
    const fix = hooks.find((h) => h.id === 'container-signals-fix');
    assert.equal(fix?.entry, 'container-signals check --fix --ignore-unknown');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok(pkg.bin[check.entry.split(' ')[0]], 'the entry is the package\'s bin');
  });

  it('passes Compose files, Kubernetes YAML and Dockerfiles, and nothing else', () => {
    for (const h of hooks) {
      const files = pyRegex(h.files);
      const exclude = h.exclude ? pyRegex(h.exclude) : undefined;
      const passed = (p: string) => files.test(p) && !exclude?.test(p);
      for (const p of ['compose.yaml', 'docker-compose.yml', 'deploy/k8s/app.YAML', 'Dockerfile', 'svc/Dockerfile.dev', 'api.dockerfile', 'Containerfile', 'x/Containerfile.prod', 'build/app.Containerfile', 'Dockerfile-prod', 'svc/Dockerfile_dev', 'api__Dockerfile', 'x/web-Dockerfile', 'app.Dockerfile']) {
        assert.ok(passed(p), `${h.id}: ${p}`);
        assert.ok(isManifestName(path.basename(p)), `discovery agrees: ${p}`);
      }
      for (const p of ['README.md', 'Dockerfile.dockerignore', 'x/.dockerignore', 'yaml', 'compose.json', 'notes/Dockerfiles/readme.txt']) {
        assert.ok(!passed(p), `${h.id}: ${p}`);
      }
    }
  });
});

describe('docs/ci.md', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs/ci.md'), 'utf8');
  const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));

  it('the example config file is valid', () => {
    const example = blocks.find((b) => b.text.startsWith('# .container-signals.yaml'));
    assert.ok(example);
    const c = parseConfig(example.text);
    assert.deepEqual(c.problems, []);
    assert.equal(c.failOn, 'warning');
    assert.deepEqual(c.ignore, ['vendor/', '**/testdata/**', '!testdata/keep.yaml']);
  });

  it('the GitHub Actions workflow uploads the SARIF with upload-sarif and may write security events', () => {
    const wf = blocks.find((b) => b.text.startsWith('# .github/workflows/'));
    assert.ok(wf);
    const w = parse(wf.text) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
    assert.equal(w.permissions['security-events'], 'write');
    const steps = Object.values(w.jobs)[0].steps;
    const run = steps.find((s) => s.run?.includes('container-signals check'));
    assert.match(run?.run ?? '', /--format sarif > (\S+)/);
    const out = /--format sarif > (\S+)/.exec(run!.run!)![1];
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, out);
  });

  it('the pre-commit example names a hook that exists', () => {
    const pc = blocks.find((b) => b.text.startsWith('# .pre-commit-config.yaml'));
    const cfg = parse(pc!.text) as { repos: { hooks: { id: string }[] }[] };
    const ids = (parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[]).map((h) => h.id);
    for (const h of cfg.repos[0].hooks) assert.ok(ids.includes(h.id), h.id);
  });
});

describe('the extension package', () => {
  it('ships the rule pages: "Show documentation" opens docs/rules/<id>.md from the extension (vsce ls)', () => {
    const vsce = path.join(REPO, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
    const r = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const files = new Set(r.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
    for (const rule of rules) assert.ok(files.has(`docs/rules/${rule.meta.id}.md`), `docs/rules/${rule.meta.id}.md is packaged`);
    assert.ok(files.has('dist/server.js') && files.has('dist/client.js'));
  });
});
