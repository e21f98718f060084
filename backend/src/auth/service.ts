// Sign-up, sign-in, sign-out and the check every request and socket goes through.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { User } from '../generated/prisma/client.js';
import { AppError, unauthorized } from '../http/errors.js';
import {
  createAccount,
  findTokenUser,
  findUserByEmail,
  findUserById,
  passwordMatches,
  setPassword,
  toMeJson,
  verifyCredentials,
} from '../users/service.js';
import type { AuthUser } from './principal.js';
import { signToken, verifyToken } from './tokens.js';

/**
 * `siteEpoch`: for a site's visitor, the site's current session generation (see authenticateToken);
 * `ticketScope`: a portal link's session, limited to that ticket.
 */
export function issueToken(ctx: AppContext, user: User, session: { siteEpoch?: number; ticketScope?: string } = {}) {
  // The same user as GET /auth/me answers, avatar included.
  return { token: signToken(ctx.config.jwtSecret, ctx.config.jwtTtl, user, session), ...toMeJson(ctx, user) };
}

export async function register(ctx: AppContext, input: { name: string; email: string; password: string }) {
  return issueToken(ctx, await createAccount(ctx, { ...input, role: 'CUSTOMER' }));
}

export async function login(ctx: AppContext, input: { email: string; password: string }) {
  const user = await verifyCredentials(ctx, input.email, input.password);
  if (!user) throw new AppError('INVALID_CREDENTIALS', 401, 'Email or password is incorrect');
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED', 403, 'This account has been disabled');
  return issueToken(ctx, user);
}

export async function logout(ctx: AppContext, user: AuthUser): Promise<void> {
  await ctx.db.revokedToken.upsert({
    where: { jti: user.jti },
    create: { jti: user.jti, expiresAt: new Date(user.exp * 1000) },
    update: {},
  });
  ctx.events.emit('auth.revoked', { userId: user.id, jti: user.jti });
}

/**
 * The signed-in user replaces their password. Every other token of theirs stops working (and its
 * sockets close); this one keeps working. A wrong current password is a 403 naming that field.
 */
export async function changePassword(
  ctx: AppContext,
  user: AuthUser,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const record = await findUserById(ctx, user.id);
  if (!record) throw unauthorized();
  if (!record.passwordHash) {
    throw new AppError('NO_PASSWORD', 403, 'This account signs in without a password, so it has none to change');
  }
  if (!(await passwordMatches(ctx, record, input.currentPassword))) {
    // 403 like a refused sign-in (not 401: this session stays signed in), and counted like one.
    throw new AppError('WRONG_PASSWORD', 403, 'The current password is incorrect', [
      { path: 'currentPassword', message: 'is incorrect' },
    ]);
  }
  await setPassword(ctx, user.id, input.newPassword, { keepTokenId: user.jti, mustChange: false });
}

/**
 * The one check behind REST and Socket.IO: a well-signed, unexpired, unrevoked token of an
 * enabled user. The role comes from the database, so a change applies at once. Every request pays
 * for it, so it is one round trip to the database.
 */
export async function authenticateToken(ctx: AppContext, token: string | undefined): Promise<AuthUser> {
  const claims = token ? verifyToken(ctx.config.jwtSecret, token) : undefined;
  if (!claims) throw unauthorized('Invalid or expired token');
  const user = await findTokenUser(ctx, claims.sub, claims.jti);
  if (!user || user.revoked || user.disabled) throw unauthorized('Invalid or expired token');
  // A password change bumps tokenVersion: older tokens are refused, but for the one that made the change.
  if (claims.ver !== user.tokenVersion && claims.jti !== user.keptTokenId) throw unauthorized('Invalid or expired token');
  // A site's visitor sessions end together when its identity secret is rotated.
  if (user.siteId && user.sessionEpoch !== claims.siteEpoch) {
    throw unauthorized('This session has ended; open a new one');
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email ?? user.contactEmail,
    role: user.role,
    siteId: user.siteId,
    jti: claims.jti,
    exp: claims.exp,
    mustChangePassword: user.mustChangePassword,
    avatarKey: user.avatarKey,
    ...(claims.ticketScope ? { ticketScope: claims.ticketScope } : {}),
  };
}

/** Revoked tokens only matter until they would have expired anyway. */
export async function pruneRevokedTokens(ctx: AppContext): Promise<number> {
  const { count } = await ctx.db.revokedToken.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}

/** False when another instance starting at the same moment created it first. */
async function createAdminOnce(ctx: AppContext, email: string, password: string, mustChangePassword: boolean): Promise<boolean> {
  try {
    await createAccount(ctx, { name: 'Administrator', email, password, role: 'ADMIN', mustChangePassword });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'EMAIL_TAKEN') return false;
    throw error;
  }
}

/**
 * The first admin: from ADMIN_EMAIL/ADMIN_PASSWORD (created once, never overwritten), or, with
 * neither set and no admin yet, a random password printed once.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<void> {
  const configured = ctx.config.admin;
  if (configured) {
    if (await findUserByEmail(ctx, configured.email)) return;
    // The operator chose this password (and keeps it in their secrets), so no forced change.
    if (!(await createAdminOnce(ctx, configured.email, configured.password, false))) return;
    ctx.log(`Created the admin account ${configured.email} (password from ADMIN_PASSWORD).`);
    return;
  }
  if (await ctx.db.user.findFirst({ where: { role: 'ADMIN' }, select: { id: true } })) return;
  const email = 'admin@deskline.local';
  const password = randomBytes(12).toString('base64url');
  // Printed to the logs, so it must be replaced at first sign-in.
  if (!(await createAdminOnce(ctx, email, password, true))) return;
  ctx.log(
    [
      '',
      '  ┌──────────────────────────────────────────────────────────────┐',
      '  │ First run: an admin account was created. Sign in at /admin:  │',
      `  │   email:    ${email.padEnd(49)}│`,
      `  │   password: ${password.padEnd(49)}│`,
      '  │ This password is shown only once. Signing in asks you to     │',
      '  │ choose your own (later: your name in the sidebar → Account,  │',
      '  │ or POST /api/auth/password).                                 │',
      '  └──────────────────────────────────────────────────────────────┘',
      '',
    ].join('\n'),
  );
}
