import type { DatabaseKind } from '@remotelab/server/testing';

/**
 * The databases storage tests run against: both by default (CI), or the comma-separated list in
 * TEST_DATABASES (`sqlite` on a machine without PostgreSQL). A missing PostgreSQL fails the run
 * rather than skipping silently.
 */
export const DATABASE_KINDS: DatabaseKind[] = (process.env.TEST_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map((kind) => kind.trim())
  .filter((kind): kind is DatabaseKind => kind === 'sqlite' || kind === 'postgres');
