// Signing in from an email: a notification's portal link (one ticket, no password) and the
// password reset link (once, for 30 minutes, voided by any password change).
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { verifyPortalLink } from '../email/links.js';
import { brandFor } from '../email/notifications.js';
import { enqueueEmail } from '../email/service.js';
import { AppError } from '../http/errors.js';
import { siteSessionEpoch } from '../sites/service.js';
import { findVisibleTicket } from '../tickets/access.js';
import { findUserByEmail, findUserById, holdUser, setPassword } from '../users/service.js';
import { isTeamRole } from './principal.js';
import { issueToken } from './service.js';

/** How long a reset link works. */
export const RESET_TTL_MS = 30 * 60_000;
/** Reset links emailed to one account per hour; more requests answer the same 204 and send nothing. */
const RESETS_PER_ACCOUNT_HOUR = 3;

const invalidLink = () => new AppError('INVALID_LINK', 401, 'This link does not work any more. Sign in, or ask for a new email.');

/** A session for the one ticket a portal link names (see tickets/access.ts for the scope). */
export async function signInWithLink(ctx: AppContext, token: string) {
  const link = verifyPortalLink(ctx, token);
  if (!link) throw invalidLink();
  const user = await findUserById(ctx, link.customerId);
  if (!user || user.disabled || user.role !== 'CUSTOMER') throw invalidLink();
  const ticket = await findVisibleTicket(ctx, { id: user.id, role: user.role, ticketScope: link.ticketId }, link.ticketId).catch(() => undefined);
  if (!ticket) throw invalidLink();
  const siteEpoch = user.siteId ? await siteSessionEpoch(ctx, user.siteId) : undefined;
  return { ...issueToken(ctx, user, { siteEpoch, ticketScope: ticket.id }), ticketId: ticket.id };
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Emails a reset link to the account with this email, if there is one with a password. The
 * caller answers 204 at once either way, so neither the answer nor its timing tells whether the
 * account exists.
 */
export async function requestPasswordReset(ctx: AppContext, email: string): Promise<void> {
  const user = await findUserByEmail(ctx, email);
  if (!user || user.disabled || !user.passwordHash || !user.email) return;
  const token = randomBytes(32).toString('base64url');
  // Counted and added holding the account's row: requests handled side by side are counted one after another.
  const reset = await ctx.db.$transaction(async (tx) => {
    await holdUser(tx, user.id);
    const recent = await tx.passwordReset.count({ where: { userId: user.id, createdAt: { gt: new Date(Date.now() - 60 * 60_000) } } });
    if (recent >= RESETS_PER_ACCOUNT_HOUR) return null;
    return tx.passwordReset.create({
      data: { userId: user.id, tokenHash: hashOf(token), tokenVersion: user.tokenVersion, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
    });
  });
  if (!reset) return;
  // In the fragment: it never reaches a server log or a Referer header.
  const url = isTeamRole(user.role) ? `${ctx.config.publicUrl}/admin/login#reset=${token}` : `${ctx.config.publicUrl}/portal#reset=${token}`;
  const brand = await brandFor(ctx, user.siteId);
  await enqueueEmail(ctx, {
    kind: 'password.reset',
    dedupeKey: `password.reset:${reset.id}`,
    recipientId: user.id,
    to: { name: user.name, address: user.email },
    subject: `Reset your ${brand.name} password`,
    content: {
      brand,
      greeting: `Hi ${user.name},`,
      paragraphs: [
        'Someone asked to reset the password of your account. If it was you, choose a new password with the button below.',
        'The link works once, for 30 minutes. If you did not ask for it, ignore this email: your password stays as it is.',
      ],
      action: { label: 'Choose a new password', url },
      footer: `You receive this email because a password reset was asked for this address at ${brand.name}.`,
    },
  });
}

/** Sets the new password with a reset token: once, in time, and only if the password has not changed since. */
export async function confirmPasswordReset(ctx: AppContext, token: string, newPassword: string): Promise<void> {
  const invalid = () => new AppError('INVALID_LINK', 400, 'This reset link does not work any more: it was used, or it expired. Ask for a new one.');
  // Used up in the same statement that checks it, so two uses at once cannot both succeed.
  const [reset] = await ctx.sql.query<{ userId: string; tokenVersion: number }>(
    `UPDATE "PasswordReset" SET "usedAt" = now() WHERE "tokenHash" = $1 AND "usedAt" IS NULL AND "expiresAt" > now()
     RETURNING "userId", "tokenVersion"`,
    [hashOf(token)],
  );
  if (!reset) throw invalid();
  const user = await findUserById(ctx, reset.userId);
  if (!user || user.disabled || user.tokenVersion !== Number(reset.tokenVersion)) throw invalid();
  // Bumps tokenVersion: every session of the account ends, and every other reset link with it.
  await setPassword(ctx, user.id, newPassword, { mustChange: false });
}
