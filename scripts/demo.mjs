// `npm start`: lint the bundled examples, harden a copy of them, show what changed, lint again.
// Exits 0 when the demo behaves as documented (findings before, no fixable finding after).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli.js');
// The copy lives outside the repository: its .gitignore must not apply to it.
const out = path.join(os.tmpdir(), 'container-signals-demo');
const run = (args, opts = {}) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', ...opts });
const section = (t) => console.log(`\n\x1b[1m== ${t}\x1b[0m`);

section('container-signals check examples');
const before = run(['check', 'examples']);
process.stdout.write(before.stdout); process.stderr.write(before.stderr);
if (before.status !== 1) { console.error(`expected findings in examples/ (exit 1), got exit ${before.status}`); process.exit(1); }

section(`Harden signals on a copy: ${out}/examples`);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
fs.cpSync(path.join(root, 'examples'), path.join(out, 'examples'), { recursive: true });
const fix = run(['check', '--fix', 'examples'], { cwd: out });
process.stdout.write(fix.stdout); process.stderr.write(fix.stderr);
if (fix.status === 2) process.exit(2);

section('What changed');
const diff = spawnSync('git', ['diff', '--no-index', '--no-color', '--', 'examples', path.join(out, 'examples')], { cwd: root, encoding: 'utf8' });
if (diff.error) console.log(`(git not found: compare examples/ with ${out}/examples/ yourself)`);
else process.stdout.write(diff.stdout);

section('container-signals check --format json examples (after, in the copy)');
const after = run(['check', '--format', 'json', 'examples'], { cwd: out });
const report = JSON.parse(after.stdout);
console.log(JSON.stringify(report.summary));
if (report.summary.files !== fs.readdirSync(path.join(root, 'examples'), { recursive: true }).filter((f) => /(^|\/)(Dockerfile[^/]*|[^/]+\.ya?ml)$/.test(f) && !f.endsWith('README.md')).length) {
  console.error('the hardened copy was not checked in full'); process.exit(1);
}
if (report.summary.fixable !== 0) { console.error('fixable findings remain after --fix'); process.exit(1); }
console.log('\nEvery fixable finding was fixed; what remains needs a person (no automatic fix).');
