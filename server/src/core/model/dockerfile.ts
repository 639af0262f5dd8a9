/** The Dockerfile view: stages with `FROM <stage>` inheritance, instructions with offsets. */
import { DockerfileParser, Dockerfile, Instruction, From, JSONInstruction } from 'dockerfile-ast';
import { LineIndex, detectEol } from '../text';

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
  text: string;
  lines: LineIndex;
  eol: '\n' | '\r\n';
  df: Dockerfile;
  escape: string;
  /** Instructions before the first FROM (ARG). */
  preamble: DfInstruction[];
  stages: Stage[];
  final?: Stage;
}

let cache: { text: string; model: DockerfileModel } | undefined;

export function parseDockerfile(text: string): DockerfileModel {
  if (cache && cache.text === text) return cache.model;
  const lines = new LineIndex(text);
  const df = DockerfileParser.parse(text);
  const preamble: DfInstruction[] = [];
  const stages: Stage[] = [];
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
    if (ins instanceof JSONInstruction && ins.getOpeningBracket() && ins.getClosingBracket()) {
      di.execForm = ins.getJSONStrings().map((s) => s.getJSONValue());
    }
    if (keyword === 'FROM') {
      const from = ins as From;
      const name = from.getBuildStage()?.toLowerCase() ?? undefined;
      const image = from.getImage() ?? '';
      const parent = stages.find((s) => s.name !== undefined && s.name === image.toLowerCase());
      stages.push({ index: stages.length, from: di, name, image, parent, instructions: [] });
    } else if (stages.length === 0) preamble.push(di);
    else stages[stages.length - 1].instructions.push(di);
  }
  const model: DockerfileModel = {
    text, lines, eol: detectEol(text), df, escape: df.getEscapeCharacter(), preamble, stages, final: stages[stages.length - 1],
  };
  cache = { text, model };
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
  return ins.rawArgs;
}

export type { From, Instruction };
