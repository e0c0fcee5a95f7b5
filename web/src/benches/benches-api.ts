import { BenchListItemSchema, z, type BenchSummary } from '@remotelab/protocol';
import { get } from '../api/http.ts';

/** `GET /api/benches`, parsed by the route's schema. */
export async function fetchBenches(signal?: AbortSignal): Promise<BenchSummary[]> {
  const benches = await get('/benches', z.array(BenchListItemSchema), { signal });
  // The store keeps list items and pushed summaries in one array typed as summaries (a list item
  // is a summary plus the catalog's flags, with `quarantine` typed differently); one BenchView
  // schema for both (issue 15) removes this cast.
  return benches as unknown as BenchSummary[];
}
