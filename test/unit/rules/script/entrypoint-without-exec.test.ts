import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ruleTester, findingsOf, WS } from '../../rule-tester';
import { judgeEntrypointScript } from '../../../../server/src/core/project/entrypoint-script';
import { findScriptConsumers, scriptsRunBy } from '../../../../server/src/core/project/script-consumers';
import { memoryWorkspace } from '../../rule-tester';

const ID = 'script/entrypoint-without-exec';
const HANDS_OFF = 'the shell stays its parent and does not pass the stop signal on. Prefix it with exec.';
/** docker-library's node image entrypoint shape. */
const NODE_DISPATCH = '#!/bin/sh\nset -e\n\n# Run command with node if the first argument contains a "-" or is not a system command.\nif [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then\n  set -- node "$@"\nfi\n\n';

ruleTester(ID, {
  valid: [
    { name: 'set -e, then exec "$@"', code: '#!/bin/sh\nset -e\nexec "$@"\n' },
    { name: 'set -eu and the "${1#-}" dispatch, then exec', code: `${NODE_DISPATCH}exec "$@"\n` },
    { name: 'exec gosu user "$@"', code: '#!/bin/bash\nset -euo pipefail\nchown -R app /data\nexec gosu app "$@"\n' },
    { name: 'exec su-exec user "$@"', code: '#!/bin/sh\nset -e\nif [ "$(id -u)" = 0 ]; then\n  exec su-exec app:app "$@"\nfi\nexec "$@"\n' },
    { name: 'a trap that forwards the signal', code: '#!/bin/sh\ntrap \'kill -TERM "$pid"\' TERM INT\n"$@" &\npid=$!\nwait "$pid"\n' },
    { name: 'if/else with exec in each branch', code: '#!/bin/sh\nif [ "$1" = web ]; then\n  exec gunicorn app:app\nelse\n  exec "$@"\nfi\n' },
    { name: 'case whose items all exec', code: '#!/bin/sh\ncase "$1" in\n  web) exec gunicorn app:app ;;\n  worker) exec celery -A app worker ;;\n  *) exec "$@" ;;\nesac\n' },
    { name: 'docker-library _main "$@" with exec inside the function', code: '#!/usr/bin/env bash\nset -Eeo pipefail\n_is_sourced() {\n  [ "${#FUNCNAME[@]}" -ge 2 ] && [ "${FUNCNAME[0]}" = \'_is_sourced\' ] && [ "${FUNCNAME[1]}" = \'source\' ]\n}\n_main() {\n  if [ "${1:0:1}" = \'-\' ]; then\n    set -- postgres "$@"\n  fi\n  if [ "$1" = \'postgres\' ] && [ "$(id -u)" = \'0\' ]; then\n    exec gosu postgres "$BASH_SOURCE" "$@"\n  fi\n  exec "$@"\n}\nif ! _is_sourced; then\n  _main "$@"\nfi\n' },
    { name: 'a one-shot task (migrations) before exec', code: '#!/bin/sh\nset -e\nnode migrate.js\nexec node server.js\n' },
    { name: 'starts no program at its end', code: '#!/bin/sh\necho "ready"\n' },
    { name: 'exec with redirections only, then exec', code: '#!/bin/sh\nexec >/proc/1/fd/1 2>&1\nexec "$@"\n' },
    { name: 'a build script (not an entrypoint by name, nothing runs it)', path: 'scripts/build.sh', code: '#!/bin/sh\nset -e\nnpm ci\nnpm run build\n' },
    { name: 'a CI helper that runs "$@" (not an entrypoint)', path: 'ci/retry.sh', code: '#!/bin/sh\n"$@" || "$@"\n' },
    { name: 'docker-build.sh: a docker-*.sh helper that hands over to no program', path: 'docker-build.sh', code: '#!/bin/sh\nset -e\ndocker build -t app .\n' },
    { name: 'a script the Dockerfile copies but does not run', path: 'scripts/healthcheck.sh', code: '#!/bin/sh\ncurl -f http://localhost/\n', files: { Dockerfile: 'FROM debian\nCOPY scripts/ /usr/local/bin/\nCMD ["node", "server.js"]\n' } },
    { name: 'a script that does not parse', code: '#!/bin/sh\necho "unterminated\nnode server.js\n' },
    { name: 'a directive silences it', code: '#!/bin/sh\n# container-signals-disable-next-line script/entrypoint-without-exec -- the program ignores signals anyway\nnode server.js\n' },
    { name: 'ends by sourcing another entrypoint (not judged: a builtin), a sourced helper in the background', code: '#!/bin/sh\nset -e\n. /usr/local/bin/operator.sh &\n. /usr/local/bin/docker-entrypoint.sh vault server\n' },
    { name: 'a one-shot job script that ends with echo after builtins only', code: '#!/bin/sh\nmkdir -p /data\necho "done"\n' },
    { name: 'ends in a supervisor loop (not judged)', code: '#!/bin/sh\nwhile true; do\n  node worker.js\n  sleep 1\ndone\n' },
  ],
  invalid: [
    {
      name: 'set -e, then "$@" without exec',
      code: '#!/bin/sh\nset -e\n"$@"\n',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 5, severity: 'warning', message: `The script runs '"$@"' without exec: ${HANDS_OFF}` }],
      output: '#!/bin/sh\nset -e\nexec "$@"\n',
    },
    {
      name: 'unquoted $@',
      code: '#!/bin/sh\nset -eu\n$@\n',
      errors: [{ line: 3, column: 1, endColumn: 3, message: `The script runs "$@" without exec: ${HANDS_OFF}` }],
      output: '#!/bin/sh\nset -eu\nexec $@\n',
    },
    {
      name: 'node server.js',
      path: 'entrypoint.sh',
      code: '#!/bin/sh\nset -e\nnode migrate.js\nnode server.js\n',
      errors: [{ line: 4, column: 1, endColumn: 15, message: `The script runs "node server.js" without exec: ${HANDS_OFF}` }],
      output: '#!/bin/sh\nset -e\nnode migrate.js\nexec node server.js\n',
    },
    {
      name: 'su-exec app "$@" without exec',
      code: '#!/bin/sh\nset -e\nchown -R app /data\nsu-exec app "$@"\n',
      errors: [{ line: 4, column: 1, endColumn: 17, message: `The script runs 'su-exec app "$@"' without exec: ${HANDS_OFF}` }],
      output: '#!/bin/sh\nset -e\nchown -R app /data\nexec su-exec app "$@"\n',
    },
    {
      name: 'gosu app "$@" without exec',
      code: '#!/bin/bash\ngosu app "$@"\n',
      errors: [{ line: 2, column: 1, endColumn: 14 }],
      output: '#!/bin/bash\nexec gosu app "$@"\n',
    },
    {
      name: 'the "${1#-}" dispatch, then "$@"',
      code: `${NODE_DISPATCH}"$@"\n`,
      errors: [{ line: 9, column: 1, endColumn: 5 }],
      output: `${NODE_DISPATCH}exec "$@"\n`,
    },
    {
      name: 'case: the item without exec',
      code: '#!/bin/sh\ncase "$1" in\n  web) exec gunicorn app:app ;;\n  worker) celery -A app worker ;;\n  *) exec "$@" ;;\nesac\n',
      errors: [{ line: 4, column: 11, endColumn: 31, message: `The script runs "celery -A app worker" without exec: ${HANDS_OFF}` }],
      output: '#!/bin/sh\ncase "$1" in\n  web) exec gunicorn app:app ;;\n  worker) exec celery -A app worker ;;\n  *) exec "$@" ;;\nesac\n',
    },
    {
      name: 'if/else: the branch without exec',
      code: '#!/bin/sh\nif [ "$(id -u)" = 0 ]; then\n  exec gosu app "$@"\nelse\n  "$@"\nfi\n',
      errors: [{ line: 5, column: 3, endColumn: 7 }],
      output: '#!/bin/sh\nif [ "$(id -u)" = 0 ]; then\n  exec gosu app "$@"\nelse\n  exec "$@"\nfi\n',
    },
    {
      name: 'main "$@": the function runs the program without exec',
      code: '#!/bin/bash\nmain() {\n  prepare_config\n  node server.js "$@"\n}\nprepare_config() { envsubst < a.tmpl > a.conf; }\nmain "$@"\n',
      errors: [{ line: 4, column: 3, endColumn: 22, message: `The script runs 'node server.js "$@"' without exec (in function "main"): ${HANDS_OFF}` }],
      output: '#!/bin/bash\nmain() {\n  prepare_config\n  exec node server.js "$@"\n}\nprepare_config() { envsubst < a.tmpl > a.conf; }\nmain "$@"\n',
    },
    {
      name: 'a VAR=value prefix stays first',
      code: '#!/bin/sh\nNODE_ENV=production node server.js\n',
      errors: [{ line: 2, column: 1, endColumn: 35 }],
      output: '#!/bin/sh\nNODE_ENV=production exec node server.js\n',
    },
    {
      name: '"$@" then exit $? (exec passes the status on too)',
      code: '#!/bin/sh\n"$@"\nexit $?\n',
      errors: [{ line: 2, column: 1, endColumn: 5 }],
      output: '#!/bin/sh\nexec "$@"\nexit $?\n',
    },
    {
      name: 'an && chain: the last command',
      code: '#!/bin/sh\n./wait-for-db.sh && php artisan migrate --force && php-fpm\n',
      errors: [{ line: 2, column: 52, endColumn: 59 }],
      output: '#!/bin/sh\n./wait-for-db.sh && php artisan migrate --force && exec php-fpm\n',
    },
    {
      name: '"$@" followed by commands that must run: no fix',
      code: '#!/bin/sh\n"$@"\necho "stopped"\nrm -f /run/app.pid\n',
      errors: [{ line: 2, column: 1, endColumn: 5, message: 'The script runs \'"$@"\' without exec and goes on after it (line 3): the stop signal stops at the shell. Trap TERM and pass it on, or move that work before an exec.' }],
      output: null,
    },
    {
      name: 'a daemon in the background, then wait without forwarding: no fix',
      code: '#!/bin/sh\nnode server.js &\nwait\n',
      errors: [{ line: 2, column: 1, endColumn: 15, message: 'The script starts "node server.js" in the background and waits (line 3): the shell does not pass the stop signal on. Exec it in the foreground, or trap TERM and pass it on.' }],
      output: null,
    },
    {
      name: 'daemons in the background and a keep-alive tail: no fix',
      code: '#!/bin/sh\nphp-fpm -D &\nnginx -g "daemon off;" &\ntail -f /dev/null\n',
      errors: [{ line: 3, column: 1, endColumn: 23, message: /^The script starts 'nginx -g "daemon off;"' in the background and waits \(line 4\)/ }],
      output: null,
    },
    {
      name: 'the server, then only echo: no fix',
      code: '#!/bin/sh\nset -e\nrm -f tmp/pids/server.pid\nbundle exec rails s -b 0.0.0.0\n\necho "server stopped"\n',
      errors: [{ line: 4, column: 1, endColumn: 31, message: 'The script runs "bundle exec rails s -b 0.0.0.0" without exec and goes on after it (line 6): the stop signal stops at the shell. Trap TERM and pass it on, or move that work before an exec.' }],
      output: null,
    },
    {
      name: 'a keep-alive after starting daemons: no fix',
      code: '#!/bin/sh\nservice cron start\nservice nginx start\ntail -f /dev/null\n',
      errors: [{ line: 4, column: 1, endColumn: 18, message: 'The script ends with "tail -f /dev/null" to keep the container up: the programs it started as daemons never get the stop signal. Run the main one in the foreground with exec.' }],
      output: null,
    },
    {
      name: 'a pipeline: no fix',
      code: '#!/bin/sh\nnode server.js 2>&1 | tee /var/log/app.log\n',
      errors: [{ line: 2, column: 1, endColumn: 20, message: /^The script ends with "node server.js 2>&1" in a pipeline, which no shell execs/ }],
      output: null,
    },
    {
      name: 'a ( ) subshell: no fix',
      code: '#!/bin/sh\n(cd /app && node server.js)\n',
      errors: [{ line: 2, column: 1, endColumn: 28, message: /^The script ends with "node server.js" in a \( \) subshell/ }],
      output: null,
    },
    {
      name: 'a docker-*.sh script that runs "$@"',
      path: 'docker-start.sh',
      code: '#!/bin/sh\nset -e\n"$@"\n',
      errors: [{ line: 3, column: 1 }],
      output: '#!/bin/sh\nset -e\nexec "$@"\n',
    },
    {
      name: 'entrypoint without extension (languageId shellscript)',
      path: 'entrypoint',
      code: '#!/bin/sh\nexec_cmd="$1"\nnode server.js\n',
      errors: [{ line: 3, column: 1 }],
      output: '#!/bin/sh\nexec_cmd="$1"\nexec node server.js\n',
    },
    {
      name: 'not named as an entrypoint, but the Dockerfile copies and runs it',
      path: 'start.sh',
      code: '#!/bin/sh\nnode server.js\n',
      files: { Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY start.sh ./\nCOPY . .\nCMD ["./start.sh"]\n' },
      errors: [{ line: 2, column: 1, endColumn: 15 }],
      output: '#!/bin/sh\nexec node server.js\n',
    },
  ],
});

const related = (files: Record<string, string>, p: string, code: string) => {
  const found = findingsOf(ID, { code, path: p, files });
  return found.map((f) => ({ line: f.range.start.line, related: (f.related ?? []).map((r) => ({ path: path.relative(WS, r.path ?? ''), line: r.range.start.line, character: r.range.start.character, message: r.message })) }));
};

describe(`${ID}: which scripts, and related information`, () => {
  it('Dockerfile COPY into a PATH folder + ENTRYPOINT by bare name: related points at the ENTRYPOINT', () => {
    const files = { Dockerfile: 'FROM node:20-alpine\nCOPY docker/docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n' };
    assert.deepEqual(related(files, 'docker/docker-entrypoint.sh', '#!/bin/sh\nset -e\n"$@"\n'), [{
      line: 2,
      related: [{ path: 'Dockerfile', line: 2, character: 0, message: 'ENTRYPOINT runs this script as /usr/local/bin/docker-entrypoint.sh (COPY on line 2)' }],
    }]);
  });

  it('a Dockerfile whose CMD runs the script (not named like an entrypoint) behind tini, shell form sh -c', () => {
    const files = { 'app/Dockerfile': 'FROM debian\nWORKDIR /srv\nCOPY run.sh /srv/bin/run.sh\nENTRYPOINT ["tini", "--"]\nCMD sh -c "exec bin/run.sh"\n' };
    assert.deepEqual(related(files, 'app/run.sh', '#!/bin/sh\npython app.py\n'), [{
      line: 1,
      related: [{ path: 'app/Dockerfile', line: 4, character: 0, message: 'CMD runs this script as /srv/bin/run.sh (COPY on line 3)' }],
    }]);
  });

  it('compose bind mount of the file: related points at the service\'s entrypoint', () => {
    const files = { 'compose.yaml': 'services:\n  web:\n    image: node:20\n    entrypoint: ["/entrypoint.sh"]\n    command: ["node", "server.js"]\n    volumes:\n      - ./scripts/start.sh:/entrypoint.sh:ro\n' };
    assert.deepEqual(related(files, 'scripts/start.sh', '#!/bin/sh\n"$@"\n'), [{
      line: 1,
      related: [{ path: 'compose.yaml', line: 3, character: 16, message: 'service "web" runs this script as /entrypoint.sh (entrypoint:, through the bind mount of /entrypoint.sh)' }],
    }]);
  });

  it('compose bind mount of a folder, command running the script through sh', () => {
    const files = { 'docker-compose.yml': 'services:\n  worker:\n    image: python:3.12\n    command: sh /opt/bin/worker.sh\n    volumes:\n      - type: bind\n        source: ./bin\n        target: /opt/bin\n' };
    const r = related(files, 'bin/worker.sh', '#!/bin/sh\ncelery -A app worker\n');
    assert.equal(r.length, 1);
    assert.deepEqual(r[0].related.map((x) => [x.path, x.line, x.message]), [['docker-compose.yml', 3, 'service "worker" runs this script as /opt/bin/worker.sh (command:, through the bind mount of /opt/bin)']]);
  });

  it('compose build: {context, dockerfile} elsewhere: the Dockerfile\'s COPY from that context', () => {
    const files = {
      'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n',
      'docker/api.Dockerfile': 'FROM python:3.12\nCOPY docker/api/start.sh /start.sh\nCMD ["/start.sh"]\n',
    };
    const r = related(files, 'docker/api/start.sh', '#!/bin/sh\ngunicorn app:app\n');
    assert.deepEqual(r[0].related.map((x) => [x.path, x.line, x.message]), [['docker/api.Dockerfile', 2, 'CMD runs this script as /start.sh (COPY on line 2)']]);
  });

  it('a script another Dockerfile copies under a different name is not matched', () => {
    const ws = memoryWorkspace({ Dockerfile: 'FROM debian\nCOPY other.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n' });
    assert.deepEqual(findScriptConsumers(path.join(WS, 'start.sh'), ws), []);
    assert.deepEqual(findingsOf(ID, { code: '#!/bin/sh\nnode a.js\n', path: 'start.sh', files: { Dockerfile: 'FROM debian\nCOPY other.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n' } }), []);
  });

  it('a whole-context COPY . . and a relative ENTRYPOINT', () => {
    const ws = memoryWorkspace({ Dockerfile: 'FROM node:20\nWORKDIR /usr/src/app\nCOPY . .\nENTRYPOINT ["./scripts/boot.sh"]\n' });
    assert.deepEqual(findScriptConsumers(path.join(WS, 'scripts/boot.sh'), ws).map((c) => c.message), ['ENTRYPOINT runs this script as /usr/src/app/scripts/boot.sh (COPY on line 3)']);
  });

  it('a glob COPY', () => {
    const ws = memoryWorkspace({ Dockerfile: 'FROM alpine\nCOPY *.sh /\nENTRYPOINT ["/docker-run.sh"]\n' });
    assert.equal(findScriptConsumers(path.join(WS, 'docker-run.sh'), ws).length, 1);
  });
});

describe('judgeEntrypointScript (for the signal path)', () => {
  it('says where the script execs, or where it does not', () => {
    const ok = judgeEntrypointScript('#!/bin/sh\nset -e\nexec "$@"\n');
    assert.equal(ok.execs, true);
    assert.equal(ok.line, 2);
    const bad = judgeEntrypointScript('#!/bin/sh\nset -e\n"$@"\n');
    assert.equal(bad.execs, false);
    assert.equal(bad.line, 2);
    assert.match(bad.detail, /without exec \(line 3\)/);
    const trap = judgeEntrypointScript('trap "kill $p" TERM\n"$@" & p=$!\nwait $p\n');
    assert.deepEqual([trap.execs, trap.forwards, trap.line], [false, true, 0]);
    assert.equal(judgeEntrypointScript('echo "hi\n').execs, undefined);
    assert.equal(judgeEntrypointScript('echo hi\n').execs, undefined);
  });
});

describe('scriptsRunBy (for the signal path: Dockerfile → script)', () => {
  const ws = memoryWorkspace({
    'docker/docker-entrypoint.sh': '#!/bin/sh\nexec "$@"\n',
    'bin/start.sh': '#!/bin/sh\nnode server.js\n',
    'other.sh': 'echo other\n',
  });
  it('follows COPY into a PATH folder and a folder copy, ENTRYPOINT first', () => {
    const df = 'FROM node:20\nCOPY other.sh docker/docker-entrypoint.sh /usr/local/bin/\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["bin/start.sh"]\n';
    const r = scriptsRunBy(df, WS, ws);
    assert.deepEqual(r.map((x) => [path.relative(WS, x.path), x.imagePath, x.runBy.keyword, x.copiedBy.line + 1]), [
      ['docker/docker-entrypoint.sh', '/usr/local/bin/docker-entrypoint.sh', 'ENTRYPOINT', 2],
      ['bin/start.sh', '/app/bin/start.sh', 'CMD', 4],
    ]);
    assert.deepEqual(r.map((x) => judgeEntrypointScript(x.text).execs), [true, false]);
  });
  it('nothing when the script is not in the context, or not copied', () => {
    assert.deepEqual(scriptsRunBy('FROM debian\nCOPY missing.sh /m.sh\nCMD ["/m.sh"]\n', WS, ws), []);
    assert.deepEqual(scriptsRunBy('FROM debian\nCMD ["/usr/local/bin/docker-entrypoint.sh"]\n', WS, ws), []);
  });
});
