// The Playwright UI pass: Container Signals installed into a real VS Code (code-server 4.100.3)
// and driven like a person would, with a screenshot of each step in test/editor/output/ui/.
// The steps are helpers from lib/ui.mjs; this file only lists them.
//
// Scenario: open the fixture compose file, TYPE a new service at its end, wait for the squiggle
// on it, Ctrl+. and apply "Add \"init: true\"" by title, save (the file on disk is checked exactly),
// run "Container Signals: Harden signals" from F1, save, and compare the file on disk with what
// `container-signals check --fix` makes of the same typed text. Then "Harden signals in
// workspace": the Refactor Preview must list every change checked; Apply, and every manifest on
// disk must equal `check --fix .` over a copy of the folder. Also writes the README picture
// (squiggles + the Ctrl+. menu, cropped to the editor) to test/editor/output/ui/, and to
// docs/images/squiggles-and-quick-fix.png when that file is missing or UPDATE_SCREENSHOTS=1.
//
// Usage: node test/editor/ui-e2e.mjs
// Env: UI_SCENARIO=<module> (default export: async (ui, {assert, run, extensionDir}) => …,
//   replaces the scenario below), EDITOR_TEST_EXTENSION (extension folder, default the
//   repository root), EDITOR_TEST_WORKSPACE (fixture folder), VSIX (install this .vsix instead
//   of a symlink to the extension folder), UPDATE_SCREENSHOTS=1, KEEP=1, DEBUG=1.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { runUiScenario, TYPING_SETTINGS } from './lib/ui.mjs';
import { REPO, OUTPUT, log } from './lib/harness.mjs';

const { cliFix, cliFixTree } = createRequire(import.meta.url)('./lib/cli-fix.cjs');

const FILE = 'docker-compose.yml';
/**
 * Typed at the end of the file: a service without an init (compose/missing-init: information,
 * since the image is unknown, with the fix `init: true`).
 */
const TYPED = '  cache:\n    image: example/orders-cache:7.2\n';
const FIX_INIT = 'Add "init: true"';                       // the preferred quick fix of compose/missing-init
const HARDEN = 'Container Signals: Harden signals';        // palette: category + title
/**
 * The toast of Harden signals: "cache" already has its init, "api" gets the fixes of the
 * recommended preset; nothing follows (no finding or suggestion is left).
 */
const HARDENED = /^Hardened 1 service \(api\): init, tmpfs \/tmp, exec in shell command\.$/;
const HARDEN_WORKSPACE = 'Container Signals: Harden signals in workspace';
/** The manifests of the fixture workspace (test/editor/fixtures/workspace). */
const MANIFESTS = ['Dockerfile', 'docker-compose.yml', 'k8s/deployment.yaml', 'on-save/compose.yaml'];
const DOCS_IMAGE = path.join(REPO, 'docs/images/squiggles-and-quick-fix.png');
const MAX_DOCS_IMAGE_BYTES = 300 * 1024;

async function containerSignals(ui, { assert, run, extensionDir }) {
  const original = fs.readFileSync(path.join(run.workspace, FILE), 'utf8');
  assert.ok(original.endsWith('\n'), 'the fixture ends with a newline (typing starts on a fresh line)');
  const typed = original + TYPED;
  const cacheLine = original.split('\n').length;            // 1-based line of "  cache:"
  const expectedHardened = cliFix(extensionDir, FILE, typed); // the oracle: the CLI on the same text

  await ui.openFile(FILE);
  await ui.waitForSquiggle('warning');                     // shell-pid1 on the command of "api"
  await ui.press('Control+End');
  await ui.type(TYPED);                                    // 1. type a new service
  await ui.goTo(cacheLine, 4);                             //    cursor inside "cache"
  await ui.waitForSquiggleAtCursor('info');                // 2. its compose/missing-init squiggle (information)
  const titles = await ui.openQuickFixMenu();              // 3. Ctrl+. menu
  for (const t of [FIX_INIT, 'Disable compose/missing-init for this line', 'Show documentation for compose/missing-init'])
    assert.ok(titles.includes(t), `the Ctrl+. menu offers ${t}: ${JSON.stringify(titles)}`);

  // The README picture: squiggles, the lightbulb and the open quick-fix menu.
  const shot = await ui.clipShot(path.join(OUTPUT, 'ui', 'squiggles-and-quick-fix.png'),
    ['.editor-instance .monaco-editor .view-lines', '.action-widget', '.editor-group-container .title'], { bottom: ['.action-widget'], maxWidth: 900 });
  assert.ok(shot.bytes < MAX_DOCS_IMAGE_BYTES, `the screenshot is ${shot.bytes} bytes (limit ${MAX_DOCS_IMAGE_BYTES})`);
  if (!fs.existsSync(DOCS_IMAGE) || process.env.UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(path.dirname(DOCS_IMAGE), { recursive: true });
    fs.copyFileSync(shot.file, DOCS_IMAGE);
    log(`wrote ${path.relative(REPO, DOCS_IMAGE)}`);
  }

  await ui.chooseAction(FIX_INIT);                         // 4. the quick fix, by title
  await ui.save();
  await ui.assertFileOnDiskEquals(FILE, typed.replace(/\n$/, '\n    init: true\n'));
  await ui.runCommand(HARDEN);                             // 5. F1 command by title
  await ui.waitForNotification(HARDENED);
  await ui.save();                                         // 6. save
  await ui.assertFileOnDiskEquals(FILE, expectedHardened); // 7. = `check --fix` of the typed text
  await ui.waitForNoSquiggle('any');                       //    and no error/warning/info squiggle left

  // 8. Harden signals in workspace: the Refactor Preview opens with every change checked (edits
  //    labelled by rule; one empty edit that only opens the preview stays unchecked), Apply writes
  //    them, and every file on disk equals `check --fix .` over a copy of the folder.
  const before = Object.fromEntries(MANIFESTS.map(rel => [rel, fs.readFileSync(path.join(run.workspace, rel), 'utf8')]));
  const want = cliFixTree(extensionDir, before);
  const changing = MANIFESTS.filter(rel => want[rel] !== before[rel]);
  assert.ok(changing.length >= 2 && changing.includes('Dockerfile') && changing.includes('k8s/deployment.yaml'), `the CLI would change several files: ${JSON.stringify(changing)}`);
  await ui.runCommand(HARDEN_WORKSPACE);
  await ui.refactorPreview();
  await ui.expandRefactorPreview();
  const rows = await ui.refactorPreview();
  const files = rows.filter(r => r.kind === 'file');
  assert.deepStrictEqual(files.map(r => r.checked), changing.map(() => true), `every file is checked: ${JSON.stringify(rows)}`);
  for (const rel of changing) assert.ok(files.some(r => r.text.includes(path.basename(rel))), `the preview lists ${rel}: ${JSON.stringify(files)}`);
  const edits = rows.filter(r => r.kind === 'edit');
  assert.ok(edits.filter(r => r.checked).length >= changing.length, `the edits are checked: ${JSON.stringify(edits)}`);
  assert.strictEqual(edits.filter(r => !r.checked).length, 1, `only the edit that opens the preview is unchecked: ${JSON.stringify(edits)}`);
  await ui.clipShot(path.join(OUTPUT, 'ui', 'refactor-preview.png'), ['.bulk-edit-panel'], { maxWidth: 1400 });
  await ui.refactorPreviewButton('Apply');                   // 9. Apply
  // The Dockerfile keeps dockerfile/missing-init, whose edit (tini) is a suggestion: the toast says so.
  await ui.waitForNotification(new RegExp(`^Hardened ${changing.length} files: .*\\. 1 suggestion left to review \\(not applied by Harden signals\\)\\.$`));
  // No save here: the server marks the edit as a refactoring, so VS Code saves the changed files
  // (files.refactoring.autoSave, on by default).
  for (const rel of MANIFESTS) await ui.assertFileOnDiskEquals(rel, want[rel]); // 10. = the CLI's --fix
}

const scenario = process.env.UI_SCENARIO
  ? (await import(pathToFileURL(path.resolve(process.env.UI_SCENARIO)).href)).default
  : containerSignals;
process.exit(await runUiScenario(scenario, { name: 'ui', settings: process.env.UI_SCENARIO ? {} : TYPING_SETTINGS }));
