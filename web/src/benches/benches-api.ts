import type { BenchView } from '@remotelab/protocol';
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

/** `GET /api/benches`. Only the list's shape is checked; the server owns the views' content. */
export async function fetchBenches(signal?: AbortSignal): Promise<BenchView[]> {
  const body = await getJson('/api/benches', signal);
  if (!Array.isArray(body) || !body.every(isViewLike)) {
    throw new ApiError(200, 'INTERNAL', 'The server sent a bench list this page cannot read.');
  }
  return body;
}

function isViewLike(value: unknown): value is BenchView {
  if (typeof value !== 'object' || value === null) return false;
  const bench = value as Partial<BenchView>;
  return (
    typeof bench.id === 'string' &&
    typeof bench.name === 'string' &&
    Array.isArray(bench.inputs) &&
    Array.isArray(bench.outputs)
  );
}
