/**
 * The `docker run` / `docker create` / `podman run` view: every such command line found in a
 * shell script, a Makefile recipe, a CI workflow step (`run:`, `script:`) or a shell code block
 * of a Markdown file. Offsets are in the linted file's text.
 *
 * (Scaffold: the finder is filled in by the `run` target work, issue 12.)
 */
import type { Syntax } from '../detect';

export interface RunFlag {
  /** Canonical long name without dashes: `init`, `cap-add`, `user` (for `-u`), `volume` (for `-v`), `env` (for `-e`)… */
  name: string;
  /** As written: `--cap-add=SYS_PTRACE`, `-u`, `--init`. */
  spelling: string;
  /** The value with quotes removed; undefined for a boolean flag or when it is not known (`$VAR` without default). */
  value?: string;
  /** Offsets of the flag and its value (as written, with quotes). */
  at: [number, number];
  /** Offsets of the value alone, when it has one. */
  valueAt?: [number, number];
}

export interface RunCommand {
  tool: 'docker' | 'podman';
  verb: 'run' | 'create';
  /** Offsets of the whole command line (continuations included). */
  at: [number, number];
  /** Offsets of `run`/`create` (insert flags after it). */
  verbAt: [number, number];
  flags: RunFlag[];
  /** The image, when the line names one (undefined when it is a variable without a default). */
  image?: { name: string; at: [number, number] };
  /** The command and arguments after the image. */
  args: { value: string; at: [number, number] }[];
}

/** The command lines in `text` (a file of this syntax). */
export function findRunCommands(_text: string, _syntax: Syntax): RunCommand[] {
  return [];
}
