import { EventEmitter } from 'node:events';
import type { AgentBenchState, BenchDescriptor, SampleFrame } from '@remotelab/protocol';
import { FrameSequence } from './frame-sequence.ts';

interface BenchRecord {
  descriptor: BenchDescriptor;
  agentId: string;
  /** The socket of the agent that currently drives the bench; undefined while it is away. */
  agentSocketId: string | undefined;
  state: Omit<AgentBenchState, 'benchId'>;
  lastSeen: number;
  /** Which frames were recorded, per agent run: replays are recorded once, gaps counted. */
  sequence: FrameSequence;
}

/**
 * What the registry knows of one bench right now: what its agent announced and last reported.
 * Browsers never see it as such: `benchView` (bench-view.ts) joins it with the catalog's row.
 */
export interface LiveBench {
  readonly descriptor: BenchDescriptor;
  readonly state: Readonly<Omit<AgentBenchState, 'benchId'>>;
  /** Last time the server heard of the bench (ms since epoch). */
  readonly lastSeen: number;
}

interface BenchRegistryEvents {
  /** The bench's announcement or live state changed; read it with `live(benchId)`. */
  changed: [benchId: string];
  frame: [SampleFrame];
}

/**
 * What the server knows of every bench right now: which agent drives it, its state and outputs.
 * In memory: a bench is listed once its agent has announced it, and stays listed (offline) after
 * the agent leaves, so students see it is down rather than gone.
 */
export class BenchRegistry extends EventEmitter<BenchRegistryEvents> {
  private readonly benches = new Map<string, BenchRecord>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  /** Registers the benches an agent announced. A bench claimed by another live agent is refused. */
  attachAgent(
    agentId: string,
    socketId: string,
    descriptors: readonly BenchDescriptor[],
  ): string[] {
    const refused: string[] = [];
    for (const descriptor of descriptors) {
      const existing = this.benches.get(descriptor.id);
      if (existing?.agentSocketId && existing.agentId !== agentId) {
        refused.push(descriptor.id);
        continue;
      }
      this.benches.set(descriptor.id, {
        descriptor,
        agentId,
        agentSocketId: socketId,
        state: existing?.state ?? {
          status: 'offline',
          sampleRateHz: 0,
          outputs: {},
          detail: 'waiting for the agent',
        },
        lastSeen: this.now(),
        // Kept across reconnects: the agent's run id tells a replay from a restarted agent.
        sequence: existing?.sequence ?? new FrameSequence(),
      });
      this.emit('changed', descriptor.id);
    }
    return refused;
  }

  detachAgent(socketId: string): void {
    for (const [id, record] of this.benches) {
      if (record.agentSocketId !== socketId) continue;
      record.agentSocketId = undefined;
      record.state = {
        ...record.state,
        status: 'offline',
        sampleRateHz: 0,
        detail: 'the lab-agent is disconnected',
      };
      this.emit('changed', id);
    }
  }

  /**
   * Lets go of the agent driving `benchId` (the bench was moved to another agent): its link no
   * longer reaches the bench, which is offline until its new owner announces it.
   */
  releaseBench(benchId: string): void {
    const record = this.benches.get(benchId);
    if (!record?.agentSocketId) return;
    record.agentSocketId = undefined;
    record.state = {
      ...record.state,
      status: 'offline',
      sampleRateHz: 0,
      detail: 'moved to another lab-agent',
    };
    this.emit('changed', benchId);
  }

  /** True when `socketId` is the agent currently driving `benchId`. */
  isDrivenBy(benchId: string, socketId: string): boolean {
    return this.benches.get(benchId)?.agentSocketId === socketId;
  }

  /** The agent that announced `benchId` last (it may be disconnected now). */
  agentIdOf(benchId: string): string | undefined {
    return this.benches.get(benchId)?.agentId;
  }

  agentSocketOf(benchId: string): string | undefined {
    return this.benches.get(benchId)?.agentSocketId;
  }

  updateState(state: AgentBenchState): void {
    const record = this.benches.get(state.benchId);
    if (!record) return;
    const { benchId: _benchId, ...rest } = state;
    record.state = rest;
    record.lastSeen = this.now();
    this.emit('changed', state.benchId);
  }

  /**
   * Records and relays a frame of the agent run `runId`, unless it was recorded already (a replay
   * whose ack was lost). Returns whether it was new.
   */
  recordFrame(frame: SampleFrame, runId: string): boolean {
    const record = this.benches.get(frame.benchId);
    if (!record || !record.sequence.accept(runId, frame.seq)) return false;
    record.lastSeen = this.now();
    this.emit('frame', frame);
    return true;
  }

  /** Frames of the bench's current run below its newest that have not arrived. */
  missingFrames(benchId: string): number {
    return this.benches.get(benchId)?.sequence.missing ?? 0;
  }

  descriptor(benchId: string): BenchDescriptor | undefined {
    return this.benches.get(benchId)?.descriptor;
  }

  live(benchId: string): LiveBench | undefined {
    const record = this.benches.get(benchId);
    if (!record) return undefined;
    return { descriptor: record.descriptor, state: record.state, lastSeen: record.lastSeen };
  }

  /** The agent's last report on a bench (its session and self-test included), for the scheduler. */
  agentState(benchId: string): Readonly<Omit<AgentBenchState, 'benchId'>> | undefined {
    return this.benches.get(benchId)?.state;
  }

  /** Every bench announced since the server started, sorted. */
  ids(): string[] {
    return [...this.benches.keys()].sort();
  }
}
