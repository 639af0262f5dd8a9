import * as path from 'node:path';
import { defineRule } from '../../rule';
import { ownPair, rootMap, nodeSpan } from '../../model/yaml';
import { deletePair } from '../../edits/yaml-edits';

/** Swarm stack files: `docker stack deploy` on older Docker CLIs rejects a file without `version:`. */
const STACK_FILE = /stack.*\.ya?ml$/i;

export default defineRule({
  meta: {
    id: 'compose/obsolete-version',
    target: 'compose',
    presets: { recommended: 'hint', strict: 'hint' },
    description: 'The top-level `version:` key is obsolete: Compose ignores it and warns.',
    fixable: true,
    unnecessary: true,
    messages: {
      obsolete: 'The top-level version is obsolete: Docker Compose ignores it (and warns). Remove it.',
    },
  },
  check(ctx) {
    if (STACK_FILE.test(path.basename(ctx.path))) return;
    const root = rootMap(ctx.doc);
    const pair = root && ownPair(root, 'version');
    if (!root || !pair) return;
    const edit = deletePair(ctx.file, root, pair);
    // At the top of the file (only a BOM, `---` or nothing before it), the blank lines the deleted
    // line leaves go too: the file must not start with a blank line.
    const text = ctx.file.text;
    if (edit.newText === '' && /^\uFEFF?(---[ \t]*\r?\n)?$/.test(text.slice(0, edit.start))) {
      let end = edit.end;
      for (let m; (m = /^[ \t]*(\r\n|\n|\r)/.exec(text.slice(end))) && end + m[0].length < text.length;) end += m[0].length;
      edit.end = end;
    }
    ctx.report({ at: nodeSpan(pair)!, messageId: 'obsolete', fix: { title: 'Remove the obsolete "version" line', edits: [edit] } });
  },
});
