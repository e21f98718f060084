// Users: accounts (customers, agents and admins) and widget visitors. The only module that touches User.
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import { fileTypeFromBuffer } from 'file-type';
import type { z } from 'zod';
import { isTeamRole } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import type { Prisma, User } from '../generated/prisma/client.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { MAX_AVATAR_BYTES, PASSWORD_MAX_BYTES, passwordBytes, TEAM, type Role } from '@deskline/contract';
import { decodeCreatedAtCursor, toPage } from '../http/cursor.js';
import type { CreateUserBody, CustomerJson, TeamMemberJson, UpdateUserBody, UserJson, UserListQuery, VisitorContextJson } from '@deskline/contract';

export const hashPassword = (ctx: AppContext, password: string) => bcrypt.hash(password, ctx.config.bcryptRounds);

/**
 * The email to show for a user and whether it is verified: an account's sign-in email, else the
 * contact email of a widget visitor, verified only when a signed identity token carried it.
 */
export function emailOf(user: Pick<User, 'email' | 'contactEmail' | 'contactEmailVerified'>) {
  if (user.email !== null) return { email: user.email, emailVerified: true };
  return { email: user.contactEmail, emailVerified: user.contactEmail !== null && user.contactEmailVerified };
}

/** A ticket's customer as the API shows them. */
export function toCustomerJson(user: Pick<User, 'id' | 'name' | 'email' | 'contactEmail' | 'contactEmailVerified'>): CustomerJson {
  return { id: user.id, name: user.name, ...emailOf(user) };
}

export function toUserJson(user: User): UserJson {
  return {
    id: user.id,
    name: user.name,
    ...emailOf(user),
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    hasPassword: user.passwordHash !== null,
    mustChangePassword: user.mustChangePassword,
  };
}

export const toManagedUserJson = (user: User) => ({ ...toUserJson(user), disabled: user.disabled });

export function findUserById(ctx: AppContext, id: string) {
  return ctx.db.user.findUnique({ where: { id } });
}

/** What a token check reads of its user: their account, their site's session generation, and whether the token was revoked. */
export type TokenUser = Pick<
  User,
  'id' | 'name' | 'email' | 'contactEmail' | 'role' | 'siteId' | 'disabled' | 'mustChangePassword' | 'tokenVersion' | 'keptTokenId' | 'avatarKey'
> & { sessionEpoch: number | null; revoked: boolean };

const TOKEN_USER_SQL = `
SELECT u."id", u."name", u."email", u."contactEmail", u."role"::text AS "role", u."siteId", u."disabled", u."mustChangePassword",
  u."tokenVersion", u."keptTokenId", u."avatarKey", s."sessionEpoch",
  EXISTS (SELECT 1 FROM "RevokedToken" r WHERE r."jti" = $2) AS "revoked"
FROM "User" u LEFT JOIN "Site" s ON s."id" = u."siteId"
WHERE u."id" = $1`;

/** The user a token names, for the check every request and socket goes through: one round trip. */
export async function findTokenUser(ctx: AppContext, id: string, jti: string): Promise<TokenUser | undefined> {
  const [user] = await ctx.sql.query<TokenUser>(TOKEN_USER_SQL, [id, jti]);
  return user;
}

/**
 * Holds a user's row until the transaction `tx` ends, so that what is counted per user inside it
 * (stored bytes, reset links) is counted by one request after another. NO KEY UPDATE: their
 * messages and comments, which only reference the row, do not wait. Their role, or undefined.
 */
export async function holdUser(tx: Prisma.TransactionClient, id: string): Promise<Role | undefined> {
  const [user] = await tx.$queryRaw<{ role: Role }[]>`SELECT "role"::text AS "role" FROM "User" WHERE "id" = ${id} FOR NO KEY UPDATE`;
  return user?.role;
}

/**
 * Revokes every token of a site's visitors (tokenVersion goes up, none kept). Not yet run: the
 * caller batches it with what ends their site (sites/deleteSite).
 */
export function revokeSiteVisitorTokens(ctx: AppContext, siteId: string) {
  return ctx.db.user.updateMany({ where: { siteId }, data: { tokenVersion: { increment: 1 }, keptTokenId: null } });
}

export function findUserByEmail(ctx: AppContext, email: string) {
  return ctx.db.user.findUnique({ where: { email: email.toLowerCase() } });
}

export async function createAccount(
  ctx: AppContext,
  input: { name: string; email: string; password: string; role: Role; mustChangePassword?: boolean },
): Promise<User> {
  const passwordHash = await hashPassword(ctx, input.password);
  try {
    return await ctx.db.user.create({
      data: {
        name: input.name,
        email: input.email.toLowerCase(),
        passwordHash,
        role: input.role,
        mustChangePassword: input.mustChangePassword ?? false,
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw conflict('EMAIL_TAKEN', 'An account with this email already exists');
    throw error;
  }
}

/** Checks a password against the account; the same answer for an unknown email and a wrong password. */
export async function verifyCredentials(ctx: AppContext, email: string, password: string): Promise<User | undefined> {
  const user = await findUserByEmail(ctx, email);
  return (await passwordMatches(ctx, user, password)) ? user! : undefined;
}

/**
 * False for a wrong password and for a user without one. A password longer than bcrypt reads
 * never matches (it would otherwise match its first 72 bytes). Without a stored hash it still
 * compares against a dummy one, so timing does not reveal which emails exist.
 */
export async function passwordMatches(ctx: AppContext, user: User | null | undefined, password: string): Promise<boolean> {
  const hash = user?.passwordHash ?? (await dummyHash(ctx.config.bcryptRounds));
  const ok = await bcrypt.compare(password, hash);
  return ok && !!user?.passwordHash && passwordBytes(password) <= PASSWORD_MAX_BYTES;
}

/**
 * Sets a new password and revokes the user's tokens (tokenVersion goes up). `keepTokenId`: the
 * token that made the change keeps working. Set by an admin, it must be changed at next sign-in.
 */
export async function setPassword(
  ctx: AppContext,
  id: string,
  password: string,
  options: { keepTokenId?: string; mustChange: boolean },
): Promise<User> {
  const passwordHash = await hashPassword(ctx, password);
  const user = await ctx.db.user.update({
    where: { id },
    data: {
      passwordHash,
      mustChangePassword: options.mustChange,
      tokenVersion: { increment: 1 },
      keptTokenId: options.keepTokenId ?? null,
    },
  });
  ctx.events.emit('auth.revoked', { userId: id, exceptJti: options.keepTokenId });
  return user;
}
const dummyHashes = new Map<number, Promise<string>>();
function dummyHash(rounds: number): Promise<string> {
  let hash = dummyHashes.get(rounds);
  if (!hash) dummyHashes.set(rounds, (hash = bcrypt.hash(randomBytes(16).toString('hex'), rounds)));
  return hash;
}

export async function listUsers(ctx: AppContext, query: z.infer<typeof UserListQuery>) {
  const where: Prisma.UserWhereInput = {
    ...(query.role ? { role: { in: query.role } } : {}),
    ...(query.q
      ? {
          OR: [
            { name: { contains: query.q, mode: 'insensitive' } },
            { email: { contains: query.q, mode: 'insensitive' } },
            { contactEmail: { contains: query.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const after = query.cursor ? decodeCreatedAtCursor(query.cursor) : undefined;
  const rows = await ctx.db.user.findMany({
    where: after
      ? {
          AND: [
            where,
            {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { lt: after.id } },
              ],
            },
          ],
        }
      : where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = toPage(rows, query.limit, (u) => [u.createdAt.toISOString(), u.id]);
  return { items: page.items.map(toManagedUserJson), nextCursor: page.nextCursor };
}

/** Every agent and admin, by name: what the team needs to assign tickets, without the user list. */
export async function listTeam(ctx: AppContext): Promise<TeamMemberJson[]> {
  const members = await ctx.db.user.findMany({
    where: { role: { in: [...TEAM] } },
    select: { id: true, name: true, role: true, disabled: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return members.flatMap(({ role, ...member }) => (isTeamRole(role) ? [{ ...member, role }] : []));
}

/** Of `ids`, the team members' public faces (display name and avatar, nothing else), by name, at most `limit`. */
export async function teamFaces(ctx: AppContext, ids: string[], limit: number): Promise<{ name: string; avatarUrl: string | null }[]> {
  if (ids.length === 0) return [];
  const members = await ctx.db.user.findMany({
    where: { id: { in: ids }, role: { in: [...TEAM] }, disabled: false },
    select: { id: true, name: true, avatarKey: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: limit,
  });
  return members.map((member) => ({ name: member.name, avatarUrl: avatarUrlOf(ctx, member) }));
}

/** The admin chose this password, so the user must replace it with their own at first sign-in. */
export async function createUserAsAdmin(ctx: AppContext, input: z.infer<typeof CreateUserBody>) {
  return toManagedUserJson(await createAccount(ctx, { ...input, mustChangePassword: true }));
}

export async function updateUser(ctx: AppContext, actorId: string, id: string, input: z.infer<typeof UpdateUserBody>) {
  const user = await findUserById(ctx, id);
  if (!user) throw notFound('User');
  // Only admins call this: an admin who made themself an agent or customer could not undo it.
  if (id === actorId && (input.disabled === true || (input.role !== undefined && input.role !== 'ADMIN'))) {
    throw new AppError('FORBIDDEN', 403, 'You cannot disable yourself or remove your own admin role');
  }
  if (id === actorId && input.password !== undefined) {
    // Your own password needs your current one, and setting it here would sign you out everywhere.
    throw new AppError('FORBIDDEN', 403, 'Change your own password from your account page');
  }
  if (input.password !== undefined && !user.email) {
    throw conflict('NO_SIGN_IN_EMAIL', 'This user signs in through the widget: they have no email to sign in with a password');
  }
  const { password, ...fields } = input;
  let updated = await ctx.db.user.update({ where: { id }, data: fields });
  if (password !== undefined) updated = await setPassword(ctx, id, password, { mustChange: true });
  if (input.disabled === true || (input.role && input.role !== user.role)) {
    // Live sockets joined rooms under the old role (or account state): make them reconnect.
    ctx.events.emit('auth.revoked', { userId: id });
  }
  return toManagedUserJson(updated);
}

// Widget visitors: customers created by a site's widget, either anonymous (resumed by their
// visitorId) or identified by the host site (one customer per site and externalId).

/** A user the widget signs in: always has a visitorId. */
export type Visitor = User & { visitorId: string };

/** The browser's key to resume a visitor's session, so random and unguessable. */
const newVisitorId = () => `v_${randomBytes(18).toString('base64url')}`;

/** "Visitor 4821": a name the team can tell apart, stable per visitor (derived from their visitorId). */
export function visitorName(visitorId: string): string {
  return `Visitor ${1000 + (createHash('sha256').update(visitorId).digest().readUInt32BE(0) % 9000)}`;
}

/** Keeps the context of a visitor's latest session: their page, referrer, browser, OS, language and time zone. */
export async function recordVisitorContext(ctx: AppContext, userId: string, context: VisitorContextJson): Promise<void> {
  await ctx.db.user.update({ where: { id: userId }, data: { visitorContext: context } });
}

/** The context of a visitor's latest session, as stored (a ticket keeps a copy); null for accounts. */
export async function visitorContextOfUser(ctx: AppContext, userId: string) {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { visitorContext: true } });
  return user?.visitorContext ?? null;
}

export async function createVisitor(ctx: AppContext, input: { siteId: string; name?: string; contactEmail?: string }): Promise<Visitor> {
  const visitorId = newVisitorId();
  return (await ctx.db.user.create({
    data: {
      name: input.name ?? visitorName(visitorId),
      contactEmail: input.contactEmail ?? null,
      role: 'CUSTOMER',
      siteId: input.siteId,
      visitorId,
    },
  })) as Visitor;
}

/**
 * The anonymous visitor this visitorId resumes on this site, if any. A visitorId of another site,
 * of an identified customer (who needs a signature) or of a disabled account resumes nothing.
 */
export async function findVisitor(ctx: AppContext, siteId: string, visitorId: string): Promise<Visitor | null> {
  const where = { visitorId, siteId, externalId: null, role: 'CUSTOMER', disabled: false } as const;
  return (await ctx.db.user.findFirst({ where })) as Visitor | null;
}

/**
 * The customer a new email (one that answers no ticket) comes from: an unverified contact with
 * that address, created the first time. Never a registered account: anyone can write any From.
 */
export async function findOrCreateEmailContact(ctx: AppContext, input: { address: string; name?: string }): Promise<User> {
  const address = input.address.toLowerCase();
  const where = { role: 'CUSTOMER', email: null, siteId: null, contactEmail: address, contactEmailVerified: false } as const;
  const existing = await ctx.db.user.findFirst({ where, orderBy: { createdAt: 'asc' } });
  if (existing) return existing;
  const name = (input.name?.trim() || address.split('@')[0] || 'Customer').slice(0, 100);
  return ctx.db.user.create({ data: { name, contactEmail: address, contactEmailVerified: false, role: 'CUSTOMER' } });
}

/** Records the name and email a visitor gave, when they differ from what is stored. */
export async function updateVisitorContact(
  ctx: AppContext,
  visitor: Visitor,
  input: { name?: string; contactEmail?: string },
): Promise<Visitor> {
  const data = {
    ...(input.name !== undefined && input.name !== visitor.name ? { name: input.name } : {}),
    ...(input.contactEmail !== undefined && input.contactEmail !== visitor.contactEmail ? { contactEmail: input.contactEmail } : {}),
  };
  return Object.keys(data).length > 0 ? ((await ctx.db.user.update({ where: { id: visitor.id }, data })) as Visitor) : visitor;
}

/**
 * The customer a site's verified externalId maps to: created the first time, updated after. A
 * verified email (from a signed identity token) replaces any; an unverified one never replaces a
 * verified one.
 */
export async function upsertIdentifiedVisitor(
  ctx: AppContext,
  input: { siteId: string; externalId: string; name?: string; verifiedEmail?: string; unverifiedEmail?: string },
): Promise<Visitor> {
  const where = { siteId_externalId: { siteId: input.siteId, externalId: input.externalId } };
  const update = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.verifiedEmail !== undefined ? { contactEmail: input.verifiedEmail, contactEmailVerified: true } : {}),
  };
  let user: User;
  const visitorId = newVisitorId();
  try {
    user = await ctx.db.user.upsert({
      where,
      update,
      create: {
        name: input.name ?? visitorName(visitorId),
        contactEmail: input.verifiedEmail ?? input.unverifiedEmail ?? null,
        contactEmailVerified: input.verifiedEmail !== undefined,
        role: 'CUSTOMER',
        siteId: input.siteId,
        externalId: input.externalId,
        visitorId,
      },
    });
  } catch (error) {
    // A concurrent first session created this customer between the upsert's read and its insert.
    if ((error as { code?: string }).code !== 'P2002') throw error;
    user = await ctx.db.user.update({ where, data: update });
  }
  if (input.verifiedEmail === undefined && input.unverifiedEmail !== undefined && input.unverifiedEmail !== user.contactEmail) {
    // Conditional, so that a verified email stored meanwhile by a concurrent session is kept.
    await ctx.db.user.updateMany({ where: { id: user.id, contactEmailVerified: false }, data: { contactEmail: input.unverifiedEmail } });
    user = (await ctx.db.user.findUnique({ where: { id: user.id } })) ?? user;
  }
  if (user.visitorId) return user as Visitor;
  return (await ctx.db.user.update({ where: { id: user.id }, data: { visitorId: newVisitorId() } })) as Visitor;
}

/** Sniffed image types an avatar may be; the browser shows them inline. */
const AVATAR_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Public and versioned by the stored file's key: a new upload is a new URL, so each may be cached for long. */
export function avatarUrlOf(ctx: AppContext, user: { id: string; avatarKey?: string | null }): string | null {
  return user.avatarKey ? `${ctx.config.publicUrl}/api/avatars/${user.id}?v=${user.avatarKey.slice(0, 8)}` : null;
}

/** The author of a message, reply, note or change as the API shows them: with their avatar. */
export function toPersonRef(ctx: AppContext, user: { id: string; name: string; role: Role; avatarKey?: string | null }) {
  return { id: user.id, name: user.name, role: user.role, avatarUrl: avatarUrlOf(ctx, user) };
}

/** The select that toPersonRef needs. */
export const personSelect = { id: true, name: true, role: true, avatarKey: true } as const;

export const toMeJson = (ctx: AppContext, user: User) => ({ user: { ...toUserJson(user), avatarUrl: avatarUrlOf(ctx, user) } });

export async function updateProfile(ctx: AppContext, userId: string, input: { name: string }) {
  return toMeJson(ctx, await ctx.db.user.update({ where: { id: userId }, data: { name: input.name } }));
}

/** Only sniffed images up to MAX_AVATAR_BYTES; the previous file is removed once the new one is saved. */
export async function setAvatar(ctx: AppContext, userId: string, file: { buffer: Buffer; size: number } | undefined) {
  if (!file) throw new AppError('VALIDATION_FAILED', 400, 'Choose an image', [{ path: 'avatar', message: 'is required' }]);
  if (file.size > MAX_AVATAR_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 413, 'The image is larger than 512 KB');
  const detected = await fileTypeFromBuffer(file.buffer);
  if (!detected || !AVATAR_TYPES.has(detected.mime)) {
    throw new AppError('UNSUPPORTED_FILE_TYPE', 415, 'An avatar must be a PNG, JPEG, GIF or WebP image');
  }
  const key = await ctx.storage.put(file.buffer);
  const before = await ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { avatarKey: true } });
  const user = await ctx.db.user.update({ where: { id: userId }, data: { avatarKey: key, avatarType: detected.mime } });
  if (before.avatarKey) await ctx.storage.remove(before.avatarKey).catch(() => undefined);
  return toMeJson(ctx, user);
}

export async function removeAvatar(ctx: AppContext, userId: string) {
  const before = await ctx.db.user.findUniqueOrThrow({ where: { id: userId }, select: { avatarKey: true } });
  const user = await ctx.db.user.update({ where: { id: userId }, data: { avatarKey: null, avatarType: null } });
  if (before.avatarKey) await ctx.storage.remove(before.avatarKey).catch(() => undefined);
  return toMeJson(ctx, user);
}

/** A team member's avatar file; 404 for anyone else or without one (customers never have a public image). */
export async function openAvatar(ctx: AppContext, userId: string) {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { role: true, avatarKey: true, avatarType: true } });
  if (!user || !isTeamRole(user.role) || !user.avatarKey || !user.avatarType) throw notFound('Avatar');
  try {
    return { mimeType: user.avatarType, stream: await ctx.storage.open(user.avatarKey) };
  } catch {
    throw notFound('Avatar file');
  }
}
