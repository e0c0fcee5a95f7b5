import {
  checkLabControls,
  type Lab,
  type LabControl,
  type LabInput,
  type PoolEnvelope,
} from '@remotelab/protocol';

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
  // The ranges: numbers first (the locale's decimal comma accepted), then protocol's rule, the
  // same the server applies, against the pool's envelope (what every bench of the pool accepts).
  const numeric: LabControl[] = [];
  for (const [id, control] of Object.entries(draft.controls)) {
    if (!control.enabled) continue;
    const output = envelope?.outputs.find((o) => o.id === id);
    if (!output || output.kind === 'digital-out') continue;
    const min = readNumber(control.min);
    const max = readNumber(control.max);
    if (Number.isNaN(min) || Number.isNaN(max)) {
      problems.push({ field: `control.${id}`, code: 'notNumber' });
      continue;
    }
    numeric.push({
      output: id,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
    });
  }
  if (envelope && envelope.benches > 0) {
    const asBench = { id: envelope.pool, inputs: envelope.inputs, outputs: envelope.outputs };
    for (const problem of checkLabControls([], numeric, [asBench]).problems) {
      if (problem.code === 'belowEnvelope' || problem.code === 'aboveEnvelope')
        problems.push({
          field: `control.${problem.output}`,
          code: problem.code,
          limit: problem.limit,
        });
      else if (problem.code === 'minNotBelowMax')
        problems.push({ field: `control.${problem.output}`, code: 'minAboveMax' });
    }
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
