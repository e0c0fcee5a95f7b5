import { z } from 'zod';

/**
 * For pages under a CSP without 'unsafe-eval' (the web client): zod compiles fast object
 * parsers with `new Function` after probing whether eval is allowed, and a strict CSP reports the
 * probe as a violation even though zod catches it. Jitless parsing gives the same results.
 * Call once, before any schema is built (import `@remotelab/protocol/schema-runtime` first).
 */
export function parseSchemasWithoutEval(): void {
  z.config({ jitless: true });
}
