/**
 * The compose services that build a Dockerfile: the services of the compose files in the
 * Dockerfile's folder and its ancestors (the names `docker compose` reads without `-f`: compose.yaml,
 * compose.yml, docker-compose.yaml, docker-compose.yml and their `.override` files) whose `build:`
 * resolves to it. Files of one folder are one project, merged by service name, read simply: a
 * service counts as a consumer when any file of its folder gives it a `build:` that resolves to the
 * Dockerfile, and sets `init: true` when any file of the folder does.
 * (A stand-in until the merged Compose project, project/compose-project.ts, replaces it.)
 */
import * as path from 'node:path';
import type { WorkspaceReader } from '../types';
import { parseYamlReference, bool, isScalar, nodeSpan } from '../model/yaml';
import type { Scalar } from '../model/yaml';
import { composeServices, serviceDockerfile } from '../model/compose';
import { foldersUp } from './image-source';
import { defaultComposeFiles } from './compose-project';

export interface Where { path: string; line: number; character: number }

export interface Consumer {
  /** The service name. */
  service: string;
  /** Where the service's `build:` names the Dockerfile (0-based line/character). */
  build: Where;
  /** Where `init: true` is set for it, when it is. */
  init?: Where;
}

/** What one compose file says about each of its services: the Dockerfile its `build:` resolves to, and its `init:` (where `true` is set, or false). */
interface ServiceFacts { service: string; dockerfile?: string; build?: Where; init?: Where | false }

/** Parsed compose files by path and text (each Dockerfile of a folder asks for the same files). */
const parsed = new Map<string, ServiceFacts[]>();

function factsOf(file: string, text: string): ServiceFacts[] {
  const key = `${file}\0${text}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const out: ServiceFacts[] = [];
  const y = parseYamlReference(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const at = (node: unknown): Where | undefined => {
    const sp = nodeSpan(node as Scalar);
    if (!sp) return undefined;
    const pos = y.lines.positionAt(sp[0]);
    return { path: file, line: pos.line, character: pos.character };
  };
  for (const d of y.docs) {
    if (d.broken) continue;
    for (const s of composeServices(d)) {
      if (!s.map) continue;
      const f: ServiceFacts = { service: s.name };
      if (s.get('build') !== undefined) {
        f.dockerfile = serviceDockerfile(s, file);
        f.build = at(s.lookup('build')?.pair.key) ?? at(s.key);
      }
      const init = s.lookup('init');
      const on = init && isScalar(init.value) ? bool(init.value) : undefined;
      if (on === true) f.init = at(init!.pair.key) ?? at(s.key);
      else if (on === false) f.init = false;
      out.push(f);
    }
  }
  if (parsed.size > 2000) parsed.clear();
  parsed.set(key, out);
  return out;
}

/** Every compose service (per folder project) that builds `dockerfilePath`. */
export function composeConsumers(dockerfilePath: string, reader: WorkspaceReader | undefined): Consumer[] {
  if (!reader) return [];
  const target = path.resolve(dockerfilePath);
  const out: Consumer[] = [];
  for (const dir of foldersUp(target)) {
    // service name → what the folder's files say about it
    // The folder's project as Compose merges it: base, then override (a later init: wins).
    const byName = new Map<string, { build?: Where; init?: Where | false }>();
    for (const file of defaultComposeFiles(dir, reader)) {
      const text = reader.readFile(file);
      if (text === undefined) continue;
      for (const f of factsOf(file, text)) {
        const e = byName.get(f.service) ?? {};
        byName.set(f.service, e);
        if (f.dockerfile === target) e.build ??= f.build;
        if (f.init !== undefined) e.init = f.init;
      }
    }
    for (const [service, e] of byName) {
      if (e.build) out.push({ service, build: e.build, init: e.init || undefined });
    }
  }
  return out;
}

/** Every consumer sets `init: true` (and there is at least one): docker-init runs in front of the Dockerfile's PID 1. */
export function everyConsumerInits(consumers: readonly Consumer[]): boolean {
  return consumers.length > 0 && consumers.every((c) => !!c.init);
}
