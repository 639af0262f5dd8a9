// Extension-agnostic checks of the harness itself: the workspace copy is open, the fixtures get
// VS Code's built-in language ids, and the extension under test activates.
const assert = require('assert');
const vscode = require('vscode');
const { openFixture, extensionUnderTest } = require('./helpers');

suite('editor harness', () => {
  test('fixtures open with the built-in language ids', async () => {
    const ids = {};
    for (const f of ['docker-compose.yml', 'k8s/deployment.yaml', 'Dockerfile']) ids[f] = (await openFixture(f)).languageId;
    assert.deepStrictEqual(ids, { 'docker-compose.yml': 'dockercompose', 'k8s/deployment.yaml': 'yaml', Dockerfile: 'dockerfile' });
  });

  test('the extension under test activates', async () => {
    const ext = extensionUnderTest();
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    console.log(`activated ${ext.id} ${ext.packageJSON.version} in VS Code ${vscode.version}`);
  });
});
