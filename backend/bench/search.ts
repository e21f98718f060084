// Inbox and search benchmark: a throwaway PostgreSQL database (created here, dropped at the end)
// with 100,000 tickets and 1,000,000 chat messages, bulk-loaded with INSERT … SELECT; one real
// Deskline server on it; then p50 and p99 of the inbox's lists, filters and searches and of the
// overview, each run many times through the HTTP API as the console calls them.
//
//   npm run bench:search                                  (PostgreSQL from DATABASE_URL, TEST_DATABASE_URL
//                                                          or postgresql://postgres@127.0.0.1:5432/postgres)
//   npm run bench:search -- --tickets 1000 --runs 20      (a quick run)
//   npm run bench:search -- --keep deskline_bench_kept    (keeps the loaded database under that name
//                                                          and reuses it on the next run with the same name)
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDatabase, INSTANCE_ADMIN, launchInstance } from '../src/test/instances.js';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    'messages-per-ticket': { type: 'string', default: '10' },
    runs: { type: 'string', default: '200' },
    keep: { type: 'string' },
  },
});
const TICKETS = Number(args.tickets);
const MESSAGES_PER_TICKET = Number(args['messages-per-ticket']);
const RUNS = Number(args.runs);
const CUSTOMERS = Math.max(10, Math.round(TICKETS / 10));
const AGENTS = 10;

/** Words of the generated text: made-up ones and a few support words, the first ones commonest. */
function vocabulary(): string[] {
  const support = ['refund', 'invoice', 'password', 'printer', 'login', 'shipping', 'broken', 'account', 'charged', 'twice', 'request', 'delivery'];
  const syllables = ['ka', 'lo', 'mi', 'ter', 'van', 'dus', 'pel', 'ro', 'sin', 'gar', 'fo', 'ne', 'bri', 'tal', 'qua', 'zen'];
  const made = new Set<string>();
  for (let i = 0; made.size < 4000; i++) {
    made.add(syllables[i % 16]! + syllables[Math.floor(i / 16) % 16]! + syllables[Math.floor(i / 256) % 16]!);
  }
  // The support words after the 200 commonest: frequent, as "refund" is at a shop, not everywhere.
  const list = [...made];
  return [...list.slice(0, 200), ...support, ...list.slice(200)];
}

async function load(url: string) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // the database is dropped under it when the bench fails
  await client.connect();
  const words = vocabulary();
  // A random phrase of n words; `seed` ties it to the outer row, so it is drawn again for every row.
  const phrase = (n: number, seed: string) =>
    `(SELECT string_agg(($1::text[])[1 + floor(power(random(), 2) * ${words.length})::int], ' ') FROM generate_series(1, ${n} + 0 * ${seed}))`;
  const step = async (label: string, sql: string, params: unknown[] = [words]) => {
    const started = performance.now();
    await client.query(sql, params);
    console.log(`  ${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };
  console.log('Loading…');
  await step(
    `${CUSTOMERS} customers and ${AGENTS} agents`,
    `INSERT INTO "User" ("id", "name", "email", "role", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, initcap(($1::text[])[1 + g % 4000]) || ' ' || initcap(($1::text[])[1 + (g * 7) % 4000]), 'customer' || g || '@example.test', 'CUSTOMER'::"Role", now(), now()
       FROM generate_series(1, ${CUSTOMERS}) g
     UNION ALL
     SELECT gen_random_uuid()::text, 'Agent ' || g, 'agent' || g || '@example.test', 'AGENT'::"Role", now(), now() FROM generate_series(1, ${AGENTS}) g`,
  );
  await step(
    `${TICKETS} tickets`,
    `WITH customers AS (SELECT array_agg("id" ORDER BY "email") AS ids FROM "User" WHERE "role" = 'CUSTOMER'),
          agents AS (SELECT array_agg("id" ORDER BY "email") AS ids FROM "User" WHERE "role" = 'AGENT'),
          categories AS (SELECT array_agg("id" ORDER BY "slug") AS ids FROM "Category")
     INSERT INTO "Ticket" ("id", "subject", "description", "categoryId", "priority", "status", "customerId", "assigneeId",
                           "lastSeq", "createdAt", "updatedAt", "activityAt", "firstResponseAt", "resolvedAt")
     SELECT gen_random_uuid()::text, ${phrase(5, 'g')}, ${phrase(30, 'g')},
            categories.ids[1 + g % cardinality(categories.ids)],
            (ARRAY['LOW','MEDIUM','HIGH','URGENT'])[1 + g % 4]::"Priority",
            (ARRAY['OPEN','IN_PROGRESS','RESOLVED','CLOSED'])[1 + (g / 3) % 4]::"TicketStatus",
            customers.ids[1 + g % cardinality(customers.ids)],
            CASE WHEN g % 3 = 0 THEN NULL ELSE agents.ids[1 + g % cardinality(agents.ids)] END,
            ${MESSAGES_PER_TICKET}, at, at, at, at + interval '1 hour',
            CASE WHEN (g / 3) % 4 >= 2 THEN at + interval '1 day' END
       FROM generate_series(1, ${TICKETS}) g, customers, agents, categories,
            LATERAL (SELECT now() - (${TICKETS} - g) * interval '5 minutes' AS at) t`,
  );
  await step(
    `${TICKETS * MESSAGES_PER_TICKET} chat messages`,
    `INSERT INTO "Message" ("id", "ticketId", "senderId", "body", "seq", "createdAt")
     SELECT gen_random_uuid()::text, t."id", COALESCE(CASE WHEN s % 2 = 0 THEN t."assigneeId" END, t."customerId"),
            ${phrase(8, 's')}, s, t."createdAt" + s * interval '1 minute'
       FROM "Ticket" t, generate_series(1, ${MESSAGES_PER_TICKET}) s`,
  );
  await step(
    `${Math.round(TICKETS / 5)} replies and notes`,
    `INSERT INTO "Comment" ("id", "ticketId", "authorId", "body", "internal", "seq", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, t."id", COALESCE(t."assigneeId", t."customerId"), ${phrase(12, 't."number"')},
            t."number" % 2 = 0, ${MESSAGES_PER_TICKET} + 1, t."createdAt", t."createdAt"
       FROM "Ticket" t WHERE t."number" % 5 = 0`,
  );
  await client.query(`UPDATE "Ticket" SET "lastSeq" = "lastSeq" + 1 WHERE "number" % 5 = 0`);
  const labels = await client.query(`SELECT to_regclass('"Label"') IS NOT NULL AS present`);
  if (labels.rows[0].present) {
    await step(
      '20 labels on a third of the tickets',
      `WITH made AS (
         INSERT INTO "Label" ("id", "name", "color", "createdAt", "updatedAt")
         SELECT gen_random_uuid()::text, 'label ' || g, '#336699', now(), now() FROM generate_series(1, 20) g RETURNING "id")
       INSERT INTO "TicketLabel" ("ticketId", "labelId")
       SELECT t."id", (SELECT array_agg("id" ORDER BY "id") FROM made)[1 + t."number" % 20] FROM "Ticket" t WHERE t."number" % 3 = 0`,
      [],
    );
  }
  await step('VACUUM ANALYZE', 'VACUUM ANALYZE', []);
  await client.end();
}

/** A ticket halfway down the inbox, its customer's email, a label and an agent: what the searches and filters ask for. */
async function sampleOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const labels = await client.query(`SELECT to_regclass('"Label"') IS NOT NULL AS present`);
  const total = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Ticket"`);
  const sample = await client.query<{ number: number; email: string; label: string | null; agent: string }>(
    `SELECT t."number", u."email", ${labels.rows[0].present ? `(SELECT "id" FROM "Label" ORDER BY "name" LIMIT 1)` : 'NULL'} AS label,
            (SELECT "id" FROM "User" WHERE "role" = 'AGENT' ORDER BY "email" LIMIT 1) AS agent
       FROM "Ticket" t JOIN "User" u ON u."id" = t."customerId" ORDER BY t."number" DESC OFFSET ${Math.floor(TICKETS / 2)} LIMIT 1`,
  );
  await client.end();
  return { ...sample.rows[0]!, tickets: total.rows[0]!.count };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const base = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = args.keep ? await keptDatabase(base, args.keep) : { ...(await createDatabase(base, 'deskline_bench_search')), loaded: false };
  const server = await launchInstance('bench-search', { DATABASE_URL: database.url });
  const stop = () => void server.stop(5_000).finally(() => database.drop().finally(() => process.exit(130)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.waitUntilReady(120_000);
    console.log(
      `Deskline inbox and search benchmark on PostgreSQL: ${TICKETS} tickets, ${TICKETS * MESSAGES_PER_TICKET} messages, ` +
        `${RUNS} runs each (${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`,
    );
    if (database.loaded) console.log(`Reusing the loaded database ${args.keep}`);
    else await load(database.url);
    const sample = await sampleOf(database.url);
    if (sample.tickets !== TICKETS) throw new Error(`${args.keep} holds ${sample.tickets} tickets, not ${TICKETS}: drop it or choose another name`);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(INSTANCE_ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const local = sample.email.split('@')[0]!;
    const cases: [string, string][] = [
      ['inbox (default list)', '/tickets?sort=-activityAt&limit=25'],
      ['status=OPEN,IN_PROGRESS', '/tickets?sort=-activityAt&limit=25&status=OPEN,IN_PROGRESS'],
      ['priority=URGENT', '/tickets?sort=-activityAt&limit=25&priority=URGENT'],
      ['category=billing', '/tickets?sort=-activityAt&limit=25&category=billing'],
      ['assignee=<agent>', `/tickets?sort=-activityAt&limit=25&assignee=${sample.agent}`],
      ['assignee=none', '/tickets?sort=-activityAt&limit=25&assignee=none'],
      ...(sample.label ? ([['label=<label>', `/tickets?sort=-activityAt&limit=25&label=${sample.label}`]] as [string, string][]) : []),
      ['search a word (refund)', '/tickets?q=refund&limit=25'],
      ['search a phrase ("refund request")', `/tickets?q=${encodeURIComponent('"refund request"')}&limit=25`],
      ['search a rare word', '/tickets?q=tersinqua&limit=25'],
      ['search an email', `/tickets?q=${encodeURIComponent(sample.email)}&limit=25`],
      ['search part of an email', `/tickets?q=${encodeURIComponent(local)}&limit=25`],
      ['search a number', `/tickets?q=${encodeURIComponent(`#${sample.number}`)}&limit=25`],
      ['overview', '/stats/overview'],
    ];
    const results: { label: string; p50: number; p99: number; items: string }[] = [];
    for (const [label, route] of cases) {
      const time = async () => {
        const started = performance.now();
        const res = await fetch(`${server.url}/api${route}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { items?: unknown[] };
        if (res.status !== 200) throw new Error(`${route}: ${res.status} ${JSON.stringify(body)}`);
        return { ms: performance.now() - started, items: body.items?.length };
      };
      for (let i = 0; i < 5; i++) await time(); // warm up
      const samples: number[] = [];
      let items: number | undefined;
      for (let i = 0; i < RUNS; i++) {
        const run = await time();
        samples.push(run.ms);
        items = run.items;
      }
      samples.sort((a, b) => a - b);
      results.push({ label, p50: percentile(samples, 50), p99: percentile(samples, 99), items: items === undefined ? '' : String(items) });
    }
    const width = Math.max(...results.map((r) => r.label.length));
    console.log(`\n| ${'request'.padEnd(width)} | p50 ms | p99 ms | items |`);
    console.log(`| ${'-'.repeat(width)} | -----: | -----: | ----: |`);
    for (const r of results) {
      console.log(`| ${r.label.padEnd(width)} | ${r.p50.toFixed(1).padStart(6)} | ${r.p99.toFixed(1).padStart(6)} | ${r.items.padStart(5)} |`);
    }
    // Others' work on the machine moves the tail: the load at both ends says how much.
    console.log(`\nLoad average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await server.stop(5_000);
    if (!args.keep) await database.drop();
  }
}

/** The database named `name`, made now if it is not there; `loaded` once a run has filled it. */
async function keptDatabase(base: string, name: string): Promise<{ url: string; loaded: boolean; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--keep takes a plain database name, not "${name}"`);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount! > 0;
    if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const tickets = await client
    .query<{ count: number }>(`SELECT count(*)::int AS count FROM "Ticket"`)
    .then((r) => r.rows[0]!.count, () => 0);
  await client.end();
  return { url: url.toString(), loaded: tickets > 0, drop: async () => {} };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
