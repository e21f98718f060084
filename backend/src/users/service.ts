// Users: accounts (customers and admins) and widget visitors. The only module that touches User.
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Prisma, User } from '../generated/prisma/client.js';
import { AppError, conflict, notFound } from '../http/errors.js';
import { decodeCursor, toPage } from '../http/cursor.js';
import type { CreateUserBody, UpdateUserBody, UserListQuery } from './schema.js';
import type { UserJson } from './schema.js';

export const hashPassword = (ctx: AppContext, password: string) => bcrypt.hash(password, ctx.config.bcryptRounds);

export function toUserJson(user: User): UserJson {
  return {
    id: user.id,
    name: user.name,
    email: user.email ?? user.contactEmail,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
  };
}

export const toManagedUserJson = (user: User) => ({ ...toUserJson(user), disabled: user.disabled });

export function findUserById(ctx: AppContext, id: string) {
  return ctx.db.user.findUnique({ where: { id } });
}

export function findUserByEmail(ctx: AppContext, email: string) {
  return ctx.db.user.findUnique({ where: { email: email.toLowerCase() } });
}

export async function createAccount(
  ctx: AppContext,
  input: { name: string; email: string; password: string; role: 'CUSTOMER' | 'ADMIN' },
): Promise<User> {
  const passwordHash = await hashPassword(ctx, input.password);
  try {
    return await ctx.db.user.create({
      data: { name: input.name, email: input.email.toLowerCase(), passwordHash, role: input.role },
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw conflict('EMAIL_TAKEN', 'An account with this email already exists');
    throw error;
  }
}

/** Checks a password against the account; the same answer for an unknown email and a wrong password. */
export async function verifyCredentials(ctx: AppContext, email: string, password: string): Promise<User | undefined> {
  const user = await findUserByEmail(ctx, email);
  // Compare against a dummy hash when there is no user, so timing does not reveal which emails exist.
  const ok = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHash(ctx.config.bcryptRounds)));
  return ok && user?.passwordHash ? user : undefined;
}
const dummyHashes = new Map<number, Promise<string>>();
function dummyHash(rounds: number): Promise<string> {
  let hash = dummyHashes.get(rounds);
  if (!hash) dummyHashes.set(rounds, (hash = bcrypt.hash(randomBytes(16).toString('hex'), rounds)));
  return hash;
}

export async function listUsers(ctx: AppContext, query: z.infer<typeof UserListQuery>) {
  const where: Prisma.UserWhereInput = {
    ...(query.role ? { role: query.role } : {}),
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
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await ctx.db.user.findMany({
    where: after
      ? {
          AND: [
            where,
            {
              OR: [
                { createdAt: { lt: new Date(String(after[0])) } },
                { createdAt: new Date(String(after[0])), id: { lt: String(after[1]) } },
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

export async function createUserAsAdmin(ctx: AppContext, input: z.infer<typeof CreateUserBody>) {
  return toManagedUserJson(await createAccount(ctx, input));
}

export async function updateUser(ctx: AppContext, actorId: string, id: string, input: z.infer<typeof UpdateUserBody>) {
  const user = await findUserById(ctx, id);
  if (!user) throw notFound('User');
  if (id === actorId && (input.disabled === true || input.role === 'CUSTOMER')) {
    throw new AppError('FORBIDDEN', 403, 'You cannot disable yourself or remove your own admin role');
  }
  const updated = await ctx.db.user.update({ where: { id }, data: input });
  if (input.disabled === true || (input.role && input.role !== user.role)) {
    // Live sockets joined rooms under the old role (or account state): make them reconnect.
    ctx.events.emit('auth.revoked', { userId: id });
  }
  return toManagedUserJson(updated);
}
