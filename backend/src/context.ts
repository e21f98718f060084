// Everything a service needs, passed explicitly: no module-level singletons, so several server
// instances can live in one process (tests of the multi-instance set-up do exactly that).
import type { Config } from './config.js';
import type { PrismaClient, SqlRunner } from './db/database.js';
import type { DomainEvents } from './events.js';
import type { FileStorage } from './storage/storage.js';

export interface RateLimits {
  /** Failed sign-ins allowed per address and window before 429. */
  loginFailures: number;
  registrations: number;
  widgetSessions: number;
  windowMs: number;
}

export interface AppContext {
  config: Config;
  db: PrismaClient;
  sql: SqlRunner;
  events: DomainEvents;
  storage: FileStorage;
  rateLimits: RateLimits;
  log: (line: string) => void;
  /** Set when a graceful shutdown begins: readiness turns 503 so the proxy stops sending traffic. */
  lifecycle: { draining: boolean };
}
