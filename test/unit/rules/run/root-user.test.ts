import { ruleTester } from '../../rule-tester';

const ADVICE = 'Run as an unprivileged user if the program allows it (--user 10001:10001).';

ruleTester('run/root-user', {
  valid: [
    'docker run img\n',
    'docker run -u 1000 img\n',
    'docker run --user "$(id -u):$(id -g)" img\n',
    'docker run -u "$UID" img\n',
    'docker run img -u root\n',
    'docker run --user app img\n',
    // "can be root" is strict only
    'docker run --rm ubuntu:24.04 echo hi\n',
    { name: 'strict: a user is set', code: 'docker run -u 1000 ubuntu:24.04\n', config: { preset: 'strict' } },
    { name: 'strict: an image not known to run as root', code: 'docker run ghcr.io/acme/api:1.2\n', config: { preset: 'strict' } },
    { name: 'strict: the flags may hold a user ($OPTS)', code: 'docker run $OPTS ubuntu:24.04\n', config: { preset: 'strict' } },
  ],
  invalid: [
    {
      name: '-u 0: the suggestion writes fix.user in its place',
      code: 'docker run --rm -u 0 ghcr.io/acme/api:1.2\n',
      errors: [{ line: 1, column: 17, endLine: 1, endColumn: 21, severity: 'warning', message: `docker run of "ghcr.io/acme/api" runs the container as root (-u 0): a compromised process has root rights over everything the container can reach. ${ADVICE}` }],
      output: null,
      suggestions: ['docker run --rm -u 10001:10001 ghcr.io/acme/api:1.2\n'],
    },
    {
      name: '--user=root',
      code: 'docker run --user=root img\n',
      errors: [{ line: 1, column: 12, endColumn: 23, message: `docker run of "img" runs the container as root (--user=root): a compromised process has root rights over everything the container can reach. ${ADVICE}` }],
      output: null,
      suggestions: ['docker run --user=10001:10001 img\n'],
    },
    {
      name: '--user 0:0 quoted, -uroot joined',
      code: 'docker run --user "0:0" img\ndocker create -uroot img\n',
      errors: [{ line: 1, column: 12, endColumn: 24 }, { line: 2, column: 15, endColumn: 21, message: /\(-uroot\)/ }],
      output: null,
      suggestions: ['docker run --user 10001:10001 img\ndocker create -uroot img\n'],
    },
    {
      name: 'fix.user from the config',
      code: 'docker run -u root img\n',
      config: { fix: { user: 'app user' } },
      errors: [{ line: 1, column: 12, message: /\(--user app user\)\.$/ }],
      output: null,
      suggestions: ["docker run -u 'app user' img\n"],
    },
    {
      name: 'the Docker socket: no suggestion, the message says why',
      code: 'docker run -u 0 -v /var/run/docker.sock:/var/run/docker.sock img\n',
      errors: [{ line: 1, column: 12, endColumn: 16, message: 'docker run of "img" runs the container as root (-u 0): a compromised process has root rights over everything the container can reach. Changing the user is not suggested: it mounts the Docker socket, which only root (or the docker group) can use.' }],
      output: null,
      suggestions: [],
    },
    {
      name: 'a host path: no suggestion',
      code: 'docker run -u root --mount type=bind,source=/var/log,target=/logs img\n',
      errors: [{ line: 1, column: 12, message: /Changing the user is not suggested: it mounts the host path \/var\/log, whose files/ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'privileged: no suggestion',
      code: 'docker run --privileged -u 0 img\n',
      errors: [{ line: 1, column: 25, message: /Changing the user is not suggested: it is privileged\.$/ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'an image that drops privileges itself: no suggestion',
      code: 'docker run -u 0 -e POSTGRES_PASSWORD=x postgres:16\n',
      errors: [{ line: 1, column: 12, message: /Changing the user is not suggested: the image "postgres" starts as root and drops to its own user itself\.$/ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'Markdown block with a prompt',
      path: 'README.md',
      code: '```bash\n$ docker run -it -u root img bash\n```\n',
      errors: [{ line: 2, column: 18, endColumn: 25 }],
      output: null,
      suggestions: ['```bash\n$ docker run -it -u 10001:10001 img bash\n```\n'],
    },
    {
      name: 'strict: no user on an image that runs as root: information, the suggestion inserts --user after run',
      code: 'docker run --rm \\\n  ubuntu:24.04 ./migrate.sh\n',
      config: { preset: 'strict' },
      errors: [{ line: 2, column: 3, endColumn: 15, severity: 'information', message: `docker run of "ubuntu" sets no user, and the image runs as root. ${ADVICE}` }],
      output: null,
      suggestions: ['docker run --user 10001:10001 --rm \\\n  ubuntu:24.04 ./migrate.sh\n'],
    },
  ],
});
