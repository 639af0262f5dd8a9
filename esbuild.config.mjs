// One build config, three product bundles (client with `vscode` external, server, cli) plus the tests.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The `yaml` package (node build) reads `process.env.LOG_TOKENS` for every lexical token and
 * `process.env.LOG_STREAM` for every CST token (debug switches). `process.env` is a native
 * interceptor: the lookups cost a fifth to a quarter of a parse. The bundles read them as unset.
 */
const yamlDebugSwitches = {
  name: 'yaml-debug-switches',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'undefined');
      return contents === source
        ? { contents, warnings: [{ text: `yaml-debug-switches: no process.env.LOG_* read in ${args.path} (yaml changed?)` }] }
        : { contents };
    });
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', plugins: [yamlDebugSwitches] };
const exists = (p) => fs.existsSync(p);

function testEntries(dir) {
  if (!exists(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'out' && e.name !== 'fixtures' && e.name !== 'editor') out.push(...testEntries(p)); }
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const builds = [];
if (exists('server/src/cli/main.ts')) builds.push(build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }));
if (exists('server/src/lsp/server.ts')) builds.push(build({ ...common, entryPoints: { server: 'server/src/lsp/server.ts' }, outdir: 'dist' }));
if (exists('client/src/extension.ts')) builds.push(build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }));
if (exists('scripts/gen-docs.ts')) builds.push(build({ ...common, entryPoints: { 'gen-docs': 'scripts/gen-docs.ts' }, outdir: 'dist' }));
if (exists('scripts/accuracy.ts')) builds.push(build({ ...common, entryPoints: { accuracy: 'scripts/accuracy.ts' }, outdir: 'dist' }));
if (exists('test/bench/bench.ts')) builds.push(build({ ...common, entryPoints: { bench: 'test/bench/bench.ts' }, outdir: 'dist' }));
const tests = testEntries('test');
if (tests.length) {
  fs.rmSync('test/out', { recursive: true, force: true });
  builds.push(build({ ...common, entryPoints: tests, outdir: 'test/out', outbase: 'test', sourcemap: 'inline', external: ['esbuild'] }));
}
await Promise.all(builds);
if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
