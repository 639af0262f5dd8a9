import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester } from '../../rule-tester';
import { composeWords } from '../../../../server/src/core/rules/compose/util';

const svc = (lines: string) => `services:\n  web:\n    image: node:20\n${lines}`;

ruleTester('compose/shell-pid1', {
  valid: [
    svc('    command: ["sh", "-c", "exec node app.js"]\n'),
    svc('    command: sh -c "cd /app && exec node app.js"\n'),
    svc('    command: bash -c "set -e; exec gunicorn app:app"\n'),
    // a script that traps TERM handles it on purpose
    svc('    command: ["sh", "-c", "trap \'kill $$PID\' TERM; node app & PID=$$!; wait"]\n'),
    // no shell: Compose splits the string form itself, nothing runs `sh -c`
    svc('    command: node server.js\n'),
    svc('    command: ["node", "-c", "x"]\n'),
    svc('    command: sh /entrypoint.sh\n'),
    // the entrypoint gives `sh -c`, the command is the script
    svc('    entrypoint: ["/bin/sh", "-c"]\n    command: ["exec node app.js"]\n'),
    // only builtins: nothing is started, nothing can miss SIGTERM
    svc('    command: sh -c "echo starting; exit 0"\n'),
    svc('    command: ["sh", "-c", ""]\n'),
    // healthchecks are not the container's PID 1
    svc('    healthcheck:\n      test: ["CMD", "sh", "-c", "curl -f localhost"]\n'),
    // an init in front of a script that execs, or of no shell at all
    svc('    entrypoint: ["tini", "--"]\n    command: ["sh", "-c", "cd /app && exec node app.js"]\n'),
    svc('    command: ["tini", "--", "node", "app.js"]\n'),
    // s6-overlay's /init signals every process at stop and waits its grace time
    svc('    entrypoint: ["/init"]\n    command: ["sh", "-c", "./migrate && node app.js"]\n'),
    // a trap for TERM behind an init
    svc('    command: ["dumb-init", "sh", "-c", "trap \'kill $$P\' TERM; node app & P=$$!; wait"]\n'),
    // busybox ash and bash exec the last simple command themselves (RUNTIMES.md): silent in recommended
    'services:\n  web:\n    image: node:20-alpine\n    command: ["sh", "-c", "npm run migrate && node server.js"]\n',
    'services:\n  web:\n    image: alpine:3.20\n    command: sh -c "cd /app && ./server"\n',
    'services:\n  web:\n    image: rockylinux:9\n    command: ["/bin/sh", "-c", "./prep; ./server"]\n',
    svc('    command: ["bash", "-c", "./migrate && node app.js"]\n'),
    { name: 'build FROM an alpine base', code: 'services:\n  web:\n    build: .\n    command: ["sh", "-c", "./prep && ./server"]\n', files: { Dockerfile: 'FROM python:3.12-alpine\n' } },
  ],
  invalid: [
    {
      name: 'strict: busybox execs, the hint says exec makes it portable',
      config: { preset: 'strict' },
      code: 'services:\n  web:\n    image: node:20-alpine\n    command: ["sh", "-c", "npm run migrate && node server.js"]\n',
      errors: [{ line: 4, column: 27, severity: 'hint', message: 'Service "web" runs sh -c without exec: this works because this image\'s /bin/sh (busybox ash) execs "node" itself. Prefix it with exec to make the script portable.' }],
      output: 'services:\n  web:\n    image: node:20-alpine\n    command: ["sh", "-c", "npm run migrate && exec node server.js"]\n',
    },
    {
      name: 'busybox: a pipeline at the end is never exec\'d: warning in recommended',
      code: 'services:\n  web:\n    image: alpine\n    command: ["sh", "-c", "./server | tee /log"]\n',
      errors: [{ line: 4, column: 27, severity: 'warning', message: /ends with a pipeline, which no shell execs/ }],
      output: null,
    },
    {
      name: 'unknown image: the message says both behaviours',
      code: 'services:\n  web:\n    image: acme/app\n    command: ["sh", "-c", "./prep && ./server"]\n',
      errors: [{ line: 4, column: 27, severity: 'warning', message: /^Service "web" runs sh -c, and the script does not exec "\.\/server" \(dash, Debian's \/bin\/sh, never does; busybox and bash do\)\./ }],
      output: 'services:\n  web:\n    image: acme/app\n    command: ["sh", "-c", "./prep && exec ./server"]\n',
    },
    {
      name: 'list form, double-quoted item',
      code: svc('    command: ["sh", "-c", "cd /app && node server.js"]\n'),
      errors: [{ line: 4, column: 27, endLine: 4, endColumn: 54, severity: 'warning', message: 'Service "web" runs sh -c, and dash (this image\'s /bin/sh) does not exec "node" at its end. The shell is PID 1 and drops SIGTERM without passing it on, so "node" is killed with SIGKILL when the grace period ends. Prefix "node" with exec so it replaces the shell.' }],
      output: svc('    command: ["sh", "-c", "cd /app && exec node server.js"]\n'),
    },
    {
      name: 'string form: the script word of `sh -c "…"`',
      code: svc('    command: sh -c "migrate && bizclaw serve" # start\n'),
      errors: [{ line: 4, column: 20, endColumn: 46 }],
      output: svc('    command: sh -c "migrate && exec bizclaw serve" # start\n'),
    },
    {
      name: 'string form with single quotes inside',
      config: { preset: 'strict' },
      code: svc('    command: /bin/bash -c \'envsubst < /tmp/n.conf > /etc/n.conf && nginx -g "daemon off;"\'\n'),
      errors: [{ line: 4, column: 27 }],
      output: svc('    command: /bin/bash -c \'envsubst < /tmp/n.conf > /etc/n.conf && exec nginx -g "daemon off;"\'\n'),
    },
    {
      name: 'string form inside a double-quoted YAML scalar',
      code: svc('    command: "sh -c \'cd /app && node x\'"\n'),
      errors: [{ line: 4, column: 21, endColumn: 40 }],
      output: svc('    command: "sh -c \'cd /app && exec node x\'"\n'),
    },
    {
      name: 'YAML escapes before the insertion point are mapped',
      code: svc('    command: ["sh", "-c", "echo \\"starting\\"\\tnow; node app"]\n'),
      errors: [{ line: 4, column: 27 }],
      output: svc('    command: ["sh", "-c", "echo \\"starting\\"\\tnow; exec node app"]\n'),
    },
    {
      name: "single-quoted item with ''",
      code: svc("    command:\n      - sh\n      - -c\n      - 'echo ''hi''; node app'\n"),
      errors: [{ line: 7, column: 9, endColumn: 32 }],
      output: svc("    command:\n      - sh\n      - -c\n      - 'echo ''hi''; exec node app'\n"),
    },
    {
      name: 'plain item, comment kept, flush sequence',
      code: svc('    command:\n    - sh\n    - -c\n    - ./migrate; node app # run\n'),
      errors: [{ line: 7, column: 7, endColumn: 26 }],
      output: svc('    command:\n    - sh\n    - -c\n    - ./migrate; exec node app # run\n'),
    },
    {
      name: 'literal block scalar',
      code: svc('    command:\n      - /bin/sh\n      - -ec\n      - |\n        ./migrate\n        node server.js\n    ports: ["80:80"]\n'),
      errors: [{ line: 7, column: 9, endLine: 9, endColumn: 23 }],
      output: svc('    command:\n      - /bin/sh\n      - -ec\n      - |\n        ./migrate\n        exec node server.js\n    ports: ["80:80"]\n'),
    },
    {
      name: 'folded block scalar in the entrypoint',
      code: svc('    entrypoint:\n      - sh\n      - -c\n      - >-\n        ./migrate &&\n        PORT=8080 node server.js\n'),
      errors: [{ line: 7, column: 9 }],
      output: svc('    entrypoint:\n      - sh\n      - -c\n      - >-\n        ./migrate &&\n        PORT=8080 exec node server.js\n'),
    },
    {
      name: 'multi-line plain string form',
      code: svc('    command: sh -c "cd /app &&\n      node x"\n'),
      errors: [{ line: 4, column: 20, endLine: 5, endColumn: 14 }],
      output: svc('    command: sh -c "cd /app &&\n      exec node x"\n'),
    },
    {
      name: 'entrypoint `sh -c`, the script in the command',
      code: svc('    entrypoint: ["/bin/sh", "-c"]\n    command: ["node app.js"]\n'),
      errors: [{ line: 5, column: 15, endColumn: 28 }],
      output: svc('    entrypoint: ["/bin/sh", "-c"]\n    command: ["exec node app.js"]\n'),
    },
    {
      name: 'env, options before -c',
      config: { preset: 'strict' },
      code: svc('    command: ["env", "A=1", "bash", "-o", "pipefail", "-c", "./prep | tee log; node x"]\n'),
      errors: [{ line: 4, column: 61, severity: 'hint', message: /runs bash -c without exec: this works because bash execs/ }],
      output: svc('    command: ["env", "A=1", "bash", "-o", "pipefail", "-c", "./prep | tee log; exec node x"]\n'),
    },
    {
      name: 'unquoted script word: `exec ` would split it, no fix',
      code: svc('    command: sh -c node\n'),
      errors: [{ line: 4, column: 20, endColumn: 24 }],
      output: null,
    },
    {
      name: 'a backslash before the insertion point in the string form: no fix',
      code: svc('    entrypoint: /bin/sh\n    command: -c "echo \\"$$CFG\\" > /tmp/c.yml; /app/console"\n'),
      errors: [{ line: 5, column: 17 }],
      output: null,
    },
    {
      name: 'a pipeline: no fix',
      code: svc('    command: ["sh", "-c", "node app | tee /var/log/app.log"]\n'),
      errors: [{ line: 4, column: 27, message: /ends with a pipeline, which no shell execs.*Make the script exec its main program, or trap TERM and forward it/ }],
      output: null,
    },
    {
      name: 'an EXIT trap is not a TERM trap: no fix, and the message says so',
      code: svc('    command: sh -c "trap \'rm -f /tmp/app.pid\' EXIT; node app"\n'),
      errors: [{ line: 4, column: 20, endColumn: 62, message: 'Service "web" runs sh -c, and the script sets a trap (not for TERM or INT), so no shell execs its last command. The shell is PID 1 and drops SIGTERM without passing it on, so its children are killed with SIGKILL when the grace period ends. Make the script exec its main program, or trap TERM and forward it.' }],
      output: null,
    },
    {
      name: '`init: true`: docker-init forwards SIGTERM to the shell only, the program is killed at once',
      code: svc('    init: true\n    command: ["sh", "-c", "./migrate && node app.js"]\n'),
      errors: [{ line: 5, column: 27, endLine: 5, endColumn: 53, message: 'Service "web" runs sh -c, and dash (this image\'s /bin/sh) does not exec "node" at its end. The init (init: true) forwards SIGTERM to the shell only, which exits without passing it on, so "node" is killed with SIGKILL as soon as the init exits. Prefix "node" with exec so it replaces the shell.' }],
      output: svc('    init: true\n    command: ["sh", "-c", "./migrate && exec node app.js"]\n'),
    },
    {
      name: '`init: true` with no fix',
      code: svc('    init: true\n    command: ["sh", "-c", "node app | tee log"]\n'),
      errors: [{ line: 5, column: 27, message: 'Service "web" runs sh -c, and the script ends with a pipeline, which no shell execs. The init (init: true) forwards SIGTERM to the shell only, which exits without passing it on, so its children are killed with SIGKILL as soon as the init exits. Make the script exec its main program, or trap TERM and forward it.' }],
      output: null,
    },
    {
      name: 'tini in the command: it signals the shell only',
      code: svc('    command: [tini, --, sh, -c, "a && b"]\n'),
      errors: [{ line: 4, column: 33, endLine: 4, endColumn: 41, message: 'Service "web" runs sh -c, and dash (this image\'s /bin/sh) does not exec "b" at its end. "tini" forwards SIGTERM to the shell only, which exits without passing it on, so "b" is killed with SIGKILL as soon as "tini" exits. Prefix "b" with exec so it replaces the shell.' }],
      output: svc('    command: [tini, --, sh, -c, "a && exec b"]\n'),
    },
    {
      name: 'tini as the entrypoint, the shell in the command (string form), with `init: true` too: the nearest init is named',
      code: svc('    init: true\n    entrypoint: ["/sbin/tini", "-s", "--"]\n    command: sh -c "./migrate && node app.js"\n'),
      errors: [{ line: 6, column: 20, endColumn: 46, message: /^Service "web" runs sh -c, and dash .*"\/sbin\/tini" forwards SIGTERM to the shell only/ }],
      output: svc('    init: true\n    entrypoint: ["/sbin/tini", "-s", "--"]\n    command: sh -c "./migrate && exec node app.js"\n'),
    },
    {
      name: 'tini -g and dumb-init signal the group, but exit with the shell: still reported',
      code: 'services:\n  a:\n    image: x\n    command: [tini, -g, --, sh, -c, "a && b"]\n  b:\n    image: x\n    entrypoint: ["/usr/bin/dumb-init", "--", "sh", "-c"]\n    command: ["./migrate && node app.js"]\n',
      errors: [
        { line: 4, column: 37, endColumn: 45, message: 'Service "a" runs sh -c, and the script does not exec "b" (dash, Debian\'s /bin/sh, never does; busybox and bash do). "tini" signals the whole process group, but the shell dies on SIGTERM at once and "tini" exits with it, so "b" is killed with SIGKILL with no time to shut down. Prefix "b" with exec so it replaces the shell.' },
        { line: 8, column: 15, endColumn: 41, message: /^Service "b" runs sh -c, .*"\/usr\/bin\/dumb-init" signals the whole process group, but/ },
      ],
      output: 'services:\n  a:\n    image: x\n    command: [tini, -g, --, sh, -c, "a && exec b"]\n  b:\n    image: x\n    entrypoint: ["/usr/bin/dumb-init", "--", "sh", "-c"]\n    command: ["./migrate && exec node app.js"]\n',
    },
    {
      name: 'dumb-init --single-child forwards to the shell only',
      config: { preset: 'strict' },
      code: svc('    command: ["dumb-init", "--single-child", "bash", "-c", "./migrate; ./server"]\n'),
      errors: [{ line: 4, column: 60, severity: 'hint', message: 'Service "web" runs bash -c without exec: this works because bash execs "./server" itself. Prefix it with exec to make the script portable.' }],
      output: svc('    command: ["dumb-init", "--single-child", "bash", "-c", "./migrate; exec ./server"]\n'),
    },
    {
      name: 'ends with `wait`: no fix',
      code: svc('    command: sh -c "nginx & php-fpm & wait"\n'),
      errors: [{ line: 4, column: 20, message: /ends with a shell builtin/ }],
      output: null,
    },
    {
      name: 'inherited from an anchor: on the service, no fix (the anchor is not edited)',
      code: 'x-cmd: &cmd\n  command: ["sh", "-c", "node app"]\nservices:\n  web:\n    <<: *cmd\n    image: node\n',
      errors: [{ line: 4, column: 3, endColumn: 6 }],
      output: null,
    },
    {
      name: 'CRLF literal block, 4-space indentation',
      code: 'services:\r\n    web:\r\n        image: x\r\n        command:\r\n            - sh\r\n            - -c\r\n            - |\r\n                cd /app\r\n                node x\r\n',
      errors: [{ line: 7, column: 15, endLine: 9, endColumn: 23 }],
      output: 'services:\r\n    web:\r\n        image: x\r\n        command:\r\n            - sh\r\n            - -c\r\n            - |\r\n                cd /app\r\n                exec node x\r\n',
    },
    {
      name: 'flow style service, multi-document',
      code: 'kind: x\n---\nservices:\n  web: {image: x, command: [sh, -c, "node app"]}\n',
      errors: [{ line: 4, column: 37, endColumn: 47 }],
      output: 'kind: x\n---\nservices:\n  web: {image: x, command: [sh, -c, "exec node app"]}\n',
    },
  ],
});

describe('composeWords (Compose\'s string form, split like go-shellwords)', () => {
  it('splits on blanks and removes quotes, with offsets', () => {
    const w = composeWords(`sh -c "a && 'b'" x'y z'`)!;
    assert.deepEqual(w.map((x) => x.value), ['sh', '-c', "a && 'b'", 'xy z']);
    assert.deepEqual([w[2].start, w[2].end, w[2].map[0], w[2].quoted[0]], [6, 16, 7, true]);
    assert.equal(w[3].quoted[0], false);
    assert.equal(w[3].quoted[1], true);
  });
  it('backslash escapes the next character', () => {
    assert.deepEqual(composeWords('a\\ b "c\\"d"')!.map((x) => x.value), ['a b', 'c"d']);
  });
  it('gives up where go-shellwords stops or differs', () => {
    for (const s of ['a && b', 'a; b', 'a | b', 'a > f', 'echo `x`', 'echo $(x)', 'sh -c "unterminated', "it's"]) assert.equal(composeWords(s), undefined, s);
    assert.deepEqual(composeWords('echo "$(x) && y"')!.map((x) => x.value), ['echo', '$(x) && y']);
    assert.deepEqual(composeWords('""')!.map((x) => x.value), ['']);
  });
});
