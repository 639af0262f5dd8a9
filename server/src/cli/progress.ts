/**
 * Progress of a long scan on stderr: `container-signals: 120/500 files`, rewritten in place with
 * `\r` and cleared at the end. Only when stderr is a terminal, and only once the scan has taken
 * longer than DELAY_MS (a short run prints nothing, no flicker); redrawn at most every
 * INTERVAL_MS. Other stderr messages during the run go through `message()`, which clears the
 * line first so nothing is written over.
 */
export const DELAY_MS = 250;
export const INTERVAL_MS = 80;

const CLEAR = '\r\x1b[K';

export class Progress {
  private readonly start: number;
  private last = -Infinity;
  private shown = false;

  constructor(
    private readonly enabled: boolean,
    private readonly total: number,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.start = now();
  }

  /** `done` files of `total` are finished. */
  tick(done: number): void {
    if (!this.enabled || this.total < 2) return;
    const t = this.now();
    if (t - this.start < DELAY_MS) return;
    if (this.shown && t - this.last < INTERVAL_MS && done < this.total) return;
    this.last = t;
    this.shown = true;
    this.write(`${CLEAR}container-signals: ${done}/${this.total} files`);
  }

  /** A message for stderr: clears the progress line first (the next tick redraws it). */
  message(s: string): void {
    this.clear();
    this.write(s);
  }

  /** Removes the progress line, if one is shown. */
  clear(): void {
    if (!this.shown) return;
    this.shown = false;
    this.last = -Infinity;
    this.write(CLEAR);
  }
}
