import { setTimeout as delay } from 'node:timers/promises';
import type { BenchView } from '@remotelab/protocol';
import type { Call } from './demo-client.ts';

/** How long the seed waits for the benches of every pool to come online. */
const ONLINE_TIMEOUT_MS = 30_000;

/** The bench list once a real (not twin) bench of each pool is online. */
async function benchesOnline(call: Call, pools: readonly string[]): Promise<BenchView[]> {
  const deadline = Date.now() + ONLINE_TIMEOUT_MS;
  for (;;) {
    const benches = await call<BenchView[]>('GET', '/api/benches');
    const up = (pool: string) =>
      benches.some((b) => b.pool === pool && !b.twin && b.status === 'online');
    if (pools.every(up)) return benches;
    if (Date.now() > deadline) {
      throw new Error(`demo seed: no bench online for ${pools.filter((p) => !up(p)).join(', ')}`);
    }
    await delay(200);
  }
}

/** One lab per bench kind the demo ships; its title and a short text for the student. */
const LAB_TEXTS: Record<string, { title: string; instructions: string }> = {
  'rc-filter': {
    title: 'RC step response',
    instructions: `## Step response of an RC low-pass

The capacitor voltage **vout** (A0) follows the PWM duty on pin 9 through R = 10 kOhm and
C = 10 uF. Set the duty to 100 % and read how long vout takes to reach 63 % of its final value:
theory says tau = RC = 0.1 s.`,
  },
  'led-iv': {
    title: 'LED I-V curve',
    instructions: `## The I-V curve of a LED

Step the DAC voltage across the LED and its series resistor, and read the current from the
INA219. Plot I against V: where does the LED start to conduct?`,
  },
  'voltage-divider': {
    title: "Voltage divider and Ohm's law",
    instructions: `## A divider you rewire with relays

Switch the relays to change the lower resistor and compare the measured output with
Vout = Vin x R2 / (R1 + R2).`,
  },
  'opamp-amplifier': {
    title: 'Non-inverting amplifier',
    instructions: `## Gain of a non-inverting op-amp stage

Drive the input and measure the output: is the gain 1 + Rf / Rg? Push the input until the
output saturates near the supply rail.`,
  },
};

/**
 * Opens a lab per bench kind to the group: every input shown, every output a control (the
 * bench's own ranges). Waits until every pool has announced a real bench, so the labs are made
 * from what the benches say they are.
 */
export async function seedLabs(
  instructor: Call,
  courseId: string,
  groupId: string,
): Promise<Map<string, string>> {
  const benches = await benchesOnline(instructor, Object.keys(LAB_TEXTS));
  const labs = new Map<string, string>();
  for (const [pool, text] of Object.entries(LAB_TEXTS)) {
    const bench = benches.find((b) => b.pool === pool && !b.twin);
    if (!bench) continue;
    const lab = await instructor<{ id: string }>('POST', `/api/courses/${courseId}/labs`, {
      title: text.title,
      pool,
      instructions: text.instructions,
      inputs: bench.inputs.map((input) => input.id),
      controls: bench.outputs.map((output) => ({ output: output.id })),
      slotMinutes: 30,
      policy: { quotaPerWeek: 3, horizonDays: 14, cancelDeadlineMinutes: 60 },
      groupIds: [groupId],
    });
    labs.set(pool, lab.id);
  }
  return labs;
}
