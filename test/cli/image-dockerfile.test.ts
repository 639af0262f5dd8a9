/**
 * The CLI follows an image to its workspace Dockerfile (compose `build:`; a k8s container through
 * skaffold.yaml), never outside the root: a build context that is a symlink out of the root is not read.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanup, cli, fixture } from './helpers';

after(cleanup);

interface Json { files: { path: string; findings: { rule: string; line: number; message: string }[] }[] }
const run = (dir: string): Json => JSON.parse(cli(dir, 'check', '.', '--format', 'json').stdout);
const rulesOf = (j: Json, file: string) => (j.files.find((f) => f.path === file)?.findings ?? []).map((f) => `${f.rule}@${f.line}`);

const SKAFFOLD = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/api\n      context: api\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:v1\n';

describe('check: the image\'s Dockerfile in the workspace', () => {
  it('compose + Dockerfile: init: true in the override silences dockerfile/missing-init; k8s + skaffold.yaml reads USER', () => {
    const dir = fixture({
      'compose.yaml': 'services:\n  api:\n    build: ./api\n',
      'api/Dockerfile': 'FROM node:20\nUSER app\nCMD ["node", "server.js"]\n',
      'skaffold.yaml': SKAFFOLD,
      'k8s/deployment.yaml': DEPLOY,
    });
    let j = run(dir);
    assert.deepEqual(rulesOf(j, 'api/Dockerfile'), ['dockerfile/missing-init@3']);
    assert.deepEqual(rulesOf(j, 'k8s/deployment.yaml'), ['k8s/root-user@11']);
    assert.match(j.files.find((f) => f.path === 'k8s/deployment.yaml')!.findings[0].message, /its image's user "app" \(USER in its Dockerfile\)/);
    fs.writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  api:\n    init: true\n');
    j = run(dir);
    assert.deepEqual(rulesOf(j, 'api/Dockerfile'), []);
  });

  it('a build context that is a symlink out of the root is not read', () => {
    const outside = fixture({ 'Dockerfile': 'FROM node:20\nUSER app\n' });
    const dir = fixture({ 'skaffold.yaml': SKAFFOLD, 'k8s/deployment.yaml': DEPLOY, 'compose.yaml': 'services:\n  api:\n    build: ./api\n    user: root\n' });
    fs.symlinkSync(outside, path.join(dir, 'api'), 'dir');
    const j = run(dir);
    assert.deepEqual(rulesOf(j, 'k8s/deployment.yaml'), []);
    const root = j.files.find((f) => f.path === 'compose.yaml')!.findings.find((f) => f.rule === 'compose/root-user')!;
    assert.doesNotMatch(root.message, /Dockerfile's USER/);
  });
});
