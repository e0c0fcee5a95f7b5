/**
 * npm run bench:visits: only the first/repeat visit rows of `npm run bench:slow-link`
 * (bench/lib/visit-timing.ts), for when the stream figures are not wanted.
 */
import { measureVisitTiming } from './lib/visit-timing.ts';

console.log((await measureVisitTiming()).join('\n'));
