import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, findingsOf } from '../../rule-tester';

const TINI_DOCKERFILE = 'FROM node:20-alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]\n';

ruleTester('compose/missing-init', {
  valid: [
    {
      name: 'a stop_signal Docker rejects: the container is not created (compose/invalid-stop-signal), nothing to judge here',
      code: 'services:\n  api:\n    image: node:20\n    command: ["node", "server.js"]\n    stop_signal: SIGKIL\n',
    },
    {
      name: 'a program that exits at once (echo, /bin/true) has no stop signal to lose',
      code: 'services:\n  a:\n    image: alpine\n    entrypoint: ["echo", "built"]\n  b:\n    image: alpine\n    command: /bin/true\n',
    },
    {
      name: 'netboxcommunity/netbox: its ENTRYPOINT is tini (knowledge table), the command runs behind it',
      code: 'services:\n  worker:\n    image: netboxcommunity/netbox:v4\n    command: ["/opt/netbox/venv/bin/python", "manage.py", "rqworker"]\n',
    },
    {
      name: 'npm start: npm forwards SIGTERM to the script\'s shell; compose/package-manager-start reports the shell',
      code: 'services:\n  web:\n    image: node:20\n    command: npm start\n',
    },
    {
      name: 'prom/prometheus with flags: its ENTRYPOINT is the Go program, which exits on SIGTERM',
      code: 'services:\n  prometheus:\n    image: prom/prometheus:v3.4.2\n    command:\n      - \'--config.file=/etc/prometheus/prometheus.yml\'\n',
    },
    'services:\n  web:\n    image: nginx\n    init: true\n',
    // an init as argv[0] of the entrypoint: list and string form
    'services:\n  web:\n    image: node:20\n    entrypoint: ["/sbin/tini", "--", "node", "app.js"]\n',
    'services:\n  web:\n    image: node:20\n    entrypoint: dumb-init -- node app.js\n',
    'services:\n  web:\n    image: my/s6-image\n    entrypoint: [/init]\n',
    'services:\n  web:\n    image: x\n    entrypoint:\n      - /usr/bin/catatonit\n      - --\n      - app\n',
    // no entrypoint anywhere: the command is argv, and it starts with tini
    'services:\n  web:\n    image: x\n    command: ["tini", "--", "app"]\n',
    // merge key: the init comes from the anchor
    'x-defaults: &defaults\n  init: true\n  restart: unless-stopped\nservices:\n  web:\n    <<: *defaults\n    image: nginx\n',
    // `extends` a service of the same file that sets it
    'services:\n  base:\n    image: x\n    init: true\n  web:\n    extends: base\n',
    // interpolated: unknown until run time
    'services:\n  web:\n    image: x\n    init: ${USE_INIT:-true}\n',
    // not a compose file
    'web:\n  image: nginx\n',
    { name: 'build: the Dockerfile\'s ENTRYPOINT is tini', code: 'services:\n  api:\n    build: .\n', files: { Dockerfile: TINI_DOCKERFILE } },
    {
      name: 'build: context + dockerfile, FROM <stage> inheritance',
      code: 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n',
      files: { 'api/Dockerfile.prod': 'FROM debian:bookworm AS base\nENTRYPOINT ["/usr/bin/tini", "--"]\n\nFROM base\nCOPY app /app\nCMD ["/app"]\n' },
    },
    {
      name: 'build: target selects the stage',
      code: 'services:\n  api:\n    build:\n      context: .\n      target: runtime\n',
      files: { Dockerfile: 'FROM alpine AS runtime\nENTRYPOINT ["/sbin/tini", "--"]\n\nFROM alpine AS debug\nCMD ["sh"]\n' },
    },
    { name: 'build: no ENTRYPOINT, CMD starts tini', code: 'services:\n  api:\n    build: .\n', files: { Dockerfile: 'FROM alpine\nCMD ["tini", "--", "app"]\n' } },
    // images whose own ENTRYPOINT is an init (s6-overlay refuses `init: true`)
    'services:\n  plex:\n    image: lscr.io/linuxserver/plex:latest\n',
    'services:\n  dns:\n    image: pihole/pihole:2024.07.0\n',
    'services:\n  es:\n    image: elasticsearch:${ES_VERSION}\n',
    'services:\n  mail:\n    image: ghcr.io/docker-mailserver/docker-mailserver:14\n',
    { name: 'build FROM an init image, no ENTRYPOINT of its own', code: 'services:\n  es:\n    build: .\n', files: { Dockerfile: 'ARG V=8.15.0\nFROM docker.elastic.co/elasticsearch/elasticsearch:${V}\nRUN bin/elasticsearch-plugin install analysis-icu\n' } },
    // PID 1 handles SIGTERM itself (RUNTIMES.md): servers, Go, JVM
    'services:\n  web:\n    image: nginx\n',
    'services:\n  db:\n    image: postgres:16\n',
    'services:\n  cache:\n    image: redis:7-alpine\n    command: redis-server --appendonly yes\n',
    'services:\n  api:\n    image: eclipse-temurin:21\n    command: ["java", "-jar", "app.jar"]\n',
    'services:\n  api:\n    image: python:3.12\n    command: gunicorn app:app\n',
    { name: 'build FROM golang copied into a distroless stage', code: 'services:\n  api:\n    build: .\n', files: { Dockerfile: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nCMD ["/app"]\n' } },
    // handles the configured stop signal instead
    'services:\n  job:\n    image: python:3.12\n    command: ["python", "worker.py"]\n    stop_signal: SIGINT\n',
    // not PID 1 of its own namespace
    'services:\n  app:\n    image: node:20\n    command: node server.js\n    pid: host\n',
    'services:\n  sidecar:\n    image: node:20\n    command: node server.js\n    pid: "service:app"\n',
    // s6-overlay behind ${VAR:-default}
    'services:\n  web:\n    image: ${JITSI_IMAGE_REPO:-jitsi}/web:stable\n',
    // a script that traps TERM handles it
    'services:\n  w:\n    image: debian\n    command: ["sh", "-c", "trap \'exit 0\' TERM; while true; do sleep 1; done"]\n',
    // a command that starts with a flag goes to the official image's program (mysqld)
    'services:\n  db:\n    image: mysql:8\n    command: --default-authentication-plugin=mysql_native_password\n',
    // nothing to judge: no image, the Dockerfile cannot be read
    'services:\n  api:\n    build: ./api\n',
    // a script that starts no program
    'services:\n  fail:\n    image: alpine\n    command: sh -c "exit 111"\n',
    // the reap hint is strict-only
    'services:\n  api:\n    image: golang:1.22\n    command: ["go", "run", "."]\n    entrypoint: ["/app/server"]\n',
  ],
  invalid: [
    {
      name: 'node as PID 1: inserted after image, comments kept',
      code: 'services:\n  web:\n    # the front end\n    image: node:20 # pinned later\n    command: ["node", "server.js"]\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, severity: 'warning', message: 'Service "web": node as PID 1 ignores SIGTERM without a handler, so docker stop waits the 10s grace period, then sends SIGKILL. Add "init: true" to run tini as PID 1.' }],
      output: 'services:\n  web:\n    # the front end\n    image: node:20 # pinned later\n    init: true\n    command: ["node", "server.js"]\n',
    },
    {
      name: 'the image\'s own program (node) with no command',
      code: 'services:\n  web:\n    image: node:20\n',
      errors: [{ line: 2, column: 3, severity: 'warning', message: /^Service "web": node \(the image "node"\) as PID 1 ignores SIGTERM/ }],
      output: 'services:\n  web:\n    image: node:20\n    init: true\n',
    },
    {
      name: 'python: only SIGINT has a handler',
      code: 'services:\n  job:\n    image: python:3.12-slim\n    command: python -u worker.py\n',
      errors: [{ line: 2, column: 3, severity: 'warning', message: /^Service "job": python as PID 1 ignores SIGTERM \(only SIGINT has a handler\)/ }],
      output: 'services:\n  job:\n    image: python:3.12-slim\n    init: true\n    command: python -u worker.py\n',
    },
    {
      name: 'stop_signal the program does not handle',
      code: 'services:\n  job:\n    image: python:3.12\n    command: ["python", "w.py"]\n    stop_signal: SIGQUIT\n',
      errors: [{ line: 2, column: 3, severity: 'warning', message: /python as PID 1 ignores SIGQUIT without a handler/ }],
      output: 'services:\n  job:\n    image: python:3.12\n    init: true\n    command: ["python", "w.py"]\n    stop_signal: SIGQUIT\n',
    },
    {
      name: 'unknown PID 1: information, says it cannot tell',
      code: 'services:\n  app:\n    image: acme/app:1.2\n',
      errors: [{ line: 2, column: 3, severity: 'information', message: 'Service "app": the linter cannot tell whether the image "acme/app" handles SIGTERM as PID 1; if not, docker stop waits the 10s grace period, then sends SIGKILL. Add "init: true" to run tini as PID 1.' }],
      output: 'services:\n  app:\n    image: acme/app:1.2\n    init: true\n',
    },
    {
      name: 'a command on an image whose ENTRYPOINT is not known: information, it may run in front',
      code: 'services:\n  worker:\n    image: example/worker:4\n    command: ["/opt/app/venv/bin/python", "manage.py", "rqworker"]\n',
      errors: [{ line: 2, column: 3, severity: 'information', message: 'Service "worker" runs python through its command, behind the ENTRYPOINT of the image "example/worker", which the linter does not know; if PID 1 has no SIGTERM handler, docker stop waits the 10s grace period, then sends SIGKILL. Add "init: true" to run tini as PID 1.' }],
      output: 'services:\n  worker:\n    image: example/worker:4\n    init: true\n    command: ["/opt/app/venv/bin/python", "manage.py", "rqworker"]\n',
    },
    {
      name: 'a build whose Dockerfile cannot be read: information',
      code: 'services:\n  api:\n    build: ./api\n    command: python app.py\n',
      errors: [{ line: 2, column: 3, severity: 'information', message: /^Service "api" runs python through its command, behind the ENTRYPOINT of the image it builds, which the linter does not know/ }],
      output: 'services:\n  api:\n    build: ./api\n    init: true\n    command: python app.py\n',
    },
    {
      name: 'unknown command on an unknown image: names both',
      code: 'services:\n  app:\n    image: acme/app\n    command: ["./bin/worker", "--queue", "a"]\n',
      errors: [{ line: 2, column: 3, severity: 'information', message: /runs "\.\/bin\/worker" through its command, behind the ENTRYPOINT of the image "acme\/app"/ }],
      output: 'services:\n  app:\n    image: acme/app\n    init: true\n    command: ["./bin/worker", "--queue", "a"]\n',
    },
    {
      name: 'unknown program on a known base image: says it cannot tell',
      code: 'services:\n  app:\n    image: debian:12\n    command: ["/usr/local/bin/worker"]\n',
      errors: [{ line: 2, column: 3, severity: 'information', message: /whether "\/usr\/local\/bin\/worker" \(its command\) handles SIGTERM as PID 1/ }],
      output: 'services:\n  app:\n    image: debian:12\n    init: true\n    command: ["/usr/local/bin/worker"]\n',
    },
    {
      name: 'a shell script as PID 1',
      code: 'services:\n  w:\n    image: debian:12\n    command: ["sh", "-c", "./run.sh && ./serve"]\n',
      errors: [{ line: 2, column: 3, severity: 'warning', message: /a shell as PID 1 ignores SIGTERM unless the script traps it/ }],
      output: 'services:\n  w:\n    image: debian:12\n    init: true\n    command: ["sh", "-c", "./run.sh && ./serve"]\n',
    },
    {
      name: 's6-overlay image with an overridden entrypoint: no edit, the message says why',
      code: 'services:\n  web:\n    image: lscr.io/linuxserver/nginx\n    entrypoint: ["node", "x.js"]\n',
      errors: [{ line: 2, column: 3, severity: 'warning', message: /Do not add "init: true": the image runs s6-overlay, whose \/init must be PID 1/ }],
      output: null,
    },
    {
      name: 'strict: Go handles SIGTERM but is not known to reap (hint)',
      code: 'services:\n  api:\n    image: golang:1.22\n    entrypoint: ["/app/server"]\n',
      config: { preset: 'strict' },
      errors: [{ line: 2, column: 3, severity: 'hint', message: 'Service "api": a Go program handles SIGTERM but is not known to reap orphaned children as PID 1. Add "init: true" to run tini as PID 1 if it starts child processes.' }],
      output: 'services:\n  api:\n    image: golang:1.22\n    init: true\n    entrypoint: ["/app/server"]\n',
    },
    {
      name: '`init: false` is replaced, range on the value',
      code: 'services:\n  web:\n    image: node:20\n    init: false # legacy\n',
      errors: [{ line: 4, column: 11, endLine: 4, endColumn: 16, message: /^Service "web" sets "init: false": node/ }],
      output: 'services:\n  web:\n    image: node:20\n    init: true # legacy\n',
    },
    {
      name: 'the message names the service\'s grace period',
      code: 'services:\n  web:\n    image: node:20\n    stop_grace_period: 1m30s\n',
      errors: [{ line: 2, column: 3, message: /docker stop waits the 1m30s grace period/ }],
      output: 'services:\n  web:\n    image: node:20\n    init: true\n    stop_grace_period: 1m30s\n',
    },
    {
      name: 'no image or build: first key',
      code: 'services:\n  job:\n    command: ["node", "x.js"]\n    restart: "no"\n',
      errors: [{ line: 2, column: 3, endColumn: 6, severity: 'warning' }],
      output: 'services:\n  job:\n    init: true\n    command: ["node", "x.js"]\n    restart: "no"\n',
    },
    {
      name: 'after a build block, 4-space indentation',
      code: 'services:\n    api:\n        build:\n            context: .\n            args:\n                - A=1\n        ports:\n            - 8080:8080\n',
      files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["node"]\nCMD ["server.js"]\n' },
      errors: [{ line: 2, column: 5, endColumn: 8, message: /node \(the Dockerfile's ENTRYPOINT\) as PID 1/ }],
      output: 'services:\n    api:\n        build:\n            context: .\n            args:\n                - A=1\n        init: true\n        ports:\n            - 8080:8080\n',
    },
    {
      name: 'flush sequences',
      code: 'services:\n  web:\n    image: node:20\n    ports:\n    - "80:80"\n  db:\n    image: postgres\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: node:20\n    init: true\n    ports:\n    - "80:80"\n  db:\n    image: postgres\n',
    },
    {
      name: 'CRLF',
      code: 'services:\r\n  web:\r\n    image: node:20\r\n    restart: always\r\n',
      errors: [{ line: 2, column: 3 }],
      output: 'services:\r\n  web:\r\n    image: node:20\r\n    init: true\r\n    restart: always\r\n',
    },
    {
      name: 'multi-document: only the compose document fires',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nservices:\n  web:\n    image: node:20\n',
      errors: [{ line: 7, column: 3 }],
      output: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nservices:\n  web:\n    image: node:20\n    init: true\n',
    },
    {
      name: 'flow-style service',
      code: 'services:\n  web: {image: "node:20", ports: ["80:80"]}\n',
      errors: [{ line: 2, column: 3, endColumn: 6 }],
      output: 'services:\n  web: {image: "node:20", ports: ["80:80"], init: true}\n',
    },
    {
      name: 'merge key with `init: false`: the service gets its own key, the anchor is untouched',
      code: 'x-base: &base\n  init: false\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: node:20\n  api:\n    <<: *base\n    image: python:3\n',
      errors: [{ line: 5, column: 3 }, { line: 8, column: 3 }],
      output: 'x-base: &base\n  init: false\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: node:20\n    init: true\n  api:\n    <<: *base\n    image: python:3\n    init: true\n',
    },
    {
      name: 'the entrypoint is the official docker-entrypoint.sh: the command behind it is PID 1',
      code: 'services:\n  web:\n    image: node:20\n    entrypoint: ["docker-entrypoint.sh", "node"]\n',
      errors: [{ line: 2, column: 3, severity: 'warning' }],
      output: 'services:\n  web:\n    image: node:20\n    init: true\n    entrypoint: ["docker-entrypoint.sh", "node"]\n',
    },
    {
      name: 'the compose entrypoint overrides the Dockerfile\'s tini',
      code: 'services:\n  api:\n    build: .\n    entrypoint: node server.js\n',
      files: { Dockerfile: TINI_DOCKERFILE },
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  api:\n    build: .\n    init: true\n    entrypoint: node server.js\n',
    },
    {
      name: 'the Dockerfile\'s ENTRYPOINT is not an init',
      code: 'services:\n  api:\n    build: .\n',
      files: { Dockerfile: 'FROM node:20\nENTRYPOINT ["node", "server.js"]\n' },
      errors: [{ line: 2, column: 3 }],
      output: 'services:\n  api:\n    build: .\n    init: true\n',
    },
    {
      name: 'extends a base without init: both fire, each gets its own key',
      code: 'services:\n  base:\n    image: node:20\n  web:\n    extends: base\n    ports: ["80:80"]\n',
      errors: [{ line: 2, column: 3 }, { line: 4, column: 3 }],
      output: 'services:\n  base:\n    image: node:20\n    init: true\n  web:\n    init: true\n    extends: base\n    ports: ["80:80"]\n',
    },
    {
      name: 'quoted false',
      code: "services:\n  web:\n    image: node:20\n    init: 'false'\n",
      errors: [{ line: 4, column: 11, endColumn: 18 }],
      output: 'services:\n  web:\n    image: node:20\n    init: true\n',
    },
  ],
});

it('compose/missing-init points at the Dockerfile ENTRYPOINT that is not an init', () => {
  const found = findingsOf('compose/missing-init', {
    code: 'services:\n  api:\n    build: ./api\n',
    files: { 'api/Dockerfile': 'FROM node:20\n\nENTRYPOINT ["node", "server.js"]\n' },
  });
  assert.equal(found.length, 1);
  assert.equal(found[0].related?.length, 1);
  assert.equal(found[0].related![0].path, '/ws/api/Dockerfile');
  assert.deepEqual(found[0].related![0].range.start, { line: 2, character: 0 });
});
