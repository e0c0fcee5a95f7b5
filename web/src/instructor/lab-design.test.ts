import { describe, expect, it } from 'vitest';
import type { BenchView } from '@remotelab/protocol';
import { poolEnvelope } from '@remotelab/protocol';
import { VOUT_INPUT, labControlsBench } from '@remotelab/protocol/testing';
import { checkDraft, emptyDraft, readNumber, toLabInput } from './lab-design.ts';
import type { LabDraft } from './lab-design.ts';

/** The lab-controls bench as the designer lists it, with a second channel (Ref) some lack. */
function bench(id: string, dutyMax: number, extra: Partial<BenchView> = {}): BenchView {
  return {
    ...labControlsBench(id, dutyMax),
    inputs: [VOUT_INPUT, { ...VOUT_INPUT, id: 'ref', label: 'Ref' }],
    status: 'online',
    sampleRateHz: 1000,
    outputValues: {},
    lastSeen: 1,
    pool: 'rc-filter',
    quarantine: null,
    maintenance: null,
    maxSessionMinutes: 60,
    ...extra,
  };
}

const envelope = poolEnvelope('rc-filter', [
  bench('rc-filter-1', 100),
  bench('rc-filter-2', 90, { inputs: [VOUT_INPUT] }),
]);

function draft(change: Partial<LabDraft> = {}): LabDraft {
  return {
    ...emptyDraft(),
    title: 'Step response',
    pool: 'rc-filter',
    inputs: ['vout'],
    ...change,
  };
}

describe('poolEnvelope', () => {
  it('keeps the channels every bench has, and the ranges all of them accept', () => {
    expect(envelope.inputs.map((i) => i.id)).toEqual(['vout']);
    expect(envelope.outputs.find((o) => o.id === 'duty')).toMatchObject({ min: 0, max: 90 });
    expect(envelope.maxSessionMinutes).toBe(60);
    expect(poolEnvelope('none', [])).toMatchObject({ benches: 0, inputs: [] });
  });
});

describe('checkDraft', () => {
  it('accepts a sound design', () => {
    expect(checkDraft(draft(), envelope)).toEqual([]);
  });

  it('names the missing title, pool and channels', () => {
    const problems = checkDraft(draft({ title: ' ', pool: '', inputs: [] }), null);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'title', code: 'required' },
        { field: 'pool', code: 'required' },
        { field: 'inputs', code: 'none' },
      ]),
    );
  });

  it('refuses a range wider than the envelope, or upside down', () => {
    const controls = { duty: { enabled: true, min: '-5', max: '95' } };
    expect(checkDraft(draft({ controls }), envelope)).toEqual([
      { field: 'control.duty', code: 'belowEnvelope', limit: 0 },
      { field: 'control.duty', code: 'aboveEnvelope', limit: 90 },
    ]);
    expect(
      checkDraft(draft({ controls: { duty: { enabled: true, min: '60', max: '40' } } }), envelope),
    ).toEqual([{ field: 'control.duty', code: 'minAboveMax' }]);
    // A single point is no range: the server refuses it, so the designer says so while typing.
    expect(
      checkDraft(draft({ controls: { duty: { enabled: true, min: '50', max: '50' } } }), envelope),
    ).toEqual([{ field: 'control.duty', code: 'minAboveMax' }]);
    expect(
      checkDraft(draft({ controls: { duty: { enabled: true, min: 'abc', max: '' } } }), envelope),
    ).toEqual([{ field: 'control.duty', code: 'notNumber' }]);
    expect(
      checkDraft(draft({ controls: { duty: { enabled: false, min: '-5', max: '' } } }), envelope),
    ).toEqual([]);
  });

  it('checks the slot length against the schema and the benches limit', () => {
    expect(checkDraft(draft({ slotMinutes: '2' }), envelope)).toEqual([
      { field: 'slotMinutes', code: 'range', min: 5, max: 480 },
    ]);
    expect(checkDraft(draft({ slotMinutes: '90' }), envelope)).toEqual([
      { field: 'slotMinutes', code: 'overBenchLimit', max: 60 },
    ]);
    expect(checkDraft(draft({ quotaPerWeek: '1.5' }), envelope)).toEqual([
      { field: 'quotaPerWeek', code: 'range', min: 0, max: 100 },
    ]);
  });
});

describe('toLabInput', () => {
  it('builds the request, reading decimal commas and leaving empty limits out', () => {
    const input = toLabInput(
      draft({
        inputs: ['vout', 'ref'],
        controls: {
          duty: { enabled: true, min: '10,5', max: '' },
          led: { enabled: true, min: '', max: '' },
          gone: { enabled: true, min: '', max: '' },
        },
      }),
      envelope,
    );
    expect(input.inputs).toEqual(['vout']);
    expect(input.controls).toEqual([{ output: 'duty', min: 10.5 }, { output: 'led' }]);
    expect(input.slotMinutes).toBe(30);
    expect(input.policy).toEqual({ quotaPerWeek: 3, horizonDays: 14, cancelDeadlineMinutes: 60 });
  });

  it('reads numbers as people type them', () => {
    expect(readNumber(' 2,5 ')).toBe(2.5);
    expect(readNumber('')).toBeUndefined();
    expect(readNumber('1e3')).toBeNaN();
    expect(readNumber('\u22123')).toBe(-3);
  });
});
