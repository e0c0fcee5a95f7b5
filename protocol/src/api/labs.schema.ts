import { z } from '../zod.ts';
import { IdSchema, PoolSchema, TimestampSchema, lineText, longText } from './text.schema.ts';

/** Images inside lab instructions travel as data: URLs, capped so one lab stays small. */
export const MAX_INLINE_IMAGE_BYTES = 256 * 1024;
const IMAGE_TYPES = ['png', 'jpeg', 'gif', 'webp'];
const DATA_URL = /data:([^;,)\s]*)(;base64)?,([A-Za-z0-9+/=]*)/g;

/** Markdown with inline images: only raster image types (no SVG, which can carry script), each capped. */
export const InstructionsSchema = longText(200_000).superRefine((markdown, ctx) => {
  for (const match of markdown.matchAll(DATA_URL)) {
    const type = match[1] ?? '';
    if (!IMAGE_TYPES.some((t) => type === `image/${t}`) || !match[2]) {
      ctx.addIssue({
        code: 'custom',
        message: 'data: URLs must be base64 png, jpeg, gif or webp images',
      });
      return;
    }
    if (((match[3] ?? '').length * 3) / 4 > MAX_INLINE_IMAGE_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `an inline image is over ${MAX_INLINE_IMAGE_BYTES / 1024} kB`,
      });
      return;
    }
  }
});

const channelId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a channel id of the bench');

/** A control the lab exposes. For a PWM output, the range may only narrow the bench's own. */
export const LabControlSchema = z.strictObject({
  output: channelId,
  min: z.number().optional(),
  max: z.number().optional(),
});
export type LabControl = z.infer<typeof LabControlSchema>;

export const LabStepSchema = z.strictObject({
  title: lineText(200),
  body: longText(20_000).default(''),
});

export const BookingPolicySchema = z.strictObject({
  quotaPerWeek: z.number().int().min(0).max(100),
  horizonDays: z.number().int().min(1).max(365),
  cancelDeadlineMinutes: z.number().int().min(0).max(10_080),
});
export type BookingPolicy = z.infer<typeof BookingPolicySchema>;

export const LabInputSchema = z.strictObject({
  title: lineText(200),
  pool: PoolSchema,
  instructions: InstructionsSchema.default(''),
  steps: z.array(LabStepSchema).max(50).default([]),
  /** Input channels shown to students; every one must exist on the pool's benches. */
  inputs: z.array(channelId).max(32),
  controls: z.array(LabControlSchema).max(32),
  slotMinutes: z.number().int().min(5).max(480),
  policy: BookingPolicySchema,
  groupIds: z.array(IdSchema).max(100).default([]),
});
export type LabInput = z.infer<typeof LabInputSchema>;

export const LabSchema = z.object({
  id: IdSchema,
  courseId: IdSchema,
  title: z.string(),
  pool: z.string(),
  instructions: z.string(),
  steps: z.array(z.object({ title: z.string(), body: z.string() })),
  inputs: z.array(z.string()),
  controls: z.array(
    z.object({ output: z.string(), min: z.number().optional(), max: z.number().optional() }),
  ),
  slotMinutes: z.number().int(),
  policy: z.object({
    quotaPerWeek: z.number().int(),
    horizonDays: z.number().int(),
    cancelDeadlineMinutes: z.number().int(),
  }),
  groupIds: z.array(IdSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Lab = z.infer<typeof LabSchema>;
