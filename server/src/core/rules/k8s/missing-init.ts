import { defineRule } from '../../rule';
import { imageInfo, pid1, handles, packageManagerStart, stripWrappers } from '../../knowledge';
import { isShell, locateShellScript, stripInit } from '../../shell';
import { containerAt, containerLabel, containerDockerfile, effectiveGrace, factsImage, graceSeconds, imageOf, argvOf, isPartial, isWindowsPod, notPid1, setPodFlag } from './helpers';
import { effective } from '../../model/dockerfile';

/** The tables know what this image runs and whether its ENTRYPOINT wraps the command (`args` alone). */
function knownImage(image: string | undefined): boolean {
  if (!image) return false;
  const i = imageInfo(image);
  return !!(i.program || i.init || i.family || i.execEntrypoint);
}

export default defineRule({
  meta: {
    id: 'k8s/missing-init',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The container\'s PID 1 is a program known not to handle SIGTERM (node, python, a shell script): Kubernetes has no init flag, so every stop waits the grace period, then SIGKILL.',
    fixable: false,
    suggests: true,
    messages: {
      interpreter: '{{program}} as PID 1 of {{container}} ignores SIGTERM without a handler: every stop waits {{grace}}, then SIGKILL. Handle SIGTERM in the program or start it under an init (tini) in the image; shareProcessNamespace: true only makes it stop at once.',
      script: '{{container}} runs "{{script}}" with {{shell}} as PID 1: SIGTERM is dropped unless the script execs its program. The linter cannot read the script; if it does not, every stop waits {{grace}}. End it with exec, or start it under an init (tini).',
      unknown: 'The linter does not know whether {{what}} in {{container}} handles SIGTERM as PID 1. If it does not, every stop waits {{grace}}, then SIGKILL; Kubernetes has no init flag, so an init (tini) must be in the image.',
    },
  },
  check(ctx) {
    const strict = ctx.config.preset === 'strict';
    for (const w of ctx.workloads) {
      // Not PID 1: the pause container (shareProcessNamespace) or the host's init (hostPID) is.
      if (notPid1(w) || isWindowsPod(w)) continue;
      const grace = effectiveGrace(graceSeconds(w));
      const suggestion = () => {
        const edits = setPodFlag(ctx.file, w, 'shareProcessNamespace');
        return edits ? [{ title: 'Set shareProcessNamespace: true on the pod (the pause container becomes PID 1)', edits }] : undefined;
      };
      for (const c of w.containers) {
        // Init containers run to completion before the pod serves; they are not what a rollout stops.
        if (c.init) continue;
        const command = argvOf(c, 'command');
        const args = argvOf(c, 'args');
        if (command === null || args === null) continue;
        const image = imageOf(c);
        const container = containerLabel(c, true);
        const unknown = (what: string) => {
          if (strict && !isPartial(c)) ctx.report({ at: containerAt(c), messageId: 'unknown', severity: 'information', data: { container, what, grace } });
        };
        const argv = [...(command ?? []), ...(args ?? [])];
        // The workspace Dockerfile that builds the image (skaffold.yaml / compose says so).
        const build = containerDockerfile(ctx, c);
        // Nothing set and the Dockerfile is known: its ENTRYPOINT/CMD run, and dockerfile/missing-init
        // judges them there (Kubernetes has no init flag: the fix belongs in the Dockerfile).
        if (!argv.length && build) continue;
        // Nothing set: the image's ENTRYPOINT/CMD decide (the REPL of `node`/`python` images is no service).
        if (!argv.length) {
          const p = pid1({ image });
          if (p.row.kind === 'unknown' || p.row.kind === 'native') unknown(image ? `the program of the image "${imageInfo(image).ref.name}"` : 'its program');
          continue;
        }
        // `args` alone go to the image's ENTRYPOINT, which the tables must know.
        const entryKnown = build ? !!build.stage && (!!effective(build.stage, 'ENTRYPOINT') || knownImage(factsImage(c, build))) : knownImage(image);
        if (command === undefined && !entryKnown) { unknown(`the image's ENTRYPOINT`); continue; }
        // `sh -c` scripts are k8s/shell-pid1's; once the program is exec'd, this rule judges it.
        if (locateShellScript(argv)) continue;
        // npm/yarn/pnpm: k8s/package-manager-start (npm forwards SIGTERM to its child; the shell under it decides).
        const inner = stripInit(argv)?.rest ?? argv;
        if (packageManagerStart(inner)) continue;
        const p = pid1({ image: build ? undefined : image, entrypoint: command, command: args, dockerfile: build && { model: build.model, stage: build.stage } });
        const row = p.row;
        const h = handles(row, 'SIGTERM');
        if (h === true) continue;
        if (row.kind === 'shell') {
          const a = stripWrappers(argv);
          const shell = (a[0] ?? 'sh').replace(/^.*\//, '');
          const script = a.slice(1).find((x) => !x.startsWith('-')) ?? '';
          if (!isShell(a[0] ?? '') || !script) { unknown('its command'); continue; }
          ctx.report({ at: containerAt(c), messageId: 'script', severity: 'information', data: { container: containerLabel(c), shell, script, grace }, suggestions: suggestion() });
          continue;
        }
        if (row.kind === 'interpreter') {
          ctx.report({ at: containerAt(c), messageId: 'interpreter', data: { program: row.name, container, grace }, suggestions: suggestion() });
          continue;
        }
        // unknown programs; native ones (a Go binary in distroless looks the same): the linter cannot tell
        unknown(`"${(stripWrappers(inner)[0] ?? '').replace(/^.*\//, '')}"`);
      }
    }
  },
});
