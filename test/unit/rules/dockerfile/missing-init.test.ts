import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, optionsFor, findingsOf } from '../../rule-tester';
import { harden, lint } from '../../../../server/src/core/lint';

const APK = 'RUN apk add --no-cache tini';
const APT = 'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*';

ruleTester('dockerfile/missing-init', {
  valid: [
    'FROM alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]\n',
    'FROM debian:12\nENTRYPOINT ["tini", "--", "/app"]\n',
    'FROM debian:12\nENTRYPOINT ["/usr/bin/dumb-init", "--"]\nCMD ["/app"]\n',
    { name: 's6-overlay', code: 'FROM alpine\nENTRYPOINT ["/init"]\n' },
    { name: 'catatonit', code: 'FROM fedora\nENTRYPOINT ["/usr/bin/catatonit", "--", "/app"]\n' },
    { name: 'shell-form ENTRYPOINT that execs tini', code: 'FROM alpine\nENTRYPOINT exec /sbin/tini -- /app\n' },
    { name: 'no ENTRYPOINT, CMD starts with an init', code: 'FROM alpine\nCMD ["tini", "--", "node", "server.js"]\n' },
    { name: 'init ENTRYPOINT inherited from an earlier stage', code: 'FROM alpine AS base\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nFROM base\nCMD ["/app"]\n' },
    { name: 'neither ENTRYPOINT nor CMD here: the base image decides', code: 'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n' },
    { name: 'Windows image', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nENTRYPOINT ["app.exe"]\n' },
    { name: 'own directive', code: 'FROM alpine\n# container-signals-disable-next-line dockerfile/missing-init -- run with --init\nENTRYPOINT ["/app"]\n' },
    // bases whose own ENTRYPOINT is an init (the list compose/missing-init uses): the CMD runs under it
    { name: 'jenkins/jenkins runs tini: a CMD alone keeps it', code: 'FROM jenkins/jenkins:lts-jdk17\nUSER root\nRUN apt-get update && apt-get install -y curl\nUSER jenkins\nCMD ["/usr/local/bin/jenkins.sh", "--httpPort=8081"]\n' },
    { name: 'elasticsearch through an earlier stage', code: 'FROM docker.elastic.co/elasticsearch/elasticsearch:8.15.0 AS base\nCOPY elasticsearch.yml /usr/share/elasticsearch/config/\nFROM base\nCMD ["eswrapper"]\n' },
    { name: 'a linuxserver image (s6-overlay)', code: 'FROM lscr.io/linuxserver/nginx:latest\nCMD ["nginx"]\n' },
  ],
  invalid: [
    {
      name: 'alpine: install tini after FROM and prefix the exec-form ENTRYPOINT',
      code: 'FROM alpine:3.20\nCOPY app /app\nENTRYPOINT ["/app", "--serve"]\n',
      errors: [{ line: 3, column: 12, endColumn: 31, severity: 'information', message: 'The ENTRYPOINT `/app` is not an init, so it runs as PID 1: it gets only the signals it installed a handler for (SIGTERM is otherwise dropped, then SIGKILL) and must reap orphaned children. Run an init: `init: true` (compose), `docker run --init`, or tini as ENTRYPOINT.' }],
      output: `FROM alpine:3.20\n${APK}\nCOPY app /app\nENTRYPOINT ["/sbin/tini", "--", "/app", "--serve"]\n`,
    },
    {
      name: 'debian: apt install (lists cleaned), spacing inside the array kept',
      code: 'FROM debian:bookworm-slim\nENTRYPOINT [ "/app" ]\n',
      errors: [{ line: 2, column: 12, endColumn: 22 }],
      output: `FROM debian:bookworm-slim\n${APT}\nENTRYPOINT [ "/usr/bin/tini", "--", "/app" ]\n`,
    },
    {
      name: 'apt-based through apt-get use; no ENTRYPOINT: one is added before CMD',
      code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y libpq5\nCMD ["python", "app.py"]\n',
      errors: [{ line: 3, column: 5, endColumn: 25, message: 'No init runs as PID 1: with no ENTRYPOINT here, PID 1 is `python` or the base image\'s ENTRYPOINT, and it gets only the signals it installed a handler for (SIGTERM is otherwise dropped, then SIGKILL) and must reap orphaned children. Run an init: `init: true` (compose), `docker run --init`, or tini as ENTRYPOINT.' }],
      output: `FROM python:3.12\n${APT}\nRUN apt-get update && apt-get install -y libpq5\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["python", "app.py"]\n`,
    },
    {
      name: 'node base: its entrypoint only prepends node, so CMD ["node", …] is safe',
      code: 'FROM node:20-alpine\nCMD ["node", "server.js"]\n',
      errors: [{ line: 2, column: 5 }],
      output: `FROM node:20-alpine\n${APK}\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'a base whose ENTRYPOINT does real work: replacing it is only an alternative',
      code: 'FROM nginx:alpine\nCOPY site /usr/share/nginx/html\nCMD ["nginx", "-g", "daemon off;"]\n',
      errors: [{ line: 3, column: 5 }],
      output: null,
      alternatives: [`FROM nginx:alpine\n${APK}\nCOPY site /usr/share/nginx/html\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["nginx", "-g", "daemon off;"]\n`],
    },
    {
      name: 'tini already installed: only the ENTRYPOINT changes',
      code: 'FROM alpine\nRUN apk add --no-cache tini curl\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3, column: 12 }],
      output: 'FROM alpine\nRUN apk add --no-cache tini curl\nENTRYPOINT ["/sbin/tini", "--", "/app"]\n',
    },
    {
      name: 'jenkins/jenkins with its init cleared by `ENTRYPOINT []`: reported',
      code: 'FROM jenkins/jenkins:lts\nENTRYPOINT []\nCMD ["/usr/local/bin/jenkins.sh"]\n',
      errors: [{ line: 3, column: 5, endColumn: 34, message: /^No init runs as PID 1/ }],
      output: null, // jenkins/jenkins runs as a non-root user: the install cannot run
    },
    {
      name: 'jenkins/jenkins with an ENTRYPOINT written over its tini: reported',
      code: 'FROM jenkins/jenkins:lts\nENTRYPOINT ["/usr/local/bin/jenkins.sh"]\n',
      errors: [{ line: 2, column: 12, message: /^The ENTRYPOINT `\/usr\/local\/bin\/jenkins.sh` is not an init/ }],
      output: null,
    },
    {
      name: 'tini installed in an earlier stage, no ENTRYPOINT: only the ENTRYPOINT is added',
      code: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y tini\nFROM base\nCMD ["/app"]\n',
      errors: [{ line: 4, column: 5 }],
      output: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y tini\nFROM base\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["/app"]\n',
    },
    {
      name: 'the install runs as root, before the USER of the final stage',
      code: 'FROM alpine\nRUN apk add curl\nUSER 10001\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, column: 12 }],
      output: `FROM alpine\n${APK}\nRUN apk add curl\nUSER 10001\nENTRYPOINT ["/sbin/tini", "--", "/app"]\n`,
    },
    {
      name: 'a non-root user inherited from an earlier stage: no fix',
      code: 'FROM alpine AS base\nUSER 1000\nFROM base\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, column: 12 }],
      output: null,
    },
    {
      name: 'no package manager known: no fix',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3, column: 12 }],
      output: null,
    },
    {
      name: 'shell-form ENTRYPOINT: no fix here (dockerfile/shell-form converts it first)',
      code: 'FROM alpine\nENTRYPOINT /app --serve\n',
      errors: [{ line: 2, column: 12, endColumn: 24, message: /`\/app` is not an init/ }],
      output: null,
    },
    {
      name: 'ENTRYPOINT [] clears the entrypoint: it becomes tini',
      code: 'FROM alpine\nENTRYPOINT []\nCMD ["/app"]\n',
      errors: [{ line: 3, column: 5 }],
      output: `FROM alpine\n${APK}\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app"]\n`,
    },
    {
      name: 'ENTRYPOINT of an earlier stage: tini is installed in that stage',
      code: 'FROM alpine AS base\nCOPY app /app\nENTRYPOINT ["/app"]\nFROM base\nRUN true\n',
      errors: [{ line: 3, column: 12 }],
      output: `FROM alpine AS base\n${APK}\nCOPY app /app\nENTRYPOINT ["/sbin/tini", "--", "/app"]\nFROM base\nRUN true\n`,
    },
    {
      name: 'CMD of an earlier stage: ENTRYPOINT added next to it, so the CMD is not reset',
      code: 'FROM python:3.12-alpine AS base\nCMD ["python", "app.py"]\nFROM base\nCOPY . /app\n',
      errors: [{ line: 2, column: 5 }],
      output: `FROM python:3.12-alpine AS base\n${APK}\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["python", "app.py"]\nFROM base\nCOPY . /app\n`,
    },
    {
      name: 'lower-case keywords and CRLF',
      code: 'from alpine\r\nentrypoint ["/app"]\r\n',
      errors: [{ line: 2, column: 12 }],
      output: 'from alpine\r\nrun apk add --no-cache tini\r\nentrypoint ["/sbin/tini", "--", "/app"]\r\n',
    },
    {
      name: 'multi-line exec form',
      code: 'FROM alpine\nENTRYPOINT ["/app", \\\n  "--serve"]\n',
      errors: [{ line: 2, column: 12, endLine: 3, endColumn: 13 }],
      output: `FROM alpine\n${APK}\nENTRYPOINT ["/sbin/tini", "--", "/app", \\\n  "--serve"]\n`,
    },
  ],
});

describe('dockerfile/missing-init fix titles say what the edits do', () => {
  const cases: [code: string, preferred: string | undefined, alternative: string | undefined][] = [
    ['FROM alpine\nENTRYPOINT ["/app"]\n', 'Install tini and run the ENTRYPOINT under `/sbin/tini`', undefined],
    ['FROM alpine\nRUN apk add --no-cache tini curl\nENTRYPOINT ["/app"]\n', 'Run the ENTRYPOINT under `/sbin/tini`', undefined],
    ['FROM alpine\nENTRYPOINT []\nCMD ["/app"]\n', 'Install tini and make `/sbin/tini` the ENTRYPOINT', undefined],
    ['FROM alpine\nRUN apk add tini\nENTRYPOINT []\nCMD ["/app"]\n', 'Make `/sbin/tini` the ENTRYPOINT', undefined],
    ['FROM debian:12\nCMD ["/app"]\n', 'Install tini and add `ENTRYPOINT ["/usr/bin/tini", "--"]` before CMD', undefined],
    ['FROM debian:12\nRUN apt-get install -y tini\nCMD ["/app"]\n', 'Add `ENTRYPOINT ["/usr/bin/tini", "--"]` before CMD', undefined],
    ['FROM nginx:alpine\nCMD ["nginx", "-g", "daemon off;"]\n', undefined, 'Install tini and add `ENTRYPOINT ["/sbin/tini", "--"]` before CMD (replaces the base image\'s ENTRYPOINT)'],
    ['FROM nginx:alpine\nRUN apk add tini\nCMD ["nginx", "-g", "daemon off;"]\n', undefined, 'Add `ENTRYPOINT ["/sbin/tini", "--"]` before CMD (replaces the base image\'s ENTRYPOINT)'],
  ];
  for (const [code, preferred, alternative] of cases) {
    it(JSON.stringify(code), () => {
      const [f, ...more] = findingsOf('dockerfile/missing-init', { code });
      assert.equal(more.length, 0);
      assert.equal(f.fix?.title, preferred);
      assert.equal(f.alternatives?.[0]?.title, alternative);
    });
  }
});

describe('dockerfile/missing-init combined with root-user and shell-form', () => {
  const RULES = new Set(['dockerfile/missing-init', 'dockerfile/root-user', 'dockerfile/shell-form']);
  const cases: [string, string, string][] = [
    ['no USER, no RUN, shell-form CMD',
      'FROM alpine:3.20\nCMD /app --serve\n',
      `FROM alpine:3.20\n${APK}\nUSER 10001:10001\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["/app", "--serve"]\n`],
    ['trailing USER root and an exec ENTRYPOINT',
      'FROM debian:12\nCOPY app /app\nUSER root\nENTRYPOINT ["/app"]\n',
      `FROM debian:12\n${APT}\nCOPY app /app\nUSER 10001:10001\nENTRYPOINT ["/usr/bin/tini", "--", "/app"]\n`],
    ['shell-form ENTRYPOINT becomes exec form, then gets tini',
      'FROM alpine\nRUN apk add curl\nENTRYPOINT /app --serve\n',
      `FROM alpine\n${APK}\nRUN apk add curl\nUSER 10001:10001\nENTRYPOINT ["/sbin/tini", "--", "/app", "--serve"]\n`],
  ];
  const opts = optionsFor('dockerfile/missing-init', { code: '' });
  const only = (ids: string[]) => (f: { rule: string }) => ids.includes(f.rule);
  for (const [name, code, want] of cases) {
    it(`${name}: converges in any order`, () => {
      const orders = [
        [[...RULES]],
        [['dockerfile/missing-init'], [...RULES]],
        [['dockerfile/root-user'], [...RULES]],
        [['dockerfile/shell-form'], ['dockerfile/missing-init'], [...RULES]],
      ];
      for (const order of orders) {
        let text = code;
        for (const ids of order) text = harden(text, opts, only(ids)).output;
        assert.equal(text, want, `order ${order.map((o) => o.join('+')).join(' → ')}`);
        assert.deepEqual(lint(text, opts).filter((f) => RULES.has(f.rule)).map((f) => f.rule), []);
        assert.equal(harden(text, opts).changed, false, 'second harden is a no-op');
      }
    });
  }
});
