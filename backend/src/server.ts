// Assembles one Deskline instance: database (migrated), services' context, HTTP and sockets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from './app.js';
import { ensureFirstAdmin, pruneRevokedTokens } from './auth/service.js';
import type { Config } from './config.js';
import type { AppContext, RateLimits } from './context.js';
import { openDatabase, type Database, type DatabaseTarget } from './db/database.js';
import { migrate } from './db/migrate.js';
import type { DeliveryTiming } from './email/delivery.js';
import type { ImapTiming } from './email/inbound/imap.js';
import { startInboundEmail } from './email/inbound/inbound.js';
import { pruneInboundEmails } from './email/inbound/pipeline.js';
import { startOutboundEmail } from './email/outbound.js';
import { consolePresence } from './realtime/presence.js';
import { attachRealtime, type Realtime } from './realtime/server.js';
import { DomainEvents } from './events.js';
import type { FrontendPaths } from './frontends/routes.js';
import { createLimits, type Limits } from './limits/limits.js';
import { LocalFileStorage } from './storage/storage.js';

export interface ServerOptions {
  config: Config;
  /** Defaults to DATABASE_URL, else PGlite in DATA_DIR. */
  database?: DatabaseTarget;
  rateLimits?: Partial<RateLimits>;
  log?: (line: string) => void;
  /** Where the built widget and console are (tests point elsewhere). */
  frontends?: FrontendPaths;
  /** Email delivery's polling and retry timing (tests shorten it). */
  emailDelivery?: Partial<DeliveryTiming>;
  /** IMAP polling and reconnect timing (tests shorten it). */
  imapTiming?: Partial<ImapTiming>;
}

export interface RunningServer {
  ctx: AppContext;
  http: Server;
  realtime: Realtime;
  url: string;
  close(options?: { graceMs?: number }): Promise<void>;
}

export function databaseTargetFor(config: Config): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const target = options.database ?? databaseTargetFor(config);
  log(target.kind === 'pglite' ? `Opening the embedded database in ${path.join(config.dataDir, 'db')}…` : 'Connecting to PostgreSQL…');
  const database: Database = await openDatabase(target);
  let limits: Limits | undefined;
  try {
    const applied = await migrate(database.sql, log);
    if (applied.length > 0) log(`Database schema is up to date (${applied.length} migration(s) applied).`);
    const rateLimits = { ...config.rateLimits, ...options.rateLimits };
    limits = await createLimits(config, rateLimits, database.prisma, log);
    const ctx: AppContext = {
      config,
      db: database.prisma,
      sql: database.sql,
      events: new DomainEvents((error, event) => log(`${event} listener failed: ${(error as Error)?.stack ?? String(error)}`)),
      storage: new LocalFileStorage(path.join(config.dataDir, 'uploads')),
      rateLimits,
      limits,
      log,
      lifecycle: { draining: false },
    };
    await ensureFirstAdmin(ctx);
    const app = createApp(ctx, options.frontends);
    const http = createServer(app);
    const realtime = await attachRealtime(ctx, http);
    ctx.presence = consolePresence(ctx, realtime.io);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
    const email = startOutboundEmail(ctx, options.emailDelivery, ctx.presence);
    const inbound = await startInboundEmail(ctx, options.imapTiming).catch(async (error: unknown) => {
      await email.close();
      http.close();
      await realtime.close();
      throw error;
    });
    // Hourly: records that only matter for a while.
    const prune = setInterval(() => {
      void pruneRevokedTokens(ctx).catch(() => {});
      void pruneInboundEmails(ctx).catch(() => {});
    }, 60 * 60 * 1000);
    prune.unref();
    const { port } = http.address() as AddressInfo;
    let closing: Promise<void> | undefined;
    return {
      ctx,
      http,
      realtime,
      url: `http://127.0.0.1:${port}`,
      close: (options: { graceMs?: number } = {}) =>
        (closing ??= (async () => {
          // Graceful: refuse new connections, let requests in flight finish (up to graceMs), and
          // close sockets so their clients reconnect to another instance.
          ctx.lifecycle.draining = true;
          clearInterval(prune);
          // No new mail taken in; mail being taken finishes first (SMTP clients wait for their answer).
          await inbound.close();
          const drained = new Promise<void>((resolve) => http.close(() => resolve()));
          await realtime.close();
          const deadline = setTimeout(() => http.closeAllConnections(), options.graceMs ?? 10_000);
          await drained;
          clearTimeout(deadline);
          // After the requests: a ticket created just now still gets its email stored.
          await email.close();
          await ctx.limits.close();
          await database.close();
        })()),
    };
  } catch (error) {
    await limits?.close();
    await database.close().catch(() => {});
    throw error;
  }
}
