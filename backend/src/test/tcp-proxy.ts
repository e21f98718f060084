// A TCP proxy for fault tests: stands between an instance and PostgreSQL or Redis, so a test can
// make the service unreachable (and bring it back) without touching the shared service itself.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpTarget {
  host: string;
  port: number;
}

/**
 * How an outage looks to the client:
 * - `refuse`: every connection is reset as soon as it is accepted (the service is down);
 * - `blackhole`: connections are accepted and never answered (a partition, a hung host).
 */
export type OutageMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's (credentials, path and query kept). */
  urlFor(url: string): string;
  /** Drops every open connection and refuses or swallows new ones until `restore()`. */
  cut(mode?: OutageMode): void;
  restore(): void;
  /** Connections currently forwarded. */
  readonly openConnections: number;
  close(): Promise<void>;
}

/** Joins two sockets both ways; when either ends or fails, both go. Returns a function that cuts them. */
export function pipeSockets(a: Socket, b: Socket, onClose?: () => void): () => void {
  let closed = false;
  const destroyBoth = () => {
    if (closed) return;
    closed = true;
    // A reset, not a polite FIN: the peer learns at once that the connection is gone.
    for (const s of [a, b]) if (!s.destroyed) s.resetAndDestroy();
    onClose?.();
  };
  for (const s of [a, b]) {
    s.setNoDelay(true);
    s.on('error', destroyBoth);
    s.on('close', destroyBoth);
  }
  a.pipe(b);
  b.pipe(a);
  return destroyBoth;
}

export async function startTcpProxy(target: TcpTarget): Promise<TcpProxy> {
  let outage: OutageMode | undefined;
  const open = new Set<() => void>();
  const swallowed = new Set<Socket>();

  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (outage === 'refuse') return void client.resetAndDestroy();
    if (outage === 'blackhole') {
      swallowed.add(client);
      client.on('close', () => swallowed.delete(client));
      return;
    }
    const upstream = createConnection(target);
    upstream.on('error', () => {});
    // Nothing from the client is lost while the upstream connects: pipe() buffers it.
    const cut = pipeSockets(client, upstream, () => open.delete(cut));
    open.add(cut);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    port,
    urlFor(url: string) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut(mode: OutageMode = 'refuse') {
      outage = mode;
      for (const cutConnection of [...open]) cutConnection();
    },
    restore() {
      outage = undefined;
      // Connections swallowed during a blackhole fail now, so their clients retry and get through.
      for (const s of swallowed) s.resetAndDestroy();
      swallowed.clear();
    },
    get openConnections() {
      return open.size;
    },
    async close() {
      outage = 'refuse';
      for (const cutConnection of [...open]) cutConnection();
      for (const s of swallowed) s.resetAndDestroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Host and port of a postgresql:// or redis:// URL. */
export function targetOf(url: string, defaultPort: number): TcpTarget {
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port) || defaultPort };
}
