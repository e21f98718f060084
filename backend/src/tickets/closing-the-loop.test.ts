// Closing the loop: a customer's reply reopens a resolved or closed ticket within the reopen window
// and starts a linked follow-up after it; each resolution is rated once by the ticket's customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let admin: TestUser;
let agent: TestUser;
let customer: TestUser;
let other: TestUser;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN');
  agent = await server.createUser('AGENT');
  customer = await server.createUser('CUSTOMER', 'Rita');
  other = await server.createUser('CUSTOMER', 'Otto');
});
afterAll(() => server?.close());

async function openTicket(owner = customer, subject = 'Parcel never came') {
  const res = await server.api('POST', '/tickets', { token: owner.token, body: { subject, description: 'Ordered a week ago', category: 'billing' } });
  expect(res.status).toBe(201);
  return res.body as { id: string; number: number };
}

async function setStatus(id: string, status: string) {
  const res = await server.api('PATCH', `/tickets/${id}`, { token: admin.token, body: { status } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Moves the ticket's resolution `days` into the past, as if the customer came back that late. */
async function resolvedDaysAgo(id: string, days: number) {
  await server.ctx.db.ticket.update({ where: { id }, data: { resolvedAt: new Date(Date.now() - days * DAY) } });
}

const reply = (id: string, body: string, who = customer, clientId?: string) =>
  server.api('POST', `/tickets/${id}/messages`, { token: who.token, body: { body, ...(clientId ? { clientId } : {}) } });
const getTicket = async (id: string, who: TestUser = customer) => (await server.api('GET', `/tickets/${id}`, { token: who.token })).body;

describe('reopening by replying', () => {
  it.each(['RESOLVED', 'CLOSED'])('a reply within the window reopens a %s ticket, and the reply is on it', async (status) => {
    const ticket = await openTicket();
    const resolved = await setStatus(ticket.id, status);
    expect(resolved).toMatchObject({ awaitingRating: true, linkedTicket: null });
    expect(Date.parse(resolved.reopenUntil) - Date.now()).toBeGreaterThan(6.9 * DAY);
    const res = await reply(ticket.id, 'Still broken, sorry');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.ticketId).toBe(ticket.id);
    expect(await getTicket(ticket.id)).toMatchObject({ status: 'OPEN', reopenUntil: null, awaitingRating: false });
    const messages = (await server.api('GET', `/tickets/${ticket.id}/messages`, { token: admin.token })).body.items;
    expect(messages.map((m: { body: string }) => m.body)).toEqual(['Still broken, sorry']);
    // The history says who reopened it, for the team and in the customer's own timeline.
    for (const token of [admin.token, customer.token]) {
      const events = (await server.api('GET', `/tickets/${ticket.id}/events`, { token })).body.items;
      expect(events.at(-1)).toMatchObject({ field: 'status', from: status, to: 'OPEN', actor: { id: customer.id } });
    }
  });

  it("a reply after the window starts a follow-up linked to the old ticket, and the customer's next replies go there too", async () => {
    const ticket = await openTicket(customer, 'Refund for order 77');
    await setStatus(ticket.id, 'CLOSED');
    await resolvedDaysAgo(ticket.id, 8);
    const res = await reply(ticket.id, 'It broke again', customer, 'late-1');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const followUpId: string = res.body.ticketId;
    expect(followUpId).not.toBe(ticket.id);
    const followUp = await getTicket(followUpId);
    expect(followUp).toMatchObject({
      status: 'OPEN',
      subject: 'Refund for order 77',
      linkedTicket: { id: ticket.id, number: ticket.number },
      customer: { id: customer.id },
    });
    // The old ticket stays closed; a resend of the same clientId finds the stored reply.
    expect(await getTicket(ticket.id)).toMatchObject({ status: 'CLOSED' });
    const resend = await reply(ticket.id, 'It broke again', customer, 'late-1');
    expect(resend.status).toBe(200);
    expect(resend.body.id).toBe(res.body.id);
    // Another reply to the old ticket joins the open follow-up instead of starting a third ticket.
    expect((await reply(ticket.id, 'Any news?')).body.ticketId).toBe(followUpId);
    const mine = (await server.api('GET', '/tickets?limit=100', { token: customer.token })).body.items;
    expect(mine.filter((t: { linkedTicket: { id: string } | null }) => t.linkedTicket?.id === ticket.id)).toHaveLength(1);
  });

  it("follows its site's reopenWindowDays: 0 means every reply opens a follow-up", async () => {
    const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Strict', allowedOrigins: ['https://strict.example'], reopenWindowDays: 0 } });
    expect(site.status).toBe(201);
    expect(site.body.reopenWindowDays).toBe(0);
    const session = await server.api('POST', '/widget/session', { body: { siteKey: site.body.siteKey }, headers: { origin: 'https://strict.example' } });
    const visitor = { ...customer, id: session.body.user.id, token: session.body.token };
    const ticket = await openTicket(visitor);
    await setStatus(ticket.id, 'RESOLVED');
    await resolvedDaysAgo(ticket.id, 0.001);
    const res = await reply(ticket.id, 'One more thing', visitor);
    expect(res.status).toBe(201);
    expect(res.body.ticketId).not.toBe(ticket.id);
    const patched = await server.api('PATCH', `/sites/${site.body.id}`, { token: admin.token, body: { reopenWindowDays: 2 } });
    expect(patched.body.reopenWindowDays).toBe(2);
    const refused = await server.api('PATCH', `/sites/${site.body.id}`, { token: admin.token, body: { reopenWindowDays: 400 } });
    expect(refused.status).toBe(400);
  });

  it('the team must reopen a closed ticket before chatting; on a resolved one it chats without reopening it', async () => {
    const ticket = await openTicket();
    await setStatus(ticket.id, 'CLOSED');
    const closed = await reply(ticket.id, 'Hello?', agent);
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('TICKET_CLOSED');
    await setStatus(ticket.id, 'RESOLVED');
    expect((await reply(ticket.id, 'Glad it works', agent)).status).toBe(201);
    expect(await getTicket(ticket.id)).toMatchObject({ status: 'RESOLVED' });
  });

  it("another customer's reply to a closed ticket is a 404 and reopens nothing", async () => {
    const ticket = await openTicket();
    await setStatus(ticket.id, 'CLOSED');
    expect((await reply(ticket.id, 'Let me in', other)).status).toBe(404);
    expect(await getTicket(ticket.id)).toMatchObject({ status: 'CLOSED' });
  });
});

describe('ratings', () => {
  const rate = (id: string, body: unknown, who = customer) => server.api('POST', `/tickets/${id}/rating`, { token: who.token, body });

  it('the customer rates a resolution once; the ticket then carries the rating for the team and the customer', async () => {
    const ticket = await openTicket();
    await setStatus(ticket.id, 'RESOLVED');
    const res = await rate(ticket.id, { score: 4, comment: '  Quick and kind  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ score: 4, comment: 'Quick and kind' });
    for (const who of [customer, agent, admin]) {
      expect(await getTicket(ticket.id, who)).toMatchObject({ awaitingRating: false, rating: { score: 4, comment: 'Quick and kind' } });
    }
    const again = await rate(ticket.id, { score: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_RATED');
    // Closing the same resolution keeps it rated: no second question.
    expect(await setStatus(ticket.id, 'CLOSED')).toMatchObject({ awaitingRating: false });
    expect((await rate(ticket.id, { score: 1 })).status).toBe(409);
  });

  it('a ticket reopened and resolved again is asked, and rated, again', async () => {
    const ticket = await openTicket();
    await setStatus(ticket.id, 'RESOLVED');
    expect((await rate(ticket.id, { score: 2 })).status).toBe(201);
    await reply(ticket.id, 'Not fixed after all');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await setStatus(ticket.id, 'RESOLVED')).toMatchObject({ awaitingRating: true, rating: { score: 2 } });
    expect((await rate(ticket.id, { score: 5 })).status).toBe(201);
    expect(await getTicket(ticket.id)).toMatchObject({ awaitingRating: false, rating: { score: 5 } });
    expect(await server.ctx.db.ticketRating.count({ where: { ticketId: ticket.id } })).toBe(2);
  });

  it('an open ticket is a 409 TICKET_NOT_RESOLVED; scores outside 1–5 and long comments are a 400', async () => {
    const ticket = await openTicket();
    const early = await rate(ticket.id, { score: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('TICKET_NOT_RESOLVED');
    await setStatus(ticket.id, 'RESOLVED');
    for (const body of [{ score: 0 }, { score: 6 }, { score: 3.5 }, { score: '4' }, {}, { score: 3, comment: 'x'.repeat(2001) }]) {
      const res = await rate(ticket.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await getTicket(ticket.id)).toMatchObject({ awaitingRating: true, rating: null });
  });

  it('only the ticket’s customer rates: the team gets 403, another customer 404', async () => {
    const ticket = await openTicket();
    await setStatus(ticket.id, 'RESOLVED');
    expect((await rate(ticket.id, { score: 5 }, agent)).status).toBe(403);
    expect((await rate(ticket.id, { score: 5 }, admin)).status).toBe(403);
    expect((await rate(ticket.id, { score: 1 }, other)).status).toBe(404);
    expect(await server.ctx.db.ticketRating.count({ where: { ticketId: ticket.id } })).toBe(0);
  });
});
