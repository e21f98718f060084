// What Deskline emails, and to whom: domain events become emails in the outbox. Listeners never
// block or fail the request that published the event.
import type { AppContext } from '../context.js';
import type { Ticket } from '../generated/prisma/client.js';
import { siteBrand } from '../sites/service.js';
import { findUserById } from '../users/service.js';
import { DEFAULT_THEME } from '@deskline/contract';
import type { Brand } from './compose.js';
import { enqueueEmail, toOutboxJson } from './service.js';
import { randomUUID } from 'node:crypto';
import { AppError } from '../http/errors.js';
import type { OutboxEmailJson } from '@deskline/contract';

/** The product's brand, for tickets opened outside any site (the portal, the API). */
function productBrand(ctx: AppContext): Brand {
  return { name: ctx.config.email.from.name ?? 'Deskline', color: DEFAULT_THEME.color };
}

export async function brandFor(ctx: AppContext, siteId: string | null): Promise<Brand> {
  return (siteId ? await siteBrand(ctx, siteId) : undefined) ?? productBrand(ctx);
}

/** "We got your ticket #N", to a customer who opened a ticket and gave an email. */
export async function notifyTicketReceived(ctx: AppContext, ticket: Ticket): Promise<void> {
  const customer = await findUserById(ctx, ticket.customerId);
  if (!customer || customer.disabled || customer.role !== 'CUSTOMER') return;
  const address = customer.email ?? customer.contactEmail;
  if (!address) return;
  // An address a visitor typed is unproven: anyone could have typed it. Mail to it carries only
  // our own words, never the ticket's text, so the widget cannot relay a stranger's message.
  const verified = customer.email !== null || customer.contactEmailVerified;
  const brand = await brandFor(ctx, ticket.siteId);
  await enqueueEmail(ctx, {
    kind: 'ticket.received',
    dedupeKey: `ticket.received:${ticket.id}`,
    ticketId: ticket.id,
    recipientId: customer.id,
    to: { name: customer.name, address },
    subject: verified ? `We got your ticket #${ticket.number}: ${ticket.subject}` : `We got your ticket #${ticket.number}`,
    content: {
      brand,
      greeting: `Hi ${customer.name},`,
      paragraphs: [
        `Thank you for contacting ${brand.name}. We got your ticket #${ticket.number}, and someone from our team will answer soon.`,
        'Please keep the ticket number: it is how we find your request.',
      ],
      ...(verified ? { quote: { title: ticket.subject, body: ticket.description } } : {}),
      footer: `You receive this email because a support ticket was opened with ${brand.name} using this address.`,
    },
  });
}

/** "Send a test email" in Settings → Email: to the admin's own address, through the same queue as every email. */
export async function sendTestEmail(ctx: AppContext, adminId: string): Promise<OutboxEmailJson> {
  const admin = await findUserById(ctx, adminId);
  if (!admin?.email) throw new AppError('NO_SIGN_IN_EMAIL', 409, 'Your account has no email address to send to');
  const brand = productBrand(ctx);
  const { email } = await enqueueEmail(ctx, {
    kind: 'test',
    dedupeKey: `test:${randomUUID()}`,
    recipientId: admin.id,
    to: { name: admin.name, address: admin.email },
    subject: `Test email from ${brand.name}`,
    content: {
      brand,
      greeting: `Hi ${admin.name},`,
      paragraphs: ['This is a test email from Deskline. If you can read it, your customers and your team receive their emails too.'],
      footer: 'You receive this email because you asked for a test email in Settings → Email.',
    },
  });
  return toOutboxJson({ ...email, ticket: null });
}

/** Subscribes the notifications to domain events; `pending` lets shutdown wait for those under way. */
export function attachEmailNotifications(ctx: AppContext, pending: Set<Promise<unknown>>): () => void {
  const track = (what: string, work: Promise<unknown>) => {
    const done = work
      .catch((error) => ctx.log(`Email: ${what} failed: ${(error as Error)?.stack ?? String(error)}`))
      .finally(() => pending.delete(done));
    pending.add(done);
  };
  return ctx.events.on('ticket.created', ({ ticket }) => track(`ticket.received for ${ticket.id}`, notifyTicketReceived(ctx, ticket)));
}
