/** The YAML edit builder: exact text out for each operation and style. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, get, getMap, getSeq, ownPair, rootMap, YAMLMap, Scalar } from '../../server/src/core/model/yaml';
import { insertPair, appendItem, setScalar, scalarToSeq, deletePair, deleteItem, fileStyle, yamlScalar } from '../../server/src/core/edits/yaml-edits';
import { applyEdits } from '../../server/src/core/text';

function at(text: string, ...keys: string[]) {
  const file = parseYaml(text);
  const d = file.docs[0];
  let node: YAMLMap | undefined = rootMap(d);
  for (const k of keys) node = getMap(node, k, d.doc);
  return { file, d, map: node! };
}

describe('insertPair', () => {
  it('after a key, block style, comments kept', () => {
    const text = 'services:\n  web:\n    image: nginx # pinned\n    ports: ["80:80"]\n';
    const { file, map } = at(text, 'services', 'web');
    assert.equal(applyEdits(text, [insertPair(file, map, 'init', 'true', { after: ['image'] })]),
      'services:\n  web:\n    image: nginx # pinned\n    init: true\n    ports: ["80:80"]\n');
  });
  it('4-space indentation and CRLF', () => {
    const text = 'services:\r\n    web:\r\n        build: .\r\n';
    const { file, map } = at(text, 'services', 'web');
    assert.equal(fileStyle(file).step, 4);
    assert.equal(applyEdits(text, [insertPair(file, map, 'tmpfs', { seq: ['/tmp'] }, {})]),
      'services:\r\n    web:\r\n        build: .\r\n        tmpfs:\r\n            - /tmp\r\n');
  });
  it('as the first key', () => {
    const text = 'services:\n  web:\n    ports: []\n';
    const { file, map } = at(text, 'services', 'web');
    assert.equal(applyEdits(text, [insertPair(file, map, 'init', 'true', { after: ['image', 'build'], first: true })]), 'services:\n  web:\n    init: true\n    ports: []\n');
  });
  it('after a nested block value', () => {
    const text = 'a:\n  b:\n    c: 1\n    d:\n      - x\n  e: 2\n';
    const { file, map } = at(text, 'a');
    assert.equal(applyEdits(text, [insertPair(file, map, 'z', '9', { after: ['b'] })]), 'a:\n  b:\n    c: 1\n    d:\n      - x\n  z: 9\n  e: 2\n');
  });
  it('flow mapping', () => {
    const text = 'services: {web: {image: nginx}}\n';
    const { file, map } = at(text, 'services', 'web');
    assert.equal(applyEdits(text, [insertPair(file, map, 'init', 'true')]), 'services: {web: {image: nginx, init: true}}\n');
  });
  it('empty flow mapping', () => {
    const text = 'services:\n  web: {}\n';
    const { file, map } = at(text, 'services', 'web');
    assert.equal(applyEdits(text, [insertPair(file, map, 'init', 'true')]), 'services:\n  web: {init: true}\n');
  });
  it('nested map value in a sequence item map', () => {
    const text = 'containers:\n- name: app\n  image: x\n';
    const file = parseYaml(text);
    const d = file.docs[0];
    const item = getSeq(rootMap(d), 'containers', d.doc)!.items[0] as YAMLMap;
    assert.equal(applyEdits(text, [insertPair(file, item, 'securityContext', { map: [['runAsNonRoot', 'true']] })]),
      'containers:\n- name: app\n  image: x\n  securityContext:\n    runAsNonRoot: true\n');
  });
  it('a tag or an anchor before the first key does not shift the column (found by the mutation fuzzer)', () => {
    // The key's range starts after `!custom `: the new key went 8 columns too far right, and the file broke.
    const text = 'services:\n  web:\n    !custom build:\n      context: app\n    ports: []\n';
    const { file, map } = at(text, 'services', 'web');
    assert.equal(applyEdits(text, [insertPair(file, map, 'init', 'true')]), 'services:\n  web:\n    !custom build:\n      context: app\n    ports: []\n    init: true\n');
    const t2 = 'containers:\n  - &c name: app\n    image: x\n';
    const f2 = parseYaml(t2);
    const item = getSeq(rootMap(f2.docs[0]), 'containers', f2.docs[0].doc)!.items[0] as YAMLMap;
    assert.equal(applyEdits(t2, [insertPair(f2, item, 'args', '[a]')]), 'containers:\n  - &c name: app\n    image: x\n    args: [a]\n');
    // An explicit key (`? key`) first: the new key went 17 columns in, into the block scalar at the end of the file.
    const t3 = 'services:\n  db:\n    ? pull_policy: build\n    build:\n      dockerfile_inline: |\n        FROM alpine';
    const { file: f3, map: m3 } = at(t3, 'services', 'db');
    assert.equal(applyEdits(t3, [insertPair(f3, m3, 'init', 'true')]), t3 + '\n    init: true');
    const t4 = 'containers:\n  - ? name\n    : app\n    image: x\n';
    const f4 = parseYaml(t4);
    const i4 = getSeq(rootMap(f4.docs[0]), 'containers', f4.docs[0].doc)!.items[0] as YAMLMap;
    assert.equal(applyEdits(t4, [insertPair(f4, i4, 'args', '[a]')]), t4 + '    args: [a]\n');
  });
});

describe('appendItem', () => {
  it('block sequence, indented dashes', () => {
    const text = 'tmpfs:\n  - /run\nx: 1\n';
    const { file, d } = at(text);
    assert.equal(applyEdits(text, [appendItem(file, getSeq(rootMap(d), 'tmpfs', d.doc)!, '/tmp')]), 'tmpfs:\n  - /run\n  - /tmp\nx: 1\n');
  });
  it('flush dashes, map items', () => {
    const text = 'volumeMounts:\n- name: data\n  mountPath: /data\n';
    const { file, d } = at(text);
    assert.equal(applyEdits(text, [appendItem(file, getSeq(rootMap(d), 'volumeMounts', d.doc)!, { map: [['name', 'tmp'], ['mountPath', '/tmp']] })]),
      'volumeMounts:\n- name: data\n  mountPath: /data\n- name: tmp\n  mountPath: /tmp\n');
  });
  it('flow sequences, empty and not', () => {
    const text = 'a: [x]\nb: []\n';
    const { file, d } = at(text);
    const r = rootMap(d);
    assert.equal(applyEdits(text, [appendItem(file, getSeq(r, 'a', d.doc)!, 'y'), appendItem(file, getSeq(r, 'b', d.doc)!, { map: [['name', 'tmp'], ['emptyDir', '{}']] })]),
      'a: [x, y]\nb: [{name: tmp, emptyDir: {}}]\n');
  });
});

describe('setScalar', () => {
  const cases: [string, string][] = [
    ['user: root\n', 'user: "10001:10001"\n'],
    ["user: 'root'\n", "user: '10001:10001'\n"],
    ['user: "0:0"\n', 'user: "10001:10001"\n'],
  ];
  for (const [text, want] of cases) {
    it(text.trim(), () => {
      const { file, d } = at(text);
      assert.equal(applyEdits(text, [setScalar(file, get(rootMap(d), 'user', d.doc) as Scalar, '10001:10001', { quote: true })]), want);
    });
  }
  it('yamlScalar quotes what would change meaning', () => {
    assert.equal(yamlScalar('/tmp'), '/tmp');
    assert.equal(yamlScalar('TMPDIR=/tmp'), 'TMPDIR=/tmp');
    assert.equal(yamlScalar('/tmp:exec,mode=1777'), '"/tmp:exec,mode=1777"');
    assert.equal(yamlScalar('true'), '"true"');
    assert.equal(yamlScalar('10001:10001'), '"10001:10001"');
  });
});

describe('scalarToSeq', () => {
  it('turns `tmpfs: /run` into a list', () => {
    const text = 'svc:\n  tmpfs: /run # cache\n  image: x\n';
    const { file, d, map } = at(text, 'svc');
    assert.equal(applyEdits(text, [scalarToSeq(file, map, get(map, 'tmpfs', d.doc) as Scalar, ['/tmp'])!]), 'svc:\n  tmpfs:\n    - /run\n    - /tmp # cache\n  image: x\n');
  });
});

describe('delete', () => {
  it('a key with its nested lines', () => {
    const text = 'a: 1\ncap_add:\n  - SYS_PTRACE\nb: 2\n';
    const { file, map } = at(text);
    assert.equal(applyEdits(text, [deletePair(file, map, ownPair(map, 'cap_add')!)]), 'a: 1\nb: 2\n');
  });
  it('a block item, CRLF', () => {
    const text = 'c:\r\n  - NET_ADMIN\r\n  - SYS_PTRACE # debugger\r\n  - CHOWN\r\n';
    const { file, d } = at(text);
    assert.equal(applyEdits(text, [deleteItem(file, getSeq(rootMap(d), 'c', d.doc)!, 1)]), 'c:\r\n  - NET_ADMIN\r\n  - CHOWN\r\n');
  });
  it('a block item keeps the comment lines of other items and keys around it', () => {
    for (const [text, i, want] of [
      ['c:\n  - A\n  # about B\n  - SYS_PTRACE\n  # about C\n  - C\n', 1, 'c:\n  - A\n  # about B\n  # about C\n  - C\n'],
      ['c:\n  - A\n  - SYS_PTRACE\n  # about d\nd: 1\n', 1, 'c:\n  - A\n  # about d\nd: 1\n'],
      ['c:\n  - A\n  - SYS_PTRACE\n# top level\nd: 1\n', 1, 'c:\n  - A\n# top level\nd: 1\n'],
      ['c:\n  - SYS_PTRACE\n\n  # about C\n  - C\n', 0, 'c:\n\n  # about C\n  - C\n'],
    ] as const) {
      const { file, d } = at(text);
      assert.equal(applyEdits(text, [deleteItem(file, getSeq(rootMap(d), 'c', d.doc)!, i)]), want);
    }
  });
  it('flow items: middle, last, only', () => {
    for (const [text, i, want] of [['c: [A, B, C]\n', 1, 'c: [A, C]\n'], ['c: [A, B]\n', 1, 'c: [A]\n'], ['c: [B]\n', 0, 'c: []\n']] as const) {
      const { file, d } = at(text);
      assert.equal(applyEdits(text, [deleteItem(file, getSeq(rootMap(d), 'c', d.doc)!, i)]), want);
    }
  });
  it('a flow pair', () => {
    const text = '{version: "3", services: {}}\n';
    const { file, map } = at(text);
    assert.equal(applyEdits(text, [deletePair(file, map, ownPair(map, 'version')!)]), '{services: {}}\n');
  });
  it('a key with a tag or an anchor: its whole lines, comments around kept (found by the fuzz tests)', () => {
    // The key's range starts after `&v `: the pair was taken for the first key of a `- key:` item
    // and deleted up to the next key, with the comment line between them.
    const text = '&v version: "3.8" # old\n# keep me\nservices: {}\n';
    const { file, map } = at(text);
    assert.equal(applyEdits(text, [deletePair(file, map, ownPair(map, 'version')!)]), '# keep me\nservices: {}\n');
    const t2 = 'c:\n  - !!str name: app\n    !!str securityContext:\n      x: 1\n    # keep me\n    !!str args: []\n';
    const f2 = parseYaml(t2);
    const item = getSeq(rootMap(f2.docs[0]), 'c', f2.docs[0].doc)!.items[0] as YAMLMap;
    assert.equal(applyEdits(t2, [deletePair(f2, item, ownPair(item, 'securityContext')!)]), 'c:\n  - !!str name: app\n    # keep me\n    !!str args: []\n');
  });
});
