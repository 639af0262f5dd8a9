import type { Document } from 'yaml';
import { defineRule, FixDraft, ComposeContext } from '../../rule';
import { YAMLMap, YNode, bool, isAlias, isScalar, isSeq, lookup, nodeSpan, str } from '../../model/yaml';
import { insertPair, appendItem, scalarToSeq, yamlScalar } from '../../edits/yaml-edits';
import { serviceLayers, findKey, dockerfileRelated } from './util';
import { normTarget, tmpdirEnv, writableUnderReadOnly, dockerfileTmpdir, underDockerfileVolume } from './tmp';

export default defineRule({
  meta: {
    id: 'compose/tmpdir-not-writable',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'TMPDIR names a path that is not writable: the service has `read_only: true` and nothing writable is mounted there.',
    fixable: true,
    messages: {
      notWritable: 'Service "{{name}}" sets TMPDIR={{dir}}, which is not writable under read_only: true: programs that create temporary files fail with "Read-only file system". Mount a tmpfs at {{dir}}.',
      notWritableImage: 'Service "{{name}}" has read_only: true and its Dockerfile sets TMPDIR={{dir}}, which is not writable then: programs that create temporary files fail with "Read-only file system". Mount a tmpfs at {{dir}}.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const ro = findKey(layers, 'read_only');
      if (!ro || bool(ro.value) !== true) continue;
      // TMPDIR from the service's environment, else from the ENV of the Dockerfile it builds.
      const env = tmpdirEnv(layers);
      const df = env ? undefined : dockerfileTmpdir(ctx, layers);
      const raw = (env ? env.value : df?.value)?.trim().replace(/^(["'])(.*)\1$/s, '$2');
      if (!raw || raw.includes('$') || !raw.startsWith('/')) continue;
      const dir = normTarget(raw);
      // /tmp itself: compose/read-only-without-tmp reports it.
      if (dir === '/tmp' || writableUnderReadOnly(layers, dir) || underDockerfileVolume(ctx, layers, dir)) continue;
      const at = env?.own && env.node ? nodeSpan(env.node as YNode) ?? nodeSpan(s.key)! : nodeSpan(s.key)!;
      const rel = df && dockerfileRelated(ctx, df.build, df.ins, `The Dockerfile's ENV sets TMPDIR=${raw}`);
      ctx.report({ at, messageId: df ? 'notWritableImage' : 'notWritable', data: { name: s.name, dir }, fix: tmpfsAt(ctx, s.map, s.doc, dir), related: rel ? [rel] : undefined });
    }
  },
});

/** Add `dir` to the service's own `tmpfs:` (create it, turn a scalar into a list, or append). */
function tmpfsAt(ctx: ComposeContext, map: YAMLMap, doc: Document.Parsed, dir: string): FixDraft | undefined {
  const title = `Mount a tmpfs at ${dir} (tmpfs: ${dir})`;
  const value = yamlScalar(dir);
  const l = lookup(map, 'tmpfs', doc);
  if (!l) return { title, edits: [insertPair(ctx.file, map, 'tmpfs', value, { after: ['read_only'] })] };
  if (!l.own || isAlias(l.pair.value)) return undefined; // inherited: left to the author
  if (isScalar(l.value) && typeof l.value.value === 'string' && str(l.value) !== undefined) {
    const e = scalarToSeq(ctx.file, map, l.value, [value]);
    return e && { title, edits: [e] };
  }
  if (isSeq(l.value)) return { title, edits: [appendItem(ctx.file, l.value, value)] };
  return undefined;
}
