/** Which kind a file or YAML document is: Compose, Kubernetes or Dockerfile. */
import * as path from 'node:path';
import { YamlDoc } from './model/yaml';
import { isComposeDoc } from './model/compose';
import { isKubernetesDoc } from './model/k8s';

const DOCKERFILE_NAME = /^(?:(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:dockerfile|containerfile))$/i;

export function isDockerfileName(p: string): boolean {
  return DOCKERFILE_NAME.test(path.basename(p));
}

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
