// Ratings: a ticket's customer rates each of its resolutions once, 1 to 5 with an optional comment.
// The support team reads them on the ticket (and in reports); they never rate.
import type { z } from 'zod';
import { isTeam, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import type { TicketRating } from '../generated/prisma/client.js';
import { conflict, forbidden } from '../http/errors.js';
import { findVisibleTicket } from '../tickets/access.js';
import type { RateTicketBody, TicketRatingJson } from '@deskline/contract';

export function toRatingJson(rating: TicketRating): TicketRatingJson {
  return {
    score: rating.score,
    comment: rating.comment,
    resolvedAt: rating.resolvedAt.toISOString(),
    createdAt: rating.createdAt.toISOString(),
  };
}

/** Whether a ticket is resolved or closed: the states a customer rates, and reopens by replying. */
export const isFinished = (status: string) => status === 'RESOLVED' || status === 'CLOSED';

export async function rateTicket(
  ctx: AppContext,
  user: AuthUser,
  ticketId: string,
  input: z.infer<typeof RateTicketBody>,
  address: string,
): Promise<TicketRatingJson> {
  const ticket = await findVisibleTicket(ctx, user, ticketId);
  if (isTeam(user) || ticket.customerId !== user.id) throw forbidden('Only the ticket’s customer rates its resolution');
  if (!isFinished(ticket.status) || !ticket.resolvedAt) {
    throw conflict('TICKET_NOT_RESOLVED', 'This ticket is not resolved yet: it can be rated once it is resolved or closed');
  }
  await ctx.limits.charge('comment', user, address);
  const rating = await ctx.db.ticketRating
    .create({
      data: { ticketId, customerId: user.id, score: input.score, comment: input.comment ?? null, resolvedAt: ticket.resolvedAt },
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002') throw conflict('ALREADY_RATED', 'This resolution is rated already');
      throw error;
    });
  ctx.events.emit('ticket.updated', { ticket });
  return toRatingJson(rating);
}
