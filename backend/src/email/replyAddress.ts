// The address a ticket's emails are answered at: a plus-address of the support mailbox carrying
// the ticket's id and an HMAC of it, so a reply names its ticket and the name cannot be forged.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { assertSigningSecret } from '../auth/tokens.js';
import type { AppContext } from '../context.js';

/** 80 bits of HMAC, in lowercase hex: mail systems may fold the case of a local part. */
const MAC_HEX = 20;
const TOKEN = new RegExp(`^([0-9a-f]{32})-([0-9a-f]{${MAC_HEX}})$`);

/** The key is derived from the server secret, apart from every other use of it (JWTs, attachment URLs). */
const keys = new Map<string, Buffer>();
function replyKey(secret: string): Buffer {
  assertSigningSecret(secret);
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createHmac('sha256', secret).update('deskline:email-reply-address').digest()));
  return key;
}

function macOf(secret: string, ticketId: string): string {
  return createHmac('sha256', replyKey(secret)).update(`ticket:${ticketId}`).digest('hex').slice(0, MAC_HEX);
}

/** The reply token of a ticket: its id (32 hex digits, no dashes) and the MAC of that id. */
export function replyToken(ctx: AppContext, ticketId: string): string {
  return `${ticketId.replace(/-/g, '').toLowerCase()}-${macOf(ctx.config.jwtSecret, ticketId.toLowerCase())}`;
}

/** `support+<token>@acme.com`, from MAIL_FROM's address. */
export function replyAddress(ctx: AppContext, ticketId: string): string {
  const [local, domain] = splitAddress(ctx.config.email.from.address);
  return `${local.split('+')[0]}+${replyToken(ctx, ticketId)}@${domain}`;
}

/** The ticket id a token names, or null when the token is malformed or its MAC is wrong. */
export function verifyReplyToken(ctx: AppContext, token: string): string | null {
  const match = TOKEN.exec(token.toLowerCase());
  if (!match) return null;
  const hex = match[1]!;
  const ticketId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expected = Buffer.from(macOf(ctx.config.jwtSecret, ticketId));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? ticketId : null;
}

/**
 * What a recipient address means for the support mailbox: not ours (null), the bare support address
 * (token undefined), or a plus-address with the text after "+" (verified separately).
 */
export function parseSupportRecipient(ctx: AppContext, address: string): { token: string | undefined } | null {
  const [supportLocal, supportDomain] = splitAddress(ctx.config.email.from.address);
  const base = supportLocal.split('+')[0]!.toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  if (domain !== supportDomain.toLowerCase()) return null;
  if (local === base) return { token: undefined };
  return local.startsWith(`${base}+`) ? { token: local.slice(base.length + 1) } : null;
}

/** The reply token among a message's recipients, if any names the support mailbox with one. */
export function replyTokenAmong(ctx: AppContext, addresses: string[]): { addressed: boolean; token: string | undefined } {
  let addressed = false;
  for (const address of addresses) {
    const recipient = parseSupportRecipient(ctx, address);
    if (!recipient) continue;
    addressed = true;
    if (recipient.token) return { addressed, token: recipient.token };
  }
  return { addressed, token: undefined };
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}
