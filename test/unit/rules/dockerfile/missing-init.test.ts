import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, optionsFor } from '../../rule-tester';
import { harden } from '../../../../server/src/core/lint';

const APK = 'RUN apk add --no-cache tini';
const APT = 'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*';
const NODE = '"node" is PID 1 (the Dockerfile\'s CMD) and does not handle SIGTERM by default, so docker stop ends in SIGKILL after the grace period. Handle SIGTERM in the program, or run it under an init (tini, docker run --init, compose init: true).';

ruleTester('dockerfile/missing-init', {
  valid: [
    {
      name: 'a STOPSIGNAL the build rejects: no image is built (dockerfile/invalid-stopsignal), nothing to judge here',
      code: 'FROM node:20\nSTOPSIGNAL SIGKIL\nCMD ["node", "server.js"]\n',
    },
    'FROM alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]\n',
    'FROM debian:12\nENTRYPOINT ["tini", "--", "/app"]\n',
    'FROM debian:12\nENTRYPOINT ["/usr/bin/dumb-init", "--"]\nCMD ["/app"]\n',
    { name: 's6-overlay', code: 'FROM alpine\nENTRYPOINT ["/init"]\n' },
    { name: 'catatonit', code: 'FROM fedora\nENTRYPOINT ["/usr/bin/catatonit", "--", "/app"]\n' },
    { name: 'no ENTRYPOINT, CMD starts with an init', code: 'FROM alpine\nCMD ["tini", "--", "node", "server.js"]\n' },
    { name: 'init ENTRYPOINT inherited from an earlier stage', code: 'FROM alpine AS base\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nFROM base\nCMD ["/app"]\n' },
    { name: 'neither ENTRYPOINT nor CMD here: the base image decides', code: 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n' },
    { name: 'Windows image', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nENTRYPOINT ["app.exe"]\n' },
    { name: 'own directive', code: 'FROM alpine\n# container-signals-disable-next-line dockerfile/missing-init -- run with --init\nENTRYPOINT ["node", "a.js"]\n' },
    // bases whose own ENTRYPOINT is an init: the CMD runs under it
    { name: 'jenkins/jenkins runs tini: a CMD alone keeps it', code: 'FROM jenkins/jenkins:lts-jdk17\nUSER root\nRUN apt-get update && apt-get install -y curl\nUSER jenkins\nCMD ["/usr/local/bin/jenkins.sh", "--httpPort=8081"]\n' },
    { name: 'elasticsearch through an earlier stage', code: 'FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.0 AS base\nFROM base\nCMD ["eswrapper"]\n' },
    { name: 'a linuxserver image (s6-overlay)', code: 'FROM lscr.io/linuxserver/nginx:latest\nCMD ["nginx"]\n' },
    // programs that handle SIGTERM (RUNTIMES.md Programs as PID 1)
    { name: 'a known server', code: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n' },
    { name: 'java', code: 'FROM eclipse-temurin:21\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n' },
    { name: 'gunicorn', code: 'FROM python:3.12-slim\nCMD ["gunicorn", "-b", ":8000", "app:app"]\n' },
    { name: 'Go binary copied from a golang build stage (RULES.md principle 6)', code: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n' },
    { name: 'a .NET apphost from an sdk build stage', code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/runtime-deps:8.0\nCOPY --from=build /out /app\nENTRYPOINT ["/app/cartservice"]\n' },
    { name: 'python with STOPSIGNAL SIGINT (KeyboardInterrupt)', code: 'FROM python:3.12\nSTOPSIGNAL SIGINT\nCMD ["python", "app.py"]\n' },
    { name: 'an entrypoint script in front of a known server', code: 'FROM debian\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["postgres"]\n' },
    { name: 'postgres: CMD options go to its docker-entrypoint.sh', code: 'FROM postgres:16\nCMD ["-c", "shared_buffers=256MB"]\n' },
    { name: 'a program that exits at once', code: 'FROM alpine\nCMD ["/bin/true"]\n' },
    { name: 'a package manager start is package-manager-start\'s', code: 'FROM node:20\nCMD ["npm", "start"]\n' },
    { name: 'a shell running a Go program: shell-form reports the shell', code: 'FROM golang:1.23 AS build\nFROM debian\nCOPY --from=build /out/app /app\nCMD /app --serve\n' },
    { name: 'a pipeline: the shell rules report it', code: 'FROM debian\nCMD node a.js | tee log\n' },
  ],
  invalid: [
    {
      name: 'node on Debian: warning; suggestion installs tini (apt) and adds an ENTRYPOINT (node\'s entrypoint execs commands)',
      code: 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: [{ line: 3, column: 5, endColumn: 26, severity: 'warning', message: NODE }],
      output: null,
      suggestions: [`FROM node:20\n${APT}\nCOPY . .\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["node", "server.js"]\n`],
    },
    {
      name: 'tini joins the stage\'s existing apk add',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache nodejs \\\n    curl\nCOPY . .\nENTRYPOINT ["node", "server.js"]\n',
      errors: [{ line: 5, column: 12, severity: 'warning', message: /^"node" is PID 1 \(the Dockerfile's ENTRYPOINT\)/ }],
      output: null,
      suggestions: ['FROM alpine:3.20\nRUN apk add --no-cache tini nodejs \\\n    curl\nCOPY . .\nENTRYPOINT ["/sbin/tini", "--", "node", "server.js"]\n'],
    },
    {
      name: 'tini joins an apt-get install',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nENTRYPOINT ["python", "app.py"]\n',
      errors: [{ line: 3, column: 12, severity: 'warning', message: /^"python" is PID 1/ }],
      output: null,
      suggestions: ['FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends tini gcc && rm -rf /var/lib/apt/lists/*\nENTRYPOINT ["/usr/bin/tini", "--", "python", "app.py"]\n'],
    },
    {
      name: 'dash shell form: the suggestion also execs the last command',
      code: 'FROM python:3.12-slim\nCMD ./migrate && python app.py\n',
      errors: [{ line: 2, column: 5, severity: 'warning', message: '"python" (the Dockerfile\'s CMD) does not handle SIGTERM by default: behind the shell, or as PID 1 once exec\'d, docker stop ends in SIGKILL after the grace period. Handle SIGTERM in the program, or run it under an init (tini, docker run --init, compose init: true) and exec it.' }],
      output: null,
      suggestions: [`FROM python:3.12-slim\n${APT}\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ./migrate && exec python app.py\n`],
    },
    {
      name: 'a native program from a rust build stage',
      code: 'FROM rust:1.80 AS build\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /src/target/release/app /app\nCMD ["/app"]\n',
      errors: [{ line: 5, column: 5, severity: 'warning', message: /^"\/app" \(a native program\) is PID 1/ }],
      output: null,
      suggestions: [`FROM rust:1.80 AS build\nRUN cargo build --release\nFROM debian:12-slim\n${APT}\nCOPY --from=build /src/target/release/app /app\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["/app"]\n`],
    },
    {
      name: 'unknown program: information, says so',
      code: 'FROM alpine:3.20\nCOPY app /app\nENTRYPOINT ["/app", "--serve"]\n',
      errors: [{ line: 3, column: 12, endColumn: 31, severity: 'information', message: 'The linter cannot tell whether "/app", PID 1 here (the Dockerfile\'s ENTRYPOINT), handles SIGTERM; without a handler docker stop ends in SIGKILL after the grace period. If it has none, run it under an init (tini, docker run --init, compose init: true).' }],
      output: null,
      suggestions: [`FROM alpine:3.20\n${APK}\nCOPY app /app\nENTRYPOINT ["/sbin/tini", "--", "/app", "--serve"]\n`],
    },
    {
      name: 'an entrypoint script: information',
      code: 'FROM debian\nENTRYPOINT ["/entrypoint.sh"]\n',
      errors: [{ line: 2, column: 12, severity: 'information', message: /^The linter cannot tell whether "\/entrypoint\.sh"/ }],
      output: null,
    },
    {
      name: 'an entrypoint script in front of node: information (the script may not exec)',
      code: 'FROM node:20-alpine\nENTRYPOINT ["./entrypoint.sh"]\nCMD ["node", "server.js"]\n',
      errors: [{ line: 2, column: 12, severity: 'information', message: /^The linter cannot tell whether "node"/ }],
      output: null,
    },
    {
      name: 'node: a CMD that is a .js file runs under node (docker-entrypoint.sh)',
      code: 'FROM node:20-alpine\nCMD ["index.js"]\n',
      errors: [{ line: 2, column: 5, severity: 'warning', message: /^"node" is PID 1/ }],
      output: null,
      suggestions: [`FROM node:20-alpine\n${APK}\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["index.js"]\n`],
    },
    {
      name: 'no package manager known and no RUN to join: no suggestion',
      code: 'FROM gcr.io/distroless/nodejs22-debian12\nCOPY . /app\nCMD ["server.js"]\n',
      errors: [{ line: 3, column: 5, severity: 'information' }],
      output: null,
      suggestions: [],
    },
    {
      name: 'a non-root base and no install: no suggestion',
      code: 'FROM cgr.dev/chainguard/node\nENTRYPOINT ["node", "a.js"]\n',
      errors: [{ line: 2, column: 12, severity: 'warning' }],
      output: null,
      suggestions: [],
    },
    {
      name: 'STOPSIGNAL changes the signal named',
      code: 'FROM node:20\nSTOPSIGNAL SIGQUIT\nENTRYPOINT ["node", "a.js"]\n',
      errors: [{ line: 3, column: 12, message: /does not handle SIGQUIT by default/ }],
      output: null,
    },
  ],
});

describe('dockerfile/missing-init: suggestions are never applied by harden', () => {
  it('harden leaves the file as it is', () => {
    const code = 'FROM node:20\nCMD ["node", "server.js"]\n';
    assert.equal(harden(code, optionsFor('dockerfile/missing-init', { code })).output, code);
  });
});
