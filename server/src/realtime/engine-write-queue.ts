import type { Socket } from 'socket.io';

type EngineSocket = Socket['conn'];

/**
 * How many packets engine.io holds for one connection until its transport can take them (its
 * write buffer, private in its types), counted from engine.io's documented socket events:
 * `packetCreate` fires as a packet enters the buffer, `flush` as the whole buffer goes to the
 * transport. One count per connection, shared by its subscriptions.
 */
export interface WriteQueue {
  readonly queued: number;
}

/** Starts counting; call it once per connection, as it connects. */
export function countWriteQueue(conn: EngineSocket): WriteQueue {
  const queue = { queued: 0 };
  conn.on('packetCreate', () => (queue.queued += 1));
  conn.on('flush', () => (queue.queued = 0));
  return queue;
}
