/**
 * Test-only rules (no product hook): pushed into the registry of a test bundle, so the tests of
 * presets, suggestions, `fix.apply` and preferred fixes do not depend on which real rules offer
 * what. The CLI and server bundles with these rules are built by `fake-bundle.ts`.
 *
 *   compose/test-suggest      warning in both presets; on a service with `x-suggest: before`,
 *                             two suggestions (`first`, `second`), no fix
 *   compose/test-strict-only  off in recommended, information in strict; on `x-strict: yes`
 *   compose/test-fix-a / -b   warning; both on the service name key of `x-both: both`, each
 *                             with a fix that rewrites the value (`a` / `b`): two preferred
 *                             fixes on one range
 */
import { isScalar } from 'yaml';
import { defineRule } from '../../server/src/core/rule';
import type { Rule } from '../../server/src/core/rule';
import { rules, ruleById } from '../../server/src/core/rules';
import type { ComposeService } from '../../server/src/core/model/compose';

const scalarAt = (s: ComposeService, key: string, value: string): [number, number] | undefined => {
  const v = s.get(key);
  return isScalar(v) && v.value === value && v.range ? [v.range[0], v.range[1]] : undefined;
};
const keyAt = (s: ComposeService): [number, number] => [s.key.range![0], s.key.range![1]];

export const SUGGEST = 'compose/test-suggest';
export const STRICT_ONLY = 'compose/test-strict-only';
export const FIX_A = 'compose/test-fix-a';
export const FIX_B = 'compose/test-fix-b';

const suggest = defineRule({
  meta: {
    id: SUGGEST, target: 'compose', presets: { recommended: 'warning', strict: 'warning' },
    description: 'Test rule that offers suggestions.', fixable: false, suggests: true,
    messages: { x: 'Service "{{name}}" has x-suggest: before.' },
  },
  check(ctx) {
    for (const s of ctx.services) {
      const v = scalarAt(s, 'x-suggest', 'before');
      if (!v) continue;
      ctx.report({
        at: keyAt(s), messageId: 'x', data: { name: s.name },
        suggestions: [
          { title: 'Set x-suggest to first', edits: [{ start: v[0], end: v[1], newText: 'first' }] },
          { title: 'Set x-suggest to second', edits: [{ start: v[0], end: v[1], newText: 'second' }] },
        ],
      });
    }
  },
});

const strictOnly = defineRule({
  meta: {
    id: STRICT_ONLY, target: 'compose', presets: { recommended: 'off', strict: 'information' },
    description: 'Test rule that runs in the strict preset only.', fixable: false,
    messages: { x: 'Service "{{name}}" has x-strict.' },
  },
  check(ctx) {
    for (const s of ctx.services) if (scalarAt(s, 'x-strict', 'yes')) ctx.report({ at: keyAt(s), messageId: 'x', data: { name: s.name } });
  },
});

const fixer = (id: string, value: string) => defineRule({
  meta: {
    id, target: 'compose', presets: { recommended: 'warning', strict: 'warning' },
    description: `Test rule with a fix to ${value}.`, fixable: true,
    messages: { x: `Service "{{name}}" has x-both: both (${value}).` },
  },
  check(ctx) {
    for (const s of ctx.services) {
      const v = scalarAt(s, 'x-both', 'both');
      if (v) ctx.report({ at: keyAt(s), messageId: 'x', data: { name: s.name }, fix: { title: `Set x-both to ${value}`, edits: [{ start: v[0], end: v[1], newText: value }] } });
    }
  },
});

export const FAKE_RULES = [suggest, strictOnly, fixer(FIX_A, 'a'), fixer(FIX_B, 'b')] as unknown as Rule[];
export const FAKE_IDS = FAKE_RULES.map((r) => r.meta.id);

/** Adds the fake rules to this bundle's registry (sorted by id, as the registry is). */
export function injectFakeRules(): void {
  const list = rules as Rule[];
  const map = ruleById as Map<string, Rule>;
  for (const r of FAKE_RULES) if (!map.has(r.meta.id)) { list.push(r); map.set(r.meta.id, r); }
  list.sort((a, b) => a.meta.id.localeCompare(b.meta.id));
}

/** Takes them out again. */
export function removeFakeRules(): void {
  const list = rules as Rule[];
  const map = ruleById as Map<string, Rule>;
  for (const r of FAKE_RULES) {
    const i = list.indexOf(r);
    if (i >= 0) list.splice(i, 1);
    map.delete(r.meta.id);
  }
}
