import { describe, expect, it, vi } from 'vitest';
import type { BatchRun, BatchSweep } from '@remotelab/protocol';
import { ApiError } from '../api/api-error.ts';
import { SweepOutbox, type OutboxDeps } from './sweep-outbox.ts';

const LAB = '00000000-0000-4000-8000-00000000000a';
const sweep: BatchSweep = {
  output: 'duty',
  from: 0,
  to: 100,
  step: 10,
  dwellMs: 200,
  record: ['vout'],
};
const offline = () => new ApiError(0, 'DISCONNECTED', 'The server could not be reached.');

function run(id: string, submittedAt: number): BatchRun {
  return {
    id,
    labId: LAB,
    sweep,
    status: 'queued',
    benchId: null,
    submittedAt,
    startedAt: null,
    finishedAt: null,
    sessionId: null,
    error: null,
  };
}

function setup(overrides: Partial<Pick<OutboxDeps, 'submit' | 'ready'>> = {}) {
  const stored = new Map<string, string>();
  let clock = 1_000_000;
  let ids = 0;
  const deps = {
    storage: {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    },
    submit: vi.fn(async (): Promise<BatchRun> => {
      throw offline();
    }),
    mine: vi.fn(async (): Promise<BatchRun[]> => []),
    ready: vi.fn(async () => true),
    now: () => (clock += 1000),
    newId: () => `entry-${++ids}`,
  };
  const outbox = new SweepOutbox({ ...deps, ...overrides });
  outbox.useOwner('user-1');
  return { outbox, deps, stored };
}

describe('SweepOutbox', () => {
  it('keeps a sweep prepared offline waiting, across a reload, and sends it when back', async () => {
    const { outbox, deps, stored } = setup();
    outbox.prepare(LAB, sweep);
    await outbox.flush();
    expect(outbox.entries.get()[0]).toMatchObject({ state: 'waiting', runId: null });

    // A new page (the tab was closed): the same person's outbox is read back.
    const again = new SweepOutbox({
      ...deps,
      storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    });
    again.useOwner('user-1');
    expect(again.entries.get()).toHaveLength(1);
    deps.submit.mockImplementationOnce(async () => run('run-1', 2_000_000));
    await again.flush();
    expect(again.entries.get()[0]).toMatchObject({ state: 'sent', runId: 'run-1' });
    expect(deps.submit).toHaveBeenLastCalledWith(LAB, sweep);
  });

  it("shows the server's reason when the sweep is no longer valid", async () => {
    const { outbox } = setup({
      submit: vi.fn(async () => {
        throw new ApiError(422, 'OUT_OF_RANGE', 'Duty: 100 % is outside 0-80 %.');
      }),
    });
    outbox.prepare(LAB, sweep);
    await outbox.flush();
    expect(outbox.entries.get()[0]).toMatchObject({
      state: 'refused',
      refusal: { code: 'OUT_OF_RANGE', message: 'Duty: 100 % is outside 0-80 %.' },
    });
  });

  it('waits while nobody can send (signed out, or no token yet)', async () => {
    const { outbox, deps } = setup({ ready: vi.fn(async () => false) });
    outbox.prepare(LAB, sweep);
    await outbox.flush();
    expect(deps.submit).not.toHaveBeenCalled();
    expect(outbox.entries.get()[0]?.state).toBe('waiting');
  });

  it('does not queue a sweep twice when the answer to a send was lost', async () => {
    const { outbox, deps } = setup();
    outbox.prepare(LAB, sweep); // first attempt fails with no answer
    await outbox.flush();
    const sends = deps.submit.mock.calls.length;
    deps.mine.mockImplementationOnce(async () => [run('run-7', 1_001_500)]);
    await outbox.flush();
    expect(deps.submit).toHaveBeenCalledTimes(sends);
    expect(outbox.entries.get()[0]).toMatchObject({ state: 'sent', runId: 'run-7' });
  });

  it('keeps each person their own outbox', () => {
    const { outbox } = setup();
    outbox.prepare(LAB, sweep);
    outbox.useOwner('user-2');
    expect(outbox.entries.get()).toEqual([]);
    outbox.useOwner('user-1');
    expect(outbox.entries.get()).toHaveLength(1);
  });
});
