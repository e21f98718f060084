// The console's overview: workload counts and response times, computed by the database.
import type { AppContext } from '../context.js';
import { Prisma } from '../generated/prisma/client.js';
import type { OverviewJson } from '@deskline/contract';

const STATUSES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
const OPEN_WORK = ['OPEN', 'IN_PROGRESS'] as const;
export const OVERVIEW_WINDOW_DAYS = 7;

export async function overview(ctx: AppContext, now = new Date()): Promise<OverviewJson> {
  const from = new Date(now.getTime() - OVERVIEW_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  // One statement: every count in one pass over one index ("Ticket_status_priority_assigneeId_idx"),
  // read alone; the five oldest open tickets; the medians of the window.
  const [row] = await ctx.db.$queryRaw<
    {
      groups: { status: (typeof STATUSES)[number]; priority: (typeof PRIORITIES)[number]; count: number; unassigned: number }[] | null;
      oldest: (Omit<OverviewJson['oldestOpen'][number], 'createdAt'> & { createdAt: string })[] | null;
      firstResponse: number | null;
      resolution: number | null;
    }[]
  >(Prisma.sql`
    SELECT
      (SELECT json_agg(g) FROM (
         SELECT "status"::text AS "status", "priority"::text AS "priority", count(*)::int AS "count",
                count(*) FILTER (WHERE "assigneeId" IS NULL)::int AS "unassigned"
           FROM "Ticket" GROUP BY "status", "priority") g) AS "groups",
      (SELECT json_agg(o ORDER BY o."createdAt", o."id") FROM (
         SELECT t."id", t."number", t."subject", t."priority"::text AS "priority", t."status"::text AS "status",
                (SELECT json_build_object('id', u."id", 'name', u."name") FROM "User" u WHERE u."id" = t."customerId") AS "customer",
                (SELECT json_build_object('id', u."id", 'name', u."name") FROM "User" u WHERE u."id" = t."assigneeId") AS "assignee",
                t."createdAt" AT TIME ZONE 'UTC' AS "createdAt"
           FROM "Ticket" t WHERE t."status" IN ('OPEN', 'IN_PROGRESS')
          ORDER BY t."createdAt", t."id" LIMIT 5) o) AS "oldest",
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("firstResponseAt" - "createdAt")))
         FROM "Ticket" WHERE "createdAt" >= ${from} AND "firstResponseAt" IS NOT NULL) AS "firstResponse",
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("resolvedAt" - "createdAt")))
         FROM "Ticket" WHERE "resolvedAt" >= ${from}) AS "resolution"`);
  const groups = row?.groups ?? [];
  const open = groups.filter((g) => (OPEN_WORK as readonly string[]).includes(g.status));
  const tally = <K extends string>(keys: readonly K[], rows: { key: K; count: number }[]) =>
    Object.fromEntries(keys.map((k) => [k, rows.filter((r) => r.key === k).reduce((sum, r) => sum + Number(r.count), 0)])) as Record<K, number>;
  const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)));
  return {
    byStatus: tally(STATUSES, groups.map((g) => ({ key: g.status, count: g.count }))),
    byPriority: tally(PRIORITIES, open.map((g) => ({ key: g.priority, count: g.count }))),
    unassigned: open.reduce((sum, g) => sum + Number(g.unassigned), 0),
    oldestOpen: (row?.oldest ?? []).map((t) => ({
      id: t.id,
      number: t.number,
      subject: t.subject,
      priority: t.priority,
      status: t.status,
      customer: t.customer,
      assignee: t.assignee,
      createdAt: new Date(t.createdAt).toISOString(),
    })),
    medianFirstResponseSeconds: seconds(row?.firstResponse),
    medianResolutionSeconds: seconds(row?.resolution),
    window: { from: from.toISOString(), to: now.toISOString() },
  };
}

/** How soon the team usually answers, for the widget: from the median first response of 30 days. */
export type ReplyTime = 'minutes' | 'hour' | 'day' | null;
const REPLY_TIME_WINDOW_DAYS = 30;
const REPLY_TIME_TTL_MS = 10 * 60 * 1000;
const replyTimes = new WeakMap<AppContext, { at: number; value: Promise<ReplyTime> }>();

export function replyTimeFromMedian(seconds: number | null): ReplyTime {
  if (seconds === null) return null;
  if (seconds <= 15 * 60) return 'minutes';
  if (seconds <= 60 * 60) return 'hour';
  if (seconds <= 24 * 60 * 60) return 'day';
  return null;
}

/** Cached for 10 minutes per instance: the widget's config must never cost a heavy query per visitor. */
export function usualReplyTime(ctx: AppContext, now = Date.now()): Promise<ReplyTime> {
  const cached = replyTimes.get(ctx);
  if (cached && now - cached.at < REPLY_TIME_TTL_MS) return cached.value;
  const from = new Date(now - REPLY_TIME_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  const value = ctx.db
    .$queryRaw<{ median: number | null }[]>(
      Prisma.sql`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("firstResponseAt" - "createdAt"))) AS "median"
                   FROM "Ticket" WHERE "firstResponseAt" >= ${from}`,
    )
    .then(([row]) => replyTimeFromMedian(row?.median == null ? null : Number(row.median)));
  replyTimes.set(ctx, { at: now, value });
  value.catch(() => replyTimes.delete(ctx));
  return value;
}
