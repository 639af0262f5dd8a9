import { ruleTester } from '../../rule-tester';

ruleTester('compose/tmpdir-unset', {
  valid: [
    'services:\n  web:\n    image: nginx\n    environment:\n      TMPDIR: /tmp\n',
    'services:\n  web:\n    image: nginx\n    environment:\n      - TMPDIR=/scratch\n',
    // passed through from the host
    'services:\n  web:\n    image: nginx\n    environment:\n      - TMPDIR\n',
    // from an anchor (merge key in the environment map, and in the service)
    'x-env: &env\n  TMPDIR: /tmp\nservices:\n  web:\n    image: nginx\n    environment:\n      <<: *env\n      A: b\n',
    'x-svc: &svc\n  environment: [TMPDIR=/tmp]\nservices:\n  web:\n    <<: *svc\n    image: nginx\n',
    { name: 'env_file (string) in the workspace sets it', code: 'services:\n  web:\n    image: nginx\n    env_file: .env.web\n', files: { '.env.web': '# web\nA=1\nTMPDIR=/tmp\n' } },
    { name: 'env_file list, `export` line', code: 'services:\n  web:\n    image: nginx\n    env_file:\n      - common.env\n      - web.env\n', files: { 'common.env': 'A=1\n', 'web.env': 'export TMPDIR="/tmp"\n' } },
    { name: 'env_file long syntax', code: 'services:\n  web:\n    image: nginx\n    env_file:\n      - path: ./env/web.env\n        required: false\n', files: { 'env/web.env': 'TMPDIR=/tmp\r\n' } },
    { name: 'the build Dockerfile sets ENV TMPDIR', code: 'services:\n  web:\n    build: .\n', files: { Dockerfile: 'FROM alpine AS base\nENV LANG=C.UTF-8 TMPDIR=/tmp\nFROM base\nCMD ["app"]\n' } },
    'services:\n  base:\n    image: x\n    environment: {TMPDIR: /tmp}\n  web:\n    extends: base\n',
  ],
  invalid: [
    {
      name: 'no environment: created as a map, hint',
      code: 'services:\n  web:\n    image: nginx # edge\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'hint', message: 'Service `web` does not set `TMPDIR`: each program falls back to its own default for temporary files. Set `TMPDIR=/tmp` (on a writable tmpfs) so they all go to one known place.' }],
      output: 'services:\n  web:\n    image: nginx # edge\n    environment:\n      TMPDIR: /tmp\n',
    },
    {
      name: 'map style is kept',
      code: 'services:\n  web:\n    image: nginx\n    environment:\n      # logging\n      RUST_LOG: info\n    ports: []\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    environment:\n      # logging\n      RUST_LOG: info\n      TMPDIR: /tmp\n    ports: []\n',
    },
    {
      name: 'list style is kept (flush sequence)',
      code: 'services:\n  web:\n    image: nginx\n    environment:\n    - RUST_LOG=info\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    environment:\n    - RUST_LOG=info\n    - TMPDIR=/tmp\n',
    },
    {
      name: 'flow map and flow list',
      code: 'services:\n  a:\n    image: x\n    environment: {A: 1}\n  b:\n    image: y\n    environment: [A=1]\n',
      errors: [{ line: 2, column: 3 }, { line: 5, column: 3 }],
      output: 'services:\n  a:\n    image: x\n    environment: {A: 1, TMPDIR: /tmp}\n  b:\n    image: y\n    environment: [A=1, TMPDIR=/tmp]\n',
    },
    {
      name: 'fix.tmpdir setting',
      code: 'services:\n  web:\n    image: x\n    environment:\n      - A=1\n',
      config: { fix: { tmpdir: '/run/tmp' } },
      errors: [{ line: 2, column: 3, message: /Set `TMPDIR=\/run\/tmp`/ }],
      output: 'services:\n  web:\n    image: x\n    environment:\n      - A=1\n      - TMPDIR=/run/tmp\n',
    },
    {
      name: 'environment inherited through a merge key: reported, no fix (an own key would drop those entries)',
      code: 'x-svc: &svc\n  environment:\n    A: 1\nservices:\n  web:\n    <<: *svc\n    image: nginx\n',
      errors: [{ line: 5, column: 3 }],
      output: null,
    },
    {
      name: 'the env_file does not set it; missing env_file',
      code: 'services:\n  web:\n    image: nginx\n    env_file: [a.env, missing.env]\n',
      files: { 'a.env': 'TMPDIR_OLD=1\nXTMPDIR=2\n' },
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    env_file: [a.env, missing.env]\n    environment:\n      TMPDIR: /tmp\n',
    },
    {
      name: 'CRLF, 4-space indentation, multi-document',
      code: 'services:\r\n    a:\r\n        image: x\r\n        environment:\r\n            TMPDIR: /tmp\r\n---\r\nservices:\r\n    b:\r\n        image: y\r\n',
      errors: [{ line: 8, column: 5 }],
      output: 'services:\r\n    a:\r\n        image: x\r\n        environment:\r\n            TMPDIR: /tmp\r\n---\r\nservices:\r\n    b:\r\n        image: y\r\n        environment:\r\n            TMPDIR: /tmp\r\n',
    },
  ],
});
