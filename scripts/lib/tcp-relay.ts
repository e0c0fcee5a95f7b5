import net from 'node:net';

/** A free TCP port on loopback, for a process that must not be reachable from outside. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Opens `publicPort` on `host` and pipes every connection to `127.0.0.1:targetPort`, byte for byte (HTTP,
 * WebSocket upgrades and all). The demo opens it only once its seed is in, so nobody reaches a
 * server whose demo accounts do not exist yet.
 */
export function openRelay(
  publicPort: number,
  targetPort: number,
  host: string,
): Promise<{ close(): void }> {
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      // A reset on one side ends the other; nothing else to report for a relay.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(publicPort, host, () =>
      resolve({
        close() {
          relay.close();
          for (const socket of sockets) socket.destroy();
        },
      }),
    );
  });
}
