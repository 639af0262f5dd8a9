/** Which kind a file or YAML document is: Compose, Kubernetes or Dockerfile. */
import * as path from 'node:path';
import { isMap, isScalar } from 'yaml';
import { YamlDoc } from './model/yaml';
import { isComposeDoc } from './model/compose';
import { isKubernetesDoc } from './model/k8s';

/** `Dockerfile`, `Dockerfile.*`, `Containerfile*`, `*.dockerfile`, `*.containerfile` (any case). */
const DOCKERFILE_NAME = /^(?:Dockerfile(?:\..+)?|Containerfile.*|.+\.(?:dockerfile|containerfile))$/i;
/**
 * Names projects give Dockerfiles besides those: `Dockerfile-prod`, `Dockerfile_dev`, `api_Dockerfile`
 * (also `api__Dockerfile`), `api-Dockerfile` — but not a YAML, JSON, Markdown or shell file that
 * merely starts with the word (`Dockerfile-lint.yaml`, `dockerfile_test.sh`).
 */
const DOCKERFILE_NAME_MORE = /^(?:Dockerfile[-_].+|.+[-_]Dockerfile)$/i;
const NOT_A_DOCKERFILE_EXT = /\.(?:ya?ml|json|md|markdown|txt|sh|bash|ps1|py|js|ts|go|rs|toml|ini|cfg|conf|lock|orig|bak|rej|swp|dockerignore)$/i;

/**
 * A Dockerfile by name: `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`,
 * `*_Dockerfile`, `*-Dockerfile`, `*.Dockerfile`, `Containerfile*`, `*.containerfile` — but not
 * BuildKit's per-Dockerfile ignore file `Dockerfile.dockerignore`. The one place the CLI's
 * discovery, the editor's workspace walk and the server's language detection ask.
 */
export function isDockerfileName(p: string): boolean {
  const name = path.basename(p);
  if (/\.dockerignore$/i.test(name)) return false;
  if (DOCKERFILE_NAME.test(name)) return true;
  return DOCKERFILE_NAME_MORE.test(name) && !NOT_A_DOCKERFILE_EXT.test(name);
}

/**
 * A Dockerfile by content: its first line that is not blank and not a comment (parser directives
 * such as `# syntax=…` and `# escape=…` are comments) is a `FROM` or `ARG` instruction.
 * Used for files named on the command line whose name says neither Dockerfile nor YAML.
 */
export function looksLikeDockerfile(text: string): boolean {
  for (const line of text.split(/\r\n|\n|\r/, 200)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return /^(?:FROM|ARG)\s/i.test(t + ' ');
  }
  return false;
}

/** A Compose file by name: `compose.yaml`, `docker-compose.prod.yml`, `compose-dev.yaml`, `fig.yml` (Compose's v1 name). */
export function isComposeName(p: string): boolean {
  return /(?:^|[-_.])compose(?:[-_.][^/\\]*)?\.ya?ml$|^fig\.ya?ml$/i.test(path.basename(p));
}

/** Folders neither the CLI nor the editor's workspace walk enters. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules']);

/** Files larger than this (bytes) are not linted by default (`--max-file-size`, `containerSignals.maxFileSize`). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function isYamlName(p: string): boolean {
  return /\.ya?ml$/i.test(p);
}

/** `shell`: a shell script; `makefile`: a Makefile; `markdown`: Markdown (its shell code blocks are read). */
export type Syntax = 'dockerfile' | 'yaml' | 'shell' | 'makefile' | 'markdown';

/** A shell script by name: `*.sh`, `*.bash`, and the extension-less `entrypoint`/`docker-entrypoint`. */
export function isShellName(p: string): boolean {
  return /\.(?:sh|bash)$/i.test(p) || /^(?:docker-)?entrypoint$/i.test(path.basename(p));
}

/**
 * An entrypoint script by name: `*entrypoint*.sh`/`.bash`, `entrypoint`, `docker-entrypoint`
 * ('name'); `docker-*.sh` ('weak': also helpers such as `docker-build.sh`). Directory walks
 * (CLI discovery, the editor's workspace walk) lint these among the shell scripts.
 */
export function entrypointNameKind(p: string): 'name' | 'weak' | undefined {
  const b = path.basename(p);
  if (/entrypoint/i.test(b) && (/\.(?:sh|bash)$/i.test(b) || !b.includes('.'))) return 'name';
  if (/^docker-.+\.(?:sh|bash)$/i.test(b)) return 'weak';
  return undefined;
}

/** A Makefile by name: `Makefile`, `makefile`, `GNUmakefile`, `*.mk`. */
export function isMakefileName(p: string): boolean {
  return /^(?:GNUmakefile|[Mm]akefile)$|\.mk$/.test(path.basename(p));
}

export function isMarkdownName(p: string): boolean {
  return /\.(?:md|markdown)$/i.test(p);
}

/** The syntax of a file from its language id or name; undefined when it is none we read. */
export function syntaxOf(p: string, languageId?: string): Syntax | undefined {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'dockercompose' || languageId === 'yaml' || languageId === 'github-actions-workflow') return 'yaml';
  if (languageId === 'shellscript') return 'shell';
  if (languageId === 'makefile') return 'makefile';
  if (languageId === 'markdown') return 'markdown';
  if (isDockerfileName(p)) return 'dockerfile';
  if (isYamlName(p)) return 'yaml';
  if (isShellName(p)) return 'shell';
  if (isMakefileName(p)) return 'makefile';
  if (isMarkdownName(p)) return 'markdown';
  return undefined;
}

export type DocKind = 'compose' | 'kubernetes' | undefined;

/**
 * A Compose file in the v1 layout (before the Compose file format had `services:`): the services
 * are the top-level keys, each a mapping with `image` or `build`, and there is no `services:`,
 * `apiVersion` or `kind`. Docker Compose v2 no longer reads this layout (it expects `services:`).
 * A GitLab CI file looks alike (jobs with `image:`) but its jobs have `script:`, so a mapping with
 * `script` rules the layout out.
 */
export function isComposeV1Doc(d: YamlDoc): boolean {
  if (d.broken) return false;
  const root = d.doc.contents;
  if (!isMap(root) || !root.items.length) return false;
  let service = false;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || key === 'services' || key === 'apiVersion' || key === 'kind') return false;
    if (key === 'version' && isScalar(pair.value)) continue;
    if (!isMap(pair.value)) return false;
    const keys = new Set(pair.value.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    if (keys.has('script') || keys.has('stage')) return false;
    if (keys.has('image') || keys.has('build')) service = true;
  }
  return service;
}

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
