import { it } from 'vitest';
import { createPostgresSchema, startTestServer } from './harness.js';
import { startTcpProxy, targetOf } from './tcp-proxy.js';

it('exp', { timeout: 120_000 }, async () => {
  const url = process.env.TEST_DATABASE_URL!;
  const proxy = await startTcpProxy(targetOf(url, 5432));
  const schema = await createPostgresSchema();
  const server = await startTestServer({ database: { kind: 'postgres', url: proxy.urlFor(url), schema: schema.schema } });
  const user = await server.createUser();
  const t = (await server.api('POST', '/tickets', { token: user.token, body: { subject: 'abc', description: 'x', category: 'general' } })).body;
  for (const mode of ['refuse', 'blackhole'] as const) {
    proxy.cut(mode);
    for (let i = 0; i < 4; i++) {
      for (const [m, p, body] of [['GET', `/tickets/${t.id}`], ['GET', '/health'], ['POST', `/tickets/${t.id}/messages`, { body: 'hi' }], ['GET', '/categories']] as const) {
        const s = performance.now();
        const r = await server.api(m, p, { token: user.token, body });
        console.log(mode, m, p, r.status, JSON.stringify(r.body).slice(0, 120), (performance.now() - s).toFixed(0), 'ms');
      }
    }
    proxy.restore();
    const s = performance.now();
    const r = await server.api('GET', `/tickets/${t.id}`, { token: user.token });
    console.log('restored', r.status, (performance.now() - s).toFixed(0));
  }
  await server.close(); await schema.drop(); await proxy.close();
});
