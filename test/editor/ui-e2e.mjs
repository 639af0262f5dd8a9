// The Playwright UI pass: Container Signals installed into a real VS Code (code-server 4.100.3)
// and driven like a person would, with a screenshot of each step in test/editor/output/ui/.
// The steps are helpers from lib/ui.mjs; this file only lists them.
//
// Usage: node test/editor/ui-e2e.mjs
// Env: UI_SCENARIO=<module> (default export: async (ui, {assert}) => …, replaces the scenario
//   below), EDITOR_TEST_EXTENSION (extension folder, default the repository root),
//   EDITOR_TEST_WORKSPACE (fixture folder), VSIX (install this .vsix instead of a symlink),
//   KEEP=1, DEBUG=1.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { runUiScenario } from './lib/ui.mjs';

// Titles from RULES.md / PRODUCT.md; adjust here when the wording is final.
const FIX_INIT = /init: true/i;                            // quick fix of compose/missing-init
const HARDEN = 'Container Signals: Harden signals';        // palette: category + title

async function containerSignals(ui, { assert }) {
  await ui.openFile('docker-compose.yml');
  await ui.waitForSquiggle('warning');                     // 1. squiggle (compose/missing-init on "api")
  await ui.showProblems('compose/missing-init');           //    and its Problems row
  await ui.cursorToSquiggle('warning');
  await ui.openQuickFixMenu();                             // 2. Ctrl+. menu
  await ui.chooseAction(FIX_INIT);                         // 3. a quick fix by title
  await ui.runCommand(HARDEN);                             // 4. F1 command by title
  await ui.save();                                         // 5. save
  await ui.assertFileOnDisk('docker-compose.yml', text => { // 6. the saved file
    const { api, worker } = parse(text).services;
    assert.equal(api.init, true);
    assert.ok([].concat(api.tmpfs ?? []).some(t => String(t).split(':')[0] === '/tmp'), 'api gets a /tmp tmpfs');
    assert.equal(text.match(/^ *init: true$/gm).length, 2, 'one init per service, no duplicate');
    assert.deepEqual(worker.tmpfs, ['/tmp'], 'the hardened service is left alone');
    assert.match(text, /^# Editor-test fixture/, 'comments kept');
  });
}

const scenario = process.env.UI_SCENARIO
  ? (await import(pathToFileURL(path.resolve(process.env.UI_SCENARIO)).href)).default
  : containerSignals;
process.exit(await runUiScenario(scenario, { name: 'ui' }));
