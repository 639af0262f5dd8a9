/**
 * Shared by dockerfile/shell-form and dockerfile/shell-pid1: what a `/bin/sh -c` script does with
 * the stop signal on the final image's shell (RUNTIMES.md "/bin/sh -c by base image"), and the
 * severity RULES.md v2 gives each case. Not a rule (no meta): the rules import it.
 */
import type { Preset, Severity } from '../../types';
import type { ShellKind } from '../../knowledge';
import { shellExecsLast } from '../../knowledge';
import type { ScriptAnalysis } from '../../shell';

export type ShellCase =
  /** the script execs its last command itself, or traps TERM/INT, or starts no program: nothing to say */
  | 'fine'
  /** the image has no /bin/sh: the container cannot start (shell form only) */
  | 'none'
  /** dash: never execs */
  | 'dash'
  /** /bin/sh not known */
  | 'unknown'
  /** a pipeline, background job or compound command at the end: no shell execs it */
  | 'keeps'
  /** busybox/bash exec the last simple command themselves */
  | 'execs';

export function shellCase(shell: ShellKind, a: ScriptAnalysis): ShellCase {
  if (a.execsLast || a.trapsSignals) return 'fine';
  if (shell === 'none') return 'none';
  const r = a.noFixReason;
  if (r === 'empty') return 'fine';
  // No shell execs these; with a trap set (EXIT, HUP…) busybox and bash do not exec either.
  if (r === 'pipeline' || r === 'background' || r === 'compound' || r === 'unparseable' || r === 'builtin' || r === 'trap') return 'keeps';
  if (shellExecsLast(shell)) return 'execs';
  return shell === 'dash' ? 'dash' : 'unknown';
}

/** The severity of a case in a preset; undefined = no finding. */
export function caseSeverity(c: ShellCase, preset: Preset): Severity | undefined {
  switch (c) {
    case 'fine': return undefined;
    case 'none': return 'error';
    case 'execs': return preset === 'strict' ? 'hint' : undefined;
    default: return 'warning';
  }
}

/** The shell's name for messages. */
export function shellName(shell: ShellKind): string {
  return shell === 'busybox' ? 'busybox ash' : shell;
}

/** What a `noFixReason` means, for messages. */
export function construct(a: ScriptAnalysis): string {
  switch (a.noFixReason) {
    case 'pipeline': return 'a pipeline';
    case 'background': return 'a background job';
    case 'unparseable': return 'shell syntax the linter cannot follow';
    case 'builtin': return 'a shell builtin or function';
    case 'trap': return 'a script with a trap (not for TERM or INT)';
    default: return 'a compound command';
  }
}
