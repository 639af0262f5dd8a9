import type { Rule } from '../../rule';

/** The dockerfile rules, one per file in this folder. */
export const dockerfileRules: Rule<'dockerfile'>[] = [];
