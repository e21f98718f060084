// The outbox: every email is stored here, rendered, before anything tries to send it. Delivery
// (delivery.ts) reads it; the console lists it. The only module that touches OutboundEmail.
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { uuidv7 } from '../db/ids.js';
import type { OutboundEmail } from '../generated/prisma/client.js';
import { decodeCreatedAtCursor, toPage } from '../http/cursor.js';
import { EMAIL_STATUSES, type EmailStateJson, type EmailStatus, type OutboxEmailJson, type OutboxQuery } from '@deskline/contract';
import { emailMessageId, formatMailbox, renderEmail, threadHeaders, type EmailContent } from './compose.js';
import { inboundEmailOf } from './inbound/inbound.js';
import { replyAddress } from './replyAddress.js';

export interface NewEmail {
  /** What it says, e.g. "ticket.received". */
  kind: string;
  /** At most one email per key: asking again returns the stored one. */
  dedupeKey: string;
  ticketId?: string;
  recipientId?: string;
  to: { name?: string | null; address: string };
  subject: string;
  content: EmailContent;
  /** More headers, e.g. a notification's List-Unsubscribe. */
  headers?: Record<string, string>;
}

/**
 * Stores an email, rendered and addressed, as QUEUED (or NOT_SENT when no SMTP server is
 * configured, so it is kept and shown but never sent), and wakes this instance's delivery.
 */
export async function enqueueEmail(ctx: AppContext, email: NewEmail): Promise<{ email: OutboundEmail; created: boolean }> {
  const config = ctx.config.email;
  const id = uuidv7();
  const { html, text } = renderEmail(email.content);
  try {
    const stored = await ctx.db.outboundEmail.create({
      data: {
        id,
        kind: email.kind,
        dedupeKey: email.dedupeKey,
        ticketId: email.ticketId ?? null,
        recipientId: email.recipientId ?? null,
        from: formatMailbox(config.from.name, config.from.address),
        to: formatMailbox(email.to.name, email.to.address),
        // Header injection is nodemailer's to prevent too, but a stored subject is shown as one line.
        subjectLine: email.subject.replace(/[\r\n\t]+/g, ' ').trim(),
        html,
        text,
        messageId: emailMessageId(config, id),
        // A ticket's emails are answered at its signed reply address (email/inbound takes the answers).
        headers: { ...threadHeaders(config, email.ticketId), ...(email.ticketId ? { 'Reply-To': replyAddress(ctx, email.ticketId) } : {}), ...email.headers },
        status: config.smtpUrl ? 'QUEUED' : 'NOT_SENT',
      },
    });
    if (stored.status === 'QUEUED') ctx.events.emit('email.queued', { emailId: stored.id });
    return { email: stored, created: true };
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    const existing = await ctx.db.outboundEmail.findUnique({ where: { dedupeKey: email.dedupeKey } });
    if (!existing) throw error;
    return { email: existing, created: false };
  }
}

const withTicket = { ticket: { select: { id: true, number: true } } } as const;
type EmailWithTicket = OutboundEmail & { ticket: { id: string; number: number } | null };

function headersOf(email: OutboundEmail): Record<string, string> {
  const headers = email.headers;
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) return {};
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function toOutboxJson(email: EmailWithTicket): OutboxEmailJson {
  return {
    id: email.id,
    kind: email.kind,
    ticket: email.ticket,
    from: email.from,
    to: email.to,
    subject: email.subjectLine,
    messageId: email.messageId,
    headers: headersOf(email),
    html: email.html,
    text: email.text,
    status: email.status,
    attempts: email.attempts,
    nextAttemptAt: email.status === 'QUEUED' ? email.nextAttemptAt.toISOString() : null,
    lastError: email.lastError,
    sentAt: email.sentAt?.toISOString() ?? null,
    createdAt: email.createdAt.toISOString(),
  };
}

/** The outbox, newest first. */
export async function listOutbox(ctx: AppContext, query: z.infer<typeof OutboxQuery>) {
  const after = query.cursor ? decodeCreatedAtCursor(query.cursor) : undefined;
  const rows = await ctx.db.outboundEmail.findMany({
    where: {
      ...(query.status ? { status: query.status } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    include: withTicket,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = toPage(rows, query.limit, (e) => [e.createdAt.toISOString(), e.id]);
  return { items: page.items.map(toOutboxJson), nextCursor: page.nextCursor };
}

/** Where mail goes, never with the credentials of SMTP_URL. */
export function smtpServerOf(smtpUrl: string | undefined) {
  if (!smtpUrl) return { configured: false, host: null, port: null, secure: false };
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return { configured: true, host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587, secure };
}

/** This instance's inbound paths: the IMAP reader's connection and the SMTP receiver's port. */
function inboundStateJson(ctx: AppContext, lastReceivedAt: Date | null): EmailStateJson['inbound'] {
  const state = inboundEmailOf(ctx)?.state();
  const imap = state?.imap;
  return {
    imap: imap
      ? {
          host: imap.host,
          mailbox: imap.mailbox,
          connected: imap.connected,
          idle: imap.idle,
          lastPollAt: imap.lastPollAt?.toISOString() ?? null,
          lastError: imap.lastError ? { message: imap.lastError.message, at: imap.lastError.at.toISOString() } : null,
        }
      : null,
    smtpReceiver: state?.smtpReceiverPort != null ? { port: state.smtpReceiverPort } : null,
    newTickets: ctx.config.email.inbound.newTickets,
    lastReceivedAt: lastReceivedAt?.toISOString() ?? null,
  };
}

export async function emailState(ctx: AppContext): Promise<EmailStateJson> {
  const config = ctx.config.email;
  const [groups, lastSent, lastFailure, lastReceived] = await Promise.all([
    ctx.db.outboundEmail.groupBy({ by: ['status'], _count: { _all: true } }),
    ctx.db.outboundEmail.findFirst({ where: { status: 'SENT' }, orderBy: { sentAt: 'desc' }, select: { sentAt: true } }),
    // An error that still matters: its email is waiting for a retry, or gave up.
    ctx.db.outboundEmail.findFirst({
      where: { lastError: { not: null }, status: { in: ['QUEUED', 'SENDING', 'FAILED'] } },
      orderBy: { updatedAt: 'desc' },
      select: { id: true, lastError: true, updatedAt: true },
    }),
    ctx.db.inboundEmail.findFirst({ orderBy: { createdAt: 'desc' }, select: { createdAt: true } }),
  ]);
  const counts = Object.fromEntries(EMAIL_STATUSES.map((s) => [s, 0])) as Record<EmailStatus, number>;
  for (const group of groups) counts[group.status] = group._count._all;
  return {
    smtp: smtpServerOf(config.smtpUrl),
    from: formatMailbox(config.from.name, config.from.address),
    notifyDelaySeconds: Math.round(config.notifyDelayMs / 1000),
    counts,
    lastSentAt: lastSent?.sentAt?.toISOString() ?? null,
    lastError: lastFailure?.lastError
      ? { message: lastFailure.lastError, at: lastFailure.updatedAt.toISOString(), emailId: lastFailure.id }
      : null,
    inbound: inboundStateJson(ctx, lastReceived?.createdAt ?? null),
  };
}
