import type { ErrorBody } from './errors.ts';

/**
 * The wire contract's versions, one per kind of peer, each bumped on any change a peer of the
 * previous version could not read. A peer announcing another version is refused with
 * `PROTOCOL_MISMATCH`, never half-served. Two numbers, not one: agents run on lab PCs that their
 * technicians update, pages are reloaded by their students; a change only pages see must not
 * force every lab to update its agent the same day.
 *
 * The agent link (`/agent`):
 * 2: the hello carries `runId`; session, self-test and quarantine messages.
 * 3: (the browsers' packed frames; the agent link itself did not change).
 * 4: `bench:hold-safe` and `frames:stored`; a bench state may say `unsafe`.
 */
export const AGENT_PROTOCOL_VERSION = 4;

/**
 * The browser link (`/` and the REST API the page reads). Browsers announce it at the handshake
 * (`{ protocolVersion }` in socket.io's auth): an older page is told to reload.
 * 4: (announced since this version; a page built before announces none and counts as older).
 * 5: one BenchView on `bench:state`, the subscribe ack and the REST list; `pool`, not `kind`.
 * 6: the page submits batch sweeps (POST /labs/:id/batch-runs) and reads GET /batch-runs; it
 *    receives `link:checkpoint`, so a page back after a drop resumes its socket.
 */
export const BROWSER_PROTOCOL_VERSION = 6;

const VERSION_OF = { agent: AGENT_PROTOCOL_VERSION, browser: BROWSER_PROTOCOL_VERSION } as const;

/**
 * The one version rule of every handshake (agents on `/agent`, browsers on `/`): the refusal to
 * send when `announced` is not this version (absent counts as older), or undefined to go on.
 */
export function protocolMismatch(
  peer: 'agent' | 'browser',
  announced: unknown,
): ErrorBody | undefined {
  const ours = VERSION_OF[peer];
  if (announced === ours) return undefined;
  const theirs = typeof announced === 'number' ? `protocol ${announced}` : 'no protocol version';
  return {
    code: 'PROTOCOL_MISMATCH',
    message: `The server speaks ${peer} protocol ${ours}, the ${peer} ${theirs}.`,
  };
}
