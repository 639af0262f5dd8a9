/**
 * Builds the CLI or the language server with the test-only rules (fake-rules.ts) into a temp
 * folder, once per test process: the product's own bundles stay untouched (no test hook in
 * them). The result runs like dist/cli.js / dist/server.js.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** test/out/<dir>/*.js → repo root. */
const REPO = path.resolve(__dirname, '..', '..', '..');
const built = new Map<string, string>();
let dir: string | undefined;

export function fakeBundle(kind: 'cli' | 'server'): string {
  const hit = built.get(kind);
  if (hit) return hit;
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cs-fake-rules-'));
  const outfile = path.join(dir, `${kind}.js`);
  buildSync({
    entryPoints: [path.join(REPO, 'test/support', `fake-${kind}-entry.ts`)], outfile,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error',
  });
  built.set(kind, outfile);
  return outfile;
}

process.on('exit', () => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });
