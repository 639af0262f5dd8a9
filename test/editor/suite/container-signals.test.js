// Container Signals inside a real extension host (code-server 4.100.3 = VS Code 1.100.3), on a
// fresh copy of test/editor/fixtures/workspace. Skipped when the runner tests another extension.
//
// Oracle for every "fix everything" path (Harden signals, Harden signals in workspace,
// source.fixAll on save): the CLI's `check --fix` (dist/cli.js of the extension under test) run
// on a temp copy of the same text; the editor must produce exactly the same bytes.
//
// Tests that change a file restore it (undo) and check that they did, so each test starts from
// the fixture text. Settings written here are removed in suiteTeardown. No fixed sleeps.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const {
  waitFor, fixture, openFixture, diagnosticsOf, waitForDiagnostics, waitForText, hoverText,
} = require('./helpers');

const ID = 'container-signals.container-signals';
const SOURCE = 'container-signals';
const DOCS = 'https://github.com/container-signals/container-signals/blob/main/docs/rules/';
const SHELL_SCRIPT = '"orders-api migrate && orders-api serve"';

/** Every finding of the fixture files, sorted by position, then code. Ranges are 0-based. */
const EXPECTED = {
  'docker-compose.yml': [
    { code: 'compose/missing-init', severity: 'warning', range: [3, 2, 3, 5], text: 'api' },
    { code: 'compose/read-only-without-tmp', severity: 'error', range: [3, 2, 3, 5], text: 'api' },
    { code: 'compose/tmpdir-unset', severity: 'hint', range: [3, 2, 3, 5], text: 'api' },
    { code: 'compose/shell-pid1', severity: 'warning', range: [5, 26, 5, 66], text: SHELL_SCRIPT },
  ],
  'k8s/deployment.yaml': [
    { code: 'k8s/zero-grace-period', severity: 'warning', range: [13, 37, 13, 38], text: '0' },
    { code: 'k8s/read-only-without-tmp', severity: 'error', range: [15, 16, 15, 19], text: 'api' },
    { code: 'k8s/root-user', severity: 'warning', range: [15, 16, 15, 19], text: 'api' },
    { code: 'k8s/shell-pid1', severity: 'warning', range: [17, 32, 17, 72], text: SHELL_SCRIPT },
  ],
  Dockerfile: [
    { code: 'dockerfile/root-user', severity: 'warning', range: [1, 5, 1, 25], text: 'debian:bookworm-slim' },
    { code: 'dockerfile/missing-init', severity: 'information', range: [4, 4, 4, 41], text: '/usr/local/bin/orders-api --port 8080' },
    { code: 'dockerfile/shell-form', severity: 'warning', range: [4, 4, 4, 41], text: '/usr/local/bin/orders-api --port 8080' },
  ],
};

/** What Harden signals says, the first time and the second time, per fixture file. */
const HARDEN_MESSAGES = {
  'docker-compose.yml': [
    'Hardened 1 service (api): init, tmpfs /tmp, TMPDIR, exec in shell command.',
    'Nothing to harden in docker-compose.yml: no findings.',
  ],
  'k8s/deployment.yaml': [
    'Hardened 1 container (api): emptyDir /tmp, exec in shell command, runAsNonRoot. 1 finding left without an automatic fix.',
    'Nothing to harden in deployment.yaml: its finding has no automatic fix.',
  ],
  Dockerfile: [
    'Hardened Dockerfile: user 10001:10001, tini, exec form.',
    'Nothing to harden in Dockerfile: no findings.',
  ],
};

const sameAs = want => list => JSON.stringify(list) === JSON.stringify(want);
const codesOf = list => list.map(d => d.code);
let repo, cliFix, cliFixTree;

/** The fixture's text as it is on disk in this run's workspace. */
const diskText = rel => fs.readFileSync(fixture(rel).fsPath, 'utf8');

/** Opens `rel`, waits until its diagnostics are exactly the fixture's findings. */
async function openWithFindings(rel) {
  const doc = await openFixture(rel);
  await waitForDiagnostics(doc, SOURCE, sameAs(EXPECTED[rel]), { what: `the ${EXPECTED[rel].length} findings of ${rel}` });
  return doc;
}

/** Runs the `undo` command on the active editor and waits for `want`. */
async function undoTo(doc, want) {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('undo');
  await waitForText(doc, want, { what: `one undo to restore ${vscode.workspace.asRelativePath(doc.uri)}` });
}

suite('Container Signals', function () {
  suiteSetup(async function () {
    if (process.env.EDITOR_TEST_EXTENSION_ID !== ID) this.skip();
    const ext = vscode.extensions.getExtension(ID);
    await ext.activate();
    // The repository root is the extension's folder: its dist/cli.js is the oracle.
    repo = ext.extensionPath;
    ({ cliFix, cliFixTree } = require(path.join(repo, 'test/editor/lib/cli-fix.cjs')));
    assert.ok(ext.exports && ext.exports.client, 'activate() returns { client }');
  });

  suiteTeardown(async function () {
    if (process.env.EDITOR_TEST_EXTENSION_ID !== ID) return;
    const uri = fixture('docker-compose.yml');
    await vscode.workspace.getConfiguration('containerSignals', uri).update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await vscode.workspace.getConfiguration('editor', uri).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  });

  for (const rel of Object.keys(EXPECTED)) {
    test(`diagnostics on ${rel}: codes, severities, exact ranges, source, docs link`, async () => {
      const doc = await openWithFindings(rel);
      assert.strictEqual(doc.languageId, rel === 'Dockerfile' ? 'dockerfile' : rel.endsWith('compose.yml') ? 'dockercompose' : 'yaml');
      for (const d of vscode.languages.getDiagnostics(doc.uri).filter(x => x.source === SOURCE)) {
        assert.strictEqual(typeof d.code, 'object', 'code carries a target (codeDescription)');
        assert.strictEqual(d.code.target.toString(true), `${DOCS}${d.code.value}.md`);
      }
      // Nothing else reports on these files under another source name.
      assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri).filter(x => x.source !== SOURCE).map(x => x.source), []);
    });
  }

  test('hover: the stop path of a compose service, a Kubernetes container and a Dockerfile CMD', async () => {
    const cases = [
      ['docker-compose.yml', new vscode.Position(3, 3), 'api',
        'docker compose stop → SIGTERM → sh -c (PID 1, does not forward) ✗ orders-api · SIGKILL after 10s'],
      ['docker-compose.yml', new vscode.Position(9, 4), 'worker',
        'docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/orders-worker · SIGKILL after 10s'],
      ['k8s/deployment.yaml', new vscode.Position(15, 17), 'api',
        'kubectl delete/rollout → SIGTERM → sh -c (PID 1, does not forward) ✗ orders-api · SIGKILL after 2s'],
      ['Dockerfile', new vscode.Position(4, 1), 'CMD',
        'docker stop → SIGTERM → /bin/sh -c (PID 1, does not forward) ✗ /usr/local/bin/orders-api · SIGKILL after 10s'],
    ];
    for (const [rel, pos, word, stopPath] of cases) {
      const doc = await openFixture(rel);
      const hovers = await waitFor(async () => {
        const hs = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
        return hs && hs.length ? hs : undefined;
      }, { what: `a hover on ${rel} ${pos.line}:${pos.character}` });
      const texts = hovers.map(hoverText);
      assert.strictEqual(texts.length, 1, `one hover on ${word} in ${rel}`);
      // The stop path, then the why (what PID 1 is and does with the signal) as a list.
      const [first, why] = texts[0].split('\n\n');
      assert.strictEqual(first, `**Stop path** \`${stopPath}\``, `hover on ${word} in ${rel}`);
      assert.match(why, /^- (PID 1|docker-init|The program)/, `the why of ${word} in ${rel}`);
      assert.strictEqual(doc.getText(hovers[0].range), word);
    }
  });

  test('quick fix: the preferred fix of compose/missing-init adds init: true; undo restores', async () => {
    const rel = 'docker-compose.yml';
    const doc = await openWithFindings(rel);
    const original = doc.getText();
    const diag = vscode.languages.getDiagnostics(doc.uri).find(d => d.code.value === 'compose/missing-init');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    // Three findings share the range of "api": each one's preferred fix, then disable, then docs.
    assert.deepStrictEqual(actions.map(a => [a.title, !!a.isPreferred]), [
      ['Add `init: true`', true],
      ['Mount a tmpfs at /tmp (`tmpfs: /tmp`)', true],
      ['Set `TMPDIR=/tmp`', true],
      ['Disable compose/missing-init for this line', false],
      ['Disable compose/read-only-without-tmp for this line', false],
      ['Disable compose/tmpdir-unset for this line', false],
      ['Show documentation for compose/missing-init', false],
      ['Show documentation for compose/read-only-without-tmp', false],
      ['Show documentation for compose/tmpdir-unset', false],
    ]);
    const fix = actions.find(a => a.title === 'Add `init: true`');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    const want = original.replace('    image: example/orders-api:2.3\n', '$&    init: true\n');
    assert.notStrictEqual(want, original);
    await waitForText(doc, want);
    // That finding goes; the other three stay.
    await waitForDiagnostics(doc, SOURCE, l => !codesOf(l).includes('compose/missing-init') && l.length === 3, { what: 'compose/missing-init to disappear' });
    await undoTo(doc, original);
    await waitForDiagnostics(doc, SOURCE, sameAs(EXPECTED[rel]), { what: 'the findings to come back after undo' });
  });

  test('quick fix: the preferred fix of dockerfile/shell-form writes the exec form; undo restores', async () => {
    const rel = 'Dockerfile';
    const doc = await openWithFindings(rel);
    const original = doc.getText();
    const diag = vscode.languages.getDiagnostics(doc.uri).find(d => d.code.value === 'dockerfile/shell-form');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const EXEC_FORM = 'Use the exec form: CMD ["/usr/local/bin/orders-api", "--port", "8080"]';
    // Two findings share the CMD's range (missing-init, shell-form).
    assert.deepStrictEqual(actions.map(a => [a.title, !!a.isPreferred]), [
      ['Install tini and add `ENTRYPOINT ["/usr/bin/tini", "--"]` before CMD', true],
      [EXEC_FORM, true],
      ['Disable dockerfile/missing-init for this line', false],
      ['Disable dockerfile/shell-form for this line', false],
      ['Show documentation for dockerfile/missing-init', false],
      ['Show documentation for dockerfile/shell-form', false],
    ]);
    const fix = actions.find(a => a.title === EXEC_FORM);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    await waitForText(doc, original.replace('CMD /usr/local/bin/orders-api --port 8080', 'CMD ["/usr/local/bin/orders-api", "--port", "8080"]'));
    await waitForDiagnostics(doc, SOURCE, l => !codesOf(l).includes('dockerfile/shell-form') && codesOf(l).includes('dockerfile/root-user'),
      { what: 'dockerfile/shell-form to disappear' });
    await undoTo(doc, original);
  });

  for (const rel of Object.keys(EXPECTED)) {
    test(`Harden signals on ${rel} = the CLI's --fix; a second run changes nothing; one undo restores`, async () => {
      const doc = await openWithFindings(rel);
      const original = doc.getText();
      assert.strictEqual(original, diskText(rel), 'starts from the fixture on disk');
      const want = cliFix(repo, rel, original);
      assert.notStrictEqual(want, original, 'the CLI changes the fixture');

      const first = await vscode.commands.executeCommand('containerSignals.hardenSignals');
      assert.deepStrictEqual([first.status, first.message], ['applied', HARDEN_MESSAGES[rel][0]]);
      await waitForText(doc, want, { what: 'the hardened text (= CLI --fix)' });
      assert.strictEqual(doc.getText(), want);
      // What is left: only findings without an automatic fix.
      const left = rel.startsWith('k8s/') ? ['k8s/zero-grace-period'] : [];
      await waitForDiagnostics(doc, SOURCE, l => JSON.stringify(codesOf(l)) === JSON.stringify(left), { what: `the findings left after Harden (${left})` });

      const second = await vscode.commands.executeCommand('containerSignals.hardenSignals');
      assert.deepStrictEqual([second.status, second.message], ['nothing', HARDEN_MESSAGES[rel][1]]);
      assert.strictEqual(doc.getText(), want, 'a second Harden leaves the text alone');

      await undoTo(doc, original);
      assert.strictEqual(doc.isDirty, false, 'back at the saved version');
      await waitForDiagnostics(doc, SOURCE, sameAs(EXPECTED[rel]), { what: 'the findings to come back after undo' });
    });
  }

  test('editor.codeActionsOnSave source.fixAll.containerSignals hardens the file on save', async () => {
    const rel = 'on-save/compose.yaml';
    const uri = fixture(rel);
    const onSave = { 'source.fixAll.containerSignals': 'explicit' };
    await vscode.workspace.getConfiguration('editor', uri).update('codeActionsOnSave', onSave, vscode.ConfigurationTarget.WorkspaceFolder);
    await waitFor(() => JSON.stringify(vscode.workspace.getConfiguration('editor', uri).get('codeActionsOnSave')) === JSON.stringify(onSave),
      { what: 'the workspace setting editor.codeActionsOnSave' });

    const doc = await openFixture(rel);
    assert.strictEqual(doc.languageId, 'dockercompose');
    await waitForDiagnostics(doc, SOURCE, l => JSON.stringify(codesOf(l)) === JSON.stringify(['compose/missing-init', 'compose/tmp-not-tmpfs', 'compose/tmpdir-unset']),
      { what: 'the findings of on-save/compose.yaml' });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor.document, doc);
    // Edit: the service now runs as root (one more finding, with a fix).
    const line = doc.getText().split('\n').indexOf('    ports:');
    assert.ok(await editor.edit(b => b.insert(new vscode.Position(line, 0), '    user: root\n')));
    const edited = doc.getText();
    await waitForDiagnostics(doc, SOURCE, l => codesOf(l).includes('compose/root-user'), { what: 'compose/root-user on the edited text' });
    const want = cliFix(repo, rel, edited);
    assert.match(want, /^ {4}user: "10001:10001"$/m, 'the oracle fixes the root user');

    assert.strictEqual(await doc.save(), true, 'saved');
    let disk = '';
    try {
      await waitFor(() => (disk = diskText(rel)) === want, { timeout: 10000, what: 'the hardened file on disk' });
    } catch (e) {
      assert.strictEqual(disk, want, e.message);
    }
    assert.strictEqual(doc.getText(), want);
    assert.strictEqual(doc.isDirty, false);
    await waitForDiagnostics(doc, SOURCE, l => l.length === 0, { what: 'no findings left after the save' });
  });

  test('settings: containerSignals.rules turns a rule off and changes a severity, per workspace folder', async () => {
    const rel = 'docker-compose.yml';
    const doc = await openWithFindings(rel);
    const cfg = () => vscode.workspace.getConfiguration('containerSignals', doc.uri);
    await cfg().update('rules', { 'compose/tmpdir-unset': 'off', 'compose/missing-init': 'error' }, vscode.ConfigurationTarget.WorkspaceFolder);
    const want = EXPECTED[rel]
      .filter(d => d.code !== 'compose/tmpdir-unset')
      .map(d => (d.code === 'compose/missing-init' ? { ...d, severity: 'error' } : d));
    await waitForDiagnostics(doc, SOURCE, sameAs(want), { what: 'tmpdir-unset gone and missing-init an error' });
    // The setting lives in the workspace folder's .vscode/settings.json.
    assert.deepStrictEqual(JSON.parse(diskText('.vscode/settings.json'))['containerSignals.rules'],
      { 'compose/tmpdir-unset': 'off', 'compose/missing-init': 'error' });

    await cfg().update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await waitForDiagnostics(doc, SOURCE, sameAs(EXPECTED[rel]), { what: 'the default findings after removing the setting' });
  });

  // Last: it leaves the workspace's documents hardened (unsaved).
  test('Harden signals in workspace ({ preview: false }) = the CLI\'s --fix over the whole folder, .gitignore included', async () => {
    // A .gitignore with a negation and unhardened copies of docker-compose.yml that it ignores or
    // re-includes, written into this run's workspace copy (in fixtures/ that .gitignore would make
    // git ignore the fixture's own files).
    const unhardened = diskText('docker-compose.yml');
    const gitignored = { '.gitignore': 'build/\ngenerated/*.yml\n!keep.yml\n', 'build/docker-compose.yml': unhardened, 'generated/compose.yml': unhardened, 'generated/keep.yml': unhardened };
    for (const [rel, text] of Object.entries(gitignored)) {
      fs.mkdirSync(path.dirname(fixture(rel).fsPath), { recursive: true });
      fs.writeFileSync(fixture(rel).fsPath, text);
    }
    const rels = [...Object.keys(EXPECTED), 'on-save/compose.yaml', 'build/docker-compose.yml', 'generated/compose.yml', 'generated/keep.yml'];
    const docs = {};
    for (const rel of rels) {
      docs[rel] = await vscode.workspace.openTextDocument(fixture(rel));
      assert.strictEqual(docs[rel].isDirty, false, `${rel} is saved`);
      assert.strictEqual(docs[rel].getText(), diskText(rel));
    }
    const want = cliFixTree(repo, { '.gitignore': gitignored['.gitignore'], ...Object.fromEntries(rels.map(rel => [rel, docs[rel].getText()])) });
    // The CLI skips what the .gitignore ignores and hardens the re-included file.
    assert.strictEqual(want['build/docker-compose.yml'], unhardened);
    assert.strictEqual(want['generated/compose.yml'], unhardened);
    assert.notStrictEqual(want['generated/keep.yml'], unhardened);
    const r = await vscode.commands.executeCommand('containerSignals.hardenWorkspace', { preview: false });
    assert.strictEqual(r.status, 'applied', r.message);
    assert.strictEqual(r.files, 4, r.message);
    assert.deepStrictEqual([...r.changes].sort(), ['Dockerfile', 'docker-compose.yml', 'generated/keep.yml', 'k8s/deployment.yaml']);
    for (const rel of rels) await waitForText(docs[rel], want[rel], { what: `${rel} hardened like the CLI does` });
    for (const rel of ['on-save/compose.yaml', 'build/docker-compose.yml', 'generated/compose.yml']) {
      assert.strictEqual(docs[rel].isDirty, false, `${rel} is untouched (already hardened, or gitignored)`);
    }
  });
});
