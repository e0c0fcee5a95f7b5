import type {
  BenchSummary,
  InputDescriptor,
  Lab,
  LabInput,
  OutputDescriptor,
} from '@remotelab/protocol';

/** What every bench of a pool offers: the channels they all have, ranges they all accept. */
export interface PoolEnvelope {
  pool: string;
  benches: number;
  inputs: InputDescriptor[];
  outputs: OutputDescriptor[];
  /** The shortest of the benches' maximum session lengths, if any sets one. */
  maxSessionMinutes: number | null;
}

export function poolEnvelope(pool: string, benches: readonly BenchSummary[]): PoolEnvelope {
  const [first, ...rest] = benches;
  if (!first) return { pool, benches: 0, inputs: [], outputs: [], maxSessionMinutes: null };
  const inputs = first.inputs.filter((input) =>
    rest.every((b) => b.inputs.some((i) => i.id === input.id && i.kind === input.kind)),
  );
  const outputs: OutputDescriptor[] = [];
  for (const output of first.outputs) {
    const others = rest.map((b) =>
      b.outputs.find((o) => o.id === output.id && o.kind === output.kind),
    );
    if (others.some((o) => !o)) continue;
    if (output.kind === 'digital-out') {
      outputs.push(output);
      continue;
    }
    let { min, max } = output;
    for (const other of others) {
      if (other && other.kind !== 'digital-out') {
        min = Math.max(min, other.min);
        max = Math.min(max, other.max);
      }
    }
    if (min <= max) outputs.push({ ...output, min, max });
  }
  const limits = benches.map((b) => b.maxSessionMinutes).filter((m): m is number => !!m);
  return {
    pool,
    benches: benches.length,
    inputs,
    outputs,
    maxSessionMinutes: limits.length > 0 ? Math.min(...limits) : null,
  };
}

export interface ControlDraft {
  enabled: boolean;
  /** As typed (the locale's decimal comma accepted); empty = the bench's own limit. */
  min: string;
  max: string;
}

export interface LabDraft {
  title: string;
  pool: string;
  instructions: string;
  inputs: string[];
  controls: Record<string, ControlDraft>;
  slotMinutes: string;
  quotaPerWeek: string;
  horizonDays: string;
  cancelDeadlineMinutes: string;
  groupIds: string[];
  /** Kept as they are when editing (steps are written in the instructions here). */
  steps: Lab['steps'];
}

export type DraftProblem =
  | { field: 'title'; code: 'required' | 'tooLong' }
  | { field: 'pool'; code: 'required' | 'noBench' }
  | { field: 'inputs'; code: 'none' }
  | { field: 'instructions'; code: 'tooLong' }
  | {
      field: `control.${string}`;
      code: 'notNumber' | 'belowEnvelope' | 'aboveEnvelope' | 'minAboveMax';
      limit?: number;
    }
  | {
      field: 'slotMinutes' | 'quotaPerWeek' | 'horizonDays' | 'cancelDeadlineMinutes';
      code: 'range';
      min: number;
      max: number;
    }
  | { field: 'slotMinutes'; code: 'overBenchLimit'; max: number };

export function emptyDraft(): LabDraft {
  return {
    title: '',
    pool: '',
    instructions: '',
    inputs: [],
    controls: {},
    slotMinutes: '30',
    quotaPerWeek: '3',
    horizonDays: '14',
    cancelDeadlineMinutes: '60',
    groupIds: [],
    steps: [],
  };
}

export function draftOf(lab: Lab): LabDraft {
  const controls: Record<string, ControlDraft> = {};
  for (const c of lab.controls) {
    controls[c.output] = {
      enabled: true,
      min: c.min === undefined ? '' : String(c.min),
      max: c.max === undefined ? '' : String(c.max),
    };
  }
  return {
    title: lab.title,
    pool: lab.pool,
    instructions: lab.instructions,
    inputs: [...lab.inputs],
    controls,
    slotMinutes: String(lab.slotMinutes),
    quotaPerWeek: String(lab.policy.quotaPerWeek),
    horizonDays: String(lab.policy.horizonDays),
    cancelDeadlineMinutes: String(lab.policy.cancelDeadlineMinutes),
    groupIds: [...lab.groupIds],
    steps: lab.steps,
  };
}

/** "2,5" and "2.5" both read 2.5; empty reads undefined; anything else NaN. */
export function readNumber(text: string): number | undefined {
  const trimmed = text
    .trim()
    .replace(',', '.')
    .replace(/[\u2212]/, '-');
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const INTEGER_FIELDS = [
  ['slotMinutes', 5, 480],
  ['quotaPerWeek', 0, 100],
  ['horizonDays', 1, 365],
  ['cancelDeadlineMinutes', 0, 10_080],
] as const;

/**
 * Checks a draft against the pool's envelope as the server will (LabInputSchema, and "a range
 * may only narrow the bench's own"), so the instructor sees each problem next to its field
 * while typing. An empty list means the server should accept it.
 */
export function checkDraft(draft: LabDraft, envelope: PoolEnvelope | null): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const title = draft.title.trim();
  if (!title) problems.push({ field: 'title', code: 'required' });
  else if (title.length > 200) problems.push({ field: 'title', code: 'tooLong' });
  if (!draft.pool) problems.push({ field: 'pool', code: 'required' });
  else if (!envelope || envelope.benches === 0) problems.push({ field: 'pool', code: 'noBench' });
  if (draft.inputs.length === 0) problems.push({ field: 'inputs', code: 'none' });
  if (draft.instructions.length > 200_000)
    problems.push({ field: 'instructions', code: 'tooLong' });
  for (const [id, control] of Object.entries(draft.controls)) {
    if (!control.enabled) continue;
    const output = envelope?.outputs.find((o) => o.id === id);
    if (!output || output.kind === 'digital-out') continue;
    const field = `control.${id}` as const;
    const min = readNumber(control.min);
    const max = readNumber(control.max);
    if (Number.isNaN(min) || Number.isNaN(max)) {
      problems.push({ field, code: 'notNumber' });
      continue;
    }
    if (min !== undefined && min < output.min)
      problems.push({ field, code: 'belowEnvelope', limit: output.min });
    if (max !== undefined && max > output.max)
      problems.push({ field, code: 'aboveEnvelope', limit: output.max });
    if ((min ?? output.min) > (max ?? output.max)) problems.push({ field, code: 'minAboveMax' });
  }
  for (const [field, min, max] of INTEGER_FIELDS) {
    const value = readNumber(draft[field]);
    if (value === undefined || !Number.isInteger(value) || value < min || value > max)
      problems.push({ field, code: 'range', min, max });
  }
  const slot = readNumber(draft.slotMinutes);
  if (envelope?.maxSessionMinutes && slot !== undefined && slot > envelope.maxSessionMinutes)
    problems.push({
      field: 'slotMinutes',
      code: 'overBenchLimit',
      max: envelope.maxSessionMinutes,
    });
  return problems;
}

/** The request body of a draft that passed `checkDraft`. */
export function toLabInput(draft: LabDraft, envelope: PoolEnvelope | null): LabInput {
  const controls = Object.entries(draft.controls)
    .filter(([id, c]) => c.enabled && envelope?.outputs.some((o) => o.id === id))
    .map(([output, c]) => {
      const min = readNumber(c.min);
      const max = readNumber(c.max);
      return {
        output,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      };
    });
  return {
    title: draft.title.trim(),
    pool: draft.pool,
    instructions: draft.instructions,
    steps: draft.steps,
    inputs: draft.inputs.filter((id) => envelope?.inputs.some((i) => i.id === id)),
    controls,
    slotMinutes: Number(readNumber(draft.slotMinutes)),
    policy: {
      quotaPerWeek: Number(readNumber(draft.quotaPerWeek)),
      horizonDays: Number(readNumber(draft.horizonDays)),
      cancelDeadlineMinutes: Number(readNumber(draft.cancelDeadlineMinutes)),
    },
    groupIds: draft.groupIds,
  };
}
