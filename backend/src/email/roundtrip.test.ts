// The acceptance test of email (issue 11): a customer who left gets one email for the agent's
// replies, answers it from their mailbox, and the answer reaches the console live. Real servers
// throughout: Deskline on PGlite (or PostgreSQL in CI), an SMTP peer as the customer's mail
// server, the built-in SMTP receiver, nodemailer as the customer's mail client, socket.io-client.
import type { MessageJson, TicketJson } from '@deskline/contract';
import nodemailer from 'nodemailer';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { sleep, waitFor } from '../test/instances.js';
import { startSmtpPeer, type SmtpPeer } from '../test/smtp-peer.js';
import { inboundEmailOf } from './inbound/inbound.js';

describe('acceptance: an agent replies, the customer who left answers by email, the console sees it live', () => {
  let peer: SmtpPeer;
  let s: TestServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    peer = await startSmtpPeer();
    s = await startTestServer({
      env: { MAIL_FROM: 'Acme Support <support@acme.test>', SMTP_URL: peer.url, INBOUND_SMTP_PORT: '0', EMAIL_NOTIFY_DELAY: '2s' },
      emailDelivery: { pollMs: 200, retryBaseMs: 200, retryMaxMs: 1_000 },
    });
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await s?.close();
    await peer?.close();
  });

  const socketFor = async (user: TestUser) => {
    const socket = connectSocket(s.url, { auth: { token: user.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  };

  /** The emails the customer's mail server received, once there are `count` (never more). */
  const mailTo = async (user: TestUser, count: number) => {
    const theirs = () => peer.received.filter((m) => m.envelope.to.includes(user.email));
    await waitFor(() => theirs().length >= count || undefined, { timeoutMs: 30_000, describe: () => `${count} emails to ${user.email}` });
    expect(theirs()).toHaveLength(count);
    return theirs();
  };

  it('round trip', { timeout: 90_000 }, async () => {
    const agent = await s.createUser('AGENT', 'Grace');
    const customer = await s.createUser('CUSTOMER', 'Ada');

    // 1. The customer opens a ticket in their browser, then closes the tab.
    const tab = await socketFor(customer);
    const opened = await s.api<TicketJson>('POST', '/tickets', {
      token: customer.token,
      body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical' },
    });
    expect(opened.status).toBe(201);
    const ticket = opened.body;
    // "We got your ticket" is the customer's first email (the team's own emails are not counted here).
    const [received] = await mailTo(customer, 1);
    expect(received!.parsed.subject).toContain(`#${ticket.number}`);
    tab.disconnect();

    // 2. An agent replies, twice in a row, from the console.
    const consoleSocket = await socketFor(agent);
    for (const body of ['Please unplug it.', 'And open a window.']) {
      const sent = await s.api('POST', `/tickets/${ticket.id}/messages`, { token: agent.token, body: { body } });
      expect(sent.status).toBe(201);
    }

    // 3. One email carries both replies, once they stayed unseen for EMAIL_NOTIFY_DELAY.
    const [, reply] = await mailTo(customer, 2);
    await sleep(3_000); // a second window's email would have arrived by now
    expect(await mailTo(customer, 2)).toHaveLength(2);
    expect(reply!.envelope.to).toEqual([customer.email]);
    expect(reply!.parsed.text).toContain('Please unplug it.');
    expect(reply!.parsed.text).toContain('And open a window.');
    expect(reply!.header('in-reply-to')).toBe(`<ticket-${ticket.id}@acme.test>`);
    const replyTo = reply!.parsed.replyTo?.[0]?.address;
    expect(replyTo).toMatch(/^support\+[0-9a-f]{32}-[0-9a-f]{20}@acme\.test$/);

    // 4. The customer answers from their mail client, to the Reply-To, over SMTP.
    const heard = new Promise<MessageJson>((resolve) =>
      consoleSocket.on('message:new', (message: MessageJson) => {
        if (message.ticketId === ticket.id && message.sender.id === customer.id) resolve(message);
      }),
    );
    const mailClient = nodemailer.createTransport({ host: '127.0.0.1', port: inboundEmailOf(s.ctx)!.state().smtpReceiverPort!, ignoreTLS: true });
    await mailClient.sendMail({
      from: `Ada <${customer.email}>`,
      to: replyTo,
      subject: `Re: ${reply!.parsed.subject}`,
      inReplyTo: reply!.parsed.messageId,
      references: [reply!.parsed.messageId!],
      text: `Done, the fire is out. Thanks!\n\nOn Mon, 30 Nov 2026 at 22:10, Acme Support <${replyTo}> wrote:\n> ${reply!.parsed.text!.split('\n').join('\n> ')}\n`,
    });
    mailClient.close();

    // The console hears it live, and it is in the ticket, from the customer, without the quote.
    const live = await Promise.race([heard, sleep(20_000).then(() => undefined)]);
    expect(live).toMatchObject({ body: 'Done, the fire is out. Thanks!', sender: { id: customer.id, role: 'CUSTOMER' } });
    const messages = await waitFor(async () => {
      const res = await s.api<{ items: MessageJson[] }>('GET', `/tickets/${ticket.id}/messages`, { token: agent.token });
      return res.body.items.length === 3 ? res.body.items : undefined;
    });
    expect(messages.map((m) => m.body)).toEqual(['Please unplug it.', 'And open a window.', 'Done, the fire is out. Thanks!']);
  });
});
