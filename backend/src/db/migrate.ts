// Applies prisma/migrations/*/migration.sql in order, once each, under a lock, recording a checksum.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlRunner } from './database.js';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../prisma/migrations',
);

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Returns the names of the migrations it applied (none when the database is up to date). */
export async function migrate(
  sql: SqlRunner,
  log: (line: string) => void = () => {},
  migrations = readMigrations(),
): Promise<string[]> {
  return sql.withMigrationLock(async (sql) => {
    await sql.exec(`CREATE TABLE IF NOT EXISTS "_deskline_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const applied = new Map(
      (await sql.query<{ name: string; checksum: string }>('SELECT "name", "checksum" FROM "_deskline_migrations"')).map(
        (row) => [row.name, row.checksum],
      ),
    );
    for (const [name, checksum] of applied) {
      const local = migrations.find((m) => m.name === name);
      if (local && local.checksum !== checksum) {
        throw new MigrationError(
          `Migration ${name} was changed after it was applied to this database. ` +
            'Applied migrations must never be edited: add a new migration instead.',
        );
      }
    }
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const [index, migration] of pending.entries()) {
      log(`Applying migration ${index + 1}/${pending.length}: ${migration.name}`);
      // Each migration and its record commit together, so a crash never leaves one half-applied.
      try {
        await sql.exec(
          `BEGIN;\n${migration.sql}\n;INSERT INTO "_deskline_migrations" ("name", "checksum") VALUES ('${migration.name.replace(/'/g, "''")}', '${migration.checksum}');\nCOMMIT;`,
        );
      } catch (error) {
        await sql.exec('ROLLBACK').catch(() => {});
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return pending.map((m) => m.name);
  });
}
