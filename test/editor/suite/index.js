// Mocha runner loaded by VS Code's extension host (extensionTestsPath): run() resolves when all
// tests pass and rejects otherwise, as @vscode/test-electron expects. CommonJS on purpose:
// mocha 12 is ESM-only, so the project pins mocha 11 for this.
// Runs every *.test.js beside this file; MOCHA_GREP filters by title.
const fs = require('fs');
const path = require('path');
const m = require(process.env.EDITOR_TEST_MOCHA || 'mocha');
const Mocha = m.Mocha || m;

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 30000, grep: process.env.MOCHA_GREP || undefined });
  for (const f of fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(failures => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats || {};
        // run-in-host.mjs picks this line up and prints the closing summary.
        console.log(`EDITOR_TEST_SUMMARY ${JSON.stringify({ passes, failures: failed, pending })}`);
        if (failures) reject(new Error(`${failures} test(s) failed.`)); else resolve();
      });
    } catch (e) { reject(e); }
  });
};
