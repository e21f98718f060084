// Proves that the SQL migrations build exactly the database prisma/schema.prisma describes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSchema, onPostgres } from '../test/harness.js';
import { openDatabase, type Database, type SqlRunner } from './database.js';
import { migrate, MigrationError, MIGRATIONS_DIR, readMigrations } from './migrate.js';

const SCHEMA_FILE = path.resolve(MIGRATIONS_DIR, '../schema.prisma');
const MIGRATIONS_TABLE = '_deskline_migrations';

/**
 * A database's shape, as strings that read like SQL so a difference reads like one:
 * `tables.Ticket.subject: schema.prisma says "text", the migrations made "text NOT NULL"`.
 */
interface DatabaseShape {
  enums: Record<string, string[]>;
  /** table → column → `type [NOT NULL] [DEFAULT expr]` */
  tables: Record<string, Record<string, string>>;
  /** index name → `PRIMARY KEY|UNIQUE|INDEX ON table USING method (columns)`; names are schema-wide. */
  indexes: Record<string, string>;
  /** constraint name → `table (columns) REFERENCES table (columns) ON DELETE … ON UPDATE …` */
  foreignKeys: Record<string, string>;
  /** sequence name → `type OWNED BY table.column` */
  sequences: Record<string, string>;
  /** Check, exclusion and trigger constraints: schema.prisma cannot express them, so none may exist. */
  otherConstraints: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// What schema.prisma asks for: the names, types and defaults Prisma's own migrations would use.
// ---------------------------------------------------------------------------------------------

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; operatorClass?: string }[];
}
interface Datamodel {
  enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

const NATIVE_TYPES: Record<string, (args: string[]) => string> = {
  Text: () => 'text',
  VarChar: ([n]) => (n ? `character varying(${n})` : 'character varying'),
  Char: ([n]) => `character(${n ?? 1})`,
  Uuid: () => 'uuid',
  Citext: () => 'citext',
  Inet: () => 'inet',
  Boolean: () => 'boolean',
  SmallInt: () => 'smallint',
  Integer: () => 'integer',
  BigInt: () => 'bigint',
  Real: () => 'real',
  DoublePrecision: () => 'double precision',
  Decimal: (args) => (args.length ? `numeric(${args.join(',')})` : 'numeric'),
  Timestamp: ([p]) => (p ? `timestamp(${p}) without time zone` : 'timestamp without time zone'),
  Timestamptz: ([p]) => (p ? `timestamp(${p}) with time zone` : 'timestamp with time zone'),
  Date: () => 'date',
  Json: () => 'json',
  JsonB: () => 'jsonb',
  ByteA: () => 'bytea',
};

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function readDatamodel(schemaText: string): Datamodel {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schemaText]] })));
  return dmmf.datamodel as Datamodel;
}

function expectedShape(schemaText: string): DatabaseShape {
  const datamodel = readDatamodel(schemaText);
  const shape: DatabaseShape = { enums: {}, tables: {}, indexes: {}, foreignKeys: {}, sequences: {}, otherConstraints: {} };
  const enumNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const enumValues = new Map(datamodel.enums.map((e) => [e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name]))]));
  for (const e of datamodel.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  const models = new Map(datamodel.models.map((m) => [m.name, m]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${model.name}.${fieldName} is not a field`);
    return field.dbName ?? field.name;
  };
  // Prisma's default constraint names; Postgres would silently cut a name longer than 63 bytes.
  const constraintName = (table: string, columns: string[], suffix: string) => {
    const name = `${table}_${columns.join('_')}_${suffix}`;
    if (Buffer.byteLength(name) > 63) throw new Error(`${name} is longer than 63 bytes: give it a map: name`);
    return name;
  };

  for (const model of datamodel.models) {
    const table = tableOf(model);
    const columns: Record<string, string> = {};
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      if (field.kind === 'unsupported') throw new Error(`${model.name}.${field.name}: Unsupported() types are not checked`);
      const column = field.dbName ?? field.name;
      let type: string;
      if (field.kind === 'enum') type = `enum ${enumNames.get(field.type)}`;
      else if (field.nativeType) {
        const [native, args] = field.nativeType;
        const render = NATIVE_TYPES[native];
        if (!render) throw new Error(`${model.name}.${field.name}: teach drift.test.ts the native type @db.${native}`);
        type = render(args);
      } else {
        const scalar = SCALAR_TYPES[field.type];
        if (!scalar) throw new Error(`${model.name}.${field.name}: unknown scalar type ${field.type}`);
        type = scalar;
      }
      if (field.isList) type += '[]';
      const literal = (value: unknown): string => {
        if (typeof value === 'number' || typeof value === 'boolean') return String(value);
        const text = field.kind === 'enum' ? (enumValues.get(field.type)?.get(String(value)) ?? String(value)) : String(value);
        return `'${text.replace(/'/g, "''")}'`;
      };
      let dbDefault: string | undefined;
      if (field.hasDefaultValue && !field.isUpdatedAt) {
        const value = field.default;
        if (Array.isArray(value)) dbDefault = `ARRAY[${value.map(literal).join(', ')}]`;
        else if (value !== null && typeof value === 'object') {
          const { name, args } = value as { name: string; args: unknown[] };
          if (name === 'now') dbDefault = 'CURRENT_TIMESTAMP';
          else if (name === 'autoincrement') {
            const sequence = constraintName(table, [column], 'seq');
            dbDefault = `nextval('"${sequence}"'::regclass)`;
            shape.sequences[sequence] = `${type} OWNED BY ${table}.${column}`;
          } else if (name === 'dbgenerated') dbDefault = String(args[0]);
          // uuid(), cuid(), nanoid(), ulid() are generated by the client: no database default.
          else if (!['uuid', 'cuid', 'nanoid', 'ulid'].includes(name)) {
            throw new Error(`${model.name}.${field.name}: teach drift.test.ts the default ${name}()`);
          }
        } else dbDefault = literal(value);
      }
      columns[column] = columnShape(type, field.isRequired && !field.isList, dbDefault);
    }
    shape.tables[table] = columns;

    for (const field of model.fields) {
      if (field.kind !== 'object' || !field.relationFromFields?.length) continue;
      const target = models.get(field.type)!;
      const from = field.relationFromFields.map((f) => columnOf(model, f));
      const to = (field.relationToFields ?? []).map((f) => columnOf(target, f));
      // Prisma's defaults: optional relations SET NULL on delete, required ones RESTRICT; updates CASCADE.
      const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
      const onUpdate = field.relationOnUpdate ?? 'Cascade';
      shape.foreignKeys[constraintName(table, from, 'fkey')] =
        `${table} (${from.join(', ')}) REFERENCES ${tableOf(target)} (${to.join(', ')}) ` +
        `ON DELETE ${REFERENTIAL_ACTIONS[onDelete]} ON UPDATE ${REFERENTIAL_ACTIONS[onUpdate]}`;
    }
  }

  for (const index of datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = tableOf(model);
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const listed = index.fields.map(
      (f, i) => `${columns[i]}${f.operatorClass ? ` ${f.operatorClass}` : ''}${f.sortOrder === 'desc' ? ' DESC' : ''}`,
    );
    const method = (index.algorithm ?? 'btree').toLowerCase();
    const [kind, suffix] =
      index.type === 'id' ? ['PRIMARY KEY', 'pkey'] : index.type === 'unique' ? ['UNIQUE', 'key'] : ['INDEX', 'idx'];
    const name = index.dbName ?? (index.type === 'id' ? `${table}_pkey` : constraintName(table, columns, suffix));
    shape.indexes[name] = indexShape(kind, table, method, listed.join(', '));
  }
  Object.assign(shape.indexes, EXPRESSION_INDEXES);
  return sorted(shape);
}

/**
 * Indexes on expressions, which schema.prisma cannot say (Prisma would not create them, and would
 * leave them alone): the full-text indexes of the search migration. Listed here so that a changed or
 * missing one is drift all the same.
 */
const EXPRESSION_INDEXES: Record<string, string> = {
  Ticket_subject_search_idx: "INDEX ON Ticket USING gin (to_tsvector('english'::regconfig, subject))",
  Ticket_description_search_idx: "INDEX ON Ticket USING gin (to_tsvector('english'::regconfig, description))",
  Comment_body_search_idx: "INDEX ON Comment USING gin (to_tsvector('english'::regconfig, body))",
  Message_body_search_idx: "INDEX ON Message USING gin (to_tsvector('english'::regconfig, body))",
};

function columnShape(type: string, notNull: boolean, dbDefault: string | null | undefined): string {
  return `${type}${notNull ? ' NOT NULL' : ''}${dbDefault == null ? '' : ` DEFAULT ${normaliseDefault(dbDefault)}`}`;
}

function indexShape(kind: string, table: string, method: string, columns: string): string {
  return `${kind} ON ${table} USING ${method} (${columns})`;
}

/** Postgres adds casts when it stores a default (`'OPEN'::"TicketStatus"`); compare without them. */
function normaliseDefault(expression: string): string {
  return expression
    .replace(/::(?:"[^"]+"\.)?(?:"[^"]+"|[a-z_][a-z0-9_ ]*)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?(?=$|[\s),\]])/gi, '')
    .replace(/'(-?\d+(?:\.\d+)?)'/g, '$1')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// What the migrations made: read from pg_catalog, in the current schema.
// ---------------------------------------------------------------------------------------------

async function actualShape(sql: SqlRunner): Promise<DatabaseShape> {
  const shape: DatabaseShape = { enums: {}, tables: {}, indexes: {}, foreignKeys: {}, sequences: {}, otherConstraints: {} };
  const own = `n.nspname = current_schema()`;

  const enumRows = await sql.query<{ name: string; value: string }>(`
    SELECT t.typname::text AS name, e.enumlabel::text AS value
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE ${own} ORDER BY t.typname, e.enumsortorder`);
  for (const row of enumRows) (shape.enums[row.name] ??= []).push(row.value);

  const columnRows = await sql.query<{ table: string; column: string | null; type: string; notNull: boolean; default: string | null }>(`
    SELECT c.relname::text AS "table", a.attname::text AS "column",
      CASE WHEN t.typtype = 'e' THEN 'enum ' || t.typname::text
           WHEN t.typcategory = 'A' AND e.typtype = 'e' THEN 'enum ' || e.typname::text || '[]'
           ELSE format_type(a.atttypid, a.atttypmod) END AS "type",
      a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_type e ON e.oid = t.typelem
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE ${own} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname <> '${MIGRATIONS_TABLE}'`);
  for (const row of columnRows) {
    const table = (shape.tables[row.table] ??= {});
    if (row.column) table[row.column] = columnShape(row.type, row.notNull, row.default);
  }

  const indexRows = await sql.query<{ name: string; table: string; primary: boolean; unique: boolean; method: string; columns: string; predicate: string | null }>(`
    SELECT i.relname::text AS name, c.relname::text AS "table", x.indisprimary AS "primary", x.indisunique AS "unique",
      am.amname::text AS method, pg_get_expr(x.indpred, x.indrelid) AS predicate,
      (SELECT string_agg(
                COALESCE(a.attname::text, pg_get_indexdef(i.oid, k.ord::int, true)) ||
                -- The operator class, when it is not the column type's default (gin_trgm_ops).
                COALESCE((SELECT ' ' || oc.opcname::text FROM pg_opclass oc
                           WHERE oc.oid = x.indclass[k.ord::int - 1] AND NOT oc.opcdefault), '') ||
                CASE WHEN pg_index_column_has_property(i.oid, k.ord::int, 'desc') THEN ' DESC' ELSE '' END,
                ', ' ORDER BY k.ord)
         FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE k.ord <= x.indnkeyatts) AS columns
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_am am ON am.oid = i.relam
    WHERE ${own} AND c.relname <> '${MIGRATIONS_TABLE}'`);
  for (const row of indexRows) {
    const kind = row.primary ? 'PRIMARY KEY' : row.unique ? 'UNIQUE' : 'INDEX';
    shape.indexes[row.name] = indexShape(kind, row.table, row.method, row.columns) + (row.predicate ? ` WHERE ${row.predicate}` : '');
  }

  const ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
  const keyColumns = (keys: string, relation: string) => `
    (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
       FROM unnest(con.${keys}) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = con.${relation} AND a.attnum = k.attnum)`;
  const foreignKeyRows = await sql.query<{ name: string; table: string; columns: string; target: string; targetColumns: string; onDelete: string; onUpdate: string }>(`
    SELECT con.conname::text AS name, c.relname::text AS "table", r.relname::text AS target,
      ${keyColumns('conkey', 'conrelid')} AS columns, ${keyColumns('confkey', 'confrelid')} AS "targetColumns",
      con.confdeltype::text AS "onDelete", con.confupdtype::text AS "onUpdate"
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_class r ON r.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = con.connamespace
    WHERE ${own} AND con.contype = 'f'`);
  for (const row of foreignKeyRows) {
    shape.foreignKeys[row.name] =
      `${row.table} (${row.columns}) REFERENCES ${row.target} (${row.targetColumns}) ` +
      `ON DELETE ${ACTIONS[row.onDelete]} ON UPDATE ${ACTIONS[row.onUpdate]}`;
  }

  const otherRows = await sql.query<{ name: string; definition: string }>(`
    SELECT con.conname::text AS name, pg_get_constraintdef(con.oid) AS definition
    FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
    WHERE ${own} AND con.contype IN ('c', 'x', 't')`);
  for (const row of otherRows) shape.otherConstraints[row.name] = row.definition;

  const sequenceRows = await sql.query<{ name: string; type: string; table: string | null; column: string | null }>(`
    SELECT s.relname::text AS name, format_type(q.seqtypid, NULL) AS type, c.relname::text AS "table", a.attname::text AS "column"
    FROM pg_class s
    JOIN pg_namespace n ON n.oid = s.relnamespace
    JOIN pg_sequence q ON q.seqrelid = s.oid
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
      AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class c ON c.oid = d.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE ${own} AND s.relkind = 'S'`);
  for (const row of sequenceRows) {
    shape.sequences[row.name] = row.table ? `${row.type} OWNED BY ${row.table}.${row.column}` : `${row.type} (owned by no column)`;
  }
  return sorted(shape);
}

// ---------------------------------------------------------------------------------------------

/** Every difference, one line each, in a stable order. */
function differences(expected: unknown, actual: unknown, at = ''): string[] {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(expected) && isRecord(actual)) {
    return [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort().flatMap((key) => {
      const where = at ? `${at}.${key}` : key;
      if (!(key in actual)) return [`${where}: missing from the migrated database (schema.prisma says ${JSON.stringify(expected[key])})`];
      if (!(key in expected)) return [`${where}: in the migrated database but not in schema.prisma (${JSON.stringify(actual[key])})`];
      return differences(expected[key], actual[key], where);
    });
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? []
    : [`${at}: schema.prisma says ${JSON.stringify(expected)}, the migrations made ${JSON.stringify(actual)}`];
}

function sorted<T>(value: T): T {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  ) as T;
}

/** Edits schema.prisma in memory, insisting the edit applies exactly once so it can never go stale. */
function tweak(schemaText: string, pattern: RegExp, replacement: string): string {
  const matches = schemaText.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`));
  if (matches?.length !== 1) throw new Error(`${pattern} matches schema.prisma ${matches?.length ?? 0} times, not once`);
  return schemaText.replace(pattern, replacement);
}

// ---------------------------------------------------------------------------------------------

const schemaText = readFileSync(SCHEMA_FILE, 'utf8');
let database: Database;
let dropSchema: (() => Promise<void>) | undefined;
let appliedAtStart: string[];
let migrated: DatabaseShape;

beforeAll(async () => {
  if (onPostgres) {
    const pgSchema = await createPostgresSchema();
    dropSchema = pgSchema.drop;
    database = await openDatabase({ kind: 'postgres', url: pgSchema.url, schema: pgSchema.schema, poolSize: 2 });
  } else {
    database = await openDatabase({ kind: 'pglite' });
  }
  appliedAtStart = await migrate(database.sql);
  migrated = await actualShape(database.sql);
});

afterAll(async () => {
  await database?.close();
  await dropSchema?.();
});

describe('migrations against schema.prisma', () => {
  it('applies every migration, in order, to an empty database', () => {
    expect(appliedAtStart).toEqual(readMigrations().map((m) => m.name));
    expect(appliedAtStart.length).toBeGreaterThan(0);
  });

  it('builds exactly the tables, columns, indexes, keys and enums schema.prisma describes', () => {
    const expected = expectedShape(schemaText);
    // Sanity: the check looks at something (a broken reader would compare two empty shapes).
    expect(Object.keys(expected.tables)).toContain('Ticket');
    expect(Object.keys(migrated.tables)).toContain('Ticket');
    const found = differences(expected, migrated);
    expect(found, `schema.prisma and prisma/migrations disagree:\n${found.join('\n')}`).toEqual([]);
  });

  it('reports each kind of drift precisely (the check can fail)', () => {
    // Only what the tweak adds: a real drift is the previous test's to report.
    const baseline = new Set(differences(expectedShape(schemaText), migrated));
    const drift = (pattern: RegExp, replacement: string) =>
      differences(expectedShape(tweak(schemaText, pattern, replacement)), migrated).filter((line) => !baseline.has(line));

    expect(drift(/^(\s+subject\s+)String$/m, '$1String?')).toEqual([
      'tables.Ticket.subject: schema.prisma says "text", the migrations made "text NOT NULL"',
    ]);
    expect(drift(/^(\s+priority\s+Priority\s+)@default\(MEDIUM\)$/m, '$1@default(LOW)')).toEqual([
      `tables.Ticket.priority: schema.prisma says "enum Priority NOT NULL DEFAULT 'LOW'", the migrations made "enum Priority NOT NULL DEFAULT 'MEDIUM'"`,
    ]);
    expect(drift(/^(\s+resolvedAt\s+DateTime\?)$/m, '$1\n  closedAt DateTime?')).toEqual([
      'tables.Ticket.closedAt: missing from the migrated database (schema.prisma says "timestamp(3) without time zone")',
    ]);
    expect(drift(/^\s+@@index\(\[status\]\)$/m, '')).toEqual([
      'indexes.Ticket_status_idx: in the migrated database but not in schema.prisma ("INDEX ON Ticket USING btree (status)")',
    ]);
    expect(drift(/@@unique\(\[ticketId, seq\]\)\n\}/, '@@unique([seq, ticketId])\n}')).toEqual([
      'indexes.Comment_seq_ticketId_key: missing from the migrated database (schema.prisma says "UNIQUE ON Comment USING btree (seq, ticketId)")',
      'indexes.Comment_ticketId_seq_key: in the migrated database but not in schema.prisma ("UNIQUE ON Comment USING btree (ticketId, seq)")',
    ]);
    expect(drift(/(ticket Ticket @relation\(fields: \[ticketId\], references: \[id\], onDelete: )Cascade(\)\n\s+author)/, '$1Restrict$2')).toEqual([
      'foreignKeys.Comment_ticketId_fkey: schema.prisma says "Comment (ticketId) REFERENCES Ticket (id) ON DELETE RESTRICT ON UPDATE CASCADE", ' +
        'the migrations made "Comment (ticketId) REFERENCES Ticket (id) ON DELETE CASCADE ON UPDATE CASCADE"',
    ]);
    expect(drift(/^(\s+)URGENT$/m, '$1URGENT\n$1CRITICAL')).toEqual([
      'enums.Priority: schema.prisma says ["LOW","MEDIUM","HIGH","URGENT","CRITICAL"], the migrations made ["LOW","MEDIUM","HIGH","URGENT"]',
    ]);
  });
});

describe('migrate()', () => {
  it('applies nothing when the database is already up to date', async () => {
    const log: string[] = [];
    expect(await migrate(database.sql, (line) => log.push(line))).toEqual([]);
    expect(log).toEqual([]);
    const recorded = await database.sql.query<{ name: string }>(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
    expect(recorded.map((r) => r.name)).toEqual(appliedAtStart);
  });

  it('refuses to start when a migration was edited after it was applied', async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first!, sql: `${first!.sql}\n-- edited`, checksum: 'f'.repeat(64) };
    const attempt = migrate(database.sql, () => {}, [edited, ...rest]);
    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(new RegExp(`Migration ${first!.name} was changed after it was applied`));
  });
});

describe('seed data', () => {
  it('starts with the five default categories', async () => {
    const rows = await database.sql.query<{ slug: string; name: string }>('SELECT "slug", "name" FROM "Category" ORDER BY "slug"');
    expect(rows.map((r) => r.slug)).toEqual(['billing', 'bug-report', 'feature-request', 'general', 'technical']);
    for (const row of rows) expect(row.name).not.toBe('');
  });

  it('numbers the first ticket #1001 and the next #1002', async () => {
    const [sequence] = await database.sql.query<{ next: number; called: boolean }>(
      `SELECT last_value::int AS next, is_called AS called FROM "Ticket_number_seq"`,
    );
    expect(sequence).toEqual({ next: 1001, called: false });

    await database.sql.exec(`INSERT INTO "User" ("id", "name", "updatedAt") VALUES ('drift-user', 'Drift', CURRENT_TIMESTAMP)`);
    const numbers: number[] = [];
    for (const id of ['drift-1', 'drift-2']) {
      const [row] = await database.sql.query<{ number: number }>(
        `INSERT INTO "Ticket" ("id", "subject", "description", "categoryId", "customerId", "updatedAt")
         SELECT $1, 'Subject', 'Description', "id", 'drift-user', CURRENT_TIMESTAMP FROM "Category" WHERE "slug" = 'general'
         RETURNING "number"`,
        [id],
      );
      numbers.push(row!.number);
    }
    expect(numbers).toEqual([1001, 1002]);
  });
});
