import { ruleTester } from '../../rule-tester';

const MSG = 'docker run of "nginx" has --read-only and nothing writable at /tmp: programs that write temporary files there fail with "Read-only file system". Mount a tmpfs at /tmp.';

ruleTester('run/read-only-without-tmp', {
  valid: [
    'docker run nginx\n',
    'docker run --read-only=false nginx\n',
    'docker run --read-only --tmpfs /tmp nginx\n',
    'docker run --read-only --tmpfs=/tmp:exec,mode=1777 nginx\n',
    'docker run --read-only --tmpfs /tmp/ nginx\n',
    'docker run --read-only -v scratch:/tmp nginx\n',
    'docker run --read-only -v /tmp nginx\n',
    'docker run --read-only --volume=./cache:/tmp:z nginx\n',
    'docker run --read-only --mount type=tmpfs,target=/tmp nginx\n',
    'docker run --read-only --mount type=volume,src=x,dst=/tmp nginx\n',
    'docker run --read-only --mount "type=bind,source=/x,destination=/tmp" nginx\n',
    // TMPDIR names another writable mount
    'docker run --read-only --tmpfs /scratch -e TMPDIR=/scratch nginx\n',
    // values the linter cannot read
    'docker run --read-only --tmpfs "$TMP" nginx\n',
    'docker run --read-only $MOUNTS nginx\n',
    'docker run --read-only=$RO nginx\n',
    // Podman mounts a tmpfs at /tmp of a --read-only container (--read-only-tmpfs defaults to true)
    'podman run --read-only nginx\n',
    // after the image: the command's arguments
    'docker run nginx --read-only\n',
  ],
  invalid: [
    {
      name: 'recommended: information on the flag; fix inserts --tmpfs /tmp after run',
      code: 'docker run -d --read-only nginx\n',
      errors: [{ line: 1, column: 15, endColumn: 26, severity: 'information', message: MSG }],
      output: 'docker run --tmpfs /tmp -d --read-only nginx\n',
    },
    {
      name: 'strict: warning',
      config: { preset: 'strict' },
      code: 'docker run --read-only nginx\n',
      errors: [{ line: 1, column: 12, severity: 'warning' }],
      output: 'docker run --tmpfs /tmp --read-only nginx\n',
    },
    {
      name: '--read-only=true',
      code: 'docker run --read-only=true nginx\n',
      errors: [{ line: 1, column: 12, endColumn: 28 }],
      output: 'docker run --tmpfs /tmp --read-only=true nginx\n',
    },
    {
      name: 'a tmpfs and a volume elsewhere',
      code: 'docker run \\\n  --read-only \\\n  --tmpfs /run \\\n  -v data:/data \\\n  nginx\n',
      errors: [{ line: 2, column: 3 }],
      output: 'docker run --tmpfs /tmp \\\n  --read-only \\\n  --tmpfs /run \\\n  -v data:/data \\\n  nginx\n',
    },
    {
      name: 'podman with --read-only-tmpfs=false',
      code: 'podman run --read-only --read-only-tmpfs=false nginx\n',
      errors: [{ line: 1, column: 12, message: /^podman run of "nginx" has --read-only/ }],
      output: 'podman run --tmpfs /tmp --read-only --read-only-tmpfs=false nginx\n',
    },
    {
      name: 'a read-only mount at /tmp: no edit',
      code: 'docker run --read-only -v ./tmp:/tmp:ro nginx\n',
      errors: [{ line: 1, column: 12, message: /mounts \/tmp read-only/ }],
      output: null,
    },
    {
      name: 'a read-only --mount at /tmp: no edit',
      code: 'docker run --read-only --mount type=bind,src=/x,target=/tmp,readonly nginx\n',
      errors: [{ line: 1, column: 12, message: /mounts \/tmp read-only/ }],
      output: null,
    },
    {
      name: 'an image that loads native libraries from /tmp gets /tmp:exec',
      code: 'docker run --read-only docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n',
      errors: [{ line: 1, column: 12, message: /Mount a tmpfs at \/tmp with exec \(.*\)\.$/ }],
      output: 'docker run --tmpfs /tmp:exec --read-only docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n',
    },
    {
      name: 'fix.tmpfs is quoted for the shell when it needs it',
      config: { fix: { tmpfs: '/tmp:size=64m,mode=1777 ' } as never },
      code: 'docker run --read-only nginx\n',
      errors: [{ line: 1, column: 12 }],
      output: "docker run --tmpfs '/tmp:size=64m,mode=1777 ' --read-only nginx\n",
    },
    {
      name: 'Markdown: prompt and indentation kept',
      path: 'README.md',
      code: '- Hardened:\n\n  ```console\n  $ docker run --read-only nginx\n  ```\n',
      errors: [{ line: 4, column: 16 }],
      output: '- Hardened:\n\n  ```console\n  $ docker run --tmpfs /tmp --read-only nginx\n  ```\n',
    },
    {
      name: 'GitLab CI: script string',
      path: '.gitlab-ci.yml',
      code: "smoke:\n  script: 'docker run --read-only nginx'\n",
      errors: [{ line: 2, column: 23 }],
      output: "smoke:\n  script: 'docker run --tmpfs /tmp --read-only nginx'\n",
    },
  ],
});
