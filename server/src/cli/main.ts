/** `container-signals` executable (bundled to dist/cli.js with a shebang). */
import * as fs from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { run } from './run';
import { runWorker } from './parallel';

if (isMainThread) main();
// A worker thread of a parallel `check` (see parallel.ts).
else runWorker(workerData);

function main(): void {
  // `container-signals check | head` closes stdout early: not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });

  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  try {
    process.exitCode = run(process.argv.slice(2), {
      cwd: process.cwd(),
      stdout: (s) => { if (s) process.stdout.write(s); },
      stderr: (s) => { process.stderr.write(s); },
      color: Boolean(process.stdout.isTTY) && !noColor,
      stderrIsTTY: Boolean(process.stderr.isTTY),
      readStdin: () => fs.readFileSync(0),
      workerScript: __filename,
    });
  } catch (e) {
    process.stderr.write(`container-signals: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  }
}
