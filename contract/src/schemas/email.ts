// The email outbox as the console sees it: every email Deskline has stored, with its delivery
// state, and the state of outbound SMTP.
import { z } from 'zod';
import { PageQuery, Timestamp } from './common.js';

export const EMAIL_STATUSES = ['QUEUED', 'SENDING', 'SENT', 'FAILED', 'NOT_SENT'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export const EmailStatus = z.enum(EMAIL_STATUSES).meta({
  id: 'EmailStatus',
  description:
    'QUEUED: waiting for its next attempt; SENDING: an instance is handing it to the SMTP server; SENT: accepted by the SMTP server; ' +
    'FAILED: refused, or out of attempts; NOT_SENT: stored while no SMTP_URL was set, never sent',
});

export const OutboxEmail = z
  .object({
    id: z.string(),
    kind: z.string().meta({ description: 'What it says, e.g. ticket.received', example: 'ticket.received' }),
    ticket: z.object({ id: z.string(), number: z.number().int() }).nullable(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    messageId: z.string().meta({ description: 'The Message-ID header, without angle brackets' }),
    headers: z.record(z.string(), z.string()).meta({ description: 'The other headers it is sent with (In-Reply-To, References, Auto-Submitted…)' }),
    html: z.string().meta({ description: 'The HTML part, as sent: show it only in a sandboxed frame' }),
    text: z.string().meta({ description: 'The plain-text part' }),
    status: EmailStatus,
    attempts: z.number().int(),
    nextAttemptAt: Timestamp.nullable().meta({ description: 'When QUEUED: the earliest time of the next attempt' }),
    lastError: z.string().nullable(),
    sentAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'OutboxEmail' });

export const OutboxQuery = PageQuery.extend({
  status: EmailStatus.optional(),
});

export const EmailState = z
  .object({
    smtp: z.object({
      configured: z.boolean().meta({ description: 'SMTP_URL is set: emails are sent' }),
      /** Never the credentials. */
      host: z.string().nullable(),
      port: z.number().int().nullable(),
      secure: z.boolean().meta({ description: 'smtps:// (TLS from the start); smtp:// upgrades with STARTTLS when offered' }),
    }),
    from: z.string().meta({ description: 'MAIL_FROM, the sender of every email' }),
    notifyDelaySeconds: z.number().int(),
    counts: z.record(EmailStatus, z.number().int()).meta({ description: 'Emails in the outbox by status' }),
    lastSentAt: Timestamp.nullable(),
    lastError: z
      .object({ message: z.string(), at: Timestamp, emailId: z.string() })
      .nullable()
      .meta({ description: 'The latest delivery error of an email not sent since' }),
    inbound: z.object({
      imap: z
        .object({
          /** Never the credentials. */
          host: z.string(),
          mailbox: z.string(),
          connected: z.boolean(),
          idle: z.boolean().meta({ description: 'The server pushes new mail (IDLE); otherwise it is polled every 30 s' }),
          lastPollAt: Timestamp.nullable().meta({ description: 'The last time the mailbox was read' }),
          lastError: z.object({ message: z.string(), at: Timestamp }).nullable(),
        })
        .nullable()
        .meta({ description: "IMAP_URL's mailbox as this instance reads it; null when IMAP_URL is unset" }),
      smtpReceiver: z
        .object({ port: z.number().int() })
        .nullable()
        .meta({ description: 'The built-in SMTP receiver (INBOUND_SMTP_PORT); null when it is off' }),
      newTickets: z.boolean().meta({ description: 'EMAIL_NEW_TICKETS: mail without a reply address opens a ticket' }),
      lastReceivedAt: Timestamp.nullable().meta({ description: 'The last inbound email taken in, by any instance' }),
    }),
  })
  .meta({ id: 'EmailState' });

export type OutboxEmailJson = z.infer<typeof OutboxEmail>;
export type EmailStateJson = z.infer<typeof EmailState>;
