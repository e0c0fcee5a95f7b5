/** What the header badge shows. */
export type ConnectionState = 'connected' | 'connecting' | 'reconnecting' | 'offline';

export const CONNECTION_STATES: readonly ConnectionState[] = [
  'connected',
  'connecting',
  'reconnecting',
  'offline',
];

/** What the link has told us so far; the state shown is derived from it by `connectionState`. */
export interface LinkFacts {
  connected: boolean;
  /** socket.io is trying to (re)connect on its own (`socket.active`). */
  trying: boolean;
  /** Distinguishes the first connection from a reconnection. */
  everConnected: boolean;
  /** `navigator.onLine`: when false, waiting is pointless and the user should know. */
  browserOnline: boolean;
  /**
   * Connected, but the stream that was flowing fell silent (nothing at all heard for a second):
   * the link probably hangs. Shown as reconnecting at once; the heartbeat closes the socket a few
   * seconds later and socket.io reconnects.
   */
  silent: boolean;
}

export type LinkEvent =
  | { type: 'connect' }
  | { type: 'disconnect'; willReconnect: boolean }
  | { type: 'connect_error'; willReconnect: boolean }
  | { type: 'reconnect_attempt' }
  | { type: 'reconnect_failed' }
  | { type: 'browser'; online: boolean }
  | { type: 'silence'; silent: boolean };

export function initialLinkFacts(browserOnline: boolean): LinkFacts {
  return { connected: false, trying: true, everConnected: false, browserOnline, silent: false };
}

export function nextLinkFacts(facts: LinkFacts, event: LinkEvent): LinkFacts {
  switch (event.type) {
    case 'connect':
      return { ...facts, connected: true, trying: false, everConnected: true, silent: false };
    case 'disconnect':
    case 'connect_error':
      return { ...facts, connected: false, trying: event.willReconnect };
    // Both come from the Manager, only while the socket is down.
    case 'reconnect_attempt':
      return { ...facts, connected: false, trying: true };
    case 'reconnect_failed':
      return { ...facts, connected: false, trying: false };
    case 'browser':
      return { ...facts, browserOnline: event.online };
    case 'silence':
      return { ...facts, silent: event.silent };
  }
}

/** A live socket wins over `navigator.onLine`, which is known to report false negatives. */
export function connectionState(facts: LinkFacts): ConnectionState {
  if (facts.connected) return facts.silent ? 'reconnecting' : 'connected';
  if (!facts.trying || !facts.browserOnline) return 'offline';
  return facts.everConnected ? 'reconnecting' : 'connecting';
}
