#!/usr/bin/env node
/**
 * Regenerates what package.json derives from the rule registry: the properties of the
 * `containerSignals.rules` setting (one per rule id, enum off|error|warning|information|hint,
 * described with its default in each preset) and the rule ids `containerSignals.fix.apply`
 * accepts. Run by `npm run build`; `--check` exits 1 when package.json
 * is out of date instead of writing it. The registry (TypeScript) is bundled with esbuild first.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

export async function loadRules() {
  return (await loadModule('server/src/core/rules/index.ts')).rules;
}

/** Bundles a TypeScript module of the repo and loads it. */
async function loadModule(rel) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cs-manifest-')), 'mod.cjs');
  try {
    await build({
      entryPoints: [path.join(root, rel)], outfile: out,
      bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error',
    });
    return createRequire(import.meta.url)(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

export const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'];

export function ruleProperties(rules) {
  const props = {};
  for (const r of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const { id, description, docs, presets } = r.meta;
    const defaults = presets.recommended === presets.strict
      ? `\`${presets.recommended}\``
      : `\`${presets.recommended}\` (recommended), \`${presets.strict}\` (strict)`;
    // No `default`: an unset rule must stay unset so `.container-signals.yaml` can decide.
    props[id] = {
      type: 'string',
      enum: SEVERITIES,
      markdownDescription: `${description} Unset: \`.container-signals.yaml\`, else the preset's ${defaults}. [Documentation](${docs})`,
    };
  }
  return props;
}

async function main() {
  const file = path.join(root, 'package.json');
  const text = fs.readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  const setting = pkg.contributes?.configuration?.properties?.['containerSignals.rules'];
  if (!setting) throw new Error('package.json has no contributes.configuration.properties["containerSignals.rules"]');
  const rules = await loadRules();
  setting.properties = ruleProperties(rules);
  const apply = pkg.contributes.configuration.properties['containerSignals.fix.apply'];
  if (!apply) throw new Error('package.json has no contributes.configuration.properties["containerSignals.fix.apply"]');
  apply.items = { type: 'string', enum: rules.map((r) => r.meta.id).sort((a, b) => a.localeCompare(b)) };
  // The JSON schema of .container-signals.yaml (contributes.yamlValidation) comes from the same registry.
  const schemaFile = path.join(root, 'schemas/container-signals.schema.json');
  const schema = JSON.stringify((await loadModule('server/src/core/config.ts')).configJsonSchema(), null, 2) + '\n';
  if (!fs.existsSync(schemaFile) || fs.readFileSync(schemaFile, 'utf8') !== schema) {
    if (check) { console.error('schemas/container-signals.schema.json is out of date: run `node scripts/gen-manifest.mjs`'); process.exit(1); }
    fs.writeFileSync(schemaFile, schema);
    console.log('schemas/container-signals.schema.json updated');
  }
  const next = JSON.stringify(pkg, null, 2) + '\n';
  if (next === text) { console.log('package.json rule settings are up to date'); return; }
  if (check) { console.error('package.json rule settings are out of date: run `node scripts/gen-manifest.mjs`'); process.exit(1); }
  fs.writeFileSync(file, next);
  console.log(`package.json rule settings updated (${Object.keys(setting.properties).length} rules)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(2); });
}
