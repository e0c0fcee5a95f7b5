/**
 * The wire contract's version. Bumped on any change a peer of the previous version could not
 * read. A peer announcing another version is refused with `PROTOCOL_MISMATCH`, never half-served.
 * 2: the agent's hello carries `runId`; session, self-test and quarantine messages on `/agent`.
 * 3: browsers receive `frame` packed (PackedStreamFrame: names as JSON, numbers as binary).
 * 4: `bench:hold-safe` and `frames:stored` on `/agent`; a bench state may say `unsafe`.
 */
export const PROTOCOL_VERSION = 4;
