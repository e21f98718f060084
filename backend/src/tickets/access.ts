// Who may see a ticket. Every feature that hangs off a ticket (comments, chat, attachments) asks
// here, so this module depends on no other service: the services form no import cycle.
import { isTeam, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import type { Ticket } from '../generated/prisma/client.js';
import { notFound } from '../http/errors.js';

/** `ticketScope`: a portal link's session sees that one ticket of its customer's, no other. */
export type Viewer = Pick<AuthUser, 'id' | 'role' | 'ticketScope'>;

export const canSeeTicket = (user: Viewer, ticket: Pick<Ticket, 'id' | 'customerId'>) =>
  isTeam(user) || (ticket.customerId === user.id && (!user.ticketScope || ticket.id === user.ticketScope));

/** Renders a value as the next positional parameter ($1, $2…) of a statement being written. */
export type SqlParam = (value: unknown) => string;

/** canSeeTicket as a condition on the "Ticket" row, for statements that check it as they write. */
export const canSeeTicketSql = (user: Viewer, param: SqlParam) =>
  isTeam(user)
    ? 'true'
    : `"customerId" = ${param(user.id)}${user.ticketScope ? ` AND "id" = ${param(user.ticketScope)}` : ''}`;

/** The ticket if this user may see it: the team sees all, customers their own. Otherwise 404, never 403. */
export async function findVisibleTicket(ctx: AppContext, user: Viewer, id: string, what = 'Ticket'): Promise<Ticket> {
  const ticket = await ctx.db.ticket.findUnique({ where: { id } });
  if (!ticket || !canSeeTicket(user, ticket)) throw notFound(what);
  return ticket;
}
