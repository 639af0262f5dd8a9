// Runs the in-host mocha suite INSIDE a real VS Code extension host (code-server 4.100.3 =
// VS Code 1.100.3), the way @vscode/test-electron does: the workbench is opened with the
// `extensionDevelopmentPath` + `extensionTestsPath` payload, and the runner's result comes back
// through window.codeAutomationExit. The extension host's console arrives through
// window.codeAutomationLog and is printed here.
//
// Usage: node test/editor/run-in-host.mjs [extensionDir] [testsModule]
//   extensionDir  default $EDITOR_TEST_EXTENSION or the repository root (package.json "main")
//   testsModule   default $EDITOR_TEST_SUITE or test/editor/suite/index.js (exports run())
// Env: EDITOR_TEST_WORKSPACE (fixture folder copied fresh into each run, default
//   test/editor/fixtures/workspace), EDITOR_TEST_TIMEOUT_MS (default 180000), MOCHA_GREP,
//   KEEP=1 (keep the run folder), DEBUG=1 (echo the browser console), VSCODE_TEST_ROOT.
// Exit code: the test runner's (0 pass, 1 failures), 124 on timeout, 2 on a harness error.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import {
  REPO, EXTENSION, OUTPUT, DEBUG, log, checkPrerequisites, readManifest, createRun, startCodeServer, launchBrowser,
  workbenchUrl, remoteUri, stopRun, finishRun, stopOnSignals, tail,
} from './lib/harness.mjs';

const extensionDir = path.resolve(process.argv[2] || EXTENSION);
const testsModule = path.resolve(process.argv[3] || process.env.EDITOR_TEST_SUITE || path.join(REPO, 'test/editor/suite/index.js'));
const timeoutMs = Number(process.env.EDITOR_TEST_TIMEOUT_MS || 180000);

let exitCode = 2, run, summary;
try {
  checkPrerequisites();
  if (!fs.existsSync(testsModule)) throw new Error(`no test module at ${testsModule}`);
  const manifest = readManifest(extensionDir);
  const main = manifest.main && path.resolve(extensionDir, manifest.main);
  if (main && !fs.existsSync(main) && !fs.existsSync(main + '.js')) log(`WARNING: ${manifest.id} "main" ${main} does not exist (build first?)`);
  log(`extension ${manifest.id} at ${extensionDir}; tests ${testsModule}`);

  run = createRun('in-host');
  stopOnSignals(run);
  // The extension host inherits code-server's environment: tell the suite what it is testing
  // and where mocha is (a suite outside the repository cannot resolve it by itself).
  Object.assign(run.env, {
    EDITOR_TEST_EXTENSION_ID: manifest.id,
    EDITOR_TEST_MOCHA: path.dirname(createRequire(path.join(REPO, 'package.json')).resolve('mocha/package.json')),
    EDITOR_TEST_RUN_DIR: run.dir,
  });
  const cs = await startCodeServer(run);
  const { page } = await launchBrowser(run);

  let resolveExit;
  const done = new Promise(r => { resolveExit = r; });
  await page.exposeFunction('codeAutomationExit', (code) => { log('test runner finished, exit code', code); resolveExit(code); });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = util.format(...(Array.isArray(args) ? args : [args]));
    const m = /EDITOR_TEST_SUMMARY (\{.*\})/.exec(text);
    if (m) { try { summary = JSON.parse(m[1]); } catch {} return; }
    if (!DEBUG && /ENOTFOUND open-vsx\.org/.test(text)) { console.log('[ext-host] (expected noise: ENOTFOUND open-vsx.org, no marketplace here)'); return; }
    for (const line of text.replace(/\n$/, '').split('\n')) console.log(`[ext-host${type && type !== 'log' ? ' ' + type : ''}] ${line}`);
  });
  const payload = [['extensionDevelopmentPath', remoteUri(cs, extensionDir)], ['extensionTestsPath', remoteUri(cs, testsModule)]];
  await page.goto(workbenchUrl(cs, run.workspace, payload));
  log('workbench opened on', run.workspace);

  let timer;
  const result = await Promise.race([done, new Promise(r => { timer = setTimeout(r, timeoutMs, 'timeout'); })]);
  clearTimeout(timer);
  if (result === 'timeout') {
    fs.mkdirSync(OUTPUT, { recursive: true });
    const shot = path.join(OUTPUT, 'in-host-timeout.png');
    await page.screenshot({ path: shot }).catch(e => log('screenshot failed:', e.message));
    fs.copyFileSync(shot, path.join(run.dir, 'timeout.png'));
    console.error(`\nTIMEOUT: the in-host tests did not report within ${timeoutMs} ms (EDITOR_TEST_TIMEOUT_MS).\n` +
      `Screenshot: ${shot}\nLast lines of code-server's log:\n${tail(run.csLog)}`);
    exitCode = 124;
  } else {
    exitCode = Number(result) || 0;
  }
} catch (e) {
  console.error('run-in-host: harness error:', e.stack || e);
  if (run) console.error(`code-server log tail:\n${tail(run.csLog)}`);
  exitCode = 2;
} finally {
  if (run) { await stopRun(run); finishRun(run, exitCode === 0); }
}
log(exitCode === 0 ? 'in-host tests PASSED' : `in-host tests FAILED (exit ${exitCode})`);
// A plain closing line (a suite that reports no summary, e.g. a custom runner, prints none).
if (summary) console.log(`editor: ${summary.passes} passed, ${summary.failures} failed, ${summary.pending} skipped`);
process.exit(exitCode);
