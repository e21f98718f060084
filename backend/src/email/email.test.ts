import type { EmailStateJson, OutboxEmailJson, TicketJson } from '@deskline/contract';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../db/database.js';
import type { DeliveryTiming } from './delivery.js';
import { startOutboundEmail } from './outbound.js';
import { enqueueEmail } from './service.js';
import { createPostgresSchema, onPostgres, startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { sleep, waitFor } from '../test/instances.js';
import { startSmtpPeer, type SmtpPeer } from '../test/smtp-peer.js';

const SHOP = 'https://shop.example';
const MAIL_FROM = 'Acme Support <support@acme.test>';
/** Retries within the test's patience. */
const FAST: Partial<DeliveryTiming> = { pollMs: 200, retryBaseMs: 200, retryMaxMs: 1_000, maxAttempts: 1_000 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(env: Record<string, string> = {}, options: { database?: DatabaseTarget; timing?: Partial<DeliveryTiming> } = {}) {
  const started = await startTestServer({ env: { MAIL_FROM, ...env }, database: options.database, emailDelivery: options.timing ?? FAST });
  cleanups.push(() => started.close());
  return started;
}

async function peer(): Promise<SmtpPeer> {
  const started = await startSmtpPeer();
  cleanups.push(() => started.close());
  return started;
}

async function openTicket(s: TestServer, owner: { token: string }, fields: { subject?: string; description?: string } = {}) {
  const res = await s.api<TicketJson>('POST', '/tickets', {
    token: owner.token,
    body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical', ...fields },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function outbox(s: TestServer, admin: TestUser, query = ''): Promise<OutboxEmailJson[]> {
  const res = await s.api<{ items: OutboxEmailJson[] }>('GET', `/email/outbox${query}`, { token: admin.token });
  expect(res.status).toBe(200);
  return res.body.items;
}

/** The outbox once `count` emails are in it (notifications are stored after the request answers). */
function outboxOf(s: TestServer, admin: TestUser, count: number, status?: OutboxEmailJson['status']) {
  return waitFor(
    async () => {
      const items = await outbox(s, admin);
      return items.length >= count && (!status || items.slice(0, count).every((e) => e.status === status)) ? items : undefined;
    },
    { timeoutMs: 20_000, describe: () => `${count} emails in the outbox${status ? ` ${status}` : ''}` },
  );
}

/** A database that outlives one server, for restarts: PGlite in a directory, or a PostgreSQL schema. */
async function durableDatabase(): Promise<DatabaseTarget> {
  if (onPostgres) {
    const schema = await createPostgresSchema();
    cleanups.push(() => schema.drop());
    return { kind: 'postgres', url: schema.url, schema: schema.schema };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'deskline-email-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return { kind: 'pglite', dataDir: dir };
}

describe('without SMTP_URL', () => {
  let s: TestServer;
  let admin: TestUser;
  beforeAll(async () => {
    s = await startTestServer({ env: { MAIL_FROM } });
    admin = await s.createUser('ADMIN');
  });
  afterAll(() => s?.close());

  it('stores "we got your ticket" as NOT_SENT, rendered, and lists it to admins', async () => {
    const customer = await s.createUser('CUSTOMER', 'Ada');
    const ticket = await openTicket(s, customer, { subject: 'Refund <b>now</b>' });
    const [email] = await outboxOf(s, admin, 1);
    expect(email).toMatchObject({
      kind: 'ticket.received',
      ticket: { id: ticket.id, number: ticket.number },
      from: '"Acme Support" <support@acme.test>',
      to: `"Ada" <${customer.email}>`,
      subject: `We got your ticket #${ticket.number}: Refund <b>now</b>`,
      status: 'NOT_SENT',
      attempts: 0,
      nextAttemptAt: null,
      sentAt: null,
      headers: {
        'In-Reply-To': `<ticket-${ticket.id}@acme.test>`,
        References: `<ticket-${ticket.id}@acme.test>`,
        'Auto-Submitted': 'auto-generated',
      },
    });
    expect(email!.messageId).toBe(`email-${email!.id}@acme.test`);
    // The customer's words are in both parts, escaped in the HTML.
    expect(email!.text).toContain('Refund <b>now</b>');
    expect(email!.html).toContain('Refund &#60;b&#62;now&#60;/b&#62;');
    expect(email!.html).not.toContain('<b>now');

    const state = await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      smtp: { configured: false, host: null },
      from: '"Acme Support" <support@acme.test>',
      notifyDelaySeconds: 120,
      lastError: null,
    });
    expect(state.body.counts.NOT_SENT).toBeGreaterThanOrEqual(1);
  });

  it('says at start that no mail is sent, and where the emails are kept', async () => {
    const lines: string[] = [];
    const outbound = startOutboundEmail({ ...s.ctx, log: (line) => lines.push(line) });
    await outbound.close();
    expect(lines).toEqual([expect.stringMatching(/SMTP_URL is not set, so no email is sent.*Settings → Email/)]);
  });

  it('never lists the outbox to a customer', async () => {
    const customer = await s.createUser('CUSTOMER');
    expect((await s.api('GET', '/email/outbox', { token: customer.token })).status).toBe(403);
    expect((await s.api('GET', '/email/status', { token: customer.token })).status).toBe(403);
    expect((await s.api('GET', '/email/outbox')).status).toBe(401);
  });

  it('a visitor who gave no email gets none; one who typed an address gets no quote of the ticket', async () => {
    const site = (await s.api('POST', '/sites', { token: admin.token, body: { name: 'Moon Shop', allowedOrigins: [SHOP], theme: { color: '#ff8800' } } })).body;
    const before = (await outbox(s, admin, '?limit=100')).length;
    const anonymous = await s.api('POST', '/widget/session', { body: { siteKey: site.siteKey }, headers: { origin: SHOP } });
    await openTicket(s, anonymous.body);
    const typed = await s.api('POST', '/widget/session', { body: { siteKey: site.siteKey, name: 'Vi', email: 'vi@example.test' }, headers: { origin: SHOP } });
    const ticket = await openTicket(s, typed.body, { subject: 'Buy cheap pills', description: 'at spam.example' });
    const items = await outboxOf(s, admin, before + 1);
    await sleep(300); // the anonymous visitor's ticket had its chance to make an email too
    expect(await outbox(s, admin, '?limit=100')).toHaveLength(before + 1);
    const email = items[0]!;
    expect(email).toMatchObject({ to: '"Vi" <vi@example.test>', subject: `We got your ticket #${ticket.number}`, ticket: { id: ticket.id } });
    // Anyone could have typed that address: the email must not relay what they wrote.
    expect(email.text + email.html).not.toMatch(/pills|spam\.example/);
    // The site's name and colour.
    expect(email.html).toContain('Moon Shop');
    expect(email.html).toContain('#ff8800');
  });

  it('pages the outbox newest first and filters it by status', async () => {
    const customer = await s.createUser('CUSTOMER');
    for (let i = 0; i < 3; i++) await openTicket(s, customer, { subject: `Paged ${i}` });
    await waitFor(async () => (await outbox(s, admin, '?limit=100')).filter((e) => e.subject.includes('Paged')).length === 3);
    const first = await s.api('GET', '/email/outbox?limit=2', { token: admin.token });
    const second = await s.api('GET', `/email/outbox?limit=2&cursor=${first.body.nextCursor}`, { token: admin.token });
    const subjects = [...first.body.items, ...second.body.items].map((e: OutboxEmailJson) => e.subject);
    expect(subjects.slice(0, 3).map((t) => t.replace(/.*: /, ''))).toEqual(['Paged 2', 'Paged 1', 'Paged 0']);
    expect(await outbox(s, admin, '?status=SENT')).toEqual([]);
    expect((await s.api('GET', '/email/outbox?status=LOST', { token: admin.token })).status).toBe(400);
  });

  it('stores one email per key, however often it is asked for', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(s, customer);
    await outboxOf(s, admin, 1);
    const again = await enqueueEmail(s.ctx, {
      kind: 'ticket.received',
      dedupeKey: `ticket.received:${ticket.id}`,
      ticketId: ticket.id,
      to: { address: customer.email },
      subject: 'again',
      content: { brand: { name: 'X', color: '#000' }, greeting: 'Hi', paragraphs: [], footer: '' },
    });
    expect(again.created).toBe(false);
    expect((await outbox(s, admin, '?limit=100')).filter((e) => e.ticket?.id === ticket.id)).toHaveLength(1);
  });
});

describe('with SMTP_URL, to a real SMTP server', () => {
  it('sends "we got your ticket" once, with both parts and the ticket\'s threading headers', async () => {
    const smtp = await peer();
    const s = await server({ SMTP_URL: smtp.url });
    const admin = await s.createUser('ADMIN');
    const customer = await s.createUser('CUSTOMER', 'Ada "The Countess" Lovelace');
    const ticket = await openTicket(s, customer, { subject: 'Ünïcode & <script>alert(1)</script>' });
    const [mail] = await smtp.waitForMail(1);
    const [stored] = await outboxOf(s, admin, 1, 'SENT');

    expect(mail!.envelope).toEqual({ from: 'support@acme.test', to: [customer.email] });
    expect(mail!.parsed.from).toMatchObject({ name: 'Acme Support', address: 'support@acme.test' });
    expect(mail!.parsed.to).toEqual([expect.objectContaining({ address: customer.email })]);
    expect(mail!.parsed.subject).toBe(`We got your ticket #${ticket.number}: Ünïcode & <script>alert(1)</script>`);
    expect(mail!.parsed.messageId).toBe(`<${stored!.messageId}>`);
    expect(mail!.parsed.inReplyTo).toBe(`<ticket-${ticket.id}@acme.test>`);
    expect(mail!.parsed.references).toBe(`<ticket-${ticket.id}@acme.test>`);
    expect(mail!.header('auto-submitted')).toBe('auto-generated');
    expect(mail!.header('content-type')).toMatch(/^multipart\/alternative/);
    expect(mail!.parsed.text).toContain(`We got your ticket #${ticket.number}`);
    expect(mail!.parsed.text).toContain('<script>alert(1)</script>');
    expect(mail!.parsed.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(mail!.parsed.html).not.toContain('<script>');
    expect(mail!.parsed.html).toContain('Acme Support'); // no site: the product's name
    expect(stored).toMatchObject({ status: 'SENT', attempts: 1, lastError: null, sentAt: expect.any(String) });

    const state = (await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token })).body;
    expect(state.smtp).toEqual({ configured: true, host: '127.0.0.1', port: smtp.port, secure: false });
    expect(state.lastSentAt).toBe(stored!.sentAt);
    await sleep(500);
    expect(smtp.received).toHaveLength(1);
  });

  it('SMTP down: queued with the error, then delivered once when it is back', async () => {
    const smtp = await peer();
    await smtp.down();
    const s = await server({ SMTP_URL: smtp.url });
    const admin = await s.createUser('ADMIN');
    const customer = await s.createUser('CUSTOMER');
    await openTicket(s, customer);
    const [queued] = await waitFor(async () => {
      const items = await outbox(s, admin);
      return items[0]?.status === 'QUEUED' && items[0].attempts >= 2 ? items : undefined;
    });
    expect(queued!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(queued!.nextAttemptAt).not.toBeNull();
    const state = (await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token })).body;
    expect(state.lastError).toMatchObject({ emailId: queued!.id, message: expect.stringMatching(/ECONNREFUSED|connect/i) });

    await smtp.up();
    await smtp.waitForMail(1);
    const [sent] = await outboxOf(s, admin, 1, 'SENT');
    expect(sent!.id).toBe(queued!.id);
    expect((await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token })).body.lastError).toBeNull();
    await sleep(800); // several retry periods: nothing is sent again
    expect(smtp.received).toHaveLength(1);
  });

  it('an email queued before a restart is delivered once by the next start', async () => {
    const smtp = await peer();
    await smtp.down();
    const database = await durableDatabase();
    const first = await server({ SMTP_URL: smtp.url }, { database });
    const admin = await first.createUser('ADMIN');
    const customer = await first.createUser('CUSTOMER');
    const ticket = await openTicket(first, customer);
    await waitFor(async () => (await outbox(first, admin))[0]?.attempts);
    await first.close();

    await smtp.up();
    const second = await server({ SMTP_URL: smtp.url }, { database });
    const [mail] = await smtp.waitForMail(1);
    expect(mail!.parsed.inReplyTo).toBe(`<ticket-${ticket.id}@acme.test>`);
    const [sent] = await outboxOf(second, admin, 1, 'SENT');
    expect(sent!.ticket?.id).toBe(ticket.id);
    await sleep(500);
    expect(smtp.received).toHaveLength(1);
  });

  it('a refused recipient (5xx) is FAILED at once, not retried', async () => {
    const smtp = await peer();
    const s = await server({ SMTP_URL: smtp.url });
    const admin = await s.createUser('ADMIN');
    // smtp-server refuses a recipient domain with a syntax it cannot read: a permanent 5xx.
    const stored = await enqueueEmail(s.ctx, {
      kind: 'test',
      dedupeKey: 'test:refused',
      to: { address: 'nobody@[300.1.1.1]' },
      subject: 'x',
      content: { brand: { name: 'X', color: '#000' }, greeting: 'Hi', paragraphs: [], footer: '' },
    });
    const failed = await waitFor(async () => (await outbox(s, admin)).find((e) => e.id === stored.email.id && e.status !== 'QUEUED' && e.status !== 'SENDING'));
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.any(String) });
    expect(smtp.received).toHaveLength(0);
  });

  it('an email out of attempts is FAILED with its last error, and sent no more', async () => {
    const smtp = await peer();
    await smtp.down();
    const s = await server({ SMTP_URL: smtp.url }, { timing: { ...FAST, maxAttempts: 2 } });
    const admin = await s.createUser('ADMIN');
    await openTicket(s, await s.createUser('CUSTOMER'));
    const failed = await waitFor(async () => (await outbox(s, admin)).find((e) => e.status === 'FAILED'));
    expect(failed).toMatchObject({ attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED|connect/i), nextAttemptAt: null });
    await smtp.up();
    await sleep(800);
    expect(smtp.received).toHaveLength(0);
  });
});

describe.skipIf(!onPostgres)('two instances sharing PostgreSQL', () => {
  it('each email is sent once, whichever instance stored it', async () => {
    const smtp = await peer();
    await smtp.down();
    const database = await durableDatabase();
    // Both instances poll often, so that they race for the same rows.
    const timing = { pollMs: 50, retryBaseMs: 100, retryMaxMs: 100, maxAttempts: 1_000 };
    const a = await server({ SMTP_URL: smtp.url }, { database, timing });
    const b = await server({ SMTP_URL: smtp.url }, { database, timing });
    const admin = await a.createUser('ADMIN');
    const customers = await Promise.all(Array.from({ length: 6 }, () => a.createUser('CUSTOMER')));
    const tickets: TicketJson[] = [];
    for (let i = 0; i < 30; i++) tickets.push(await openTicket(i % 2 ? a : b, customers[i % customers.length]!, { subject: `Race ${i}` }));
    await waitFor(async () => (await outbox(a, admin, '?limit=100')).length === 30);
    await smtp.up();
    const mails = await smtp.waitForMail(30, 30_000);
    await sleep(1000);
    expect(smtp.received).toHaveLength(30);
    expect(new Set(mails.map((m) => m.parsed.messageId)).size).toBe(30);
    expect(new Set(mails.map((m) => m.parsed.inReplyTo))).toEqual(new Set(tickets.map((t) => `<ticket-${t.id}@acme.test>`)));
    await waitFor(async () => (await outbox(b, admin, '?limit=100&status=SENT')).length === 30);
  }, 120_000);
});
