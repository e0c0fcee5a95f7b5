import { describe, expect, it } from 'vitest';
import { connectionState, initialLinkFacts, nextLinkFacts } from './connection-state.ts';
import type { LinkEvent, LinkFacts } from './connection-state.ts';

function run(events: LinkEvent[], start: LinkFacts = initialLinkFacts(true)) {
  return events.reduce(nextLinkFacts, start);
}

describe('connection state', () => {
  it('is connecting until the first connect', () => {
    expect(connectionState(initialLinkFacts(true))).toBe('connecting');
    expect(connectionState(run([{ type: 'connect_error', willReconnect: true }]))).toBe(
      'connecting',
    );
    expect(connectionState(run([{ type: 'connect' }]))).toBe('connected');
  });

  it('is reconnecting after a dropped link, then connected again', () => {
    const dropped = run([{ type: 'connect' }, { type: 'disconnect', willReconnect: true }]);
    expect(connectionState(dropped)).toBe('reconnecting');
    const retrying = run(
      [{ type: 'reconnect_attempt' }, { type: 'connect_error', willReconnect: true }],
      dropped,
    );
    expect(connectionState(retrying)).toBe('reconnecting');
    expect(connectionState(nextLinkFacts(retrying, { type: 'connect' }))).toBe('connected');
  });

  it('is offline when socket.io gives up or was told to stop', () => {
    expect(
      connectionState(run([{ type: 'connect' }, { type: 'disconnect', willReconnect: false }])),
    ).toBe('offline');
    expect(
      connectionState(
        run([
          { type: 'connect' },
          { type: 'disconnect', willReconnect: true },
          { type: 'reconnect_failed' },
        ]),
      ),
    ).toBe('offline');
    expect(connectionState(run([{ type: 'connect_error', willReconnect: false }]))).toBe('offline');
  });

  it('is offline while the browser has no network, unless the socket is still up', () => {
    const down = run([
      { type: 'connect' },
      { type: 'disconnect', willReconnect: true },
      { type: 'browser', online: false },
    ]);
    expect(connectionState(down)).toBe('offline');
    expect(connectionState(nextLinkFacts(down, { type: 'browser', online: true }))).toBe(
      'reconnecting',
    );
    expect(connectionState(run([{ type: 'connect' }, { type: 'browser', online: false }]))).toBe(
      'connected',
    );
    expect(connectionState(initialLinkFacts(false))).toBe('offline');
  });

  it('a reconnect attempt after giving up shows reconnecting again', () => {
    const gaveUp = run([
      { type: 'connect' },
      { type: 'disconnect', willReconnect: true },
      { type: 'reconnect_failed' },
    ]);
    expect(connectionState(nextLinkFacts(gaveUp, { type: 'reconnect_attempt' }))).toBe(
      'reconnecting',
    );
  });

  it('shows a silent (hanging) link as reconnecting, and connected again once it speaks', () => {
    const silent = run([{ type: 'connect' }, { type: 'silence', silent: true }]);
    expect(connectionState(silent)).toBe('reconnecting');
    expect(connectionState(nextLinkFacts(silent, { type: 'silence', silent: false }))).toBe(
      'connected',
    );
    // A new connection starts heard.
    const dropped = nextLinkFacts(silent, { type: 'disconnect', willReconnect: true });
    expect(connectionState(nextLinkFacts(dropped, { type: 'connect' }))).toBe('connected');
  });
});
