import { BatchSweepSchema, z, type BatchRun, type BatchSweep } from '@remotelab/protocol';
import { ApiError } from '../api/api-error.ts';
import { ValueStore } from '../shared/value-store.ts';

/**
 * A batch sweep prepared on this browser, kept in localStorage until the server has it (issue
 * 19, part 4). Parsed with this schema when read back: a stored entry of another shape is dropped.
 */
export const OutboxEntrySchema = z.object({
  id: z.string(),
  labId: z.string(),
  sweep: BatchSweepSchema,
  preparedAt: z.number(),
  /**
   * waiting: not sent yet (no connection, or signed out); sending: a request is on its way;
   * sent: the server queued it as `runId`; refused: the server said no, `refusal` says why.
   */
  state: z.enum(['waiting', 'sending', 'sent', 'refused']),
  /** The last send whose answer never came: the server may have it (checked before resending). */
  attemptedAt: z.number().nullable(),
  runId: z.string().nullable(),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

export interface OutboxDeps {
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  submit(labId: string, sweep: BatchSweep): Promise<BatchRun>;
  mine(): Promise<BatchRun[]>;
  /** True once calls can be made as the signed-in user (a session and its CSRF token). */
  ready(): Promise<boolean>;
  now(): number;
  newId(): string;
}

/** A run the server recorded from an earlier send of this entry, if its answer was lost. */
function alreadyThere(entry: OutboxEntry, runs: BatchRun[]): BatchRun | undefined {
  const sweep = JSON.stringify(entry.sweep);
  const since = (entry.attemptedAt ?? entry.preparedAt) - 60_000; // clocks a minute apart
  return runs.find(
    (run) =>
      run.labId === entry.labId && run.submittedAt >= since && JSON.stringify(run.sweep) === sweep,
  );
}

/**
 * The outbox of batch sweeps: `prepare` works with no connection; `flush` (run when the network
 * or the socket comes back, and after sign-in) sends what waits, one at a time, oldest first.
 * A network failure leaves an entry waiting; a refusal from the server (4xx: out of range, lab
 * closed, too many runs) is final and shown with the server's message. A send whose answer was
 * lost is looked up in the student's runs before it is sent again, so a sweep is not queued twice.
 */
export class SweepOutbox {
  readonly entries = new ValueStore<readonly OutboxEntry[]>([]);
  private key: string | null = null;
  private flushing: Promise<void> | null = null;
  private again = false;

  constructor(private readonly deps: OutboxDeps) {}

  /** Whose outbox this is (each person on a shared browser has their own); null: nobody. */
  useOwner(userId: string | null): void {
    const key = userId ? `remotelab.sweep-outbox.${userId}` : null;
    if (key === this.key) return;
    this.key = key;
    this.entries.set(key ? this.read(key) : []);
  }

  prepare(labId: string, sweep: BatchSweep): OutboxEntry {
    const entry: OutboxEntry = {
      id: this.deps.newId(),
      labId,
      sweep,
      preparedAt: this.deps.now(),
      state: 'waiting',
      attemptedAt: null,
      runId: null,
      refusal: null,
    };
    this.save([...this.entries.get(), entry]);
    void this.flush();
    return entry;
  }

  dismiss(id: string): void {
    this.save(this.entries.get().filter((entry) => entry.id !== id));
  }

  /** Sends what waits; a call during a flush runs once more after it. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.sendWaiting();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendWaiting(): Promise<void> {
    const pending = () =>
      this.entries.get().filter((e) => e.state === 'waiting' || e.state === 'sending');
    if (pending().length === 0 || !(await this.deps.ready())) return;
    let runs: BatchRun[] | undefined;
    for (const entry of pending()) {
      if (entry.attemptedAt !== null) {
        try {
          runs ??= await this.deps.mine();
        } catch {
          return; // the connection went again: the next flush checks
        }
        const run = alreadyThere(entry, runs);
        if (run) {
          this.update(entry.id, { state: 'sent', runId: run.id });
          continue;
        }
      }
      this.update(entry.id, { state: 'sending', attemptedAt: this.deps.now() });
      try {
        const run = await this.deps.submit(entry.labId, entry.sweep);
        this.update(entry.id, { state: 'sent', runId: run.id, attemptedAt: null });
      } catch (error) {
        if (isRefusal(error)) {
          this.update(entry.id, {
            state: 'refused',
            refusal: { code: error.code ?? 'BAD_REQUEST', message: error.message },
          });
          continue;
        }
        // No connection, signed out, or the server in trouble: try again at the next chance.
        this.update(entry.id, { state: 'waiting' });
        return;
      }
    }
  }

  private update(id: string, change: Partial<OutboxEntry>): void {
    this.save(
      this.entries.get().map((entry) => (entry.id === id ? { ...entry, ...change } : entry)),
    );
  }

  private save(entries: readonly OutboxEntry[]): void {
    this.entries.set(entries);
    if (!this.key) return;
    try {
      this.deps.storage.setItem(this.key, JSON.stringify(entries));
    } catch (error) {
      console.warn('sweep outbox not saved', error); // full or disabled: kept for this visit
    }
  }

  private read(key: string): OutboxEntry[] {
    try {
      const parsed = z
        .array(OutboxEntrySchema)
        .safeParse(JSON.parse(this.deps.storage.getItem(key) ?? '[]'));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }
}

/** The server's final no: any 4xx but 401 (sign in again, then send) and 408 (try again). */
function isRefusal(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 408
  );
}
