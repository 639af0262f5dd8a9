// The same in-host suite in desktop VS Code downloaded by @vscode/test-electron, for machines
// that can reach Microsoft's update server (a developer's laptop). Not used by CI: here the
// download fails at once with ENOTFOUND, and test/editor/run-in-host.mjs (code-server) is the path.
//
// Usage: node test/editor/run-electron.mjs [extensionDir] [testsModule]
// Env: VSCODE_VERSION (default 1.100.3, the VS Code inside code-server 4.100.3; or "stable"),
//   EDITOR_TEST_EXTENSION, EDITOR_TEST_SUITE, EDITOR_TEST_WORKSPACE, KEEP=1, MOCHA_GREP.
// On Linux without a display, run it under xvfb-run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { REPO, ROOT, EXTENSION, WORKSPACE_FIXTURE, KEEP, readManifest } from './lib/harness.mjs';

const extensionDevelopmentPath = path.resolve(process.argv[2] || EXTENSION);
const extensionTestsPath = path.resolve(process.argv[3] || process.env.EDITOR_TEST_SUITE || path.join(REPO, 'test/editor/suite/index.js'));
const manifest = readManifest(extensionDevelopmentPath);
const run = fs.mkdtempSync(path.join(os.tmpdir(), 'container-signals-electron-'));
const workspace = path.join(run, 'ws');
fs.cpSync(WORKSPACE_FIXTURE, workspace, { recursive: true });

let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    cachePath: ROOT,
    extensionDevelopmentPath,
    extensionTestsPath,
    extensionTestsEnv: {
      EDITOR_TEST_EXTENSION_ID: manifest.id,
      EDITOR_TEST_MOCHA: path.dirname(createRequire(path.join(REPO, 'package.json')).resolve('mocha/package.json')),
      EDITOR_TEST_RUN_DIR: run,
    },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', path.join(run, 'ud'), '--extensions-dir', path.join(run, 'exts')],
  });
} catch (e) {
  console.error('test-electron failed:', e && e.message ? e.message : e);
  code = 1;
  // A download or launch error ran no test: nothing worth keeping.
  if (!(e instanceof TestRunFailedError)) fs.rmSync(run, { recursive: true, force: true });
} finally {
  if (code === 0 && !KEEP) fs.rmSync(run, { recursive: true, force: true });
}
process.exit(code);
