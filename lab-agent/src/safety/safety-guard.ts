import {
  ProtocolError,
  checkOutputValue,
  type BenchDefinition,
  type OutputChannel,
  type OutputValue,
  type SessionControl,
} from '@remotelab/protocol';
import type { PinWrite } from '../drivers/bench-driver.ts';
import { isOn, toPinWrite } from './output-mapping.ts';

/**
 * Who asks for a write. A `command` (from the server, i.e. a student) passes every check. The
 * agent's own writes skip what does not apply to them: the `safe-state` drive is never rate
 * limited nor limited by the session's controls; a `self-test` step obeys the bench envelope
 * (ranges, interlocks, maximum change rate) but not the session's controls nor the command rate.
 */
export type WriteOrigin = 'command' | 'self-test' | 'safe-state';

/** Slack for floating-point rounding in the change-rate check. */
const RATE_EPSILON = 1e-9;
const WINDOW_MS = 1000;

interface Applied {
  value: OutputValue;
  at: number;
}

/**
 * The bench's safety envelope, enforced on every write whatever the server says (the agent does
 * not trust the server). `check` throws a ProtocolError with the refusal's code and changes
 * nothing; `commit` records a write that was handed to the board. Check and commit must run in
 * the same synchronous turn so that two concurrent commands cannot both pass an interlock.
 *
 * Codes: NOT_EXPOSED (unknown output, or one the session's lab does not expose), BAD_REQUEST
 * (wrong type), OUT_OF_RANGE (outside the bench's or the session's range: refused, never
 * clamped), RATE_LIMITED (more than `safety.maxCommandsPerS` commands in the last second, or a
 * change faster than the output's `maxChangePerS` since its last applied value), INTERLOCK (two
 * outputs of an interlock would be on together; the message is the interlock's reason).
 */
export class SafetyGuard {
  private readonly outputs: ReadonlyMap<string, OutputChannel>;
  private readonly applied = new Map<string, Applied>();
  private commandTimes: number[] = [];
  private controls: ReadonlyMap<string, SessionControl> | undefined;

  constructor(
    private readonly bench: BenchDefinition,
    private readonly now: () => number = Date.now,
  ) {
    this.outputs = new Map(bench.outputs.map((output) => [output.id, output]));
  }

  /** Limits commands to the session lab's controls; `undefined` exposes every output. */
  exposeOnly(controls: readonly SessionControl[] | undefined): void {
    this.controls = controls && new Map(controls.map((control) => [control.output, control]));
  }

  /** The value last applied to an output, if any since the board came online. */
  valueOf(outputId: string): OutputValue | undefined {
    return this.applied.get(outputId)?.value;
  }

  /** Forgets applied values: the board was lost and its outputs are unknown until re-driven. */
  forgetApplied(): void {
    this.applied.clear();
  }

  /**
   * Checks one write. Returns the pin write that realises it; throws a ProtocolError otherwise.
   * `value` is `unknown` on purpose: this is the boundary where a wrong type is caught.
   */
  check(outputId: string, value: unknown, origin: WriteOrigin): PinWrite {
    const output = this.outputs.get(outputId);
    if (!output) {
      throw new ProtocolError('NOT_EXPOSED', `Bench ${this.bench.id} has no output "${outputId}".`);
    }
    const control = origin === 'command' ? this.controlOf(output) : undefined;
    const typed = checkOutputValue(output, value, control);
    if (origin !== 'safe-state') {
      if (origin === 'command') this.checkCommandRate();
      this.checkChangeRate(output, typed);
      this.checkInterlocks(output, typed);
    }
    return toPinWrite(output, typed);
  }

  /** Records a write handed to the board. */
  commit(outputId: string, value: OutputValue, origin: WriteOrigin): void {
    const at = this.now();
    this.applied.set(outputId, { value, at });
    if (origin === 'command') this.commandTimes.push(at);
  }

  /**
   * The earliest time (ms since epoch) the output's maximum change rate allows `value`; now or
   * earlier when it is allowed already. The self-test waits until then instead of failing.
   */
  readyAt(outputId: string, value: OutputValue): number {
    const output = this.outputs.get(outputId);
    const last = this.applied.get(outputId);
    if (!output || output.kind === 'digital-out' || !output.maxChangePerS || !last) return 0;
    const change = Math.abs(Number(value) - Number(last.value));
    return last.at + (change / output.maxChangePerS) * 1000;
  }

  private controlOf(output: OutputChannel): SessionControl | undefined {
    if (!this.controls) return undefined;
    const control = this.controls.get(output.id);
    if (!control) {
      throw new ProtocolError('NOT_EXPOSED', `${output.label} is not a control of this lab.`);
    }
    return control;
  }

  private checkCommandRate(): void {
    const limit = this.bench.safety.maxCommandsPerS;
    const now = this.now();
    this.commandTimes = this.commandTimes.filter((t) => now - t < WINDOW_MS);
    if (this.commandTimes.length >= limit) {
      throw new ProtocolError(
        'RATE_LIMITED',
        `Bench ${this.bench.id} accepts at most ${limit} commands per second: wait a moment.`,
      );
    }
  }

  private checkChangeRate(output: OutputChannel, value: OutputValue): void {
    if (output.kind === 'digital-out' || !output.maxChangePerS) return;
    const last = this.applied.get(output.id);
    if (!last) return;
    const elapsedS = Math.max(0, this.now() - last.at) / 1000;
    const change = Math.abs(Number(value) - Number(last.value));
    if (change > output.maxChangePerS * elapsedS + RATE_EPSILON) {
      const needS = change / output.maxChangePerS;
      throw new ProtocolError(
        'RATE_LIMITED',
        `${output.label} changes by at most ${output.maxChangePerS} ${output.unit}/s: ` +
          `${last.value} to ${value} ${output.unit} needs ${round(needS)} s, ` +
          `${round(elapsedS)} s have passed.`,
      );
    }
  }

  private checkInterlocks(output: OutputChannel, value: OutputValue): void {
    if (!isOn(output, value)) return;
    for (const interlock of this.bench.safety.interlocks) {
      if (!interlock.outputs.includes(output.id)) continue;
      const other = interlock.outputs.find((id) => id !== output.id && this.isOnNow(id));
      if (other !== undefined) throw new ProtocolError('INTERLOCK', interlock.reason);
    }
  }

  /** An output never written since the board came online is in its safe state (driven at once). */
  private isOnNow(outputId: string): boolean {
    const output = this.outputs.get(outputId);
    const applied = this.applied.get(outputId);
    return output !== undefined && applied !== undefined && isOn(output, applied.value);
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
