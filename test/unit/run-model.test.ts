import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findRunCommands, flag, flags, RunCommand } from '../../server/src/core/model/run';
import { shellCommands } from '../../server/src/core/model/shell-words';
import { analyze } from '../../server/src/core/lint';

const at = (text: string, s: [number, number]) => text.slice(s[0], s[1]);

/** A compact view of a command: flags as name=value, image and args. */
function view(text: string, c: RunCommand): string {
  const fl = c.flags.map((f) => (f.hasValue ? `${f.name}=${f.value ?? '?'}` : f.name)).join(' ');
  return `${c.tool} ${c.verb} [${fl}] ${c.image?.name ?? (c.imageAt ? '?' : '-')}${c.args.map((a) => ' ' + (a.known ? a.value : '?')).join('')}${c.opaque ? ' opaque' : ''}`
    + (at(text, c.verbAt) === c.verb ? '' : ' BADVERB');
}
const one = (text: string, syntax: 'shell' | 'makefile' | 'markdown' = 'shell') => {
  const cs = findRunCommands(text, syntax);
  assert.equal(cs.length, 1, `one command in ${JSON.stringify(text)}: ${cs.map((c) => view(text, c)).join(' | ')}`);
  return view(text, cs[0]);
};

describe('run model: flags as the Docker CLI reads them', () => {
  const cases: [string, string][] = [
    ['docker run nginx', 'docker run [] nginx'],
    ['docker run --init nginx', 'docker run [init] nginx'],
    ['docker run --init=false nginx', 'docker run [init=false] nginx'],
    ['docker run --cap-add=SYS_PTRACE img', 'docker run [cap-add=SYS_PTRACE] img'],
    ['docker run --cap-add SYS_PTRACE img', 'docker run [cap-add=SYS_PTRACE] img'],
    ['docker run -u root img', 'docker run [user=root] img'],
    ['docker run -uroot img', 'docker run [user=root] img'],
    ['docker run -u=0 img', 'docker run [user=0] img'],
    ['docker run -it --rm img sh', 'docker run [interactive tty rm] img sh'],
    ['docker run -itp 80:80 img', 'docker run [interactive tty publish=80:80] img'],
    ['docker run -dit -v /a:/b -e X=1 -e Y img a b', 'docker run [detach interactive tty volume=/a:/b env=X=1 env=Y] img a b'],
    ['docker run -- img --init', 'docker run [] img --init'],
    ['docker run img --init', 'docker run [] img --init'],
    ['docker run --stop-signal "SIGKILL" img', 'docker run [stop-signal=SIGKILL] img'],
    ["docker run --stop-signal='SIGKILL' img", 'docker run [stop-signal=SIGKILL] img'],
    ['docker run --stop-timeout=0 img', 'docker run [stop-timeout=0] img'],
    ['docker run -u $UID img', 'docker run [user=?] img'],
    ['docker run -u "${USER_ID:-1000}" img', 'docker run [user=1000] img'],
    ['docker run $IMAGE', 'docker run [] ?'],
    ['docker run --rm "$IMAGE" node app.js', 'docker run [rm] ? node app.js'],
    ['docker run $OPTS img cmd', 'docker run [] img cmd opaque'],
    ['sudo docker run --rm img', 'docker run [rm] img'],
    ['sudo -E -u me docker run img', 'docker run [] img'],
    ['docker container run img', 'docker run [] img'],
    ['docker container create img', 'docker create [] img'],
    ['docker create --name x img', 'docker create [name=x] img'],
    ['podman run --rm img', 'podman run [rm] img'],
    ['podman run --pod p img', 'podman run [pod=p] img'],
    ['docker --context remote run img', 'docker run [] img'],
    ['/usr/bin/docker run img', 'docker run [] img'],
    ['FOO=1 docker run img', 'docker run [] img'],
    ['docker run --read-only --tmpfs /tmp img', 'docker run [read-only tmpfs=/tmp] img'],
    ['docker run --mount type=tmpfs,target=/tmp img', 'docker run [mount=type=tmpfs,target=/tmp] img'],
    ['docker run -d <image>', 'docker run [detach] ?'],
    ['docker run --name app ${{ inputs.image }}', 'docker run [name=app] ?'],
    ['x=$(docker run -d img)', 'docker run [detach] img'],
    ['docker run img sh -c "exec node app"', 'docker run [] img sh -c exec node app'],
    ['docker run img > out.log 2>&1', 'docker run [] img'],
    ['docker run --rm img && echo ok', 'docker run [rm] img'],
  ];
  for (const [text, want] of cases) it(text, () => assert.equal(one(text), want));

  it('skips docker commands that are not run/create', () => {
    assert.equal(findRunCommands('docker build -t x .\ndocker stop -t 0 x\ndocker ps\necho docker run', 'shell').length, 0);
  });
  it('several commands in a script, with continuations', () => {
    const text = 'set -e\ndocker run \\\n  --rm \\\n  -u 0 \\\n  img \\\n  node app.js\ndocker run --init other\n';
    const cs = findRunCommands(text, 'shell');
    assert.deepEqual(cs.map((c) => view(text, c)), ['docker run [rm user=0] img node app.js', 'docker run [init] other']);
    const u = flag(cs[0], 'user')!;
    assert.equal(at(text, u.at), '-u 0');
    assert.equal(at(text, u.valueAt!), '0');
    assert.equal(at(text, cs[0].at), 'docker run \\\n  --rm \\\n  -u 0 \\\n  img \\\n  node app.js');
  });
  it('offsets of joined, quoted and short values', () => {
    const text = "docker run -uroot --cap-add='SYS_PTRACE' -e A -e B img";
    const c = findRunCommands(text, 'shell')[0];
    assert.equal(at(text, flag(c, 'user')!.valueAt!), 'root');
    assert.equal(at(text, flag(c, 'cap-add')!.valueAt!), "'SYS_PTRACE'");
    assert.equal(at(text, flag(c, 'cap-add')!.at), "--cap-add='SYS_PTRACE'");
    assert.deepEqual(flags(c, 'env').map((f) => f.value), ['A', 'B']);
  });
  it('a here-document body is not read', () => {
    assert.equal(findRunCommands('cat <<EOF\ndocker run img\nEOF\necho\n', 'shell').length, 0);
    assert.equal(findRunCommands("cat <<-'EOF'\n\tdocker run img\n\tEOF\ndocker run b\n", 'shell').length, 1);
  });
  it('comments are not read', () => {
    assert.equal(findRunCommands('# docker run img\necho x # docker run img\n', 'shell').length, 0);
  });
  it('never throws on broken text', () => {
    for (const t of ['docker run "unterminated', "docker run 'x", 'docker run $(', 'docker run ${', 'docker run `x', 'docker run -u', 'docker run --', 'docker run \\']) {
      findRunCommands(t, 'shell');
      shellCommands(t);
    }
  });
});

describe('run model: Makefiles', () => {
  it('recipe lines with prefixes, $$ and $(VAR)', () => {
    const text = 'IMG := app\n\nrun: build\n\t@docker run --rm -e HOME=$$HOME $(IMG) node app.js\n\t-docker run -u 0 \\\n\t\t--init $(IMG)\n\nx = docker run no\n';
    const cs = findRunCommands(text, 'makefile');
    assert.deepEqual(cs.map((c) => view(text, c)), ['docker run [rm env=?] ? node app.js', 'docker run [user=0 init] ?']);
    assert.equal(at(text, cs[0].verbAt), 'run');
    assert.equal(at(text, flag(cs[1], 'init')!.at), '--init');
  });
  it('a recipe after `;` on the rule line', () => {
    assert.equal(one('up: ; docker run --rm img\n', 'makefile'), 'docker run [rm] img');
  });
  it('a tab line outside a rule is not a recipe', () => {
    assert.equal(findRunCommands('\tdocker run img\n', 'makefile').length, 0);
  });
});

describe('run model: Markdown', () => {
  it('only shell blocks; prompts and indentation dropped', () => {
    const text = [
      '# Title', '', 'docker run inline text', '',
      '```bash', '$ docker run --rm a', '```', '',
      '```yaml', 'cmd: docker run b', '```', '',
      '```console', '$ docker run -u 0 c', 'output docker run d', '# docker run --init e', '```', '',
      '- item', '', '   ```sh', '   docker run \\', '     -d f', '   ```', '',
      '~~~shell', 'docker run g', '~~~', '',
      '```', 'docker run h', '```', '',
      '````sh', 'docker run i', '````',
    ].join('\n');
    const cs = findRunCommands(text, 'markdown');
    assert.deepEqual(cs.map((c) => view(text, c)), [
      'docker run [rm] a', 'docker run [user=0] c', 'docker run [init] e', 'docker run [detach] f', 'docker run [] g', 'docker run [] i',
    ]);
    for (const c of cs) assert.equal(at(text, c.verbAt), 'run');
  });
  it('a console continuation with a > prompt', () => {
    const text = '```console\n$ docker run \\\n> --init img\nimg output\n```\n';
    assert.equal(one(text, 'markdown'), 'docker run [init] img');
  });
  it('an unclosed fence runs to the end', () => {
    assert.equal(one('```sh\ndocker run x\n', 'markdown'), 'docker run [] x');
  });
});

describe('run model: CI files', () => {
  const kindOf = (p: string, text: string) => analyze(text, { path: p }).kind;
  it('a GitHub workflow and a GitLab file are CI documents when they run docker', () => {
    assert.equal(kindOf('/w/.github/workflows/ci.yml', 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker run --rm img\n'), 'ci');
    assert.equal(kindOf('/w/.gitlab-ci.yml', 'test:\n  script:\n    - docker run --rm img\n'), 'ci');
    assert.equal(kindOf('/w/.gitlab-ci.yml', 'test:\n  script:\n    - echo hi\n'), undefined);
  });
});
