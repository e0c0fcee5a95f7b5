// CLI: a virtual Uno running StandardFirmata on a pseudo-terminal, for a bench definition.
//   npm run virtual-board -- --bench rc-filter [--link PATH] [--baud 115200] [--model counter]
//   --pin-log FILE appends each pin write the host makes as a JSON line (checked after a stop).
// Prints exactly one line on stdout when ready: "Virtual board <id> ready on <path> (<baud> baud)".
import { BenchConfigError, loadBenchDefinition } from '../bench-config/load-bench-definition.ts';
import { createLogger } from '../logger.ts';
import { readToolLogLevel } from '../config.ts';
import { CircuitModelError } from './circuits/create-circuit-model.ts';
import { CliUsageError, parseVirtualBoardArgs, VIRTUAL_BOARD_USAGE } from './cli-options.ts';
import { appendPinWrites } from './pin-log-file.ts';
import { PtyLinkError } from './pty-link.ts';
import { startVirtualBoard } from './virtual-board.ts';

/** Bad arguments or configuration: the user must change the command or the bench file. */
const EXIT_USAGE = 2;
/** The board could not run (socat missing, link lost). */
const EXIT_FAILURE = 1;

async function main(): Promise<number> {
  let options;
  try {
    options = parseVirtualBoardArgs(process.argv.slice(2));
  } catch (error) {
    return fail(error, EXIT_USAGE);
  }
  if (options.help) {
    process.stdout.write(`${VIRTUAL_BOARD_USAGE}\n`);
    return 0;
  }
  const logger = createLogger('virtual-board', readToolLogLevel());
  let board;
  try {
    const bench = await loadBenchDefinition(options.bench);
    board = await startVirtualBoard({
      bench,
      linkPath: options.link,
      baud: options.baud,
      model: options.model,
      seed: options.seed,
      logger,
    });
  } catch (error) {
    const isUserError = error instanceof BenchConfigError || error instanceof CircuitModelError;
    return fail(error, isUserError ? EXIT_USAGE : EXIT_FAILURE);
  }
  const running = board;
  const pinLog = options.pinLog ? appendPinWrites(options.pinLog, running.emulator) : undefined;
  const closeAll = async (): Promise<void> => {
    await running.close();
    await pinLog?.close();
  };
  process.stdout.write(
    `Virtual board ${board.benchId} ready on ${board.path} (${board.baud} baud)\n`,
  );

  return new Promise<number>((resolve) => {
    const shutdown = (): void => {
      void closeAll().then(() => resolve(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    board.on('link-lost', (error) => {
      process.stderr.write(`${error.message}\n`);
      void closeAll().then(() => resolve(EXIT_FAILURE));
    });
  });
}

function fail(error: unknown, code: number): number {
  const known =
    error instanceof CliUsageError ||
    error instanceof BenchConfigError ||
    error instanceof CircuitModelError ||
    error instanceof PtyLinkError;
  process.stderr.write(
    known ? `${(error as Error).message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  return code;
}

// Exit explicitly: the ready line and logs are written synchronously by then.
process.exit(await main());
