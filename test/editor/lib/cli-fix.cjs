// The CLI's `check --fix` as an oracle for the editor tests: writes `text` to a temp copy named
// `rel` (the name decides Compose / Kubernetes / Dockerfile), runs `node <repo>/dist/cli.js check
// --fix` on it and returns what the CLI wrote. CommonJS so that both the in-host suite (inside
// the extension host) and the ESM UI pass can load it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** A Node binary: the current one unless it is not plain Node (e.g. an Electron host). */
function nodeBinary() {
  return /^node(\.exe)?$/i.test(path.basename(process.execPath)) ? process.execPath : 'node';
}

/** Runs the CLI with `--format json` and returns its parsed report (which proves it really ran). */
function runCli(repo, cwd, args) {
  const cli = path.resolve(repo, 'dist/cli.js');
  if (!fs.existsSync(cli)) throw new Error(`no CLI at ${cli} (npm run build)`);
  args = [...args, '--format', 'json'];
  const r = spawnSync(nodeBinary(), [cli, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 30000,
  });
  if (r.error) throw r.error;
  // 0: clean, 1: findings left at/above failOn; anything else is a usage or I/O error.
  const fail = why => new Error(`container-signals ${args.join(' ')} ${why} (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  if (r.status !== 0 && r.status !== 1) throw fail('failed');
  try { return JSON.parse(r.stdout); } catch { throw fail('printed no JSON report'); }
}

/** A fresh temp folder with an empty `.git`, so the CLI's config search stops there. */
function tempRoot() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'container-signals-oracle-'));
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

/** What `container-signals check --fix` makes of `text` saved as `rel`. */
function cliFix(repo, rel, text) {
  const dir = tempRoot();
  try {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    runCli(repo, dir, ['check', '--fix', rel]);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `check --fix .` over a copy of `files` ({ rel: text }); returns { rel: fixed text }. */
function cliFixTree(repo, files) {
  const dir = tempRoot();
  try {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(dir, ...rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    runCli(repo, dir, ['check', '--fix', '.']);
    return Object.fromEntries(Object.keys(files).map(rel => [rel, fs.readFileSync(path.join(dir, ...rel.split('/')), 'utf8')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { cliFix, cliFixTree, nodeBinary };
