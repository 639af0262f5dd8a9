import { defineRule } from '../../rule';
import { get, getMap, isScalar, isSeq, nodeSpan, seqItems, str } from '../../model/yaml';
import type { YNode } from '../../model/yaml';
import { analyzeScript, locateShellScript } from '../../shell';
import { containerLabel, graceSeconds, intValue } from './helpers';

/** `sleep` durations in seconds (`5`, `5s`, `1.5`, `2m`, `1h`; GNU and busybox sleep take s/m/h/d), undefined when not a number. */
function seconds(word: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(word.trim());
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
}

/** Seconds a `sleep` argv sleeps (the sum of its operands, as GNU sleep does), or undefined. */
function sleepArgv(words: readonly string[]): number | undefined {
  if (words[0]?.replace(/^.*\//, '') !== 'sleep' || words.length < 2) return undefined;
  let total = 0;
  for (const w of words.slice(1)) {
    const s = seconds(w);
    if (s === undefined) return undefined;
    total += s;
  }
  return total;
}

export default defineRule({
  meta: {
    id: 'k8s/prestop-exceeds-grace',
    target: 'k8s',
    presets: { recommended: 'warning', strict: 'warning' },
    description: 'A `preStop` hook sleeps as long as the grace period or longer: SIGTERM comes only after the hook returns, when no time is left before SIGKILL.',
    fixable: false,
    messages: {
      sleeps: 'The preStop hook of {{container}} sleeps {{sleep}} s, not less than the {{grace}} s grace period{{graceNote}}: SIGTERM comes only after it, with at most the kubelet\'s 2 s extension left before SIGKILL. Sleep less, or raise terminationGracePeriodSeconds above the sleep plus the shutdown time.',
    },
  },
  check(ctx) {
    for (const w of ctx.workloads) {
      const set = graceSeconds(w);
      const grace = set ?? 30;
      const graceNote = set === undefined ? ' (the default)' : '';
      for (const c of w.containers) {
        const preStop = getMap(getMap(c.map, 'lifecycle', w.doc), 'preStop', w.doc);
        if (!preStop) continue;
        const found: { total: number; at: YNode | undefined }[] = [];
        // The sleep action (Kubernetes 1.29+, KEP-3960): `preStop: {sleep: {seconds: N}}`.
        const sleepAction = getMap(preStop, 'sleep', w.doc);
        const secNode = sleepAction && get(sleepAction, 'seconds', w.doc);
        const sec = intValue(secNode);
        if (sec !== undefined) found.push({ total: sec, at: secNode });
        const cmd = get(getMap(preStop, 'exec', w.doc), 'command', w.doc);
        if (isSeq(cmd)) {
          const items = seqItems(cmd, w.doc);
          const argv = items.map(({ value }) => (isScalar(value) ? str(value) : undefined));
          if (argv.every((x): x is string => x !== undefined)) {
            const direct = sleepArgv(argv);
            if (direct !== undefined) found.push({ total: direct, at: cmd });
            else {
              const loc = locateShellScript(argv);
              if (loc) {
                // Sleeps in sequence add up (a `sleep` in the background or in a pipeline does not hold the hook).
                const a = analyzeScript(argv[loc.index]);
                const script = argv[loc.index];
                let total = 0;
                for (const sc of a.commands) {
                  const n = sleepArgv(sc.words.filter((x) => !/^[A-Za-z_]\w*=/.test(x)));
                  if (n === undefined) continue;
                  const after = script.slice(sc.end).trimStart();
                  if (after.startsWith('&') && !after.startsWith('&&')) continue;
                  if (after.startsWith('|') && !after.startsWith('||')) continue;
                  total += n;
                }
                if (total > 0) found.push({ total, at: items[loc.index].item });
              }
            }
          }
        }
        for (const f of found) {
          if (f.total < grace) continue;
          const at = nodeSpan(f.at ?? c.nameNode) ?? [0, 0];
          while (at[1] > at[0] && /[\r\n ]/.test(ctx.file.text[at[1] - 1])) at[1]--;
          ctx.report({ at, messageId: 'sleeps', data: { container: containerLabel(c, true), sleep: Number(f.total.toFixed(3)), grace, graceNote } });
        }
      }
    }
  },
});
