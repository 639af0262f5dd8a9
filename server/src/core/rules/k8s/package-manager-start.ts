import { defineRule } from '../../rule';
import { nodeSpan, isSeq, seqItems } from '../../model/yaml';
import { packageManagerStart, shellOf, shellExecsLast } from '../../knowledge';
import { analyzeScript, locateShellScript, stripInit } from '../../shell';
import { containerAt, containerLabel, containerDockerfile, factsImage, argvOf } from './helpers';

export default defineRule({
  meta: {
    id: 'k8s/package-manager-start',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'The container starts its program through `npm start`/`npm run`/`yarn`/`pnpm`: the package manager and a `sh -c` stand between SIGTERM and the program.',
    fixable: false,
    messages: {
      dash: '"{{start}}" in {{container}} runs the program under {{manager}} and sh -c, and this image\'s dash never execs it: SIGTERM stops at the shell. Run the program directly (e.g. "node server.js").',
      unknown: '"{{start}}" in {{container}} runs the program under {{manager}} and sh -c: with a dash /bin/sh, SIGTERM stops at the shell (this image\'s shell is not known). Run the program directly (e.g. "node server.js").',
      other: '"{{start}}" in {{container}} runs the program under {{manager}} and sh -c: it gets SIGTERM only if {{manager}} forwards it (this image\'s {{shellName}} execs the script\'s last command). Run the program directly (e.g. "node server.js").',
    },
  },
  check(ctx) {
    /** A block scalar's span without its final line breaks. */
    const trimmed = (at: [number, number] | undefined): [number, number] | undefined => {
      if (!at) return undefined;
      const r: [number, number] = [at[0], at[1]];
      while (r[1] > r[0] && /[\r\n ]/.test(ctx.file.text[r[1] - 1])) r[1]--;
      return r;
    };
    for (const w of ctx.workloads) {
      for (const c of w.containers) {
        const command = argvOf(c, 'command');
        const args = argvOf(c, 'args');
        if (command === null || args === null) continue;
        const argv = [...(command ?? []), ...(args ?? [])];
        if (!argv.length) continue;
        // Directly (after an init or wrappers), or as the last command of a `sh -c` script.
        let words = stripInit(argv)?.rest ?? argv;
        let pm = packageManagerStart(words);
        let index = argv.length - words.length;
        if (!pm) {
          const found = locateShellScript(argv);
          if (!found) continue;
          const a = analyzeScript(argv[found.index]);
          const last = a.commands[a.commands.length - 1];
          if (!last) continue;
          words = last.words;
          pm = packageManagerStart(words);
          index = found.index;
        }
        if (!pm) continue;
        const start = [pm.manager, ...pm.argv.slice(1).filter((x) => !x.startsWith('-')).slice(0, pm.manager === 'npm' || pm.argv[1] === 'run' ? 2 : 1)].join(' ');
        // The image's /bin/sh: its Dockerfile's base image when the workspace builds it.
        const shell = shellOf(factsImage(c, containerDockerfile(ctx, c))).value;
        const items = (['command', 'args'] as const).flatMap((k) => { const v = c.lookup(k)?.value; return isSeq(v) ? seqItems(v, w.doc).map((x) => x.item) : []; });
        const at = trimmed(nodeSpan(items[index])) ?? containerAt(c);
        const data = { start, container: containerLabel(c, true), manager: pm.manager, shellName: shell === 'bash' ? 'bash' : 'busybox ash' };
        // busybox ash and bash exec the script's command, and npm forwards SIGTERM to its child: it may work (information).
        if (shellExecsLast(shell)) ctx.report({ at, messageId: 'other', data, severity: 'information' });
        else ctx.report({ at, messageId: shell === 'dash' ? 'dash' : 'unknown', data });
      }
    }
  },
});
