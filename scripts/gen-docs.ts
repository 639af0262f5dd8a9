/**
 * Regenerates what is derived from the rule registry: the rule table in README.md (between
 * the `<!-- rules:start -->` / `<!-- rules:end -->` markers). `npm run gen`; the meta test
 * fails when the committed README differs from what this would write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../server/src/core/rules';

export const START = '<!-- rules:start -->';
export const END = '<!-- rules:end -->';

/** What a rule edits: fix (Harden / --fix apply it), suggestion (one at a time), both, or none. */
export function editKind(meta: { fixable: boolean; suggests?: boolean }): string {
  if (meta.fixable && meta.suggests) return 'fix, suggestion';
  if (meta.fixable) return 'fix';
  if (meta.suggests) return 'suggestion';
  return 'none';
}

/** A preset's default severity, or — where the rule is off in that preset. */
const cell = (s: string) => (s === 'off' ? '—' : s);

export function rulesTable(): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${cell(r.meta.presets.recommended)} | ${cell(r.meta.presets.strict)} | ${editKind(r.meta)} | ${r.meta.description.replace(/\|/g, '\\|')} |`);
  return ['| rule | recommended | strict | edit | what it finds |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function withTable(readme: string): string {
  const a = readme.indexOf(START), b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md has no rules markers');
  return readme.slice(0, a + START.length) + '\n' + rulesTable() + '\n' + readme.slice(b);
}

if (require.main === module && /gen-docs\.js$/.test(process.argv[1] ?? '')) {
  const root = path.resolve(__dirname, '..');
  const file = path.join(root, 'README.md');
  const before = fs.readFileSync(file, 'utf8');
  const after = withTable(before);
  if (after !== before) { fs.writeFileSync(file, after); console.log('README.md rule table updated'); }
  else console.log('README.md rule table is up to date');
}
