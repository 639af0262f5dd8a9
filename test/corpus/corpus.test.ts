/**
 * Real-world corpus (../shared/corpus): every file lints without a crash or a rule error; every
 * harden output parses, leaves no fixable finding, and a second harden is a no-op. Where a peer
 * linter's fixture checks what one of our rules checks, we agree unless the difference is
 * documented below. Skipped (and reported as skipped) only when the corpus folder is absent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { analyze, harden, lint } from '../../server/src/core/lint';
import type { LintOptions } from '../../server/src/core/types';

const REPO = path.resolve(__dirname, '../../..'); // test/out/corpus → repo root
const CORPUS = process.env.CORPUS_DIR ?? path.resolve(REPO, '../shared/corpus');
const present = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (!/^(MANIFEST|EXPECTED)\.tsv$|^README\.md$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** How each corpus file is linted: by its extension or Dockerfile-like name, with a language id otherwise. */
function optionsFor(file: string): LintOptions | undefined {
  const base = path.basename(file);
  if (/dockerfile|containerfile/i.test(base) && !/\.ya?ml$/i.test(base)) return { path: file, languageId: 'dockerfile' };
  if (/\.ya?ml$/i.test(base) || file.includes(`${path.sep}helm${path.sep}`)) return { path: file, languageId: 'yaml' };
  return undefined;
}

const yamlErrors = (text: string) => {
  const docs = parseAllDocuments(text);
  return (Array.isArray(docs) ? docs : []).map((d) => d.errors.length);
};

describe('corpus', { skip: present ? false : `corpus not found at ${CORPUS}` }, () => {
  const files = present ? walk(CORPUS) : [];
  it('has files', () => assert.ok(files.length > 400, `only ${files.length} files`));
  let linted = 0, findings = 0, hardened = 0;
  for (const file of files) {
    const opts = optionsFor(file);
    if (!opts) continue;
    const rel = path.relative(CORPUS, file);
    it(rel, () => {
      const text = fs.readFileSync(file, 'utf8');
      const r = analyze(text, opts);
      assert.deepEqual(r.ruleErrors, [], 'no rule may throw');
      linted++;
      findings += r.findings.length;
      const h = harden(text, opts);
      assert.deepEqual(h.remaining.map((f) => `${f.rule}@${f.range.start.line + 1}`), [], 'harden leaves no fixable finding');
      if (!h.changed) return;
      hardened++;
      if (opts.languageId === 'yaml') {
        const before = yamlErrors(text), after = yamlErrors(h.output);
        assert.equal(after.length, before.length, 'document count unchanged');
        after.forEach((n, i) => assert.ok(n <= before[i], `document ${i + 1} must still parse`));
      }
      const fixedRules = new Set(h.applied.map((f) => f.rule));
      const again = lint(h.output, opts).filter((f) => f.fix && fixedRules.has(f.rule));
      assert.deepEqual(again.map((f) => f.rule), [], 'fixed rules no longer fire');
      assert.equal(harden(h.output, opts).changed, false, 'second harden is a no-op');
      if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(h.output.replace(/^[^\n]*$/, '')) || !/[^\r]\n/.test(text), 'CRLF kept');
    });
  }
  it('summary', () => {
    console.log(`corpus: ${linted} files linted, ${findings} findings, ${hardened} files changed by harden`);
    assert.ok(linted > 400);
  });
});

/** Peer rule → our rule. */
const PEER_MAP: Record<string, string> = {
  'run-as-non-root': 'k8s/root-user', // kube-linter
  nonroot: 'k8s/root-user', // kubeaudit
  CKV_K8S_23: 'k8s/root-user', // checkov
  'KSV-0012': 'k8s/root-user', // trivy
  'DS-0002': 'dockerfile/root-user', // trivy
  CKV_DOCKER_8: 'dockerfile/root-user', // checkov: last USER is not root
  CKV_DOCKER_3: 'dockerfile/root-user', // checkov: a USER exists
};

/**
 * Documented disagreements: `<tool>/<file>` → why our rule differs. Every entry must still
 * disagree (a stale entry fails the test).
 */
export const PEER_EXCEPTIONS: Record<string, string> = {
  // k8s/root-user
  'checkov/bridgecrewio__checkov__tests__kubernetes__checks__example_RootContainers__rootContainersFAILED-malformed-spec.yaml':
    '`spec` is a sequence, not a pod spec: there is no container to judge (checkov fails the malformed object itself)',
  'kube-linter/stackrox__kube-linter__tests__checks__run-as-non-root.yml.doc03.yaml':
    'the DeploymentConfig\'s container has no image: read as a kustomize patch, whose base may set the user (and its runAsUser: 0 is not a container field)',
  'kube-linter/stackrox__kube-linter__tests__checks__run-as-non-root.yml.doc04.yaml':
    'runAsUser: 1001 with runAsGroup: 0: the user is not root; the primary group is outside k8s/root-user',
  'kube-linter/stackrox__kube-linter__tests__checks__run-as-non-root.yml.doc05.yaml':
    'runAsUser: 1001 with runAsGroup: 0 (an OpenShift DeploymentConfig): the user is not root; the primary group is outside k8s/root-user',
  'kubeaudit/Shopify__kubeaudit__auditors__nonroot__fixtures__run-as-user-psc-0-csc-1.yml':
    'the pod-level runAsUser: 0 is overridden by the only container (runAsUser: 1): no container runs as root',
  'kubeaudit/Shopify__kubeaudit__auditors__nonroot__fixtures__run-as-user-psc-0-csc-1-multiple-cont.yml':
    'the pod-level runAsUser: 0 is overridden by every container (runAsUser: 1): no container runs as root',
  // dockerfile/root-user
  'checkov/bridgecrewio__checkov__tests__dockerfile__checks__example_UserExists__failure__Dockerfile':
    'no USER on `FROM base`, an image the linter does not know: it may set a non-root USER itself, so the strict "no USER" case (a base known to run as root, RULES.md v2) stays silent; checkov fails any Dockerfile without USER',
};

describe('peer agreement', { skip: present ? false : 'corpus not found' }, () => {
  const dir = path.join(CORPUS, 'peer-fixtures');
  const tools = present ? fs.readdirSync(dir).filter((t) => fs.existsSync(path.join(dir, t, 'EXPECTED.tsv'))) : [];
  for (const tool of tools) {
    const rows = fs.readFileSync(path.join(dir, tool, 'EXPECTED.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
    for (const [file, peerRule, expected] of rows) {
      const ours = PEER_MAP[peerRule];
      if (!ours || (expected !== 'fail' && expected !== 'pass')) continue;
      const key = `${tool}/${file}`;
      it(`${key} ${peerRule}=${expected}`, () => {
        const p = path.join(dir, tool, file);
        // The peers report every container or image that does not rule root out: for the root-user
        // rules that is the strict preset's "can be root" case (the recommended preset reports only root).
        const opts = { ...(optionsFor(p) ?? { path: p, languageId: 'yaml' }), config: { preset: 'strict' as const } };
        const fires = lint(fs.readFileSync(p, 'utf8'), opts).some((f) => f.rule === ours);
        const agree = fires === (expected === 'fail');
        if (PEER_EXCEPTIONS[key]) assert.ok(!agree, `stale exception for ${key}: we agree now`);
        else assert.ok(agree, `${ours} ${fires ? 'fires' : 'is silent'} but ${tool} ${peerRule} expects ${expected}`);
      });
    }
  }
});
