// Everything a service needs, passed explicitly: no module-level singletons, so several server
// instances can live in one process (tests of the multi-instance set-up do exactly that).
import type { Config } from './config.js';
import type { PrismaClient, SqlRunner } from './db/database.js';
import type { DomainEvents } from './events.js';
import type { Limits } from './limits/limits.js';
import type { FileStorage } from './storage/storage.js';
import type { TeamPresenceReader } from './realtime/presence.js';

export interface RateLimits {
  /** Failed sign-ins allowed per address and window before 429 (counted in the database). */
  loginFailures: number;
  registrations: number;
  widgetSessions: number;
  /** The window of the three above. */
  windowMs: number;
  /** Chat messages (REST and socket together) per minute. */
  messagesPerUser: number;
  messagesPerAddress: number;
  /** Comments per minute. */
  commentsPerUser: number;
  commentsPerAddress: number;
  /** Tickets opened per hour. */
  ticketsPerUser: number;
  ticketsPerAddress: number;
  /** Bytes uploaded per hour (ticket files and attachments). */
  uploadBytesPerUser: number;
  uploadBytesPerAddress: number;
  /** Total bytes of the attachments a customer has uploaded and not deleted. */
  customerStorageBytes: number;
  /** Inbound emails taken per sender address and hour (replies and new tickets by email). */
  inboundEmailsPerSender: number;
}

export interface AppContext {
  config: Config;
  db: PrismaClient;
  sql: SqlRunner;
  events: DomainEvents;
  storage: FileStorage;
  rateLimits: RateLimits;
  /** The limiter objects built from rateLimits, shared by REST and socket. */
  limits: Limits;
  log: (line: string) => void;
  /** Set when a graceful shutdown begins: readiness turns 503 so the proxy stops sending traffic. */
  lifecycle: { draining: boolean };
  /** Team consoles online, set once Socket.IO is attached (absent before: the team reads as away). */
  presence?: TeamPresenceReader;
}
