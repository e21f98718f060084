// Cluster chat benchmark: two real Deskline instances in their own processes on one PostgreSQL (a
// fresh database, dropped afterwards) and one Redis, N customers on instance A and M admins on
// instance B over real sockets, messages at a target rate. Every message crosses Redis: a
// customer's is stored by A and heard by the admins on B, an admin's reply is stored by B and
// heard by its customer on A. Prints the same figures as bench:chat: sockets held, stored and
// delivered messages/s, end-to-end latency (send → every recipient), lost and duplicated
// deliveries, and each instance's RSS.
//
//   npm run bench:cluster -- --customers 2000 --admins 10 --rate 500 --duration 20
//   npm run bench:cluster -- --find-max          (raises the rate until p99 or losses give out)
//
// PostgreSQL: DATABASE_URL, else TEST_DATABASE_URL (a server where a database may be created).
// Redis: REDIS_URL, else TEST_REDIS_URL, else redis://127.0.0.1:6379.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createDatabase, INSTANCE_ADMIN, launchInstance, type InstanceProcess } from '../src/test/instances.js';
import { benchArgs, disconnectAll, runRounds, setUp } from './load.js';

const args = benchArgs();
const databaseBase = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function startCluster() {
  if (!databaseBase) throw new Error('Set DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server where the benchmark may create a database.');
  const database = await createDatabase(databaseBase, 'deskline_bench');
  const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, REDIS_PREFIX: `deskline-bench-${randomUUID().slice(0, 8)}` };
  const instances: InstanceProcess[] = [];
  const cleanup = async () => {
    await Promise.all(instances.map((i) => i.stop(5_000)));
    await database.drop().catch((error) => console.error(`Could not drop the benchmark database: ${(error as Error).message}`));
  };
  try {
    instances.push(await launchInstance('bench-a', env), await launchInstance('bench-b', env));
    await Promise.all(instances.map((i) => i.waitUntilReady(120_000)));
  } catch (error) {
    await cleanup();
    throw error;
  }
  const [a, b] = instances as [InstanceProcess, InstanceProcess];
  return { a, b, cleanup };
}

const mb = (instance: InstanceProcess) => {
  const rss = instance.rssMb();
  return rss === undefined ? 'n/a' : `${rss.toFixed(0)} MB`;
};

async function main() {
  const cluster = await startCluster();
  const stop = () => void cluster.cleanup().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(
    `Deskline cluster chat benchmark: 2 instances on PostgreSQL + Redis, A ${cluster.a.url}, B ${cluster.b.url} ` +
      `(load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs)`,
  );
  try {
    const env = await setUp({
      customersUrl: cluster.a.url,
      adminsUrl: cluster.b.url,
      admin: INSTANCE_ADMIN,
      customers: Number(args.customers),
      admins: Number(args.admins),
    });
    console.log(`Sockets held: ${env.customers.length + env.admins.length} (${env.customers.length} customers on A, ${env.admins.length} admins on B)`);
    await runRounds(env, args);
    console.log(`Instance RSS: A ${mb(cluster.a)}, B ${mb(cluster.b)} (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    disconnectAll(env);
  } finally {
    await cluster.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
