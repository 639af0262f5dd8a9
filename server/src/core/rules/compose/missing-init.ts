import { defineRule, Report } from '../../rule';
import { YNode, isScalar, bool, nodeSpan, str } from '../../model/yaml';
import { insertPair } from '../../edits/yaml-edits';
import { analyzeScript, isInit } from '../../shell';
import { effective, effectiveCmd, logicalArgs, resolvedBaseImage } from '../../model/dockerfile';
import type { DfInstruction, DockerfileModel } from '../../model/dockerfile';
import { serviceLayers, findKey, serviceBuild, argvOf } from './util';
import { knownInitImage } from '../../images';

/** argv[0] of a Dockerfile CMD/ENTRYPOINT: exec form's first string, or the first program of a shell form. */
function dockerfileArgv0(model: DockerfileModel, ins: DfInstruction): string | undefined {
  if (ins.execForm) return ins.execForm[0];
  const a = analyzeScript(logicalArgs(model, ins).text);
  const words = a.commands[0]?.words.filter((w) => !/^[A-Za-z_]\w*\+?=/.test(w)) ?? [];
  return words[0] === 'exec' ? words[1] : words[0];
}

export default defineRule({
  meta: {
    id: 'compose/missing-init',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The service runs without an init process as PID 1 (`init: true`).',
    fixable: true,
    messages: {
      missing: 'Service `{{name}}` runs without an init: its program is PID 1, which gets only the signals it installed a handler for (SIGTERM is dropped, then SIGKILL after {{grace}}) and must reap orphaned children. Add `init: true` to run tini as PID 1.',
      disabled: 'Service `{{name}}` sets `init: false`: its program is PID 1, which gets only the signals it installed a handler for (SIGTERM is dropped, then SIGKILL after {{grace}}) and must reap orphaned children. Set `init: true` to run tini as PID 1.',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const init = findKey(layers, 'init');
      const initValue = init && isScalar(init.value) ? init.value : undefined;
      if (initValue && (bool(initValue) === true || str(initValue)?.includes('${'))) continue;

      // The effective argv[0]: compose entrypoint, else the Dockerfile's ENTRYPOINT; with none, the command.
      const related: Report['related'] = [];
      const entry = findKey(layers, 'entrypoint');
      const build = serviceBuild(ctx, layers);
      const image = findKey(layers, 'image');
      let argv0: string | undefined;
      let decided = false; // an ENTRYPOINT (compose or the Dockerfile's) gives argv[0]
      if (entry) {
        const argv = argvOf(entry.value, entry.layer.doc);
        if (!argv) continue; // not a list of strings: cannot judge
        if (argv.length) { argv0 = argv[0].value; decided = true; }
      } else if (build) {
        const ep = effective(build.stage, 'ENTRYPOINT');
        const first = ep && dockerfileArgv0(build.model, ep.ins);
        if (ep && first !== undefined) {
          argv0 = first;
          decided = true;
          const a = build.model.lines.positionAt(ep.ins.start), b = build.model.lines.positionAt(ep.ins.end);
          related.push({ message: 'The image\'s ENTRYPOINT, which is not an init', path: build.path, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character });
        } else if (!ep && build.stage && knownInitImage(resolvedBaseImage(build.model, build.stage))) continue;
      } else if (knownInitImage(image && str(image.value))) continue;
      if (!decided) {
        // No ENTRYPOINT: the command is the whole argv.
        const cmd = findKey(layers, 'command');
        if (cmd) argv0 = argvOf(cmd.value, cmd.layer.doc)?.[0]?.value;
        else if (build && !entry) {
          const c = effectiveCmd(build.stage);
          if (c) argv0 = dockerfileArgv0(build.model, c.ins);
        }
      }
      if (argv0 !== undefined && isInit(argv0)) continue;

      const map = s.map;
      const g = findKey(layers, 'stop_grace_period');
      const gv = g && isScalar(g.value) && typeof g.value.value === 'string' ? g.value.value : undefined;
      const data = { name: s.name, grace: gv && /^[0-9.]+[a-zµμ]+/.test(gv) ? `the ${gv} grace period` : 'the grace period, 10s by default' };
      // `init: false` written in the service itself (a value or an alias): replace it; else add the key.
      const written = init && init.layer.own && init.lookup.own ? nodeSpan(init.lookup.pair.value as YNode) : undefined;
      if (init && init.layer.own && init.lookup.own && (!written || written[0] === written[1])) {
        ctx.report({ at: nodeSpan(s.key)!, messageId: 'missing', data, related: related.length ? related : undefined });
        continue;
      }
      const ownFalse = !!written;
      const at = written ?? nodeSpan(s.key)!;
      const edit = written
        ? { start: written[0], end: written[1], newText: 'true' }
        : insertPair(ctx.file, map, 'init', 'true', { after: ['image', 'build'], first: true });
      ctx.report({
        at, messageId: ownFalse ? 'disabled' : 'missing', data,
        fix: { title: ownFalse ? 'Set `init: true`' : 'Add `init: true`', edits: [edit] },
        related: related.length ? related : undefined,
      });
    }
  },
});
