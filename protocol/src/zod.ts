import { z } from 'zod';

/**
 * Every protocol schema imports zod through this module, so the line below runs before any schema
 * is built, whatever order a bundler gives the chunks: a dependency is always evaluated before the
 * modules that import it. In a browser, zod would otherwise compile fast object parsers with
 * `new Function` after probing whether eval is allowed, and the page's CSP (no 'unsafe-eval')
 * reports even the caught probe as a violation. Jitless parsing gives the same results; Node (the
 * server parsing every frame, the agent) keeps the compiled parsers.
 */
if ('document' in globalThis) z.config({ jitless: true });

export { z };
