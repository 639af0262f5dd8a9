/**
 * Regenerates what is derived from the rule registry: the rule table in README.md and the rule
 * index docs/rules/README.md (between the `<!-- rules:start -->` / `<!-- rules:end -->` markers).
 * `npm run gen`; the meta test fails when a committed file differs from what this would write.
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

/** The rule table; `base` is the folder of the rule pages as seen from the file the table is in. */
export function rulesTable(base = 'docs/rules/'): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](${base}${r.meta.id}.md) | ${cell(r.meta.presets.recommended)} | ${cell(r.meta.presets.strict)} | ${editKind(r.meta)} | ${r.meta.description.replace(/\|/g, '\\|')} |`);
  return ['| rule | recommended | strict | edit | what it finds |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** `text` with the table between its markers (README.md: `docs/rules/` links; docs/rules/README.md: relative ones). */
export function withTable(text: string, base = 'docs/rules/'): string {
  const a = text.indexOf(START), b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error('no rules markers');
  return text.slice(0, a + START.length) + '\n' + rulesTable(base) + '\n' + text.slice(b);
}

/** The generated files and the link base of each. */
export const GENERATED: [string, string][] = [['README.md', 'docs/rules/'], ['docs/rules/README.md', '']];

if (require.main === module && /gen-docs\.js$/.test(process.argv[1] ?? '')) {
  const root = path.resolve(__dirname, '..');
  for (const [rel, base] of GENERATED) {
    const file = path.join(root, rel);
    const before = fs.readFileSync(file, 'utf8');
    const after = withTable(before, base);
    if (after !== before) { fs.writeFileSync(file, after); console.log(`${rel} rule table updated`); }
    else console.log(`${rel} rule table is up to date`);
  }
}
