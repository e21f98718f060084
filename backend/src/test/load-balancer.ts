// A tiny TCP load balancer for multi-instance tests: one address in front of several instances,
// round-robin per connection, like the reverse proxy of a deployment. A connection to a backend
// that is down moves on to the next one (as nginx does on a connect error); if none answers, the
// client's connection is reset and the client retries. Sticky enough for Socket.IO's WebSocket
// transport, whose session is one TCP connection.
import { createConnection, createServer } from 'node:net';
import { pipeSockets, type TcpTarget } from './tcp-proxy.js';

export interface LoadBalancer {
  readonly port: number;
  readonly url: string;
  /** Replaces the backends new connections go to (open connections stay where they are). */
  setBackends(backends: TcpTarget[]): void;
  /** Open client connections per backend port. */
  connectionsTo(port: number): number;
  close(): Promise<void>;
}

export async function startLoadBalancer(initial: TcpTarget[]): Promise<LoadBalancer> {
  let backends = [...initial];
  let next = 0;
  const open = new Map<number, Set<() => void>>();

  const server = createServer((client) => {
    client.on('error', () => {});
    // Paused until a backend has accepted, so nothing the client sends is lost on a failed attempt.
    client.pause();
    const candidates = backends.length;
    const attempt = (tries: number) => {
      if (client.destroyed) return;
      if (tries >= candidates) return void client.resetAndDestroy();
      const backend = backends[next++ % backends.length]!;
      const upstream = createConnection(backend);
      upstream.once('error', () => {
        upstream.destroy();
        attempt(tries + 1);
      });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        let set = open.get(backend.port);
        if (!set) open.set(backend.port, (set = new Set()));
        const connections = set;
        const cut = pipeSockets(client, upstream, () => connections.delete(cut));
        connections.add(cut);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setBackends(list) {
      backends = [...list];
    },
    connectionsTo(backendPort) {
      return open.get(backendPort)?.size ?? 0;
    },
    async close() {
      for (const set of open.values()) for (const cut of [...set]) cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
