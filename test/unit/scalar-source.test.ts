import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, isSeq, isScalar, rootMap } from '../../server/src/core/model/yaml';
import type { Scalar } from '../../server/src/core/model/yaml';
import { scalarSourceOffset } from '../../server/src/core/edits/scalar-source';

/** The scalar under `s:` in `text`; inserts `X` before value index `i` through the source map. */
function insertAt(text: string, i: number): string | undefined {
  const file = parseYaml(text);
  const root = rootMap(file.docs[0])!;
  let node = root.get('s', true) as unknown;
  if (isSeq(node)) node = node.items[0];
  assert.ok(isScalar(node));
  const at = scalarSourceOffset(file, node as Scalar, i);
  return at === undefined ? undefined : text.slice(0, at) + 'X' + text.slice(at);
}

/** The value of `s:` after an edit. */
function valueOf(text: string): string {
  const root = rootMap(parseYaml(text).docs[0])!;
  let node = root.get('s', true) as unknown;
  if (isSeq(node)) node = node.items[0];
  return String((node as Scalar).value);
}

describe('scalarSourceOffset', () => {
  const cases: [name: string, text: string, target: string][] = [
    ['plain', 's: a && b\n', 'b'],
    ['plain in a flow sequence', 's: [a && b]\n', 'b'],
    ['plain, multi-line', 's: a;\n  b\n', 'b'],
    ['single-quoted with \'\'', "s: 'it''s && b'\n", 'b'],
    ['single-quoted, folded lines', "s: 'a;\n\n  b'\n", 'b'],
    ['double-quoted escapes', 's: "a \\"q\\" \\t && b"\n', 'b'],
    ['double-quoted \\u escape', 's: "\\u00e9 && b"\n', 'b'],
    ['double-quoted escaped line break', 's: "a && \\\n   b"\n', 'b'],
    ['literal', 's: |\n  a\n\n  b\n', 'b'],
    ['literal keep, CRLF', 's: |+\r\n  a\r\n  b\r\n\r\n', 'b'],
    ['literal strip with a header comment', 's: |- # x\n    a\n    b\n', 'b'],
    ['literal with more-indented lines', 's: |\n  a\n    c\n  b\n', 'b'],
    ['folded', 's: >\n  a &&\n  b\n', 'b'],
    ['folded with an empty line and a more-indented line', 's: >-\n  a\n\n    c\n  b\n', 'b'],
  ];
  for (const [name, text, target] of cases) {
    it(name, () => {
      const v = valueOf(text);
      const i = v.lastIndexOf(target);
      const out = insertAt(text, i);
      assert.ok(out !== undefined, 'mapped');
      assert.equal(valueOf(out!), v.slice(0, i) + 'X' + v.slice(i));
    });
  }
  it('gives up on a block scalar with an indentation indicator it cannot confirm', () => {
    const text = 's: |2\n    a\n  b\n';
    const v = valueOf(text);
    const out = insertAt(text, v.lastIndexOf('b'));
    if (out !== undefined) assert.equal(valueOf(out), v.slice(0, v.lastIndexOf('b')) + 'X' + 'b\n');
  });
});
