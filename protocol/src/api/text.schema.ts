import { z } from '../zod.ts';

/**
 * Text accepted from people. Letters of every script, emoji and the bidi marks Arabic text needs
 * (U+200E/U+200F) are welcome; control characters (NUL included: PostgreSQL cannot store it) and
 * the bidi embeddings/overrides/isolates that can make a name display as something else are not.
 */
const LINE_FORBIDDEN = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
/** Multi-line text keeps tab, line feed and carriage return. */
const TEXT_FORBIDDEN =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069';

/**
 * A lone UTF-16 surrogate (half of an emoji, `"\ud800"` in JSON) is not text: it has no UTF-8
 * form, so SQLite would store invalid bytes and PostgreSQL refuse the row. With the `u` flag,
 * `\p{Cs}` matches only unpaired surrogates (a pair is read as one astral code point).
 */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_MESSAGE = 'broken characters (lone UTF-16 surrogates) are not allowed';

/** One line of text (a name, a title): 1..max characters. */
export function lineText(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .regex(
      new RegExp(`^[^${LINE_FORBIDDEN}]*$`, 'u'),
      'control and bidi-override characters are not allowed',
    )
    .refine((text) => !LONE_SURROGATE.test(text), LONE_SURROGATE_MESSAGE);
}

/** Free text over several lines (Markdown, reasons): 0..max characters. */
export function longText(max: number) {
  return z
    .string()
    .max(max)
    .regex(
      new RegExp(`^[^${TEXT_FORBIDDEN}]*$`, 'u'),
      'control and bidi-override characters are not allowed',
    )
    .refine((text) => !LONE_SURROGATE.test(text), LONE_SURROGATE_MESSAGE);
}

/** Server-made identifiers are random UUIDs, so a guessed id finds nothing. */
export const IdSchema = z.uuid();

/** Emails are compared case-insensitively; the server stores them lower-cased. */
export const EmailSchema = z.email().max(254);

/** Milliseconds since the Unix epoch. */
export const TimestampSchema = z.number().int();

/** A bench id as bench definitions spell it. */
export const BenchIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes (max 40)');

/** A pool names benches of one kind (by default a bench id without its trailing `-<number>`). */
export const PoolSchema = BenchIdSchema;

/** The reply of a 204 route: no body at all. */
export const NoContentSchema = z.undefined();
