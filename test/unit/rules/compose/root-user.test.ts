import { ruleTester } from '../../rule-tester';

ruleTester('compose/root-user', {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    'services:\n  web:\n    image: nginx\n    user: "10001:10001"\n',
    'services:\n  web:\n    image: nginx\n    user: app\n',
    'services:\n  web:\n    image: nginx\n    user: "1000"\n',
    // group 0 alone is not root
    'services:\n  web:\n    image: nginx\n    user: "65534:0"\n',
    'services:\n  web:\n    image: nginx\n    user: rootless\n',
    'services:\n  web:\n    image: nginx\n    user: "${UID:-1000}:${GID:-1000}"\n',
    // a non-root user of the service wins over the anchor's root
    'x-base: &base\n  user: root\nservices:\n  web:\n    <<: *base\n    user: "1000"\n    image: nginx\n',
  ],
  invalid: [
    {
      name: 'plain root: quoted fix.user; alternative deletes the line',
      code: 'services:\n  web:\n    image: nginx\n    user: root # needed for port 80\n    ports: ["80:80"]\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, severity: 'warning', message: /^Service `web` runs as root \(`user: root`\).*`user: "10001:10001"`/ }],
      output: 'services:\n  web:\n    image: nginx\n    user: "10001:10001" # needed for port 80\n    ports: ["80:80"]\n',
      alternatives: ['services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n'],
    },
    {
      name: 'UID 0 as a YAML integer',
      code: 'services:\n  otel:\n    image: otel\n    user: 0\n',
      errors: [{ line: 4, column: 11, endColumn: 12, message: /`user: 0`/ }],
      output: 'services:\n  otel:\n    image: otel\n    user: "10001:10001"\n',
    },
    {
      name: 'double-quoted 0:0',
      code: 'services:\n  otel:\n    image: otel\n    user: "0:0"\n',
      errors: [{ line: 4, column: 11, endColumn: 16 }],
      output: 'services:\n  otel:\n    image: otel\n    user: "10001:10001"\n',
    },
    {
      name: 'single quotes are kept',
      code: "services:\n  web:\n    image: nginx\n    user: 'root:root'\n",
      errors: [{ line: 4, column: 11, endColumn: 22 }],
      output: "services:\n  web:\n    image: nginx\n    user: '10001:10001'\n",
    },
    {
      name: 'root with a group, fix.user setting',
      code: 'services:\n  web:\n    image: nginx\n    user: root:1000\n',
      config: { fix: { user: '1000:1000' } },
      errors: [{ line: 4, column: 11, message: /`user: "1000:1000"`/ }],
      output: 'services:\n  web:\n    image: nginx\n    user: "1000:1000"\n',
    },
    {
      name: 'flow style',
      code: 'services:\n  web: {image: nginx, user: root, init: true}\n',
      errors: [{ line: 2, column: 29, endColumn: 33 }],
      output: 'services:\n  web: {image: nginx, user: "10001:10001", init: true}\n',
      alternatives: ['services:\n  web: {image: nginx, init: true}\n'],
    },
    {
      name: 'inherited from an anchor: the service gets its own user, the anchor is untouched',
      code: 'x-base: &base\n  user: root\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n',
      errors: [{ line: 5, column: 3, endColumn: 6, message: /inherited/ }],
      output: 'x-base: &base\n  user: root\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n    user: "10001:10001"\n',
    },
    {
      name: 'extends in the same file: reported once, on the service that writes it',
      code: 'services:\n  base:\n    image: x\n    user: root\n  web:\n    extends: base\n',
      errors: [{ line: 4, column: 11 }],
      output: 'services:\n  base:\n    image: x\n    user: "10001:10001"\n  web:\n    extends: base\n',
    },
    {
      name: 'CRLF, 4-space indentation, multi-document',
      code: 'kind: x\r\n---\r\nservices:\r\n    web:\r\n        image: nginx\r\n        user: "0"\r\n',
      errors: [{ line: 6, column: 15 }],
      output: 'kind: x\r\n---\r\nservices:\r\n    web:\r\n        image: nginx\r\n        user: "10001:10001"\r\n',
      alternatives: ['kind: x\r\n---\r\nservices:\r\n    web:\r\n        image: nginx\r\n'],
    },
    {
      name: 'a root fix.user setting gives no fix',
      code: 'services:\n  web:\n    image: nginx\n    user: root\n',
      config: { fix: { user: '0:0' } },
      errors: [{ line: 4, column: 11, message: 'Service `web` runs as root (`user: root`): a compromised process has root rights over everything the container can reach. Run as an unprivileged user (`user: "10001:10001"`).' }],
      output: null,
    },
  ],
});
