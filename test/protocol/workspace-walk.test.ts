/**
 * "Harden signals in workspace" visits the files the CLI's `check` visits: the same walk
 * (server/src/files/discover.ts), so `.gitignore` files (nested, negated patterns,
 * `.git/info/exclude`) and the config file's `ignore` globs are honoured by both. The real server
 * over stdio is compared with the real CLI (`dist/cli.js check --fix .`) on a copy of the folder.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { LspClient, applyEdits, editsFor, repoRoot, uriOf } from './lsp-client';

const CLI = path.join(repoRoot(), 'dist/cli.js');

/** Compose rules with a fix in the recommended preset fire on it (init, exec): harden always changes it. */
const COMPOSE = `services:
  api:
    image: example/api:1.0
    user: root
    command: sh -c "./migrate && /usr/local/bin/api"
`;
/** Debian's /bin/sh is dash: dockerfile/shell-form warns and its exec-form fix applies (on Alpine, busybox execs node itself). */
const DOCKERFILE = 'FROM node:20\nCMD node server.js\n';

type Tree = Record<string, string>;

const made: string[] = [];
after(() => { for (const d of made) fs.rmSync(d, { recursive: true, force: true }); });

function tempDir(): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-walk-')));
  made.push(d);
  return d;
}

function write(dir: string, tree: Tree): void {
  for (const [rel, text] of Object.entries(tree)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

/** Runs the workspace harden command ({ preview: false }) on folder `ws`; returns the response and the edit it sent. */
async function hardenWorkspace(ws: string): Promise<{ res: { status: string; changes?: string[]; files?: number }; edit: WorkspaceEdit | undefined }> {
  const c = await LspClient.start({ folders: [ws], initializationOptions: { debounceMs: 0 } });
  try {
    const res = await c.executeCommand('containerSignals.server.hardenWorkspace', [{ preview: false }]);
    assert.ok(c.applyEdits.length <= 1);
    return { res, edit: c.applyEdits[0]?.edit };
  } finally {
    await c.stop();
  }
}

/** The files (relative, `/`-separated) a WorkspaceEdit changes. */
function changedFiles(ws: string, edit: WorkspaceEdit | undefined): string[] {
  return (edit?.documentChanges ?? [])
    .map((dc) => ('textDocument' in dc ? path.relative(ws, fileURLToPath(dc.textDocument.uri)).split(path.sep).join('/') : ''))
    .sort();
}

describe('Harden signals in workspace walks the folder like the CLI', () => {
  it('skips what .gitignore files ignore (nested, negated, .git/info/exclude) and the config ignore globs, as check --fix does', async () => {
    const tree: Tree = {
      '.gitignore': 'build/\nvendor/\n*.local.yml\ngenerated/*.yml\n!keep.yml\n',
      '.container-signals.yaml': 'ignore:\n  - legacy/\n',
      'docker-compose.yml': COMPOSE,
      'build/docker-compose.yml': COMPOSE,
      'vendor/lib/compose.yaml': COMPOSE,
      'dev.local.yml': COMPOSE,
      'generated/other.yml': COMPOSE,
      'generated/keep.yml': COMPOSE,
      'svc/.gitignore': 'Dockerfile.debug\n!keep.local.yml\n',
      'svc/Dockerfile': DOCKERFILE,
      'svc/Dockerfile.debug': DOCKERFILE,
      'svc/dev.local.yml': COMPOSE,
      'svc/keep.local.yml': COMPOSE,
      'excluded/compose.yaml': COMPOSE,
      'legacy/compose.yaml': COMPOSE,
      '.git/info/exclude': 'excluded/\n',
    };
    const expected = ['docker-compose.yml', 'generated/keep.yml', 'svc/Dockerfile', 'svc/keep.local.yml'];
    const ws = tempDir();
    write(ws, tree);

    const { res, edit } = await hardenWorkspace(ws);
    assert.equal(res.status, 'applied', JSON.stringify(res));
    assert.deepEqual(changedFiles(ws, edit), expected);
    assert.deepEqual([...(res.changes ?? [])].sort(), expected);
    assert.equal(res.files, expected.length);

    // The CLI on a copy of the same folder changes exactly the same files, to the same text.
    const copy = tempDir();
    write(copy, tree);
    const r = spawnSync(process.execPath, [CLI, 'check', '--fix', '.'], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const byCli = Object.keys(tree).filter((rel) => fs.readFileSync(path.join(copy, rel), 'utf8') !== tree[rel]).sort();
    assert.deepEqual(byCli, expected);
    for (const rel of expected) {
      const serverText = applyEdits(tree[rel], editsFor(edit, uriOf(path.join(ws, rel))).edits);
      assert.equal(serverText, fs.readFileSync(path.join(copy, rel), 'utf8'), `${rel}: the editor and the CLI harden it alike`);
    }
  });

  it('reads no .gitignore above the workspace folder: the folder is its own top, with its nested files', async () => {
    const repo = tempDir();
    write(repo, {
      '.git/info/exclude': 'app/excluded/\n',
      '.gitignore': 'app/build/\n',
      'app/.gitignore': 'vendor/\n!vendor/keep.yml\n',
      'app/docker-compose.yml': COMPOSE,
      'app/build/compose.yaml': COMPOSE,
      'app/excluded/compose.yaml': COMPOSE,
      'app/vendor/compose.yaml': COMPOSE,
      'app/vendor/keep.yml': COMPOSE,
    });
    // The workspace folder is `app/`: the repository's .gitignore and .git/info/exclude are outside it.
    const { res, edit } = await hardenWorkspace(path.join(repo, 'app'));
    assert.equal(res.status, 'applied', JSON.stringify(res));
    // `vendor/` excludes the folder, so `!vendor/keep.yml` cannot bring keep.yml back (git's rule).
    assert.deepEqual(changedFiles(path.join(repo, 'app'), edit), ['build/compose.yaml', 'docker-compose.yml', 'excluded/compose.yaml']);
  });
});
