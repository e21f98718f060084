// Unread chat counts, per side: a customer counts the support team's messages on their tickets,
// the team counts customers' messages. Tickets and the realtime badges read them; it reads no
// other service, so tickets and messages do not import each other.
import { isTeam } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Viewer } from '../tickets/access.js';
import type { UnreadCountsJson } from '@deskline/contract';

/**
 * Unread chat messages per ticket for `viewer`: for a customer, the support team's messages on
 * their tickets; for the team, customers' messages on any ticket. Limited to `ticketIds` if given.
 */
export async function unreadCountsFor(ctx: AppContext, viewer: Viewer, ticketIds?: string[]): Promise<Map<string, number>> {
  if (ticketIds && ticketIds.length === 0) return new Map();
  const side = isTeam(viewer)
    ? Prisma.sql`m."senderId" = t."customerId"`
    : viewer.ticketScope
      ? // A portal link's session: that one ticket, not a word of the customer's others.
        Prisma.sql`t."customerId" = ${viewer.id} AND t."id" = ${viewer.ticketScope} AND m."senderId" <> ${viewer.id}`
      : Prisma.sql`t."customerId" = ${viewer.id} AND m."senderId" <> ${viewer.id}`;
  const only = ticketIds ? Prisma.sql`AND m."ticketId" IN (${Prisma.join(ticketIds)})` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<{ ticketId: string; count: number }[]>`
    SELECT m."ticketId", count(*)::int AS "count"
    FROM "Message" m JOIN "Ticket" t ON t."id" = m."ticketId"
    WHERE m."readAt" IS NULL AND ${side} ${only}
    GROUP BY m."ticketId"`;
  return new Map(rows.map((r) => [r.ticketId, Number(r.count)]));
}

function toUnreadCounts(counts: Map<string, number>): UnreadCountsJson {
  return { total: [...counts.values()].reduce((a, b) => a + b, 0), byTicket: Object.fromEntries(counts) };
}

export async function unreadSummary(ctx: AppContext, viewer: Viewer): Promise<UnreadCountsJson> {
  return toUnreadCounts(await unreadCountsFor(ctx, viewer));
}

/** Unread counts of many customers in one query (real-time pushes batch them). */
export async function unreadSummariesForCustomers(ctx: AppContext, customerIds: string[]): Promise<Map<string, UnreadCountsJson>> {
  if (customerIds.length === 0) return new Map();
  const rows = await ctx.db.$queryRaw<{ customerId: string; ticketId: string; count: number }[]>`
    SELECT t."customerId", m."ticketId", count(*)::int AS "count"
    FROM "Message" m JOIN "Ticket" t ON t."id" = m."ticketId"
    WHERE m."readAt" IS NULL AND m."senderId" <> t."customerId" AND t."customerId" IN (${Prisma.join(customerIds)})
    GROUP BY t."customerId", m."ticketId"`;
  const byCustomer = new Map(customerIds.map((id) => [id, new Map<string, number>()]));
  for (const row of rows) byCustomer.get(row.customerId)?.set(row.ticketId, Number(row.count));
  return new Map([...byCustomer].map(([id, counts]) => [id, toUnreadCounts(counts)]));
}
