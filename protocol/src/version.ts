/**
 * The wire contract's version. Bumped on any change a peer of the previous version could not
 * read. A peer announcing another version is refused with `PROTOCOL_MISMATCH`, never half-served.
 */
export const PROTOCOL_VERSION = 1;
