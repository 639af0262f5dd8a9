import { defineRule } from '../../rule';
import { logicalArgs, stageChain } from '../../model/dockerfile';

/** Signal names Docker accepts on Linux (moby/sys `signal.SignalMap`), without the `SIG` prefix. */
const NAMES = new Set(['ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL',
  'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED',
  'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX']);

/** The STOPSIGNAL value as Docker reads it (quotes removed), or undefined when it uses a variable. */
export function stopSignalValue(text: string): string | undefined {
  const v = text.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  return v.includes('$') ? undefined : v;
}

/** A signal Docker accepts: a name from its map (case-insensitive, optional `SIG`), `RTMIN+n`/`RTMAX-n`, or 1–64. */
export function isValidSignal(v: string): boolean {
  if (/^\d+$/.test(v)) return Number(v) >= 1 && Number(v) <= 64;
  const name = v.toUpperCase().replace(/^SIG/, '');
  if (NAMES.has(name)) return true;
  const rt = /^RTMIN\+(\d+)$|^RTMAX-(\d+)$/.exec(name);
  return !!rt && (rt[1] !== undefined ? Number(rt[1]) >= 1 && Number(rt[1]) <= 15 && !/^0/.test(rt[1]) : Number(rt[2]) >= 1 && Number(rt[2]) <= 14 && !/^0/.test(rt[2]));
}

export default defineRule({
  meta: {
    id: 'dockerfile/invalid-stopsignal',
    target: 'dockerfile',
    severity: 'error',
    description: 'STOPSIGNAL is not a signal Docker knows: the build fails.',
    fixable: false,
    messages: {
      invalid: '`{{value}}` is not a valid signal: Docker rejects this STOPSIGNAL and the build fails. Use a name such as `SIGTERM`, `SIGINT`, `SIGQUIT` or `SIGRTMIN+3`, or a number from 1 to 64.',
    },
  },
  check(ctx) {
    const model = ctx.model;
    // Every STOPSIGNAL of the final stage and the stages it builds on is evaluated by the build.
    for (const s of stageChain(model.final)) {
      for (const ins of s.instructions) {
        if (ins.keyword !== 'STOPSIGNAL' || ins.argsStart === undefined) continue;
        const v = stopSignalValue(logicalArgs(model, ins).text);
        if (v === undefined || isValidSignal(v)) continue;
        ctx.report({ at: [ins.argsStart, ins.argsEnd!], messageId: 'invalid', data: { value: v } });
      }
    }
  },
});
