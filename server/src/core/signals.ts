/**
 * Signal names and numbers as Docker reads them (STOPSIGNAL, compose `stop_signal`): shared by
 * dockerfile/invalid-stopsignal, dockerfile/uncatchable-stopsignal and the compose stop-signal rules.
 */

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

/** SIGKILL/9 or SIGSTOP/19 (any case, optional SIG, leading zeros): they cannot be caught. */
export function uncatchableSignal(v: string): 'kill' | 'stop' | undefined {
  const name = v.trim().toUpperCase().replace(/^SIG/, '');
  return name === 'KILL' || /^\+?0*9$/.test(name) ? 'kill' : name === 'STOP' || /^\+?0*19$/.test(name) ? 'stop' : undefined;
}
