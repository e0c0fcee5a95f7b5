// `npm run calibrate -- --bench <id> --input <id> --low <volts> --high <volts> [--yes]`
// Measures two known references on one analog input and writes gain/offset into the bench file.
// See docs/calibration.md.
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { AnalogInput } from '@remotelab/protocol';
import {
  BenchConfigError,
  benchFilePath,
  loadBenchDefinition,
} from '../bench-config/load-bench-definition.ts';
import { readCalibrationConfig } from '../config.ts';
import type { BenchDriver } from '../drivers/bench-driver.ts';
import { startupOfPort } from '../drivers/board-startup.ts';
import { FirmataBenchDriver } from '../drivers/firmata-bench-driver.ts';
import { openSerialTransport } from '../drivers/serial-transport.ts';
import { writeCalibration } from './bench-yaml-writer.ts';
import {
  CalibrationError,
  meanAfter,
  twoPointCalibration,
  type ReferenceReading,
} from './two-point-calibration.ts';

const USAGE = `Usage: npm run calibrate -- --bench <id|file.yaml> --input <id> --low <volts> --high <volts>
         [--yes] [--port <serial path>] [--samples 200] [--settle-ms 1000]
  --yes        the references are wired already (tests, fixtures): do not ask, measure at once
  --settle-ms  wait this long after each reference is connected before measuring`;

/** Readings dropped at the start of each measurement (the line and any filter settling). */
const DROP_READINGS = 10;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bench: { type: 'string' },
      input: { type: 'string' },
      low: { type: 'string' },
      high: { type: 'string' },
      port: { type: 'string' },
      samples: { type: 'string', default: '200' },
      'settle-ms': { type: 'string', default: '1000' },
      yes: { type: 'boolean', default: false },
    },
  });
  const low = Number(values.low);
  const high = Number(values.high);
  const samples = Number(values.samples);
  const settleMs = Number(values['settle-ms']);
  if (!values.bench || !values.input || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new CalibrationError(USAGE);
  }
  if (!(high > low) || !(samples >= 10) || !(settleMs >= 0)) {
    throw new CalibrationError(
      `--high must exceed --low, --samples be >= 10, --settle-ms >= 0.\n${USAGE}`,
    );
  }
  const config = readCalibrationConfig();
  const dir = config.benchDir;
  const file = benchFilePath(values.bench, dir);
  const definition = await loadBenchDefinition(file, dir);
  const input = definition.inputs.find((candidate) => candidate.id === values.input);
  if (input?.kind !== 'analog-in') {
    throw new CalibrationError(`Bench ${definition.id} has no analog input "${values.input}".`);
  }
  const port = values.port ?? config.benchPorts[definition.id] ?? definition.board.path;
  if (!port) throw new CalibrationError('No serial port: give --port or set board.path.');

  const driver = new FirmataBenchDriver({
    openTransport: () => openSerialTransport(port, definition.board.baud),
    versionQueryDelayMs:
      config.versionQueryDelayMs ?? (await startupOfPort(port)).versionQueryDelayMs,
    handshakeTimeoutMs: 15_000,
  });
  await driver.open();
  const prompt = values.yes
    ? undefined
    : createInterface({ input: process.stdin, output: process.stdout });
  try {
    const measure = readingsOf(driver, input);
    const references: ReferenceReading[] = [];
    for (const volts of [low, high]) {
      const where = `${input.label} (input ${input.id}, pin A${input.pin})`;
      if (prompt)
        await prompt.question(`Connect the ${volts} V reference to ${where}, then press Enter. `);
      else console.log(`Measuring the ${volts} V reference on ${where}.`);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const raws = await measure(samples + DROP_READINGS);
      const reading = { volts, meanRaw: meanAfter(raws, DROP_READINGS), samples };
      console.log(
        `${volts} V reads raw ${reading.meanRaw.toFixed(2)} (mean of ${samples} readings).`,
      );
      references.push(reading);
    }
    const [lowRef, highRef] = references as [ReferenceReading, ReferenceReading];
    const { gain, offset } = twoPointCalibration(lowRef, highRef);
    const note = `calibrated ${new Date().toISOString().slice(0, 10)}: ${low} V = raw ${lowRef.meanRaw.toFixed(1)}, ${high} V = raw ${highRef.meanRaw.toFixed(1)}`;
    const written = writeCalibration(await readFile(file, 'utf8'), input.id, {
      gain,
      offset,
      note,
    });
    await writeFile(file, written.text);
    console.log(
      `Wrote gain ${gain.toPrecision(6)} and offset ${offset.toPrecision(6)} for ${input.id} into ${file}.`,
    );
    if (written.removedTable)
      console.log('The calibration table of this input was removed: gain/offset replace it.');
    console.log('Restart the lab-agent for the new calibration to apply.');
  } finally {
    prompt?.close();
    await driver.close();
  }
}

/** `take(n)` resolves with the next n raw readings of the input's channel. */
function readingsOf(driver: BenchDriver, input: AnalogInput): (count: number) => Promise<number[]> {
  let waiting: { count: number; raws: number[]; done: (raws: number[]) => void } | undefined;
  driver.on('analog', (reading) => {
    if (!waiting || reading.channel !== input.pin) return;
    waiting.raws.push(reading.raw);
    if (waiting.raws.length === waiting.count) {
      const { done, raws } = waiting;
      waiting = undefined;
      done(raws);
    }
  });
  driver.startSampling({
    // The calibration only reads (no output is configured or written), 100 readings a second.
    intervalMs: 10,
    analogChannels: [input.pin],
    digitalInputs: [],
    pwmPins: [],
    digitalOutputPins: [],
    servoPins: [],
    usesI2c: false,
    i2cSetup: [],
    i2cReads: [],
  });
  return (count) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CalibrationError('The board stopped reporting.')),
        count * 100 + 5000,
      );
      waiting = {
        count,
        raws: [],
        done: (raws) => {
          clearTimeout(timer);
          resolve(raws);
        },
      };
    });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof CalibrationError || error instanceof BenchConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`calibration failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
