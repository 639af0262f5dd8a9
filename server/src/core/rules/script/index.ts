import type { Rule } from '../../rule';
import entrypointWithoutExec from './entrypoint-without-exec';

/** The script rules (shell scripts: entrypoints), one per file in this folder. */
export const scriptRules: Rule<'script'>[] = [entrypointWithoutExec];
