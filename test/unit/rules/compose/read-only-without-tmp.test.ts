import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester } from '../../rule-tester';
import { shortVolume, tmpfsTarget } from '../../../../server/src/core/rules/compose/tmp';

const ro = (rest: string) => `services:\n  web:\n    image: nginx\n    read_only: true\n${rest}`;

ruleTester('compose/read-only-without-tmp', {
  valid: [
    ro('    tmpfs: /tmp\n'),
    ro('    tmpfs:\n      - /run\n      - /tmp:exec,mode=1777\n'),
    ro('    tmpfs: ["/tmp:size=64m"]\n'),
    ro('    tmpfs: /tmp/\n'),
    ro('    volumes:\n      - type: tmpfs\n        target: /tmp\n        tmpfs:\n          size: 64m\n'),
    ro('    volumes:\n      - type: volume\n        source: scratch\n        target: /tmp\n'),
    ro('    volumes:\n      - scratch:/tmp\n'),
    ro('    volumes:\n      - ./tmp:/tmp:rw\n'),
    ro('    volumes:\n      - /tmp\n'),
    ro('    volumes:\n      - "./cache:/tmp:z"\n'),
    // not read-only: compose/tmp-not-tmpfs reports that
    'services:\n  web:\n    image: nginx\n',
    'services:\n  web:\n    image: nginx\n    read_only: false\n',
    // read_only and the tmpfs both come from anchors
    'x-ro: &ro\n  read_only: true\n  tmpfs: [/tmp]\nservices:\n  web:\n    <<: *ro\n    image: nginx\n',
    // extends a service of the same file with the tmpfs
    'services:\n  base:\n    image: x\n    read_only: true\n    tmpfs: /tmp\n  web:\n    extends:\n      service: base\n',
    // TMPDIR names another writable path: programs write there
    ro('    tmpfs: /scratch\n    environment:\n      TMPDIR: /scratch\n'),
  ],
  invalid: [
    {
      name: 'strict: warning',
      config: { preset: 'strict' },
      code: ro(''),
      errors: [{ line: 2, column: 3, severity: 'warning' }],
      output: ro('    tmpfs: /tmp\n'),
    },
    {
      name: 'an image that loads native libraries from /tmp gets /tmp:exec, and the message says why',
      code: 'services:\n  es:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n    read_only: true\n',
      errors: [{ line: 2, column: 3, message: /Mount a tmpfs at \/tmp with exec \(Elasticsearch extracts JNA native libraries to its temp dir\)\.$/ }],
      output: 'services:\n  es:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n    read_only: true\n    tmpfs: "/tmp:exec"\n',
    },
    {
      name: 'a tmpfs elsewhere: alternative sets TMPDIR to it',
      code: ro('    tmpfs: /run\n'),
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs:\n      - /run\n      - /tmp\n'),
      alternatives: [ro('    tmpfs: /run\n    environment:\n      TMPDIR: /run\n')],
    },
    {
      name: 'no tmpfs: created after read_only, comments kept',
      code: 'services:\n  web:\n    image: nginx\n    read_only: true # hardened\n    # ports for the proxy\n    ports:\n      - "80:80"\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'information', message: 'Service "web" has read_only: true and nothing writable at /tmp: programs that write temporary files there fail with "Read-only file system". Mount a tmpfs at /tmp.' }],
      output: 'services:\n  web:\n    image: nginx\n    read_only: true # hardened\n    tmpfs: /tmp\n    # ports for the proxy\n    ports:\n      - "80:80"\n',
    },
    {
      name: 'a scalar tmpfs becomes a list',
      code: ro('    tmpfs: /run\n'),
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs:\n      - /run\n      - /tmp\n'),
    },
    {
      name: 'a quoted tmpfs written over two lines becomes a list: its second line is indented with the item',
      code: ro('    tmpfs: "/run\n      /x"\n'),
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs:\n      - "/run\n        /x"\n      - /tmp\n'),
    },
    {
      name: 'a block-scalar tmpfs gets no fix (its lines would have to move as a whole)',
      code: ro('    tmpfs: |\n      /run\n'),
      errors: [{ line: 2, column: 3 }],
      output: null,
    },
    {
      name: 'a plain tmpfs over two lines, in a file with flush lists',
      code: 'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n    read_only: true\n    tmpfs: /run\n      /x\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    ports:\n    - "80:80"\n    read_only: true\n    tmpfs:\n    - /run\n      /x\n    - /tmp\n',
    },
    {
      name: 'appended to a block list',
      code: ro('    tmpfs:\n      - /run:size=16M\n    ports: []\n'),
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs:\n      - /run:size=16M\n      - /tmp\n    ports: []\n'),
    },
    {
      name: 'appended to a flow list',
      code: ro('    tmpfs: [/run]\n'),
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs: [/run, /tmp]\n'),
    },
    {
      name: 'a read-only mount at /tmp: no edit, the message says it is read-only',
      code: ro('    volumes:\n      - ./tmp:/tmp:ro\n      - type: bind\n        source: ./t\n        target: /tmp\n        read_only: true\n'),
      errors: [{ line: 2, column: 3, message: /^Service "web" has read_only: true and mounts \/tmp read-only: programs that write temporary files there fail/ }],
      output: null,
    },
    {
      name: 'a tmpfs elsewhere does not count; fix.tmpfs setting',
      code: ro('    tmpfs: ["/tmpdata"]\n'),
      config: { fix: { tmpfs: '/tmp:exec,mode=1777' } },
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs: ["/tmpdata", "/tmp:exec,mode=1777"]\n'),
    },
    {
      name: 'fix.tmpfs setting when creating the key',
      code: ro(''),
      config: { fix: { tmpfs: '/tmp:exec,mode=1777' } },
      errors: [{ line: 2, column: 3 }],
      output: ro('    tmpfs: "/tmp:exec,mode=1777"\n'),
    },
    {
      name: 'anchors: read_only and tmpfs merged; the own list keeps the merged entries',
      code: 'x-secure: &secure\n  read_only: true\n  tmpfs:\n    - /run\nservices:\n  web:\n    <<: *secure\n    image: nginx\n',
      errors: [{ line: 6, column: 3 }],
      output: 'x-secure: &secure\n  read_only: true\n  tmpfs:\n    - /run\nservices:\n  web:\n    <<: *secure\n    image: nginx\n    tmpfs:\n      - /run\n      - /tmp\n',
    },
    {
      name: 'merge-key list `<<: [*a, *b]`, several services',
      code: 'x-base: &base\n  restart: unless-stopped\nx-secure: &secure\n  read_only: true\nservices:\n  web:\n    <<: [*base, *secure]\n    image: nginx\n  worker:\n    <<: [*base, *secure]\n    image: python\n',
      errors: [{ line: 6, column: 3 }, { line: 9, column: 3 }],
      output: 'x-base: &base\n  restart: unless-stopped\nx-secure: &secure\n  read_only: true\nservices:\n  web:\n    <<: [*base, *secure]\n    image: nginx\n    tmpfs: /tmp\n  worker:\n    <<: [*base, *secure]\n    image: python\n    tmpfs: /tmp\n',
    },
    {
      name: '4-space indentation, flush sequences',
      code: 'services:\n    web:\n        image: nginx\n        read_only: true\n        tmpfs: /run\n        ports:\n        - "80:80"\n',
      errors: [{ line: 2, column: 5 }],
      output: 'services:\n    web:\n        image: nginx\n        read_only: true\n        tmpfs:\n        - /run\n        - /tmp\n        ports:\n        - "80:80"\n',
    },
    {
      name: 'CRLF',
      code: 'services:\r\n  web:\r\n    image: nginx\r\n    read_only: true\r\n    tmpfs:\r\n      - /run\r\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\r\n  web:\r\n    image: nginx\r\n    read_only: true\r\n    tmpfs:\r\n      - /run\r\n      - /tmp\r\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: nginx, read_only: true}\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web: {image: nginx, read_only: true, tmpfs: /tmp}\n',
    },
    {
      name: 'multi-document: only the compose document fires',
      code: 'services:\n  web:\n    image: nginx\n    read_only: true\n    tmpfs: /tmp\n---\nservices:\n  api:\n    image: api\n    read_only: true\n',
      errors: [{ line: 8, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    read_only: true\n    tmpfs: /tmp\n---\nservices:\n  api:\n    image: api\n    read_only: true\n    tmpfs: /tmp\n',
    },
  ],
});

it('shortVolume / tmpfsTarget parse the short syntaxes', () => {
  assert.deepEqual(shortVolume('data:/tmp'), { target: '/tmp', readOnly: false });
  assert.deepEqual(shortVolume('./x:/tmp:ro,z'), { target: '/tmp', readOnly: true });
  assert.deepEqual(shortVolume('/tmp'), { target: '/tmp', readOnly: false });
  assert.deepEqual(shortVolume('C:\\data:/tmp/'), { target: '/tmp', readOnly: false });
  assert.deepEqual(shortVolume('/tmp:/data'), { target: '/data', readOnly: false });
  assert.equal(tmpfsTarget('/tmp:size=64m,mode=1777'), '/tmp');
  assert.equal(tmpfsTarget('/tmpfs'), '/tmpfs');
});
