import { defineRule, FixDraft, Report } from '../../rule';
import { YNode, isScalar, bool, nodeSpan, str } from '../../model/yaml';
import { insertPair } from '../../edits/yaml-edits';
import { effective, effectiveCmd } from '../../model/dockerfile';
import { handles, stageBaseImage, normalizeSignal, parseImageRef, runsS6, ignoresInWords, entrypointKnown } from '../../knowledge';
import { analyzeScript, shellScriptIndex, startsNoProgram } from '../../shell';
import { signalVerdict } from '../../signals';
import { serviceLayers, findKey, serviceStart, stopSignal, sharesPidNamespace, dockerfileRelated } from './util';

const S6 = ' Do not add "init: true": the image runs s6-overlay, whose /init must be PID 1 (it refuses to start behind another init).';



export default defineRule({
  meta: {
    id: 'compose/missing-init',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'PID 1 of the service is known not to handle SIGTERM (or is unknown), and no init runs in front of it.',
    fixable: true,
    messages: {
      ignores: 'Service "{{name}}"{{disabled}}: {{program}} as PID 1 {{why}}, so docker stop waits {{grace}}, then sends SIGKILL. {{fix}}',
      unknown: 'Service "{{name}}"{{disabled}}: the linter cannot tell whether {{program}} handles {{signal}} as PID 1; if not, docker stop waits {{grace}}, then sends SIGKILL. {{fix}}',
      behind: 'Service "{{name}}" runs {{program}} through its command, behind {{entry}}, which the linter does not know; if PID 1 has no {{signal}} handler, docker stop waits {{grace}}, then sends SIGKILL. {{fix}}',
      reap: 'Service "{{name}}"{{disabled}}: {{program}} handles {{signal}} but is not known to reap orphaned children as PID 1. {{fix}}',
    },
  },
  check(ctx) {
    const strict = ctx.config.preset === 'strict';
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const init = findKey(layers, 'init');
      const initValue = init && isScalar(init.value) ? init.value : undefined;
      if (initValue && (bool(initValue) === true || str(initValue)?.includes('${'))) continue;
      if (sharesPidNamespace(layers)) continue; // not PID 1 of its own namespace
      const start = serviceStart(ctx, layers);
      if (!start) continue; // a command Compose splits differently: cannot judge
      const p = start.pid1;
      if (p.row.kind === 'init' || p.row.kind === 'supervisor') continue;
      // npm/yarn/pnpm start: the package manager forwards the stop signal to the script's shell
      // (npm/run-script signal-manager.js); what is lost is lost in that shell, which
      // compose/package-manager-start reports (with the direct command as the fix). Not twice.
      if (p.row.kind === 'package-manager') continue;
      // Nothing to judge (no image, no readable Dockerfile, no command): the linter says nothing.
      if (p.row.kind === 'unknown' && p.via === 'nothing') continue;
      const rawSignal = stopSignal(layers, start.build);
      if (rawSignal === undefined) continue; // interpolated stop signal
      // A stop signal Docker rejects: the container is not even created (compose/invalid-stop-signal
      // says so); which signal PID 1 handles does not matter then.
      if (signalVerdict(rawSignal.trim().replace(/^(["'])(.*)\1$/s, '$2')) !== 'ok') continue;
      const signal = normalizeSignal(rawSignal);
      // A script that starts no program (`sh -c "exit 1"`) has nothing to stop.
      if (p.row.kind === 'shell' && p.argv) {
        const si = shellScriptIndex(p.argv);
        if (si !== undefined && startsNoProgram(p.argv[si], analyzeScript(p.argv[si]).commands)) continue;
      }
      // A program that exits at once (echo, true, as in the dockerfile rule): no stop signal to lose.
      if (p.row.kind === 'unknown' && p.argv?.length && startsNoProgram('', [{ words: [p.argv[0].replace(/^.*\//, ''), ...p.argv.slice(1)] }])) continue;
      const h = handles(p.row, signal);
      // Judged from the command alone while the image's ENTRYPOINT is not known (an image the
      // tables do not know, or a build whose Dockerfile cannot be read): the ENTRYPOINT may run
      // in front of it (an init, a wrapper), so the linter cannot tell what PID 1 is.
      const entryUnknown = p.via === 'its command' && !start.entry
        && (start.build
          ? !!start.build.stage && !effective(start.build.stage, 'ENTRYPOINT') && !entrypointKnown(stageBaseImage(start.build.model, start.build.stage))
          : !!findKey(layers, 'build') || (!!start.image && !entrypointKnown(start.image)));
      let messageId: string;
      let severity: Report['severity'];
      if (entryUnknown && h !== true) { messageId = 'behind'; severity = 'information'; }
      else if (h === true) {
        if (!strict || p.row.reaps) continue;
        messageId = 'reap'; severity = 'hint';
      } else if (h === false) messageId = 'ignores';
      else { messageId = 'unknown'; severity = 'information'; }

      const s6 = p.s6 || runsS6(start.build ? undefined : start.image);
      const g = findKey(layers, 'stop_grace_period');
      const gv = g && isScalar(g.value) && typeof g.value.value === 'string' ? g.value.value : undefined;
      const grace = gv && /^[0-9.]+[a-zµμ]+/.test(gv) ? `the ${gv} grace period` : 'the 10s grace period';
      const argv0 = p.argv?.[0];
      const fromHere = p.via === 'its command' || p.via === 'its entrypoint';
      const program = p.row.kind === 'unknown'
        ? (argv0 ? `"${argv0}" (${p.via})`
          : start.build?.stage ? `the program of its base image "${parseImageRef(stageBaseImage(start.build.model, start.build.stage)).name}"`
          : start.image ? `the image "${parseImageRef(start.image).name}"` : 'its program')
        : `${p.row.name}${fromHere ? '' : ` (${p.via})`}`;
      const map = s.map;
      // `init: false` written in the service itself (a value or an alias): replace it; else add the key.
      const ownInit = !!init && init.layer.own && init.lookup.own;
      const written = ownInit ? nodeSpan(init!.lookup.pair.value as YNode) : undefined;
      const disabled = initValue && bool(initValue) === false ? ' sets "init: false"' : '';
      let fix: FixDraft | undefined;
      // `init:` set by an override file of the project wins over this file: the fix belongs there.
      if (!s6 && !init?.layer.overlay && !(ownInit && (!written || written[0] === written[1]))) {
        fix = written
          ? { title: 'Set "init: true"', edits: [{ start: written[0], end: written[1], newText: 'true' }] }
          : { title: 'Add "init: true"', edits: [insertPair(ctx.file, map, 'init', 'true', { after: ['image', 'build'], first: true })] };
      }
      const fixText = s6 ? S6.trim() : messageId === 'reap' ? 'Add "init: true" to run tini as PID 1 if it starts child processes.' : `Add "init: true" to run tini as PID 1.`;
      const related: Report['related'] = [];
      if (start.build && !fromHere) {
        const ins = p.via === "the Dockerfile's ENTRYPOINT" ? effective(start.build.stage, 'ENTRYPOINT')?.ins
          : p.via === "the Dockerfile's CMD" ? effectiveCmd(start.build.stage)?.ins : undefined;
        const r = ins && dockerfileRelated(ctx, start.build, ins, `The Dockerfile's ${ins.keyword}: PID 1 of the service`);
        if (r) related.push(r);
      }
      ctx.report({
        at: written && disabled ? written : nodeSpan(s.key)!,
        messageId, severity,
        data: { name: s.name, disabled, program: messageId === 'behind' && p.row.kind === 'unknown' && argv0 ? `"${argv0}"` : messageId === 'behind' ? p.row.name : program, why: ignoresInWords(p, signal), grace, signal, fix: fixText, entry: start.build?.stage ? `the ENTRYPOINT of its base image "${parseImageRef(stageBaseImage(start.build.model, start.build.stage)).name}"` : start.image && !findKey(layers, 'build') ? `the ENTRYPOINT of the image "${parseImageRef(start.image).name}"` : 'the ENTRYPOINT of the image it builds' },
        fix,
        related: related.length ? related : undefined,
      });
    }
  },
});
