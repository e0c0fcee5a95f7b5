import { randomUUID } from 'node:crypto';
import type { RunningPlatform } from '@remotelab/server';

/**
 * Records a session in SQL the way a maintenance session is (a technician on the bench, no lab),
 * for tests that then drive the agent's link by hand (`session:start`): the platform ends any
 * session an agent serves that SQL does not know.
 */
export async function recordSessionInSql(
  platform: RunningPlatform,
  session: { id: string; benchId: string },
): Promise<void> {
  const ownerId = randomUUID();
  const now = Date.now();
  await platform.db
    .insertInto('users')
    .values({
      id: ownerId,
      email: `tech-${ownerId}@example.org`,
      display_name: 'Technician',
      role: 'technician',
      password_hash: null,
      timezone: 'UTC',
      locale: 'en',
      disabled: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await platform.db
    .insertInto('sessions')
    .values({
      id: session.id,
      bench_id: session.benchId,
      lab_id: null,
      owner_id: ownerId,
      status: 'active',
      started_at: now,
      ended_at: null,
      end_reason: null,
      channels_json: '[]',
    })
    .execute();
}
