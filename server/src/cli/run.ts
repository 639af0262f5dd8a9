/** The CLI entry as a function: argv in, exit code out (no process globals, for tests). */
import { HELP, parseCliArgs } from './args';
import { EXIT_ERROR, EXIT_OK, runCheck } from './check';
import type { Io } from './check';
import { VERSION } from './version';
import { runExplain } from './explain';

export function run(argv: readonly string[], io: Io): number {
  const args = parseCliArgs(argv);
  switch (args.command) {
    case 'help':
      io.stdout(HELP);
      return EXIT_OK;
    case 'version':
      io.stdout(VERSION + '\n');
      return EXIT_OK;
    case 'usage-error':
      io.stderr(`container-signals: ${args.message}\nRun "container-signals --help" for usage.\n`);
      return EXIT_ERROR;
    case 'check':
      return runCheck(args, io);
    case 'explain':
      return runExplain(args, io);
  }
}
