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
const SHELL_SCRIPT = '"orders-api migrate && orders-api serve"';

/**
 * Every finding of the fixture files at the default preset (recommended, rule contract v2),
 * sorted by position, then code. Ranges are 0-based. The same as
 * `node dist/cli.js check test/editor/fixtures --format json` reports (1-based there).
 * Off in recommended, so absent here: compose/tmpdir-unset, the "can be root" cases of
 * k8s/root-user and dockerfile/root-user (strict only).
 */
const EXPECTED = {
  'docker-compose.yml': [
    // The image is unknown: whether PID 1 handles SIGTERM cannot be told (information).
    { code: 'compose/missing-init', severity: 'information', range: [3, 2, 3, 5], text: 'api' },
    { code: 'compose/read-only-without-tmp', severity: 'information', range: [3, 2, 3, 5], text: 'api' },
    { code: 'compose/shell-pid1', severity: 'warning', range: [5, 26, 5, 66], text: SHELL_SCRIPT },
  ],
  'k8s/deployment.yaml': [
    { code: 'k8s/zero-grace-period', severity: 'warning', range: [13, 37, 13, 38], text: '0' },
    { code: 'k8s/read-only-without-tmp', severity: 'information', range: [15, 16, 15, 19], text: 'api' },
    { code: 'k8s/shell-pid1', severity: 'warning', range: [17, 32, 17, 72], text: SHELL_SCRIPT },
  ],
  Dockerfile: [
    { code: 'dockerfile/missing-init', severity: 'information', range: [4, 4, 4, 41], text: '/usr/local/bin/orders-api --port 8080' },
    { code: 'dockerfile/shell-form', severity: 'warning', range: [4, 4, 4, 41], text: '/usr/local/bin/orders-api --port 8080' },
  ],
};

/** The suggestion (not a fix) of dockerfile/missing-init on the fixture's CMD, as the menu titles it. */
const TINI_SUGGESTION = 'Suggestion: Add tini to the apt-get install on line 3, run the CMD under /usr/bin/tini, exec the last command of the script';

/**
 * What Harden signals says, the first time and the second time, per fixture file, and the
 * findings it leaves (fixes only are applied: a finding without a fix or with only a suggestion stays).
 */
const HARDEN_MESSAGES = {
  'docker-compose.yml': [
    'Hardened 1 service (api): init, tmpfs /tmp, exec in shell command.',
    'Nothing to harden in docker-compose.yml: no findings.',
  ],
  'k8s/deployment.yaml': [
    'Hardened 1 container (api): emptyDir /tmp, exec in shell command. 1 finding left without an automatic fix.',
    'Nothing to harden in deployment.yaml: its finding has no automatic fix.',
  ],
  Dockerfile: [
    'Hardened Dockerfile: exec form. 1 suggestion left to review (not applied by Harden signals).',
    'Nothing to harden in Dockerfile: 1 suggestion to review (not applied by Harden signals).',
  ],
};
const HARDEN_LEFT = {
  'docker-compose.yml': [],
  'k8s/deployment.yaml': ['k8s/zero-grace-period'],          // no automatic fix
  Dockerfile: ['dockerfile/missing-init'],                    // its edit (tini) is a suggestion
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
    await vscode.workspace.getConfiguration('containerSignals', uri).update('preset', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await vscode.workspace.getConfiguration('editor', uri).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  });

  for (const rel of Object.keys(EXPECTED)) {
    test(`diagnostics on ${rel}: codes, severities, exact ranges, source, docs link`, async () => {
      const doc = await openWithFindings(rel);
      assert.strictEqual(doc.languageId, rel === 'Dockerfile' ? 'dockerfile' : rel.endsWith('compose.yml') ? 'dockercompose' : 'yaml');
      for (const d of vscode.languages.getDiagnostics(doc.uri).filter(x => x.source === SOURCE)) {
        assert.strictEqual(typeof d.code, 'object', 'code carries a target (codeDescription)');
        // The rule's page shipped in the extension (docs/rules/<id>.md), not a web address.
        assert.strictEqual(d.code.target.scheme, 'file');
        assert.ok(d.code.target.path.endsWith(`/docs/rules/${d.code.value}.md`), d.code.target.toString());
        assert.ok(fs.existsSync(d.code.target.fsPath), `${d.code.target.fsPath} is shipped`);
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
        'docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/orders-worker · cannot tell (SIGKILL after 10s if SIGTERM is not handled)'],
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
      // The stop path, the links to where its steps are written, then the why (what PID 1 is and
      // does with the signal) as a list.
      const [first, links, why] = texts[0].split('\n\n');
      assert.strictEqual(first, `**Stop path** \`${stopPath}\``, `hover on ${word} in ${rel}`);
      assert.match(links, /^\[[^\]]+ · [^\]]+:\d+\]\(file:\/\/\/[^)]+#L\d+\)/, `the links of ${word} in ${rel}`);
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
    // Two findings share the range of "api": each one's fix (one preferred fix per range: the
    // first in Harden's order), then disable, then docs.
    assert.deepStrictEqual(actions.map(a => [a.title, !!a.isPreferred]), [
      ['Add "init: true"', true],
      ['Mount a tmpfs at /tmp (tmpfs: /tmp)', false],
      ['Disable compose/missing-init for this line', false],
      ['Disable compose/read-only-without-tmp for this line', false],
      ['Show documentation for compose/missing-init', false],
      ['Show documentation for compose/read-only-without-tmp', false],
    ]);
    const fix = actions.find(a => a.title === 'Add "init: true"');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    const want = original.replace('    image: example/orders-api:2.3\n', '$&    init: true\n');
    assert.notStrictEqual(want, original);
    await waitForText(doc, want);
    // That finding goes; the other two stay (the shell script one line down).
    await waitForDiagnostics(doc, SOURCE, sameAs([
      { code: 'compose/read-only-without-tmp', severity: 'information', range: [3, 2, 3, 5], text: 'api' },
      { code: 'compose/shell-pid1', severity: 'warning', range: [6, 26, 6, 66], text: SHELL_SCRIPT },
    ]), { what: 'compose/missing-init to disappear' });
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
    // Two findings share the CMD's range (missing-init, shell-form): shell-form's preferred fix
    // (VS Code lists preferred actions first), then missing-init's only edit, a suggestion
    // (it installs a package: never preferred).
    assert.deepStrictEqual(actions.map(a => [a.title, !!a.isPreferred]), [
      [EXEC_FORM, true],
      [TINI_SUGGESTION, false],
      ['Disable dockerfile/missing-init for this line', false],
      ['Disable dockerfile/shell-form for this line', false],
      ['Show documentation for dockerfile/missing-init', false],
      ['Show documentation for dockerfile/shell-form', false],
    ]);
    const fix = actions.find(a => a.title === EXEC_FORM);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit');
    await waitForText(doc, original.replace('CMD /usr/local/bin/orders-api --port 8080', 'CMD ["/usr/local/bin/orders-api", "--port", "8080"]'));
    await waitForDiagnostics(doc, SOURCE, l => JSON.stringify(codesOf(l)) === JSON.stringify(['dockerfile/missing-init']),
      { what: 'dockerfile/shell-form to disappear (dockerfile/missing-init stays)' });
    await undoTo(doc, original);
  });

  test('suggestion: compose/root-user offers "Suggestion: …" (never preferred) in the quick-fix menu; Harden signals does not apply it', async () => {
    // Written into this run's workspace copy (not a fixture: "Harden signals in workspace" below
    // counts the fixture's files) and removed at the end.
    const rel = 'suggestion/compose.yaml';
    const text = [
      '# Written by the in-host suite: a service without an init (a fix) that runs as root (a suggestion).',
      'services:',
      '  web:',
      '    image: example/orders-api:2.3',
      '    user: root',
      '',
    ].join('\n');
    const file = fixture(rel).fsPath;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    try {
      const doc = await openFixture(rel);
      assert.strictEqual(doc.languageId, 'dockercompose');
      const findings = [
        { code: 'compose/missing-init', severity: 'information', range: [2, 2, 2, 5], text: 'web' },
        { code: 'compose/root-user', severity: 'warning', range: [4, 10, 4, 14], text: 'root' },
      ];
      await waitForDiagnostics(doc, SOURCE, sameAs(findings), { what: `the findings of ${rel}` });

      // The quick-fix menu on "root": the suggestion, titled as one and not preferred.
      const diag = vscode.languages.getDiagnostics(doc.uri).find(d => d.code.value === 'compose/root-user');
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const SUGGESTION = 'Suggestion: Run as "10001:10001"';
      assert.deepStrictEqual(actions.map(a => [a.title, !!a.isPreferred]), [
        [SUGGESTION, false],
        ['Disable compose/root-user for this line', false],
        ['Show documentation for compose/root-user', false],
      ]);
      // Picked by hand, it is a real edit: the user becomes fix.user, the finding goes; undo restores.
      const suggestion = actions.find(a => a.title === SUGGESTION);
      assert.ok(await vscode.workspace.applyEdit(suggestion.edit), 'applyEdit');
      await waitForText(doc, text.replace('    user: root\n', '    user: "10001:10001"\n'));
      await waitForDiagnostics(doc, SOURCE, sameAs(findings.slice(0, 1)), { what: 'compose/root-user to disappear' });
      await undoTo(doc, text);
      await waitForDiagnostics(doc, SOURCE, sameAs(findings), { what: 'the findings to come back after undo' });

      // Harden signals applies the fix (init) and leaves the suggestion: = the CLI's --fix.
      const want = cliFix(repo, rel, text);
      assert.match(want, /^ {4}init: true$/m, 'the CLI adds init: true');
      assert.match(want, /^ {4}user: root$/m, 'the CLI leaves the root user (a suggestion)');
      const first = await vscode.commands.executeCommand('containerSignals.hardenSignals');
      assert.deepStrictEqual([first.status, first.message],
        ['applied', 'Hardened 1 service (web): init. 1 suggestion left to review (not applied by Harden signals).']);
      // The suggestion left, for the "Review suggestions" button: on the user line of the hardened text.
      assert.deepStrictEqual(first.suggestions.map(x => [x.rule, x.titles, want.split('\n')[x.line]]),
        [['compose/root-user', ['Run as "10001:10001"'], '    user: root']]);
      await waitForText(doc, want, { what: 'the hardened text (= CLI --fix)' });
      await waitForDiagnostics(doc, SOURCE, l => JSON.stringify(codesOf(l)) === JSON.stringify(['compose/root-user']),
        { what: 'only compose/root-user left after Harden' });

      const second = await vscode.commands.executeCommand('containerSignals.hardenSignals');
      assert.deepStrictEqual([second.status, second.message],
        ['nothing', 'Nothing to harden in compose.yaml: 1 suggestion to review (not applied by Harden signals).']);
      assert.strictEqual(doc.getText(), want, 'a second Harden leaves the text (and the root user) alone');

      await undoTo(doc, text);
      assert.strictEqual(doc.isDirty, false, 'back at the saved version');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
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
      // What is left: only findings without an automatic fix (none, or only a suggestion).
      const left = HARDEN_LEFT[rel];
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
    await waitForDiagnostics(doc, SOURCE, l => JSON.stringify(codesOf(l)) === JSON.stringify(['compose/missing-init']),
      { what: 'the findings of on-save/compose.yaml' });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor.document, doc);
    // Edit: the service now has a read-only root without /tmp (one more finding, with a fix in
    // the default preset; a root user would only bring a suggestion, which fix-all never applies).
    const line = doc.getText().split('\n').indexOf('    ports:');
    assert.ok(await editor.edit(b => b.insert(new vscode.Position(line, 0), '    read_only: true\n')));
    const edited = doc.getText();
    await waitForDiagnostics(doc, SOURCE, l => JSON.stringify(codesOf(l)) === JSON.stringify(['compose/missing-init', 'compose/read-only-without-tmp']),
      { what: 'compose/read-only-without-tmp on the edited text' });
    const want = cliFix(repo, rel, edited);
    assert.match(want, /^ {4}tmpfs: \/tmp$/m, 'the oracle mounts a tmpfs at /tmp');
    assert.match(want, /^ {4}init: true$/m, 'the oracle adds init: true');

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

  test('settings: containerSignals.rules turns a rule off and changes a severity, containerSignals.preset strict raises one, per workspace folder', async () => {
    const rel = 'docker-compose.yml';
    const doc = await openWithFindings(rel);
    const cfg = () => vscode.workspace.getConfiguration('containerSignals', doc.uri);
    await cfg().update('rules', { 'compose/read-only-without-tmp': 'off', 'compose/missing-init': 'error' }, vscode.ConfigurationTarget.WorkspaceFolder);
    const want = EXPECTED[rel]
      .filter(d => d.code !== 'compose/read-only-without-tmp')
      .map(d => (d.code === 'compose/missing-init' ? { ...d, severity: 'error' } : d));
    await waitForDiagnostics(doc, SOURCE, sameAs(want), { what: 'read-only-without-tmp gone and missing-init an error' });
    // The setting lives in the workspace folder's .vscode/settings.json.
    assert.deepStrictEqual(JSON.parse(diskText('.vscode/settings.json'))['containerSignals.rules'],
      { 'compose/read-only-without-tmp': 'off', 'compose/missing-init': 'error' });

    await cfg().update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await waitForDiagnostics(doc, SOURCE, sameAs(EXPECTED[rel]), { what: 'the default findings after removing the setting' });

    // containerSignals.preset: strict raises read-only-without-tmp to a warning (RULES.md v2),
    // everything else unchanged; removing it brings the recommended preset back.
    await cfg().update('preset', 'strict', vscode.ConfigurationTarget.WorkspaceFolder);
    const strict = EXPECTED[rel].map(d => (d.code === 'compose/read-only-without-tmp' ? { ...d, severity: 'warning' } : d));
    await waitForDiagnostics(doc, SOURCE, sameAs(strict), { what: 'read-only-without-tmp a warning in the strict preset' });
    assert.strictEqual(JSON.parse(diskText('.vscode/settings.json'))['containerSignals.preset'], 'strict');
    await cfg().update('preset', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await waitForDiagnostics(doc, SOURCE, sameAs(EXPECTED[rel]), { what: 'the recommended findings after removing the preset' });
  });

  test('Show signal path: the chain at the cursor in a read-only Markdown document in the preview, with file links', async () => {
    const ext = vscode.extensions.getExtension(ID);
    const pkg = ext.packageJSON.contributes;
    assert.deepStrictEqual(pkg.commands.find(c => c.command === 'containerSignals.showSignalPath'), { command: 'containerSignals.showSignalPath', title: 'Show signal path', category: 'Container Signals' });
    assert.ok(pkg.menus['editor/context'].some(m => m.command === 'containerSignals.showSignalPath'), 'in the editor context menu');
    const doc = await openFixture('docker-compose.yml');
    const editor = await vscode.window.showTextDocument(doc);
    // The cursor on "init: true" inside the service "worker".
    editor.selection = new vscode.Selection(11, 6, 11, 6);
    const r = await vscode.commands.executeCommand('containerSignals.showSignalPath');
    assert.strictEqual(r.status, 'shown', JSON.stringify(r));
    assert.strictEqual(r.line, 'docker compose stop → SIGTERM → tini (init: true) → /usr/local/bin/orders-worker · cannot tell (SIGKILL after 10s if SIGTERM is not handled)');
    const md = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.document));
    assert.strictEqual(md.uri.scheme, 'container-signals-path');
    assert.strictEqual(md.getText(), r.markdown);
    assert.strictEqual(md.getText().split('\n')[0], '# Signal path of service "worker" (docker-compose.yml)');
    const link = `[docker-compose.yml:12](${fixture('docker-compose.yml').toString(true)}#L12)`;
    assert.ok(md.getText().includes(`1. **tini (init: true)** (passes it on): docker-init (tini) is PID 1: it forwards SIGTERM to its child and reaps orphans. ${link}`), md.getText());
    // Shown in the Markdown preview (a webview tab) beside the editor.
    await waitFor(() => vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => t.input instanceof vscode.TabInputWebview && /Signal path/.test(t.label)),
      { what: 'a Markdown preview tab of the signal path' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Show documentation opens the rule page shipped in the extension in the Markdown preview', async () => {
    // Independent of the other findings' severities: only compose/missing-init on "api" is needed.
    const doc = await openFixture('docker-compose.yml');
    await waitFor(() => vscode.languages.getDiagnostics(doc.uri).some(d => d.source === SOURCE && d.code && d.code.value === 'compose/missing-init'),
      { what: 'compose/missing-init on api' });
    const api = new vscode.Range(3, 2, 3, 5);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, api);
    const show = actions.find(a => a.title === 'Show documentation for compose/missing-init');
    assert.ok(show && show.command, `the action is offered: ${actions.map(a => a.title).join(' | ')}`);
    assert.strictEqual(show.command.command, 'containerSignals.showDocumentation');
    const opened = await vscode.commands.executeCommand(show.command.command, ...show.command.arguments);
    const ext = vscode.extensions.getExtension(ID);
    const page = vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'compose', 'missing-init.md');
    assert.strictEqual(opened, page.toString());
    assert.ok(fs.existsSync(page.fsPath));
    // The Markdown preview is a webview tab titled "Preview missing-init.md".
    await waitFor(() => vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => t.input instanceof vscode.TabInputWebview && /missing-init\.md/.test(t.label)),
      { what: 'a Markdown preview tab of missing-init.md' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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
    // The files the CLI changes (which ones follows the rules' presets): the same ones here.
    const changing = rels.filter(rel => want[rel] !== docs[rel].getText()).sort();
    const r = await vscode.commands.executeCommand('containerSignals.hardenWorkspace', { preview: false });
    assert.ok(['Dockerfile', 'docker-compose.yml', 'generated/keep.yml', 'k8s/deployment.yaml'].every(rel => changing.includes(rel)), JSON.stringify(changing));
    assert.strictEqual(r.status, 'applied', r.message);
    assert.strictEqual(r.files, changing.length, r.message);
    assert.deepStrictEqual([...r.changes].sort(), changing);
    for (const rel of rels) await waitForText(docs[rel], want[rel], { what: `${rel} hardened like the CLI does` });
    for (const rel of rels.filter(rel => !changing.includes(rel))) {
      assert.strictEqual(docs[rel].isDirty, false, `${rel} is untouched (already hardened, or gitignored)`);
    }
  });
});
