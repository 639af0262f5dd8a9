/** Which kind a file or YAML document is: Compose, Kubernetes or Dockerfile. */
import * as path from 'node:path';
import { YamlDoc } from './model/yaml';
import { isComposeDoc } from './model/compose';
import { isKubernetesDoc } from './model/k8s';

/** `Dockerfile`, `Dockerfile.*`, `Containerfile*`, `*.dockerfile`, `*.containerfile`. */
const DOCKERFILE_NAME = /^(?:Dockerfile(?:\..+)?|Containerfile.*|.+\.(?:dockerfile|containerfile))$/i;

/** A Dockerfile by name — but not BuildKit's per-Dockerfile ignore file `Dockerfile.dockerignore`. */
export function isDockerfileName(p: string): boolean {
  const name = path.basename(p);
  return DOCKERFILE_NAME.test(name) && !/\.dockerignore$/i.test(name);
}

/** Folders neither the CLI nor the editor's workspace walk enters. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

/** Files larger than this (bytes) are not linted by default (`--max-file-size`, `containerSignals.maxFileSize`). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function isYamlName(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

export type Syntax = 'dockerfile' | 'yaml';

/** The syntax of a file from its language id or name; undefined when it is neither. */
export function syntaxOf(p: string, languageId?: string): Syntax | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose' || languageId === 'yaml') return 'yaml';
  if (isDockerfileName(p)) return 'dockerfile';
  if (isYamlName(p)) return 'yaml';
  return undefined;
}

export type DocKind = 'compose' | 'kubernetes' | undefined;

export function docKind(d: YamlDoc): DocKind {
  if (d.broken) return undefined;
  if (isKubernetesDoc(d)) return 'kubernetes';
  if (isComposeDoc(d)) return 'compose';
  return undefined;
}

/** An action that reads template data or calls a template function (Helm, Go templates, docker-library's jq templates). */
const TEMPLATE_ACTION = /(?<!\$)\{\{-?[^}\n]*?(?:\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\.Template\b|\$\.|\binclude\s|\btemplate\s|\btoYaml\b|\btpl\s|\bnindent\s|\bindent\s|\brequired\s|\benv\.)/;
/** A line that starts with a template action or a Jinja statement: `{{- if … }}`, `{{ include … }}`, `{% for … %}`. */
const TEMPLATE_LINE = /^[ \t]*(?:\{\{|\{%)/;
/** A line that opens a YAML block scalar: `key: |`, `- >-`, `data: |2 # comment`. */
const BLOCK_SCALAR = /(?:^|:|-)[ \t]+[|>][1-9]?[-+]?[1-9]?[ \t]*(?:#.*)?$|^[ \t]*[|>][-+]?[ \t]*$/;

/**
 * A Go/Helm (or Jinja) template rather than a manifest: a line starts with a template action, or an
 * action reads template data (`.Values`, `.Release`, `.Chart` …) or calls `include`/`toYaml`/`tpl` ….
 * Go templates that Docker itself expands (`{{.Name}}` in a logging tag, `docker inspect --format
 * '{{json .State}}'`), GitHub Actions `${{ … }}` expressions, and templates held in block scalars
 * (an Alertmanager template in a ConfigMap) do not make a file a template. Only the first 2 MB are
 * looked at.
 */
export function isTemplate(text: string): boolean {
  if (!text.includes('{{') && !text.includes('{%')) return false;
  const head = text.length > 2 * 1024 * 1024 ? text.slice(0, 2 * 1024 * 1024) : text;
  let block = -1; // indentation of the line that opened a block scalar: its content is indented more
  for (const line of head.split(/\r\n|\n|\r/)) {
    const indent = line.length - line.trimStart().length;
    if (block >= 0) {
      if (line.trim() === '' || indent > block) continue;
      block = -1;
    }
    if ((line.includes('{{') || line.includes('{%')) && (TEMPLATE_LINE.test(line) || TEMPLATE_ACTION.test(line))) return true;
    if (BLOCK_SCALAR.test(line)) block = indent;
  }
  return false;
}
