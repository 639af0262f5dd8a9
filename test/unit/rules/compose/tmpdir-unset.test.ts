import { ruleTester } from '../../rule-tester';

const STRICT = { preset: 'strict' as const };
const v = (code: string, files?: Record<string, string>) => ({ code, files, config: STRICT });

ruleTester('compose/tmpdir-unset', {
  valid: [
    // plain "TMPDIR unset" never fires: it means /tmp everywhere (RUNTIMES.md)
    v('services:\n  web:\n    image: nginx\n'),
    v('services:\n  web:\n    image: nginx\n    read_only: true\n    tmpfs: /tmp\n'),
    // /tmp has a tmpfs too: unset TMPDIR means /tmp, which is a tmpfs
    v('services:\n  web:\n    image: nginx\n    tmpfs: [/run, /tmp]\n'),
    // TMPDIR set (map, list, passed through, anchor, env_file, Dockerfile)
    v('services:\n  web:\n    image: nginx\n    tmpfs: /run\n    environment:\n      TMPDIR: /run\n'),
    v('services:\n  web:\n    image: nginx\n    tmpfs: /run\n    environment:\n      - TMPDIR\n'),
    v('x-env: &env\n  TMPDIR: /run\nservices:\n  web:\n    image: nginx\n    tmpfs: /run\n    environment:\n      <<: *env\n      A: b\n'),
    v('services:\n  web:\n    image: nginx\n    tmpfs: /run\n    env_file: .env.web\n', { '.env.web': '# web\nA=1\nTMPDIR=/run\n' }),
    v('services:\n  web:\n    image: nginx\n    tmpfs: /run\n    env_file:\n      - path: ./env/web.env\n        required: false\n', { 'env/web.env': 'export TMPDIR="/run"\r\n' }),
    v('services:\n  web:\n    build: .\n    tmpfs: /run\n', { Dockerfile: 'FROM alpine AS base\nENV LANG=C.UTF-8 TMPDIR=/run\nFROM base\nCMD ["app"]\n' }),
    // off in recommended
    'services:\n  web:\n    image: nginx\n    tmpfs: /run\n',
  ],
  invalid: [
    {
      name: 'a tmpfs elsewhere, nothing at /tmp: hint, TMPDIR set to the tmpfs',
      code: 'services:\n  web:\n    image: nginx # edge\n    read_only: true\n    tmpfs: /run\n',
      config: STRICT,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'hint', message: 'Service "web" mounts a tmpfs at /run but not at /tmp, and TMPDIR is unset, so programs write temporary files to /tmp. Set TMPDIR=/run.' }],
      output: 'services:\n  web:\n    image: nginx # edge\n    read_only: true\n    tmpfs: /run\n    environment:\n      TMPDIR: /run\n',
    },
    {
      name: 'map style is kept; long-syntax tmpfs volume',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - type: tmpfs\n        target: /scratch\n    environment:\n      # logging\n      RUST_LOG: info\n    ports: []\n',
      config: STRICT,
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    volumes:\n      - type: tmpfs\n        target: /scratch\n    environment:\n      # logging\n      RUST_LOG: info\n      TMPDIR: /scratch\n    ports: []\n',
    },
    {
      name: 'list style is kept (flush sequence)',
      code: 'services:\n  web:\n    image: nginx\n    tmpfs: /run\n    environment:\n    - RUST_LOG=info\n',
      config: STRICT,
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    tmpfs: /run\n    environment:\n    - RUST_LOG=info\n    - TMPDIR=/run\n',
    },
    {
      name: 'flow map and flow list',
      code: 'services:\n  a:\n    image: x\n    tmpfs: /run\n    environment: {A: 1}\n  b:\n    image: y\n    tmpfs: [/run]\n    environment: [A=1]\n',
      config: STRICT,
      errors: [{ line: 2, column: 3 }, { line: 6, column: 3 }],
      output: 'services:\n  a:\n    image: x\n    tmpfs: /run\n    environment: {A: 1, TMPDIR: /run}\n  b:\n    image: y\n    tmpfs: [/run]\n    environment: [A=1, TMPDIR=/run]\n',
    },
    {
      name: 'environment inherited through a merge key: reported, no fix (an own key would drop those entries)',
      code: 'x-svc: &svc\n  environment:\n    A: 1\nservices:\n  web:\n    <<: *svc\n    image: nginx\n    tmpfs: /run\n',
      config: STRICT,
      errors: [{ line: 5, column: 3 }],
      output: null,
    },
    {
      name: 'the env_file does not set it; missing env_file',
      code: 'services:\n  web:\n    image: nginx\n    tmpfs: /run\n    env_file: [a.env, missing.env]\n',
      files: { 'a.env': 'TMPDIR_OLD=1\nXTMPDIR=2\n' },
      config: STRICT,
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: nginx\n    tmpfs: /run\n    env_file: [a.env, missing.env]\n    environment:\n      TMPDIR: /run\n',
    },
  ],
});
