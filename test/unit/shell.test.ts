import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeScript, splitWords, toExecForm, isShell, shellScriptIndex, isInit, stripInit, parseShell,
} from '../../server/src/core/shell';
import type { ShCommand, ShList } from '../../server/src/core/shell';

/** Apply the fix, or give the reason there is none. */
function fixed(script: string): string {
  const a = analyzeScript(script);
  if (a.execInsertOffset === undefined) return `<${a.noFixReason}>`;
  return script.slice(0, a.execInsertOffset) + 'exec ' + script.slice(a.execInsertOffset);
}

describe('analyzeScript: where `exec ` goes', () => {
  const cases: [script: string, offset: number, result: string][] = [
    ['node server.js', 0, 'exec node server.js'],
    ['sleep 3', 0, 'exec sleep 3'],
    ['cd /app && node server.js', 11, 'cd /app && exec node server.js'],
    ['a; b', 3, 'a; exec b'],
    ['a;b', 2, 'a;exec b'],
    ['a || b', 5, 'a || exec b'],
    ['a & b', 4, 'a & exec b'],
    ['  sleep 3  ', 2, '  exec sleep 3  '],
    ['sleep 3;', 0, 'exec sleep 3;'],
    ['sleep 3 ;  \n', 0, 'exec sleep 3 ;  \n'],
    ['a\nb\n', 2, 'a\nexec b\n'],
    ['a\r\nb\r\n', 3, 'a\r\nexec b\r\n'],
    ['a # comment', 0, 'exec a # comment'],
    ['a; b # c; d', 3, 'a; exec b # c; d'],
    ['a; b\n# trailing comment\n', 3, 'a; exec b\n# trailing comment\n'],
    ['a && \\\n  b', 9, 'a && \\\n  exec b'],
    ['node \\\n  app.js', 0, 'exec node \\\n  app.js'],
    // leading assignments stay first: POSIX `FOO=1 exec cmd` (dash and bash export FOO to cmd)
    ['FOO=1 node app', 6, 'FOO=1 exec node app'],
    ['FOO=1 BAR="x y" node app', 16, 'FOO=1 BAR="x y" exec node app'],
    ['migrate && PORT=8080 node app', 21, 'migrate && PORT=8080 exec node app'],
    ['node app 2>&1', 0, 'exec node app 2>&1'],
    ['node app >/dev/null 2>&1', 0, 'exec node app >/dev/null 2>&1'],
    ['node app >&2', 0, 'exec node app >&2'],
    ['2>/dev/null node app', 12, '2>/dev/null exec node app'],
    ['echo "a && b"; node app', 15, 'echo "a && b"; exec node app'],
    ["echo 'a; b | c &' && node app", 21, "echo 'a; b | c &' && exec node app"],
    ['echo $(date; echo x | y) && node app', 28, 'echo $(date; echo x | y) && exec node app'],
    ['echo `date; x &` && node app', 20, 'echo `date; x &` && exec node app'],
    ['echo "$(echo ")")" && node app', 22, 'echo "$(echo ")")" && exec node app'],
    ['echo ${X:-a;b} && node app', 18, 'echo ${X:-a;b} && exec node app'],
    ['echo $((1+2)); node app', 15, 'echo $((1+2)); exec node app'],
    ['echo a\\;b; node app', 11, 'echo a\\;b; exec node app'],
    ['exec >/tmp/log 2>&1; node app', 21, 'exec >/tmp/log 2>&1; exec node app'],
    ['set -e; node app', 8, 'set -e; exec node app'],
    ['a; sleep 3', 3, 'a; exec sleep 3'],
    ['"$@"', 0, 'exec "$@"'],
    ['$CMD --flag', 0, 'exec $CMD --flag'],
    ['cat <<EOF\na | b & c\nEOF\nnode app', 24, 'cat <<EOF\na | b & c\nEOF\nexec node app'],
    ["cat <<-'X' >f\n\tfi\n\tX\nnode app", 21, "cat <<-'X' >f\n\tfi\n\tX\nexec node app"],
    ['a=(1 2); node app', 9, 'a=(1 2); exec node app'],
    ['[[ -f x && -f y ]] && node app', 22, '[[ -f x && -f y ]] && exec node app'],
    ['if x; then y; fi; node app', 18, 'if x; then y; fi; exec node app'],
    ['a && \n b', 7, 'a && \n exec b'],
    ['a |\n b; c', 8, 'a |\n b; exec c'],
    ['exec a; b', 8, 'exec a; exec b'],
    ['trapper x', 0, 'exec trapper x'],
  ];
  for (const [script, offset, result] of cases) {
    it(JSON.stringify(script), () => {
      const a = analyzeScript(script);
      assert.equal(a.noFixReason, undefined);
      assert.equal(a.execInsertOffset, offset);
      assert.equal(a.execsLast, false);
      assert.equal(fixed(script), result);
      const again = analyzeScript(result);
      assert.equal(again.execsLast, true);
      assert.equal(again.noFixReason, 'exec');
    });
  }
});

describe('analyzeScript: no fix', () => {
  const cases: [script: string, reason: string][] = [
    ['exec node app', 'exec'],
    ['FOO=1 exec node app', 'exec'],
    ['a && exec b', 'exec'],
    ['cd /x; exec "$@"', 'exec'],
    ['if x; then exec a; else exec b; fi', 'exec'],
    ['{ a; exec b; }', 'exec'],
    ['if x; then exec a; fi', 'exec'],
    ['while x; do exec a; done', 'exec'],
    ['case "$1" in\n  a) exec x ;;\n  *) exec "$@" ;;\nesac', 'exec'],
    ['case "$1" in a) exec x ;; *) ;; esac', 'exec'],
    ['set -eu\ncase "$1" in\n  serve) node server.js ;;\n  *) exec "$@" ;;\nesac', 'compound'],
    ['case "$1" in a) ;; esac', 'compound'],
    ['if x; then exec a; else b; fi', 'compound'],
    ['if x; then exec a; elif y; then b; else exec c; fi', 'compound'],
    ['{ exec a; b; }', 'compound'],
    ['{ exec a; } | b', 'pipeline'],
    ['{ exec a; } &', 'background'],
    ['a | b', 'pipeline'],
    ['a |& b', 'pipeline'],
    ['a && b | c', 'pipeline'],
    ['! a', 'pipeline'],
    ['a | exec b', 'pipeline'],
    ['a &', 'background'],
    ['a & ', 'background'],
    ['a && b &', 'background'],
    ['a &\n', 'background'],
    ['exec a &', 'background'],
    ['a &>/dev/null', 'background'],
    ['{ a; b; }', 'compound'],
    ['(a)', 'compound'],
    ['( exec a )', 'compound'],
    ['a && (b)', 'compound'],
    ['a && { b; } >log', 'compound'],
    ['if x; then a; fi', 'compound'],
    ['if x; then a; elif y; then b; else c; fi', 'compound'],
    ['for i in 1 2; do a; done', 'compound'],
    ['for i\ndo a\ndone', 'compound'],
    ['for ((i=0; i<3; i++)); do a; done', 'compound'],
    ['while true; do a; done', 'compound'],
    ['until x; do a; done', 'compound'],
    ['case $x in a|b) b;; (*) c;; esac', 'compound'],
    ['case $x in\n  a) b ;;\n  *) c\nesac', 'compound'],
    ['f() { exec a; }', 'compound'],
    ['function f { a; }', 'compound'],
    ['trap "kill 0" TERM; a', 'trap'],
    ['trap "rm -f /tmp/x" EXIT; a', 'trap'],
    ['a; wait', 'builtin'],
    ['a & wait $!', 'builtin'],
    ['a; exit 0', 'builtin'],
    ['true', 'builtin'],
    [':', 'builtin'],
    ['cd /x', 'builtin'],
    ['export A=1', 'builtin'],
    ['set -e', 'builtin'],
    ['a; echo done', 'builtin'],
    ['a; FOO=1', 'builtin'],
    ['>/tmp/x', 'builtin'],
    ['[[ -f x && -f y ]]', 'builtin'],
    ['f() { exec a; }; f', 'builtin'],
    ['eval "$CMD"', 'builtin'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['# just a comment', 'empty'],
    ['\n\n', 'empty'],
    ['echo "unterminated', 'unparseable'],
    ["echo 'x", 'unparseable'],
    ['echo $(x', 'unparseable'],
    ['echo ${x', 'unparseable'],
    ['echo `x', 'unparseable'],
    ['(a', 'unparseable'],
    ['a)', 'unparseable'],
    ['{ a; ', 'unparseable'],
    ['if x; then a', 'unparseable'],
    ['while x; do a', 'unparseable'],
    ['case x in a) b;;', 'unparseable'],
    ['&& a', 'unparseable'],
    ['a &&', 'unparseable'],
    ['a |', 'unparseable'],
    ['; a', 'unparseable'],
    ['a ;; b', 'unparseable'],
    ['fi', 'unparseable'],
    ['a >', 'unparseable'],
    ['cat <<', 'unparseable'],
    ['[[ x', 'unparseable'],
  ];
  for (const [script, reason] of cases) {
    it(`${JSON.stringify(script)} → ${reason}`, () => {
      const a = analyzeScript(script);
      assert.equal(a.noFixReason, reason);
      assert.equal(a.execInsertOffset, undefined);
      assert.equal(a.execsLast, reason === 'exec');
      if (reason === 'unparseable') assert.equal(a.needsShell, true);
    });
  }
});

describe('analyzeScript: commands and traps', () => {
  it('lists every simple command with offsets and resolved words', () => {
    const s = 'FOO="a b" cmd \'x y\' 2>&1 | grep -v "$Z" && { c; }';
    assert.deepEqual(analyzeScript(s).commands, [
      { start: 0, end: 24, words: ['FOO=a b', 'cmd', 'x y'] },
      { start: 27, end: 39, words: ['grep', '-v', '$Z'] },
      { start: 45, end: 46, words: ['c'] },
    ]);
  });
  it('keeps unknown commands of an unparseable script', () => {
    assert.deepEqual(analyzeScript('a; b )').commands.map((c) => c.words), [['a'], ['b']]);
  });
  const traps: [string, boolean][] = [
    ['trap "kill $PID" TERM; a', true],
    ["trap 'exit 0' SIGTERM\na", true],
    ['trap "x" INT', true],
    ['trap -- "x" sigint', true],
    ['trap "x" 15', true],
    ['trap "x" 2', true],
    ['trap "" TERM', true],
    ['trap "x" EXIT HUP TERM', true],
    ['{ trap "x" TERM; }; a', true],
    ['trap "x" EXIT', false],
    ['trap "x" HUP', false],
    ['trap - TERM', false],
    ['trap 15', false],
    ['trap -p', false],
    ['trap', false],
    ['echo trap TERM', false],
    ['a "$(trap x TERM)"', false],
  ];
  for (const [s, want] of traps) {
    it(`trapsSignals ${JSON.stringify(s)} → ${want}`, () => assert.equal(analyzeScript(s).trapsSignals, want));
  }
});

describe('needsShell / splitWords / toExecForm', () => {
  const plain: [string, string[], string][] = [
    ['node server.js --port 8080', ['node', 'server.js', '--port', '8080'], '["node", "server.js", "--port", "8080"]'],
    ['echo "hello world"', ['echo', 'hello world'], '["echo", "hello world"]'],
    ["/usr/bin/x --msg='it'\"s\"", ['/usr/bin/x', '--msg=its'], '["/usr/bin/x", "--msg=its"]'],
    ["echo 'say \"hi\"'", ['echo', 'say "hi"'], '["echo", "say \\"hi\\""]'],
    ["printf '%s\\n' '$HOME'", ['printf', '%s\\n', '$HOME'], '["printf", "%s\\\\n", "$HOME"]'],
    ['echo "it\'s"', ['echo', "it's"], '["echo", "it\'s"]'],
    ['  node\tapp  ', ['node', 'app'], '["node", "app"]'],
    ['node app\n', ['node', 'app'], '["node", "app"]'],
    ['a ""', ['a', ''], '["a", ""]'],
    ['node --port=8080 a~b a#b x=y', ['node', '--port=8080', 'a~b', 'a#b', 'x=y'], '["node", "--port=8080", "a~b", "a#b", "x=y"]'],
    ['/app/bizclaw serve', ['/app/bizclaw', 'serve'], '["/app/bizclaw", "serve"]'],
    ['echo ü 日本', ['echo', 'ü', '日本'], '["echo", "ü", "日本"]'],
    ["x 'a\nb'", ['x', 'a\nb'], '["x", "a\\nb"]'],
  ];
  for (const [s, words, json] of plain) {
    it(`plain ${JSON.stringify(s)}`, () => {
      assert.equal(analyzeScript(s).needsShell, false);
      assert.deepEqual(splitWords(s), words);
      assert.equal(toExecForm(s), json);
      assert.deepEqual(JSON.parse(json), words);
    });
  }
  const shelly = [
    'bizclaw serve $PORT', 'a && b', 'a; b', 'a | b', 'a & b', 'a &', 'a > f', 'a < f', 'a 2>&1', 'ls *.js', 'ls ?',
    'echo (x)', 'echo {a,b}', 'echo }', 'echo `x`', 'cd ~', 'echo ~/x', 'ls [ab]', 'a \\\n b', 'echo a\\ b',
    'echo "a$b"', 'echo "a\\"b"', 'echo "`x`"', 'a\nb', 'if true', 'for x', '! a', '{ a; }', 'FOO=1 node app',
    'cd /x', 'export A=1', 'echo a # c', '# c', 'echo "x', '[[ a ]]', 'time a', 'a $(b)', 'echo ${X}',
  ];
  for (const s of shelly) {
    it(`needs a shell ${JSON.stringify(s)}`, () => {
      assert.equal(analyzeScript(s).needsShell, true);
      assert.equal(splitWords(s), undefined);
      assert.equal(toExecForm(s), undefined);
    });
  }
  const execs: [string, string | undefined][] = [
    ['exec node server.js', '["node", "server.js"]'],
    ['  exec\t"my app" --x', '["my app", "--x"]'],
    ['exec -a name node', undefined],
    ['exec exec node', undefined],
    ['exec $APP', undefined],
    ['exec node && x', undefined],
    ['exec', undefined],
  ];
  for (const [s, json] of execs) {
    it(`toExecForm drops a leading exec: ${JSON.stringify(s)} → ${json}`, () => {
      assert.equal(splitWords(s), undefined);
      assert.equal(toExecForm(s), json);
    });
  }
  it('empty input: no words, no exec form', () => {
    assert.deepEqual(splitWords(''), []);
    assert.equal(toExecForm(''), undefined);
    assert.equal(toExecForm('   '), undefined);
  });
});

describe('isShell / shellScriptIndex / isInit', () => {
  const shells: [string, boolean][] = [
    ['sh', true], ['/bin/sh', true], ['/usr/bin/bash', true], ['bash', true], ['ash', true], ['dash', true],
    ['zsh', true], ['ksh', true], ['mksh', true], ['/usr/local/bin/bash', true], ['/usr/bin/env bash', true],
    ['env sh', true], ['busybox sh', true], ['/bin/busybox sh', true], ['  /bin/sh  ', true],
    ['busybox', false], ['node', false], ['shx', false], ['/bin/sh -c', false], ['/usr/bin/env', false], ['', false],
    ['fish', false], ['bash.sh', false],
  ];
  for (const [a, want] of shells) it(`isShell ${JSON.stringify(a)} → ${want}`, () => assert.equal(isShell(a), want));

  const argvs: [string[], number | undefined][] = [
    [['sh', '-c', 'script'], 2],
    [['sh', '-c', 'script', 'name', 'arg'], 2],
    [['/bin/bash', '-ec', 'script'], 2],
    [['bash', '-lc', 'script'], 2],
    [['bash', '-euc', 'script'], 2],
    [['bash', '-xc', 'script'], 2],
    [['bash', '-e', '-c', 'script'], 3],
    [['bash', '-c', '-e', 'script'], 3],
    [['bash', '-o', 'pipefail', '-c', 'script'], 4],
    [['bash', '-eo', 'pipefail', '-c', 'script'], 4],
    [['bash', '--login', '-c', 'script'], 3],
    [['sh', '-c', '--', 'script'], 3],
    [['/usr/bin/env', 'sh', '-c', 's'], 3],
    [['env', '-i', 'FOO=1', 'bash', '-c', 's'], 5],
    [['busybox', 'sh', '-c', 's'], 3],
    [['/bin/busybox', 'ash', '-c', 's'], 3],
    [['sh', '-c'], undefined],
    [['sh', 'script.sh'], undefined],
    [['sh', '-e', 'script.sh'], undefined],
    [['sh'], undefined],
    [['node', '-c', 'x'], undefined],
    [['python', '-c', 'x'], undefined],
    [['env', '-S', 'sh -c x'], undefined],
    [[], undefined],
  ];
  for (const [argv, want] of argvs) {
    it(`shellScriptIndex ${JSON.stringify(argv)} → ${want}`, () => assert.equal(shellScriptIndex(argv), want));
  }

  const inits: [string, boolean][] = [
    ['tini', true], ['/sbin/tini', true], ['/tini', true], ['/usr/bin/tini', true], ['/usr/local/bin/tini', true],
    ['tini-static', true], ['/tini-static-amd64', true], ['dumb-init', true], ['/usr/bin/dumb-init', true],
    ['/usr/local/bin/dumb-init', true], ['catatonit', true], ['/usr/bin/catatonit', true], ['docker-init', true],
    ['/init', true], ['init', false], ['/sbin/init', false], ['/app/init', false], ['tinix', false], ['node', false],
    ['', false], ['/entrypoint.sh', false],
  ];
  for (const [a, want] of inits) it(`isInit ${JSON.stringify(a)} → ${want}`, () => assert.equal(isInit(a), want));
});

describe('stripInit: the program behind a leading init, and how the init signals it', () => {
  // [argv, init, rest, signalsGroup, stopsAll]; undefined when argv[0] is not an init
  const cases: [string[], [string, string[], boolean, boolean] | undefined][] = [
    [['tini', '--', 'sh', '-c', 'a && b'], ['tini', ['sh', '-c', 'a && b'], false, false]],
    [['/sbin/tini', 'sh', '-c', 'x'], ['/sbin/tini', ['sh', '-c', 'x'], false, false]],
    [['tini', '-g', '--', 'sh', '-c', 'x'], ['tini', ['sh', '-c', 'x'], true, false]],
    [['tini', '-sg', '--', 'node'], ['tini', ['node'], true, false]],
    [['tini', '-s', '-vvv', '--', 'node'], ['tini', ['node'], false, false]],
    [['tini', '-p', 'SIGKILL', '--', 'node'], ['tini', ['node'], false, false]], // -p takes a value
    [['tini', '-pSIGTERM', '-g', 'node'], ['tini', ['node'], true, false]],
    [['tini', '-e', '143', '-g', '--', 'node'], ['tini', ['node'], true, false]],
    [['/usr/bin/docker-init', '--', 'sh', '-c', 'x'], ['/usr/bin/docker-init', ['sh', '-c', 'x'], false, false]],
    [['tini-static', '--', 'x'], ['tini-static', ['x'], false, false]],
    [['/usr/bin/dumb-init', '--', 'sh', '-c', 'x'], ['/usr/bin/dumb-init', ['sh', '-c', 'x'], true, false]],
    [['dumb-init', 'sh', '-c', 'x'], ['dumb-init', ['sh', '-c', 'x'], true, false]],
    [['dumb-init', '--single-child', '--', 'sh'], ['dumb-init', ['sh'], false, false]],
    [['dumb-init', '-c', 'sh', '-c', 'x'], ['dumb-init', ['sh', '-c', 'x'], false, false]], // dumb-init's -c, not the shell's
    [['dumb-init', '-r', '15:3', '-v', 'node'], ['dumb-init', ['node'], true, false]],
    [['dumb-init', '--rewrite', '15:3', 'node'], ['dumb-init', ['node'], true, false]],
    [['dumb-init', '--rewrite=15:3', '--', 'node'], ['dumb-init', ['node'], true, false]],
    [['catatonit', '--', 'sh'], ['catatonit', ['sh'], false, false]],
    [['catatonit', '-g', '--', 'sh'], ['catatonit', ['sh'], true, false]],
    [['/init', 'sh', '-c', 'x'], ['/init', ['sh', '-c', 'x'], false, true]],
    // nested: the innermost init is the program's parent
    [['tini', '--', 'dumb-init', 'sh'], ['dumb-init', ['sh'], true, false]],
    [['dumb-init', 'tini', '--', 'sh'], ['tini', ['sh'], false, false]],
    [['tini', '--'], ['tini', [], false, false]],
    [['tini'], ['tini', [], false, false]],
    [['sh', '-c', 'tini -- x'], undefined],
    [['node', 'tini'], undefined],
    [['tini -g', 'x'], undefined], // one word with a blank is not a program path
    [[], undefined],
  ];
  for (const [argv, want] of cases) {
    it(`${JSON.stringify(argv)}`, () => {
      const r = stripInit(argv);
      if (!want) { assert.equal(r, undefined); return; }
      assert.deepEqual(r && [r.init, r.rest, r.signalsGroup, r.stopsAll], want);
      assert.deepEqual(argv.slice(r!.skipped), r!.rest);
    });
  }
  it('ignores what is not an argv of strings', () => {
    assert.equal(stripInit([1 as unknown as string]), undefined);
    assert.equal(stripInit(undefined as unknown as string[]), undefined);
  });
});

describe('robustness', () => {
  /** mulberry32: deterministic pseudo-random numbers. */
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = [' ', ' ', 'a', 'b', 'x=1', ';', '&', '&&', '|', '||', '(', ')', '{', '}', '$', '$(', '${', '`', '"', "'",
    '\\', '\n', '#', '<', '>', '2>&1', '<<', 'EOF', 'if', 'then', 'fi', 'do', 'done', 'for', 'case', 'in', 'esac', ';;',
    'exec', 'trap', 'TERM', '!', '[[', ']]', '*', '~', '\r', '\t', 'f()'];

  // The analyzer's cost on large inputs is measured in the bench (`node dist/bench.js --only adv`,
  // docs/performance.md), as a ratio to a bare parse: these tests check behaviour, never time.
  /** Only catches an infinite loop: not a performance claim. */
  const HANG_GUARD = { timeout: 120_000 };

  it('never throws or hangs, and keeps its invariants, on random input', HANG_GUARD, () => {
    const rand = rng(42);
    for (let n = 0; n < 800; n++) {
      let s = '';
      const len = Math.floor(rand() * 25);
      for (let k = 0; k < len; k++) s += pieces[Math.floor(rand() * pieces.length)];
      const a = analyzeScript(s);
      assert.equal((a.execInsertOffset === undefined) !== (a.noFixReason === undefined), true, s);
      for (const c of a.commands) assert.ok(c.start >= 0 && c.start <= c.end && c.end <= s.length, s);
      if (a.execInsertOffset !== undefined) {
        assert.ok(a.execInsertOffset >= 0 && a.execInsertOffset < s.length, s);
        const again = analyzeScript(fixed(s));
        assert.equal(again.execsLast, true, `${JSON.stringify(s)} → ${JSON.stringify(fixed(s))}`);
      }
      const words = splitWords(s);
      if (words) {
        assert.equal(a.needsShell, false);
        const json = toExecForm(s);
        if (words.length) assert.deepEqual(JSON.parse(json!), words);
      }
    }
  });

  it('handles large and deeply nested input (no throw, no stack overflow, no hang)', HANG_GUARD, () => {
    const inputs = ['a '.repeat(50_000), '$('.repeat(5_000), '('.repeat(5_000) + ')'.repeat(5_000), '"$('.repeat(3_000),
      '{ '.repeat(3_000), 'if a; then '.repeat(2_000), '`'.repeat(10_001), 'a | '.repeat(10_000) + 'b',
      'a;'.repeat(20_000), 'cat <<E\n'.repeat(2_000), '\\'.repeat(10_001), "'".repeat(10_001)];
    for (const s of inputs) {
      const a = analyzeScript(s);
      assert.equal(typeof a.needsShell, 'boolean', s.slice(0, 20));
      for (const c of a.commands) assert.ok(c.start >= 0 && c.start <= c.end && c.end <= s.length, s.slice(0, 20));
    }
  });

  it('accepts non-string input without throwing', () => {
    assert.equal(analyzeScript(undefined as unknown as string).noFixReason, 'empty');
    assert.equal(isShell(undefined as unknown as string), false);
    assert.equal(isInit(null as unknown as string), false);
    assert.equal(shellScriptIndex(null as unknown as string[]), undefined);
  });
});

describe('parseShell (whole scripts)', () => {
  /** A compact picture of a tree: `name args` for simple commands, keywords for compound ones. */
  const show = (l: ShList, src: string): string => l.map((a) => a.pipelines.map((p) => (p.bang ? '! ' : '') + p.cmds.map((c) => cmd(c, src)).join(' | ')).reduce((x, y, i) => `${x} ${a.ops[i - 1]} ${y}`) + (a.bg ? ' &' : '')).join('; ');
  const cmd = (c: ShCommand, src: string): string => {
    switch (c.t) {
      case 'simple': case 'test': return src.slice(c.start, c.end);
      case 'group': return `{ ${show(c.body, src)} }`;
      case 'subshell': return `( ${show(c.body, src)} )`;
      case 'if': return `if[${c.bodies.map((b) => show(b, src)).join(' / ')}${c.hasElse ? '' : ' / -'}]`;
      case 'loop': return `loop[${show(c.body, src)}]`;
      case 'case': return `case[${c.items.map((b) => show(b, src)).join(' / ')}]`;
      case 'func': return `${c.name}()`;
    }
  };

  it('builds lists, and-or lists, pipelines and compound commands with offsets', () => {
    const src = '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then\n  set -- node "$@"\nfi\ncase "$1" in\n  a) x | y ;;\n  *) exec "$@" ;;\nesac\nmain() { a && b || c; }\nwhile :; do z & done\n( cd /a; ! q )\n';
    const f = parseShell(src)!;
    assert.equal(show(f.list, src), 'set -e; if[set -- node "$@" / -]; case[x | y / exec "$@"]; main(); loop[z &]; ( cd /a; ! q )');
    assert.deepEqual([...f.functions.keys()], ['main']);
    assert.equal(show((f.functions.get('main')!.body as { body: ShList }).body, src), 'a && b || c');
    assert.equal(f.trapsSignals, false);
    const exec = f.commands.find((c) => c.words[c.nameIdx] === 'exec')!;
    assert.equal(src.slice(exec.start, exec.end), 'exec "$@"');
  });

  it('VAR=value prefixes, traps, and what does not parse', () => {
    const f = parseShell('trap "kill $p" TERM\nFOO=1 node a.js\n')!;
    assert.equal(f.trapsSignals, true);
    const c = f.commands[1];
    assert.deepEqual([c.words, c.nameIdx, c.nameAt], [['FOO=1', 'node', 'a.js'], 1, 26]);
    assert.equal(parseShell('echo "open\n'), undefined);
    assert.equal(parseShell('if x; then y\n'), undefined);
    assert.equal(parseShell(undefined as unknown as string)?.list.length, 0);
  });
});
