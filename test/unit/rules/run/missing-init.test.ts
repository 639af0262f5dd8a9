import { ruleTester } from '../../rule-tester';

const NODE = 'node as PID 1 ignores SIGTERM without a handler, so docker stop waits the 10s stop timeout, then sends SIGKILL. Add --init to run tini as PID 1.';

ruleTester('run/missing-init', {
  valid: [
    'docker run --init node:20 node app.js\n',
    'docker run --init=true node:20 node app.js\n',
    'docker run -d --init -p 80:80 node:20 node app.js\n',
    // nginx handles SIGTERM (RUNTIMES.md)
    'docker run -d nginx\n',
    // $OPTS may hold --init; --init's value unknown
    'docker run $DOCKER_OPTS node:20 node app.js\n',
    'docker run --init=$INIT node:20 node app.js\n',
    // not PID 1 of its own namespace
    'docker run --pid=host node:20 node app.js\n',
    'docker run --pid container:app node:20 node app.js\n',
    // an interactive shell session, ended by its user
    'docker run -it --rm ubuntu bash\n',
    'docker run --rm -ti alpine sh\n',
    // an init in the command
    'docker run node:20 tini -- node app.js\n',
    'docker run node:20 dumb-init node app.js\n',
    // a script that starts no program; a program that exits at once
    'docker run --rm alpine sh -c "exit 1"\n',
    'docker run --rm alpine echo hello\n',
    // SIGKILL as the stop signal: no init helps (run/uncatchable-stop-signal)
    'docker run --stop-signal SIGKILL node:20 node app.js\n',
    // not docker run
    'docker build -t app .\ndocker exec app node app.js\ndocker stop -t 0 app\n',
    'echo "docker run node:20 node app.js"\n',
    '# docker run node:20 node app.js\n',
    // Markdown: blocks that are not shell
    { path: 'README.md', code: '```yaml\ncommand: docker run node:20 node app.js\n```\n\n```\ndocker run node:20 node app.js\n```\n' },
    // a tab line that is not a recipe
    { path: 'Makefile', code: 'X = 1\n\tdocker run node:20 node app.js\n' },
    // $(DOCKER) that the Makefile does not set to docker or podman (or sets to both): not known to be a docker run line.
    { path: 'Makefile', code: 'run:\n\t$(DOCKER) run node:20 node app.js\n' },
    { path: 'Makefile', code: 'DOCKER ?= docker\nDOCKER = nerdctl\nrun:\n\t$(DOCKER) run node:20 node app.js\n' },
    // targets: { scripts: false } turns scripts off
    { code: 'docker run -d node:20 node server.js\n', config: { targets: { scripts: false } } },
    { path: 'README.md', code: '```sh\ndocker run -d node:20 node server.js\n```\n', config: { targets: { markdown: false } } },
  ],
  invalid: [
    {
      name: 'a script',
      code: '#!/bin/sh\nset -e\ndocker run -d node:20 node server.js\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 11, severity: 'warning', message: `docker run of "node": ${NODE}` }],
      output: '#!/bin/sh\nset -e\ndocker run --init -d node:20 node server.js\n',
    },
    {
      name: 'continuation lines keep their layout',
      code: 'docker run \\\n  -d \\\n  --name api \\\n  node:20 \\\n  node server.js\n',
      errors: [{ line: 1, column: 1, endColumn: 11 }],
      output: 'docker run --init \\\n  -d \\\n  --name api \\\n  node:20 \\\n  node server.js\n',
    },
    {
      name: 'CRLF continuations',
      code: 'docker run \\\r\n  -d node:20 \\\r\n  node server.js\r\n',
      errors: [{ line: 1, column: 1 }],
      output: 'docker run --init \\\r\n  -d node:20 \\\r\n  node server.js\r\n',
    },
    {
      name: 'sudo, env assignment, and every flag spelling before the image',
      code: 'FOO=1 sudo -E docker run --rm -it -e A=1 --env=B -v /a:/b --volume /c:/d -p 80:80 -uroot --name=x --cpus 2 python:3.12 python app.py\n',
      errors: [{ line: 1, column: 15, endColumn: 25, message: /^docker run of "python": python as PID 1 ignores SIGTERM \(only SIGINT has a handler\)/ }],
      output: 'FOO=1 sudo -E docker run --init --rm -it -e A=1 --env=B -v /a:/b --volume /c:/d -p 80:80 -uroot --name=x --cpus 2 python:3.12 python app.py\n',
    },
    {
      name: 'docker container run and docker create',
      code: 'docker container run node:20 node a.js\ndocker create node:20 node b.js\n',
      errors: [{ line: 1, column: 1, endColumn: 21 }, { line: 2, column: 1, endColumn: 14, message: /^docker create of "node": / }],
      output: 'docker container run --init node:20 node a.js\ndocker create --init node:20 node b.js\n',
    },
    {
      name: 'global options before run',
      code: 'docker --context prod -H ssh://h run node:20 node a.js\n',
      errors: [{ line: 1, column: 1, endColumn: 37 }],
      output: 'docker --context prod -H ssh://h run --init node:20 node a.js\n',
    },
    {
      name: 'podman: catatonit',
      code: 'podman run -d node:20 node app.js\n',
      errors: [{ line: 1, column: 1, message: /Add --init to run catatonit as PID 1\.$/ }],
      output: 'podman run --init -d node:20 node app.js\n',
    },
    {
      name: '--init=false is set to --init',
      code: 'docker run --init=false node:20 node app.js\n',
      errors: [{ line: 1, column: 12, endColumn: 24, message: /^docker run of "node" sets --init=false: node as PID 1/ }],
      output: 'docker run --init node:20 node app.js\n',
    },
    {
      name: '--entrypoint replaces the image entrypoint',
      code: 'docker run --entrypoint node node:20 app.js\n',
      errors: [{ line: 1, column: 1 }],
      output: 'docker run --init --entrypoint node node:20 app.js\n',
    },
    {
      name: 'an unknown image: information',
      code: 'docker run -d ghcr.io/acme/api:1.2\n',
      errors: [{ line: 1, column: 1, severity: 'information', message: /^docker run of "ghcr.io\/acme\/api": the linter cannot tell whether the image "ghcr.io\/acme\/api" handles SIGTERM/ }],
      output: 'docker run --init -d ghcr.io/acme/api:1.2\n',
    },
    {
      name: 'an image in a variable: the command runs behind an ENTRYPOINT the linter does not know',
      code: 'docker run --rm "$IMAGE" node app.js\n',
      errors: [{ line: 1, column: 1, severity: 'information', message: /^docker run runs node through its command, behind the ENTRYPOINT of its image/ }],
      output: 'docker run --init --rm "$IMAGE" node app.js\n',
    },
    {
      name: 'a command substitution',
      code: 'id=$(docker run -d node:20 node app.js)\n',
      errors: [{ line: 1, column: 6 }],
      output: 'id=$(docker run --init -d node:20 node app.js)\n',
    },
    {
      name: 'Markdown: console block with prompt and output',
      path: 'README.md',
      code: '# App\n\nRun it:\n\n```console\n$ docker run -d node:20 node app.js\n3f2a\n```\n',
      errors: [{ line: 6, column: 3, endColumn: 13 }],
      output: '# App\n\nRun it:\n\n```console\n$ docker run --init -d node:20 node app.js\n3f2a\n```\n',
    },
    {
      name: 'Markdown: a block indented in a list, with a continuation',
      path: 'docs/run.md',
      code: '1. Start:\n\n   ```bash\n   docker run -d \\\n     node:20 node app.js\n   ```\n',
      errors: [{ line: 4, column: 4 }],
      output: '1. Start:\n\n   ```bash\n   docker run --init -d \\\n     node:20 node app.js\n   ```\n',
    },
    {
      name: 'Markdown: several blocks, only the shell ones',
      path: 'README.md',
      code: '```sh\n$ docker run node:20 node a.js\n```\n\n```text\ndocker run node:20 node b.js\n```\n\n~~~shell-session\n# docker run python:3 python c.py\n~~~\n',
      errors: [{ line: 2, column: 3 }, { line: 10, column: 3 }],
      output: '```sh\n$ docker run --init node:20 node a.js\n```\n\n```text\ndocker run node:20 node b.js\n```\n\n~~~shell-session\n# docker run --init python:3 python c.py\n~~~\n',
    },
    {
      name: 'Makefile recipe with @ and $$',
      path: 'Makefile',
      code: '.PHONY: run\nrun: build\n\t@docker run --rm -e HOME=$$HOME node:20 node app.js\n',
      errors: [{ line: 3, column: 3, endColumn: 13 }],
      output: '.PHONY: run\nrun: build\n\t@docker run --init --rm -e HOME=$$HOME node:20 node app.js\n',
    },
    {
      name: 'Makefile: $(DOCKER) run, where the Makefile sets DOCKER to docker',
      path: 'Makefile',
      code: 'DOCKER ?= docker\n\nrun:\n\t$(DOCKER) run --rm node:20 node app.js\n',
      errors: [{ line: 4, column: 2, endColumn: 15 }],
      output: 'DOCKER ?= docker\n\nrun:\n\t$(DOCKER) run --init --rm node:20 node app.js\n',
    },
    {
      name: 'Makefile: ${CONTAINER_TOOL} create, set to podman',
      path: 'Makefile',
      code: 'CONTAINER_TOOL := podman\nc:\n\t${CONTAINER_TOOL} create node:20 node app.js\n',
      errors: [{ line: 3, column: 2 }],
      output: 'CONTAINER_TOOL := podman\nc:\n\t${CONTAINER_TOOL} create --init node:20 node app.js\n',
    },
    {
      name: 'Makefile recipe continued on the next line',
      path: 'build.mk',
      code: 'up:\n\t-docker run -d \\\n\t\tnode:20 node app.js\n',
      errors: [{ line: 2, column: 3 }],
      output: 'up:\n\t-docker run --init -d \\\n\t\tnode:20 node app.js\n',
    },
    {
      name: 'GitHub workflow: a multi-line run: | step',
      path: '.github/workflows/ci.yml',
      code: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          docker build -t app .\n          docker run -d \\\n            node:20 node app.js\n',
      errors: [{ line: 9, column: 11, endColumn: 21 }],
      output: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          docker build -t app .\n          docker run --init -d \\\n            node:20 node app.js\n',
    },
    {
      name: 'GitHub workflow: a one-line run',
      path: '.github/workflows/ci.yaml',
      code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run -d node:20 node app.js\n',
      errors: [{ line: 6, column: 14 }],
      output: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --init -d node:20 node app.js\n',
    },
    {
      name: 'GitLab CI: script list',
      path: '.gitlab-ci.yml',
      code: 'test:\n  image: docker:27\n  script:\n    - docker build -t app .\n    - docker run -d node:20 node app.js\n',
      errors: [{ line: 5, column: 7 }],
      output: 'test:\n  image: docker:27\n  script:\n    - docker build -t app .\n    - docker run --init -d node:20 node app.js\n',
    },
    {
      name: 'a folded scalar: position known, no fix',
      path: '.github/workflows/ci.yml',
      code: 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: >\n          docker run -d\n          node:20 node app.js\n',
      errors: [{ line: 7, column: 11 }],
      output: null,
    },
    {
      name: 'a double-quoted scalar with escapes: no fix',
      path: '.gitlab-ci.yml',
      code: 'test:\n  script:\n    - "docker run -d -e \\"A=1\\" node:20 node app.js"\n',
      errors: [{ line: 3, column: 8 }],
      output: null,
    },
  ],
});

ruleTester('run/missing-init', {
  valid: [
    { name: 'suppressed on the next line', code: '# container-signals-disable-next-line run/missing-init -- node handles SIGTERM here\ndocker run -d node:20 node app.js\n' },
    { name: 'suppressed for the file', code: '#!/bin/sh\n# container-signals-disable run/missing-init\n\ndocker run -d node:20 node app.js\n' },
    { name: 'suppressed in a Makefile recipe', path: 'Makefile', code: 'run:\n\t# container-signals-disable-next-line run/missing-init\n\tdocker run -d node:20 node app.js\n' },
  ],
  invalid: [],
});
