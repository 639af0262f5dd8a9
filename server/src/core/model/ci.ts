/**
 * The shell steps of CI files: GitHub Actions workflows (`jobs.<id>.steps[].run`, and a composite
 * action's `runs.steps[].run`) and GitLab CI (`script`, `before_script`, `after_script` of each job,
 * of `default:` and at the top level; strings or lists of strings, nested lists too). Each step
 * becomes a `ShellSource` mapped into the file (edits/scalar-source.ts decodes every scalar style).
 * Edits are exact in `|` block scalars and in single-line scalars without escapes; in folded (`>`)
 * and multi-line flow scalars and in double-quoted ones with escapes the positions are right but
 * no fix is offered.
 */
import * as path from 'node:path';
import { isMap, isScalar, isSeq, Scalar, YamlDoc, YamlFile, YNode } from './yaml';
import { scalarSourceMap } from '../edits/scalar-source';
import { ShellSource } from './run';

const GITLAB_KEYS = ['script', 'before_script', 'after_script'];

/** A GitHub workflow or GitLab CI file by its path (the content decides too: see `ciSources`). */
export function isCiPath(p: string): boolean {
  const norm = p.replace(/\\/g, '/');
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(norm) || /(^|[/.])gitlab-ci\.ya?ml$/i.test(path.basename(norm)) || /(^|\/)\.gitlab-ci\.ya?ml$/i.test(norm);
}

function mapGet(node: unknown, key: string): YNode | undefined {
  if (!isMap(node)) return undefined;
  for (const p of node.items) if (isScalar(p.key) && p.key.value === key) return (p.value ?? undefined) as YNode | undefined;
  return undefined;
}

/** The shell sources of a CI document; [] when it is none. */
export function ciSources(file: YamlFile, doc: YamlDoc): ShellSource[] {
  if (doc.broken) return [];
  const root = doc.doc.contents;
  if (!isMap(root)) return [];
  const scalars: Scalar[] = [];
  const steps = (seq: unknown) => {
    if (!isSeq(seq)) return;
    for (const s of seq.items) { const r = mapGet(s, 'run'); if (isScalar(r)) scalars.push(r); }
  };
  const jobs = mapGet(root, 'jobs');
  if (isMap(jobs)) for (const p of jobs.items) steps(mapGet(p.value, 'steps'));
  steps(mapGet(mapGet(root, 'runs'), 'steps'));
  if (!isMap(jobs)) {
    const collect = (n: unknown, depth: number) => {
      if (isScalar(n)) scalars.push(n);
      else if (isSeq(n) && depth < 4) for (const x of n.items) collect(x, depth + 1);
    };
    for (const p of root.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (GITLAB_KEYS.includes(key)) collect(p.value, 0);
      else if (isMap(p.value)) for (const k of GITLAB_KEYS) collect(mapGet(p.value, k), 0);
    }
  }
  const out: ShellSource[] = [];
  for (const s of scalars) {
    if (typeof s.value !== 'string' || !/\b(?:docker|podman)\b/.test(s.value) || !s.range) continue;
    const m = scalarSourceMap(file, s);
    const src = file.text.slice(s.range[0], s.range[1]);
    const singleLine = !/[\r\n]/.test(src.replace(/[\r\n]+$/, ''));
    const exact = !!m && (s.type === 'BLOCK_LITERAL'
      || (singleLine && (s.type === 'PLAIN' || (s.type === 'QUOTE_SINGLE' && !src.slice(1, -1).includes("''")) || (s.type === 'QUOTE_DOUBLE' && !src.includes('\\')))));
    if (m) {
      const map = new Int32Array(m.offsets.length + 1);
      map.set(m.offsets);
      map[m.offsets.length] = m.offsets.length ? m.offsets[m.offsets.length - 1] + 1 : s.range[0];
      out.push({ text: m.value, map, base: 0, exact, origin: 'ci' });
    } else {
      // The mapping is not certain: every character at the scalar's start, no fixes.
      const map = new Int32Array(s.value.length + 1).fill(s.range[0]);
      out.push({ text: s.value, map, base: 0, exact: false, origin: 'ci' });
    }
  }
  return out;
}
