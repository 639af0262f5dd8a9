// Helpers for in-host tests: polling with a timeout (never fixed sleeps), fixture URIs.
const vscode = require('vscode');

/** Polls fn until it returns a truthy value or throws after `timeout` ms. */
async function waitFor(fn, { timeout = 20000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, interval));
  }
}

/** URI of a file of the test workspace (a fresh copy of test/editor/fixtures/workspace). */
function fixture(rel) {
  const ws = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!ws) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(ws.uri, ...rel.split('/'));
}

async function openFixture(rel) {
  const doc = await vscode.workspace.openTextDocument(fixture(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The extension the runner was started for (run-in-host.mjs sets EDITOR_TEST_EXTENSION_ID). */
function extensionUnderTest() {
  const id = process.env.EDITOR_TEST_EXTENSION_ID;
  if (!id) throw new Error('EDITOR_TEST_EXTENSION_ID is not set (start the suite with test/editor/run-in-host.mjs)');
  const ext = vscode.extensions.all.find(e => e.id.toLowerCase() === id);
  if (!ext) throw new Error(`extension ${id} is not loaded; loaded: ${vscode.extensions.all.map(e => e.id).filter(i => !i.startsWith('vscode.')).join(', ')}`);
  return ext;
}

const diagCode = d => (d.code && typeof d.code === 'object' ? d.code.value : d.code);

module.exports = { waitFor, fixture, openFixture, extensionUnderTest, diagCode };
