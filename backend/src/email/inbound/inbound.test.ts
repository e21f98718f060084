// Inbound mail over real SMTP (nodemailer into the built-in receiver): replies land on their
// ticket only when the signed reply address and the sender both check out.
import type { CommentJson, EmailStateJson, MessageJson, OutboxEmailJson, TicketJson } from '@deskline/contract';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../context.js';
import { startTestServer, type TestServer, type TestUser } from '../../test/harness.js';
import { sleep, waitFor } from '../../test/instances.js';
import { replyAddress } from '../replyAddress.js';
import { inboundEmailOf } from './inbound.js';
import { pruneInboundEmails } from './pipeline.js';

const MAIL_FROM = 'Acme Support <support@acme.test>';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

interface Mail {
  from: string;
  to: string;
  text?: string;
  subject?: string;
  messageId?: string;
  headers?: Record<string, string>;
  envelopeFrom?: string;
  attachments?: { filename: string; content: Buffer }[];
}

async function inboundServer(env: Record<string, string> = {}, rateLimits: Partial<RateLimits> = {}) {
  const s = await startTestServer({ env: { MAIL_FROM, INBOUND_SMTP_PORT: '0', ...env }, rateLimits });
  const port = inboundEmailOf(s.ctx)!.state().smtpReceiverPort!;
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const send = (mail: Mail) =>
    transport.sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject ?? 'Re: Printer on fire',
      text: mail.text ?? 'Thanks!',
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
      headers: mail.headers,
      attachments: mail.attachments,
      ...(mail.envelopeFrom !== undefined ? { envelope: { from: mail.envelopeFrom, to: mail.to } } : {}),
    });
  return { s, send, close: async () => (transport.close(), await s.close()) };
}

async function openTicket(s: TestServer, owner: TestUser): Promise<TicketJson> {
  const res = await s.api<TicketJson>('POST', '/tickets', {
    token: owner.token,
    body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function messagesOf(s: TestServer, admin: TestUser, ticketId: string) {
  return (await s.api<{ items: MessageJson[] }>('GET', `/tickets/${ticketId}/messages`, { token: admin.token })).body.items;
}
async function commentsOf(s: TestServer, admin: TestUser, ticketId: string) {
  return (await s.api<{ items: CommentJson[] }>('GET', `/tickets/${ticketId}/comments`, { token: admin.token })).body.items;
}
async function inboundRecords(s: TestServer) {
  return s.ctx.db.inboundEmail.findMany({ orderBy: { createdAt: 'asc' } });
}

describe('replies over the built-in SMTP receiver', () => {
  let env: Awaited<ReturnType<typeof inboundServer>>;
  let s: TestServer;
  let admin: TestUser;
  beforeAll(async () => {
    env = await inboundServer();
    s = env.s;
    admin = await s.createUser('ADMIN');
  });
  afterAll(() => env?.close());

  it("a customer's reply to the reply address becomes their chat message, without the quote", async () => {
    const customer = await s.createUser('CUSTOMER', 'Ada');
    const ticket = await openTicket(s, customer);
    await env.send({
      from: `Ada <${customer.email}>`,
      to: replyAddress(s.ctx, ticket.id),
      text: 'It works now.\n\nOn Mon, 30 Nov 2026 at 22:10, Acme Support <support@acme.test> wrote:\n> Unplug it.\n',
    });
    const [message] = await waitFor(async () => {
      const items = await messagesOf(s, admin, ticket.id);
      return items.length > 0 ? items : undefined;
    });
    expect(message).toMatchObject({ body: 'It works now.', sender: { id: customer.id, role: 'CUSTOMER' } });
  });

  it("an agent's reply from their mailbox becomes a public comment; From is matched case-insensitively", async () => {
    const customer = await s.createUser('CUSTOMER');
    const agent = await s.createUser('AGENT', 'Grace');
    const ticket = await openTicket(s, customer);
    await env.send({ from: agent.email.toUpperCase(), to: replyAddress(s.ctx, ticket.id), text: 'We are on it.' });
    const [comment] = await waitFor(async () => {
      const items = await commentsOf(s, admin, ticket.id);
      return items.length > 0 ? items : undefined;
    });
    expect(comment).toMatchObject({ body: 'We are on it.', internal: false, author: { id: agent.id, role: 'AGENT' } });
    expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
  });

  it('the same Message-ID delivered twice is taken once', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    const mail = { from: customer.email, to: replyAddress(s.ctx, ticket.id), messageId: `<twice-${ticket.id}@mail.example.test>` };
    await env.send(mail);
    await env.send(mail);
    await waitFor(async () => ((await messagesOf(s, admin, ticket.id)).length > 0 ? true : undefined));
    await sleep(300);
    expect(await messagesOf(s, admin, ticket.id)).toHaveLength(1);
  });

  it('mail another delivery is still taking in is answered 451, so its sender tries again later', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    const messageId = `inflight-${ticket.id}@mail.example.test`;
    // Another instance (or delivery) has claimed it a moment ago and is storing it now.
    await s.ctx.db.inboundEmail.create({ data: { messageId, sender: customer.email, outcome: 'processing', ticketId: ticket.id } });
    const mail = { from: customer.email, to: replyAddress(s.ctx, ticket.id), messageId: `<${messageId}>`, text: 'Still there?' };
    await expect(env.send(mail)).rejects.toMatchObject({ responseCode: 451 });
    expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
    // Taken in by it after all: the retry is the duplicate it is, accepted and dropped.
    await s.ctx.db.inboundEmail.update({ where: { messageId }, data: { outcome: 'message' } });
    await env.send(mail);
    await sleep(300);
    expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
  });

  it('mail whose taker died mid-way (a claim older than 10 minutes) is taken in by the next delivery', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    const messageId = `orphan-${ticket.id}@mail.example.test`;
    await s.ctx.db.inboundEmail.create({
      data: { messageId, sender: customer.email, outcome: 'processing', ticketId: ticket.id, createdAt: new Date(Date.now() - 11 * 60_000) },
    });
    await env.send({ from: customer.email, to: replyAddress(s.ctx, ticket.id), messageId: `<${messageId}>`, text: 'Hello again' });
    const [message] = await waitFor(async () => {
      const items = await messagesOf(s, admin, ticket.id);
      return items.length > 0 ? items : undefined;
    });
    expect(message).toMatchObject({ body: 'Hello again', sender: { id: customer.id } });
    expect(await s.ctx.db.inboundEmail.findUnique({ where: { messageId } })).toMatchObject({ outcome: 'message', ticketId: ticket.id });
  });

  it("GET /email/status shows the receiver's port, no IMAP, and when mail last came in", async () => {
    const res = await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.inbound).toMatchObject({
      imap: null,
      smtpReceiver: { port: inboundEmailOf(s.ctx)!.state().smtpReceiverPort },
      newTickets: false,
    });
    expect(res.body.inbound.lastReceivedAt).not.toBeNull();
  });

  it('refuses recipients other than the support address and its plus-addresses', async () => {
    const customer = await s.createUser('CUSTOMER');
    await expect(env.send({ from: customer.email, to: 'someone@elsewhere.test' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(env.send({ from: customer.email, to: 'sales@acme.test' })).rejects.toMatchObject({ responseCode: 550 });
  });

  describe('spoofing: nothing touches the ticket', () => {
    it('a valid token with a From that is neither the customer nor the team', async () => {
      const customer = await s.createUser('CUSTOMER');
      const ticket = await openTicket(s, customer);
      const stranger = await s.createUser('CUSTOMER');
      await env.send({ from: stranger.email, to: replyAddress(s.ctx, ticket.id), messageId: `<stranger-${ticket.id}@x.test>` });
      await env.send({ from: 'mallory@evil.test', to: replyAddress(s.ctx, ticket.id), messageId: `<mallory-${ticket.id}@x.test>` });
      await sleep(300);
      expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
      expect(await commentsOf(s, admin, ticket.id)).toEqual([]);
    });

    it("the customer's From with a forged token, or with a MAC moved from their other ticket", async () => {
      const customer = await s.createUser('CUSTOMER');
      const mine = await openTicket(s, customer);
      const other = await openTicket(s, customer);
      const good = replyAddress(s.ctx, mine.id);
      const local = good.split('@')[0]!;
      const flipped = `${local.slice(0, -1)}${local.endsWith('0') ? '1' : '0'}@acme.test`;
      const [, token] = local.split('+');
      const moved = `support+${other.id.replace(/-/g, '')}-${token!.split('-')[1]}@acme.test`;
      await env.send({ from: customer.email, to: flipped, messageId: `<flipped-${mine.id}@x.test>` });
      await env.send({ from: customer.email, to: moved, messageId: `<moved-${mine.id}@x.test>` });
      await sleep(300);
      for (const ticket of [mine, other]) {
        expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
        expect(await commentsOf(s, admin, ticket.id)).toEqual([]);
      }
      const records = await inboundRecords(s);
      expect(records.filter((r) => r.ticketId === mine.id || r.ticketId === other.id)).toEqual([]);
    });

    it("a customer's From with the token of another customer's ticket", async () => {
      const alice = await s.createUser('CUSTOMER');
      const bob = await s.createUser('CUSTOMER');
      const bobs = await openTicket(s, bob);
      await env.send({ from: alice.email, to: replyAddress(s.ctx, bobs.id), messageId: `<alice-${bobs.id}@x.test>` });
      await sleep(300);
      expect(await messagesOf(s, admin, bobs.id)).toEqual([]);
      expect(await commentsOf(s, admin, bobs.id)).toEqual([]);
    });
  });

  it('an auto-reply storm adds nothing and sends nothing back', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    const to = replyAddress(s.ctx, ticket.id);
    const outboxBefore = (await s.api<{ items: OutboxEmailJson[] }>('GET', '/email/outbox?limit=100', { token: admin.token })).body.items.length;
    const automatic: Partial<Mail>[] = [
      { headers: { 'Auto-Submitted': 'auto-replied' } },
      { headers: { 'Auto-Submitted': 'auto-generated' } },
      { headers: { Precedence: 'bulk' } },
      { headers: { Precedence: 'junk' } },
      { headers: { Precedence: 'list' } },
      { headers: { Precedence: 'auto_reply' } },
      { headers: { 'X-Autoreply': 'yes' } },
      { headers: { 'X-Autorespond': 'Out of office' } },
      { envelopeFrom: '' }, // a bounce: the null sender
      { from: 'support@acme.test' },
      { from: 'Acme <support+anything@acme.test>' },
    ];
    for (let round = 0; round < 3; round++) {
      for (const [i, extra] of automatic.entries()) {
        await env.send({ from: customer.email, to, text: 'I am out of office', messageId: `<auto-${round}-${i}-${ticket.id}@x.test>`, ...extra });
      }
    }
    await sleep(500);
    expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
    expect(await commentsOf(s, admin, ticket.id)).toEqual([]);
    const outboxAfter = (await s.api<{ items: OutboxEmailJson[] }>('GET', '/email/outbox?limit=100', { token: admin.token })).body.items.length;
    expect(outboxAfter).toBe(outboxBefore);
    // A reply that says it is not automatic (Auto-Submitted: no) is a person's.
    await env.send({ from: customer.email, to, text: 'Back now', headers: { 'Auto-Submitted': 'no' } });
    await waitFor(async () => ((await messagesOf(s, admin, ticket.id)).length === 1 ? true : undefined));
  });

  it('attachments follow the upload rules: a PNG is kept, an executable is left out, the text is kept', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'binary'), Buffer.alloc(64, 0)]);
    await env.send({
      from: customer.email,
      to: replyAddress(s.ctx, ticket.id),
      text: 'Photo attached',
      attachments: [
        { filename: 'printer.png', content: PNG },
        { filename: 'invoice.pdf.exe', content: exe },
      ],
    });
    const [message] = await waitFor(async () => {
      const items = await messagesOf(s, admin, ticket.id);
      return items.length === 1 ? items : undefined;
    });
    expect(message!.body).toBe('Photo attached');
    expect(message!.attachments.map((a) => [a.filename, a.mimeType])).toEqual([['printer.png', 'image/png']]);
  });

  it("the customer's reply to a CLOSED ticket follows the chat's rule: it reopens the ticket within the window, with its file", async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    const closed = await s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'CLOSED' } });
    expect(closed.status).toBe(200);
    await env.send({ from: customer.email, to: replyAddress(s.ctx, ticket.id), text: 'One more question.', attachments: [{ filename: 'again.png', content: PNG }] });
    const [message] = await waitFor(async () => {
      const items = await messagesOf(s, admin, ticket.id);
      return items.length > 0 ? items : undefined;
    });
    expect(message).toMatchObject({ body: 'One more question.', sender: { id: customer.id } });
    expect(message!.attachments.map((a) => a.filename)).toEqual(['again.png']);
    const reopened = await s.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: admin.token });
    expect(reopened.body.status).toBe('OPEN');
    expect(await commentsOf(s, admin, ticket.id)).toEqual([]);
  });

  it("after the reopen window, the customer's emailed reply starts a follow-up linked to the old ticket", async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    expect((await s.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'RESOLVED' } })).status).toBe(200);
    // Resolved 30 days ago: past the default 7-day window.
    await s.ctx.db.ticket.update({ where: { id: ticket.id }, data: { resolvedAt: new Date(Date.now() - 30 * 86_400_000) } });
    await env.send({ from: customer.email, to: replyAddress(s.ctx, ticket.id), text: 'It broke again.', attachments: [{ filename: 'again.png', content: PNG }] });
    const followUp = await waitFor(async () => (await s.ctx.db.ticket.findFirst({ where: { linkedTicketId: ticket.id } })) ?? undefined);
    const [message] = await waitFor(async () => {
      const items = await messagesOf(s, admin, followUp.id);
      return items.length > 0 ? items : undefined;
    });
    expect(message).toMatchObject({ body: 'It broke again.', sender: { id: customer.id } });
    expect(message!.attachments.map((a) => a.filename)).toEqual(['again.png']);
    const old = await s.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: admin.token });
    expect(old.body.status).toBe('RESOLVED');
    expect(await messagesOf(s, admin, ticket.id)).toEqual([]);
    expect(await commentsOf(s, admin, ticket.id)).toEqual([]);
  });

  it('without EMAIL_NEW_TICKETS, mail without a reply token opens nothing', async () => {
    const ticketsBefore = await s.ctx.db.ticket.count();
    await env.send({ from: 'newcomer@example.test', to: 'support@acme.test', subject: 'Hello', text: 'Can you help?' });
    await sleep(300);
    expect(await s.ctx.db.ticket.count()).toBe(ticketsBefore);
  });

  // Last in this block: it forgets the other tests' records.
  it('records of mail are forgotten after 90 days, but for the newest (when mail last came in)', async () => {
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const made = await Promise.all(
      [100, 91, 89].map((age) =>
        s.ctx.db.inboundEmail.create({ data: { messageId: `aged-${age}-${Date.now()}@mail.example.test`, sender: 'a@example.test', outcome: 'message', createdAt: days(age) } }),
      ),
    );
    expect(await pruneInboundEmails(s.ctx)).toBe(2);
    const left = new Set((await inboundRecords(s)).map((r) => r.id));
    expect(made.map((r) => left.has(r.id))).toEqual([false, false, true]);
    // Years later, with no mail since: one record is left, and Settings → Email still says when.
    const newest = (await inboundRecords(s)).at(-1)!;
    await pruneInboundEmails(s.ctx, new Date(Date.now() + 3 * 365 * 86_400_000));
    expect((await inboundRecords(s)).map((r) => r.id)).toEqual([newest.id]);
    const status = await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token });
    expect(status.body.inbound.lastReceivedAt).toBe(newest.createdAt.toISOString());
  });
});

describe('EMAIL_NEW_TICKETS=true', () => {
  let env: Awaited<ReturnType<typeof inboundServer>>;
  let s: TestServer;
  let admin: TestUser;
  beforeAll(async () => {
    env = await inboundServer({ EMAIL_NEW_TICKETS: 'true' });
    s = env.s;
    admin = await s.createUser('ADMIN');
  });
  afterAll(() => env?.close());

  async function ticketsOf(address: string) {
    const list = await s.api<{ items: TicketJson[] }>('GET', '/tickets?limit=100', { token: admin.token });
    return list.body.items.filter((t) => t.customer.email === address);
  }

  it('mail to the support address opens a ticket in "general" for an unverified contact, with its files', async () => {
    await env.send({
      from: 'Lin Newcomer <lin@example.test>',
      to: 'support@acme.test',
      subject: 'Cannot sign in',
      text: 'The page says my password is wrong.\n\n-- \nLin',
      attachments: [{ filename: 'screen.png', content: PNG }],
    });
    const [ticket] = await waitFor(async () => {
      const found = await ticketsOf('lin@example.test');
      return found.length > 0 ? found : undefined;
    });
    const full = (await s.api<TicketJson>('GET', `/tickets/${ticket!.id}`, { token: admin.token })).body;
    expect(full).toMatchObject({
      subject: 'Cannot sign in',
      description: 'The page says my password is wrong.',
      category: { slug: 'general' },
      customer: { name: 'Lin Newcomer', email: 'lin@example.test', emailVerified: false },
    });
    expect(full.attachments.map((a) => a.filename)).toEqual(['screen.png']);
    // A second mail from the same address is the same contact's.
    await env.send({ from: 'lin@example.test', to: 'support@acme.test', subject: 'Another question', text: 'And billing?' });
    const both = await waitFor(async () => {
      const found = await ticketsOf('lin@example.test');
      return found.length === 2 ? found : undefined;
    });
    expect(new Set(both.map((t) => t.customer.id)).size).toBe(1);
  });

  it("a registered customer's address opens a ticket for a separate unverified contact, never their account", async () => {
    const registered = await s.createUser('CUSTOMER', 'Registered');
    await env.send({ from: registered.email, to: 'support@acme.test', subject: 'Is this me?', text: 'Someone may be pretending.' });
    const [ticket] = await waitFor(async () => {
      const found = await ticketsOf(registered.email);
      return found.length > 0 ? found : undefined;
    });
    expect(ticket!.customer.id).not.toBe(registered.id);
    expect(ticket!.customer.emailVerified).toBe(false);
    const own = await s.api<{ items: TicketJson[] }>('GET', '/tickets', { token: registered.token });
    expect(own.body.items).toEqual([]);
  });

  it('a forged token never falls back to opening a ticket', async () => {
    const before = await s.ctx.db.ticket.count();
    await env.send({ from: 'forger@example.test', to: `support+${'0'.repeat(32)}-${'0'.repeat(20)}@acme.test`, text: 'Hi' });
    await sleep(300);
    expect(await s.ctx.db.ticket.count()).toBe(before);
  });
});

describe('senders are rate-limited', () => {
  it('past the per-sender budget, replies are dropped', async () => {
    const env = await inboundServer({}, { inboundEmailsPerSender: 3 });
    try {
      const admin = await env.s.createUser('ADMIN');
      const customer = await env.s.createUser('CUSTOMER');
      const ticket = await openTicket(env.s, customer);
      for (let i = 0; i < 6; i++) await env.send({ from: customer.email, to: replyAddress(env.s.ctx, ticket.id), text: `Reply ${i}` });
      await waitFor(async () => ((await messagesOf(env.s, admin, ticket.id)).length >= 3 ? true : undefined));
      await sleep(300);
      expect((await messagesOf(env.s, admin, ticket.id)).map((m) => m.body)).toEqual(['Reply 0', 'Reply 1', 'Reply 2']);
    } finally {
      await env.close();
    }
  }, 60_000);
});
