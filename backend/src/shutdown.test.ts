// Graceful shutdown: readiness turns 503, requests in flight finish, sockets are told to go.
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.js';

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serverWithTicket() {
  const server = await startTestServer();
  servers.push(server);
  const customer = await server.createUser();
  const ticket = (await server.api('POST', '/tickets', { token: customer.token, body: { subject: 'Big file', description: 'x', category: 'general' } })).body;
  return { server, customer, ticket };
}

describe('graceful shutdown', () => {
  it('answers liveness always and readiness only while serving', async () => {
    const { server } = await serverWithTicket();
    expect((await server.api('GET', '/health/live')).status).toBe(200);
    expect((await server.api('GET', '/health/ready')).body).toEqual({ ok: true, db: 'up' });
    server.ctx.lifecycle.draining = true;
    const draining = await server.api('GET', '/health/ready');
    expect(draining.status).toBe(503);
    expect(draining.body.error.code).toBe('SHUTTING_DOWN');
    expect((await server.api('GET', '/health/live')).status).toBe(200);
    server.ctx.lifecycle.draining = false;
  });

  it('lets a download in flight finish, disconnects sockets, and refuses new connections', async () => {
    const { server, customer, ticket } = await serverWithTicket();
    const bytes = Buffer.alloc(8 * 1024 * 1024, 'a');
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'text/plain' }), 'big.txt');
    const attachment = (await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: customer.token, body: form })).body;

    const socket = connect(server.url, { auth: { token: customer.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const told = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const download = await fetch(`${server.url}/api/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${customer.token}` } });
    const reader = download.body!.getReader();
    const first = await reader.read(); // the response has started: it is in flight
    const closing = server.close({ graceMs: 10_000 });

    expect(await told).toBe('io server disconnect');
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    let received = first.value?.length ?? 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value.length;
    expect(received).toBe(bytes.length);
    await closing;
  });
});
