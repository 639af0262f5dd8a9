import type { Rule } from '../../rule';
import obsoleteVersion from './obsolete-version';

/** The compose rules, one per file in this folder. */
export const composeRules: Rule<'compose'>[] = [obsoleteVersion];
