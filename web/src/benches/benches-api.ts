import type { BenchSummary } from '@remotelab/protocol';
import { ApiError } from '../api/api-error.ts';

export { ApiError };

async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : undefined,
      typeof error?.message === 'string' ? error.message : `${url}: HTTP ${response.status}`,
    );
  }
  return body;
}

/** `GET /api/benches`. Only the list's shape is checked; the server owns the summaries' content. */
export async function fetchBenches(signal?: AbortSignal): Promise<BenchSummary[]> {
  const body = await getJson('/api/benches', signal);
  if (!Array.isArray(body) || !body.every(isSummaryLike)) {
    throw new ApiError(200, 'INTERNAL', 'The server sent a bench list this page cannot read.');
  }
  return body;
}

function isSummaryLike(value: unknown): value is BenchSummary {
  if (typeof value !== 'object' || value === null) return false;
  const bench = value as Partial<BenchSummary>;
  return (
    typeof bench.id === 'string' &&
    typeof bench.name === 'string' &&
    Array.isArray(bench.inputs) &&
    Array.isArray(bench.outputs)
  );
}
