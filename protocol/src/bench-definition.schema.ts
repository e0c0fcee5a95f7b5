import { z } from './zod.ts';

/**
 * A bench definition, as written by a technician in `firmware-config/benches/<id>.yaml`.
 * The same schema validates the file, limits what the agent accepts (the safety envelope) and
 * describes the controls the web client renders. Invariants: every output has a range and a safe
 * value inside it; channel ids and pins are unique; interlocks, self-test steps and twin
 * mappings name channels that exist.
 */

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes (max 40)');

/** Digital pins usable on an Uno: 0 and 1 carry the serial link to the host. */
const digitalPin = z.number().int().min(2).max(19);
/** Pins driven by a hardware timer on an ATmega328P (Uno): the only ones that can do PWM. */
export const UNO_PWM_PINS = [3, 5, 6, 9, 10, 11] as const;
/** A4/A5 carry I2C (SDA/SCL) on an Uno: a bench with I2C devices cannot read them as analog. */
export const UNO_I2C_ANALOG_PINS = [4, 5] as const;
/** Analog inputs are written `A0`..`A5`; we keep the analog index (0..5). */
const analogPin = z
  .string()
  .regex(/^A[0-5]$/, 'analog pins are A0 to A5')
  .transform((name) => Number(name.slice(1)));
const i2cAddress = z.number().int().min(0x08).max(0x77);

export const BoardSchema = z
  .object({
    /** Serial device, e.g. /dev/ttyACM0; the agent's LAB_BENCH_PORTS may override it per bench. */
    path: z.string().min(1).optional().describe('Serial device path'),
    /** Or find the board by its USB ids (e.g. 2341:0043 for an Uno R3). */
    usb: z
      .object({
        vendorId: z.string().regex(/^[0-9a-f]{4}$/i),
        productId: z.string().regex(/^[0-9a-f]{4}$/i),
        serialNumber: z.string().optional(),
      })
      .optional(),
    baud: z.union([z.literal(57600), z.literal(115200)]).default(57600),
    firmware: z.enum(['StandardFirmata', 'ConfigurableFirmata']).default('StandardFirmata'),
  })
  .refine((board) => board.path !== undefined || board.usb !== undefined, {
    message: 'give the board a serial path or a USB vendor/product id',
  });

const rangeSchema = z
  .object({ min: z.number(), max: z.number() })
  .refine((r) => r.min < r.max, 'min must be below max');

/** Raw ADC reading -> value, piecewise linear; at least two points, raw strictly increasing. */
const calibrationTable = z
  .array(z.object({ raw: z.number().min(0).max(1023), value: z.number() }))
  .min(2)
  .refine(
    (points) => points.every((p, i) => i === 0 || p.raw > points[i - 1]!.raw),
    'calibration points must have increasing raw values',
  );

export const AnalogInputSchema = z.object({
  kind: z.literal('analog-in'),
  id: identifier,
  label: z.string().min(1),
  pin: analogPin,
  unit: z.string().min(1).max(8).default('V'),
  /** value = raw * gain + offset, raw being the 10-bit ADC reading (0..1023). */
  gain: z.number().default(5 / 1023),
  offset: z.number().default(0),
  /** When present, replaces gain/offset. */
  calibration: calibrationTable.optional(),
  range: rangeSchema.default({ min: 0, max: 5 }),
});

export const DigitalInputSchema = z.object({
  kind: z.literal('digital-in'),
  id: identifier,
  label: z.string().min(1),
  pin: digitalPin,
  pullUp: z.boolean().default(false),
});

/** An INA219 current/voltage monitor on I2C, read every `intervalMs`. */
export const Ina219InputSchema = z.object({
  kind: z.literal('ina219'),
  id: identifier,
  label: z.string().min(1),
  address: i2cAddress.default(0x40),
  quantity: z.enum(['current', 'bus-voltage', 'shunt-voltage']),
  unit: z.string().min(1).max(8),
  /** Shunt resistor on the module (0.1 ohm on the common breakout). */
  shuntOhm: z.number().positive().default(0.1),
  intervalMs: z.number().int().min(5).max(1000).default(20),
  range: rangeSchema,
});

const numericOutputBase = {
  id: identifier,
  label: z.string().min(1),
  /** Largest change per second a command may ask for; faster changes are RATE_LIMITED. */
  maxChangePerS: z.number().positive().optional(),
};

export const PwmOutputSchema = z
  .object({
    kind: z.literal('pwm-out'),
    ...numericOutputBase,
    pin: digitalPin.refine((p) => (UNO_PWM_PINS as readonly number[]).includes(p), {
      message: `PWM needs one of pins ${UNO_PWM_PINS.join(', ')}`,
    }),
    unit: z.literal('%').default('%'),
    min: z.number().min(0).max(100).default(0),
    max: z.number().min(0).max(100).default(100),
    step: z.number().positive().default(1),
    safe: z.number().default(0),
  })
  .refine((o) => o.min < o.max, 'min must be below max')
  .refine((o) => o.safe >= o.min && o.safe <= o.max, 'the safe value must lie inside [min, max]');

export const ServoOutputSchema = z
  .object({
    kind: z.literal('servo-out'),
    ...numericOutputBase,
    pin: digitalPin,
    unit: z.literal('deg').default('deg'),
    min: z.number().min(0).max(180).default(0),
    max: z.number().min(0).max(180).default(180),
    step: z.number().positive().default(1),
    safe: z.number().default(90),
  })
  .refine((o) => o.min < o.max, 'min must be below max')
  .refine((o) => o.safe >= o.min && o.safe <= o.max, 'the safe value must lie inside [min, max]');

/** An MCP4725 12-bit DAC on I2C: value in volts, code = round(value / vref * 4095). */
export const Mcp4725OutputSchema = z
  .object({
    kind: z.literal('mcp4725'),
    ...numericOutputBase,
    address: i2cAddress.default(0x60),
    unit: z.literal('V').default('V'),
    vref: z.number().positive().default(5),
    min: z.number().min(0).default(0),
    max: z.number().positive(),
    step: z.number().positive().default(0.01),
    safe: z.number().default(0),
  })
  .refine((o) => o.min < o.max, 'min must be below max')
  .refine((o) => o.max <= o.vref, 'max cannot exceed the DAC reference voltage')
  .refine((o) => o.safe >= o.min && o.safe <= o.max, 'the safe value must lie inside [min, max]');

export const DigitalOutputSchema = z.object({
  kind: z.literal('digital-out'),
  id: identifier,
  label: z.string().min(1),
  pin: digitalPin,
  safe: z.boolean().default(false),
});

export const InputChannelSchema = z.discriminatedUnion('kind', [
  AnalogInputSchema,
  DigitalInputSchema,
  Ina219InputSchema,
]);
export const OutputChannelSchema = z.discriminatedUnion('kind', [
  PwmOutputSchema,
  ServoOutputSchema,
  Mcp4725OutputSchema,
  DigitalOutputSchema,
]);

/** The envelope the agent enforces on every write, whatever the server says. */
export const SafetySchema = z.object({
  /** A session longer than this is ended by the agent (safe state). */
  maxSessionMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** Commands per second per bench, all outputs together. */
  maxCommandsPerS: z.number().positive().max(1000).default(20),
  /** Outputs that may never be "on" (away from their safe value) at the same time. */
  interlocks: z
    .array(
      z.object({
        outputs: z.array(identifier).min(2),
        reason: z.string().min(1),
      }),
    )
    .default([]),
});

export const SelfTestStepSchema = z.object({
  name: z.string().min(1),
  /** Outputs to set before waiting (any output not named keeps its value). */
  set: z.record(identifier, z.union([z.number(), z.boolean()])).default({}),
  waitMs: z.number().int().min(0).max(60_000).default(0),
  expect: z
    .array(
      z.object({
        input: identifier,
        value: z.number(),
        tolerance: z.number().nonnegative(),
      }),
    )
    .default([]),
});

export const SelfTestSchema = z.object({
  steps: z.array(SelfTestStepSchema).min(1),
});

/**
 * The bench's virtual twin. `model: spice` solves `netlist` with ngspice: each `drives` entry
 * adds a voltage source from `node` to ground whose value follows an output (PWM: duty x 5 V
 * averaged; digital: 0 or 5 V; DAC: its voltage); each `probes` entry gives an input its value
 * from a SPICE expression (`v(out)`, `i(vsense)`). Other models are built into the virtual board
 * (`rc-lowpass`, `counter`) and take `params`.
 */
export const TwinSchema = z.object({
  model: z.string().min(1),
  params: z.record(z.string(), z.number()).default({}),
  netlist: z.string().optional(),
  drives: z.array(z.object({ output: identifier, node: z.string().min(1) })).default([]),
  probes: z.array(z.object({ input: identifier, expr: z.string().min(1) })).default([]),
  /** Gaussian noise added to every ADC reading, in LSB (seeded). */
  noiseLsb: z.number().min(0).default(0.5),
});

export const BenchDefinitionSchema = z
  .object({
    id: identifier,
    name: z.string().min(1).max(80),
    description: z.string().default(''),
    /**
     * The pool the bench belongs to: benches built alike form a pool; a lab draws on a pool and
     * students get any bench of it. Without it the bench is a pool of its own, named by its id.
     * (Files written before it was renamed say `kind:`; the agent's loader still reads them.)
     */
    pool: identifier.optional(),
    board: BoardSchema,
    sampling: z
      .object({
        /** Firmata sampling interval; the firmware accepts 1 ms and up. */
        intervalMs: z.number().int().min(1).max(1000).default(10),
        /** How much time one sample frame covers. */
        frameMs: z.number().int().min(10).max(1000).default(50),
      })
      .default({ intervalMs: 10, frameMs: 50 }),
    inputs: z.array(InputChannelSchema).min(1),
    outputs: z.array(OutputChannelSchema).default([]),
    safety: SafetySchema.default({ maxSessionMinutes: 60, maxCommandsPerS: 20, interlocks: [] }),
    selfTest: SelfTestSchema.optional(),
    twin: TwinSchema.optional(),
  })
  .superRefine((bench, ctx) => {
    const inputIds = bench.inputs.map((c) => c.id);
    const outputIds = bench.outputs.map((c) => c.id);
    const ids = [...inputIds, ...outputIds];
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `channel id "${dup}" is used twice` });
    const digitalPins = [
      ...bench.inputs.flatMap((c) => (c.kind === 'digital-in' ? [c.pin] : [])),
      ...bench.outputs.flatMap((c) => ('pin' in c ? [c.pin] : [])),
    ];
    const pinDup = digitalPins.find((p, i) => digitalPins.indexOf(p) !== i);
    if (pinDup !== undefined) {
      ctx.addIssue({ code: 'custom', message: `digital pin ${pinDup} is used twice` });
    }
    const analogPins = bench.inputs.flatMap((c) => (c.kind === 'analog-in' ? [c.pin] : []));
    const analogDup = analogPins.find((p, i) => analogPins.indexOf(p) !== i);
    if (analogDup !== undefined) {
      ctx.addIssue({ code: 'custom', message: `analog pin A${analogDup} is used twice` });
    }
    const usesI2c =
      bench.inputs.some((c) => c.kind === 'ina219') ||
      bench.outputs.some((c) => c.kind === 'mcp4725');
    const blocked = analogPins.find((p) => (UNO_I2C_ANALOG_PINS as readonly number[]).includes(p));
    if (usesI2c && blocked !== undefined) {
      ctx.addIssue({ code: 'custom', message: `A${blocked} carries I2C on an Uno: use A0-A3` });
    }
    for (const interlock of bench.safety.interlocks) {
      for (const id of interlock.outputs) {
        if (!outputIds.includes(id)) {
          ctx.addIssue({ code: 'custom', message: `interlock names unknown output "${id}"` });
        }
      }
    }
    for (const step of bench.selfTest?.steps ?? []) {
      for (const id of Object.keys(step.set)) {
        if (!outputIds.includes(id)) {
          ctx.addIssue({
            code: 'custom',
            message: `self-test step "${step.name}" sets unknown output "${id}"`,
          });
        }
      }
      for (const { input } of step.expect) {
        if (!inputIds.includes(input)) {
          ctx.addIssue({
            code: 'custom',
            message: `self-test step "${step.name}" reads unknown input "${input}"`,
          });
        }
      }
    }
    for (const drive of bench.twin?.drives ?? []) {
      if (!outputIds.includes(drive.output)) {
        ctx.addIssue({ code: 'custom', message: `twin drives unknown output "${drive.output}"` });
      }
    }
    for (const probe of bench.twin?.probes ?? []) {
      if (!inputIds.includes(probe.input)) {
        ctx.addIssue({ code: 'custom', message: `twin probes unknown input "${probe.input}"` });
      }
    }
    if (bench.twin?.model === 'spice' && !bench.twin.netlist) {
      ctx.addIssue({ code: 'custom', message: 'a spice twin needs a netlist' });
    }
  });

export type BenchDefinition = z.infer<typeof BenchDefinitionSchema>;
export type BenchDefinitionInput = z.input<typeof BenchDefinitionSchema>;
export type AnalogInput = z.infer<typeof AnalogInputSchema>;
export type DigitalInput = z.infer<typeof DigitalInputSchema>;
export type Ina219Input = z.infer<typeof Ina219InputSchema>;
export type InputChannel = z.infer<typeof InputChannelSchema>;
export type OutputChannel = z.infer<typeof OutputChannelSchema>;
export type PwmOutput = z.infer<typeof PwmOutputSchema>;
export type ServoOutput = z.infer<typeof ServoOutputSchema>;
export type Mcp4725Output = z.infer<typeof Mcp4725OutputSchema>;
export type DigitalOutput = z.infer<typeof DigitalOutputSchema>;
export type NumericOutput = PwmOutput | ServoOutput | Mcp4725Output;
export type SelfTest = z.infer<typeof SelfTestSchema>;
export type Safety = z.infer<typeof SafetySchema>;
export type Twin = z.infer<typeof TwinSchema>;
