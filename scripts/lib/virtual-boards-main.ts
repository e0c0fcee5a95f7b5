// The demo's virtual boards in one process: `--board <bench id or file>=<link path>`, repeated.
// One Node process (and one TypeScript load) for all of them starts far faster than one per
// board on a busy machine; each board still has its own pseudo-terminal and circuit.
// Prints, per board, the line the virtual-board CLI prints: "Virtual board <id> ready on <path>".
import { parseArgs } from 'node:util';
import { startVirtualBoard, type RunningVirtualBoard } from '@remotelab/lab-agent/virtual-board';
import { createLogger, loadBenchDefinition, readToolLogLevel } from '@remotelab/lab-agent';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { board: { type: 'string', multiple: true } },
  strict: true,
});
const logger = createLogger('virtual-board', readToolLogLevel());
const boards: RunningVirtualBoard[] = [];

const specs = (values.board ?? []).map((spec) => {
  const [bench, link] = spec.split('=');
  if (!bench || !link) throw new Error(`--board wants <bench>=<link>, got "${spec}"`);
  return { bench, link };
});
await Promise.all(
  specs.map(async ({ bench, link }) => {
    const board = await startVirtualBoard({
      bench: await loadBenchDefinition(bench),
      linkPath: link,
      logger,
    });
    boards.push(board);
    process.stdout.write(
      `Virtual board ${board.benchId} ready on ${board.path} (${board.baud} baud)\n`,
    );
    // A board whose link is lost takes the process down: the demo starts them all again.
    board.on('link-lost', (error) => {
      process.stderr.write(`${board.benchId}: ${error.message}\n`);
      void shutdown(1);
    });
  }),
);

async function shutdown(code: number): Promise<never> {
  await Promise.all(boards.map((board) => board.close()));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
