import { defineRule } from '../../rule';
import { nodeSpan } from '../../model/yaml';
import { serviceLayers } from './util';
import { otherTmpfs, tmpMounted, tmpdirFix, tmpdirSet, underDockerfileVolume } from './tmp';

export default defineRule({
  meta: {
    id: 'compose/tmpdir-unset',
    target: 'compose',
    presets: { recommended: 'off', strict: 'hint' },
    description: 'A tmpfs is mounted somewhere other than /tmp, nothing is mounted at /tmp, and `TMPDIR` does not point to the tmpfs.',
    fixable: true,
    messages: {
      unset: 'Service "{{name}}" mounts a tmpfs at {{dir}} but not at /tmp, and TMPDIR is unset, so programs write temporary files to /tmp. Set TMPDIR={{dir}}.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      // TMPDIR unset means /tmp for every common runtime (RUNTIMES.md): only worth a word when a
      // tmpfs elsewhere is meant for temporary files and /tmp has none.
      const dir = otherTmpfs(layers);
      if (!dir || tmpMounted(layers) || tmpdirSet(ctx, layers) || underDockerfileVolume(ctx, layers, '/tmp')) continue;
      ctx.report({ at: nodeSpan(s.key)!, messageId: 'unset', data: { name: s.name, dir }, fix: tmpdirFix(ctx, s, dir) });
    }
  },
});
