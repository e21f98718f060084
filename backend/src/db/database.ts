// Opens the database: embedded PGlite in DATA_DIR by default, PostgreSQL when a URL is given.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { ensurePrivateDir, makeTreePrivate, PRIVATE_UMASK } from '../storage/private-files.js';
import { acquireDataDirLock } from './data-dir-lock.js';

export type { PrismaClient };

/** The SQL side-door used by migrations and health checks; everything else goes through Prisma. */
export interface SqlRunner {
  /** Runs a script of one or more statements. */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` holding the database-wide migration lock (so concurrent instances migrate once), on
   * one connection that `fn` receives.
   */
  withMigrationLock<T>(fn: (locked: Omit<SqlRunner, 'withMigrationLock'>) => Promise<T>): Promise<T>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  prisma: PrismaClient;
  sql: SqlRunner;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

const MIGRATION_LOCK_KEY = 4_242_020_261; // any constant shared by every Deskline instance

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let releaseLock = async () => {};
  let dir: string | undefined;
  if (dataDir) {
    // The database holds password hashes and site secrets. PGlite creates its files with the
    // process umask (0644 by default, and more files as tables grow), so the process gets a private one.
    process.umask(PRIVATE_UMASK);
    ensurePrivateDir(dataDir);
    // PGlite is single-process: a second server on the same DATA_DIR would corrupt it.
    releaseLock = acquireDataDirLock(dataDir);
    dir = path.join(dataDir, 'db');
    ensurePrivateDir(dir);
    // Files written by an older version or under a looser umask (uploads: see LocalFileStorage).
    makeTreePrivate(dir);
  }
  // pg_trgm: search by parts of words, names and emails (the search migration creates it).
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm } });
  await client.waitReady;
  await client.exec("SET TIME ZONE 'UTC'");
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const runner = {
    exec: async (sql: string) => {
      await client.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
  };
  return {
    kind: 'pglite',
    prisma,
    // One process owns the data directory (see the lock above), so there is nobody to race.
    sql: { ...runner, withMigrationLock: (fn) => fn(runner) },
    close: async () => {
      await prisma.$disconnect();
      await client.close();
      await releaseLock();
    },
  };
}

/** How long a new connection (or a wait for a pooled one) may take before the request fails with 503. */
const CONNECT_TIMEOUT_MS = 1_500;
/** After a failed connection attempt, new connections fail at once for this long (then one probes again). */
const UNREACHABLE_RETRY_MS = 1_000;

/**
 * pg's Client, failing fast while PostgreSQL is unreachable: once a connection attempt has failed,
 * the attempts of the next moment fail at once instead of each waiting out CONNECT_TIMEOUT_MS, so
 * requests answer 503 quickly during an outage and the server recovers by itself when it ends.
 * Idle pooled connections are unaffected (the pool uses them without connecting).
 */
function failFastClient(): typeof pg.Client {
  let unreachableUntil = 0;
  const unreachable = () =>
    // Shaped like a socket error, so the Prisma adapter reports it as DatabaseNotReachable.
    Object.assign(new Error('connect ECONNREFUSED: PostgreSQL was unreachable moments ago'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      errno: -111,
    });
  return class FailFastClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: (err: Error | null) => void): void;
    override connect(callback?: (err: Error | null) => void): Promise<pg.Client> | void {
      const settle = (error?: Error | null) => {
        unreachableUntil = error ? Date.now() + UNREACHABLE_RETRY_MS : 0;
      };
      if (Date.now() < unreachableUntil) {
        const error = unreachable();
        if (callback) return void process.nextTick(callback, error);
        return Promise.reject(error);
      }
      if (callback) return super.connect((error: Error | null) => (settle(error), callback(error)));
      return super.connect().then(
        (client) => (settle(), client),
        (error: Error) => {
          settle(error);
          throw error;
        },
      );
    }
  };
}

async function openPostgres(target: { url: string; schema?: string; poolSize?: number }): Promise<Database> {
  const poolConfig: pg.PoolConfig = {
    connectionString: target.url,
    max: target.poolSize ?? 10,
    Client: failFastClient(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished without closing (a partition) on idle pooled connections.
    keepAlive: true,
    // UTC sessions: now() written into `timestamp` columns means the same as Prisma's UTC values.
    options: ['-c TimeZone=UTC', ...(target.schema ? [`-c search_path="${target.schema}"`] : [])].join(' '),
  };
  const pool = new pg.Pool(poolConfig);
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, target.schema ? { schema: target.schema } : undefined),
  });
  return {
    kind: 'postgres',
    prisma,
    sql: {
      exec: async (sql) => {
        await pool.query(sql);
      },
      query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
      withMigrationLock: async (fn) => {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          return await fn({
            exec: async (sql) => {
              await client.query(sql);
            },
            query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
          });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
          client.release();
        }
      },
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
