// Ticket search: one ranked query over what was written on a ticket (full-text, English stemming),
// parts of words in its subject and description and of its customer's name and email (pg_trgm),
// and its number; then a snippet of the best match with the matched parts marked.
import { z } from 'zod';
import { isTeam, type AuthUser } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { CursorDate, CursorId, CursorInt, decodeCursor, encodeCursor } from '../http/cursor.js';
import { Priority, type SearchMatchJson, type TicketListQuery } from '@deskline/contract';
import type { SqlParam } from './access.js';

type Field = SearchMatchJson['field'];
export type SortField = 'createdAt' | 'updatedAt' | 'activityAt' | 'priority' | 'number';

/** Rank of each field: a number is exact, a subject says what the ticket is about, chat is long. */
const TIER: Record<Field, number> = { number: 100, subject: 40, customer: 30, description: 20, comment: 10, note: 10, message: 10 };

export interface SearchHit {
  ticketId: string;
  field: Field;
  /** The comment or message that matched, for comment, note and message. */
  sourceId: string | null;
}

type Row = { ticketId: string; tier: number; field: Field; sourceId: string | null; createdAt: Date; sortValue: unknown };

const RelevanceCursor = z.tuple([CursorInt, CursorDate, CursorId]);
const FieldCursor: Record<SortField, z.ZodTuple> = {
  createdAt: z.tuple([CursorDate, CursorId]),
  updatedAt: z.tuple([CursorDate, CursorId]),
  activityAt: z.tuple([CursorDate, CursorId]),
  priority: z.tuple([Priority, CursorId]),
  number: z.tuple([CursorInt, CursorId]),
};

/** Timestamps are stored as UTC without a zone: an ISO instant as one of them. */
const utc = (isoParam: string) => `(${isoParam}::timestamptz AT TIME ZONE 'UTC')`;

function positional(): { param: SqlParam; values: unknown[] } {
  const values: unknown[] = [];
  return { values, param: (value) => (values.push(value), `$${values.length}`) };
}

/** ILIKE takes %, _ and \ as wildcards and escape: a search for "100%" or "a_b" is literal. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "#1042" or "1042" finds that ticket. */
export const ticketNumberIn = (q: string): number | undefined => {
  const digits = /^#?(\d{1,9})$/.exec(q.trim())?.[1];
  return digits ? Number(digits) : undefined;
};

/** One kind of match: the tickets it finds (`ids`), and for replies and chat the message that matched. */
interface Source {
  tier: number;
  /** null: a comment, note or message, told apart per row (`matched`). */
  field: Field | null;
  /** Written when used, so a statement's parameters are only those it refers to. */
  ids: () => string;
  /** For a ticket `p` of this tier, the newest matching comment or message's id and field. */
  matched?: () => string;
}

/**
 * What a search for `text` matches, best tier first. Each part is a plain index scan: full-text and
 * part-of-word conditions are two scans joined by UNION, not one OR, which would make every row found
 * by the trigram index (always rechecked) compute its to_tsvector again.
 */
function sourcesOf(text: string, team: boolean, param: SqlParam): Source[] {
  const lazy = (value: unknown) => {
    let ref: string | undefined;
    return () => (ref ??= param(value));
  };
  const pattern = lazy(`%${escapeLikePattern(text)}%`);
  const words = lazy(text);
  const matches = (expression: string) => `to_tsvector('english', ${expression}) @@ websearch_to_tsquery('english', ${words()})`;
  const number = ticketNumberIn(text);
  const ofTicket = (column: string) =>
    `SELECT "id" FROM "Ticket" WHERE ${matches(`"${column}"`)} UNION SELECT "id" FROM "Ticket" WHERE "${column}" ILIKE ${pattern()}`;
  // Internal notes are the support team's: a customer's search never looks at them.
  const notes = team ? '' : ' AND NOT "internal"';
  return [
    ...(number === undefined ? [] : [{ tier: TIER.number, field: 'number' as const, ids: () => `SELECT "id" FROM "Ticket" WHERE "number" = ${param(number)}` }]),
    { tier: TIER.subject, field: 'subject', ids: () => ofTicket('subject') },
    ...(team
      ? [
          {
            tier: TIER.customer,
            field: 'customer' as const,
            // Three scans, not one OR: with a long pattern (an email) the planner would read every user.
            ids: () => `SELECT "id" FROM "Ticket" WHERE "customerId" IN (
              SELECT "id" FROM "User" WHERE "name" ILIKE ${pattern()} UNION SELECT "id" FROM "User" WHERE "email" ILIKE ${pattern()}
              UNION SELECT "id" FROM "User" WHERE "contactEmail" ILIKE ${pattern()})`,
          },
        ]
      : []),
    { tier: TIER.description, field: 'description', ids: () => ofTicket('description') },
    {
      tier: TIER.comment,
      field: null,
      ids: () => `SELECT "ticketId" FROM "Comment" WHERE ${matches('"body"')}${notes} UNION ALL SELECT "ticketId" FROM "Message" WHERE ${matches('"body"')}`,
      matched: () => `SELECT "id", CASE WHEN "internal" THEN 'note' ELSE 'comment' END AS field FROM "Comment" WHERE "ticketId" = p."ticketId" AND ${matches('"body"')}${notes}
        UNION ALL SELECT "id", 'message' FROM "Message" WHERE "ticketId" = p."ticketId" AND ${matches('"body"')}
        ORDER BY "id" DESC LIMIT 1`,
    },
  ];
}

/**
 * One page of the tickets matching `q` that `user` may see, within the list's filters, ranked by
 * field (`sort` relevance) or ordered by a column; each with the best thing it matched on.
 * Customers search only their own tickets, and never internal notes or customers' names.
 *
 * A ticket counts once, in the best tier it matches. Each tier is read as its own ordered, limited
 * page of the tickets matching it and no better tier, so no query gathers every match: by relevance
 * the tiers are read best first until the page is full; by a column, the tiers' pages are merged.
 */
export async function searchTickets(
  ctx: AppContext,
  user: AuthUser,
  query: z.infer<typeof TicketListQuery> & { q: string },
  order: { field: SortField | 'relevance'; descending: boolean },
): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
  const team = isTeam(user);
  const text = query.q.trim();
  const wanted = query.limit + 1;

  /** The filters of the list, on the ticket `t`. */
  const filters = (param: SqlParam) => {
    const where: string[] = [];
    if (!team) where.push(`t."customerId" = ${param(user.id)}`);
    // A portal link signs in to one ticket only: its search looks in that ticket alone.
    if (!team && user.ticketScope) where.push(`t."id" = ${param(user.ticketScope)}`);
    if (query.status) where.push(`t."status"::text = ANY(${param(query.status)}::text[])`);
    if (query.priority) where.push(`t."priority"::text = ANY(${param(query.priority)}::text[])`);
    if (query.category) where.push(`t."categoryId" = (SELECT "id" FROM "Category" WHERE "slug" = ${param(query.category)})`);
    if (query.assignee === 'me') where.push(`t."assigneeId" = ${param(user.id)}`);
    else if (query.assignee === 'none') where.push(`t."assigneeId" IS NULL`);
    else if (query.assignee) where.push(`t."assigneeId" = ${param(query.assignee)}`);
    if (query.label) where.push(`EXISTS (SELECT 1 FROM "TicketLabel" l WHERE l."ticketId" = t."id" AND l."labelId" = ${param(query.label)})`);
    return where;
  };

  /** The page of tier `index`'s tickets in `orderBy`, at most `limit`, after `after` (conditions on `t`). */
  const tierPage = (sources: Source[], index: number, param: SqlParam, orderBy: string, limit: number, after: string[], sortKey: string) => {
    const source = sources[index]!;
    // The tier's tickets less those of better tiers, as sets (`matching`): each is a few index scans.
    const better = sources.slice(0, index).map((_, i) => `SELECT "id" FROM m${i}`);
    const ids = better.length > 0 ? `SELECT "id" FROM m${index} EXCEPT (${better.join(' UNION ALL ')})` : `SELECT "id" FROM m${index}`;
    const where = [...filters(param), ...after];
    const page = `SELECT t."id" AS "ticketId", ${source.tier} AS tier, t."createdAt", ${sortKey} AS "sortKey"
      FROM (${ids}) c ("id") JOIN "Ticket" t ON t."id" = c."id"${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${orderBy} LIMIT ${param(limit)}`;
    return source.matched
      ? `SELECT p.*, s.field, s."id" AS "sourceId" FROM (${page}) p LEFT JOIN LATERAL (${source.matched()}) s ON true`
      : `SELECT p.*, '${source.field}' AS field, NULL::text AS "sourceId" FROM (${page}) p`;
  };
  /** The sets of tickets the first `count` sources match, m0, m1…: read once however many tiers exclude them. */
  const matching = (sources: Source[], count: number) =>
    `WITH ${sources
      .slice(0, count)
      .map((source, i) => `m${i} ("id") AS (${source.ids()})`)
      .join(',\n  ')}\n`;
  const columns = (sortValue: string) =>
    `"ticketId", tier, field, "sourceId", "createdAt" AT TIME ZONE 'UTC' AS "createdAt", ${sortValue} AS "sortValue"`;

  let rows: Row[];
  let cursorOf: (row: Row) => unknown[];
  if (order.field === 'relevance') {
    cursorOf = (row) => [row.tier, row.createdAt.toISOString(), row.ticketId];
    let from: { tier: number; createdAt: Date; id: string } | undefined;
    if (query.cursor) {
      const [tier, createdAt, id] = decodeCursor(query.cursor, RelevanceCursor) as [number, Date, string];
      from = { tier, createdAt, id };
    }
    rows = [];
    // The number and the subject first: for a common word they fill the page, and the descriptions
    // and chat, where such a word has thousands of matches, are never read.
    for (const group of [[TIER.number, TIER.subject], [TIER.customer, TIER.description, TIER.comment]]) {
      if (rows.length >= wanted) break;
      const { param, values } = positional();
      const sources = sourcesOf(text, team, param);
      const limit = wanted - rows.length;
      let count = 0;
      const pages = sources.flatMap((source, index) => {
        // A tier above the cursor's was read on earlier pages.
        if (!group.includes(source.tier) || (from && source.tier > from.tier)) return [];
        count = index + 1;
        const after = from && source.tier === from.tier ? [`(t."createdAt", t."id") < (${utc(param(from.createdAt.toISOString()))}, ${param(from.id)})`] : [];
        return [`(${tierPage(sources, index, param, `t."createdAt" DESC, t."id" DESC`, limit, after, 'NULL')})`];
      });
      if (pages.length === 0) continue;
      rows.push(
        ...(await ctx.sql.query<Row>(
          `${matching(sources, count)}SELECT ${columns('NULL')} FROM (${pages.join('\n  UNION ALL\n  ')}) r ORDER BY tier DESC, "createdAt" DESC, "ticketId" DESC LIMIT ${param(limit)}`,
          values,
        )),
      );
    }
  } else {
    const { param, values } = positional();
    const sources = sourcesOf(text, team, param);
    const dir = order.descending ? 'DESC' : 'ASC';
    const column = `t."${order.field}"`;
    cursorOf = (row) => [row.sortValue instanceof Date ? row.sortValue.toISOString() : row.sortValue, row.ticketId];
    const after: string[] = [];
    if (query.cursor) {
      const [value, id] = decodeCursor(query.cursor, FieldCursor[order.field]) as [unknown, string];
      const typed =
        value instanceof Date ? utc(param(value.toISOString())) : `${param(value)}::${order.field === 'priority' ? '"Priority"' : 'int'}`;
      after.push(`(${column}, t."id") ${order.descending ? '<' : '>'} (${typed}, ${param(id)})`);
    }
    const pages = sources.map((_, index) => `(${tierPage(sources, index, param, `${column} ${dir}, t."id" ${dir}`, wanted, after, column)})`);
    const sortValue = order.field === 'priority' || order.field === 'number' ? '"sortKey"' : `"sortKey" AT TIME ZONE 'UTC'`;
    rows = await ctx.sql.query<Row>(
      `${matching(sources, sources.length)}SELECT ${columns(sortValue)} FROM (${pages.join('\n  UNION ALL\n  ')}) r ORDER BY "sortKey" ${dir}, "ticketId" ${dir} LIMIT ${param(wanted)}`,
      values,
    );
  }
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    hits: page.map(({ ticketId, field, sourceId }) => ({ ticketId, field, sourceId })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(cursorOf(last) as (string | number)[]) : null,
  };
}

// Private-use characters mark the matches in ts_headline's output; they are taken out of the text first.
const START = '\uE000';
const STOP = '\uE001';
// Every match highlighted: the words are looked up in the text as written (see snippetsFor).
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;
/** How much text a snippet keeps before and after a match found by parts of words. */
const CONTEXT_BEFORE = 40;
const SNIPPET_LENGTH = 160;

/**
 * Snippets of `texts`, each with the parts that match `q` marked: the words that matched in any form
 * (as ts_headline finds them), else the first place the text contains `q` (a part of a word). The
 * snippet is cut from the text as written: ts_headline's own output drops what looks like HTML.
 */
export async function snippetsFor(ctx: AppContext, q: string, texts: string[]): Promise<Omit<SearchMatchJson, 'field'>[]> {
  if (texts.length === 0) return [];
  const clean = texts.map((t) => t.replaceAll(START, '').replaceAll(STOP, ''));
  const rows = await ctx.sql.query<{ headline: string }>(
    `SELECT ts_headline('english', t.text, websearch_to_tsquery('english', $1), $2) AS headline
     FROM unnest($3::text[]) WITH ORDINALITY AS t(text, i) ORDER BY t.i`,
    [q.trim(), HEADLINE_OPTIONS, clean],
  );
  return rows.map((row, i) => {
    const text = clean[i]!;
    const words = new Set([...row.headline.matchAll(MARKED)].map((m) => m[1]!.toLowerCase()));
    const found = words.size > 0 ? wordsIn(text, words) : [];
    if (found.length > 0) return snippetAround(text, found);
    const at = text.toLowerCase().indexOf(q.trim().toLowerCase());
    return snippetAround(text, at < 0 ? [] : [{ start: at, end: at + q.trim().length }]);
  });
}

const MARKED = new RegExp(`${START}([^${STOP}]*)${STOP}`, 'g');

/** Where `words` stand in `text`, not inside a longer word, case aside; in order. */
function wordsIn(text: string, words: Set<string>): { start: number; end: number }[] {
  const alternatives = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** A window of whole words around the first match, with an ellipsis where the text goes on. */
function snippetAround(text: string, matches: { start: number; end: number }[]): Omit<SearchMatchJson, 'field'> {
  const first = matches[0];
  let from = first ? Math.max(0, first.start - CONTEXT_BEFORE) : 0;
  if (from > 0) from = text.indexOf(' ', from) + 1 || from;
  if (first && from > first.start) from = first.start;
  let to = Math.min(text.length, Math.max(first?.end ?? 0, from + SNIPPET_LENGTH));
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > (first?.end ?? from)) to = space;
  }
  const prefix = from > 0 ? '…' : '';
  const shift = prefix.length - from;
  return {
    text: `${prefix}${text.slice(from, to)}${to < text.length ? '…' : ''}`,
    highlights: matches.filter((m) => m.start >= from && m.end <= to).map((m) => ({ start: m.start + shift, end: m.end + shift })),
  };
}
