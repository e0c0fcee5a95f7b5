/** A hand-driven clock for deterministic tests (ms, epoch-like start so stamps look real). */
export class FakeClock {
  constructor(private t = 1_700_000_000_000) {}

  readonly now = (): number => this.t;

  advance(ms: number): void {
    this.t += ms;
  }
}
