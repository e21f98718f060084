// Opens the database: embedded PGlite in DATA_DIR by default, PostgreSQL when a URL is given.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
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
    dir = path.join(dataDir, 'db');
    mkdirSync(dir, { recursive: true });
    // PGlite is single-process: a second server on the same DATA_DIR would corrupt it.
    releaseLock = acquireDataDirLock(dataDir);
  }
  const client = dir ? new PGlite(dir) : new PGlite();
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

async function openPostgres(target: { url: string; schema?: string; poolSize?: number }): Promise<Database> {
  const poolConfig: pg.PoolConfig = {
    connectionString: target.url,
    max: target.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
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
