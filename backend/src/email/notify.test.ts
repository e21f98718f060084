// Notifications by email: replies batched per window, status changes, the team's emails while
// away, the signed portal and unsubscribe links, against the outbox and a real SMTP server.
import type { OutboxEmailJson, TicketJson } from '@deskline/contract';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { sleep, waitFor } from '../test/instances.js';
import { startSmtpPeer } from '../test/smtp-peer.js';
import { signPortalLink } from './links.js';

const MAIL_FROM = 'Acme Support <support@acme.test>';
const DELAY_MS = 3_000;
const env = { MAIL_FROM, EMAIL_NOTIFY_DELAY: '3s', PUBLIC_URL: 'https://help.acme.test' };

let s: TestServer;
let admin: TestUser;
const sockets: Socket[] = [];
beforeAll(async () => {
  s = await startTestServer({ env, emailDelivery: { pollMs: 200, retryBaseMs: 200 } });
  admin = await s.createUser('ADMIN');
}, 180_000);
afterAll(() => s?.close());
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

async function openTicket(owner: TestUser, subject = 'Printer on fire'): Promise<TicketJson> {
  const res = await s.api<TicketJson>('POST', '/tickets', { token: owner.token, body: { subject, description: 'It is really on fire', category: 'technical' } });
  expect(res.status).toBe(201);
  return res.body;
}

const say = async (who: TestUser, ticketId: string, body: string) => {
  const res = await s.api('POST', `/tickets/${ticketId}/messages`, { token: who.token, body: { body } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
};

async function emailsTo(address: string, kind?: string): Promise<OutboxEmailJson[]> {
  const res = await s.api<{ items: OutboxEmailJson[] }>('GET', '/email/outbox?limit=100', { token: admin.token });
  return res.body.items.filter((e) => e.to.includes(address) && (!kind || e.kind === kind));
}

/** The emails of `kind` to `address` once `count` are there, after a window has surely ended. */
async function settled(address: string, kind: string, count: number): Promise<OutboxEmailJson[]> {
  const found = await waitFor(async () => {
    const emails = await emailsTo(address, kind);
    return emails.length >= count ? emails : undefined;
  }, { timeoutMs: 15_000, describe: () => `${count} ${kind} email(s) to ${address}` });
  await sleep(DELAY_MS + 500);
  return count === 0 ? emailsTo(address, kind) : found;
}

const linkIn = (email: OutboxEmailJson) => /\/portal#t=([\w.-]+)/.exec(email.text)?.[1];

describe('agent replies to a customer', { timeout: 60_000 }, () => {
  it('three replies in one window make one email carrying all of them, with a portal link and List-Unsubscribe', async () => {
    const customer = await s.createUser('CUSTOMER', 'Ada');
    const ticket = await openTicket(customer);
    await say(admin, ticket.id, 'First answer');
    await say(admin, ticket.id, 'Second answer');
    const note = await s.api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'Private: customer is grumpy', internal: true } });
    expect(note.status).toBe(201);
    const comment = await s.api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'Third, as a public comment', internal: false } });
    expect(comment.status).toBe(201);
    const [email] = await settled(customer.email, 'ticket.replies', 1);
    expect(await emailsTo(customer.email, 'ticket.replies')).toHaveLength(1);
    expect(email!.subject).toBe(`3 new replies on your ticket #${ticket.number}: Printer on fire`);
    for (const part of [email!.text, email!.html]) {
      expect(part).toContain('First answer');
      expect(part).toContain('Second answer');
      expect(part).toContain('Third, as a public comment');
      expect(part).not.toContain('grumpy');
    }
    expect(email!.headers['List-Unsubscribe']).toMatch(/^<https:\/\/help\.acme\.test\/email\/unsubscribe\?t=[\w.-]+>$/);
    expect(email!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(email!.headers['Auto-Submitted']).toBe('auto-generated');
    expect(email!.headers['In-Reply-To']).toBe(`<ticket-${ticket.id}@acme.test>`);
    expect(linkIn(email!)).toBeTruthy();

    // The next reply opens a new window and carries only itself.
    await say(admin, ticket.id, 'Fourth answer');
    const both = await settled(customer.email, 'ticket.replies', 2);
    expect(both[0]!.subject).toBe(`A new reply on your ticket #${ticket.number}: Printer on fire`);
    expect(both[0]!.text).toContain('Fourth answer');
    expect(both[0]!.text).not.toContain('First answer');
  });

  it('a reply the customer reads within the window is not emailed, nor a private note', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(customer);
    const reply = await say(admin, ticket.id, 'Seen in time');
    expect((await s.api('POST', `/tickets/${ticket.id}/read`, { token: customer.token, body: { upTo: reply.id } })).status).toBe(204);
    await s.api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'Only for us', internal: true } });
    await sleep(DELAY_MS * 2 + 500);
    expect(await emailsTo(customer.email, 'ticket.replies')).toEqual([]);
  });

  it('Resolved and Closed are emailed once each; other changes send nothing', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(customer);
    const patch = (body: object) => s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body });
    expect((await patch({ status: 'RESOLVED' })).status).toBe(200);
    expect((await patch({ priority: 'HIGH' })).status).toBe(200);
    const [resolved] = await settled(customer.email, 'ticket.resolved', 1);
    expect(resolved!.subject).toBe(`Your ticket #${ticket.number} is resolved: Printer on fire`);
    expect(resolved!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect((await patch({ status: 'CLOSED' })).status).toBe(200);
    const [closed] = await settled(customer.email, 'ticket.closed', 1);
    expect(closed!.text).toContain('is now closed');
    expect(await emailsTo(customer.email, 'ticket.resolved')).toHaveLength(1);
  });
});

describe('the unsubscribe link', { timeout: 60_000 }, () => {
  it('GET asks to confirm and changes nothing; POST (one-click) turns those emails off', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(customer);
    await s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'RESOLVED' } });
    const [email] = await settled(customer.email, 'ticket.resolved', 1);
    const url = email!.headers['List-Unsubscribe']!.slice(1, -1).replace('https://help.acme.test', s.url);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post"/);
    const oneClick = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('You are unsubscribed');
    await say(admin, ticket.id, 'Nobody will email you this');
    await s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'CLOSED' } });
    await sleep(DELAY_MS * 2 + 500);
    expect(await emailsTo(customer.email, 'ticket.replies')).toEqual([]);
    expect(await emailsTo(customer.email, 'ticket.closed')).toEqual([]);
    // A changed token is refused, without signing in or saying whose it was.
    expect((await fetch(url.replace(/t=.{4}/, 't=AAAA'), { method: 'POST' })).status).toBe(400);
  });
});

describe('the team, while away', { timeout: 60_000 }, () => {
  function online(user: TestUser): Promise<Socket> {
    const socket = connect(s.url, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  it('a new unassigned ticket goes to members away who want it, not to one with a console open or one who said no', async () => {
    const [away, present, refusing] = [await s.createUser('AGENT'), await s.createUser('AGENT'), await s.createUser('ADMIN')];
    await online(present);
    expect((await s.api('PATCH', '/me/preferences', { token: refusing.token, body: { email: { newTicket: false } } })).status).toBe(200);
    const ticket = await openTicket(await s.createUser('CUSTOMER', 'Grace'), 'Cannot log in');
    const [email] = await settled(away.email, 'agent.newTicket', 1);
    expect(email!.subject).toBe(`New ticket #${ticket.number}: Cannot log in`);
    expect(email!.text).toContain(`https://help.acme.test/admin/ticket?id=${ticket.id}`);
    expect(email!.headers['List-Unsubscribe']).toMatch(/email\/unsubscribe/);
    expect(await emailsTo(present.email, 'agent.newTicket')).toEqual([]);
    expect(await emailsTo(refusing.email, 'agent.newTicket')).toEqual([]);
  });

  it('the assignee hears of the assignment and of customer replies, only while away', async () => {
    const agent = await s.createUser('AGENT');
    const customer = await s.createUser('CUSTOMER', 'Linus');
    const ticket = await openTicket(customer);
    await s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { assigneeId: agent.id } });
    const [assigned] = await settled(agent.email, 'agent.assigned', 1);
    expect(assigned!.subject).toBe(`Ticket #${ticket.number} is assigned to you: Printer on fire`);
    await say(customer, ticket.id, 'Any news?');
    await say(customer, ticket.id, 'Hello??');
    const [reply] = await settled(agent.email, 'agent.customerReply', 1);
    expect(reply!.subject).toBe(`Linus replied on ticket #${ticket.number}: Printer on fire`);
    expect(reply!.text).toContain('Any news?');
    expect(reply!.text).toContain('Hello??');
    // Another change of the ticket is not a new assignment.
    await s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { priority: 'LOW' } });
    // With the console open, the next reply is not emailed.
    await online(agent);
    await say(customer, ticket.id, 'Still there?');
    await sleep(DELAY_MS * 2 + 500);
    expect(await emailsTo(agent.email, 'agent.customerReply')).toHaveLength(1);
    expect(await emailsTo(agent.email, 'agent.assigned')).toHaveLength(1);
  });
});

describe('signed portal links', { timeout: 60_000 }, () => {
  it("sign in to that ticket only: another ticket of the customer's is 404, a new ticket 403", async () => {
    const customer = await s.createUser('CUSTOMER');
    const [a, b] = [await openTicket(customer, 'Ticket A'), await openTicket(customer, 'Ticket B')];
    await say(admin, a.id, 'Have a look');
    const [email] = await settled(customer.email, 'ticket.replies', 1);
    const signIn = await s.api('POST', '/auth/link', { body: { token: linkIn(email!) } });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({ ticketId: a.id, user: { id: customer.id } });
    const token = signIn.body.token as string;
    expect((await s.api('GET', `/tickets/${a.id}`, { token })).status).toBe(200);
    expect((await s.api('GET', `/tickets/${a.id}/messages`, { token })).status).toBe(200);
    expect((await s.api('GET', `/tickets/${b.id}`, { token })).status).toBe(404);
    expect((await s.api('GET', `/tickets/${b.id}/messages`, { token })).status).toBe(404);
    expect((await s.api('POST', `/tickets/${b.id}/messages`, { token, body: { body: 'x' } })).status).toBe(404);
    const list = await s.api('GET', '/tickets', { token });
    expect(list.body.items.map((t: TicketJson) => t.id)).toEqual([a.id]);
    // Unread counts too: only that ticket's, never a word of the customer's other tickets.
    await say(admin, b.id, 'About your other ticket');
    const unread = await s.api('GET', '/messages/unread-count', { token });
    expect(unread.status).toBe(200);
    expect(Object.keys(unread.body.byTicket)).toEqual([a.id]);
    expect(unread.body.total).toBe(unread.body.byTicket[a.id]);
    expect((await s.api('GET', '/messages/unread-count', { token: customer.token })).body.byTicket).toHaveProperty(b.id);
    expect((await s.api('POST', '/tickets', { token, body: { subject: 'New', description: 'x', category: 'general' } })).status).toBe(403);
    // The customer's own sign-in still sees both.
    expect((await s.api('GET', `/tickets/${b.id}`, { token: customer.token })).status).toBe(200);
  });

  it('refuses an expired, a forged and another customer\'s link', async () => {
    const customer = await s.createUser('CUSTOMER');
    const other = await s.createUser('CUSTOMER');
    const ticket = await openTicket(customer);
    const expired = signPortalLink(s.ctx, customer.id, ticket.id, -10);
    const forged = signPortalLink(s.ctx, customer.id, ticket.id).replace(/.{6}$/, 'AAAAAA');
    const notTheirs = signPortalLink(s.ctx, other.id, ticket.id);
    for (const token of [expired, forged, notTheirs, 'nonsense']) {
      const res = await s.api('POST', '/auth/link', { body: { token } });
      expect(res.status, token).toBe(401);
      expect(res.body.error.code).toBe('INVALID_LINK');
    }
    // A session token is not a link, nor a link a session token.
    expect((await s.api('POST', '/auth/link', { body: { token: customer.token } })).status).toBe(401);
    expect((await s.api('GET', '/auth/me', { token: signPortalLink(s.ctx, customer.id, ticket.id) })).status).toBe(401);
  });
});

describe('with SMTP_URL', { timeout: 60_000 }, () => {
  it('the batched email arrives once over SMTP with both parts and the unsubscribe headers', async () => {
    const smtp = await startSmtpPeer();
    const server = await startTestServer({ env: { ...env, SMTP_URL: smtp.url }, emailDelivery: { pollMs: 200, retryBaseMs: 200 } });
    try {
      const agent = await server.createUser('AGENT');
      const customer = await server.createUser('CUSTOMER');
      const ticket = (await server.api('POST', '/tickets', { token: customer.token, body: { subject: 'Wire', description: 'x', category: 'general' } })).body;
      for (const body of ['one', 'two', 'three']) await server.api('POST', `/tickets/${ticket.id}/messages`, { token: agent.token, body: { body } });
      const mails = await waitFor(() => {
        const toCustomer = smtp.received.filter((m) => m.envelope.to.includes(customer.email) && /new replies/.test(m.parsed.subject ?? ''));
        return toCustomer.length > 0 ? toCustomer : undefined;
      }, { timeoutMs: 15_000 });
      await sleep(DELAY_MS + 500);
      expect(smtp.received.filter((m) => m.envelope.to.includes(customer.email) && /new replies/.test(m.parsed.subject ?? ''))).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.header('list-unsubscribe')).toMatch(/^<https:\/\/help\.acme\.test\/email\/unsubscribe\?t=/);
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.header('auto-submitted')).toBe('auto-generated');
      expect(mail.parsed.inReplyTo).toBe(`<ticket-${ticket.id}@acme.test>`);
      expect(mail.parsed.text).toContain('three');
      expect(mail.parsed.html).toContain('three');
    } finally {
      await server.close();
      await smtp.close();
    }
  }, 120_000);
});
