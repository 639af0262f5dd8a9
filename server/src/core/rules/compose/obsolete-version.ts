import { defineRule } from '../../rule';
import { ownPair, rootMap, nodeSpan } from '../../model/yaml';
import { deletePair } from '../../edits/yaml-edits';

export default defineRule({
  meta: {
    id: 'compose/obsolete-version',
    target: 'compose',
    presets: { recommended: 'hint', strict: 'hint' },
    description: 'The top-level `version:` key is obsolete: Compose ignores it and warns.',
    fixable: true,
    unnecessary: true,
    messages: {
      obsolete: 'The top-level `version` is obsolete: Docker Compose ignores it (and warns). Remove it.',
      fix: 'Remove the obsolete `version` line',
    },
  },
  check(ctx) {
    const root = rootMap(ctx.doc);
    const pair = root && ownPair(root, 'version');
    if (!root || !pair) return;
    const span = nodeSpan(pair)!;
    ctx.report({
      at: span,
      messageId: 'obsolete',
      fix: { title: 'Remove the obsolete `version` line', edits: [deletePair(ctx.file, root, pair)] },
    });
  },
});
