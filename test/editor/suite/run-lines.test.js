// docker run lines (issue 12) inside a real extension host: a shell script and a Markdown file
// written into this run's workspace copy (not fixtures: "Harden signals in workspace" in
// container-signals.test.js counts the fixture's files) and removed at the end. Diagnostics with
// exact ranges, the quick-fix menu, the fix applied and undone, the hover's stop path, and
// Harden signals = the CLI's --fix of the same text.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { fixture, openFixture, waitForDiagnostics, waitForText, hoverText } = require('./helpers');

const ID = 'container-signals.container-signals';
const SOURCE = 'container-signals';
const sameAs = want => list => JSON.stringify(list) === JSON.stringify(want);

const CASES = [
  {
    rel: 'run-lines/deploy.sh',
    languageId: 'shellscript',
    text: '#!/bin/sh\nset -e\ndocker run -d \\\n  --read-only \\\n  node:20 node server.js\n',
    findings: [
      { code: 'run/missing-init', severity: 'warning', range: [2, 0, 2, 10], text: 'docker run' },
      { code: 'run/read-only-without-tmp', severity: 'information', range: [3, 2, 3, 13], text: '--read-only' },
    ],
    hoverAt: new vscode.Position(2, 3),
    fixed: '#!/bin/sh\nset -e\ndocker run --init -d \\\n  --read-only \\\n  node:20 node server.js\n',
    menu: [['Add --init', true], ['Disable run/missing-init for this line', false], ['Show documentation for run/missing-init', false]],
    message: 'Hardened deploy.sh: --init, --tmpfs /tmp.',
  },
  {
    rel: 'run-lines/README.md',
    languageId: 'markdown',
    text: '# Orders API\n\nRun it:\n\n```console\n$ docker run -d node:20 node server.js\n4f1c2a\n```\n\n```yaml\ncommand: docker run node:20 node x.js\n```\n',
    findings: [
      { code: 'run/missing-init', severity: 'warning', range: [5, 2, 5, 12], text: 'docker run' },
    ],
    hoverAt: new vscode.Position(5, 5),
    fixed: '# Orders API\n\nRun it:\n\n```console\n$ docker run --init -d node:20 node server.js\n4f1c2a\n```\n\n```yaml\ncommand: docker run node:20 node x.js\n```\n',
    menu: [['Add --init', true], ['Show documentation for run/missing-init', false]],
    message: 'Hardened README.md: --init.',
  },
];

suite('Container Signals: docker run lines', function () {
  let repo, cliFix;
  suiteSetup(async function () {
    if (process.env.EDITOR_TEST_EXTENSION_ID !== ID) this.skip();
    const ext = vscode.extensions.getExtension(ID);
    await ext.activate();
    repo = ext.extensionPath;
    ({ cliFix } = require(path.join(repo, 'test/editor/lib/cli-fix.cjs')));
  });

  for (const c of CASES) {
    test(`${c.languageId}: diagnostics, quick fix and undo, hover, Harden signals = the CLI's --fix`, async () => {
      const file = fixture(c.rel).fsPath;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, c.text);
      try {
        const doc = await openFixture(c.rel);
        assert.strictEqual(doc.languageId, c.languageId);
        await waitForDiagnostics(doc, SOURCE, sameAs(c.findings), { what: `the findings of ${c.rel}` });
        for (const d of vscode.languages.getDiagnostics(doc.uri).filter(x => x.source === SOURCE)) {
          assert.ok(d.code.target.path.endsWith(`/docs/rules/${d.code.value}.md`), d.code.target.toString());
        }

        // The quick-fix menu on docker run: the fix preferred; applied, the finding goes; undo restores.
        const diag = vscode.languages.getDiagnostics(doc.uri).find(d => d.code.value === 'run/missing-init');
        const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
        assert.deepStrictEqual(actions.map(a => [a.title, !!a.isPreferred]), c.menu);
        assert.ok(await vscode.workspace.applyEdit(actions[0].edit), 'applyEdit');
        await waitForText(doc, c.fixed);
        await waitForDiagnostics(doc, SOURCE, sameAs(c.findings.filter(f => f.code !== 'run/missing-init')), { what: 'run/missing-init to disappear' });
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('undo');
        await waitForText(doc, c.text, { what: 'one undo to restore the text' });
        await waitForDiagnostics(doc, SOURCE, sameAs(c.findings), { what: 'the findings to come back after undo' });

        // Hover: the stop path of the command line.
        const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, c.hoverAt);
        const ours = hovers.map(hoverText).find(t => t.startsWith('**Stop path**'));
        assert.ok(ours, `a stop path hover among ${JSON.stringify(hovers.map(hoverText))}`);
        assert.strictEqual(ours.split('\n')[0], '**Stop path** `docker stop → SIGTERM → node (PID 1) · SIGKILL after 10s`');

        // Harden signals = the CLI's --fix of the same text; a second run changes nothing; undo restores.
        const want = cliFix(repo, c.rel, c.text);
        assert.notStrictEqual(want, c.text, 'the CLI changes the file');
        const first = await vscode.commands.executeCommand('containerSignals.hardenSignals');
        assert.deepStrictEqual([first.status, first.message], ['applied', c.message]);
        await waitForText(doc, want, { what: 'the hardened text (= CLI --fix)' });
        await waitForDiagnostics(doc, SOURCE, l => l.length === 0, { what: 'no finding left after Harden' });
        const second = await vscode.commands.executeCommand('containerSignals.hardenSignals');
        assert.strictEqual(second.status, 'nothing');
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('undo');
        await waitForText(doc, c.text, { what: 'one undo to restore the text' });
        assert.strictEqual(doc.isDirty, false, 'back at the saved version');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    });
  }
});
