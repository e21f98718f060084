// Saved replies: shared ones (ownerId null) the whole team reads and admins manage; personal ones
// their owner alone sees and changes. Somebody else's personal reply is a 404, never a 403, so its
// existence is not revealed.
import type { z } from 'zod';
import { isAdmin, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import type { SavedReply } from '../generated/prisma/client.js';
import { forbidden, notFound } from '../http/errors.js';
import type { CreateSavedReplyBody, SavedReplyJson, UpdateSavedReplyBody } from '@deskline/contract';

const toSavedReplyJson = (reply: SavedReply): SavedReplyJson => ({
  id: reply.id,
  title: reply.title,
  body: reply.body,
  shared: reply.ownerId === null,
  createdAt: reply.createdAt.toISOString(),
  updatedAt: reply.updatedAt.toISOString(),
});

const visibleTo = (user: AuthUser) => ({ OR: [{ ownerId: null }, { ownerId: user.id }] });

export async function listSavedReplies(ctx: AppContext, user: AuthUser): Promise<SavedReplyJson[]> {
  const replies = await ctx.db.savedReply.findMany({ where: visibleTo(user), orderBy: [{ title: 'asc' }, { id: 'asc' }] });
  return replies.map(toSavedReplyJson);
}

export async function createSavedReply(ctx: AppContext, user: AuthUser, input: z.infer<typeof CreateSavedReplyBody>): Promise<SavedReplyJson> {
  if (input.shared && !isAdmin(user)) throw forbidden('Only an admin can share a reply with the team');
  const reply = await ctx.db.savedReply.create({ data: { title: input.title, body: input.body, ownerId: input.shared ? null : user.id } });
  return toSavedReplyJson(reply);
}

/** The reply if `user` may change it: their own, or a shared one for an admin. */
async function findChangeableReply(ctx: AppContext, user: AuthUser, id: string): Promise<SavedReply> {
  const reply = await ctx.db.savedReply.findFirst({ where: { id, ...visibleTo(user) } });
  if (!reply) throw notFound('Saved reply');
  if (reply.ownerId === null && !isAdmin(user)) throw forbidden('Only an admin can change the shared replies');
  return reply;
}

export async function updateSavedReply(
  ctx: AppContext,
  user: AuthUser,
  id: string,
  input: z.infer<typeof UpdateSavedReplyBody>,
): Promise<SavedReplyJson> {
  const reply = await findChangeableReply(ctx, user, id);
  const sharing = input.shared !== undefined && input.shared !== (reply.ownerId === null);
  if (sharing && !isAdmin(user)) throw forbidden('Only an admin can share a reply with the team');
  const updated = await ctx.db.savedReply.update({
    where: { id },
    data: { title: input.title, body: input.body, ...(sharing ? { ownerId: input.shared ? null : user.id } : {}) },
  });
  return toSavedReplyJson(updated);
}

export async function deleteSavedReply(ctx: AppContext, user: AuthUser, id: string): Promise<void> {
  await findChangeableReply(ctx, user, id);
  await ctx.db.savedReply.deleteMany({ where: { id } });
}
