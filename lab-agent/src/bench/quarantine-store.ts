import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BenchQuarantineSchema, type BenchQuarantine } from '@remotelab/protocol';

/**
 * Where quarantines are kept. A quarantine must outlive the agent process: a bench that failed
 * its self-test stays out of service after a restart until a technician clears it.
 */
export interface QuarantineStore {
  get(benchId: string): BenchQuarantine | undefined;
  set(benchId: string, quarantine: BenchQuarantine | undefined): void;
}

export class MemoryQuarantineStore implements QuarantineStore {
  private readonly entries = new Map<string, BenchQuarantine>();

  get(benchId: string): BenchQuarantine | undefined {
    return this.entries.get(benchId);
  }

  set(benchId: string, quarantine: BenchQuarantine | undefined): void {
    if (quarantine) this.entries.set(benchId, quarantine);
    else this.entries.delete(benchId);
  }
}

const FileSchema = z.object({ quarantines: z.record(z.string(), BenchQuarantineSchema) });

/**
 * Quarantines in a small JSON file (LAB_STATE_FILE), rewritten whole on each change through a
 * temporary file and a rename, so a crash mid-write leaves the previous version. A file that
 * cannot be read is an error at start: silently forgetting a quarantine would put a failed bench
 * back in service.
 */
export class FileQuarantineStore implements QuarantineStore {
  private readonly entries: Map<string, BenchQuarantine>;

  constructor(private readonly file: string) {
    this.entries = new Map(Object.entries(FileQuarantineStore.read(file)));
  }

  private static read(file: string): Record<string, BenchQuarantine> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = FileSchema.safeParse(parseJson(text));
    if (!parsed.success) throw new Error(`${file} is not an agent state file: fix or remove it.`);
    return parsed.data.quarantines;
  }

  get(benchId: string): BenchQuarantine | undefined {
    return this.entries.get(benchId);
  }

  set(benchId: string, quarantine: BenchQuarantine | undefined): void {
    if (quarantine) this.entries.set(benchId, quarantine);
    else this.entries.delete(benchId);
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ quarantines: Object.fromEntries(this.entries) }, null, 2));
    renameSync(tmp, this.file);
  }
}

/** Text that is not JSON (a file cut short) reads as no state file at all, named as such above. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
