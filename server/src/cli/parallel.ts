/**
 * Linting many files on several threads: worker threads run the CLI bundle (dist/cli.js) in
 * worker mode and lint files too. Every thread, the main one included, takes the next file from a
 * shared counter; each outcome (its stderr lines, its findings) is handed back with the file's
 * index, and the main thread takes the outcomes in file order, so the output is exactly that of
 * one thread. The main thread stays synchronous: it reads the workers' messages with
 * `receiveMessageOnPort` and sleeps on `Atomics.wait` when it has nothing left to lint.
 *
 * Not with --fix: a fixed file may be read by another's lint (a compose file's Dockerfile), and
 * one thread keeps that order. How many threads by default: `defaultJobs`.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { CheckOptions } from './args';
import type { LintConfig, TargetOutcome } from './check';
import { targetChecker } from './check';
import type { Target } from './discover';

/** More files than this are linted on several threads. */
export const PARALLEL_MIN_FILES = 50;
/** At most this many threads, whatever the machine or --jobs says. */
export const MAX_JOBS = 16;

/**
 * Threads without --jobs: the CPUs (at most 4) on a machine with more than two. On two CPUs,
 * one: a single lint thread already keeps about 1.4 of them busy (V8 compiles and collects
 * garbage on helper threads), and two lint threads slowed each other down so much (each at about
 * 40% of its speed alone: memory-bound work, two processes fared the same) that a run took 15 to
 * 30% longer than on one thread. docs/performance.md has the figures.
 */
export function defaultJobs(): number {
  const cpus = availableParallelism();
  return cpus > 2 ? Math.min(cpus, 4) : 1;
}

/** What a worker needs: the files and the options (cloned into each worker). */
export interface WorkerJob { targets: Target[]; opts: CheckOptions; config: LintConfig }

interface WorkerData { containerSignalsWorker: true; job: WorkerJob; state: SharedArrayBuffer; port: MessagePort }

type Message = { i: number; outcome: TargetOutcome } | { i: number; error: string };

/** Counters in the shared buffer: the next file to take, and how many outcomes were posted. */
const NEXT = 0, POSTED = 1;

/**
 * Lints `job.targets` on this thread and `workers` worker threads running `script`; calls `take`
 * with each outcome in file order.
 */
export function lintInParallel(script: string, workers: number, job: WorkerJob, take: (o: TargetOutcome, i: number) => void): void {
  const total = job.targets.length;
  const state = new SharedArrayBuffer(8);
  const counters = new Int32Array(state);
  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  for (let k = 0; k < workers; k++) {
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { containerSignalsWorker: true, job, state, port: port2 };
    const w = new Worker(script, { workerData: data, transferList: [port2], stdout: true, stderr: true });
    w.unref();
    threads.push(w);
    ports.push(port1);
  }
  const check = targetChecker(job.opts, job.config);
  const outcomes: (TargetOutcome | undefined)[] = new Array(total);
  let next = 0;
  const drain = () => {
    for (const p of ports) {
      for (let m = receiveMessageOnPort(p); m; m = receiveMessageOnPort(p)) {
        const msg = m.message as Message;
        // A file a worker failed on is linted here (the same error, if any, then surfaces here).
        outcomes[msg.i] = 'outcome' in msg ? msg.outcome : check(job.targets[msg.i]);
      }
    }
  };
  const takeReady = () => {
    for (; next < total && outcomes[next]; next++) {
      take(outcomes[next]!, next);
      outcomes[next] = undefined;
    }
  };
  try {
    for (let i = Atomics.add(counters, NEXT, 1); i < total; i = Atomics.add(counters, NEXT, 1)) {
      outcomes[i] = check(job.targets[i]);
      drain();
      takeReady();
    }
    let idle = 0;
    while (next < total) {
      const posted = Atomics.load(counters, POSTED);
      drain();
      takeReady();
      if (next >= total) break;
      if (Atomics.wait(counters, POSTED, posted, 1000) === 'timed-out' && ++idle >= 30) {
        // A worker died without a word (30 s without an outcome): lint what is missing here.
        for (let i = next; i < total; i++) outcomes[i] ??= check(job.targets[i]);
        takeReady();
      }
    }
  } finally {
    for (const w of threads) void w.terminate();
    for (const p of ports) p.close();
  }
}

/** Worker mode (dist/cli.js started by `lintInParallel`): lint files until none is left. */
export function runWorker(data: unknown): boolean {
  const d = data as WorkerData | undefined;
  if (!d || d.containerSignalsWorker !== true) return false;
  const counters = new Int32Array(d.state);
  const { targets, opts, config } = d.job;
  const check = targetChecker(opts, config);
  for (let i = Atomics.add(counters, NEXT, 1); i < targets.length; i = Atomics.add(counters, NEXT, 1)) {
    let msg: Message;
    try {
      msg = { i, outcome: check(targets[i]) };
    } catch (e) {
      msg = { i, error: e instanceof Error ? e.message : String(e) };
    }
    d.port.postMessage(msg);
    Atomics.add(counters, POSTED, 1);
    Atomics.notify(counters, POSTED);
  }
  return true;
}
