import five from 'johnny-five';
import firmataIo from 'firmata-io';
import type { FirmataTransport } from './firmata-bench-driver.ts';

type Firmata = InstanceType<typeof firmataIo.Firmata>;

export interface FirmataHandshakeOptions {
  /** How long firmata-io waits for the board to announce itself before asking. */
  versionQueryDelayMs: number;
  /** Give up the handshake after this long. */
  handshakeTimeoutMs: number;
  /** Errors johnny-five or firmata-io raise after the handshake settled (logged, never thrown). */
  onLateError?: (error: Error) => void;
}

/** The firmwares the driver speaks to; anything else answering Firmata is refused. */
const FIRMATA_NAME = /Firmata/i;

/**
 * The Firmata handshake through johnny-five: resolves with the ready firmata-io instance, rejects
 * when the board stays silent, the port goes away or the board runs another firmware.
 *
 * Whatever happens, nothing it starts can kill the process: johnny-five's connect timeout emits
 * 'error' twice and firmata-io re-emits port errors, so both emitters keep an 'error' listener for
 * life; when the handshake is abandoned, johnny-five's and firmata-io's own timers are cleared
 * (they would fire seconds later on a board we have given up) and the board leaves johnny-five's
 * cache (which otherwise keeps every board of every reconnect attempt).
 */
export function firmataHandshake(
  transport: FirmataTransport,
  options: FirmataHandshakeOptions,
): Promise<Firmata> {
  return new Promise((resolve, reject) => {
    const io = new firmataIo.Firmata(transport, {
      reportVersionTimeout: options.versionQueryDelayMs,
    });
    const board = new five.Board({
      io,
      repl: false,
      sigint: false,
      debug: false,
      timeout: options.handshakeTimeoutMs,
    });
    let settled = false;
    const abandon = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(board.timer);
      clearTimeout(io.reportVersionTimeoutId);
      forgetBoard(board);
      reject(error);
    };
    const onError = (error: unknown) => {
      const err = asError(error);
      if (settled) options.onLateError?.(err);
      else abandon(err);
    };
    board.on('error', onError);
    // firmata-io's errors come from the port (a write to a port that vanished fails with EIO
    // before its close is seen): name them as such, like the close itself.
    io.on('error', (error: unknown) =>
      onError(
        settled
          ? error
          : new Error(`serial port error during the handshake: ${asError(error).message}`),
      ),
    );
    const timer = setTimeout(() => {
      abandon(
        new Error(
          `the board did not answer the Firmata handshake within ${options.handshakeTimeoutMs} ms`,
        ),
      );
    }, options.handshakeTimeoutMs);
    transport.on('close', () => abandon(new Error('the serial port closed during the handshake')));
    // johnny-five waits for a `connect` event that only its own serial code emits; over an
    // injected, already open transport we emit it ourselves.
    process.nextTick(() => {
      if (!settled) io.emit('connect');
    });
    board.once('ready', () => {
      if (settled) return;
      const name = io.firmware.name ?? '';
      if (!FIRMATA_NAME.test(name)) {
        abandon(
          new Error(
            `the board runs "${name || 'an unnamed firmware'}", not StandardFirmata or ConfigurableFirmata`,
          ),
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      // The board is ours from here on; the driver drops it from the cache when it closes.
      resolve(io);
    });
  });
}

/** Removes the johnny-five board that wraps `io` from johnny-five's module-level cache. */
export function forgetBoardOf(io: Firmata): void {
  const board = five.Board.cache.find((candidate) => candidate.io === io);
  if (board) forgetBoard(board);
}

function forgetBoard(board: InstanceType<typeof five.Board>): void {
  const index = five.Board.cache.indexOf(board);
  if (index >= 0) five.Board.cache.splice(index, 1);
}

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  // johnny-five's first 'error' on its connect timeout is a log event { class, message }.
  const message = (error as { message?: unknown } | undefined)?.message;
  return new Error(typeof message === 'string' ? message : String(error));
}
