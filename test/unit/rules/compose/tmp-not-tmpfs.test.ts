import { ruleTester } from '../../rule-tester';

const STRICT = { preset: 'strict' as const };
const v = (code: string) => ({ code, config: STRICT });

ruleTester('compose/tmp-not-tmpfs', {
  valid: [
    v('services:\n  web:\n    image: nginx\n    tmpfs: /tmp\n'),
    v('services:\n  web:\n    image: nginx\n    tmpfs:\n      - /tmp:exec,mode=1777\n'),
    v('services:\n  web:\n    image: nginx\n    volumes:\n      - scratch:/tmp\n'),
    v('services:\n  web:\n    image: nginx\n    volumes:\n      - type: tmpfs\n        target: /tmp/\n'),
    // read-only: compose/read-only-without-tmp reports it
    v('services:\n  web:\n    image: nginx\n    read_only: true\n'),
    // the mount comes from an anchor or from the service it extends
    v('x-tmp: &tmp\n  tmpfs: [/tmp]\nservices:\n  web:\n    <<: *tmp\n    image: nginx\n'),
    v('services:\n  base:\n    image: x\n    volumes: ["/tmp"]\n  web:\n    extends: base\n'),
    // a service with no mapping is not ours to judge
    v('services:\n  web:\n'),
    // a read-only mount at /tmp was put there on purpose
    v('services:\n  web:\n    image: nginx\n    volumes:\n      - ./t:/tmp:ro\n'),
    // TMPDIR points elsewhere
    v('services:\n  web:\n    image: nginx\n    environment:\n      TMPDIR: /scratch\n'),
    // off in recommended
    'services:\n  web:\n    image: nginx\n',
  ],
  invalid: [
    {
      config: STRICT,
      name: 'nothing at /tmp: tmpfs added at the end, information',
      code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80" # public\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'information', message: 'Service "web" has nothing mounted at /tmp: temporary files go to the container\'s writable layer, and /tmp stops being writable once read_only: true is set. Mount a tmpfs at /tmp.' }],
      output: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80" # public\n    tmpfs: /tmp\n',
    },
    {
      config: STRICT,
      name: 'a tmpfs list elsewhere: appended; alternative TMPDIR at it',
      code: 'services:\n  web:\n    image: nginx\n    tmpfs:\n      - /run\n',
      alternatives: ['services:\n  web:\n    image: nginx\n    tmpfs:\n      - /run\n    environment:\n      TMPDIR: /run\n'],
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    tmpfs:\n      - /run\n      - /tmp\n',
    },
    {
      config: STRICT,
      name: 'read_only: false',
      code: 'services:\n  web:\n    image: nginx\n    read_only: false\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    read_only: false\n    tmpfs: /tmp\n',
    },
    {
      config: STRICT,
      name: 'tmpfs inherited from an anchor: own list keeps it',
      code: 'x-run: &run\n  tmpfs: /run\nservices:\n  web:\n    <<: *run\n    image: nginx\n',
      errors: [{ line: 4, column: 3 }],
      output: 'x-run: &run\n  tmpfs: /run\nservices:\n  web:\n    <<: *run\n    image: nginx\n    tmpfs:\n      - /run\n      - /tmp\n',
    },
    {
      config: STRICT,
      name: 'an alias as the tmpfs value is replaced, not the anchor',
      code: 'x-t: &t [/run]\nservices:\n  web:\n    image: nginx\n    tmpfs: *t\n',
      errors: [{ line: 3, column: 3 }],
      output: 'x-t: &t [/run]\nservices:\n  web:\n    image: nginx\n    tmpfs: [/run, /tmp]\n',
    },
    {
      config: STRICT,
      name: 'CRLF, 4-space indentation',
      code: 'services:\r\n    web:\r\n        image: nginx\r\n',
      errors: [{ line: 2, column: 5 }],
      output: 'services:\r\n    web:\r\n        image: nginx\r\n        tmpfs: /tmp\r\n',
    },
    {
      config: STRICT,
      name: 'multi-document, flow style',
      code: 'kind: Something\n---\nservices: {web: {image: nginx}}\n',
      errors: [{ line: 3, column: 12, endColumn: 15 }],
      output: 'kind: Something\n---\nservices: {web: {image: nginx, tmpfs: /tmp}}\n',
    },
  ],
});
