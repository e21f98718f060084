// Chat benchmark: one real Deskline server in its own process (PGlite, or PostgreSQL with
// DATABASE_URL), N customers and M admins on real sockets over loopback, messages at a target
// rate. Prints sockets held, stored and delivered messages/s, end-to-end latency (send → every
// recipient), lost and duplicated deliveries, and the server's RSS.
//
//   npm run bench:chat -- --customers 2000 --admins 10 --rate 500 --duration 20
//   npm run bench:chat -- --find-max            (raises the rate until p99 or losses give out)
import os from 'node:os';
import { INSTANCE_ADMIN, launchInstance } from '../src/test/instances.js';
import { benchArgs, disconnectAll, runRounds, setUp } from './load.js';

async function main() {
  const args = benchArgs();
  const databaseUrl = process.env.DATABASE_URL;
  const server = await launchInstance('bench', databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const stop = () => void server.stop(5_000).finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.waitUntilReady(120_000);
    console.log(
      `Deskline chat benchmark on ${databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)'}, server ${server.url} ` +
        `(load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs)`,
    );
    const env = await setUp({
      customersUrl: server.url,
      adminsUrl: server.url,
      admin: INSTANCE_ADMIN,
      customers: Number(args.customers),
      admins: Number(args.admins),
    });
    console.log(`Sockets held: ${env.customers.length + env.admins.length} (${env.customers.length} customers, ${env.admins.length} admins)`);
    await runRounds(env, args);
    const rss = server.rssMb();
    console.log(`Server RSS: ${rss === undefined ? 'n/a' : `${rss.toFixed(0)} MB`}`);
    disconnectAll(env);
  } finally {
    await server.stop(5_000);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
