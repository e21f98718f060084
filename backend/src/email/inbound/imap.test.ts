// Inbound mail over real IMAP, against Dovecot (.ci/start-dovecot, which .ci/run starts and
// which sets TEST_IMAP_URL). Each run reads a mailbox of its own on that server, through a TCP
// proxy so that the test can take the server away and bring it back.
import type { EmailStateJson, MessageJson, TicketJson } from '@deskline/contract';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../test/harness.js';
import { waitFor } from '../../test/instances.js';
import { startTcpProxy, targetOf, type TcpProxy } from '../../test/tcp-proxy.js';
import { replyAddress } from '../replyAddress.js';
import { imapTarget } from './imap.js';
import { inboundEmailOf } from './inbound.js';

const IMAP_URL = process.env.TEST_IMAP_URL;
if (!IMAP_URL && process.env.CI === 'true') {
  throw new Error('TEST_IMAP_URL is not set: under CI the IMAP tests must run (.ci/run starts Dovecot and sets it)');
}
if (!IMAP_URL) {
  console.warn('Skipping the IMAP tests: TEST_IMAP_URL is not set (start Dovecot with `sudo .ci/start-dovecot`, which prints it).');
}

function mailboxClient(url: string): ImapFlow {
  const target = imapTarget(url);
  return new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    doSTARTTLS: target.secure ? undefined : false,
    auth: { user: target.user, pass: target.pass },
    logger: false,
  });
}

function reply(from: string, to: string, body: string, messageId = `imap-${randomBytes(8).toString('hex')}@mail.example.test`): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: Re: Printer on fire',
    `Message-ID: <${messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
    '> On Mon, 30 Nov 2026 at 22:10, Acme Support <support@acme.test> wrote:',
    '> Unplug it.',
    '',
  ].join('\r\n');
}

describe.skipIf(!IMAP_URL)('replies read over IMAP (Dovecot)', () => {
  let s: TestServer;
  let admin: TestUser;
  let proxy: TcpProxy;
  let mailbox: ImapFlow;
  const folder = `deskline-test-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    mailbox = mailboxClient(IMAP_URL!);
    await mailbox.connect();
    await mailbox.mailboxCreate(folder);
    proxy = await startTcpProxy(targetOf(IMAP_URL!, 143));
    const url = new URL(proxy.urlFor(IMAP_URL!));
    url.pathname = `/${folder}`;
    s = await startTestServer({
      env: { MAIL_FROM: 'Acme Support <support@acme.test>', IMAP_URL: url.href },
      imapTiming: { pollMs: 300, idleCheckMs: 2_000, retryBaseMs: 200, retryMaxMs: 1_000 },
    });
    admin = await s.createUser('ADMIN');
  });
  afterAll(async () => {
    await s?.close();
    await proxy?.close();
    if (mailbox?.usable) {
      await mailbox.mailboxDelete(folder).catch(() => {});
      await mailbox.logout();
    }
  });

  async function openTicket(owner: TestUser): Promise<TicketJson> {
    const res = await s.api<TicketJson>('POST', '/tickets', {
      token: owner.token,
      body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' },
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  const messagesOf = async (ticketId: string) =>
    (await s.api<{ items: MessageJson[] }>('GET', `/tickets/${ticketId}/messages`, { token: admin.token })).body.items;
  const imapState = () => inboundEmailOf(s.ctx)!.state().imap!;

  it('a reply APPENDed to the mailbox ends up in the ticket, and is marked \\Seen', async () => {
    await waitFor(() => imapState().connected || undefined, { describe: () => 'an IMAP connection' });
    const customer = await s.createUser('CUSTOMER', 'Ada');
    const ticket = await openTicket(customer);
    await mailbox.append(folder, reply(`Ada <${customer.email}>`, replyAddress(s.ctx, ticket.id), 'Read over IMAP.'));
    const [message] = await waitFor(async () => {
      const items = await messagesOf(ticket.id);
      return items.length > 0 ? items : undefined;
    });
    expect(message).toMatchObject({ body: 'Read over IMAP.', sender: { id: customer.id } });
    const lock = await mailbox.getMailboxLock(folder);
    try {
      const unseen = await waitFor(async () => {
        const uids = (await mailbox.search({ seen: false }, { uid: true })) || [];
        return uids.length === 0 ? uids : undefined;
      }, { describe: () => 'every message \\Seen' });
      expect(unseen).toEqual([]);
    } finally {
      lock.release();
    }
    const status = await s.api<EmailStateJson>('GET', '/email/status', { token: admin.token });
    expect(status.body.inbound.imap).toMatchObject({ host: '127.0.0.1', mailbox: folder, connected: true, idle: true });
    expect(status.body.inbound.imap!.lastPollAt).not.toBeNull();
    expect(JSON.stringify(status.body)).not.toContain(imapTarget(IMAP_URL!).pass);
  });

  it('recovers by itself when the IMAP server is away, and takes what arrived meanwhile exactly once', async () => {
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(customer);
    proxy.cut('refuse');
    await waitFor(() => (!imapState().connected ? true : undefined), { describe: () => 'the IMAP connection lost' });
    await mailbox.append(folder, reply(customer.email, replyAddress(s.ctx, ticket.id), 'Sent while the server was away.'));
    // Still away: reconnects are refused (and retried with backoff), nothing is read.
    await waitFor(() => (imapState().lastError ? true : undefined), { describe: () => 'a recorded IMAP error' });
    expect(await messagesOf(ticket.id)).toEqual([]);
    proxy.restore();
    const [message] = await waitFor(async () => {
      const items = await messagesOf(ticket.id);
      return items.length > 0 ? items : undefined;
    });
    expect(message!.body).toBe('Sent while the server was away.');
    expect(imapState().connected).toBe(true);
    // Read again after another cut, the same message is not taken twice.
    proxy.cut('refuse');
    await waitFor(() => (!imapState().connected ? true : undefined));
    proxy.restore();
    await waitFor(() => imapState().connected || undefined);
    expect(await messagesOf(ticket.id)).toHaveLength(1);
  });

  it('leaves unread a message another instance is taking in, and marks it \\Seen once that one is done', async () => {
    await waitFor(() => imapState().connected || undefined, { describe: () => 'an IMAP connection' });
    const customer = await s.createUser('CUSTOMER');
    const ticket = await openTicket(customer);
    const messageId = `imap-inflight-${randomBytes(8).toString('hex')}@mail.example.test`;
    await s.ctx.db.inboundEmail.create({ data: { messageId, sender: customer.email, outcome: 'processing', ticketId: ticket.id } });
    await mailbox.append(folder, reply(customer.email, replyAddress(s.ctx, ticket.id), 'Taken in elsewhere.', messageId));
    const unseen = async () => {
      const lock = await mailbox.getMailboxLock(folder);
      try {
        return (await mailbox.search({ seen: false }, { uid: true })) || [];
      } finally {
        lock.release();
      }
    };
    // Two looks at the mailbox after the append: the message was read, and left unread.
    const appended = Date.now();
    await waitFor(() => ((imapState().lastPollAt?.getTime() ?? 0) > appended ? true : undefined), { describe: () => 'a look after the append' });
    const looked = imapState().lastPollAt!.getTime();
    await waitFor(() => ((imapState().lastPollAt?.getTime() ?? 0) > looked ? true : undefined), { describe: () => 'another look' });
    expect(await unseen()).toHaveLength(1);
    expect(await messagesOf(ticket.id)).toEqual([]);
    // The other instance finishes: the next look finds a duplicate, and marks it read.
    await s.ctx.db.inboundEmail.update({ where: { messageId }, data: { outcome: 'message' } });
    await waitFor(async () => ((await unseen()).length === 0 ? true : undefined), { describe: () => 'the message \\Seen' });
    expect(await messagesOf(ticket.id)).toEqual([]);
  });
});
