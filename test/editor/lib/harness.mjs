// Shared plumbing for the real-editor tests: code-server 4.100.3 (= VS Code 1.100.3) on a free
// loopback port, driven by Debian's headless Chromium through playwright-core.
// Used by test/editor/run-in-host.mjs and test/editor/ui-e2e.mjs. No fixed sleeps: every wait
// polls a condition and has a timeout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ROOT = path.resolve(process.env.VSCODE_TEST_ROOT || path.join(REPO, '.vscode-test'));
export const CODE_SERVER = process.env.CODE_SERVER || path.join(ROOT, 'cs/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const OUTPUT = path.resolve(process.env.EDITOR_TEST_OUTPUT || path.join(REPO, 'test/editor/output'));
/** The extension under test (a folder with package.json); default: the repository root. */
export const EXTENSION = path.resolve(process.env.EDITOR_TEST_EXTENSION || REPO);
/** Folder copied afresh into each run as the workspace. */
export const WORKSPACE_FIXTURE = path.resolve(process.env.EDITOR_TEST_WORKSPACE || path.join(REPO, 'test/editor/fixtures/workspace'));
export const KEEP = !!process.env.KEEP && process.env.KEEP !== '0';
export const DEBUG = !!process.env.DEBUG && process.env.DEBUG !== '0';

const t0 = Date.now();
export const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

/** Polls `fn` until it returns a truthy value; throws after `timeout` ms. An error with `.fatal` stops at once. */
export async function waitUntil(fn, { timeout = 30000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (e) { if (e.fatal) throw e; last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise(r => setTimeout(r, interval));
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

export function readManifest(dir = EXTENSION) {
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return { ...pj, id: `${pj.publisher}.${pj.name}`.toLowerCase() };
}

export function checkPrerequisites() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (${CODE_SERVER})`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  if (missing.length) throw new Error(`missing ${missing.join(' and ')}: run \`bash test/editor/setup.sh\` first`);
}

/**
 * A throwaway run folder under .vscode-test/runs/: user data (with quiet settings), extensions
 * dir, XDG dirs, a Chromium profile and a fresh copy of the workspace fixture.
 */
export function createRun(kind, { settings = {} } = {}) {
  fs.mkdirSync(path.join(ROOT, 'runs'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'runs', `${kind}-`));
  const run = {
    dir, userData: path.join(dir, 'ud'), extensions: path.join(dir, 'exts'), workspace: path.join(dir, 'ws'),
    profile: path.join(dir, 'chromium-profile'), csLog: path.join(dir, 'code-server.log'),
  };
  for (const d of [path.join(run.userData, 'User'), run.extensions, run.profile]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(run.userData, 'User/settings.json'), JSON.stringify({
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'files.autoSave': 'off',
    'editor.lightbulb.enabled': 'on',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    ...settings,
  }, null, 2));
  fs.cpSync(WORKSPACE_FIXTURE, run.workspace, { recursive: true });
  run.env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'xdg/config'), XDG_DATA_HOME: path.join(dir, 'xdg/data'), XDG_CACHE_HOME: path.join(dir, 'xdg/cache'),
  };
  return run;
}

/** Starts code-server detached (own process group), waits for /healthz. Returns {port, base, proc}. */
export async function startCodeServer(run, { extraArgs = [], timeout = 60000 } = {}) {
  const port = await freePort();
  const out = fs.openSync(run.csLog, 'a');
  const proc = spawn(CODE_SERVER, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
    ...extraArgs,
  ], { env: run.env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  proc.once('exit', (code, sig) => { exited = { code, sig }; });
  const cs = { port, base: `http://127.0.0.1:${port}`, proc };
  run.codeServer = cs;
  await waitUntil(async () => {
    if (exited) throw Object.assign(new Error(`code-server exited early (${JSON.stringify(exited)}):\n${tail(run.csLog)}`), { fatal: true });
    const r = await fetch(`${cs.base}/healthz`, { signal: AbortSignal.timeout(2000) });
    return r.ok;
  }, { timeout, what: `code-server /healthz on ${cs.base}` });
  log('code-server healthy on', cs.base, 'pid', proc.pid);
  return cs;
}

/** Headless Debian Chromium with the flags this closed network needs, and a fresh profile. */
export async function launchBrowser(run, { viewport = { width: 1400, height: 900 } } = {}) {
  const context = await chromium.launchPersistentContext(run.profile, {
    executablePath: CHROMIUM, headless: true, viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  run.browser = context;
  const page = context.pages()[0] || await context.newPage();
  const consoleLog = path.join(run.dir, 'browser-console.log');
  page.on('console', m => {
    fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`);
    if (DEBUG) console.log('[browser]', m.type(), m.text().slice(0, 400));
  });
  page.on('pageerror', e => fs.appendFileSync(consoleLog, `[pageerror] ${e.stack || e}\n`));
  return { context, page };
}

/** The workbench URL for `folder`, with an optional dev/test payload (VS Code's `payload` parameter). */
export function workbenchUrl(cs, folder, payload) {
  return `${cs.base}/?folder=${encodeURIComponent(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
}
/** code-server resolves these against its own file system; `file://` URIs hang. */
export const remoteUri = (cs, absPath) => `vscode-remote://127.0.0.1:${cs.port}${absPath}`;

export function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return `(no ${file})`; }
}

/** Closes the browser, ends code-server's whole process group (ext host, watcher, language server). */
export async function stopRun(run) {
  if (run.browser) await run.browser.close().catch(() => {});
  const proc = run.codeServer?.proc;
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise(r => proc.once('exit', r));
    try { process.kill(-proc.pid, 'SIGTERM'); } catch {}
    const t = await Promise.race([exited.then(() => 'exit'), new Promise(r => setTimeout(r, 5000, 'timeout'))]);
    if (t === 'timeout') { try { process.kill(-proc.pid, 'SIGKILL'); } catch {} }
  }
  // Children that outlived the leader (e.g. a language server) are still in the group.
  if (proc) { try { process.kill(-proc.pid, 'SIGKILL'); } catch {} }
}

/** Removes the run folder unless the run failed or KEEP=1. */
export function finishRun(run, ok) {
  if (ok && !KEEP) fs.rmSync(run.dir, { recursive: true, force: true });
  else log(`kept run folder ${run.dir} (code-server log, browser console${ok ? '' : ', screenshots'})`);
}

/** Makes Ctrl+C / SIGTERM of the runner also end code-server's process group. */
export function stopOnSignals(run) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => { log(`got ${sig}, stopping`); await stopRun(run); finishRun(run, false); process.exit(130); });
  }
}
