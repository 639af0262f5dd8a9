/** Helpers shared by the `run/…` rules. */
import type { RunCommand, RunFlag } from '../../model/run';
import { flag } from '../../model/run';
import { parseImageRef } from '../../knowledge';

/** How a message names the command line: `docker run of "nginx"`, `podman create of "app"`, or `docker run` when the image is not known. */
export function what(cmd: RunCommand): string {
  const head = `${cmd.tool} ${cmd.verb}`;
  return cmd.image ? `${head} of "${parseImageRef(cmd.image.name).name}"` : head;
}

/** The range of `docker run` (tool to verb): where a finding about a missing flag goes. */
export function headAt(cmd: RunCommand): [number, number] {
  return [cmd.at[0], cmd.verbAt[1]];
}

/** A flag written with a known value (the last one: Docker keeps the last of a single-valued flag). */
export function knownValue(cmd: RunCommand, name: string): (RunFlag & { value: string }) | undefined {
  const f = flag(cmd, name);
  return f && f.value !== undefined ? (f as RunFlag & { value: string }) : undefined;
}

/** A boolean flag is on: written without a value, or `=true`/`=1`; undefined when its value is not known. */
export function boolFlag(cmd: RunCommand, name: string): boolean | undefined {
  const f = flag(cmd, name);
  if (!f) return false;
  if (!f.hasValue) return true;
  if (f.value === undefined) return undefined;
  return /^(?:true|1|t|T|TRUE|True)$/.test(f.value);
}
