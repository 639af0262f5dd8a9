/** The rule registry, sorted by id. The README table and package.json's enum are generated from it. */
import type { Rule } from '../rule';
import type { Target } from '../types';
import { composeRules } from './compose';
import { k8sRules } from './k8s';
import { dockerfileRules } from './dockerfile';
import { scriptRules } from './script';
import unknownRule from './directive/unknown-rule';
import { appRules } from './app';
import { runRules } from './run';

export const rules: readonly Rule[] = ([...composeRules, ...k8sRules, ...dockerfileRules, ...appRules, ...runRules, ...scriptRules, unknownRule] as Rule[])
  .sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export const ruleById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));

export function rulesFor<T extends Target>(target: T): Rule<T>[] {
  return rules.filter((r) => r.meta.target === target) as unknown as Rule<T>[];
}
