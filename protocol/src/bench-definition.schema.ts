import { z } from 'zod';

/**
 * A bench definition, as written by a technician in `firmware-config/benches/<id>.yaml`.
 * The same schema validates the file, limits what the agent accepts and describes the controls the
 * web client renders. Invariant: every output has a range and a safe value inside that range.
 */

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes (max 40)');

/** Digital pins usable on an Uno: 0 and 1 carry the serial link to the host. */
const digitalPin = z.number().int().min(2).max(19);
/** Pins driven by a hardware timer on an ATmega328P (Uno): the only ones that can do PWM. */
export const UNO_PWM_PINS = [3, 5, 6, 9, 10, 11] as const;
/** Analog inputs are written `A0`..`A5`; we keep the analog index (0..5). */
const analogPin = z
  .string()
  .regex(/^A[0-5]$/, 'analog pins are A0 to A5')
  .transform((name) => Number(name.slice(1)));

export const BoardSchema = z.object({
  /** Serial device, e.g. /dev/ttyACM0; the agent's LAB_BENCH_PORTS may override it per bench. */
  path: z.string().min(1).describe('Serial device path'),
  baud: z.union([z.literal(57600), z.literal(115200)]).default(57600),
  firmware: z.enum(['StandardFirmata', 'ConfigurableFirmata']).default('StandardFirmata'),
});

const rangeSchema = z
  .object({ min: z.number(), max: z.number() })
  .refine((r) => r.min < r.max, 'min must be below max');

export const AnalogInputSchema = z.object({
  kind: z.literal('analog-in'),
  id: identifier,
  label: z.string().min(1),
  pin: analogPin,
  unit: z.string().min(1).max(8).default('V'),
  /** value = raw * gain + offset, raw being the 10-bit ADC reading (0..1023). */
  gain: z.number().default(5 / 1023),
  offset: z.number().default(0),
  range: rangeSchema.default({ min: 0, max: 5 }),
});

export const DigitalInputSchema = z.object({
  kind: z.literal('digital-in'),
  id: identifier,
  label: z.string().min(1),
  pin: digitalPin,
});

export const PwmOutputSchema = z
  .object({
    kind: z.literal('pwm-out'),
    id: identifier,
    label: z.string().min(1),
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
]);
export const OutputChannelSchema = z.discriminatedUnion('kind', [
  PwmOutputSchema,
  DigitalOutputSchema,
]);

/** Which model the virtual board uses for this bench, and its parameters (SI units). */
export const TwinSchema = z.object({
  model: z.string().min(1),
  params: z.record(z.string(), z.number()).default({}),
});

export const BenchDefinitionSchema = z
  .object({
    id: identifier,
    name: z.string().min(1).max(80),
    description: z.string().default(''),
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
    twin: TwinSchema.optional(),
  })
  .superRefine((bench, ctx) => {
    const ids = [...bench.inputs, ...bench.outputs].map((c) => c.id);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup) ctx.addIssue({ code: 'custom', message: `channel id "${dup}" is used twice` });
    const digitalPins = [
      ...bench.inputs.filter((c) => c.kind === 'digital-in'),
      ...bench.outputs,
    ].map((c) => c.pin);
    const pinDup = digitalPins.find((p, i) => digitalPins.indexOf(p) !== i);
    if (pinDup !== undefined) {
      ctx.addIssue({ code: 'custom', message: `digital pin ${pinDup} is used twice` });
    }
  });

export type BenchDefinition = z.infer<typeof BenchDefinitionSchema>;
export type BenchDefinitionInput = z.input<typeof BenchDefinitionSchema>;
export type AnalogInput = z.infer<typeof AnalogInputSchema>;
export type DigitalInput = z.infer<typeof DigitalInputSchema>;
export type InputChannel = z.infer<typeof InputChannelSchema>;
export type OutputChannel = z.infer<typeof OutputChannelSchema>;
export type PwmOutput = z.infer<typeof PwmOutputSchema>;
export type DigitalOutput = z.infer<typeof DigitalOutputSchema>;
