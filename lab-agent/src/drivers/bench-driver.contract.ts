import { afterEach, describe, expect, it } from 'vitest';
import type { AnalogReading, BenchDriver, SamplingRequest } from './bench-driver.ts';
import { WriteNotAppliedError } from './pin-confirmation.ts';

/** What the contract needs of the board under test. */
export interface BenchDriverHarness {
  /** A fresh driver for the board under test (not opened). */
  createDriver(): BenchDriver;
  /** A driver whose board cannot be reached (a port that does not exist). */
  createUnreachableDriver(): BenchDriver;
  /** Two analog channels the board reports, and a PWM-capable output pin free to write. */
  analogChannels: readonly [number, number];
  pwmPin: number;
  /**
   * What `pin` drives now, as the board itself holds it (observed on the board side, or asked
   * of a real board with PIN_STATE_QUERY), not through the driver's own bookkeeping.
   */
  pinValueOnBoard(driver: BenchDriver, pin: number): Promise<number>;
  /**
   * Loses host bytes on the link while set (`lose(byte)` true: the byte never reaches the
   * firmware); `undefined` heals it. Absent when the harness cannot (a real board).
   */
  loseHostBytes?(lose: ((byte: number) => boolean) | undefined): void;
  /** Pulls the cable / kills the board; absent when the harness cannot (a real board). */
  unplug?(): Promise<void>;
  /** Puts the board back after `unplug`. */
  replug?(): Promise<void>;
}

const READINGS = 40;

/**
 * The BenchDriver contract (see bench-driver.ts), one numbered rule per test, run against every
 * implementation: FirmataBenchDriver on a virtual board over a pseudo-terminal, and on a real
 * board when LAB_TEST_PORT is set (tests/hw). The caller starts the board (beforeAll) and stops it.
 */
export function benchDriverContract(name: string, h: BenchDriverHarness): void {
  describe(`BenchDriver contract: ${name}`, () => {
    const opened: BenchDriver[] = [];
    const open = async () => {
      const driver = h.createDriver();
      await driver.open();
      opened.push(driver);
      return driver;
    };
    const request = (): SamplingRequest => {
      return {
        intervalMs: 10,
        // deliberately out of order: readings must come back in pin order anyway
        analogChannels: [h.analogChannels[1], h.analogChannels[0]],
        digitalInputs: [],
        pwmPins: [h.pwmPin],
        digitalOutputPins: [],
        servoPins: [],
        usesI2c: false,
        i2cSetup: [],
        i2cReads: [],
      };
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((driver) => driver.close()));
    });

    it('1. open() resolves after the handshake; an unreachable board rejects', async () => {
      await expect(h.createUnreachableDriver().open()).rejects.toThrow();
      const driver = await open();
      expect(() => driver.startSampling(request())).not.toThrow();
    });

    it('2. sampling delivers analog readings of every channel, in pin order per cycle', async () => {
      const driver = await open();
      const readings = await collect(driver, READINGS, () => driver.startSampling(request()));
      const [low, high] = [...h.analogChannels].sort((a, b) => a - b) as [number, number];
      // From the first `low` on, channels alternate low, high, low, high ...
      const start = readings.findIndex((r) => r.channel === low);
      const order = readings.slice(start, start + 20).map((r) => r.channel);
      expect(order).toEqual(Array.from({ length: order.length }, (_, i) => (i % 2 ? high : low)));
      for (const reading of readings) {
        expect(reading.raw).toBeGreaterThanOrEqual(0);
        expect(reading.raw).toBeLessThanOrEqual(1023);
      }
      const times = readings.map((r) => r.receivedAt);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });

    it('3. write() resolves only once the board holds the value (confirmed, not just sent)', async () => {
      const driver = await open();
      driver.startSampling(request());
      await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 77 });
      expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(77);
      await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 0 });
      expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(0);
    });

    it('4. closed fires exactly once when the host closes', async () => {
      const driver = await open();
      const details: string[] = [];
      driver.on('closed', (detail) => details.push(detail));
      await driver.close();
      await driver.close();
      expect(details).toHaveLength(1);
    });

    it.runIf(h.unplug !== undefined)(
      '5. closed fires exactly once on unplug, and a new driver works once the board is back',
      async () => {
        const driver = await open();
        driver.startSampling(request());
        const details: string[] = [];
        const closed = new Promise<void>((resolve) =>
          driver.on('closed', (detail) => {
            details.push(detail);
            resolve();
          }),
        );
        await h.unplug!();
        await closed;
        await driver.close();
        expect(details).toHaveLength(1);
        await h.replug!();
        const again = await open();
        const readings = await collect(again, 10, () => again.startSampling(request()));
        expect(readings).toHaveLength(10);
      },
    );

    it('6. writes issued together are confirmed in order: the last one is what the pin holds', async () => {
      const driver = await open();
      driver.startSampling(request());
      const values = [10, 200, 33, 34, 120];
      await Promise.all(values.map((value) => driver.write({ kind: 'pwm', pin: h.pwmPin, value })));
      expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(120);
    });

    it.runIf(h.loseHostBytes !== undefined)(
      '7. a write lost once on the wire is retried, and resolves only when the board took it',
      async () => {
        const driver = await open();
        driver.startSampling(request());
        await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 5 });
        let lost = 0;
        // The analog-write command byte of the PWM pin, lost once.
        h.loseHostBytes!((byte) => byte === analogWriteByte(h.pwmPin) && lost++ === 0);
        await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 99 });
        h.loseHostBytes!(undefined);
        expect(lost).toBe(2); // the first copy was lost, the retry went through
        expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(99);
      },
    );

    it.runIf(h.loseHostBytes !== undefined)(
      '8. a write the board never takes rejects (WriteNotAppliedError), never resolves as done',
      async () => {
        const driver = await open();
        driver.startSampling(request());
        await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 5 });
        let sent = 0;
        h.loseHostBytes!((byte) => byte === analogWriteByte(h.pwmPin) && ++sent > 0);
        const refused = driver.write({ kind: 'pwm', pin: h.pwmPin, value: 99 });
        await expect(refused).rejects.toBeInstanceOf(WriteNotAppliedError);
        await expect(refused).rejects.toThrow(/pin \d+ pwm 99 was not taken.*state 5/);
        h.loseHostBytes!(undefined);
        expect(sent).toBe(2); // sent, then retried once
        expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(5);
        // The link healed: the next write is confirmed again.
        await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 6 });
        expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(6);
      },
    );

    it.runIf(h.loseHostBytes !== undefined)(
      '9. writes queued behind one the board did not take are not sent (they assumed it)',
      async () => {
        const driver = await open();
        driver.startSampling(request());
        await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 5 });
        h.loseHostBytes!((byte) => byte === analogWriteByte(h.pwmPin));
        const refused = driver.write({ kind: 'pwm', pin: h.pwmPin, value: 99 });
        const behind = driver.write({ kind: 'pwm', pin: h.pwmPin, value: 42 });
        await expect(refused).rejects.toMatchObject({ skipped: false });
        await expect(behind).rejects.toMatchObject({ skipped: true });
        h.loseHostBytes!(undefined);
        expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(5);
        // Writes made after the refusal go out again.
        await driver.write({ kind: 'pwm', pin: h.pwmPin, value: 42 });
        expect(await h.pinValueOnBoard(driver, h.pwmPin)).toBe(42);
      },
    );
  });
}

/** ANALOG_MESSAGE (0xE0 | pin) for pins 0..15: the command byte of a PWM write. */
const analogWriteByte = (pin: number): number => 0xe0 | (pin & 0x0f);

/** The first `count` analog readings after `start` is called. */
function collect(driver: BenchDriver, count: number, start: () => void): Promise<AnalogReading[]> {
  return new Promise((resolve) => {
    const readings: AnalogReading[] = [];
    driver.on('analog', (reading) => {
      if (readings.length < count) readings.push(reading);
      if (readings.length === count) resolve(readings);
    });
    start();
  });
}
