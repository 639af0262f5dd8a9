import type { Rule } from '../../rule';

/** The k8s rules, one per file in this folder. */
export const k8sRules: Rule<'k8s'>[] = [];
