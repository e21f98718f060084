// Reports: volume, first-response and resolution times (median and 90th percentile) and customer
// satisfaction over a window of UTC days, for all tickets and by day, category and agent. Each
// figure is computed by the database in one pass per source (GROUPING SETS), never row by row here.
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { Prisma } from '../generated/prisma/client.js';
import { AppError } from '../http/errors.js';
import { REPORT_DEFAULT_DAYS, REPORT_MAX_DAYS } from '@deskline/contract';
import type { ReportFiguresJson, ReportJson, ReportQuery } from '@deskline/contract';

const DAY_MS = 86_400_000;

interface Window {
  from: Date;
  /** Exclusive: the start of the day after the last one. */
  until: Date;
  days: string[];
}

function windowOf(query: z.infer<typeof ReportQuery>, now: Date): Window {
  const today = now.toISOString().slice(0, 10);
  const to = query.to ?? today;
  const lastDay = Date.parse(`${to}T00:00:00Z`);
  const firstDay = query.from ? Date.parse(`${query.from}T00:00:00Z`) : lastDay - (REPORT_DEFAULT_DAYS - 1) * DAY_MS;
  const count = Math.round((lastDay - firstDay) / DAY_MS) + 1;
  if (count < 1) {
    throw new AppError('VALIDATION_FAILED', 400, '`from` is after `to`', [{ path: 'query.from', message: 'must be on or before `to`' }]);
  }
  if (count > REPORT_MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', 400, `A report covers at most ${REPORT_MAX_DAYS} days`, [
      { path: 'query.from', message: `must be at most ${REPORT_MAX_DAYS} days before \`to\`` },
    ]);
  }
  const days = Array.from({ length: count }, (_, i) => new Date(firstDay + i * DAY_MS).toISOString().slice(0, 10));
  return { from: new Date(firstDay), until: new Date(lastDay + DAY_MS), days };
}

/** Which group a row of a GROUPING SETS query belongs to; `key` is its day, category id or assignee id. */
interface GroupRow {
  grp: 'total' | 'day' | 'category' | 'agent';
  key: string | null;
}

type Stats = ReportFiguresJson;
const EMPTY: Stats = {
  created: 0,
  responded: 0,
  medianFirstResponseSeconds: null,
  p90FirstResponseSeconds: null,
  resolved: 0,
  medianResolutionSeconds: null,
  p90ResolutionSeconds: null,
  ratings: 0,
  averageScore: null,
  satisfiedPercent: null,
};

const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)));

/**
 * The SQL of one GROUPING SETS query: `dayOf` is the timestamp whose UTC day groups it, `category`
 * and `agent` the columns of the other groups. The `grp` column names the set each row belongs to.
 */
function grouped(dayOf: Prisma.Sql, category: Prisma.Sql, agent: Prisma.Sql) {
  return {
    select: Prisma.sql`
      CASE WHEN GROUPING(${dayOf}::date, ${category}, ${agent}) = 7 THEN 'total'
           WHEN GROUPING(${dayOf}::date) = 0 THEN 'day'
           WHEN GROUPING(${category}) = 0 THEN 'category'
           ELSE 'agent' END AS "grp",
      COALESCE(to_char(${dayOf}::date, 'YYYY-MM-DD'), ${category}, ${agent}) AS "key"`,
    groupBy: Prisma.sql`GROUPING SETS ((), (${dayOf}::date), (${category}), (${agent}))`,
  };
}

export async function report(ctx: AppContext, query: z.infer<typeof ReportQuery>, now = new Date()): Promise<ReportJson> {
  const window = windowOf(query, now);
  const filters = (alias: Prisma.Sql) => {
    const parts: Prisma.Sql[] = [];
    if (query.siteId) parts.push(Prisma.sql`${alias}."siteId" = ${query.siteId}`);
    if (query.agentId) parts.push(Prisma.sql`${alias}."assigneeId" = ${query.agentId}`);
    return parts.length ? Prisma.sql` AND ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
  };
  const t = Prisma.raw('t');
  const createdGroups = grouped(Prisma.sql`t."createdAt"`, Prisma.sql`t."categoryId"`, Prisma.sql`t."assigneeId"`);
  const resolvedGroups = grouped(Prisma.sql`t."resolvedAt"`, Prisma.sql`t."categoryId"`, Prisma.sql`t."assigneeId"`);
  const ratedGroups = grouped(Prisma.sql`r."createdAt"`, Prisma.sql`t."categoryId"`, Prisma.sql`t."assigneeId"`);
  const [created, resolved, rated] = await Promise.all([
    ctx.db.$queryRaw<(GroupRow & { created: number; responded: number; median: number | null; p90: number | null })[]>(Prisma.sql`
      SELECT ${createdGroups.select},
        count(*)::int AS "created",
        count(t."firstResponseAt")::int AS "responded",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (t."firstResponseAt" - t."createdAt"))) AS "median",
        percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (t."firstResponseAt" - t."createdAt"))) AS "p90"
      FROM "Ticket" t
      WHERE t."createdAt" >= ${window.from} AND t."createdAt" < ${window.until}${filters(t)}
      GROUP BY ${createdGroups.groupBy}`),
    ctx.db.$queryRaw<(GroupRow & { resolved: number; median: number | null; p90: number | null })[]>(Prisma.sql`
      SELECT ${resolvedGroups.select},
        count(*)::int AS "resolved",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (t."resolvedAt" - t."createdAt"))) AS "median",
        percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (t."resolvedAt" - t."createdAt"))) AS "p90"
      FROM "Ticket" t
      WHERE t."resolvedAt" >= ${window.from} AND t."resolvedAt" < ${window.until}${filters(t)}
      GROUP BY ${resolvedGroups.groupBy}`),
    ctx.db.$queryRaw<(GroupRow & { ratings: number; average: number | null; satisfied: number })[]>(Prisma.sql`
      SELECT ${ratedGroups.select},
        count(*)::int AS "ratings",
        avg(r."score")::float8 AS "average",
        (count(*) FILTER (WHERE r."score" >= 4))::int AS "satisfied"
      FROM "TicketRating" r JOIN "Ticket" t ON t."id" = r."ticketId"
      WHERE r."createdAt" >= ${window.from} AND r."createdAt" < ${window.until}${filters(t)}
      GROUP BY ${ratedGroups.groupBy}`),
  ]);

  const groups = new Map<string, Stats>();
  const figuresOf = (row: GroupRow) => {
    const id = `${row.grp}:${row.key ?? ''}`;
    let figures = groups.get(id);
    if (!figures) groups.set(id, (figures = { ...EMPTY }));
    return figures;
  };
  for (const row of created) {
    Object.assign(figuresOf(row), {
      created: row.created,
      responded: row.responded,
      medianFirstResponseSeconds: seconds(row.median),
      p90FirstResponseSeconds: seconds(row.p90),
    });
  }
  for (const row of resolved) {
    Object.assign(figuresOf(row), { resolved: row.resolved, medianResolutionSeconds: seconds(row.median), p90ResolutionSeconds: seconds(row.p90) });
  }
  for (const row of rated) {
    Object.assign(figuresOf(row), {
      ratings: row.ratings,
      averageScore: row.average === null ? null : Math.round(Number(row.average) * 100) / 100,
      satisfiedPercent: row.ratings ? Math.round((row.satisfied / row.ratings) * 1000) / 10 : null,
    });
  }

  const keysOf = (grp: GroupRow['grp']) => [...groups.keys()].filter((k) => k.startsWith(`${grp}:`)).map((k) => k.slice(grp.length + 1));
  const categoryIds = keysOf('category');
  const agentIds = keysOf('agent').filter(Boolean);
  const [categories, agents] = await Promise.all([
    ctx.db.category.findMany({ where: { id: { in: categoryIds } }, select: { id: true, name: true } }),
    ctx.db.user.findMany({ where: { id: { in: agentIds } }, select: { id: true, name: true } }),
  ]);
  const byCount = <T extends Stats>(a: T, b: T) => b.created - a.created || b.resolved - a.resolved;
  return {
    window: { from: window.days[0]!, to: window.days[window.days.length - 1]! },
    siteId: query.siteId ?? null,
    agentId: query.agentId ?? null,
    total: groups.get('total:') ?? { ...EMPTY },
    byDay: window.days.map((date) => ({ date, ...(groups.get(`day:${date}`) ?? EMPTY) })),
    byCategory: categories.map((category) => ({ category, ...groups.get(`category:${category.id}`)! })).sort(byCount),
    byAgent: [
      ...agents.map((agent) => ({ agent, ...groups.get(`agent:${agent.id}`)! })),
      ...(groups.has('agent:') ? [{ agent: null, ...groups.get('agent:')! }] : []),
    ].sort(byCount),
  };
}

const CSV_COLUMNS = [
  'created',
  'responded',
  'medianFirstResponseSeconds',
  'p90FirstResponseSeconds',
  'resolved',
  'medianResolutionSeconds',
  'p90ResolutionSeconds',
  'ratings',
  'averageScore',
  'satisfiedPercent',
] as const satisfies readonly (keyof ReportFiguresJson)[];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A
 * text starting with = + - @ or a tab is prefixed with ' so a spreadsheet never runs it as a formula.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV: a header, then one row per group (total, each day, category and agent). */
export function reportCsv(report: ReportJson): string {
  const rows: (string | number | null)[][] = [['group', 'key', 'name', ...CSV_COLUMNS]];
  const figures = (f: ReportFiguresJson) => CSV_COLUMNS.map((column) => f[column]);
  rows.push(['total', `${report.window.from}..${report.window.to}`, 'All tickets', ...figures(report.total)]);
  for (const day of report.byDay) rows.push(['day', day.date, day.date, ...figures(day)]);
  for (const row of report.byCategory) rows.push(['category', row.category.id, row.category.name, ...figures(row)]);
  for (const row of report.byAgent) rows.push(['agent', row.agent?.id ?? '', row.agent?.name ?? 'Unassigned', ...figures(row)]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
