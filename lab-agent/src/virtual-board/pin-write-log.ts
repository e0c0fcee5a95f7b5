import type { PinWrite } from './firmata-board-types.ts';

/**
 * The host's writes as the firmware handled them, oldest first, keeping the latest `limit`.
 * Trimmed in batches so a long session costs O(1) amortised per write.
 */
export class PinWriteLog {
  private readonly log: PinWrite[] = [];

  constructor(private readonly limit: number) {}

  get entries(): readonly PinWrite[] {
    return this.log;
  }

  add(entry: PinWrite): void {
    this.log.push(entry);
    if (this.log.length > this.limit * 1.1) this.log.splice(0, this.log.length - this.limit);
  }
}
