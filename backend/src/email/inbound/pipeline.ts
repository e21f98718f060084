// The one way inbound mail enters Deskline, from IMAP and the built-in SMTP receiver alike: loops
// refused, the sender checked against the ticket its signed reply address names, the text cleaned,
// and the reply added through the same services (and rate limits, and upload rules) as the web.
import { createHash } from 'node:crypto';
import PostalMime, { type Address, type Attachment, type Email } from 'postal-mime';
import { chargeUploads, inspectUpload, storeAttachments, type InspectedUpload } from '../../attachments/service.js';
import { isTeamRole, type AuthUser } from '../../auth/principal.js';
import { addComment } from '../../comments/service.js';
import type { AppContext } from '../../context.js';
import type { Ticket, User } from '../../generated/prisma/client.js';
import { AppError } from '../../http/errors.js';
import { RateLimitedError } from '../../limits/limits.js';
import { sendMessage } from '../../messages/service.js';
import { findVisibleTicket } from '../../tickets/access.js';
import { isFinished } from '../../ratings/service.js';
import { createTicket, ticketForReply } from '../../tickets/service.js';
import { findOrCreateEmailContact, findUserByEmail, findUserById } from '../../users/service.js';
import { MAX_FILES_PER_REQUEST, MAX_UPLOAD_BYTES, TEXT } from '@deskline/contract';
import { replyTokenAmong, verifyReplyToken } from '../replyAddress.js';
import { replyText } from './text.js';

export interface InboundMail {
  raw: Buffer | string;
  /** The SMTP envelope, when the mail came over SMTP: its MAIL FROM ('' for a bounce) and RCPT TOs. */
  envelope?: { from: string; to: string[] };
}

export type InboundOutcome =
  | 'message' // a chat message from the customer on the ticket
  | 'comment' // a public reply from an agent
  | 'ticket' // a new ticket (EMAIL_NEW_TICKETS=true)
  | 'duplicate' // this Message-ID was taken in before
  | 'in-progress' // another delivery is taking this Message-ID in now: not taken here, to be sent again later
  | 'auto-reply' // an auto-reply, a bounce or list mail: never answered, never added
  | 'own-address' // mail from the support mailbox itself
  | 'rate-limited'
  | 'forged-token' // the reply address names a ticket with a MAC that does not verify
  | 'unknown-sender' // the token verifies, but From is neither the ticket's customer nor the team
  | 'no-ticket' // no reply token, and new tickets by email are off
  | 'empty'
  | 'refused'; // the services refused it (the ticket was deleted meanwhile, a file broke a rule…)

export interface InboundResult {
  outcome: InboundOutcome;
  ticketId?: string;
}

/** Auto-replies and list mail by their headers (RFC 3834 and the de-facto ones). */
function isAutomatic(email: Email, envelopeFrom: string | undefined): boolean {
  const header = (name: string) => email.headers.find((h) => h.key === name)?.value.trim().toLowerCase();
  if (envelopeFrom === '' || header('return-path') === '<>') return true; // null sender: a bounce
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  const precedence = header('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true;
  return false;
}

function mailboxesOf(addresses: Address[] | undefined): string[] {
  return (addresses ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address])).filter(Boolean);
}

/** Where a mail was sent: the envelope's recipients, else its headers (IMAP has no envelope). */
function recipientsOf(email: Email, mail: InboundMail): string[] {
  if (mail.envelope) return mail.envelope.to;
  const delivered = email.headers.filter((h) => h.key === 'delivered-to' || h.key === 'x-original-to').map((h) => h.value.trim());
  return [...delivered, ...mailboxesOf(email.to), ...mailboxesOf(email.cc)];
}

/** A stable key per message: its Message-ID, else (rare, and only for badly made mail) its hash. */
function keyOf(email: Email, raw: Buffer | string): string {
  const id = email.messageId?.trim().replace(/^<|>$/g, '');
  if (id) return id.slice(0, 500);
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** How long a claim may stay "processing" before its taker counts as dead (a crash mid-way). */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Claims this mail for taking in. Taken before (any final outcome): a duplicate. Being taken in by
 * another delivery now: not done yet, so the caller must not drop it (SMTP answers 451, IMAP leaves
 * it unread) until that one finishes. A claim left "processing" past STALE_CLAIM_MS belonged to a
 * taker that died: it is taken over rather than the mail lost (what the dead one stored before
 * dying may then be there twice).
 */
async function claimInboundEmail(
  ctx: AppContext,
  key: string,
  sender: string,
  ticketId: string | undefined,
): Promise<'claimed' | 'duplicate' | 'in-progress'> {
  try {
    await ctx.db.inboundEmail.create({ data: { messageId: key, sender, outcome: 'processing', ticketId: ticketId ?? null } });
    return 'claimed';
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
  }
  const { count } = await ctx.db.inboundEmail.updateMany({
    where: { messageId: key, outcome: 'processing', createdAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } },
    data: { createdAt: new Date() },
  });
  if (count === 1) return 'claimed';
  const existing = await ctx.db.inboundEmail.findUnique({ where: { messageId: key }, select: { outcome: true } });
  // Gone meanwhile: its taker gave it back (a failure), so this delivery is the one to retry it.
  if (!existing) return claimInboundEmail(ctx, key, sender, ticketId);
  return existing.outcome === 'processing' ? 'in-progress' : 'duplicate';
}

/** How long the record of a message taken in is kept: far past any SMTP retry or IMAP re-fetch. */
const INBOUND_RECORD_DAYS = 90;

/**
 * Forgets records of mail older than INBOUND_RECORD_DAYS, but for the newest one (it answers "when
 * mail last came in" in Settings → Email).
 */
export async function pruneInboundEmails(ctx: AppContext, now = new Date()): Promise<number> {
  const newest = await ctx.db.inboundEmail.findFirst({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
  if (!newest) return 0;
  const { count } = await ctx.db.inboundEmail.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - INBOUND_RECORD_DAYS * 86_400_000) }, id: { not: newest.id } },
  });
  return count;
}

/** The services' caller for a person writing by email: their rate limits, never a session's rights. */
function actorFor(user: User): AuthUser {
  return { id: user.id, name: user.name, email: user.email, role: user.role, siteId: user.siteId, jti: 'email', exp: 0, mustChangePassword: false };
}

/** The files of a reply that pass the upload rules (type sniffed from bytes, size); others are left out. */
async function acceptedFiles(ctx: AppContext, attachments: Attachment[]): Promise<InspectedUpload[]> {
  const uploads: InspectedUpload[] = [];
  // Inline parts with a Content-ID are pictures in the HTML (logos in signatures), not files sent.
  const files = attachments.filter((a) => a.disposition === 'attachment' || !(a.related && a.contentId));
  for (const attachment of files.slice(0, MAX_FILES_PER_REQUEST)) {
    const buffer = Buffer.from(attachment.content as ArrayBuffer);
    if (buffer.length > MAX_UPLOAD_BYTES) continue;
    try {
      uploads.push(await inspectUpload({ fieldname: 'attachment', originalname: attachment.filename ?? 'file', mimetype: attachment.mimeType, size: buffer.length, buffer }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      ctx.log(`Email: left out an attachment that breaks the upload rules: ${error.message}`);
    }
  }
  return uploads;
}

/** Files allowed by the sender's quota and upload budget, or none (the text is kept either way). */
async function chargedFiles(ctx: AppContext, user: AuthUser, address: string, uploads: InspectedUpload[]): Promise<InspectedUpload[]> {
  if (uploads.length === 0) return uploads;
  try {
    await chargeUploads(ctx, user, address, uploads);
    return uploads;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    ctx.log(`Email: left out the attachments of a reply: ${error.message}`);
    return [];
  }
}

const clip = (text: string, max: number) => (text.length > max ? `${Array.from(text).slice(0, max - 1).join('')}…` : text);

/**
 * Takes one inbound email. Resolves with what became of it; rejects only when it could not be
 * handled now (the database is down), so that IMAP leaves it unread and SMTP asks for a retry.
 */
export async function receiveEmail(ctx: AppContext, mail: InboundMail): Promise<InboundResult> {
  const email = await PostalMime.parse(mail.raw, { attachmentEncoding: 'arraybuffer' });
  const from = email.from && !email.from.group ? email.from.address.toLowerCase() : '';
  const support = ctx.config.email.from.address.toLowerCase();
  const result = (outcome: InboundOutcome, ticketId?: string): InboundResult => {
    ctx.log(`Email: inbound mail from ${from || '(no sender)'}: ${outcome}${ticketId ? ` (ticket ${ticketId})` : ''}`);
    return { outcome, ...(ticketId ? { ticketId } : {}) };
  };

  if (!from || isAutomatic(email, mail.envelope?.from)) return result('auto-reply');
  // Deskline never answers itself: mail From the support mailbox (or a plus-address of it).
  const [supportLocal, supportDomain] = [support.slice(0, support.lastIndexOf('@')).split('+')[0], support.slice(support.lastIndexOf('@') + 1)];
  if (from === support || (from.endsWith(`@${supportDomain}`) && from.split('@')[0]!.split('+')[0] === supportLocal)) return result('own-address');

  const { token } = replyTokenAmong(ctx, recipientsOf(email, mail));
  let ticketId: string | undefined;
  let repliedTo: Ticket | undefined;
  let actor: User | undefined;
  let asCustomer = false;
  if (token !== undefined) {
    ticketId = verifyReplyToken(ctx, token) ?? undefined;
    // A forged or altered token touches no ticket, and does not open one either.
    if (!ticketId) return result('forged-token');
    const ticket = await findVisibleTicket(ctx, { id: 'email', role: 'ADMIN' }, ticketId).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404) return undefined;
      throw error;
    });
    if (!ticket) return result('no-ticket');
    repliedTo = ticket;
    const customer = await findUserById(ctx, ticket.customerId);
    const customerAddresses = [customer?.email, customer?.contactEmail].filter((a): a is string => !!a).map((a) => a.toLowerCase());
    if (customer && !customer.disabled && customerAddresses.includes(from)) {
      actor = customer;
      asCustomer = true;
    } else {
      const member = await findUserByEmail(ctx, from);
      if (member && !member.disabled && isTeamRole(member.role)) actor = member;
    }
    if (!actor) return result('unknown-sender');
  } else if (!ctx.config.email.inbound.newTickets) {
    return result('no-ticket');
  }

  try {
    await ctx.limits.chargeInboundEmail(from);
  } catch (error) {
    if (error instanceof RateLimitedError) return result('rate-limited');
    throw error;
  }

  const body = replyText(email);
  const key = keyOf(email, mail.raw);
  // Claimed before anything is written: the same mail fetched twice, or by two instances, is taken once.
  const claim = await claimInboundEmail(ctx, key, from, ticketId);
  if (claim !== 'claimed') return result(claim, ticketId);
  try {
    const outcome = await (async (): Promise<InboundResult> => {
      const address = `email:${from}`;
      if (!actor || !ticketId) {
        // A new ticket from an unverified contact, never a registered account's.
        const member = await findUserByEmail(ctx, from);
        if (member && isTeamRole(member.role)) return { outcome: 'no-ticket' };
        const name = email.from && !email.from.group ? email.from.name : undefined;
        const contact = await findOrCreateEmailContact(ctx, { address: from, name });
        if (contact.disabled) return { outcome: 'unknown-sender' };
        const user = actorFor(contact);
        const files = await chargedFiles(ctx, user, address, await acceptedFiles(ctx, email.attachments));
        const subject = email.subject?.trim() || undefined;
        const description = clip(body || subject || 'Sent by email without text.', TEXT.ticketDescription[1]);
        const ticket = await createTicket(
          ctx,
          user,
          {
            ...(subject && subject.length >= TEXT.subject[0] ? { subject: clip(subject, TEXT.subject[1]) } : {}),
            description,
            category: 'general',
            priority: 'MEDIUM',
          },
          files.map((f) => ({ fieldname: 'attachment', originalname: f.filename, mimetype: f.mimeType, size: f.bytes.length, buffer: f.bytes })),
          address,
        );
        return { outcome: 'ticket', ticketId: ticket.id };
      }
      const user = actorFor(actor);
      const files = await chargedFiles(ctx, user, address, await acceptedFiles(ctx, email.attachments));
      if (!body && files.length === 0) return { outcome: 'empty', ticketId };
      if (asCustomer) {
        // The chat's rule: a reply to a resolved or closed ticket reopens it within the site's window,
        // else goes to a follow-up linked to it. Known first, so that the files are stored there.
        const target = repliedTo && isFinished(repliedTo.status) ? (await ticketForReply(ctx, user, repliedTo)).id : ticketId;
        // The customer's files travel with their message, as when they attach them in the widget.
        const stored = files.length > 0 ? await storeAttachments(ctx, target, user.id, files) : [];
        const clientId = `email-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
        const attachmentIds = stored.map((a) => a.id);
        await sendMessage(ctx, user, target, { ...(body ? { body: clip(body, TEXT.message[1]) } : {}), attachmentIds, clientId }, address);
        return { outcome: 'message', ticketId: target };
      }
      const stored = files.length > 0 ? await storeAttachments(ctx, ticketId, user.id, files) : [];
      if (stored.length > 0) {
        // Files on the ticket itself: its JSON lists them, so its followers get it again.
        ctx.events.emit('ticket.updated', { ticket: await findVisibleTicket(ctx, user, ticketId) });
      }
      const text = body || `Sent ${files.length === 1 ? 'a file' : `${files.length} files`} by email: ${files.map((f) => f.filename).join(', ')}`;
      await addComment(ctx, user, ticketId, { body: clip(text, TEXT.comment[1]), internal: false }, address);
      return { outcome: 'comment', ticketId };
    })();
    await ctx.db.inboundEmail.update({ where: { messageId: key }, data: { outcome: outcome.outcome, ticketId: outcome.ticketId ?? null } });
    return result(outcome.outcome, outcome.ticketId);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      // A refusal is final: sent again, the same mail would be refused again.
      const outcome = error instanceof RateLimitedError ? 'rate-limited' : 'refused';
      await ctx.db.inboundEmail.update({ where: { messageId: key }, data: { outcome } });
      ctx.log(`Email: inbound mail from ${from} refused: ${error.message}`);
      return result(outcome, ticketId);
    }
    // Not taken after all: the next delivery or fetch of this mail tries again.
    await ctx.db.inboundEmail.delete({ where: { messageId: key } }).catch(() => {});
    throw error;
  }
}
