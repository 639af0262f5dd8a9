import { ruleTester } from '../../rule-tester';

const STRICT = { preset: 'strict' as const };

ruleTester('compose/root-user', {
  valid: [
    'services:\n  web:\n    image: acme/app\n',
    'services:\n  web:\n    image: acme/app\n    user: "10001:10001"\n',
    'services:\n  web:\n    image: acme/app\n    user: app\n',
    'services:\n  web:\n    image: acme/app\n    user: "1000"\n',
    // group 0 alone is not root
    'services:\n  web:\n    image: acme/app\n    user: "65534:0"\n',
    'services:\n  web:\n    image: acme/app\n    user: rootless\n',
    'services:\n  web:\n    image: acme/app\n    user: "${UID:-1000}:${GID:-1000}"\n',
    // no default: unknown until run time
    'services:\n  web:\n    image: acme/app\n    user: "${PUID}"\n',
    // a non-root user of the service wins over the anchor's root
    'x-base: &base\n  user: root\nservices:\n  web:\n    <<: *base\n    user: "1000"\n    image: acme/app\n',
    // recommended: user unset is not reported
    'services:\n  web:\n    image: debian:12\n',
    // strict: images that drop privileges or need root, unknown images, built images
    { code: 'services:\n  db:\n    image: postgres:16\n', config: STRICT },
    { code: 'services:\n  web:\n    image: nginx\n', config: STRICT },
    { code: 'services:\n  web:\n    image: acme/app\n', config: STRICT },
    { code: 'services:\n  web:\n    build: .\n    image: debian\n', config: STRICT },
  ],
  invalid: [
    {
      name: 'plain root: a suggestion (never a fix) with quoted fix.user',
      code: 'services:\n  web:\n    image: acme/app\n    user: root # needed for port 80\n    ports: ["80:80"]\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 15, severity: 'warning', message: 'Service "web" runs as root (user: root): a compromised process has root rights over everything the container can reach. Run as an unprivileged user if the program allows it (user: "10001:10001").' }],
      output: null,
      suggestions: ['services:\n  web:\n    image: acme/app\n    user: "10001:10001" # needed for port 80\n    ports: ["80:80"]\n'],
    },
    {
      name: 'UID 0 as a YAML integer',
      code: 'services:\n  otel:\n    image: otel\n    user: 0\n',
      errors: [{ line: 4, column: 11, endColumn: 12, message: /\(user: 0\)/ }],
      output: null,
      suggestions: ['services:\n  otel:\n    image: otel\n    user: "10001:10001"\n'],
    },
    {
      name: '${X:-0} counts by its default',
      code: 'services:\n  otel:\n    image: otel\n    user: "${RUN_AS:-0}:${GID:-0}"\n',
      errors: [{ line: 4, column: 11, message: /\(user: \$\{RUN_AS:-0\}:\$\{GID:-0\}\)/ }],
      output: null,
      suggestions: ['services:\n  otel:\n    image: otel\n    user: "10001:10001"\n'],
    },
    {
      name: 'single quotes are kept',
      code: "services:\n  web:\n    image: acme/app\n    user: 'root:root'\n",
      errors: [{ line: 4, column: 11, endColumn: 22 }],
      output: null,
      suggestions: ["services:\n  web:\n    image: acme/app\n    user: '10001:10001'\n"],
    },
    {
      name: 'root with a group, fix.user setting',
      code: 'services:\n  web:\n    image: acme/app\n    user: root:1000\n',
      config: { fix: { user: '1000:1000' } },
      errors: [{ line: 4, column: 11, message: /\(user: "1000:1000"\)/ }],
      output: null,
      suggestions: ['services:\n  web:\n    image: acme/app\n    user: "1000:1000"\n'],
    },
    {
      name: 'nginx needs root to start: no suggestion, the message says why',
      code: 'services:\n  web:\n    image: nginx:1.27\n    user: root\n',
      errors: [{ line: 4, column: 11, message: 'Service "web" runs as root (user: root): a compromised process has root rights over everything the container can reach. Changing the user is not suggested: the image "nginx" needs root to start.' }],
      output: null,
      suggestions: [],
    },
    {
      name: 'postgres drops privileges itself',
      code: 'services:\n  db:\n    image: postgres:16\n    user: "0"\n',
      errors: [{ line: 4, column: 11, message: /Changing the user is not suggested: the image "postgres" starts as root and drops to its own user itself\./ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'privileged, the Docker socket, an absolute host path: no suggestion',
      code: 'services:\n  a:\n    image: x\n    user: root\n    privileged: true\n  b:\n    image: x\n    user: root\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n  c:\n    image: x\n    user: root\n    volumes:\n      - type: bind\n        source: /var/log\n        target: /host/log\n',
      errors: [
        { line: 4, column: 11, message: /not suggested: it is privileged\./ },
        { line: 8, column: 11, message: /not suggested: it mounts the Docker socket/ },
        { line: 13, column: 11, message: /not suggested: it mounts the host path \/var\/log,/ },
      ],
      output: null,
      suggestions: [],
    },
    {
      name: 'the socket and a host path behind variables: no suggestion',
      code: 'services:\n  otel:\n    image: otel/opentelemetry-collector-contrib\n    user: 0:0\n    volumes:\n      - ${DOCKER_SOCK}:/var/run/docker.sock:ro\n  b:\n    image: x\n    user: root\n    volumes:\n      - ${HOST_FS}:/hostfs:ro\n',
      errors: [{ line: 4, column: 11, message: /not suggested: it mounts the Docker socket/ }, { line: 9, column: 11, message: /not suggested: it mounts \$\{HOST_FS\} from the host/ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'a relative bind does not count',
      code: 'services:\n  web:\n    image: acme/app\n    user: root\n    volumes:\n      - ./data:/data\n      - cache:/cache\n',
      errors: [{ line: 4, column: 11 }],
      output: null,
      suggestions: ['services:\n  web:\n    image: acme/app\n    user: "10001:10001"\n    volumes:\n      - ./data:/data\n      - cache:/cache\n'],
    },
    {
      name: 'flow style',
      code: 'services:\n  web: {image: acme/app, user: root, init: true}\n',
      errors: [{ line: 2, column: 32, endColumn: 36 }],
      output: null,
      suggestions: ['services:\n  web: {image: acme/app, user: "10001:10001", init: true}\n'],
    },
    {
      name: 'inherited from an anchor: the suggestion gives the service its own user, the anchor is untouched',
      code: 'x-base: &base\n  user: root\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: acme/app\n',
      errors: [{ line: 5, column: 3, endColumn: 6, message: /inherited/ }],
      output: null,
      suggestions: ['x-base: &base\n  user: root\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: acme/app\n    user: "10001:10001"\n'],
    },
    {
      name: 'extends in the same file: reported once, on the service that writes it',
      code: 'services:\n  base:\n    image: x\n    user: root\n  web:\n    extends: base\n',
      errors: [{ line: 4, column: 11 }],
      output: null,
    },
    {
      name: 'CRLF, 4-space indentation, multi-document',
      code: 'kind: x\r\n---\r\nservices:\r\n    web:\r\n        image: acme/app\r\n        user: "0"\r\n',
      errors: [{ line: 6, column: 15 }],
      output: null,
      suggestions: ['kind: x\r\n---\r\nservices:\r\n    web:\r\n        image: acme/app\r\n        user: "10001:10001"\r\n'],
    },
    {
      name: 'a root fix.user setting gives no suggestion',
      code: 'services:\n  web:\n    image: acme/app\n    user: root\n',
      config: { fix: { user: '0:0' } },
      errors: [{ line: 4, column: 11, message: 'Service "web" runs as root (user: root): a compromised process has root rights over everything the container can reach. Run as an unprivileged user if the program allows it (user: "10001:10001").' }],
      output: null,
      suggestions: [],
    },
    {
      name: 'strict: user unset on an image that runs as root',
      code: 'services:\n  worker:\n    image: python:3.12-slim\n    command: python w.py\n',
      config: STRICT,
      errors: [{ line: 2, column: 3, endColumn: 9, severity: 'information', message: 'Service "worker" sets no user, and the image "python" runs as root. Run as an unprivileged user if the program allows it (user: "10001:10001").' }],
      output: null,
      suggestions: ['services:\n  worker:\n    image: python:3.12-slim\n    user: "10001:10001"\n    command: python w.py\n'],
    },
  ],
});
