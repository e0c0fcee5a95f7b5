/** A failed REST call, with the server's error code when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The error code of anything thrown by a REST call: the server's, else INTERNAL. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof ApiError && error.code) return error.code;
  return 'INTERNAL';
}
