import { defineRule, FixDraft } from '../../rule';
import { YNode, isScalar, nodeSpan, str } from '../../model/yaml';
import { insertPair, deletePair, setScalar } from '../../edits/yaml-edits';
import { serviceLayers, findKey, reportedElsewhere } from './util';
import { isRootUser } from '../../model/dockerfile';
import { DEFAULT_FIX } from '../../types';

// `root`, `0`, or either with any group: one check for the `user:` values and for `fix.user`,
// shared with dockerfile/root-user.
export { isRootUser };

export default defineRule({
  meta: {
    id: 'compose/root-user',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The service runs as root (`user: root` or UID 0).',
    fixable: true,
    messages: {
      root: 'Service `{{name}}` runs as root (`user: {{user}}`): a compromised process has root rights over everything the container can reach. Run as an unprivileged user (`user: "{{fixUser}}"`).',
      inherited: 'Service `{{name}}` runs as root (`user: {{user}}`, inherited): a compromised process has root rights over everything the container can reach. Run as an unprivileged user (`user: "{{fixUser}}"`).',
    },
  },
  check(ctx) {
    const fixUser = ctx.config.fix.user;
    for (const s of ctx.services) {
      if (!s.map) continue;
      const found = findKey(serviceLayers(ctx, s), 'user');
      if (!found || reportedElsewhere(found) || !isScalar(found.value)) continue;
      const user = str(found.value);
      if (user === undefined || user.includes('${') || !isRootUser(user)) continue;
      const fixable = !isRootUser(fixUser);
      const data = { name: s.name, user, fixUser: fixable ? fixUser : DEFAULT_FIX.user }; // the example must not be root
      const title = `Run as \`${fixUser}\``;
      if (found.layer.own && found.lookup.own) {
        const written = found.lookup.pair.value as YNode;
        const at = nodeSpan(written)!;
        // A plain or quoted scalar keeps its quote style; an alias is replaced by a double-quoted value.
        const edit = isScalar(written) ? setScalar(ctx.file, written, fixUser, { quote: true }) : { start: at[0], end: at[1], newText: JSON.stringify(fixUser) };
        const fix: FixDraft | undefined = fixable ? { title, edits: [edit] } : undefined;
        ctx.report({
          at, messageId: 'root', data, fix,
          alternatives: [{ title: 'Remove `user:` (use the image\'s USER)', edits: [deletePair(ctx.file, s.map, found.lookup.pair)] }],
        });
      } else {
        // Inherited (merge key or another file's service): override it in the service's own map.
        const fix: FixDraft | undefined = fixable ? { title, edits: [insertPair(ctx.file, s.map, 'user', JSON.stringify(fixUser), { after: ['image', 'build'], first: true })] } : undefined;
        ctx.report({ at: nodeSpan(s.key)!, messageId: 'inherited', data, fix });
      }
    }
  },
});
