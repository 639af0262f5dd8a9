/** The knowledge module: image facts, PID 1 judgement, package-manager starts (RUNTIMES.md as data). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imageInfo, parseImageRef, pid1, packageManagerStart, handles, runsS6, stageFamily, programRow } from '../../server/src/core/knowledge';
import { IMAGES, PROGRAMS } from '../../server/src/core/knowledge/tables';
import { parseDockerfile } from '../../server/src/core/model/dockerfile';

describe('knowledge: tables', () => {
  it('every row cites a source', () => {
    for (const r of IMAGES) assert.ok(r.source.length > 10, `image row ${r.name} has no source`);
    for (const [k, r] of Object.entries(PROGRAMS)) assert.ok(r.source.length > 10, `program ${k} has no source`);
  });
});

describe('knowledge: images', () => {
  it('normalises names, tags, registries and ${VAR:-default}', () => {
    assert.deepEqual(parseImageRef('docker.io/library/postgres:15@sha256:ab12'), { raw: 'docker.io/library/postgres:15@sha256:ab12', name: 'postgres', tag: '15', unresolved: false });
    assert.equal(parseImageRef('${JITSI_IMAGE_REPO:-jitsi}/web:${JITSI_IMAGE_VERSION:-unstable}').name, 'jitsi/web');
    assert.equal(parseImageRef('${REGISTRY}/api:1').unresolved, true);
    assert.equal(parseImageRef('localhost:5000/team/api:1').name, 'localhost:5000/team/api');
  });
  it('knows the shells of RUNTIMES.md', () => {
    const sh = (i: string) => imageInfo(i).shell.value;
    assert.equal(sh('debian:12'), 'dash');
    assert.equal(sh('node:20-bookworm-slim'), 'dash');
    assert.equal(sh('python:3.12-slim'), 'dash');
    assert.equal(sh('node:20-alpine'), 'busybox');
    assert.equal(sh('postgres:16-alpine3.19'), 'busybox');
    assert.equal(sh('alpine'), 'busybox');
    assert.equal(sh('busybox:1.36'), 'busybox');
    assert.equal(sh('fedora:40'), 'bash');
    assert.equal(sh('redhat/ubi9-minimal'), 'bash');
    assert.equal(sh('scratch'), 'none');
    assert.equal(sh('gcr.io/distroless/static-debian12:nonroot'), 'none');
    assert.equal(sh('gcr.io/distroless/base:debug'), 'busybox');
    assert.equal(sh('myorg/api:1'), 'unknown');
    assert.equal(sh('${IMAGE}'), 'unknown');
  });
  it('knows the images that run an init, s6-overlay among them', () => {
    assert.equal(runsS6('${JITSI_IMAGE_REPO:-jitsi}/web:${JITSI_IMAGE_VERSION:-unstable}'), true);
    assert.equal(runsS6('lscr.io/linuxserver/sonarr:latest'), true);
    assert.equal(runsS6('ghcr.io/home-assistant/home-assistant:stable'), true);
    assert.equal(runsS6('jenkins/jenkins:lts'), false);
    assert.equal(imageInfo('jenkins/jenkins:lts').init?.value.name, 'tini');
    assert.equal(imageInfo('docker.elastic.co/elasticsearch/elasticsearch:8.1.0').init?.value.name, 'tini');
    assert.equal(imageInfo('myorg/linuxserver-fan').init, undefined);
  });
  it('knows who the official servers run as', () => {
    assert.equal(imageInfo('postgres:16').user?.value, 'drops');
    assert.equal(imageInfo('nginx:1.27').user?.value, 'needs-root');
    assert.equal(imageInfo('ubuntu:24.04').user?.value, 'root');
    assert.equal(imageInfo('gcr.io/distroless/static:nonroot').user?.value, 'nonroot');
    assert.equal(imageInfo('myorg/api').user, undefined);
  });
});

describe('knowledge: PID 1', () => {
  const kind = (x: Parameters<typeof pid1>[0]) => { const p = pid1(x); return `${p.row.kind}:${p.row.name}`; };
  it('an image with no command runs its known server', () => {
    assert.equal(kind({ image: 'postgres:16' }), 'server:postgres');
    assert.equal(kind({ image: 'redis:7-alpine' }), 'server:redis-server');
    assert.equal(kind({ image: 'myorg/api' }), 'unknown:an unknown program');
  });
  it('a command names the program', () => {
    assert.equal(kind({ image: 'node:20', command: ['node', 'server.js'] }), 'interpreter:node');
    assert.equal(kind({ image: 'python:3.12', command: ['python', 'app.py'] }), 'interpreter:python');
    assert.equal(kind({ image: 'python:3.12', command: ['python', '-m', 'uvicorn', 'app:app'] }), 'runtime:uvicorn');
    assert.equal(kind({ image: 'x', command: ['gosu', 'app', 'java', '-jar', 'a.jar'] }), 'runtime:java');
    assert.equal(kind({ image: 'x', command: ['bundle', 'exec', 'puma'] }), 'runtime:puma');
    assert.equal(kind({ image: 'x', command: ['/usr/bin/tini', '--', 'node', 'a.js'] }), 'init:tini');
    assert.equal(kind({ image: 'x', command: ['npm', 'start'] }), 'package-manager:npm');
    // k8s corpus: the vLLM API server installs a SIGTERM handler (vllm entrypoints/openai/api_server.py)
    assert.equal(kind({ image: 'vllm/vllm-openai:v0.11.0', entrypoint: ['python3', '-m', 'vllm.entrypoints.openai.api_server'] }), 'runtime:the vLLM API server');
  });
  it('the Kubernetes project\'s busybox image is busybox', () => {
    assert.equal(imageInfo('registry.k8s.io/busybox').shell.value, 'busybox');
    assert.equal(imageInfo('k8s.gcr.io/busybox:1.27').shell.value, 'busybox');
  });
  it('postgres with its official docker-entrypoint.sh and a command runs the command', () => {
    assert.equal(kind({ image: 'postgres:16', entrypoint: ['docker-entrypoint.sh'], command: ['postgres', '-c', 'fsync=off'] }), 'server:postgres');
  });
  it('sh -c: busybox and bash exec the last command, dash does not', () => {
    assert.equal(kind({ image: 'node:20-alpine', command: ['sh', '-c', 'migrate && node server.js'] }), 'interpreter:node');
    assert.equal(kind({ image: 'node:20', command: ['sh', '-c', 'migrate && node server.js'] }), 'shell:a shell');
    assert.equal(kind({ image: 'node:20', command: ['bash', '-c', 'migrate && node server.js'] }), 'interpreter:node');
    assert.equal(kind({ image: 'node:20', command: ['sh', '-c', 'migrate && exec node server.js'] }), 'interpreter:node');
    assert.equal(kind({ image: 'myorg/x', command: ['sh', '-c', 'migrate && server'] }), 'shell:a shell');
    const p = pid1({ image: 'node:20', command: ['sh', '-c', 'trap "exit 0" TERM; server & wait'] });
    assert.equal(handles(p.row, 'SIGTERM'), true);
  });
  it('images whose ENTRYPOINT is an init', () => {
    const p = pid1({ image: 'lscr.io/linuxserver/sonarr' });
    assert.equal(p.row.kind, 'init');
    assert.equal(p.s6, true);
  });
  it('a Dockerfile: ENTRYPOINT + CMD, the build stage family (RULES.md principle 6)', () => {
    const model = parseDockerfile('FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n');
    assert.equal(stageFamily(model, model.final)?.value, 'go');
    const p = pid1({ dockerfile: { model, stage: model.final } });
    assert.equal(p.row.kind, 'runtime');
    assert.equal(handles(p.row, 'SIGTERM'), true);
    const rust = parseDockerfile('FROM rust:1 AS b\nRUN cargo build\nFROM debian:12-slim\nCOPY --from=b /t/app /usr/local/bin/app\nCMD ["app"]\n');
    assert.equal(pid1({ dockerfile: { model: rust, stage: rust.final } }).row.kind, 'native');
    const shellForm = parseDockerfile('FROM node:20\nCMD node server.js\n');
    const s = pid1({ dockerfile: { model: shellForm, stage: shellForm.final } });
    assert.equal(s.row.kind, 'shell');
    const alpine = parseDockerfile('ARG V=20-alpine\nFROM node:${V}\nCMD node server.js\n');
    assert.equal(pid1({ dockerfile: { model: alpine, stage: alpine.final } }).row.name, 'node');
  });
  it('an image whose ENTRYPOINT is its program: a command is only its arguments', () => {
    assert.equal(kind({ image: 'prom/prometheus:v3', command: ['--config.file=/etc/p.yml'] }), 'runtime:a Go program');
    assert.equal(pid1({ image: 'prom/prometheus:v3', command: ['--config.file=/etc/p.yml'] }).via, 'the ENTRYPOINT of the image "prom/prometheus"');
  });
  it('a JVM or BEAM build stage: its start script execs the runtime (RULES.md principle 6)', () => {
    const jvm = parseDockerfile('FROM gradle:8-jdk17 AS b\nRUN gradle installDist\nFROM eclipse-temurin:21-jre\nCOPY --from=b /app /app\nENTRYPOINT ["/app/bin/AdService"]\n');
    assert.equal(pid1({ dockerfile: { model: jvm, stage: jvm.final } }).row.name, 'java');
    const beam = parseDockerfile('FROM hexpm/elixir:1.17 AS b\nRUN mix release\nFROM debian:12-slim\nCOPY --from=b /app/rel/x ./\nCMD ["sh", "-c", "ulimit -n 65536 && exec /app/bin/server"]\n');
    assert.equal(pid1({ dockerfile: { model: beam, stage: beam.final } }).row.name, 'erl');
  });
  it('npm and yarn as PID 1 forward SIGTERM to the script (npm/run-script signal-manager, yarn signal-handler)', () => {
    assert.equal(handles(programRow('npm')!, 'SIGTERM'), true);
    assert.equal(handles(programRow('yarn')!, 'SIGTERM'), true);
  });
  it('signals handled', () => {
    assert.equal(handles(programRow('python')!, 'SIGINT'), true);
    assert.equal(handles(programRow('python')!, 'SIGTERM'), false);
    assert.equal(handles(programRow('nginx')!, 'SIGQUIT'), true);
    assert.equal(handles(programRow('postgres')!, '2'), true);
  });
});

describe('knowledge: package-manager starts', () => {
  const pm = (...a: string[]) => packageManagerStart(a)?.script ?? null;
  it('npm start / run / yarn / pnpm', () => {
    assert.equal(pm('npm', 'start'), 'start');
    assert.equal(pm('npm', 'run', 'serve'), 'serve');
    assert.equal(pm('npm', 'run-script', 'serve'), 'serve');
    assert.equal(pm('yarn', 'start'), 'start');
    assert.equal(pm('yarn', 'dev'), 'dev');
    assert.equal(pm('pnpm', 'run', 'start'), 'start');
    assert.equal(pm('env', 'NODE_ENV=production', 'npm', 'start'), 'start');
  });
  it('not installs or execs', () => {
    assert.equal(pm('npm', 'ci'), null);
    assert.equal(pm('npm', 'install'), null);
    assert.equal(pm('yarn'), null);
    assert.equal(pm('yarn', 'install'), null);
    assert.equal(pm('pnpm', 'exec', 'node'), null);
    assert.equal(pm('node', 'server.js'), null);
  });
});
