import type { BenchView } from '@remotelab/protocol';

/**
 * For tests: an online bench with no channels and no flags, in pool `rc-filter`, with `change`
 * applied. Typed as the wire's BenchView, so a fixture cannot drift from what the server sends.
 */
export function benchViewFixture(id: string, change: Partial<BenchView> = {}): BenchView {
  return {
    id,
    name: id,
    description: '',
    pool: 'rc-filter',
    inputs: [],
    outputs: [],
    samplingIntervalMs: 1,
    baud: 57600,
    status: 'online',
    sampleRateHz: 1000,
    outputValues: {},
    lastSeen: 1,
    quarantine: null,
    maintenance: null,
    ...change,
  };
}
