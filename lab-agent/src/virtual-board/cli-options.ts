import { parseArgs } from 'node:util';

/** A command line that cannot be used; the message is one sentence for the user. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface VirtualBoardCliOptions {
  /** Bench id (firmware-config/benches/<id>.yaml) or path to a bench YAML file. */
  bench: string;
  link?: string;
  baud?: number;
  model?: string;
  seed?: number;
  /** File the host's pin writes are appended to, one JSON line each (read after the host stops). */
  pinLog?: string;
  help: boolean;
}

export const VIRTUAL_BOARD_USAGE =
  'Usage: npm run virtual-board -- --bench <id|file.yaml> [--link PATH] [--baud 57600|115200] ' +
  '[--model spice|rc-lowpass|counter] [--seed N] [--pin-log FILE]';

/** Parses the virtual board's arguments (without node and the script). */
export function parseVirtualBoardArgs(argv: string[]): VirtualBoardCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        bench: { type: 'string' },
        link: { type: 'string' },
        baud: { type: 'string' },
        model: { type: 'string' },
        seed: { type: 'string' },
        'pin-log': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // parseArgs explains some errors over several lines; the first one says what is wrong.
    const [firstLine = 'Invalid arguments'] = (error as Error).message.split('\n');
    throw new CliUsageError(`${firstLine.replace(/\.$/, '')}. ${VIRTUAL_BOARD_USAGE}`);
  }
  if (values.help) return { bench: values.bench ?? '', help: true };
  if (!values.bench) throw new CliUsageError(`--bench is required. ${VIRTUAL_BOARD_USAGE}`);
  return {
    bench: values.bench,
    link: values.link,
    baud:
      values.baud === undefined ? undefined : parseInteger('--baud', values.baud, 300, 2_000_000),
    model: values.model,
    seed:
      values.seed === undefined ? undefined : parseInteger('--seed', values.seed, 0, 2 ** 32 - 1),
    pinLog: values['pin-log'],
    help: false,
  };
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max}, got "${text}".`);
  }
  return value;
}
