// Compose projects in the real extension host: compose.yaml with compose.override.yaml is one
// project. Typing in the open (unsaved) override changes the base file's diagnostics. The two
// files are written into this run's workspace copy (not fixtures: "Harden signals in workspace"
// counts the fixture's files) and removed at the end, the override reverted unsaved.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { fixture, openFixture, waitForDiagnostics } = require('./helpers');

const ID = 'container-signals.container-signals';
const SOURCE = 'container-signals';

suite('Compose projects', function () {
  suiteSetup(async function () {
    if (process.env.EDITOR_TEST_EXTENSION_ID !== ID) this.skip();
    await vscode.extensions.getExtension(ID).activate();
  });

  test('typing init: true in the open compose.override.yaml clears compose/missing-init on compose.yaml', async () => {
    const dir = fixture('project').fsPath;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: node:20\n    command: ["node", "server.js"]\n    read_only: true\n');
    fs.writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  web:\n    tmpfs: [/tmp]\n');
    try {
      const base = await openFixture('project/compose.yaml');
      // The override's tmpfs counts (no read-only-without-tmp); init is missing on the merged service.
      const before = await waitForDiagnostics(base, SOURCE, (l) => l.length === 1, { what: 'missing-init on compose.yaml' });
      assert.deepStrictEqual(before, [{ code: 'compose/missing-init', severity: 'warning', range: [1, 2, 1, 5], text: 'web' }]);
      const d = vscode.languages.getDiagnostics(base.uri).find((x) => x.source === SOURCE);
      assert.deepStrictEqual(d.relatedInformation.map((r) => [path.basename(r.location.uri.fsPath), r.location.range.start.line, r.location.range.start.character, r.location.range.end.character, r.message]), [
        ['compose.override.yaml', 1, 2, 5, '"web" is also defined in compose.override.yaml, which Compose merges over this file: judged on the merged service'],
      ]);

      // Type into the override (unsaved): the base is re-linted from the buffer.
      const over = await openFixture('project/compose.override.yaml');
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor.document.uri.toString(), over.uri.toString());
      await editor.edit((e) => e.insert(new vscode.Position(2, 0), '    init: true\n'));
      assert.strictEqual(over.isDirty, true);
      await waitForDiagnostics(base, SOURCE, (l) => l.length === 0, { what: 'no findings on compose.yaml after init: true in the override buffer' });
      // The override's partial service is not judged alone.
      assert.deepStrictEqual(vscode.languages.getDiagnostics(over.uri).filter((x) => x.source === SOURCE), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
