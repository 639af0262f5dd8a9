import * as path from 'node:path';
import type { Document } from 'yaml';
import { defineRule, FixDraft, ComposeContext } from '../../rule';
import type { ComposeService } from '../../model/compose';
import { YNode, isAlias, isMap, isScalar, isSeq, lookup, getStr, nodeSpan, seqItems, str } from '../../model/yaml';
import { insertPair, appendItem, yamlScalar } from '../../edits/yaml-edits';
import type { Stage } from '../../model/dockerfile';
import { Layer, serviceLayers, findAll, serviceBuild } from './util';

/** `environment:` (map or `KEY=value` list) sets TMPDIR. */
function envSets(v: YNode | undefined, doc: Document.Parsed): boolean {
  if (isMap(v)) return !!lookup(v, 'TMPDIR', doc);
  if (isSeq(v)) return seqItems(v, doc).some(({ value }) => /^TMPDIR(=|$)/.test(str(value)?.trim() ?? ''));
  return false;
}

/** Paths named by `env_file:` (string, list of strings, or list of `{path:}`). */
function envFilePaths(v: YNode | undefined, doc: Document.Parsed): string[] {
  if (isScalar(v)) { const s = str(v); return s ? [s] : []; }
  if (!isSeq(v)) return [];
  const out: string[] = [];
  for (const { value } of seqItems(v, doc)) {
    const p = isMap(value) ? getStr(value, 'path', doc) : str(value);
    if (p) out.push(p);
  }
  return out;
}

const ENV_FILE_SETS = /^[ \t]*(?:export[ \t]+)?TMPDIR[ \t]*(?:[=:]|$)/m;

function envFileSets(ctx: ComposeContext, layers: Layer[]): boolean {
  for (const f of findAll(layers, 'env_file')) {
    for (const p of envFilePaths(f.value, f.layer.doc)) {
      if (p.includes('${')) continue;
      const text = ctx.workspace?.readFile(path.resolve(path.dirname(f.layer.file), p));
      if (text !== undefined && ENV_FILE_SETS.test(text)) return true;
    }
  }
  return false;
}

/** `ENV TMPDIR…` in the build stage or a stage it inherits from. */
function dockerfileSets(stage: Stage | undefined): boolean {
  for (let s = stage, hops = 0; s && hops < 50; s = s.parent, hops++) {
    if (s.instructions.some((i) => i.keyword === 'ENV' && /(?:^|\s)TMPDIR(?:[=\s]|$)/.test(i.rawArgs))) return true;
  }
  return false;
}

function fixFor(ctx: ComposeContext, s: ComposeService): FixDraft | undefined {
  const map = s.map!;
  const dir = ctx.config.fix.tmpdir;
  const title = `Set \`TMPDIR=${dir}\``;
  const l = lookup(map, 'environment', s.doc);
  if (!l) return { title, edits: [insertPair(ctx.file, map, 'environment', { map: [['TMPDIR', yamlScalar(dir)]] })] };
  // Inherited through a merge key or an alias: an own `environment:` would drop those entries.
  if (!l.own || isAlias(l.pair.value)) return undefined;
  if (isMap(l.value)) return { title, edits: [insertPair(ctx.file, l.value, 'TMPDIR', yamlScalar(dir))] };
  if (isSeq(l.value)) return { title, edits: [appendItem(ctx.file, l.value, yamlScalar(`TMPDIR=${dir}`))] };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'compose/tmpdir-unset',
    target: 'compose',
    presets: { recommended: 'off', strict: 'hint' },
    description: '`TMPDIR` is not set, so each program picks its own place for temporary files.',
    fixable: true,
    messages: {
      unset: 'Service `{{name}}` does not set `TMPDIR`: each program falls back to its own default for temporary files. Set `TMPDIR={{dir}}` (on a writable tmpfs) so they all go to one known place.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      if (findAll(layers, 'environment').some((f) => envSets(f.value, f.layer.doc))) continue;
      if (envFileSets(ctx, layers)) continue;
      const build = serviceBuild(ctx, layers);
      if (build && dockerfileSets(build.stage)) continue;
      ctx.report({ at: nodeSpan(s.key)!, messageId: 'unset', data: { name: s.name, dir: ctx.config.fix.tmpdir }, fix: fixFor(ctx, s) });
    }
  },
});
