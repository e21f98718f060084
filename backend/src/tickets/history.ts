// A ticket's history: every change of status, priority, assignee, category and labels, recorded in
// the transaction that makes it (so no path can change a ticket without leaving a trace), and read
// back page by page. Customers see only the status changes of their own tickets.
import type { z } from 'zod';
import { isTeam, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { Prisma, type TicketEvent } from '../generated/prisma/client.js';
import { decodeCreatedAtCursor, toPage } from '../http/cursor.js';
import type { PageQuery, PersonRefJson, TicketChange, TicketEventJson } from '@deskline/contract';
import { findVisibleTicket, type Viewer } from './access.js';

const actorSelect = { actor: { select: { id: true, name: true, role: true } } } as const;
type TicketEventWithActor = TicketEvent & { actor: PersonRefJson | null };

function toTicketEventJson(row: TicketEventWithActor): TicketEventJson {
  return {
    id: row.id,
    ticketId: row.ticketId,
    field: row.field,
    from: row.from,
    to: row.to,
    actor: row.actor,
    createdAt: row.createdAt.toISOString(),
  } as TicketEventJson;
}

/** The tracked fields of a ticket, as history records them. */
export interface TrackedFields {
  status: string;
  priority: string;
  assignee: { id: string; name: string } | null;
  category: { id: string; name: string } | null;
}

/** Selects what TrackedFields needs from a Ticket row. */
export const trackedFieldsInclude = {
  assignee: { select: { id: true, name: true } },
  category: { select: { id: true, name: true } },
} satisfies Prisma.TicketInclude;

/** The changes between two states of a ticket's tracked fields (labels are compared by their caller). */
export function changesBetween(before: TrackedFields, after: TrackedFields): TicketChange[] {
  const changes: TicketChange[] = [];
  if (before.status !== after.status) changes.push({ field: 'status', from: before.status, to: after.status } as TicketChange);
  if (before.priority !== after.priority) changes.push({ field: 'priority', from: before.priority, to: after.priority } as TicketChange);
  if (before.assignee?.id !== after.assignee?.id) changes.push({ field: 'assignee', from: before.assignee, to: after.assignee });
  if (before.category?.id !== after.category?.id) changes.push({ field: 'category', from: before.category, to: after.category });
  return changes;
}

/** Label sets differ when they hold different ids, whatever their order. */
export function labelsChange(before: { id: string; name: string }[], after: { id: string; name: string }[]): TicketChange[] {
  const key = (labels: { id: string }[]) => labels.map((l) => l.id).sort().join(',');
  return key(before) === key(after) ? [] : [{ field: 'labels', from: before, to: after }];
}

const json = (value: unknown) => (value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue));

/**
 * Records `changes` of a ticket made by `actorId` (null: the system) inside the transaction `tx`
 * that made them; call it with the ticket's row locked, so one change's `from` is the last one's `to`.
 * Returns the events to publish once the transaction has committed (see publishTicketEvents).
 */
export async function recordTicketChanges(
  tx: Prisma.TransactionClient,
  ticketId: string,
  actorId: string | null,
  changes: TicketChange[],
): Promise<TicketEventJson[]> {
  // One time for the whole change, taken under the row lock: history reads back in the order it was made.
  const createdAt = new Date();
  const events: TicketEventJson[] = [];
  for (const change of changes) {
    const row = await tx.ticketEvent.create({
      data: { ticketId, actorId, field: change.field, from: json(change.from), to: json(change.to), createdAt },
      include: actorSelect,
    });
    events.push(toTicketEventJson(row));
  }
  return events;
}

/** Publishes recorded events once their transaction has committed; the broadcaster picks the recipients. */
export function publishTicketEvents(ctx: AppContext, ticket: { id: string; customerId: string }, events: TicketEventJson[]): void {
  for (const event of events) ctx.events.emit('ticket.event', { event, ticket });
}

/** Customers see when their ticket's status changed; everything else is the team's working record. */
const visibleTo = (viewer: Viewer): Prisma.TicketEventWhereInput => (isTeam(viewer) ? {} : { field: 'status' });

export async function listTicketEvents(ctx: AppContext, user: AuthUser, ticketId: string, query: z.infer<typeof PageQuery>) {
  await findVisibleTicket(ctx, user, ticketId);
  const after: Prisma.TicketEventWhereInput[] = [];
  if (query.cursor) {
    const { createdAt, id } = decodeCreatedAtCursor(query.cursor);
    after.push({ OR: [{ createdAt: { gt: createdAt } }, { createdAt, id: { gt: id } }] });
  }
  // Filtered in the query, so a customer's pages stay full.
  const rows = await ctx.db.ticketEvent.findMany({
    where: { AND: [{ ticketId }, visibleTo(user), ...after] },
    include: actorSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const page = toPage(rows, query.limit, (e) => [e.createdAt.toISOString(), e.id]);
  return { items: page.items.map(toTicketEventJson), nextCursor: page.nextCursor };
}
