// Tickets: their lifecycle, and the ordered activity stream that comments and chat messages are
// appended to. Who may see one is decided in access.ts.
import { z } from 'zod';
import { chargeUploads, inspectUpload, storeAttachments, toAttachmentJson } from '../attachments/service.js';
import { isAdmin, isTeam, type AuthUser } from '../auth/principal.js';
import { findCategoryBySlug } from '../categories/service.js';
import type { AppContext } from '../context.js';
import type { TicketRef } from '../events.js';
import type { Prisma, Ticket } from '../generated/prisma/client.js';
import { CursorDate, CursorId, CursorInt, decodeCursor, toPage, type CursorValue } from '../http/cursor.js';
import { DEFAULT_REOPEN_WINDOW_DAYS, DERIVED_SUBJECT_MAX, MAX_LABELS_PER_TICKET, Priority } from '@deskline/contract';
import type { UploadedFile } from '../http/endpoint.js';
import { AppError, conflict, forbidden, notFound, toAppError } from '../http/errors.js';
import { unreadCountsFor } from '../messages/unread.js';
import { isFinished, toRatingJson } from '../ratings/service.js';
import { reopenWindowDaysFor, ticketFormFor } from '../sites/service.js';
import { findUserById, toCustomerJson, visitorContextOfUser } from '../users/service.js';
import { storedVisitorContext, visitorContextOf } from '../widget/visitorContext.js';
import { toLabelJson, unknownLabelIds, unknownLabelsError } from '../labels/service.js';
import type {
  BulkTicketBody,
  BulkTicketResult,
  CreateTicketBody,
  Page,
  TicketChange,
  TicketJson,
  TicketListItemJson,
  TicketListQuery,
  UpdateTicketBody,
  VisitorContextJson,
} from '@deskline/contract';
import { canSeeTicket, canSeeTicketSql, findVisibleTicket, type SqlParam, type Viewer } from './access.js';
import { searchTickets, snippetsFor, type SearchHit, type SortField } from './search.js';
import { changesBetween, labelsChange, publishTicketEvents, recordTicketChanges, trackedFieldsInclude } from './history.js';
import { ticketInclude, ticketsWithRelations, type TicketWithRelations } from './list.js';

/** A ticket's labels as history compares them. */
const labelsInclude = { ticketLabels: { select: { label: { select: { id: true, name: true } } } } } satisfies Prisma.TicketInclude;

const PRIORITY_ORDER = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;

function toTicketJson(ctx: AppContext, ticket: TicketWithRelations, unreadCount: number, viewer: Viewer): TicketJson {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    description: ticket.description,
    category: ticket.category,
    priority: ticket.priority,
    status: ticket.status,
    customer: toCustomerJson(ticket.customer),
    assignee: ticket.assignee,
    site: ticket.site && { id: ticket.site.id, name: ticket.site.name },
    attachments: ticket.attachments.map((a) => toAttachmentJson(ctx, a)),
    unreadCount,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    // The team's activity time moves with internal notes: the customer must not see it.
    // Labels are the team's own filing, never shown to the customer.
    ...(isTeam(viewer) ? { activityAt: ticket.activityAt.toISOString(), labels: ticket.ticketLabels.map((l) => toLabelJson(l.label)) } : {}),
    ...closingTheLoop(ticket),
    // Where the visitor was and what they use: for the team working the ticket.
    ...(isTeam(viewer) ? { visitorContext: storedVisitorContext(ticket.visitorContext) } : {}),
  };
}

/** Until when a customer's reply reopens a ticket resolved at `resolvedAt`; after, it opens a follow-up. */
export function reopenDeadline(resolvedAt: Date | null, windowDays: number): Date {
  return new Date((resolvedAt ?? new Date()).getTime() + windowDays * 24 * 60 * 60 * 1000);
}

/** The follow-up link, the latest rating, whether this resolution awaits one, and the reopen window. */
function closingTheLoop(ticket: TicketWithRelations) {
  const [rating] = ticket.ratings;
  const finished = isFinished(ticket.status);
  const ratedNow = rating !== undefined && rating.resolvedAt.getTime() === ticket.resolvedAt?.getTime();
  return {
    linkedTicket: ticket.linkedTicket,
    rating: rating ? toRatingJson(rating) : null,
    awaitingRating: finished && ticket.resolvedAt !== null && !ratedNow,
    reopenUntil: finished ? reopenDeadline(ticket.resolvedAt, ticket.site?.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS).toISOString() : null,
  };
}

/** The Ticket as `viewer` sees it (unread counts are per side). */
export async function ticketJsonFor(ctx: AppContext, viewer: Viewer, id: string): Promise<TicketJson> {
  const ticket = await ctx.db.ticket.findUnique({ where: { id }, include: ticketInclude });
  if (!ticket || !canSeeTicket(viewer, ticket)) throw notFound('Ticket');
  const unread = await unreadCountsFor(ctx, viewer, [ticket.id]);
  return toTicketJson(ctx, ticket, unread.get(ticket.id) ?? 0, viewer);
}

async function categoryIdFor(ctx: AppContext, slug: string): Promise<string> {
  const category = await findCategoryBySlug(ctx, slug);
  if (!category) {
    throw new AppError('VALIDATION_FAILED', 400, `Unknown category "${slug}"`, [
      { path: 'category', message: 'is not a known category slug (see GET /api/categories)' },
    ]);
  }
  return category.id;
}

/**
 * The subject of a ticket opened by typing: the description's first line, cut at a word boundary
 * with an ellipsis when it is longer than DERIVED_SUBJECT_MAX characters.
 */
export function subjectFromDescription(description: string): string {
  const firstLine = (description.split('\n').find((line) => line.trim() !== '') ?? '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(firstLine); // code points, so an emoji is never cut in half
  if (chars.length <= DERIVED_SUBJECT_MAX) return firstLine;
  const cut = chars.slice(0, DERIVED_SUBJECT_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  // A word boundary only if it keeps most of the line; one long word is cut where it must be.
  const kept = space >= DERIVED_SUBJECT_MAX / 2 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s.,;:!?-]+$/, '')}…`;
}

/**
 * A ticket opened from the widget keeps where the visitor was when they opened it: their session's
 * context, at the page the widget says it is on now (a single-page site moves on without a new session).
 */
async function openingVisitorContext(ctx: AppContext, user: AuthUser, pageUrl: string | undefined): Promise<VisitorContextJson | undefined> {
  if (!user.siteId) return undefined;
  const session = storedVisitorContext(await visitorContextOfUser(ctx, user.id));
  if (!pageUrl) return session ?? undefined;
  return session ? { ...session, pageUrl, updatedAt: new Date().toISOString() } : visitorContextOf({ pageUrl }, {});
}

export async function createTicket(
  ctx: AppContext,
  user: AuthUser,
  input: z.infer<typeof CreateTicketBody>,
  files: UploadedFile[],
  address: string,
): Promise<TicketJson> {
  // A portal link signs in to one ticket only: opening others needs the customer's own sign-in.
  if (user.ticketScope) throw forbidden('This link opens one ticket; sign in to open a new one');
  const form = await ticketFormFor(ctx, user.siteId);
  if (form.requireTicketForm) {
    const missing = (['subject', 'category'] as const).filter((field) => input[field] === undefined);
    if (missing.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `This site asks for the full form: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required`,
        missing.map((path) => ({ path, message: 'is required by this site' })),
      );
    }
  }
  await ctx.limits.charge('ticket', user, address);
  const categoryId = await categoryIdFor(ctx, input.category ?? form.defaultCategory);
  // Every file is checked before anything is stored, so a refused file leaves no half-made ticket.
  const uploads = await Promise.all(files.map(inspectUpload));
  await chargeUploads(ctx, user, address, uploads);
  const ticket = await ctx.db.ticket.create({
    data: {
      subject: input.subject ?? subjectFromDescription(input.description),
      description: input.description,
      priority: input.priority,
      categoryId,
      customerId: user.id,
      siteId: user.siteId,
      visitorContext: await openingVisitorContext(ctx, user, input.pageUrl),
    },
  });
  if (uploads.length > 0) {
    try {
      await storeAttachments(ctx, ticket.id, user.id, uploads);
    } catch (error) {
      await ctx.db.ticket.delete({ where: { id: ticket.id } }).catch(() => {});
      throw error;
    }
  }
  ctx.events.emit('ticket.created', { ticket });
  return ticketJsonFor(ctx, user, ticket.id);
}

export async function getTicket(ctx: AppContext, user: AuthUser, id: string): Promise<TicketJson> {
  return ticketJsonFor(ctx, user, id);
}

export async function listTickets(ctx: AppContext, user: AuthUser, query: z.infer<typeof TicketListQuery>) {
  const filters: Prisma.TicketWhereInput[] = [];
  if (!isTeam(user)) filters.push({ customerId: user.id });
  if (!isTeam(user) && user.ticketScope) filters.push({ id: user.ticketScope });
  if (query.status) filters.push({ status: { in: query.status } });
  if (query.priority) filters.push({ priority: { in: query.priority } });
  if (query.category) filters.push({ category: { slug: query.category } });
  if (query.assignee === 'me') filters.push({ assigneeId: user.id });
  else if (query.assignee === 'none') filters.push({ assigneeId: null });
  else if (query.assignee) filters.push({ assigneeId: query.assignee });
  if (query.label) {
    // The list would reveal which of their tickets carry a label.
    if (!isTeam(user)) {
      throw new AppError('VALIDATION_FAILED', 400, 'Filtering by label is for the support team', [
        { path: 'query.label', message: 'is for the support team' },
      ]);
    }
    filters.push({ ticketLabels: { some: { labelId: query.label } } });
  }
  const sort = query.sort ?? (query.q ? 'relevance' : '-createdAt');
  const descending = sort.startsWith('-');
  const field = sort === 'relevance' ? (query.q ? 'relevance' : 'createdAt') : (sort.replace(/^-/, '') as SortField);
  if (field === 'activityAt' && !isTeam(user)) {
    // The order would reveal when the team last wrote an internal note.
    throw new AppError('VALIDATION_FAILED', 400, 'Sorting by activityAt is for the support team', [
      { path: 'query.sort', message: 'activityAt is for the support team; use updatedAt' },
    ]);
  }
  if (query.q) return searchTicketList(ctx, user, { ...query, q: query.q }, { field, descending: field === 'relevance' || descending });
  if (field === 'relevance') throw new Error('unreachable: relevance needs q');
  const direction = descending || sort === 'relevance' ? 'desc' : 'asc';
  if (query.cursor) filters.push(afterCursor(field, direction === 'desc', query.cursor));

  const ids = await ctx.db.ticket.findMany({
    where: { AND: filters },
    select: { id: true },
    orderBy: [{ [field]: direction }, { id: direction }],
    take: query.limit + 1,
  });
  // The page's tickets and their unread counts are read side by side (the extra id that only says
  // another page follows costs nothing in the count).
  const pageIds = ids.map((t) => t.id);
  const [rows, unread] = await Promise.all([ticketsWithRelations(ctx, pageIds), unreadCountsFor(ctx, user, pageIds)]);
  const page = toPage(rows, query.limit, (t) => [cursorValue(t, field), t.id]);
  return { items: page.items.map((t) => toTicketJson(ctx, t, unread.get(t.id) ?? 0, user)), nextCursor: page.nextCursor };
}

/** A searched page: ranked hits, each ticket as its viewer sees it with a snippet of what matched. */
async function searchTicketList(
  ctx: AppContext,
  user: AuthUser,
  query: z.infer<typeof TicketListQuery> & { q: string },
  order: { field: SortField | 'relevance'; descending: boolean },
): Promise<Page<TicketListItemJson>> {
  const { hits, nextCursor } = await searchTickets(ctx, user, query, order);
  const ids = hits.map((hit) => hit.ticketId);
  const [tickets, unread, sources] = await Promise.all([
    ticketsWithRelations(ctx, ids),
    unreadCountsFor(ctx, user, ids),
    matchedBodies(ctx, hits),
  ]);
  const byId = new Map(tickets.map((t) => [t.id, t]));
  // A ticket deleted between the two queries is left out.
  const found = hits.flatMap((hit) => {
    const ticket = byId.get(hit.ticketId);
    return ticket ? [{ hit, ticket }] : [];
  });
  const texts = found.map(({ hit, ticket }) => matchedText(hit, ticket, sources, query.q));
  const snippets = await snippetsFor(ctx, query.q, texts);
  return {
    items: found.map(({ hit, ticket }, i) => ({
      ...toTicketJson(ctx, ticket, unread.get(ticket.id) ?? 0, user),
      match:
        hit.field === 'number'
          ? { field: hit.field, text: texts[i]!, highlights: [{ start: 0, end: texts[i]!.length }] }
          : { field: hit.field, ...snippets[i]! },
    })),
    nextCursor,
  };
}

/** The comments and messages that matched, by id. */
async function matchedBodies(ctx: AppContext, hits: SearchHit[]): Promise<Map<string, string>> {
  const commentIds = hits.filter((h) => h.sourceId && h.field !== 'message').map((h) => h.sourceId!);
  const messageIds = hits.filter((h) => h.sourceId && h.field === 'message').map((h) => h.sourceId!);
  const [comments, messages] = await Promise.all([
    commentIds.length ? ctx.db.comment.findMany({ where: { id: { in: commentIds } }, select: { id: true, body: true } }) : [],
    messageIds.length ? ctx.db.message.findMany({ where: { id: { in: messageIds } }, select: { id: true, body: true } }) : [],
  ]);
  return new Map([...comments, ...messages].map((row) => [row.id, row.body]));
}

function matchedText(hit: SearchHit, ticket: TicketWithRelations, sources: Map<string, string>, q: string): string {
  switch (hit.field) {
    case 'number':
      return `#${ticket.number}`;
    case 'subject':
      return ticket.subject;
    case 'description':
      return ticket.description;
    case 'customer': {
      const { name, email, contactEmail } = ticket.customer;
      const needle = q.trim().toLowerCase();
      return [name, email, contactEmail].find((value) => value?.toLowerCase().includes(needle)) ?? name;
    }
    default:
      return (hit.sourceId && sources.get(hit.sourceId)) ?? '';
  }
}

function cursorValue(ticket: Ticket, field: SortField): CursorValue {
  const value = ticket[field];
  return value instanceof Date ? value.toISOString() : value;
}

/** What a cursor of each sort holds: the sort column's value (checked against its type) and the id. */
const CURSOR_OF: Record<SortField, z.ZodTuple> = {
  createdAt: z.tuple([CursorDate, CursorId]),
  updatedAt: z.tuple([CursorDate, CursorId]),
  activityAt: z.tuple([CursorDate, CursorId]),
  priority: z.tuple([Priority, CursorId]),
  number: z.tuple([CursorInt, CursorId]),
};

/** Keyset condition: rows strictly after (value, id) in the list's order, so pages never overlap. */
function afterCursor(field: SortField, descending: boolean, cursor: string): Prisma.TicketWhereInput {
  const [value, id] = decodeCursor(cursor, CURSOR_OF[field]) as [Date | number | (typeof PRIORITY_ORDER)[number], string];
  const idAfter = { id: descending ? { lt: id } : { gt: id } };
  if (field === 'priority') {
    const index = PRIORITY_ORDER.indexOf(value as (typeof PRIORITY_ORDER)[number]);
    const later = descending ? PRIORITY_ORDER.slice(0, index) : PRIORITY_ORDER.slice(index + 1);
    return { OR: [{ priority: { in: [...later] } }, { priority: PRIORITY_ORDER[index], ...idAfter }] };
  }
  return { OR: [{ [field]: descending ? { lt: value } : { gt: value } }, { [field]: value, ...idAfter }] };
}

/** A change to a ticket: the PATCH body, or a bulk action's, which adds labels rather than replacing them. */
export type TicketChanges = z.infer<typeof UpdateTicketBody> & { addLabels?: string[] };

export async function updateTicket(ctx: AppContext, user: AuthUser, id: string, input: TicketChanges): Promise<TicketJson> {
  const ticket = await findVisibleTicket(ctx, user, id);
  if (!isTeam(user)) {
    if (input.assigneeId !== undefined) throw forbidden('Only the support team can assign tickets');
    if (input.labels !== undefined || input.addLabels !== undefined) throw forbidden('Only the support team can label tickets');
    if (input.status !== undefined && input.status !== 'CLOSED') throw forbidden('Customers can only close their tickets');
  }
  const editsContent = ['subject', 'description', 'category', 'priority'].some((key) => key in input);
  const staysClosed = (input.status ?? ticket.status) === 'CLOSED';
  if (editsContent && ticket.status === 'CLOSED' && staysClosed) {
    throw conflict('TICKET_CLOSED', 'This ticket is closed; reopen it before editing it');
  }
  await changeTicket(ctx, user.id, id, input);
  return ticketJsonFor(ctx, user, id);
}

/**
 * The one place a ticket's fields change, whoever asks (REST, bulk actions, automatic assignment):
 * `actorId` is who made the change, null for the system. Permission checks are the caller's; this
 * validates the values, applies them with the row locked, and records each tracked change in the
 * ticket's history in the same transaction.
 */
export async function changeTicket(
  ctx: AppContext,
  actorId: string | null,
  id: string,
  input: TicketChanges,
): Promise<Ticket> {
  if (input.assigneeId) {
    const assignee = await findUserById(ctx, input.assigneeId);
    if (!assignee || !isTeam(assignee) || assignee.disabled) {
      throw new AppError('VALIDATION_FAILED', 400, 'Tickets can only be assigned to an active agent or admin', [
        { path: 'assigneeId', message: 'is not an active agent or admin' },
      ]);
    }
  }
  const categoryId = input.category === undefined ? undefined : await categoryIdFor(ctx, input.category);
  const labelIds = input.labels ?? input.addLabels;
  if (labelIds) {
    const unknown = await unknownLabelIds(ctx, labelIds);
    if (unknown.length > 0) throw unknownLabelsError(input.labels ? 'labels' : 'addLabels', unknown);
  }
  const { updated, events } = await ctx.db.$transaction(async (tx) => {
    // Locked, so concurrent changes queue up and each one's "from" is the previous one's "to".
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Ticket" WHERE "id" = ${id} FOR UPDATE`;
    if (locked.length === 0) throw notFound('Ticket'); // deleted while we were checking it
    const before = await tx.ticket.findUniqueOrThrow({ where: { id }, include: { ...trackedFieldsInclude, ...labelsInclude } });
    const data: Prisma.TicketUncheckedUpdateInput = {
      subject: input.subject,
      description: input.description,
      priority: input.priority,
      categoryId,
      assigneeId: input.assigneeId,
      activityAt: new Date(),
    };
    if (input.status && input.status !== before.status) {
      data.status = input.status;
      const done = input.status === 'RESOLVED' || input.status === 'CLOSED';
      data.resolvedAt = done ? (before.resolvedAt ?? new Date()) : null;
    }
    if (labelIds) {
      const kept = input.labels ? [] : before.ticketLabels.map((l) => l.label.id);
      const target = [...new Set([...kept, ...labelIds])];
      if (target.length > MAX_LABELS_PER_TICKET) {
        throw new AppError('VALIDATION_FAILED', 400, `A ticket carries at most ${MAX_LABELS_PER_TICKET} labels`, [
          { path: input.labels ? 'labels' : 'addLabels', message: `would give the ticket more than ${MAX_LABELS_PER_TICKET} labels` },
        ]);
      }
      await tx.ticketLabel.deleteMany({ where: { ticketId: id, labelId: { notIn: target } } });
      await tx.ticketLabel.createMany({ data: target.map((labelId) => ({ ticketId: id, labelId })), skipDuplicates: true });
      // Labels are the team's filing: the customer's "last change" stays where it was.
      if (Object.keys(input).every((key) => key === 'labels' || key === 'addLabels')) data.updatedAt = before.updatedAt;
    }
    const after = await tx.ticket.update({ where: { id }, data, include: { ...trackedFieldsInclude, ...labelsInclude } });
    const labelsOf = (t: typeof before) => t.ticketLabels.map((l) => l.label);
    const changes = [...changesBetween(before, after), ...labelsChange(labelsOf(before), labelsOf(after))];
    return { updated: after, events: await recordTicketChanges(tx, id, actorId, changes) };
  });
  ctx.events.emit('ticket.updated', { ticket: updated });
  publishTicketEvents(ctx, updated, events);
  return updated;
}

/**
 * A bulk action: each ticket goes through updateTicket on its own (same checks, history and
 * broadcasts), and what one ticket refuses is reported for it without stopping the others.
 */
export async function bulkUpdateTickets(ctx: AppContext, user: AuthUser, input: z.infer<typeof BulkTicketBody>) {
  if (input.patch.addLabels) {
    // A wrong label would fail every ticket the same way: the request itself is wrong.
    const unknown = await unknownLabelIds(ctx, input.patch.addLabels);
    if (unknown.length > 0) throw unknownLabelsError('patch.addLabels', unknown);
  }
  const results: z.infer<typeof BulkTicketResult>['results'] = [];
  for (const id of new Set(input.ids)) {
    try {
      results.push({ id, ok: true, ticket: await updateTicket(ctx, user, id, input.patch) });
    } catch (error) {
      const refusal = toAppError(error);
      if (!refusal || refusal.status >= 500) throw error;
      results.push({ id, ok: false, error: { code: refusal.code, message: refusal.message } });
    }
  }
  return { results };
}

/**
 * A customer replied to their resolved or closed ticket: within its site's reopen window the ticket
 * is reopened (OPEN, live in the console) and the reply goes to it; after the window the reply goes
 * to the ticket's open follow-up, or starts one linked to it. Resolves to the ticket that takes it.
 */
export async function ticketForReply(ctx: AppContext, user: AuthUser, ticket: Ticket): Promise<Ticket> {
  const windowDays = await reopenWindowDaysFor(ctx, ticket.siteId);
  if (Date.now() <= reopenDeadline(ticket.resolvedAt, windowDays).getTime()) {
    const { reopened, events } = await ctx.db.$transaction(async (tx) => {
      // Under the row lock: two replies at once reopen it once, and history records it once.
      const [locked] = await tx.$queryRaw<{ status: Ticket['status'] }[]>`SELECT "status" FROM "Ticket" WHERE "id" = ${ticket.id} FOR UPDATE`;
      if (!locked || !isFinished(locked.status)) return { reopened: await tx.ticket.findUniqueOrThrow({ where: { id: ticket.id } }), events: [] };
      const reopened = await tx.ticket.update({ where: { id: ticket.id }, data: { status: 'OPEN', resolvedAt: null, activityAt: new Date() } });
      // The customer reopened it by replying: the team's history and the customer's timeline say so.
      return { reopened, events: await recordTicketChanges(tx, ticket.id, user.id, [{ field: 'status', from: locked.status, to: reopened.status } as TicketChange]) };
    });
    if (events.length) {
      ctx.events.emit('ticket.updated', { ticket: reopened });
      publishTicketEvents(ctx, reopened, events);
    }
    return reopened;
  }
  const open = await ctx.db.ticket.findFirst({
    where: { linkedTicketId: ticket.id, customerId: user.id, status: { in: ['OPEN', 'IN_PROGRESS'] } },
    orderBy: { createdAt: 'desc' },
  });
  if (open) return open;
  const followUp = await ctx.db.ticket.create({
    data: {
      subject: ticket.subject,
      description: `Follow-up of #${ticket.number}: ${ticket.subject}`,
      categoryId: ticket.categoryId,
      priority: ticket.priority,
      customerId: ticket.customerId,
      siteId: ticket.siteId,
      linkedTicketId: ticket.id,
      visitorContext: user.siteId ? ((await visitorContextOfUser(ctx, user.id)) ?? undefined) : undefined,
    },
  });
  ctx.events.emit('ticket.created', { ticket: followUp });
  return followUp;
}

/** Whether ticket `ticketId` follows up ticket `earlierId`. */
export async function isFollowUpOf(ctx: AppContext, ticketId: string, earlierId: string): Promise<boolean> {
  const ticket = await ctx.db.ticket.findUnique({ where: { id: ticketId }, select: { linkedTicketId: true } });
  return ticket?.linkedTicketId === earlierId;
}

export async function deleteTicket(ctx: AppContext, user: AuthUser, id: string): Promise<void> {
  const ticket = await findVisibleTicket(ctx, user, id);
  // Agents see every ticket to work it; erasing a customer's record is an admin's decision.
  if (!isAdmin(user) && ticket.customerId !== user.id) throw forbidden("Only an admin can delete a customer's ticket");
  const storageKeys = await ctx.db.$transaction(async (tx) => {
    // The row lock holds back attachments being added meanwhile (their insert then fails and removes
    // its file), so the list below names every file this ticket has.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Ticket" WHERE "id" = ${id} FOR UPDATE`;
    if (locked.length === 0) throw notFound('Ticket');
    const files = await tx.attachment.findMany({ where: { ticketId: id }, select: { storageKey: true } });
    await tx.ticket.delete({ where: { id } }); // comments, messages and attachment rows cascade
    return files.map((f) => f.storageKey);
  });
  await Promise.all(storageKeys.map((key) => ctx.storage.remove(key).catch(() => {})));
  ctx.events.emit('ticket.deleted', { ticket });
}

interface StreamOptions {
  /** A support-team reply the customer sees: records the ticket's first response time. */
  staffReply: boolean;
  /** Seen by the support team only: moves activityAt but not the customer's updatedAt. */
  internal: boolean;
}

/**
 * The one statement that takes a ticket's next stream position, for both forms of append below.
 * Everything moves the team's activityAt; only what the customer sees (not `internal`) moves
 * updatedAt. `only` narrows which row may take one.
 */
function takeStreamPosition(param: SqlParam, ticketId: string, options: StreamOptions, only = ''): string {
  return `
  UPDATE "Ticket"
  SET "lastSeq" = "lastSeq" + 1,
      "activityAt" = now(),
      "updatedAt" = CASE WHEN ${param(options.internal)} THEN "updatedAt" ELSE now() END,
      "firstResponseAt" = CASE WHEN ${param(options.staffReply)} AND "firstResponseAt" IS NULL THEN now() ELSE "firstResponseAt" END
  WHERE "id" = ${param(ticketId)}${only}
  RETURNING "id", "customerId", "lastSeq", "status"`;
}

/** A statement's positional parameters, numbered in the order they are rendered. */
function positional(): { param: SqlParam; values: unknown[] } {
  const values: unknown[] = [];
  return { values, param: (value) => (values.push(value), `$${values.length}`) };
}

/**
 * Appends to a ticket's activity stream: takes the next position with the ticket row locked,
 * then runs `write` in the same transaction. Positions therefore commit in order, so a reader
 * asking for "everything after position N" can never miss one that commits later.
 */
export async function appendToTicketStream<T>(
  ctx: AppContext,
  ticketId: string,
  options: StreamOptions & { refuseWhenClosed: boolean },
  write: (tx: Prisma.TransactionClient, seq: number) => Promise<T>,
): Promise<{ result: T; ticket: Ticket }> {
  return ctx.db.$transaction(async (tx) => {
    const { param, values } = positional();
    const [row] = await tx.$queryRawUnsafe<{ lastSeq: number; status: string }[]>(takeStreamPosition(param, ticketId, options), ...values);
    if (!row) throw notFound('Ticket');
    if (options.refuseWhenClosed && row.status === 'CLOSED') {
      throw conflict('TICKET_CLOSED', 'This ticket is closed, and its chat with it');
    }
    const result = await write(tx, row.lastSeq);
    const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: ticketId } });
    return { result, ticket };
  });
}

/**
 * appendToTicketStream in one statement, for the chat's hot path (one round trip, no interactive
 * transaction): a position is taken only on an open ticket that `viewer` may see, and `write`
 * renders the INSERT … SELECT … FROM stream that uses it (`stream` holds the ticket's "id",
 * "customerId" and new "lastSeq"), RETURNING the written row with its "id". Resolves to undefined
 * when no position was taken (the ticket is missing, CLOSED, resolved while the viewer is its customer,
 * or not the viewer's: findVisibleTicket says which), and without `written` when `write` wrote nothing (ON CONFLICT DO NOTHING).
 */
export async function appendToOpenTicketStream<Row extends { id: string }>(
  ctx: AppContext,
  viewer: Viewer,
  ticketId: string,
  options: StreamOptions,
  write: (param: SqlParam) => string,
): Promise<{ ticket: TicketRef; written?: Row } | undefined> {
  const { param, values } = positional();
  // The team chats on open and resolved tickets; a customer's reply to a resolved one reopens it
  // (reopenForReply), so it never takes this path.
  const open = isTeam(viewer) ? `"status" <> 'CLOSED'` : `"status" IN ('OPEN', 'IN_PROGRESS')`;
  const stream = takeStreamPosition(param, ticketId, options, ` AND ${open} AND ${canSeeTicketSql(viewer, param)}`);
  const sql = `WITH stream AS (${stream}
), written AS (${write(param)}
)
SELECT stream."customerId" AS "streamCustomerId", written.* FROM stream LEFT JOIN written ON true`;
  const [row] = await ctx.sql.query<Row & { streamCustomerId: string }>(sql, values);
  if (!row) return undefined;
  const ticket = { id: ticketId, customerId: row.streamCustomerId };
  // LEFT JOIN: the written row's columns are all null when it wrote nothing.
  return row.id ? { ticket, written: row } : { ticket };
}
