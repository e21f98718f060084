// The signed links in emails: a portal link that signs a customer in to one ticket, and an
// unsubscribe link that works without signing in. Each is signed with its own key derived from
// the server secret, so neither can pass for the other or for a session token.
import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { assertSigningSecret } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import type { EmailTopic } from '../preferences/service.js';

/** How long a portal link signs its customer in. */
export const PORTAL_LINK_TTL = '7d';

const EMAIL_TOPICS: readonly EmailTopic[] = ['newTicket', 'assigned', 'customerReply', 'ticketUpdates'];

const keys = new Map<string, Buffer>();
function keyFor(secret: string, purpose: string): Buffer {
  assertSigningSecret(secret);
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) keys.set(id, (key = createHmac('sha256', secret).update(`deskline:${purpose}`).digest()));
  return key;
}

/** A link token for `customerId`'s ticket `ticketId`, valid for 7 days (`ttl`: seconds, for tests). */
export function signPortalLink(ctx: AppContext, customerId: string, ticketId: string, ttl: string | number = PORTAL_LINK_TTL): string {
  return jwt.sign({ tkt: ticketId }, keyFor(ctx.config.jwtSecret, 'portal-link'), {
    algorithm: 'HS256',
    subject: customerId,
    expiresIn: ttl as jwt.SignOptions['expiresIn'],
  });
}

/** The customer and ticket a link names, or undefined for a forged, malformed or expired one. */
export function verifyPortalLink(ctx: AppContext, token: string): { customerId: string; ticketId: string } | undefined {
  try {
    const claims = jwt.verify(token, keyFor(ctx.config.jwtSecret, 'portal-link'), { algorithms: ['HS256'] });
    if (typeof claims !== 'object' || typeof claims.sub !== 'string' || typeof claims.tkt !== 'string' || !claims.exp) return undefined;
    return { customerId: claims.sub, ticketId: claims.tkt };
  } catch {
    return undefined;
  }
}

/** The portal page a customer's email links to: it signs them in to that ticket and opens it. */
export function portalLinkUrl(ctx: AppContext, customerId: string, ticketId: string): string {
  return `${ctx.config.publicUrl}/portal#t=${signPortalLink(ctx, customerId, ticketId)}`;
}

/** An unsubscribe token: who stops getting which kind of email. It does not expire (RFC 8058). */
export function signUnsubscribe(ctx: AppContext, userId: string, topic: EmailTopic): string {
  return jwt.sign({ topic }, keyFor(ctx.config.jwtSecret, 'unsubscribe'), { algorithm: 'HS256', subject: userId, noTimestamp: true });
}

export function verifyUnsubscribe(ctx: AppContext, token: string): { userId: string; topic: EmailTopic } | undefined {
  try {
    const claims = jwt.verify(token, keyFor(ctx.config.jwtSecret, 'unsubscribe'), { algorithms: ['HS256'] });
    if (typeof claims !== 'object' || typeof claims.sub !== 'string' || !EMAIL_TOPICS.includes(claims.topic)) return undefined;
    return { userId: claims.sub, topic: claims.topic as EmailTopic };
  } catch {
    return undefined;
  }
}

export function unsubscribeUrl(ctx: AppContext, userId: string, topic: EmailTopic): string {
  return `${ctx.config.publicUrl}/email/unsubscribe?t=${signUnsubscribe(ctx, userId, topic)}`;
}

/** RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the link. */
export function unsubscribeHeaders(ctx: AppContext, userId: string, topic: EmailTopic): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(ctx, userId, topic)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
