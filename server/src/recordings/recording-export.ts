import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.schema.ts';
import { decodeChunk, type DecodedColumn } from './chunk-codec.ts';
import type { StoredChannel } from './session-recorder.ts';

/** Chunks read from the database at a time: bounded memory whatever the session's length. */
const PAGE = 16;

export interface ExportSource {
  sessionId: string;
  startedAt: number;
  channels: readonly StoredChannel[];
}

/** Digits after the point that show a value to a tenth of its step. */
function decimalsOf(step: number | undefined): number | undefined {
  if (step === undefined) return undefined;
  return Math.min(10, Math.max(0, Math.ceil(-Math.log10(step)) + 1));
}

function formatter(column: DecodedColumn | undefined, empty: string): (i: number) => string {
  if (!column) return () => empty;
  const { values } = column;
  const decimals = decimalsOf(column.step);
  if (decimals === undefined) return (i) => (Number.isNaN(values[i]!) ? empty : String(values[i]));
  return (i) => values[i]!.toFixed(decimals);
}

/** RFC 4180 quoting, plus a leading quote on cells a spreadsheet would run as a formula. */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function write(out: Writable, text: string): Promise<boolean> {
  if (out.destroyed) return false;
  if (!out.write(text)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  return !out.destroyed;
}

/**
 * Walks the session's chunks in order and hands each one's rows, formatted, to `emit`: one string
 * per chunk. `emit` returns false to stop (the client went away).
 */
async function eachChunk(
  db: Kysely<Database>,
  source: ExportSource,
  empty: string,
  rowText: (t: string, cells: string[]) => string,
  emit: (text: string) => Promise<boolean>,
): Promise<void> {
  let after = -1;
  for (;;) {
    const page = await db
      .selectFrom('recording_chunks')
      .select(['chunk_index', 'data'])
      .where('session_id', '=', source.sessionId)
      .where('chunk_index', '>', after)
      .orderBy('chunk_index')
      .limit(PAGE)
      .execute();
    for (const chunk of page) {
      after = chunk.chunk_index;
      const decoded = decodeChunk(chunk.data);
      const formats = source.channels.map((channel) =>
        formatter(
          decoded.columns.find((c) => c.id === channel.id),
          empty,
        ),
      );
      const lines: string[] = [];
      let row = 0;
      for (const frame of decoded.frames) {
        const t0 = frame.t0 - source.startedAt;
        for (let i = 0; i < frame.rows; i += 1, row += 1) {
          lines.push(
            rowText(
              (t0 + i * frame.dt).toFixed(3),
              formats.map((format) => format(row)),
            ),
          );
        }
      }
      if (lines.length > 0 && !(await emit(lines.join('')))) return;
    }
    if (page.length < PAGE) return;
  }
}

/** `t_ms,<channel> (<unit>),...`: one row per sample, t_ms counted from the session's start. */
export async function writeRecordingCsv(
  db: Kysely<Database>,
  source: ExportSource,
  out: Writable,
): Promise<void> {
  const header = ['t_ms', ...source.channels.map((c) => (c.unit ? `${c.id} (${c.unit})` : c.id))]
    .map(csvCell)
    .join(',');
  if (!(await write(out, `${header}\r\n`))) return;
  await eachChunk(
    db,
    source,
    '',
    (t, cells) => `${t},${cells.join(',')}\r\n`,
    (text) => write(out, text),
  );
  out.end();
}

/**
 * The same rows as JSON: `{ session, channels, commands, columns, rows: [[t_ms, ...], ...] }`,
 * streamed. Values are numbers, missing ones null.
 */
export async function writeRecordingJson(
  db: Kysely<Database>,
  source: ExportSource,
  head: { session: unknown; commands: unknown[] },
  out: Writable,
): Promise<void> {
  const channels = source.channels.map(({ id, label, unit }) => ({ id, label, unit }));
  const opening =
    `{"session":${JSON.stringify(head.session)},"channels":${JSON.stringify(channels)},` +
    `"commands":${JSON.stringify(head.commands)},"columns":${JSON.stringify(['t_ms', ...channels.map((c) => c.id)])},"rows":[`;
  if (!(await write(out, opening))) return;
  let first = true;
  await eachChunk(
    db,
    source,
    'null',
    (t, cells) => `,\n[${t},${cells.join(',')}]`,
    (text) => {
      const piece = first ? `\n${text.slice(2)}` : text;
      first = false;
      return write(out, piece);
    },
  );
  if (await write(out, '\n]}\n')) out.end();
}
