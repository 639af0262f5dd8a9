import { defineRule, FixDraft, Report } from '../../rule';
import { flag, insertFlag, RunCommand } from '../../model/run';
import { handles, normalizeSignal, parseImageRef, pid1, runsS6, ignoresInWords, entrypointKnown } from '../../knowledge';
import type { Pid1 } from '../../knowledge';
import { analyzeScript, isShell, shellScriptIndex, startsNoProgram } from '../../shell';
import { signalVerdict, uncatchableSignal } from '../../signals';
import { boolFlag, headAt, knownValue, what } from './util';

const S6 = 'Do not add --init: the image runs s6-overlay, whose /init must be PID 1 (it refuses to start behind another init).';



/** What PID 1 of this command line is (without --init), or undefined when the line does not say enough. */
export function runPid1(cmd: RunCommand): Pid1 | undefined {
  if (!cmd.imageAt) return undefined;
  const ep = flag(cmd, 'entrypoint');
  if (ep && ep.value === undefined) return undefined;
  // `--entrypoint x` is one argv element (docker/cli opts.go: strslice.StrSlice{copts.entrypoint}); `--entrypoint ""` resets it.
  const entrypoint = ep ? (ep.value === '' ? [] : [ep.value!]) : undefined;
  const command = cmd.args.length ? cmd.args.map((a) => a.value) : undefined;
  return pid1({ image: cmd.image?.name, entrypoint, command, fields: { entrypoint: '--entrypoint', command: 'command' } });
}

export default defineRule({
  meta: {
    id: 'run/missing-init',
    target: 'run',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'PID 1 of a `docker run` is known not to handle SIGTERM (or is unknown), and no `--init` runs in front of it.',
    fixable: true,
    messages: {
      ignores: '{{what}}{{disabled}}: {{program}} as PID 1 {{why}}, so docker stop waits {{grace}}, then sends SIGKILL. {{fix}}',
      unknown: '{{what}}{{disabled}}: the linter cannot tell whether {{program}} handles {{signal}} as PID 1; if not, docker stop waits {{grace}}, then sends SIGKILL. {{fix}}',
      behind: '{{what}} runs {{program}} through its command, behind {{entry}}, which the linter does not know; if PID 1 has no {{signal}} handler, docker stop waits {{grace}}, then sends SIGKILL. {{fix}}',
      reap: '{{what}}{{disabled}}: {{program}} handles {{signal}} but is not known to reap orphaned children as PID 1. {{fix}}',
    },
  },
  check(ctx) {
    const strict = ctx.config.preset === 'strict';
    for (const cmd of ctx.commands) {
      if (cmd.opaque) continue; // $OPTS may hold --init
      const init = boolFlag(cmd, 'init');
      if (init !== false) continue; // --init, or a value the linter cannot read
      const pid = knownValue(cmd, 'pid');
      if (flag(cmd, 'pid') && (!pid || /^(?:host|container:)/.test(pid.value))) continue; // not PID 1 of its own namespace
      const p = runPid1(cmd);
      if (!p) continue;
      if (p.row.kind === 'init' || p.row.kind === 'supervisor') continue;
      // npm/yarn/pnpm start: the package manager forwards the stop signal to the script's shell;
      // what is lost there is another rule's finding (as in compose/missing-init).
      if (p.row.kind === 'package-manager') continue;
      if (p.row.kind === 'unknown' && p.via === 'nothing') continue;
      const sig = flag(cmd, 'stop-signal');
      if (sig && sig.value === undefined) continue;
      const rawSignal = sig?.value ?? 'SIGTERM';
      if (signalVerdict(rawSignal.trim()) !== 'ok') continue; // run/invalid-stop-signal says so
      const signal = normalizeSignal(rawSignal);
      if (uncatchableSignal(rawSignal)) continue; // SIGKILL/SIGSTOP: no init helps (run/uncatchable-stop-signal)
      // An interactive shell session (`docker run -it ubuntu bash`): ended by its user, not by docker stop.
      if (p.row.kind === 'shell' && p.argv && shellScriptIndex(p.argv) === undefined && isShell(p.argv[0]) && boolFlag(cmd, 'interactive') && boolFlag(cmd, 'tty')) continue;
      // A script that starts no program (`sh -c "exit 1"`) has nothing to stop.
      if (p.row.kind === 'shell' && p.argv) {
        const si = shellScriptIndex(p.argv);
        if (si !== undefined && startsNoProgram(p.argv[si], analyzeScript(p.argv[si]).commands)) continue;
      }
      if (p.row.kind === 'unknown' && p.argv?.length && startsNoProgram('', [{ words: [p.argv[0].replace(/^.*\//, ''), ...p.argv.slice(1)] }])) continue;
      const h = handles(p.row, signal);
      const image = cmd.image?.name;
      // Judged from the command alone while the image's ENTRYPOINT is not known: it may run in front of it.
      const entryUnknown = p.via === 'its command' && (!image || !entrypointKnown(image));
      let messageId: string;
      let severity: Report['severity'];
      if (entryUnknown && h !== true) { messageId = 'behind'; severity = 'information'; }
      else if (h === true) {
        if (!strict || p.row.reaps) continue;
        messageId = 'reap'; severity = 'hint';
      } else if (h === false) messageId = 'ignores';
      else { messageId = 'unknown'; severity = 'information'; }

      const s6 = p.s6 || runsS6(image);
      const t = knownValue(cmd, 'stop-timeout');
      const grace = t && /^\d+$/.test(t.value) ? `the ${t.value}s stop timeout` : 'the 10s stop timeout';
      const argv0 = p.argv?.[0];
      const fromHere = p.via === 'its command' || p.via === 'its --entrypoint';
      const program = p.row.kind === 'unknown'
        ? (argv0 ? `"${argv0}" (${p.via})` : image ? `the image "${parseImageRef(image).name}"` : 'its program')
        : `${p.row.name}${fromHere ? '' : ` (${p.via})`}`;
      const disabledFlag = flag(cmd, 'init');
      const disabled = disabledFlag ? ` sets ${disabledFlag.spelling}=${disabledFlag.value}` : '';
      let fix: FixDraft | undefined;
      if (!s6 && cmd.exact) {
        fix = disabledFlag
          ? { title: 'Set --init', edits: [{ start: disabledFlag.at[0], end: disabledFlag.at[1], newText: '--init' }] }
          : { title: 'Add --init', edits: [insertFlag(cmd, '--init')!] };
      }
      // Docker's --init runs docker-init (tini); Podman's runs catatonit (podman-run(1), --init).
      const initName = cmd.tool === 'podman' ? 'catatonit' : 'tini';
      const fixText = s6 ? S6 : messageId === 'reap' ? `Add --init to run ${initName} as PID 1 if it starts child processes.` : `Add --init to run ${initName} as PID 1.`;
      ctx.report({
        at: disabledFlag ? disabledFlag.at : headAt(cmd),
        messageId, severity,
        data: {
          what: what(cmd), disabled, program: messageId === 'behind' && p.row.kind === 'unknown' && argv0 ? `"${argv0}"` : messageId === 'behind' ? p.row.name : program,
          why: ignoresInWords(p, signal), grace, signal, fix: fixText,
          entry: image ? `the ENTRYPOINT of the image "${parseImageRef(image).name}"` : 'the ENTRYPOINT of its image',
        },
        fix,
      });
    }
  },
});
