import * as path from 'node:path';
import { defineRule } from '../../rule';
import { YNode, nodeSpan } from '../../model/yaml';
import { analyzeScript } from '../../shell';
import { packageManagerStart, shellExecsLast } from '../../knowledge';
import type { PackageManagerStart, ShellKind } from '../../knowledge';
import type { WorkspaceReader } from '../../types';
import { serviceLayers, serviceStart, buildContext, reportedElsewhere, Arg, Found } from './util';

/**
 * What the shell between the package manager and the program does (RUNTIMES.md: npm runs the
 * script with `sh -c`; dash never execs, busybox and bash exec the last simple command). npm
 * (≥ 3.8.1) and yarn forward SIGTERM to the script's shell; on dash that shell dies and the
 * program never gets it.
 */
function chain(manager: string, shell: ShellKind): string {
  switch (shell) {
    case 'dash': return `This image's /bin/sh is dash, which stays between ${manager} and the program, so SIGTERM does not reach it, even behind an init.`;
    case 'busybox': case 'bash': return `This image's /bin/sh execs the script's last command, but ${manager} stays between the stop signal and the program.`;
    default: return `Where /bin/sh is dash (Debian, Ubuntu images), the shell stays between ${manager} and the program, so SIGTERM does not reach it, even behind an init.`;
  }
}

/** The script package.json gives for `pm.script` (in the build context), when it can be read. */
function scriptText(ws: WorkspaceReader | undefined, dir: string | undefined, pm: PackageManagerStart): string | undefined {
  if (!ws || !dir || !pm.script) return undefined;
  const text = ws.readFile(path.join(dir, 'package.json'));
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as { scripts?: Record<string, unknown> };
    const v = json?.scripts?.[pm.script];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  } catch { return undefined; }
}

export default defineRule({
  meta: {
    id: 'compose/package-manager-start',
    target: 'compose',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The service starts its program through npm, yarn or pnpm, which run the script with sh -c between the stop signal and the program.',
    fixable: false,
    messages: {
      start: 'Service "{{name}}" starts its program through "{{start}}", which runs the script with sh -c. {{chain}} {{direct}}',
    },
  },
  check(ctx) {
    for (const s of ctx.services) {
      if (!s.map) continue;
      const layers = serviceLayers(ctx, s);
      const st = serviceStart(ctx, layers);
      const pm = st?.pid1.packageManager;
      if (!st || !pm) continue;
      // Where it is written: the command or entrypoint of this service, else the service name.
      const PM = /(^|[\s/;&|(])(npm|yarn|pnpm)(\s|$)/;
      const where = ([[st.entry, st.entryArgs], [st.cmd, st.cmdArgs]] as [Found | undefined, Arg[] | undefined][])
        .find(([f, args]) => f && args?.some((x) => PM.test(x.value)))?.[0];
      if (where && reportedElsewhere(where)) continue; // reported on the service that writes it
      const at = where && where.layer.own && where.lookup.own ? nodeSpan(where.lookup.pair.value as YNode) : undefined;
      const script = scriptText(ctx.workspace, buildContext(layers), pm);
      let direct = 'Run the program directly (for example "node server.js") so it gets the stop signal.';
      if (script) {
        const a = analyzeScript(script);
        const simple = a.commands.length === 1 && a.execInsertOffset !== undefined && !packageManagerStart(a.commands[0].words);
        direct = simple
          ? `Run "${script}" directly (the "${pm.script}" script of package.json) so it gets the stop signal.`
          : `Run the program of the "${pm.script}" script ("${script}") directly so it gets the stop signal.`;
      }
      const start = [pm.manager, ...pm.argv.slice(1)].join(' ');
      ctx.report({
        at: at ?? nodeSpan(s.key)!,
        messageId: 'start',
        data: { name: s.name, start, chain: chain(pm.manager, st.pid1.shell.value), direct },
        // busybox ash and bash exec the script's last command and npm/yarn forward SIGTERM to it:
        // the stop may well work (information, as for k8s/package-manager-start).
        severity: shellExecsLast(st.pid1.shell.value) ? 'information' : undefined,
      });
    }
  },
});
