// johnny-five ships no types; we declare only what the Firmata driver uses.
declare module 'johnny-five' {
  import type { EventEmitter } from 'node:events';

  interface BoardOptions {
    io: unknown;
    repl?: boolean;
    sigint?: boolean;
    debug?: boolean;
    timeout?: number;
  }

  export class Board extends EventEmitter {
    constructor(options: BoardOptions);
    readonly isReady: boolean;
    readonly io: unknown;
    /**
     * The connect timeout johnny-five arms on `connect` (its `timeout` option); when it fires it
     * emits 'error' twice. Cleared by johnny-five only on `ready`.
     */
    readonly timer?: NodeJS.Timeout;
    pinMode(pin: number, mode: number): this;
    analogWrite(pin: number, value: number): this;
    digitalWrite(pin: number, value: 0 | 1): this;
    analogRead(channel: number, callback: (value: number) => void): this;
    digitalRead(pin: number, callback: (value: number) => void): this;
    sysexCommand(message: number[]): this;
    /** Every Board ever constructed (johnny-five's module-level cache; never pruned by it). */
    static readonly cache: Board[];
  }

  const five: { Board: typeof Board };
  export default five;
}
