/**
 * The editor's workspace reader, as the rules use it: a compose `build:` or a skaffold context that
 * is a symlink out of the workspace folder is not read (the rules judge as if there were no Dockerfile).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lint } from '../../server/src/core/lint';
import { Workspace, pathToUri } from '../../server/src/lsp/workspace';

const SKAFFOLD = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/api\n      context: api\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: api\n          image: acme/api\n';

describe('editor reader: no symlink escape when following an image to its Dockerfile', () => {
  it('reads the Dockerfile inside the folder, not through a symlink that leaves it', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-df-')));
    try {
      const ws = path.join(root, 'ws'), out = path.join(root, 'out');
      fs.mkdirSync(ws); fs.mkdirSync(out); fs.mkdirSync(path.join(ws, 'in'));
      fs.writeFileSync(path.join(out, 'Dockerfile'), 'FROM node:20\nUSER app\n');
      fs.writeFileSync(path.join(ws, 'in', 'Dockerfile'), 'FROM node:20\nUSER app\n');
      fs.writeFileSync(path.join(ws, 'skaffold.yaml'), SKAFFOLD);
      const w = new Workspace();
      w.setFolders([pathToUri(ws)]);
      const opts = () => ({ path: path.join(ws, 'deployment.yaml'), workspace: w.reader(() => undefined) });
      // api → a folder inside: read
      fs.symlinkSync(path.join(ws, 'in'), path.join(ws, 'api'), 'dir');
      assert.deepEqual(lint(DEPLOY, opts()).filter((f) => f.rule === 'k8s/root-user').map((f) => f.range.start.line + 1), [11]);
      // api → a folder outside: not read
      fs.unlinkSync(path.join(ws, 'api'));
      fs.symlinkSync(out, path.join(ws, 'api'), 'dir');
      assert.deepEqual(lint(DEPLOY, opts()).filter((f) => f.rule === 'k8s/root-user'), []);
      // compose build through the same link: the Dockerfile's USER is not seen
      const compose = 'services:\n  api:\n    build: ./api\n    user: root\n';
      const f = lint(compose, { path: path.join(ws, 'compose.yaml'), workspace: w.reader(() => undefined) }).find((x) => x.rule === 'compose/root-user');
      assert.ok(f && !/Dockerfile's USER/.test(f.message), f?.message);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
