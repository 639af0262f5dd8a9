/**
 * Which workspace Dockerfile builds an image: the link from a Kubernetes container's `image:` to
 * the Dockerfile behind it, and the user a Dockerfile stage runs as. Pure (a WorkspaceReader in,
 * models out).
 *
 * A container's image maps to a Dockerfile only when the workspace says so: a `skaffold.yaml`
 * (`build.artifacts[]`: `image`, `context`, `docker.dockerfile`, `docker.target`) or a compose file
 * (a service with both `image:` and `build:`) in the manifest's folder or one of its ancestors
 * builds that image name. The nearest folder with a match wins; two different Dockerfiles for one
 * name in that folder, or none, mean no Dockerfile. Names alone (a folder called like the image)
 * are never guessed from.
 */
import * as path from 'node:path';
import type { WorkspaceReader } from '../types';
import { parseYamlReference, YAMLMap, isMap, isSeq, get, getStr, seqItems, rootMap } from '../model/yaml';
import { composeServices, serviceDockerfile } from '../model/compose';
import { parseDockerfile, effective, logicalArgs, isRootUser } from '../model/dockerfile';
import type { DockerfileModel, Stage, DfInstruction } from '../model/dockerfile';
import { parseImageRef } from '../knowledge';
import { defaultComposeFiles } from './compose-project';

/** The standard compose file names `docker compose` reads without `-f` (base, then override). */
const SKAFFOLD_NAMES = ['skaffold.yaml', 'skaffold.yml'];
/** Folders walked up from the manifest (the reader stops at the workspace root anyway). */
const MAX_UP = 25;

export interface ImageDockerfile {
  /** Absolute path of the Dockerfile. */
  path: string;
  model: DockerfileModel;
  /** The stage that is built (`target`, else the final stage). */
  stage: Stage | undefined;
  /** The file that says this image is built from that Dockerfile (skaffold.yaml or a compose file). */
  via: string;
}

/** Reads and parses a Dockerfile through the reader, with the stage `target` selects (undefined when that stage does not exist). */
export function readDockerfile(reader: WorkspaceReader, p: string, target?: string): { model: DockerfileModel; stage: Stage | undefined } | undefined {
  const text = reader.readFile(p);
  if (text === undefined) return undefined;
  const model = parseDockerfile(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const stage = target !== undefined ? model.stages.find((st) => st.name === target.toLowerCase()) : model.final;
  if (target !== undefined && !stage) return undefined;
  return { model, stage };
}

/** The folder of `file` and its ancestors, nearest first. */
export function foldersUp(file: string): string[] {
  const out: string[] = [];
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < MAX_UP; i++) {
    out.push(dir);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

interface Candidate { dockerfile: string; target?: string; via: string }
/** An image a build file says it builds (`tags`: compose names a tag that must agree; Skaffold replaces it). */
interface Build extends Candidate { image: string; tags: boolean }

/** Same repository; for compose, tags must agree too (an empty tag and `latest` are the same). */
function sameImage(a: string, b: string, tags: boolean): boolean {
  const x = parseImageRef(a), y = parseImageRef(b);
  if (x.unresolved || y.unresolved || x.name !== y.name) return false;
  if (!tags) return true;
  const tx = x.tag || 'latest', ty = y.tag || 'latest';
  return tx === ty;
}

/** Skaffold builders that use no Dockerfile (kaniko and docker do). */
const BUILDERS_WITHOUT_DOCKERFILE = ['jib', 'buildpacks', 'bazel', 'ko', 'custom'];

function skaffoldBuilds(text: string, file: string): Build[] {
  const out: Build[] = [];
  for (const d of parseYamlReference(text).docs) {
    if (d.broken) continue;
    const root = rootMap(d);
    const build = root ? get(root, 'build', d.doc) : undefined;
    const artifacts = isMap(build) ? get(build, 'artifacts', d.doc) : undefined;
    if (!isSeq(artifacts)) continue;
    for (const { value } of seqItems(artifacts, d.doc)) {
      if (!isMap(value)) continue;
      const name = getStr(value, 'image', d.doc);
      if (!name) continue;
      if (BUILDERS_WITHOUT_DOCKERFILE.some((k) => get(value, k, d.doc) !== undefined)) continue;
      const ctxDir = getStr(value, 'context', d.doc) ?? '.';
      const docker = get(value, 'docker', d.doc) ?? get(value, 'kaniko', d.doc);
      const dm = isMap(docker) ? docker as YAMLMap : undefined;
      const dockerfile = (dm && getStr(dm, 'dockerfile', d.doc)) ?? 'Dockerfile';
      const target = dm ? getStr(dm, 'target', d.doc) : undefined;
      if (/[$]\{|\{\{/.test(ctxDir + dockerfile)) continue;
      out.push({ image: name, tags: false, dockerfile: path.resolve(path.dirname(file), ctxDir, dockerfile), target, via: file });
    }
  }
  return out;
}

function composeBuilds(text: string, file: string): Build[] {
  const out: Build[] = [];
  for (const d of parseYamlReference(text).docs) {
    if (d.broken) continue;
    for (const s of composeServices(d)) {
      const name = s.getStr('image');
      if (!name || !s.get('build')) continue;
      const p = serviceDockerfile(s, file);
      if (!p) continue;
      const b = s.get('build');
      out.push({ image: name, tags: true, dockerfile: p, target: isMap(b) ? getStr(b, 'target', s.doc) : undefined, via: file });
    }
  }
  return out;
}

/** Parsed build files by path and text (a file read again with the same text is not parsed again). */
const builds = new Map<string, Build[]>();

function buildsOf(file: string, text: string, skaffold: boolean): Build[] {
  const key = `${file}\0${text}`;
  let b = builds.get(key);
  if (!b) {
    if (builds.size > 2000) builds.clear();
    builds.set(key, (b = skaffold ? skaffoldBuilds(text, file) : composeBuilds(text, file)));
  }
  return b;
}

const cache = new WeakMap<WorkspaceReader, Map<string, ImageDockerfile | null>>();

/**
 * The workspace Dockerfile that builds `image` for the manifest at `manifestPath`, found through a
 * skaffold.yaml or a compose file in the manifest's folder or an ancestor (see the file comment).
 */
export function dockerfileForImage(manifestPath: string, image: string | undefined, reader: WorkspaceReader | undefined): ImageDockerfile | undefined {
  if (!image || !reader || parseImageRef(image).unresolved) return undefined;
  let memo = cache.get(reader);
  if (!memo) cache.set(reader, (memo = new Map()));
  const key = `${path.dirname(path.resolve(manifestPath))}\0${image}`;
  if (memo.has(key)) return memo.get(key) ?? undefined;
  const found = lookUp(manifestPath, image, reader);
  memo.set(key, found ?? null);
  return found;
}

function lookUp(manifestPath: string, image: string, reader: WorkspaceReader): ImageDockerfile | undefined {
  for (const dir of foldersUp(manifestPath)) {
    const cands: Candidate[] = [];
    for (const n of SKAFFOLD_NAMES) {
      const f = path.join(dir, n);
      const t = reader.readFile(f);
      if (t !== undefined) cands.push(...buildsOf(f, t, true).filter((b) => sameImage(b.image, image, b.tags)));
    }
    for (const f of defaultComposeFiles(dir, reader)) {
      const t = reader.readFile(f);
      if (t !== undefined) cands.push(...buildsOf(f, t, false).filter((b) => sameImage(b.image, image, b.tags)));
    }
    if (!cands.length) continue;
    const distinct = new Set(cands.map((c) => `${c.dockerfile}\0${c.target ?? ''}`));
    if (distinct.size !== 1) return undefined; // two builds of one name: the linter does not pick
    const c = cands[0];
    const df = readDockerfile(reader, c.dockerfile, c.target);
    return df ? { path: c.dockerfile, ...df, via: c.via } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The user a stage runs as

export interface StageUser {
  /** As written (quotes removed). */
  value: string;
  ins: DfInstruction;
  root: boolean;
  /** The user part is a number (runAsNonRoot can verify it). */
  numeric: boolean;
}

/** The last USER of the stage (through its parents); undefined when none is set or it is interpolated. */
export function stageUser(model: DockerfileModel, stage: Stage | undefined): StageUser | undefined | 'unknown' {
  const u = effective(stage, 'USER');
  if (!u) return undefined;
  const value = logicalArgs(model, u.ins).text.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  if (!value || value.includes('$')) return 'unknown';
  const user = value.split(':')[0].trim();
  return { value, ins: u.ins, root: isRootUser(value), numeric: /^\d+$/.test(user) };
}
