import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent, DomainEventMap } from '../events.js';
import { startTestServer, type TestServer, type TestUser, unsigned } from '../test/harness.js';

let server: TestServer;
let admin: TestUser;
let otherAdmin: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent Smith');
  otherAdmin = await server.createUser('ADMIN', 'Agent Jones');
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

async function comment(ticketId: string, who: TestUser, body: string, internal?: boolean) {
  const res = await server.api('POST', `/tickets/${ticketId}/comments`, {
    token: who.token,
    body: internal === undefined ? { body } : { body, internal },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; body: string; internal: boolean };
}

/** Walks every page of a ticket's comments as `who`, returning ids and the pages' sizes. */
async function readAllPages(ticketId: string, who: TestUser, limit: number) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await server.api('GET', `/tickets/${ticketId}/comments?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {
      token: who.token,
    });
    expect(page.status).toBe(200);
    ids.push(...page.body.items.map((c: { id: string }) => c.id));
    sizes.push(page.body.items.length);
    cursor = page.body.nextCursor;
  } while (cursor);
  return { ids, sizes };
}

/** Records the domain events of one kind published while `run` runs. */
async function captureEvents<E extends DomainEvent>(event: E, run: () => Promise<unknown>) {
  const seen: DomainEventMap[E][] = [];
  const off = server.ctx.events.on(event, (payload) => seen.push(payload));
  try {
    await run();
  } finally {
    off();
  }
  return seen;
}

describe('comments', () => {
  it('creates a comment and returns it in the contract shape', async () => {
    const ticket = await openTicket(alice);
    const res = await server.api('POST', `/tickets/${ticket.id}/comments`, { token: alice.token, body: { body: '  It still smokes  ' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      ticketId: ticket.id,
      author: { id: alice.id, name: 'Alice', role: 'CUSTOMER', avatarUrl: null },
      body: 'It still smokes',
      internal: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
  });

  it('lists comments oldest first, interleaved with chat, and pages without gaps or duplicates', async () => {
    const ticket = await openTicket(alice);
    const written: string[] = [];
    for (let i = 0; i < 7; i++) {
      const who = i % 2 === 0 ? alice : admin;
      written.push((await comment(ticket.id, who, `c${i}`)).id);
      // Chat takes positions in the same stream: comment positions have gaps the cursor must cope with.
      await server.api('POST', `/tickets/${ticket.id}/messages`, { token: who.token, body: { body: `m${i}` } });
    }
    const all = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: alice.token });
    expect(all.body.items.map((c: { body: string }) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(all.body.nextCursor).toBeNull();
    const paged = await readAllPages(ticket.id, alice, 3);
    expect(paged.ids).toEqual(written);
    expect(paged.sizes).toEqual([3, 3, 1]);
  });

  it('defaults to 20 per page and refuses limits outside 1–100 and foreign cursors', async () => {
    const ticket = await openTicket(alice);
    for (let i = 0; i < 21; i++) await comment(ticket.id, alice, `n${i}`);
    const first = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: alice.token });
    expect(first.body.items).toHaveLength(20);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await server.api('GET', `/tickets/${ticket.id}/comments?cursor=${first.body.nextCursor}`, { token: alice.token });
    expect(rest.body.items.map((c: { body: string }) => c.body)).toEqual(['n20']);
    expect(rest.body.nextCursor).toBeNull();

    const foreignCursor = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'x'])).toString('base64url');
    const fractionalCursor = Buffer.from(JSON.stringify([1.5])).toString('base64url');
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=not-a-cursor', `cursor=${foreignCursor}`, `cursor=${fractionalCursor}`]) {
      const res = await server.api('GET', `/tickets/${ticket.id}/comments?${query}`, { token: alice.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('pages without gaps or duplicates while comments are being added concurrently', async () => {
    const ticket = await openTicket(alice);
    for (let i = 0; i < 5; i++) await comment(ticket.id, alice, `before-${i}`);
    const writing = Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.api('POST', `/tickets/${ticket.id}/comments`, {
          token: i % 3 === 0 ? alice.token : admin.token,
          body: { body: `during-${i}`, internal: i % 3 === 2 },
        }),
      ),
    );
    // Read page by page, as the customer, while the writes are landing.
    const during = await readAllPages(ticket.id, alice, 3);
    const results = await writing;
    expect(results.every((r) => r.status === 201)).toBe(true);

    const finalView = await readAllPages(ticket.id, alice, 4);
    const publicIds = results.filter((r) => !r.body.internal).map((r) => r.body.id as string);
    expect(new Set(finalView.ids).size).toBe(finalView.ids.length);
    expect(finalView.ids).toHaveLength(5 + publicIds.length);
    expect(finalView.ids).toEqual(expect.arrayContaining(publicIds));
    // Positions commit in order, so whatever a reader saw mid-way is a prefix of the final timeline.
    expect(new Set(during.ids).size).toBe(during.ids.length);
    expect(during.ids).toEqual(finalView.ids.slice(0, during.ids.length));
    // Internal notes are filtered out in the query, so every page but the last is full.
    expect(finalView.sizes.slice(0, -1).every((n) => n === 4)).toBe(true);

    const adminView = await readAllPages(ticket.id, admin, 7);
    expect(adminView.ids).toHaveLength(35);
  });

  it('hides internal notes from the customer in the list, and answers 404 when they try to edit or delete one', async () => {
    const ticket = await openTicket(alice);
    const visible = await comment(ticket.id, alice, 'Any news?');
    const note = await comment(ticket.id, admin, 'Customer seems upset; escalate', true);
    const reply = await comment(ticket.id, admin, 'We are on it', false);
    expect(note.internal).toBe(true);

    const customerView = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: alice.token });
    expect(customerView.body.items.map((c: { id: string }) => c.id)).toEqual([visible.id, reply.id]);
    const customerPages = await readAllPages(ticket.id, alice, 1);
    expect(customerPages.ids).toEqual([visible.id, reply.id]);
    const adminView = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: admin.token });
    expect(adminView.body.items.map((c: { id: string }) => c.id)).toEqual([visible.id, note.id, reply.id]);

    const edit = await server.api('PATCH', `/comments/${note.id}`, { token: alice.token, body: { body: 'changed' } });
    expect(edit.status).toBe(404);
    expect(edit.body.error.code).toBe('NOT_FOUND');
    const remove = await server.api('DELETE', `/comments/${note.id}`, { token: alice.token });
    expect(remove.status).toBe(404);
    // And a public comment of the support team is visible, so it is a 403 there, not a 404.
    expect((await server.api('PATCH', `/comments/${reply.id}`, { token: alice.token, body: { body: 'changed' } })).status).toBe(403);
    const stillThere = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: admin.token });
    expect(stillThere.body.items.map((c: { body: string }) => c.body)).toEqual(['Any news?', 'Customer seems upset; escalate', 'We are on it']);
  });

  it("an internal note changes nothing the customer can see, and moves the team's activity time", async () => {
    const carol = await server.createUser('CUSTOMER', 'Carol');
    const older = await openTicket(carol);
    await openTicket(carol);
    const asCarol = async (path: string) => {
      const res = await fetch(`${server.url}/api${path}`, { headers: { authorization: `Bearer ${carol.token}` } });
      expect(res.status, path).toBe(200);
      return res.text();
    };
    const customerViews = async () =>
      unsigned({
        byUpdate: await asCarol('/tickets?sort=-updatedAt'),
        byUpdateAscending: await asCarol('/tickets?sort=updatedAt'),
        newestFirst: await asCarol('/tickets'),
        ticket: await asCarol(`/tickets/${older.id}`),
        comments: await asCarol(`/tickets/${older.id}/comments`),
      });
    const adminTicket = async () => (await server.api('GET', `/tickets/${older.id}`, { token: admin.token })).body;
    const socket = connectSocket(server.url, { auth: { token: carol.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
      expect((await socket.emitWithAck('ticket:join', older.id)).ok).toBe(true);
      const heard: string[] = [];
      socket.onAny((event: string) => heard.push(event));
      const before = await customerViews();
      const adminBefore = await adminTicket();
      expect(JSON.parse(before.byUpdate).items.map((t: { id: string }) => t.id)[1]).toBe(older.id);

      await comment(older.id, admin, 'Customer seems upset, handle with care', true);

      expect(await customerViews()).toEqual(before);
      expect(JSON.parse(before.ticket)).not.toHaveProperty('activityAt');
      const adminAfter = await adminTicket();
      expect(adminAfter.updatedAt).toBe(adminBefore.updatedAt);
      expect(Date.parse(adminAfter.activityAt)).toBeGreaterThan(Date.parse(adminBefore.activityAt));
      const byActivity = (await server.api('GET', '/tickets?sort=-activityAt&limit=100', { token: admin.token })).body.items;
      expect(byActivity[0].id).toBe(older.id);
      // Sorting by the team's activity time would reveal it: refused to customers.
      const refused = await server.api('GET', '/tickets?sort=-activityAt', { token: carol.token });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'query.sort' }] });

      // The next thing the customer's socket hears is the team's public reply: nothing came before it.
      const reply = new Promise((resolve) => socket.once('comment:new', resolve));
      await comment(older.id, admin, 'We are on it');
      await reply;
      expect(heard[0]).toBe('comment:new');
      const afterReply = await adminTicket();
      expect(Date.parse(afterReply.updatedAt)).toBeGreaterThan(Date.parse(adminBefore.updatedAt));
      expect(afterReply.activityAt).toBe(afterReply.updatedAt);
    } finally {
      socket.close();
    }
  });

  it('refuses an internal note from a customer with 403 and stores nothing', async () => {
    const ticket = await openTicket(alice);
    const res = await server.api('POST', `/tickets/${ticket.id}/comments`, { token: alice.token, body: { body: 'secret', internal: true } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const list = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: admin.token });
    expect(list.body.items).toEqual([]);
    // internal: false is simply the default, and allowed.
    expect((await comment(ticket.id, alice, 'public', false)).internal).toBe(false);
  });

  it("customer B gets 404 for customer A's ticket comments: list, create, edit and delete", async () => {
    const ticket = await openTicket(alice);
    const own = await comment(ticket.id, alice, 'private to Alice');
    const fromAdmin = await comment(ticket.id, admin, 'reply to Alice');
    const expect404 = async (method: string, path: string, body?: unknown) => {
      const res = await server.api(method, path, { token: bob.token, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    };
    await expect404('GET', `/tickets/${ticket.id}/comments`);
    await expect404('POST', `/tickets/${ticket.id}/comments`, { body: 'hi' });
    await expect404('POST', `/tickets/${ticket.id}/comments`, { body: 'hi', internal: true });
    await expect404('PATCH', `/comments/${own.id}`, { body: 'hijacked' });
    await expect404('DELETE', `/comments/${own.id}`);
    await expect404('DELETE', `/comments/${fromAdmin.id}`);
    // Missing ids look exactly the same.
    await expect404('GET', '/tickets/no-such-ticket/comments');
    await expect404('PATCH', '/comments/no-such-comment', { body: 'x' });
    await expect404('DELETE', '/comments/no-such-comment');
    const list = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: alice.token });
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['private to Alice', 'reply to Alice']);
  });

  it('lets only the author edit a comment', async () => {
    const ticket = await openTicket(alice);
    const mine = await comment(ticket.id, alice, 'frist');
    const staff = await comment(ticket.id, admin, 'Looking into it');

    const edited = await server.api('PATCH', `/comments/${mine.id}`, { token: alice.token, body: { body: 'first' } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: mine.id, body: 'first', internal: false, author: { id: alice.id } });
    expect(new Date(edited.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(edited.body.createdAt).getTime());

    for (const [who, id] of [
      [admin, mine.id],
      [alice, staff.id],
      [otherAdmin, staff.id],
    ] as const) {
      const res = await server.api('PATCH', `/comments/${id}`, { token: who.token, body: { body: 'not yours' } });
      expect(res.status, `${who.name} editing`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    const list = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: alice.token });
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['first', 'Looking into it']);
  });

  it("lets the author or any admin delete a comment, but not a customer deleting the team's", async () => {
    const ticket = await openTicket(alice);
    const mine = await comment(ticket.id, alice, 'delete me myself');
    const customers = await comment(ticket.id, alice, 'an admin will delete this');
    const staff = await comment(ticket.id, admin, 'from the team');
    const note = await comment(ticket.id, admin, 'internal', true);

    const forbidden = await server.api('DELETE', `/comments/${staff.id}`, { token: alice.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');

    expect((await server.api('DELETE', `/comments/${mine.id}`, { token: alice.token })).status).toBe(204);
    expect((await server.api('DELETE', `/comments/${customers.id}`, { token: admin.token })).status).toBe(204);
    expect((await server.api('DELETE', `/comments/${staff.id}`, { token: otherAdmin.token })).status).toBe(204);
    expect((await server.api('DELETE', `/comments/${note.id}`, { token: otherAdmin.token })).status).toBe(204);
    expect((await server.api('DELETE', `/comments/${mine.id}`, { token: alice.token })).status).toBe(404);

    const list = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: admin.token });
    expect(list.body.items).toEqual([]);
  });

  it('keeps comments open on a CLOSED ticket', async () => {
    const ticket = await openTicket(alice);
    await server.api('PATCH', `/tickets/${ticket.id}`, { token: alice.token, body: { status: 'CLOSED' } });
    const added = await comment(ticket.id, admin, 'Closing note');
    const edited = await server.api('PATCH', `/comments/${added.id}`, { token: admin.token, body: { body: 'Closing note, edited' } });
    expect(edited.status).toBe(200);
  });

  it('publishes comment.created, comment.updated and comment.deleted with the comment and its ticket', async () => {
    const ticket = await openTicket(alice);
    let created!: { id: string };
    const createdEvents = await captureEvents('comment.created', async () => {
      created = await comment(ticket.id, admin, 'note', true);
    });
    expect(createdEvents).toHaveLength(1);
    expect(createdEvents[0]).toMatchObject({ comment: { id: created.id, internal: true, body: 'note' }, ticket: { id: ticket.id } });

    const updatedEvents = await captureEvents('comment.updated', () =>
      server.api('PATCH', `/comments/${created.id}`, { token: admin.token, body: { body: 'note v2' } }),
    );
    expect(updatedEvents).toHaveLength(1);
    expect(updatedEvents[0]).toMatchObject({ comment: { id: created.id, body: 'note v2' }, ticket: { id: ticket.id } });

    const refused = await captureEvents('comment.deleted', () => server.api('DELETE', `/comments/${created.id}`, { token: alice.token }));
    expect(refused).toEqual([]);
    const deletedEvents = await captureEvents('comment.deleted', () => server.api('DELETE', `/comments/${created.id}`, { token: admin.token }));
    expect(deletedEvents).toHaveLength(1);
    expect(deletedEvents[0]).toMatchObject({ comment: { id: created.id, internal: true }, ticket: { id: ticket.id } });
  });

  it('answers malformed comment bodies with 400 in the contract error shape', async () => {
    const ticket = await openTicket(alice);
    const accepted = await comment(ticket.id, alice, 'x'.repeat(10_000));
    const cases: [unknown, string][] = [
      [{}, 'body'],
      [{ body: '' }, 'body'],
      [{ body: '   ' }, 'body'],
      [{ body: 'x'.repeat(10_001) }, 'body'],
      [{ body: 42 }, 'body'],
      [{ body: null }, 'body'],
      [{ body: 'nul \u0000 inside' }, 'body'],
      [{ body: 'ok', internal: 'yes' }, 'internal'],
      [{ body: 'ok', extra: 1 }, 'extra'],
      [['body'], ''],
    ];
    for (const [body, path] of cases) {
      const res = await server.api('POST', `/tickets/${ticket.id}/comments`, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: expect.any(Array) });
      expect(res.body.error.details[0]).toEqual({ path, message: expect.any(String) });
    }
    for (const body of [{}, { body: '' }, { body: 'x'.repeat(10_001) }, { body: 'ok', internal: true }, { body: 'a\u0000b' }]) {
      const res = await server.api('PATCH', `/comments/${accepted.id}`, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const notJson = await server.api('POST', `/tickets/${ticket.id}/comments`, {
      token: alice.token,
      raw: '{"body":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_JSON');
    const list = await server.api('GET', `/tickets/${ticket.id}/comments`, { token: alice.token });
    expect(list.body.items).toHaveLength(1);
  });

  it('requires a token', async () => {
    const ticket = await openTicket(alice);
    expect((await server.api('GET', `/tickets/${ticket.id}/comments`)).status).toBe(401);
    expect((await server.api('POST', `/tickets/${ticket.id}/comments`, { body: { body: 'anon' } })).status).toBe(401);
  });

  it('removes the comments of a deleted ticket', async () => {
    const ticket = await openTicket(alice);
    const a = await comment(ticket.id, alice, 'one');
    const b = await comment(ticket.id, admin, 'two', true);
    expect((await server.api('DELETE', `/tickets/${ticket.id}`, { token: alice.token })).status).toBe(204);
    expect(await server.ctx.db.comment.count({ where: { id: { in: [a.id, b.id] } } })).toBe(0);
    expect((await server.api('GET', `/tickets/${ticket.id}/comments`, { token: admin.token })).status).toBe(404);
    expect((await server.api('PATCH', `/comments/${a.id}`, { token: alice.token, body: { body: 'x' } })).status).toBe(404);
    expect((await server.api('DELETE', `/comments/${b.id}`, { token: admin.token })).status).toBe(404);
  });
});
