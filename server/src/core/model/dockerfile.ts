/** The Dockerfile view: stages with `FROM <stage>` inheritance, instructions with offsets. */
import { DockerfileParser, Dockerfile, Instruction, From, JSONInstruction } from 'dockerfile-ast';
import { LineIndex, detectEol, loneCrAsLf } from '../text';
import type { Eol } from '../text';

export interface DfInstruction {
  keyword: string;
  ins: Instruction;
  /** Offsets of the whole instruction (keyword to the end of its last continuation line). */
  start: number;
  end: number;
  line: number;
  /** Offsets of the arguments (undefined when there are none). */
  argsStart?: number;
  argsEnd?: number;
  /** For CMD/ENTRYPOINT/SHELL/RUN: the JSON exec-form strings, or undefined when in shell form. */
  execForm?: string[];
  /** Arguments text as written (continuations kept). */
  rawArgs: string;
}

export interface Stage {
  index: number;
  from: DfInstruction;
  /** `AS name`, lower-cased. */
  name?: string;
  /** The image name written after FROM (variables unresolved). */
  image: string;
  /** The earlier stage this one builds on (`FROM <stage>`). */
  parent?: Stage;
  instructions: DfInstruction[];
}

export interface DockerfileModel {
  /**
   * The text as parsed: each lone CR (a CR without LF) read as LF, the same offsets. The editor
   * and `LineIndex` start a line after a lone CR, dockerfile-ast does only in places (not after a
   * continuation escape), Docker not at all: the model follows the editor's lines, and the core
   * offers no edit on such a file (`whyNoFixes`).
   */
  text: string;
  lines: LineIndex;
  eol: Eol;
  df: Dockerfile;
  escape: string;
  /** Instructions before the first FROM (ARG). */
  preamble: DfInstruction[];
  stages: Stage[];
  final?: Stage;
}

let cache: { text: string; model: DockerfileModel } | undefined;

export function parseDockerfile(source: string): DockerfileModel {
  if (cache && cache.text === source) return cache.model;
  const text = loneCrAsLf(source);
  const lines = new LineIndex(text);
  const df = DockerfileParser.parse(text);
  const preamble: DfInstruction[] = [];
  const stages: Stage[] = [];
  const escape = df.getEscapeCharacter();
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const r = ins.getRange();
    const start = lines.offsetAt(r.start), end = lines.offsetAt(r.end);
    const ar = ins.getArgumentsRange();
    const di: DfInstruction = {
      keyword, ins, start, end, line: r.start.line,
      argsStart: ar ? lines.offsetAt(ar.start) : undefined,
      argsEnd: ar ? lines.offsetAt(ar.end) : undefined,
      rawArgs: ar ? text.slice(lines.offsetAt(ar.start), lines.offsetAt(ar.end)) : '',
    };
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'SHELL') {
      // Docker's rule: exec form when the arguments parse as a JSON array of strings, else shell form.
      di.execForm = parseJsonArray(joinContinuations(di.rawArgs, escape, 0).text);
    } else if (ins instanceof JSONInstruction && ins.getOpeningBracket() && ins.getClosingBracket()) {
      di.execForm = ins.getJSONStrings().map((s) => s.getJSONValue());
    }
    if (keyword === 'FROM') {
      const from = ins as From;
      const name = from.getBuildStage()?.toLowerCase() ?? undefined;
      const image = from.getImage() ?? '';
      const ref = (image.includes('$') ? expandVars(image, argDefaults(preamble, escape)) : image).toLowerCase();
      const parent = stages.find((s) => s.name !== undefined && s.name === ref);
      stages.push({ index: stages.length, from: di, name, image, parent, instructions: [] });
    } else if (stages.length === 0) preamble.push(di);
    else stages[stages.length - 1].instructions.push(di);
  }
  const model: DockerfileModel = {
    text, lines, eol: detectEol(source), df, escape, preamble, stages, final: stages[stages.length - 1],
  };
  cache = { text: source, model };
  return model;
}

/** The last instruction with `keyword` in effect for `stage`, following `FROM <stage>` inheritance. */
export function effective(stage: Stage | undefined, keyword: string): { ins: DfInstruction; stage: Stage } | undefined {
  for (let s = stage, hops = 0; s && hops < 50; s = s.parent, hops++) {
    for (let i = s.instructions.length - 1; i >= 0; i--) {
      if (s.instructions[i].keyword === keyword) return { ins: s.instructions[i], stage: s };
    }
  }
  return undefined;
}

/** The root base image of a stage (following stage inheritance), e.g. `debian:bookworm-slim`. */
export function baseImage(stage: Stage): string {
  let s = stage;
  for (let hops = 0; s.parent && hops < 50; hops++) s = s.parent;
  return s.image;
}

/** The argv of an exec-form instruction, or undefined. */
export function execArgv(ins: DfInstruction | undefined): string[] | undefined {
  return ins?.execForm;
}

/** Shell-form command text with line continuations removed (for analysis), or undefined for exec form. */
export function shellCommand(model: DockerfileModel, ins: DfInstruction): string | undefined {
  if (ins.execForm) return undefined;
  return logicalArgs(model, ins).text;
}

export type { From, Instruction };

/** The stage and the earlier stages it builds on (`FROM <stage>`), nearest first. */
export function stageChain(stage: Stage | undefined): Stage[] {
  const out: Stage[] = [];
  for (let s = stage, hops = 0; s && hops < 50; s = s.parent, hops++) out.push(s);
  return out;
}

/**
 * The CMD in effect for a stage, with Docker's reset rule: an ENTRYPOINT set in a stage clears the
 * CMD inherited from its base unless that stage also sets a CMD. Undefined when no CMD of this file
 * is in effect (the base image's may be).
 */
export function effectiveCmd(stage: Stage | undefined): { ins: DfInstruction; stage: Stage } | undefined {
  for (const s of stageChain(stage)) {
    const cmd = [...s.instructions].reverse().find((i) => i.keyword === 'CMD');
    if (cmd) return { ins: cmd, stage: s };
    if (s.instructions.some((i) => i.keyword === 'ENTRYPOINT')) return undefined;
  }
  return undefined;
}

/** Default values of the ARGs declared before the first FROM (the ones FROM lines can use). */
export function globalArgs(model: DockerfileModel): Map<string, string> {
  return argDefaults(model.preamble, model.escape);
}

function argDefaults(preamble: DfInstruction[], escape: string): Map<string, string> {
  const args = new Map<string, string>();
  for (const i of preamble) {
    if (i.keyword !== 'ARG') continue;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(joinContinuations(i.rawArgs, escape, 0).text.trim());
    if (m) args.set(m[1], (m[2] ?? '').trim().replace(/^(["'])(.*)\1$/s, '$2'));
  }
  return args;
}

/** Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` with global ARG defaults (unknown ones stay as written). */
export function expandArgs(model: DockerfileModel, s: string): string {
  return expandVars(s, globalArgs(model));
}

function expandVars(s: string, args: Map<string, string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, op?: string, word?: string, b?: string) => {
    const v = args.get((a ?? b)!);
    if (op === '-') return v ? v : (word ?? '');
    if (op === '+') return v ? (word ?? '') : '';
    return v !== undefined && v !== '' ? v : all;
  });
}

/** The root base image of a stage with global ARG defaults substituted, e.g. `mcr.microsoft.com/windows/servercore:ltsc2022`. */
export function resolvedBaseImage(model: DockerfileModel, stage: Stage): string {
  return expandArgs(model, baseImage(stage));
}

/**
 * A Windows image: its base names `windows`, `nanoserver` or `servercore` (after ARG substitution),
 * or the file uses the `# escape=`` directive with a Microsoft base image.
 */
export function isWindowsStage(model: DockerfileModel, stage: Stage): boolean {
  const img = resolvedBaseImage(model, stage).toLowerCase();
  if (/windows|nanoserver|servercore|^mcr\.microsoft\.com\/dotnet\/framework\//.test(img)) return true;
  if (model.escape === '`' && /^mcr\.microsoft\.com\//.test(img)) return true;
  // A local base image: a PowerShell/cmd SHELL, Windows paths (`C:\…`, `C:/…`) in RUN, WORKDIR,
  // COPY or ADD, or a CMD/ENTRYPOINT program named `*.exe`/`*.cmd`/`*.bat` give it away.
  return stageChain(stage).some((s) => s.instructions.some((i) => {
    if (i.keyword === 'SHELL') return /\b(powershell|pwsh|cmd)(\.exe)?\b/i.test(i.rawArgs);
    if (/^(RUN|WORKDIR|COPY|ADD)$/.test(i.keyword)) return /(^|[\s"'=\[])[A-Za-z]:[\\/]/.test(i.rawArgs);
    if (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') {
      const argv0 = i.execForm ? i.execForm[0] : i.rawArgs.trim().split(/\s+/)[0];
      return /\.(exe|cmd|bat)$/i.test(argv0 ?? '');
    }
    return false;
  }));
}

/**
 * An instruction's arguments as Docker reads them: escape-character line continuations removed,
 * comment and empty lines inside a continuation dropped. `at(i)` maps offset `i` of `text` back to
 * the file; `comments` tells whether comment lines were dropped. (Heredoc bodies are not
 * special-cased: use it for instructions without heredocs, or only for their first line.)
 */
export function logicalArgs(model: DockerfileModel, ins: DfInstruction): { text: string; at(i: number): number; comments: boolean } {
  return joinContinuations(ins.rawArgs, model.escape, ins.argsStart ?? ins.end);
}

/** See `logicalArgs`: joins the continuation lines of `raw` (which starts at offset `start` of the file). */
export function joinContinuations(raw: string, esc: string, start: number): { text: string; at(i: number): number; comments: boolean } {
  let text = '';
  const map: number[] = [];
  let comments = false;
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === esc) {
      const m = /^[ \t]*(\r\n|\n|\r)/.exec(raw.slice(i + 1));
      if (m) {
        i += 1 + m[0].length;
        // skip comment lines and empty lines that follow a continuation
        for (;;) {
          const l = /^[ \t]*(#[^\r\n]*)?(\r\n|\n|\r)/.exec(raw.slice(i));
          if (!l) break;
          if (l[1]) comments = true;
          i += l[0].length;
        }
        continue;
      }
    }
    map.push(start + i);
    text += raw[i];
    i++;
  }
  map.push(start + raw.length);
  return { text, at: (k: number) => map[Math.max(0, Math.min(k, map.length - 1))], comments };
}

/** The strings of a JSON array of strings (Docker's exec form), or undefined when `s` is not one. */
export function parseJsonArray(s: string): string[] | undefined {
  const t = s.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** A `USER` value that means root: `root` or UID 0, with any group (`0:0`, `root:root`, `0:1000`). */
export function isRootUser(value: string): boolean {
  const user = value.trim().replace(/^(["'])(.*)\1$/s, '$2').split(':')[0].trim();
  return user === 'root' || /^0+$/.test(user);
}
