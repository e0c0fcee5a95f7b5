import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchDefinition } from '@remotelab/lab-agent';
import { spawnTs, waitForLine } from '../../scripts/lib/child-process.ts';
import { startTestBoard, testWorkspace } from '../support/test-stack.ts';
import { faultBench } from '../support/frame-record.ts';

/** Firmata bytes the test sends the virtual board itself, playing the technician's source. */
const SET_PIN_MODE = 0xf4;
const PIN_MODE_PWM = 0x03;
const ANALOG_MESSAGE = 0xe0;

const FILE = `# A bench to calibrate. This comment must survive.
id: rc-cal
name: RC to calibrate
board:
  path: /dev/null
sampling: { intervalMs: 10, frameMs: 50 }
inputs:
  - kind: analog-in
    id: vout
    label: Capacitor voltage
    pin: A0 # through the RC
    gain: 0.006 # wrong on purpose
    offset: 0.2
outputs:
  - { kind: pwm-out, id: duty, label: Duty, pin: 9 }
twin:
  model: rc-lowpass
  params: { pwmPin: 9, outputPin: 0, sinePin: 1, resistanceOhm: 10000, capacitanceF: 0.00001 }
`;

/**
 * `npm run calibrate` against a virtual board. The references are the RC twin's capacitor
 * charged from PWM: duty 51/255 gives 1 V, 204/255 gives 4 V, exactly, after it settles (0.1 s
 * time constant; the CLI waits --settle-ms 1000 after each reference is connected).
 */
describe('npm run calibrate', { timeout: 60_000 }, () => {
  const ws = testWorkspace();
  const file = path.join(ws.dir, 'rc-cal.yaml');
  const link = path.join(ws.dir, 'rc-cal.tty');
  let board: Awaited<ReturnType<typeof startTestBoard>>;
  const setDuty = (value: number) =>
    board.receive(Uint8Array.from([ANALOG_MESSAGE | 9, value & 0x7f, value >> 7]));

  beforeAll(async () => {
    writeFileSync(file, FILE);
    board = await startTestBoard(faultBench('rc-cal'), link);
    board.receive(Uint8Array.from([SET_PIN_MODE, 9, PIN_MODE_PWM]));
    setDuty(51);
  });

  afterAll(async () => {
    await board?.close();
    ws.cleanup();
  });

  it('measures both references and writes gain and offset into the file, comments kept', async () => {
    const cli = spawnTs(
      'lab-agent/src/calibration/calibrate-main.ts',
      [
        '--bench',
        file,
        '--input',
        'vout',
        '--low',
        '1',
        '--high',
        '4',
        '--yes',
        '--port',
        link,
        '--samples',
        '100',
      ],
      { LAB_VERSION_QUERY_DELAY_MS: '50' },
    );
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    await waitForLine(cli, /^1 V reads raw/, 20_000);
    setDuty(204); // the technician moves to the 4 V reference
    await waitForLine(cli, /^Wrote gain/, 20_000);
    expect(await exited).toBe(0);

    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# A bench to calibrate. This comment must survive.');
    expect(text).toContain('pin: A0 # through the RC');
    expect(text).toMatch(
      /gain: [\d.e-]+ # calibrated \d{4}-\d\d-\d\d: 1 V = raw [\d.]+, 4 V = raw [\d.]+/,
    );
    const input = (await loadBenchDefinition(file)).inputs[0]!;
    if (input.kind !== 'analog-in') throw new Error('not analog');
    // The twin's ADC is 1023 counts per 5 V with no offset: that is what calibration must find
    // (within 0.5 %: the noise of 100 readings, and the wrong 0.006 it replaced is 23 % off).
    expect(input.gain / (5 / 1023)).toBeCloseTo(1, 2);
    expect(Math.abs(input.offset)).toBeLessThan(0.02);
  });
});
