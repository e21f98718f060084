// Tickets as lists show them, with their category, people, files, labels and latest rating, read in
// one statement of subqueries (cheap to plan, unlike a join of eight tables): Prisma's `include`
// sends one query per relation, nine round trips per page.
import type { AppContext } from '../context.js';
import type { Attachment, Label, Prisma, TicketRating } from '../generated/prisma/client.js';

export const ticketInclude = {
  category: { select: { slug: true, name: true } },
  customer: { select: { id: true, name: true, email: true, contactEmail: true, contactEmailVerified: true } },
  assignee: { select: { id: true, name: true } },
  site: { select: { id: true, name: true, reopenWindowDays: true } },
  attachments: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  ticketLabels: { select: { label: true }, orderBy: { label: { name: 'asc' } } },
  linkedTicket: { select: { id: true, number: true } },
  ratings: { orderBy: { createdAt: 'desc' }, take: 1 },
} satisfies Prisma.TicketInclude;

export type TicketWithRelations = Prisma.TicketGetPayload<{ include: typeof ticketInclude }>;

type Row = Omit<TicketWithRelations, 'attachments' | 'ticketLabels' | 'ratings'> & {
  attachments: (Omit<Attachment, 'createdAt'> & { createdAt: string })[];
  labels: (Omit<Label, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string })[];
  rating: (Omit<TicketRating, 'createdAt' | 'resolvedAt'> & { createdAt: string; resolvedAt: string }) | null;
};

// Timestamps are stored as UTC without a zone: read as instants, in rows and in JSON alike.
const utc = (column: string) => `${column} AT TIME ZONE 'UTC'`;

const SQL = `
SELECT t."id", t."number", t."subject", t."description", t."categoryId", t."priority"::text AS "priority", t."status"::text AS "status",
  t."customerId", t."assigneeId", t."siteId", t."lastSeq", ${utc('t."firstResponseAt"')} AS "firstResponseAt", ${utc('t."resolvedAt"')} AS "resolvedAt",
  t."linkedTicketId", t."visitorContext", ${utc('t."createdAt"')} AS "createdAt", ${utc('t."updatedAt"')} AS "updatedAt", ${utc('t."activityAt"')} AS "activityAt",
  (SELECT json_build_object('slug', c."slug", 'name', c."name") FROM "Category" c WHERE c."id" = t."categoryId") AS "category",
  (SELECT json_build_object('id', u."id", 'name', u."name", 'email', u."email", 'contactEmail', u."contactEmail", 'contactEmailVerified', u."contactEmailVerified")
     FROM "User" u WHERE u."id" = t."customerId") AS "customer",
  (SELECT json_build_object('id', u."id", 'name', u."name") FROM "User" u WHERE u."id" = t."assigneeId") AS "assignee",
  (SELECT json_build_object('id', s."id", 'name', s."name", 'reopenWindowDays', s."reopenWindowDays") FROM "Site" s WHERE s."id" = t."siteId") AS "site",
  (SELECT json_build_object('id', lt."id", 'number', lt."number") FROM "Ticket" lt WHERE lt."id" = t."linkedTicketId") AS "linkedTicket",
  (SELECT COALESCE(json_agg(json_build_object('id', x."id", 'ticketId', x."ticketId", 'uploaderId', x."uploaderId", 'filename', x."filename",
       'mimeType', x."mimeType", 'size', x."size", 'storageKey', x."storageKey", 'messageId', x."messageId", 'createdAt', ${utc('x."createdAt"')})
       ORDER BY x."createdAt", x."id"), '[]')
     FROM "Attachment" x WHERE x."ticketId" = t."id") AS "attachments",
  (SELECT COALESCE(json_agg(json_build_object('id', l."id", 'name', l."name", 'color', l."color", 'createdAt', ${utc('l."createdAt"')},
       'updatedAt', ${utc('l."updatedAt"')}) ORDER BY l."name"), '[]')
     FROM "TicketLabel" tl JOIN "Label" l ON l."id" = tl."labelId" WHERE tl."ticketId" = t."id") AS "labels",
  (SELECT json_build_object('id', r."id", 'ticketId', r."ticketId", 'customerId', r."customerId", 'score', r."score", 'comment', r."comment",
       'resolvedAt', ${utc('r."resolvedAt"')}, 'createdAt', ${utc('r."createdAt"')})
     FROM "TicketRating" r WHERE r."ticketId" = t."id" ORDER BY r."createdAt" DESC LIMIT 1) AS "rating"
FROM unnest($1::text[]) WITH ORDINALITY AS i("id", "n")
JOIN "Ticket" t ON t."id" = i."id"
ORDER BY i."n"`;

/** The tickets of `ids` that still exist, in that order, each as `include: ticketInclude` would read it. */
export async function ticketsWithRelations(ctx: AppContext, ids: string[]): Promise<TicketWithRelations[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.sql.query<Row>(SQL, [ids]);
  return rows.map(({ attachments, labels, rating, ...ticket }) => ({
    ...ticket,
    attachments: attachments.map((a) => ({ ...a, createdAt: new Date(a.createdAt) })),
    ticketLabels: labels.map((l) => ({ label: { ...l, createdAt: new Date(l.createdAt), updatedAt: new Date(l.updatedAt) } })),
    ratings: rating ? [{ ...rating, createdAt: new Date(rating.createdAt), resolvedAt: new Date(rating.resolvedAt) }] : [],
  }));
}
