import { realpath } from 'node:fs/promises';
import { SerialPort } from 'serialport';

/** How a kind of board behaves when its port opens, and so how long to wait for its announcement. */
export interface BoardStartup {
  kind: string;
  /** Wait this long for REPORT_VERSION before asking for it (LAB_VERSION_QUERY_DELAY_MS). */
  versionQueryDelayMs: number;
}

/**
 * Boards by USB id. An Uno R3 or a Mega (ATmega16U2 bridge) resets when its port opens: optiboot
 * listens ~1 s, then StandardFirmata blinks its version (1.9 s measured on the simulated Uno)
 * and announces itself; bytes sent while the bootloader listens are taken as upload commands, so
 * the query waits past it. USB-serial clones (CH340, FTDI, CP210x) often carry the older
 * bootloader of the Nano, which listens longer. A Leonardo or Micro (native USB) does not reset.
 */
const KNOWN: ReadonlyArray<{ ids: readonly string[]; startup: BoardStartup }> = [
  {
    ids: [
      '2341:0043',
      '2341:0001',
      '2a03:0043',
      '2341:0243',
      '2341:0042',
      '2341:0010',
      '2a03:0042',
    ],
    startup: { kind: 'Uno/Mega (resets on open, optiboot)', versionQueryDelayMs: 2000 },
  },
  {
    ids: ['1a86:7523', '0403:6001', '10c4:ea60'],
    startup: {
      kind: 'USB-serial clone (resets on open, older bootloader)',
      versionQueryDelayMs: 3500,
    },
  },
  {
    ids: ['2341:8036', '2341:8037', '2a03:8036', '2a03:8037'],
    startup: { kind: 'Leonardo/Micro (native USB, no reset)', versionQueryDelayMs: 200 },
  },
];

/** An unknown board: assume it resets on open, and wait as for the slowest known one. */
export const UNKNOWN_BOARD: BoardStartup = { kind: 'unknown', versionQueryDelayMs: 3500 };

/** The startup of a board with these USB ids (hex, any case). */
export function startupOfUsbIds(vendorId?: string, productId?: string): BoardStartup {
  const id = `${vendorId ?? ''}:${productId ?? ''}`.toLowerCase();
  return KNOWN.find((entry) => entry.ids.includes(id))?.startup ?? UNKNOWN_BOARD;
}

/**
 * The startup of the board on `path`, from the USB ids the system lists for it (a symlink such
 * as /dev/serial/by-id/... is resolved first). A port the system does not list (a pseudo-terminal,
 * a board behind ser2net) is an unknown board.
 */
export async function startupOfPort(path: string): Promise<BoardStartup> {
  const device = await realpath(path).catch(() => path);
  const ports = await SerialPort.list().catch(() => []);
  const port = ports.find((candidate) => candidate.path === device || candidate.path === path);
  return port ? startupOfUsbIds(port.vendorId, port.productId) : UNKNOWN_BOARD;
}
