// Pacing of the sampling loop against the UART model, with a fake clock: the figures a real
// Uno gives (FACTS.md: ~1 920 analog messages/s at 57600 baud, shared by all channels).
import { describe, expect, it } from 'vitest';
import { CounterCircuit } from './circuits/counter-circuit.ts';
import {
  END_SYSEX,
  REPORT_ANALOG,
  SAMPLING_INTERVAL,
  START_SYSEX,
  SYSTEM_RESET,
} from './firmata-constants.ts';
import { FirmwareLoop } from './firmware-loop.ts';
import type { EmittedCycle } from './firmware-loop.ts';
import { UNO_TX_BUFFER_BYTES } from './uart-pacer.ts';
import { FakeClock } from './testing/fake-clock.ts';

interface Harness {
  clock: FakeClock;
  loop: FirmwareLoop;
  /** Bytes output, with the clock time they were output at. */
  chunks: { at: number; length: number }[];
  cycles: EmittedCycle[];
  /** Steps the loop every `tickMs` for `ms` of fake time. */
  run(ms: number, tickMs?: number): void;
  bytesBetween(from: number, to: number): number;
}

/** A booted board with `channels` analog channels reporting every `intervalMs`. */
function startReporting(baud: number, channels: number, intervalMs = 1): Harness {
  const clock = new FakeClock();
  const chunks: Harness['chunks'] = [];
  const cycles: EmittedCycle[] = [];
  const loop = new FirmwareLoop({
    baud,
    model: new CounterCircuit(),
    now: clock.now,
    output: (bytes) => chunks.push({ at: clock.now(), length: bytes.length }),
    onCycle: (cycle) => cycles.push(cycle),
  });
  loop.boot();
  loop.receive(Uint8Array.of(START_SYSEX, SAMPLING_INTERVAL, intervalMs & 0x7f, 0, END_SYSEX));
  for (let channel = 0; channel < channels; channel++) {
    loop.receive(Uint8Array.of(REPORT_ANALOG | channel, 1));
  }
  const run = (ms: number, tickMs = 2): void => {
    for (let elapsed = 0; elapsed < ms; elapsed += tickMs) {
      clock.advance(tickMs);
      loop.step();
    }
  };
  const bytesBetween = (from: number, to: number): number =>
    chunks.filter((c) => c.at > from && c.at <= to).reduce((sum, c) => sum + c.length, 0);
  return { clock, loop, chunks, cycles, run, bytesBetween };
}

/** Cycles emitted during one simulated second after a warm-up, and bytes output in it. */
function measureOneSecond(h: Harness): { cyclesPerSecond: number; bytes: number } {
  h.run(500); // warm-up: the TX buffer fills, the schedule settles
  const from = h.clock.now();
  const before = h.cycles.length;
  h.run(1000);
  return { cyclesPerSecond: h.cycles.length - before, bytes: h.bytesBetween(from, h.clock.now()) };
}

describe('FirmwareLoop pacing', () => {
  const lineBytesPerSecond = 57_600 / 10;

  it.each([2, 6])(
    'at 57600 baud with %i channels at 1 ms, stays under the line rate and stretches cycles',
    (channels) => {
      const h = startReporting(57_600, channels);
      const { cyclesPerSecond, bytes } = measureOneSecond(h);

      const expected = Math.min(1000, lineBytesPerSecond / (3 * channels));
      expect(bytes).toBeLessThanOrEqual(lineBytesPerSecond + UNO_TX_BUFFER_BYTES);
      expect(Math.abs(cyclesPerSecond - expected) / expected).toBeLessThan(0.02);
      // 6 channels: 18 bytes per cycle, ~3.1 ms per cycle, ~1 920 reports/s in all.
      if (channels === 6) expect(cyclesPerSecond * channels).toBeGreaterThan(1880);
    },
  );

  it('at 115200 baud with 2 channels keeps the 1 ms interval (~1000 cycles/s)', () => {
    const h = startReporting(115_200, 2);
    const { cyclesPerSecond, bytes } = measureOneSecond(h);

    expect(Math.abs(cyclesPerSecond - 1000) / 1000).toBeLessThan(0.02);
    expect(bytes).toBeLessThanOrEqual(11_520 + UNO_TX_BUFFER_BYTES);
  });

  it('never releases a byte before its transmission would have completed', () => {
    const h = startReporting(57_600, 6);
    h.run(300);
    const bootAt = h.clock.now() - 300;
    let released = 0;
    for (const chunk of h.chunks) {
      released += chunk.length;
      const lineCapacity = ((chunk.at - bootAt) / 1000) * lineBytesPerSecond;
      expect(released).toBeLessThanOrEqual(lineCapacity + 1);
    }
  });

  it('gives the same cycles whatever the timer period (rates come from elapsed time)', () => {
    const coarse = startReporting(57_600, 2);
    const fine = startReporting(57_600, 2);
    coarse.run(1000, 4);
    fine.run(1000, 1);
    expect(Math.abs(coarse.cycles.length - fine.cycles.length)).toBeLessThanOrEqual(1);
  });

  it('reports the counter value and stamps each cycle after its last byte left', () => {
    const h = startReporting(57_600, 2);
    h.run(50);

    expect(h.cycles.length).toBeGreaterThan(35);
    for (const cycle of h.cycles) {
      expect(cycle.raw).toEqual([cycle.index % 1024, cycle.index % 1024]);
      expect(cycle.emittedAt).toBeGreaterThanOrEqual(cycle.lineDoneAt);
      expect(cycle.emittedAt - cycle.lineDoneAt).toBeLessThan(2 + 1e-6);
      expect(cycle.lineDoneAt).toBeGreaterThan(cycle.sampledAt);
    }
    expect(h.cycles.map((c) => c.index)).toEqual(h.cycles.map((_, i) => i));
  });

  it('after a long stall, bursts no more than the TX buffer plus the catch-up window allows', () => {
    const h = startReporting(57_600, 6);
    h.run(200);
    const before = h.chunks.length;

    h.clock.advance(1000); // the event loop was blocked for a second
    h.loop.step();

    const burst = h.chunks.slice(before).reduce((sum, c) => sum + c.length, 0);
    const allowed = UNO_TX_BUFFER_BYTES + (50 / 1000) * lineBytesPerSecond;
    expect(burst).toBeGreaterThan(0);
    expect(burst).toBeLessThanOrEqual(allowed);
    expect(h.loop.stalledTotalMs).toBeCloseTo(950, 6);
  });

  it('stops reporting after SYSTEM_RESET', () => {
    const h = startReporting(57_600, 2);
    h.run(20);
    const cyclesBefore = h.cycles.length;
    h.loop.receive(Uint8Array.of(SYSTEM_RESET));
    h.run(50);
    // Only cycles already in the TX buffer at the reset still go out.
    expect(h.cycles.length - cyclesBefore).toBeLessThanOrEqual(UNO_TX_BUFFER_BYTES / 6 + 1);
  });
});
