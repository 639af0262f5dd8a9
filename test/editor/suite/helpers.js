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

/** A diagnostic as plain data: { code, severity, range: [sl, sc, el, ec] (0-based), text }. */
function diagSummary(doc, d) {
  const r = d.range;
  return {
    code: diagCode(d),
    severity: ['error', 'warning', 'information', 'hint'][d.severity],
    range: [r.start.line, r.start.character, r.end.line, r.end.character],
    text: doc.getText(r),
  };
}

const byPosition = (a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1] || String(a.code).localeCompare(String(b.code));

/** The diagnostics of `source` on `doc`, summarized and sorted by position, then code. */
function diagnosticsOf(doc, source) {
  return vscode.languages.getDiagnostics(doc.uri).filter(d => d.source === source).map(d => diagSummary(doc, d)).sort(byPosition);
}

/**
 * Polls until `check(list)` holds for the summarized diagnostics of `source` on `doc`, and
 * returns the list; on timeout, fails with the last list seen.
 */
async function waitForDiagnostics(doc, source, check, { timeout = 20000, what = 'diagnostics' } = {}) {
  let last = [];
  try {
    return await waitFor(() => { last = diagnosticsOf(doc, source); return check(last) ? last : false; }, { timeout, what });
  } catch (e) {
    e.message += `\nlast diagnostics of ${vscode.workspace.asRelativePath(doc.uri)}:\n${JSON.stringify(last, null, 1)}`;
    throw e;
  }
}

/** Polls until the document's text equals `want`; on timeout, fails with an assert-style diff. */
async function waitForText(doc, want, { timeout = 10000, what } = {}) {
  const assert = require('assert');
  try {
    await waitFor(() => doc.getText() === want, { timeout, what: what || `the text of ${vscode.workspace.asRelativePath(doc.uri)}` });
  } catch (e) {
    assert.strictEqual(doc.getText(), want, e.message);
  }
}

/** Text of a hover's contents (MarkdownString or MarkedString). */
const hoverText = h => h.contents.map(c => (typeof c === 'string' ? c : c.value)).join('\n');

module.exports = { waitFor, fixture, openFixture, extensionUnderTest, diagCode, diagSummary, diagnosticsOf, waitForDiagnostics, waitForText, hoverText };
