import { ruleTester } from '../../rule-tester';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../server/src/core/lint';

const NO_USER = (base: string) => `No USER is set, so the image runs as root, the default user of "${base}". Add a non-root numeric user after the last RUN/COPY/ADD, e.g. USER 10001:10001, if the program does not need root.`;
const STRICT = { preset: 'strict' as const };

ruleTester('dockerfile/root-user', {
  valid: [
    { name: 'recommended: no USER is not reported', code: 'FROM debian:12\nRUN apt-get update\nCMD ["bash"]\n' },
    { name: 'strict: an image that drops privileges itself (postgres)', code: 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n', config: STRICT },
    { name: 'strict: nginx needs root to start', code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n', config: STRICT },
    { name: 'USER root on an image that drops privileges itself', code: 'FROM redis:7\nUSER root\nRUN apt-get update\n' },
    { name: 'strict: an image build that drops privileges with gosu', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y gosu\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["postgres"]\n', config: STRICT },
    { name: 'strict: a server that starts as root and drops (nginx)', code: 'FROM debian:bookworm-slim\nRUN apt-get install -y nginx\nCMD ["nginx", "-g", "daemon off;"]\n', config: STRICT },
    { name: 'strict: an image the tables know nothing about', code: 'FROM example/base\nRUN true\n', config: STRICT },
    'FROM alpine\nRUN apk add curl\nUSER 10001:10001\nCMD ["sh"]\n',
    'FROM node:20\nUSER node\n',
    { name: 'last USER wins (checkov RootUser success)', code: 'FROM base\n\nUSER root\nCOPY test.sh /test.sh\n\nUSER checkov\n' },
    { name: 'distroless nonroot tag', code: 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    { name: 'distroless debug-nonroot tag with digest', code: 'FROM gcr.io/distroless/base-debian12:debug-nonroot@sha256:0123456789abcdef\nCOPY app /app\n' },
    { name: 'chainguard image (dev variant too)', code: 'FROM cgr.dev/chainguard/python:latest-dev\nCOPY app.py /app.py\nCMD ["python", "/app.py"]\n' },
    { name: '.NET chiseled image', code: 'FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled\nCOPY app /app\nENTRYPOINT ["/app/app"]\n' },
    { name: 'a publisher image that runs non-root', code: 'FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.0\nRUN elasticsearch-plugin install analysis-icu\n' },
    { name: 'non-root USER inherited from an earlier stage', code: 'FROM node:20 AS base\nUSER node\nFROM base\nCOPY . /app\nCMD ["node", "/app/server.js"]\n' },
    { name: 'non-root base through a global ARG', code: 'ARG BASE=gcr.io/distroless/static:nonroot\nFROM ${BASE}\nCOPY app /app\n' },
    { name: 'USER from a build argument is unknown', code: 'FROM alpine\nARG UID=1000\nUSER $UID\n' },
    { name: 'unresolved base image is unknown', code: 'ARG BASE\nFROM ${BASE}\nRUN true\n' },
    { name: 'FROM scratch with no ENTRYPOINT/CMD is an artifact stage', code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /\n' },
    { name: 'root only in a builder stage', code: 'FROM alpine AS build\nUSER root\nRUN make\nFROM alpine\nCOPY --from=build /app /app\nUSER 1000\n' },
    { name: 'Windows images use ContainerUser/ContainerAdministrator', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n' },
    { name: 'hadolint DL3002 pragma', code: 'FROM alpine\n# hadolint ignore=DL3002\nUSER root\n' },
    { name: 'checkov skip comment', code: 'FROM alpine\n# checkov:skip=CKV_DOCKER_8: needs root for port 80\nUSER root\n' },
    { name: 'file-level directive', code: '# container-signals-disable dockerfile/root-user\nFROM alpine\nRUN true\n' },
  ],
  invalid: [
    {
      name: 'trailing USER root: replaced',
      code: 'FROM alpine\nRUN apk add curl\nUSER root\nCMD ["sh"]\n',
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 10, severity: 'warning', message: 'The image runs as root: "USER root" is the last USER of the final stage. Switch to a non-root numeric user after the last RUN/COPY/ADD, e.g. USER 10001:10001, so runAsNonRoot can verify it.' }],
      output: null,
      suggestions: ['FROM alpine\nRUN apk add curl\nUSER 10001:10001\nCMD ["sh"]\n'],
    },
    {
      name: 'USER 0:0 followed by RUN: a new USER after the last RUN',
      code: 'FROM alpine\nUSER 0:0\nRUN apk add curl\nCMD ["sh"]\n',
      errors: [{ line: 2, column: 6, endColumn: 9 }],
      output: null,
      suggestions: ['FROM alpine\nUSER 0:0\nRUN apk add curl\nUSER 10001:10001\nCMD ["sh"]\n'],
    },
    {
      name: 'root with a group',
      code: 'FROM alpine\nUSER root:wheel\n',
      errors: [{ line: 2, column: 6, endColumn: 16 }],
      output: null,
      suggestions: ['FROM alpine\nUSER 10001:10001\n'],
    },
    {
      name: 'no USER at all (Trivy DS-0002 bad example)',
      code: 'FROM debian:9\nRUN apt-get update && apt-get -y install vim && apt-get clean\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information', endColumn: 14, message: NO_USER('debian') }],
      output: null,
      suggestions: ['FROM debian:9\nRUN apt-get update && apt-get -y install vim && apt-get clean\nUSER 10001:10001\n'],
    },
    {
      name: 'no USER, inserted after the last COPY (not at the end)',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD ["python", "app.py"]\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information', endColumn: 22 }],
      output: null,
      suggestions: ['FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 10001:10001\nEXPOSE 8000\nCMD ["python", "app.py"]\n'],
    },
    {
      name: 'no RUN/COPY/ADD: after the FROM',
      code: 'FROM alpine\nCMD ["sh"]\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information', endColumn: 12 }],
      output: null,
      suggestions: ['FROM alpine\nUSER 10001:10001\nCMD ["sh"]\n'],
    },
    {
      name: 'FROM flags and stage name: the range is the image',
      code: 'FROM --platform=$BUILDPLATFORM alpine:3.20 AS final\nRUN true\n',
      config: STRICT,
      errors: [{ line: 1, column: 32, endColumn: 43 }],
      output: null,
      suggestions: ['FROM --platform=$BUILDPLATFORM alpine:3.20 AS final\nRUN true\nUSER 10001:10001\n'],
    },
    {
      name: 'root inherited from an earlier stage',
      code: 'FROM alpine AS base\nUSER root\nFROM base\nCMD ["sh"]\n',
      errors: [{ line: 2, column: 6, endColumn: 10 }],
      output: null,
      suggestions: ['FROM alpine AS base\nUSER root\nFROM base\nUSER 10001:10001\nCMD ["sh"]\n'],
    },
    {
      name: 'heredoc RUN: after its terminator',
      code: 'FROM alpine\nRUN <<EOF\napk add curl\nEOF\nCMD ["sh"]\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information' }],
      output: null,
      suggestions: ['FROM alpine\nRUN <<EOF\napk add curl\nEOF\nUSER 10001:10001\nCMD ["sh"]\n'],
    },
    {
      name: 'an unterminated heredoc swallows the rest of the file: no fix',
      code: 'FROM alpine\nRUN <<EOF\napk add curl\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information' }],
      output: null,
    },
    {
      name: 'continuation RUN: after its last line',
      code: 'FROM alpine\nRUN apk add \\\n    curl\nCMD ["sh"]\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information' }],
      output: null,
      suggestions: ['FROM alpine\nRUN apk add \\\n    curl\nUSER 10001:10001\nCMD ["sh"]\n'],
    },
    {
      name: 'fix.user setting, lower-case keywords, no final newline',
      code: 'from alpine\nrun true',
      config: { preset: 'strict', fix: { user: '65532' } },
      errors: [{ line: 1, column: 6, severity: 'information', message: /e\.g\. USER 65532,/ }],
      output: null,
      suggestions: ['from alpine\nrun true\nuser 65532'],
    },
    {
      name: 'CRLF',
      code: 'FROM alpine\r\nUSER root\r\nRUN true\r\n',
      errors: [{ line: 2, column: 6, endColumn: 10 }],
      output: null,
      suggestions: ['FROM alpine\r\nUSER root\r\nRUN true\r\nUSER 10001:10001\r\n'],
    },
    {
      name: 'escape directive with continuation',
      code: '# escape=`\nFROM alpine\nRUN apk add `\n    curl\n',
      config: STRICT,
      errors: [{ line: 2, column: 6 }],
      output: null,
      suggestions: ['# escape=`\nFROM alpine\nRUN apk add `\n    curl\nUSER 10001:10001\n'],
    },
    {
      name: 'distroless without the nonroot tag runs as root',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information' }],
      output: null,
      suggestions: ['FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER 10001:10001\nENTRYPOINT ["/app"]\n'],
    },
    {
      name: 'scratch image that runs',
      code: 'FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      config: STRICT,
      errors: [{ line: 1, column: 6, severity: 'information', endColumn: 13 }],
      output: null,
      suggestions: ['FROM scratch\nCOPY app /app\nUSER 10001:10001\nENTRYPOINT ["/app"]\n'],
    },
    {
      name: 'a root fix.user (`0`) gives no fix (USER 0 would change nothing), and the message keeps a non-root example',
      code: 'FROM alpine\nRUN true\n',
      config: { preset: 'strict', fix: { user: '0' } },
      errors: [{ line: 1, column: 6, severity: 'information', endColumn: 12, message: NO_USER('alpine') }],
      output: null,
    },
    {
      name: 'a root fix.user (`root`): a trailing USER root is not replaced by itself',
      code: 'FROM alpine\nRUN true\nUSER root\n',
      config: { fix: { user: 'root' } },
      errors: [{ line: 3, column: 6, endColumn: 10 }],
      output: null,
    },
    {
      name: 'a root fix.user (`0:0`)',
      code: 'FROM debian:12\nUSER 0\nCOPY app /app\n',
      config: { fix: { user: '0:0' } },
      errors: [{ line: 2, column: 6, endColumn: 7 }],
      output: null,
    },
  ],
});

// Found by the mutation fuzzer (test/fuzz): dockerfile-ast's getHeredocs() throws on a
// continuation line ended by a lone CR; the rule crashed instead of reporting. (The model now
// reads a lone CR as LF, and a Dockerfile with one gets no fix at all: see lone-cr.test.ts.)
describe('dockerfile/root-user on input dockerfile-ast cannot read the heredocs of', () => {
  it('reports without a fix instead of crashing', () => {
    const r = analyze('FROM alpine:3.20\nRUN set -x \\\n        *) \\\r# on an architecture\n', { path: '/ws/Dockerfile', config: { preset: 'strict' } });
    assert.deepEqual(r.ruleErrors, []);
    const f = r.findings.find((x) => x.rule === 'dockerfile/root-user');
    assert.ok(f, 'reported');
    assert.equal(f.fix, undefined, 'no USER line is inserted after an instruction whose end is unknown');
    assert.equal(f.suggestions, undefined, 'not as a suggestion either');
  });
});
