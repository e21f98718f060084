import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { AttachmentJson, MessageJson } from '@deskline/contract';

let server: TestServer;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent Smith');
  alice = await server.createUser('CUSTOMER', 'Alice');
  bob = await server.createUser('CUSTOMER', 'Bob');
});
afterAll(() => server?.close());

async function openTicket(owner: TestUser) {
  const res = await server.api('POST', '/tickets', {
    token: owner.token,
    body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: number };
}

describe('chat messages', () => {
  it('stores a message once per clientId and returns the stored one on retry', async () => {
    const ticket = await openTicket(alice);
    const first = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body: { body: 'Hello?', clientId: 'c-1' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ticketId: ticket.id, body: 'Hello?', clientId: 'c-1', readAt: null, sender: { id: alice.id, role: 'CUSTOMER' } });
    const retry = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body: { body: 'Hello?', clientId: 'c-1' } });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const list = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token });
    expect(list.body.items).toHaveLength(1);
  });

  it('stores concurrent retries of one clientId exactly once', async () => {
    const ticket = await openTicket(alice);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body: { body: 'race', clientId: 'same-id' } }),
      ),
    );
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const list = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: admin.token });
    expect(list.body.items).toHaveLength(1);
  });

  it('a clientId reused on another ticket is a 409, not a silent mix-up', async () => {
    const one = await openTicket(alice);
    const two = await openTicket(alice);
    await server.api('POST', `/tickets/${one.id}/messages`, { token: alice.token, body: { body: 'a', clientId: 'reuse' } });
    const res = await server.api('POST', `/tickets/${two.id}/messages`, { token: alice.token, body: { body: 'b', clientId: 'reuse' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CLIENT_ID_REUSED');
  });

  it('returns only newer messages with after=, oldest first, and pages without gaps', async () => {
    const ticket = await openTicket(alice);
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) {
      const who = i % 2 === 0 ? alice : admin;
      const res = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: who.token, body: { body: `m${i}` } });
      sent.push(res.body.id);
    }
    const after = await server.api('GET', `/tickets/${ticket.id}/messages?after=${sent[2]}`, { token: alice.token });
    expect(after.body.items.map((m: { id: string }) => m.id)).toEqual(sent.slice(3));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await server.api('GET', `/tickets/${ticket.id}/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: alice.token });
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(sent);
  });

  it('never misses a message with after= polling while others are being sent concurrently', async () => {
    const ticket = await openTicket(alice);
    const sending = Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        server.api('POST', `/tickets/${ticket.id}/messages`, { token: i % 2 ? admin.token : alice.token, body: { body: `x${i}`, clientId: `poll-${i}` } }),
      ),
    );
    const seen: string[] = [];
    let last: string | undefined;
    let done = false;
    void sending.then(() => (done = true));
    for (let rounds = 0; rounds < 500; rounds++) {
      const wasDone = done;
      const res: any = await server.api('GET', `/tickets/${ticket.id}/messages?limit=100${last ? `&after=${last}` : ''}`, { token: alice.token });
      for (const m of res.body.items) seen.push(m.id);
      last = seen[seen.length - 1] ?? last;
      if (wasDone && res.body.items.length === 0) break;
    }
    const stored = (await sending).map((r) => r.body.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...stored].sort());
  });

  it('refuses chat on a CLOSED ticket with 409', async () => {
    const ticket = await openTicket(alice);
    await server.api('PATCH', `/tickets/${ticket.id}`, { token: alice.token, body: { status: 'CLOSED' } });
    const res = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'too late' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('TICKET_CLOSED');
  });

  it("counts unread per side and marks the other side's messages read", async () => {
    const ticket = await openTicket(alice);
    const fromAdmin1 = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'hi' } });
    await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'there?' } });
    await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body: { body: 'yes' } });

    const aliceCounts = await server.api('GET', '/messages/unread-count', { token: alice.token });
    expect(aliceCounts.body.byTicket[ticket.id]).toBe(2);
    const asTicket = await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(asTicket.body.unreadCount).toBe(2);
    const adminView = await server.api('GET', `/tickets/${ticket.id}`, { token: admin.token });
    expect(adminView.body.unreadCount).toBe(1);

    expect((await server.api('POST', `/tickets/${ticket.id}/read`, { token: alice.token, body: { upTo: fromAdmin1.body.id } })).status).toBe(204);
    expect((await server.api('GET', '/messages/unread-count', { token: alice.token })).body.byTicket[ticket.id]).toBe(1);
    const list = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token });
    expect(list.body.items[0].readAt).not.toBeNull();
    expect(list.body.items[1].readAt).toBeNull();
    // Reading never marks one's own messages.
    expect(list.body.items[2].readAt).toBeNull();
  });

  it("customer B gets 404 for customer A's messages, and cannot post or mark read there", async () => {
    const ticket = await openTicket(alice);
    const msg = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body: { body: 'private' } });
    expect((await server.api('GET', `/tickets/${ticket.id}/messages`, { token: bob.token })).status).toBe(404);
    expect((await server.api('POST', `/tickets/${ticket.id}/messages`, { token: bob.token, body: { body: 'hi' } })).status).toBe(404);
    expect((await server.api('POST', `/tickets/${ticket.id}/read`, { token: bob.token, body: { upTo: msg.body.id } })).status).toBe(404);
    expect((await server.api('GET', '/messages/unread-count', { token: bob.token })).body.byTicket[ticket.id]).toBeUndefined();
  });

  it('validates message bodies', async () => {
    const ticket = await openTicket(alice);
    for (const body of [{}, { body: '' }, { body: 'x'.repeat(5001) }, { body: 42 }, { body: 'ok', clientId: 'has space' }, { body: 'ok', extra: 1 }]) {
      const res = await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const bad = await server.api('GET', `/tickets/${ticket.id}/messages?after=nope`, { token: alice.token });
    expect(bad.status).toBe(400);
  });

  it('a message carries files its sender uploaded to the ticket, shown in the chat and on the ticket', async () => {
    const ticket = await openTicket(alice);
    const file = await uploadText(ticket.id, alice, 'receipt.txt');
    const sent = await server.api<MessageJson>('POST', `/tickets/${ticket.id}/messages`, {
      token: alice.token,
      body: { attachmentIds: [file.id], clientId: 'with-file' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.body).toBe('');
    expect(sent.body.attachments).toEqual([expect.objectContaining({ id: file.id, filename: 'receipt.txt', messageId: sent.body.id })]);
    // A resend under the same clientId is the stored message, files included.
    const again = await server.api<MessageJson>('POST', `/tickets/${ticket.id}/messages`, {
      token: alice.token,
      body: { attachmentIds: [file.id], clientId: 'with-file' },
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(sent.body.id);
    const list = await server.api('GET', `/tickets/${ticket.id}/messages`, { token: admin.token });
    expect(list.body.items[0].attachments.map((a: AttachmentJson) => a.id)).toEqual([file.id]);
    const seen = await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(seen.body.attachments).toEqual([expect.objectContaining({ id: file.id, messageId: sent.body.id })]);
    // The agent answers with a file of their own and a few words.
    const reply = await uploadText(ticket.id, admin, 'steps.txt');
    const answer = await server.api<MessageJson>('POST', `/tickets/${ticket.id}/messages`, {
      token: admin.token,
      body: { body: 'Try these steps', attachmentIds: [reply.id] },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.attachments.map((a) => a.filename)).toEqual(['steps.txt']);
  });

  it("refuses files that are someone else's, on another ticket, or sent already, and a message with neither text nor files", async () => {
    const ticket = await openTicket(alice);
    const other = await openTicket(alice);
    const mine = await uploadText(ticket.id, alice, 'a.txt');
    const agents = await uploadText(ticket.id, admin, 'b.txt');
    const elsewhere = await uploadText(other.id, alice, 'c.txt');
    const send = (body: object, who = alice) => server.api('POST', `/tickets/${ticket.id}/messages`, { token: who.token, body });
    for (const ids of [[agents.id], [elsewhere.id], ['no-such-file'], [mine.id, agents.id]]) {
      const res = await send({ body: 'see', attachmentIds: ids });
      expect(res.status, JSON.stringify(ids)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await send({ attachmentIds: [mine.id] })).status).toBe(201);
    const twice = await send({ attachmentIds: [mine.id] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([expect.objectContaining({ path: 'attachmentIds.0' })]);
    const empty = await send({ attachmentIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toEqual([expect.objectContaining({ path: 'body' })]);
    // Bob cannot send Alice's file to her ticket, nor see that it exists.
    expect((await send({ attachmentIds: [mine.id] }, bob)).status).toBe(404);
  });
});

async function uploadText(ticketId: string, who: TestUser, filename: string): Promise<AttachmentJson> {
  const form = new FormData();
  form.append('file', new Blob(['plain words'], { type: 'text/plain' }), filename);
  const res = await server.api<AttachmentJson>('POST', `/tickets/${ticketId}/attachments`, { token: who.token, body: form });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
