/**
 * Issue 11 item 2: compose and Kubernetes rules see the image's Dockerfile when the workspace has
 * it (compose `build:`, `dockerfile_inline`; a skaffold.yaml or compose file that builds a k8s
 * container's image), and dockerfile/missing-init is silent when every compose consumer sets
 * `init: true`. Small multi-file workspaces (the RuleTester's virtual /ws).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, findingsOf, memoryWorkspace } from '../rule-tester';
import { composeConsumers, everyConsumerInits } from '../../../server/src/core/project/consumers';
import { dockerfileForImage, stageUser } from '../../../server/src/core/project/image-source';
import { stopPathAt } from '../../../server/src/lsp/hover';

const SK = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/api\n      context: api\n';
const dep = (pod = '', container = '') => 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    spec:\n'
  + pod + '      containers:\n        - name: api\n          image: ghcr.io/acme/api:v1\n' + container;
const NON_ROOT = '      securityContext:\n        runAsNonRoot: true\n';
const NODE_CMD = 'FROM node:20\nCMD ["node", "server.js"]\n';

// ---------------------------------------------------------------------------------------------
// compose

ruleTester('compose/root-user', {
  valid: [],
  invalid: [
    {
      name: 'user: root over the Dockerfile\'s USER app: the advice says to remove it',
      code: 'services:\n  api:\n    build: .\n    user: root\n',
      files: { Dockerfile: 'FROM node:20\nUSER app\nCMD ["node", "server.js"]\n' },
      errors: [{ line: 4, column: 11, endColumn: 15, message: 'Service "api" runs as root (user: root): a compromised process has root rights over everything the container can reach. Remove "user" to run as the Dockerfile\'s USER "app", or run as an unprivileged user if the program allows it (user: "10001:10001").' }],
      output: null,
      suggestions: ['services:\n  api:\n    build: .\n    user: "10001:10001"\n'],
    },
    {
      name: 'the Dockerfile builds FROM postgres with no USER: the image drops root itself, no suggestion',
      code: 'services:\n  db:\n    build: ./db\n    user: root\n',
      files: { 'db/Dockerfile': 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n' },
      errors: [{ line: 4, column: 11, message: /Changing the user is not suggested: the image "postgres" starts as root and drops to its own user itself\.$/ }],
      output: null,
      suggestions: [],
    },
    {
      name: 'dockerfile_inline is read too',
      code: 'services:\n  db:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM postgres:16\n    user: root\n',
      errors: [{ line: 7, column: 11, message: /the image "postgres" starts as root and drops/ }],
      output: null,
      suggestions: [],
    },
  ],
});

ruleTester('compose/shell-pid1', {
  valid: [
    { name: 'the script is in the Dockerfile\'s ENTRYPOINT: dockerfile/shell-pid1 reports it there', code: 'services:\n  api:\n    build: .\n    command: ["x"]\n', files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["sh", "-c", "node a.js"]\n' } },
    { name: 'a shell-form ENTRYPOINT ignores the command', code: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "node server.js"]\n', files: { Dockerfile: 'FROM node:20\nENTRYPOINT /app/start\n' } },
  ],
  invalid: [
    {
      name: 'the Dockerfile\'s ENTRYPOINT is tini: it forwards to the shell only',
      code: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "node server.js"]\n',
      files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["/usr/bin/tini", "--"]\n' },
      errors: [{ line: 4, column: 27, endColumn: 43, message: 'Service "api" runs sh -c, and dash (this image\'s /bin/sh) does not exec "node" at its end. "/usr/bin/tini" forwards SIGTERM to the shell only, which exits without passing it on, so "node" is killed with SIGKILL as soon as "/usr/bin/tini" exits. Prefix "node" with exec so it replaces the shell.' }],
      output: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "exec node server.js"]\n',
    },
    {
      name: 'the Dockerfile\'s ENTRYPOINT is sh -c: the command is the script',
      code: 'services:\n  api:\n    build: .\n    command: ["node server.js"]\n',
      files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["sh", "-c"]\n' },
      errors: [{ line: 4, column: 15, endColumn: 31, message: /^Service "api" runs sh -c, and dash \(this image's \/bin\/sh\) does not exec "node" at its end\. The shell is PID 1/ }],
      output: 'services:\n  api:\n    build: .\n    command: ["exec node server.js"]\n',
    },
    {
      name: 'behind an entrypoint script of the Dockerfile: the command is judged alone, as before',
      code: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "node server.js"]\n',
      files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["/docker-entrypoint.sh"]\n' },
      errors: [{ line: 4, column: 27, message: /The shell is PID 1 and drops SIGTERM without passing it on/ }],
      output: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "exec node server.js"]\n',
    },
    {
      name: 'the Dockerfile\'s STOPSIGNAL is the signal the shell drops',
      code: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "node server.js"]\n',
      files: { Dockerfile: 'FROM node:20\nSTOPSIGNAL SIGINT\n' },
      errors: [{ line: 4, column: 27, message: /The shell is PID 1 and drops SIGINT without passing it on/ }],
      output: 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "exec node server.js"]\n',
    },
    {
      name: 'stop_signal wins over the Dockerfile\'s STOPSIGNAL',
      code: 'services:\n  api:\n    build: .\n    stop_signal: SIGTERM\n    command: ["sh", "-c", "node server.js"]\n',
      files: { Dockerfile: 'FROM node:20\nSTOPSIGNAL SIGINT\n' },
      errors: [{ line: 5, column: 27, message: /drops SIGTERM without passing it on/ }],
      output: 'services:\n  api:\n    build: .\n    stop_signal: SIGTERM\n    command: ["sh", "-c", "exec node server.js"]\n',
    },
  ],
});

ruleTester('compose/tmpdir-not-writable', {
  valid: [
    { name: 'the Dockerfile\'s TMPDIR is a VOLUME of the Dockerfile', code: 'services:\n  api:\n    build: .\n    read_only: true\n', files: { Dockerfile: 'FROM node:20\nENV TMPDIR=/var/tmp\nVOLUME ["/var/tmp"]\n' } },
    { name: 'the Dockerfile\'s TMPDIR is mounted', code: 'services:\n  api:\n    build: .\n    read_only: true\n    tmpfs: /var/tmp\n', files: { Dockerfile: 'FROM node:20\nENV TMPDIR=/var/tmp\n' } },
  ],
  invalid: [
    {
      name: 'read_only with the Dockerfile\'s ENV TMPDIR=/var/tmp',
      code: 'services:\n  api:\n    build: .\n    read_only: true\n',
      files: { Dockerfile: 'FROM node:20\nENV TMPDIR=/var/tmp\nCMD ["node", "server.js"]\n' },
      errors: [{ line: 2, column: 3, endColumn: 6, message: 'Service "api" has read_only: true and its Dockerfile sets TMPDIR=/var/tmp, which is not writable then: programs that create temporary files fail with "Read-only file system". Mount a tmpfs at /var/tmp.' }],
      output: 'services:\n  api:\n    build: .\n    read_only: true\n    tmpfs: /var/tmp\n',
    },
  ],
});

ruleTester('compose/read-only-without-tmp', {
  valid: [
    { name: 'VOLUME /tmp in the Dockerfile (Spring Boot\'s guide): an anonymous volume is mounted there', code: 'services:\n  api:\n    build: .\n    read_only: true\n', files: { Dockerfile: 'FROM eclipse-temurin:17-jre\nVOLUME /tmp\nCOPY app.jar /app.jar\n' } },
    { name: 'the Dockerfile\'s TMPDIR (legacy ENV form) is under a writable volume', code: 'services:\n  api:\n    build: .\n    read_only: true\n    volumes:\n      - data:/data\n', files: { Dockerfile: 'FROM node:20\nENV TMPDIR /data/tmp\n' } },
  ],
  invalid: [
    {
      name: 'a VOLUME elsewhere does not count',
      code: 'services:\n  api:\n    build: .\n    read_only: true\n',
      files: { Dockerfile: 'FROM eclipse-temurin:17-jre\nVOLUME /data\n' },
      errors: [{ line: 2, column: 3, endColumn: 6, message: /^Service "api" has read_only: true and nothing writable at \/tmp/ }],
      output: 'services:\n  api:\n    build: .\n    read_only: true\n    tmpfs: /tmp\n',
    },
  ],
});

ruleTester('compose/tmp-not-tmpfs', {
  valid: [
    { name: 'VOLUME ["/tmp"] in the Dockerfile (strict)', code: 'services:\n  api:\n    build: .\n', files: { Dockerfile: 'FROM eclipse-temurin:17-jre\nVOLUME ["/tmp"]\n' }, config: { preset: 'strict' } },
  ],
  invalid: [
    {
      name: 'no VOLUME (strict)',
      code: 'services:\n  api:\n    build: .\n',
      files: { Dockerfile: 'FROM eclipse-temurin:17-jre\n' },
      config: { preset: 'strict' },
      errors: [{ line: 2, column: 3, message: /^Service "api" has nothing mounted at \/tmp/ }],
      output: 'services:\n  api:\n    build: .\n    tmpfs: /tmp\n',
    },
  ],
});

ruleTester('compose/missing-init', {
  valid: [],
  invalid: [
    {
      name: 'dockerfile_inline with no CMD: the base image\'s program, named',
      code: 'services:\n  s:\n    build:\n      dockerfile_inline: |\n        FROM busybox\n        COPY a b\n',
      errors: [{ line: 2, column: 3, endColumn: 4, severity: 'information', message: 'Service "s": the linter cannot tell whether the program of its base image "busybox" handles SIGTERM as PID 1; if not, docker stop waits the 10s grace period, then sends SIGKILL. Add "init: true" to run tini as PID 1.' }],
      output: 'services:\n  s:\n    build:\n      dockerfile_inline: |\n        FROM busybox\n        COPY a b\n    init: true\n',
    },
    {
      name: 'dockerfile_inline: its CMD is PID 1',
      code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:20\n        CMD ["node", "server.js"]\n',
      errors: [{ line: 2, column: 3, endColumn: 6, message: 'Service "api": node (the Dockerfile\'s CMD) as PID 1 ignores SIGTERM without a handler, so docker stop waits the 10s grace period, then sends SIGKILL. Add "init: true" to run tini as PID 1.' }],
      output: 'services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:20\n        CMD ["node", "server.js"]\n    init: true\n',
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// dockerfile/missing-init and its compose consumers

const DF_WARN = '"node" is PID 1 (the Dockerfile\'s CMD) and does not handle SIGTERM by default, so docker stop ends in SIGKILL after the grace period. Handle SIGTERM in the program, or run it under an init (tini, docker run --init, compose init: true).';

ruleTester('dockerfile/missing-init', {
  valid: [
    { name: 'the one consumer sets init: true', path: 'api/Dockerfile', code: NODE_CMD, files: { 'compose.yaml': 'services:\n  api:\n    build: ./api\n    init: true\n' } },
    { name: 'the override file sets init: true', path: 'api/Dockerfile', code: NODE_CMD, files: { 'compose.yaml': 'services:\n  api:\n    build: ./api\n', 'compose.override.yaml': 'services:\n  api:\n    init: true\n' } },
    { name: 'consumers in the folder and an ancestor all set it', path: 'svc/api/Dockerfile', code: NODE_CMD, files: { 'docker-compose.yml': 'services:\n  api:\n    build: svc/api\n    init: true\n', 'svc/docker-compose.yaml': 'services:\n  a:\n    build: {context: api, dockerfile: Dockerfile}\n    init: true\n' } },
  ],
  invalid: [
    { name: 'one of two consumers sets no init', path: 'api/Dockerfile', code: NODE_CMD, files: { 'compose.yaml': 'services:\n  api:\n    build: ./api\n    init: true\n  worker:\n    build:\n      context: api\n' }, errors: [{ line: 2, column: 5, endColumn: 26, message: DF_WARN }], output: null },
    { name: 'the service with init builds another Dockerfile', path: 'api/Dockerfile', code: NODE_CMD, files: { 'compose.yaml': 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n    init: true\n' }, errors: [{ line: 2, column: 5, message: DF_WARN }], output: null },
    { name: 'init: true in a compose file that is not a standard name does not count', path: 'api/Dockerfile', code: NODE_CMD, files: { 'compose.prod.yaml': 'services:\n  api:\n    build: ./api\n    init: true\n' }, errors: [{ line: 2, column: 5, message: DF_WARN }], output: null },
  ],
});

describe('composeConsumers', () => {
  it('names each consumer with where build and init are written', () => {
    const ws = memoryWorkspace({ 'compose.yaml': 'services:\n  api:\n    build: ./api\n  web:\n    image: nginx\n', 'compose.override.yaml': 'services:\n  api:\n    init: true\n' });
    const c = composeConsumers('/ws/api/Dockerfile', ws);
    assert.deepEqual(c, [{ service: 'api', build: { path: '/ws/compose.yaml', line: 2, character: 4 }, init: { path: '/ws/compose.override.yaml', line: 2, character: 4 } }]);
    assert.equal(everyConsumerInits(c), true);
    assert.equal(everyConsumerInits([]), false);
  });
  it('the folder is merged as Compose merges it: the override init: false wins over the base init: true; a second base name is not read', () => {
    const base = 'services:\n  api:\n    build: ./api\n    init: true\n';
    const off = composeConsumers('/ws/api/Dockerfile', memoryWorkspace({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  api:\n    init: false\n' }));
    assert.deepEqual(off, [{ service: 'api', build: { path: '/ws/compose.yaml', line: 2, character: 4 }, init: undefined }]);
    assert.equal(everyConsumerInits(off), false);
    // docker compose reads compose.yaml and not docker-compose.yml beside it.
    const two = composeConsumers('/ws/api/Dockerfile', memoryWorkspace({ 'compose.yaml': base, 'docker-compose.yml': 'services:\n  worker:\n    build: ./api\n' }));
    assert.deepEqual(two.map((c) => c.service), ['api']);
  });
  it('the hover on the final FROM, CMD and ENTRYPOINT says why the finding is silent', () => {
    const files = { '/ws/compose.yaml': 'services:\n  api:\n    build: ./api\n    init: true\n' } as Record<string, string>;
    const read = (p: string) => files[p];
    for (const at of [1, NODE_CMD.indexOf('CMD') + 1]) {
      const h = stopPathAt(NODE_CMD, { path: '/ws/api/Dockerfile' }, at, read);
      assert.ok(h?.why?.includes('dockerfile/missing-init is silent here: every compose service that builds this Dockerfile sets init: true, so docker-init (tini) is PID 1: "api" (compose.yaml:4).'), JSON.stringify(h));
    }
    const none = stopPathAt(NODE_CMD, { path: '/ws/api/Dockerfile' }, NODE_CMD.indexOf('CMD') + 1, () => undefined);
    assert.ok(!none?.why?.some((w) => w.includes('is silent here')));
  });
});

// ---------------------------------------------------------------------------------------------
// Kubernetes: the image maps to a Dockerfile only through skaffold.yaml or a compose file

describe('dockerfileForImage', () => {
  const df = 'FROM node:20\nUSER app\n';
  it('skaffold.yaml in an ancestor, tag ignored', () => {
    const r = dockerfileForImage('/ws/k8s/deployment.yaml', 'ghcr.io/acme/api:v1', memoryWorkspace({ 'skaffold.yaml': SK, 'api/Dockerfile': df }));
    assert.equal(r?.path, '/ws/api/Dockerfile');
    assert.equal(r?.via, '/ws/skaffold.yaml');
  });
  it('skaffold docker.dockerfile and target', () => {
    const sk = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/api\n      context: src\n      docker:\n        dockerfile: build/Dockerfile.k8s\n        target: run\n';
    const r = dockerfileForImage('/ws/deployment.yaml', 'acme/api', memoryWorkspace({ 'skaffold.yaml': sk, 'src/build/Dockerfile.k8s': 'FROM node:20 AS run\nUSER 1000\nFROM debian\n' }));
    assert.equal(r?.path, '/ws/src/build/Dockerfile.k8s');
    assert.equal(r?.stage?.name, 'run');
  });
  it('a compose service with image and build; tags must agree', () => {
    const ws = memoryWorkspace({ 'compose.yaml': 'services:\n  api:\n    image: acme/api:1.2\n    build: ./api\n', 'api/Dockerfile': df });
    assert.equal(dockerfileForImage('/ws/deployment.yaml', 'acme/api:1.2', ws)?.path, '/ws/api/Dockerfile');
    assert.equal(dockerfileForImage('/ws/deployment.yaml', 'acme/api:2.0', ws), undefined);
  });
  it('never from names alone, nor for other builders, nor when two builds share a name', () => {
    assert.equal(dockerfileForImage('/ws/deployment.yaml', 'api', memoryWorkspace({ 'api/Dockerfile': df, Dockerfile: df })), undefined);
    const jib = 'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: acme/api\n      jib: {}\n';
    assert.equal(dockerfileForImage('/ws/deployment.yaml', 'acme/api', memoryWorkspace({ 'skaffold.yaml': jib, Dockerfile: df })), undefined);
    const two = 'services:\n  a:\n    image: acme/api\n    build: ./a\n  b:\n    image: acme/api\n    build: ./b\n';
    assert.equal(dockerfileForImage('/ws/deployment.yaml', 'acme/api', memoryWorkspace({ 'compose.yaml': two, 'a/Dockerfile': df, 'b/Dockerfile': df })), undefined);
    assert.equal(dockerfileForImage('/ws/deployment.yaml', '${IMAGE}', memoryWorkspace({ 'skaffold.yaml': SK })), undefined);
  });
  it('stageUser', () => {
    const { parseDockerfile } = require('../../../server/src/core/model/dockerfile');
    const m = parseDockerfile('FROM a AS b\nUSER "1000:1000"\nFROM b\n');
    const u = stageUser(m, m.final);
    assert.ok(typeof u === 'object' && u.value === '1000:1000' && u.numeric && !u.root);
    const m2 = parseDockerfile('FROM a\nUSER ${APP_USER}\n');
    assert.equal(stageUser(m2, m2.final), 'unknown');
  });
});

ruleTester('k8s/root-user', {
  valid: [
    { name: 'runAsNonRoot with a numeric USER in the Dockerfile', path: 'k8s/deployment.yaml', code: dep(NON_ROOT), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nUSER 10001\n' } },
    { name: 'a compose service builds another image name: no Dockerfile, as before', code: dep(NON_ROOT), files: { 'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/web\n    build: ./api\n', 'api/Dockerfile': 'FROM debian\nUSER root\n' } },
    { name: 'strict: the Dockerfile\'s numeric USER is not root', code: dep(), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nUSER 10001\n' }, config: { preset: 'strict' } },
  ],
  invalid: [
    {
      name: 'runAsNonRoot alone and the Dockerfile\'s USER is a name (skaffold.yaml)',
      path: 'k8s/deployment.yaml',
      code: dep(NON_ROOT),
      files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nUSER app\n' },
      errors: [{ line: 11, column: 23, endColumn: 27, severity: 'error', message: 'Container "api" cannot start: runAsNonRoot is true in the pod\'s securityContext and no runAsUser is set, but its image\'s user "app" (USER in its Dockerfile) is a name the kubelet cannot verify as non-root, so the kubelet refuses it (CreateContainerConfigError). Set a non-zero numeric runAsUser.' }],
      output: null,
      suggestions: [dep(NON_ROOT) + '          securityContext:\n            runAsNonRoot: true\n            runAsUser: 10001\n'],
    },
    {
      name: 'runAsNonRoot alone and the Dockerfile\'s USER root (compose.yaml builds the image)',
      code: dep(NON_ROOT),
      files: { 'compose.yaml': 'services:\n  api:\n    image: ghcr.io/acme/api:v1\n    build: ./api\n', 'api/Dockerfile': 'FROM debian\nUSER root\n' },
      errors: [{ line: 11, column: 23, severity: 'error', message: /but its image runs as root \(USER root in its Dockerfile\), so the kubelet refuses it/ }],
      output: null,
    },
  ],
});

ruleTester('k8s/missing-init', {
  valid: [
    { name: 'nothing set: the Dockerfile\'s CMD is dockerfile/missing-init\'s (strict)', code: dep(), files: { 'skaffold.yaml': SK, 'api/Dockerfile': NODE_CMD }, config: { preset: 'strict' } },
    { name: 'args behind the Dockerfile\'s tini ENTRYPOINT', code: dep('', '          args: ["node", "server.js"]\n'), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT ["/usr/bin/tini", "--"]\n' }, config: { preset: 'strict' } },
  ],
  invalid: [
    {
      name: 'args after the Dockerfile\'s ENTRYPOINT ["node"]',
      code: dep('', '          args: ["server.js"]\n'),
      files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT ["node"]\n' },
      errors: [{ line: 11, column: 17, endColumn: 20, message: 'node as PID 1 of container "api" ignores SIGTERM without a handler: every stop waits 30 s, then SIGKILL. Handle SIGTERM in the program or start it under an init (tini) in the image; shareProcessNamespace: true only makes it stop at once.' }],
      output: null,
    },
  ],
});

ruleTester('k8s/shell-pid1', {
  valid: [
    { name: 'args alone: the script is in the Dockerfile\'s ENTRYPOINT (dockerfile/shell-pid1\'s)', code: dep('', '          args: ["x"]\n'), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT ["sh", "-c", "node a.js"]\n' } },
    { name: 'args alone behind a shell-form ENTRYPOINT: never run', code: dep('', '          args: ["sh", "-c", "node server.js"]\n'), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT /app/start\n' } },
    { name: 'the Dockerfile builds FROM an alpine image: busybox execs the last command', code: dep('', '          command: ["sh", "-c", "node server.js"]\n'), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20-alpine\n' } },
  ],
  invalid: [
    {
      name: 'without the Dockerfile: the shell is not known',
      code: dep('', '          command: ["sh", "-c", "node server.js"]\n'),
      errors: [{ line: 13, column: 33, endColumn: 49, message: /This image's \/bin\/sh is not known/ }],
      output: dep('', '          command: ["sh", "-c", "exec node server.js"]\n'),
    },
    {
      name: 'args after the Dockerfile\'s ENTRYPOINT ["tini", "--"] (FROM node:20: dash)',
      code: dep('', '          args: ["sh", "-c", "node server.js"]\n'),
      files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT ["tini", "--"]\n' },
      errors: [{ line: 13, column: 30, endColumn: 46, message: 'Container "api" runs "sh -c" under "tini" without exec: "tini" passes SIGTERM to the shell only, which exits, so "node" is killed without it. Prefix "node" with exec, or trap TERM and forward it. The image\'s /bin/sh is dash ("node" is Debian-based), which never execs the last command itself.' }],
      output: dep('', '          args: ["sh", "-c", "exec node server.js"]\n'),
    },
    {
      name: 'args behind an entrypoint script of the Dockerfile: judged alone, as before',
      code: dep('', '          args: ["sh", "-c", "node server.js"]\n'),
      files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT ["/entrypoint.sh"]\n' },
      errors: [{ line: 13, column: 30, message: /runs "sh -c" as PID 1 \(unless the image's ENTRYPOINT wraps it\) without exec/ }],
      output: dep('', '          args: ["sh", "-c", "exec node server.js"]\n'),
    },
    {
      name: 'args are the script of the Dockerfile\'s ENTRYPOINT ["sh", "-c"]',
      code: dep('', '          args: ["node server.js"]\n'),
      files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nENTRYPOINT ["sh", "-c"]\n' },
      errors: [{ line: 13, column: 18, endColumn: 34, message: /^Container "api" runs "sh -c" as PID 1 without exec: "node" never gets SIGTERM/ }],
      output: dep('', '          args: ["exec node server.js"]\n'),
    },
  ],
});

ruleTester('k8s/package-manager-start', {
  valid: [],
  invalid: [
    { name: 'FROM node:20-alpine: busybox', code: dep('', '          command: ["npm", "start"]\n'), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20-alpine\n' }, errors: [{ line: 13, column: 21, severity: 'information', message: /this image's busybox ash execs the script's last command/ }], output: null },
    { name: 'FROM node:20: dash', code: dep('', '          command: ["npm", "start"]\n'), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\n' }, errors: [{ line: 13, column: 21, severity: 'warning', message: /this image's dash never execs it/ }], output: null },
  ],
});

describe('related information points at the Dockerfile', () => {
  it('compose/root-user, compose/shell-pid1, compose/tmpdir-not-writable, compose/missing-init (inline), k8s/root-user', () => {
    const rel = (rule: string, c: Parameters<typeof findingsOf>[1]) => findingsOf(rule, c)[0]?.related;
    assert.deepEqual(rel('compose/root-user', { code: 'services:\n  api:\n    build: .\n    user: root\n', files: { Dockerfile: 'FROM node:20\nUSER app\n' } }),
      [{ message: 'The Dockerfile\'s USER app: the user the service runs as without "user"', path: '/ws/Dockerfile', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } } }]);
    assert.deepEqual(rel('compose/shell-pid1', { code: 'services:\n  api:\n    build: .\n    command: ["node server.js"]\n', files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["sh", "-c"]\n' } }),
      [{ message: 'The Dockerfile\'s ENTRYPOINT: the service\'s command runs as its arguments', path: '/ws/Dockerfile', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 23 } } }]);
    assert.deepEqual(rel('compose/tmpdir-not-writable', { code: 'services:\n  api:\n    build: .\n    read_only: true\n', files: { Dockerfile: 'FROM node:20\nENV TMPDIR=/var/tmp\n' } }),
      [{ message: 'The Dockerfile\'s ENV sets TMPDIR=/var/tmp', path: '/ws/Dockerfile', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } } }]);
    // dockerfile_inline: the related information is the inline text, in the compose file itself
    assert.deepEqual(rel('compose/missing-init', { code: 'services:\n  api:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM node:20\n        CMD ["node", "server.js"]\n' }),
      [{ message: 'The Dockerfile\'s CMD: PID 1 of the service', path: undefined, range: { start: { line: 4, character: 25 }, end: { line: 7, character: 0 } } }]);
    assert.deepEqual(rel('k8s/root-user', { path: 'k8s/deployment.yaml', code: dep(NON_ROOT), files: { 'skaffold.yaml': SK, 'api/Dockerfile': 'FROM node:20\nUSER app\n' } }),
      [{ message: 'The Dockerfile\'s USER app (built as this image per skaffold.yaml)', path: '/ws/api/Dockerfile', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } } }]);
  });
});
