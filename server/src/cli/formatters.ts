/** The output formats by name: `--format <name>`. A new format is one file and one entry here. */
import type { FileResult, Summary } from './results';
import type { Preset } from '../core/types';
import { formatStylish } from './format-stylish';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';

export interface FormatContext {
  /** Use ANSI colours (stdout is a TTY and NO_COLOR is unset). */
  color: boolean;
  /** The folder SARIF URIs are relative to (`%SRCROOT%`): the git root, else the working directory. */
  srcRoot?: string;
  /** `--fix-dry-run`: the JSON report carries each finding's fix and suggestion edits. */
  withFixes?: boolean;
  /** The active preset (SARIF's rule `defaultConfiguration`); default recommended. */
  preset?: Preset;
}

/** Turns the results of a run into the text written to stdout. */
export type Formatter = (files: readonly FileResult[], summary: Summary, ctx: FormatContext) => string;

export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
};

export const FORMAT_NAMES: readonly string[] = Object.keys(FORMATTERS);
