// Starts a real Deskline instance for a test file: PGlite in memory, or a fresh schema in the
// PostgreSQL of TEST_DATABASE_URL when the suite runs in its postgres project.
import type { Role } from '@deskline/contract';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { issueToken } from '../auth/service.js';
import { loadConfig } from '../config.js';
import type { RateLimits } from '../context.js';
import type { DatabaseTarget } from '../db/database.js';
import type { DeliveryTiming } from '../email/delivery.js';
import type { ImapTiming } from '../email/inbound/imap.js';
import type { FrontendPaths } from '../frontends/routes.js';
import { startServer, type RunningServer } from '../server.js';
import { createAccount } from '../users/service.js';

export const onPostgres = process.env.DESKLINE_TEST_DB === 'postgres';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is (for malformed payloads); sets no content type. */
  raw?: RequestInit['body'];
  headers?: Record<string, string>;
}

export type Api = <T = any>(method: string, path: string, options?: RequestOptions) => Promise<ApiResponse<T>>;

export interface TestUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  token: string;
}

export interface TestServer extends RunningServer {
  api: Api;
  dataDir: string;
  createUser(role?: Role, name?: string): Promise<TestUser>;
}

let userCounter = 0;

/**
 * `value` with its signed attachment links' expiry and signature replaced by a marker: links are
 * signed anew in time windows, so two reads of the same files either side of a window's end differ
 * only there, and a test comparing snapshots must not fail by the clock.
 */
export function unsigned<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/\?expires=\d+&signature=[\w-]+/g, '?signed')) as T;
}

/** Tests send far more than a person would, all from 127.0.0.1: a test that checks a limit sets its own. */
export const GENEROUS_LIMITS: Partial<RateLimits> = {
  loginFailures: 10_000,
  registrations: 10_000,
  widgetSessions: 10_000,
  messagesPerUser: 1_000_000,
  messagesPerAddress: 1_000_000,
  commentsPerUser: 1_000_000,
  commentsPerAddress: 1_000_000,
  ticketsPerUser: 1_000_000,
  ticketsPerAddress: 1_000_000,
  uploadBytesPerUser: 100 * 1024 ** 3,
  uploadBytesPerAddress: 100 * 1024 ** 3,
  customerStorageBytes: 100 * 1024 ** 3,
  inboundEmailsPerSender: 1_000_000,
};

export async function startTestServer(
  options: {
    env?: Record<string, string>;
    rateLimits?: Partial<RateLimits>;
    database?: DatabaseTarget;
    frontends?: FrontendPaths;
    emailDelivery?: Partial<DeliveryTiming>;
    imapTiming?: Partial<ImapTiming>;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskline-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: 'test-secret-'.padEnd(48, 'x'),
    ADMIN_EMAIL: 'root@deskline.test',
    ADMIN_PASSWORD: 'root-password',
    BCRYPT_ROUNDS: '4',
    ...options.env,
  });
  const pgSchema = options.database ? undefined : onPostgres ? await createPostgresSchema() : undefined;
  const database: DatabaseTarget =
    options.database ?? (pgSchema ? { kind: 'postgres', url: pgSchema.url, schema: pgSchema.schema } : { kind: 'pglite' });
  const server = await startServer({
    config,
    database,
    rateLimits: { ...GENEROUS_LIMITS, ...options.rateLimits },
    log: () => {},
    frontends: options.frontends,
    emailDelivery: options.emailDelivery,
    imapTiming: options.imapTiming,
  });
  const api = createApi(server.url);
  let closing: Promise<void> | undefined;
  return {
    ...server,
    api,
    dataDir,
    async createUser(role = 'CUSTOMER', name) {
      const n = ++userCounter;
      const email = `user${n}-${randomBytes(3).toString('hex')}@example.test`;
      const user = await createAccount(server.ctx, { name: name ?? `User ${n}`, email, password: 'password123', role });
      return { id: user.id, name: user.name, email, role, token: issueToken(server.ctx, user).token };
    },
    // Once, however often it is called (a test may close its server before afterAll does).
    close: () =>
      (closing ??= (async () => {
        await server.close();
        if (pgSchema) await pgSchema.drop();
        rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}

export function createApi(baseUrl: string): Api {
  return async (method, urlPath, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'] = options.raw;
    if (options.body !== undefined) {
      if (options.body instanceof FormData) body = options.body;
      else {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const response = await fetch(`${baseUrl}/api${urlPath}`, { method, headers, body });
    const type = response.headers.get('content-type') ?? '';
    const payload = type.includes('json') ? await response.json() : await response.text();
    return { status: response.status, body: payload as any, headers: response.headers };
  };
}

/** A schema of its own in the test PostgreSQL, dropped afterwards, so test files never collide. */
export async function createPostgresSchema() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  // An extension exists once per database: in a test schema, dropping that schema would take it
  // from every other test's indexes. The search migration uses it where it is.
  // A failure is another test file creating it at the same moment.
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public').catch(() => {});
  await client.end();
  return {
    url,
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    },
  };
}
