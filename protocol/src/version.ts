import type { ErrorBody } from './errors.ts';

/**
 * The wire contract's version. Bumped on any change a peer of the previous version could not
 * read. A peer announcing another version is refused with `PROTOCOL_MISMATCH`, never half-served.
 * 2: the agent's hello carries `runId`; session, self-test and quarantine messages on `/agent`.
 * 3: browsers receive `frame` packed (PackedStreamFrame: names as JSON, numbers as binary).
 * 4: `bench:hold-safe` and `frames:stored` on `/agent`; a bench state may say `unsafe`.
 * Browsers announce the version at the handshake too (`{ protocolVersion }` in socket.io's auth):
 * a page built before that announces none and is refused like any older one.
 */
export const PROTOCOL_VERSION = 4;

/**
 * The one version rule of every handshake (agents on `/agent`, browsers on `/`): the refusal to
 * send when `announced` is not this version (absent counts as older), or undefined to go on.
 */
export function protocolMismatch(
  peer: 'agent' | 'browser',
  announced: unknown,
): ErrorBody | undefined {
  if (announced === PROTOCOL_VERSION) return undefined;
  const theirs = typeof announced === 'number' ? `protocol ${announced}` : 'no protocol version';
  return {
    code: 'PROTOCOL_MISMATCH',
    message: `The server speaks protocol ${PROTOCOL_VERSION}, the ${peer} ${theirs}.`,
  };
}
