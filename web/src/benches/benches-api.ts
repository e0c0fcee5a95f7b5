import { BenchViewSchema, z, type BenchView } from '@remotelab/protocol';
import { get } from '../api/http.ts';

/** `GET /api/benches`, parsed by the route's schema. */
export async function fetchBenches(signal?: AbortSignal): Promise<BenchView[]> {
  return get('/benches', z.array(BenchViewSchema), { signal });
}
