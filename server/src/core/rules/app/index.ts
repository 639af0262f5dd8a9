import type { Rule } from '../../rule';
import sigtermNotHandled from './sigterm-not-handled';

/** The app rules (the program's own signal handlers), one per file in this folder. */
export const appRules: Rule<'app'>[] = [sigtermNotHandled];
