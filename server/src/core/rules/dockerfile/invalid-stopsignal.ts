import { defineRule } from '../../rule';
import { logicalArgs, stageChain, type DfInstruction, type DockerfileModel, type Stage } from '../../model/dockerfile';

/** Signal names Docker accepts on Linux (moby/sys `signal.SignalMap`), without the `SIG` prefix. */
const NAMES = new Set(['ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL',
  'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT', 'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED',
  'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN', 'RTMAX']);

/** The STOPSIGNAL value as Docker reads it (quotes removed), or undefined when it uses a variable. */
export function stopSignalValue(text: string): string | undefined {
  const v = text.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  return v.includes('$') ? undefined : v;
}

/**
 * How Docker treats a STOPSIGNAL value (moby/sys `signal.ParseSignal`, used by BuildKit, the classic
 * builder and the daemon): an integer (Go `strconv.Atoi`: optional sign, leading zeros) is accepted
 * when it is not 0, whatever its range; anything else must be a name of the Linux signal table
 * (case-insensitive, optional `SIG`).
 * - 'ok': 1–64 or a known name;
 * - 'rejected': 0, or an unknown name (also `-TERM`, `RTMIN+16`): the build fails with `invalid signal`;
 * - 'tooHigh': above 64: the build passes, but no signal can be sent (kill(2) fails with EINVAL);
 * - 'negative': below 0: the build passes; Docker 28+ ignores it (SIGTERM), older Docker and
 *   containerd fail to send it.
 */
export type SignalVerdict = 'ok' | 'rejected' | 'tooHigh' | 'negative';

export function signalVerdict(v: string): SignalVerdict {
  if (/^[+-]?\d+$/.test(v)) {
    const n = BigInt(v);
    if (n > 9223372036854775807n || n < -9223372036854775808n) return 'rejected'; // Atoi fails, and it is no name
    return n === 0n ? 'rejected' : n < 0n ? 'negative' : n > 64n ? 'tooHigh' : 'ok';
  }
  const name = v.toUpperCase().replace(/^SIG/, '');
  if (NAMES.has(name)) return 'ok';
  const rt = /^RTMIN\+(\d+)$|^RTMAX-(\d+)$/.exec(name);
  const ok = !!rt && (rt[1] !== undefined ? Number(rt[1]) >= 1 && Number(rt[1]) <= 15 && !/^0/.test(rt[1]) : Number(rt[2]) >= 1 && Number(rt[2]) <= 14 && !/^0/.test(rt[2]));
  return ok ? 'ok' : 'rejected';
}

/** A signal Docker accepts and can send: a name from its map (case-insensitive, optional `SIG`), `RTMIN+n`/`RTMAX-n`, or 1–64. */
export function isValidSignal(v: string): boolean {
  return signalVerdict(v) === 'ok';
}

const USE = 'Use a name such as SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3, or a number from 1 to 64.';

/** Names an ARG or ENV of the stage chain declares before `ins` (Docker expands only those in STOPSIGNAL). */
function declared(model: DockerfileModel, stage: Stage, ins: DfInstruction): Set<string> {
  const names = new Set<string>();
  for (const s of stageChain(stage)) {
    for (const i of s.instructions) {
      if (s === stage && i.start >= ins.start) break;
      if (i.keyword !== 'ARG' && i.keyword !== 'ENV') continue;
      const words = logicalArgs(model, i).text.trim().split(/\s+/);
      if (i.keyword === 'ENV' && words[0] && !words[0].includes('=')) { names.add(words[0]); continue; }
      for (const w of words) { const m = /^([A-Za-z_]\w*)(=|$)/.exec(w); if (m) names.add(m[1]); }
    }
  }
  return names;
}

/**
 * A STOPSIGNAL value with its variables expanded as far as the Dockerfile says: undefined when a
 * declared variable decides it (its value comes from the build), `unclosed` for `${` without `}`,
 * `undeclared` (with the first such name) when it names variables no ARG/ENV declares.
 */
export function expandStopSignal(model: DockerfileModel, stage: Stage, ins: DfInstruction, text: string):
  { value: string; undeclared?: string } | { unclosed: true } | undefined {
  const v = text.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  if (!v.includes('$')) return { value: v };
  if (/\$\{[^}]*$/.test(v)) return { unclosed: true };
  const names = declared(model, stage, ins);
  let unknown = false;
  let undeclared: string | undefined;
  const value = v.replace(/\$\{([A-Za-z_]\w*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (all, a?: string, op?: string, word?: string, b?: string) => {
    const name = (a ?? b)!;
    if (names.has(name)) { unknown = true; return all; }
    if (op === '-') return word ?? '';
    if (op === '+') return '';
    undeclared ??= name;
    return '';
  });
  if (unknown) return undefined;
  return { value, undeclared };
}

export default defineRule({
  meta: {
    id: 'dockerfile/invalid-stopsignal',
    target: 'dockerfile',
    presets: { recommended: 'error', strict: 'error' },
    description: 'STOPSIGNAL is not a signal Docker can send: an unknown name fails the build, a number outside 1–64 fails the stop.',
    fixable: false,
    messages: {
      invalid: `"{{value}}" is not a signal Docker knows: the build fails (invalid signal: {{value}}). ${USE}`,
      tooHigh: `"{{value}}" is not a Linux signal (1–64): the build accepts the number, but the signal cannot be sent, so docker stop kills the container with SIGKILL after 2 s and containerd (Kubernetes) fails the stop. ${USE}`,
      negative: `"{{value}}" is not a Linux signal (1–64): the build accepts the number, but Docker 28+ ignores it and sends SIGTERM, while older Docker and containerd (Kubernetes) cannot send it. ${USE}`,
      unclosed: `"{{value}}" opens "\${" without a closing "}": the build fails with a syntax error. ${USE}`,
      undeclared: `"{{name}}" is declared by no ARG or ENV of this stage, so "{{value}}" expands to {{expanded}} and the build fails. Declare it (ARG {{name}}=SIGTERM), or write the signal.`,
    },
  },
  check(ctx) {
    const model = ctx.model;
    // Every STOPSIGNAL of the final stage and the stages it builds on is evaluated by the build.
    for (const s of stageChain(model.final)) {
      for (const ins of s.instructions) {
        if (ins.keyword !== 'STOPSIGNAL' || ins.argsStart === undefined) continue;
        const raw = logicalArgs(model, ins).text.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
        const x = expandStopSignal(model, s, ins, logicalArgs(model, ins).text);
        if (x === undefined) continue; // a declared variable: its value comes from the build
        if ('unclosed' in x) {
          ctx.report({ at: [ins.argsStart, ins.argsEnd!], messageId: 'unclosed', data: { value: raw } });
          continue;
        }
        const v = x.value;
        const verdict = v === '' ? 'rejected' : signalVerdict(v);
        if (verdict === 'ok') continue;
        if (x.undeclared !== undefined) {
          ctx.report({ at: [ins.argsStart, ins.argsEnd!], messageId: 'undeclared', data: { name: x.undeclared, value: raw, expanded: v ? `"${v}"` : 'nothing' } });
          continue;
        }
        // Only a rejected name breaks the build; a number out of range breaks the stop.
        ctx.report({
          at: [ins.argsStart, ins.argsEnd!],
          messageId: verdict === 'rejected' ? 'invalid' : verdict,
          data: { value: v },
          severity: verdict === 'rejected' ? undefined : 'warning',
        });
      }
    }
  },
});
