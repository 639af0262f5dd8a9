// Container Signals in a real extension host. Skipped when the runner tests another extension
// (the harness is proven against a throwaway one). Extend here: code actions, Harden signals, hover.
const assert = require('assert');
const vscode = require('vscode');
const { waitFor, openFixture, diagCode } = require('./helpers');

const ID = 'container-signals.container-signals';

suite('Container Signals', function () {
  suiteSetup(function () {
    if (process.env.EDITOR_TEST_EXTENSION_ID !== ID) this.skip();
  });

  test('compose: missing init is reported on the service', async () => {
    const doc = await openFixture('docker-compose.yml');
    const d = await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).find(d => d.source === 'container-signals' && diagCode(d) === 'compose/missing-init'),
      { what: 'a compose/missing-init diagnostic' });
    assert.strictEqual(doc.getText(d.range), 'api');
  });
});
