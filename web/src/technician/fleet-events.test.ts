import { describe, expect, it } from 'vitest';
import type { BenchView } from '@remotelab/protocol';
import { benchViewFixture } from '../benches/bench-view.fixture.ts';
import { FleetEvents } from './fleet-events.ts';

function bench(status: 'online' | 'offline', quarantine?: string): BenchView {
  return benchViewFixture('rc-filter', {
    name: 'RC',
    status,
    sampleRateHz: 0,
    quarantine: quarantine
      ? { reason: quarantine, since: 1, byUserId: null, source: 'self-test' }
      : null,
  });
}

describe('FleetEvents', () => {
  it('takes the first sight as the baseline, then logs each change', () => {
    let now = 1000;
    const log = new FleetEvents(() => now);
    log.know([bench('online')]);
    log.observe(bench('online'));
    expect(log.events.get()).toEqual([]);
    now = 2000;
    log.observe(bench('offline'));
    now = 3000;
    log.observe(bench('online', 'self-test step "charge" failed'));
    expect(log.events.get().map((e) => [e.kind, e.at])).toEqual([
      ['quarantined', 3000],
      ['online', 3000],
      ['offline', 2000],
    ]);
    expect(log.events.get()[0]?.reason).toBe('self-test step "charge" failed');
  });

  it('alerts on offline and quarantine until dismissed or resolved', () => {
    const log = new FleetEvents();
    log.know([bench('online')]);
    log.observe(bench('offline'));
    expect(log.alerts().map((a) => a.kind)).toEqual(['offline']);
    log.observe(bench('online'));
    expect(log.alerts()).toEqual([]);
    log.observe(bench('online', 'failed'));
    const [alert] = log.alerts();
    expect(alert?.kind).toBe('quarantined');
    log.dismiss(alert!.id);
    expect(log.alerts()).toEqual([]);
  });

  it('alerts when a bench did not reach its safe state, until it is safe again', () => {
    const log = new FleetEvents();
    log.know([bench('online')]);
    const unsafe = {
      ...bench('offline'),
      unsafe: { reason: 'board offline at session end', since: 5 },
    };
    log.observe(unsafe);
    expect(log.alerts().map((a) => [a.kind, a.reason ?? ''])).toEqual([
      ['unsafe', 'board offline at session end'],
      ['offline', ''],
    ]);
    log.observe(bench('online'));
    expect(log.alerts()).toEqual([]);
    expect(log.events.get().map((e) => e.kind)).toEqual(['safe', 'online', 'unsafe', 'offline']);
  });
});
