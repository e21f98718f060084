import { z } from 'zod';
import { Id, Priority, TicketStatus, Timestamp } from './common.js';

const counts = <T extends z.ZodEnum<Record<string, string>>>(values: T) => z.record(values, z.number().int());

export const Overview = z
  .object({
    byStatus: counts(TicketStatus).meta({ description: 'All tickets by status' }),
    byPriority: counts(Priority).meta({ description: 'Open work (OPEN and IN_PROGRESS) by priority' }),
    unassigned: z.number().int().meta({ description: 'Open work without an assignee' }),
    oldestOpen: z
      .array(
        z.object({
          id: z.string(),
          number: z.number().int(),
          subject: z.string(),
          priority: Priority,
          status: TicketStatus,
          customer: z.object({ id: z.string(), name: z.string() }),
          assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
          createdAt: Timestamp,
        }),
      )
      .meta({ description: 'The five oldest tickets still OPEN or IN_PROGRESS' }),
    medianFirstResponseSeconds: z
      .number()
      .nullable()
      .meta({ description: 'Median time to the first staff reply (public comment or chat), tickets opened in the window' }),
    medianResolutionSeconds: z
      .number()
      .nullable()
      .meta({ description: 'Median time from opening to RESOLVED/CLOSED, tickets resolved in the window' }),
    window: z.object({ from: Timestamp, to: Timestamp }),
  })
  .meta({ id: 'Overview' });

export type OverviewJson = z.infer<typeof Overview>;

/** The longest window a report covers, in days. */
export const REPORT_MAX_DAYS = 366;
/** A report's default window, in days ending today (UTC). */
export const REPORT_DEFAULT_DAYS = 30;

const ReportDay = z.iso.date().meta({ description: 'A UTC day, YYYY-MM-DD' });

export const ReportQuery = z
  .object({
    from: ReportDay.optional().meta({ description: `First day (UTC), inclusive; default: ${REPORT_DEFAULT_DAYS - 1} days before \`to\`` }),
    to: ReportDay.optional().meta({ description: 'Last day (UTC), inclusive; default: today' }),
    siteId: Id.optional().meta({ description: "Only tickets opened through this site's widget" }),
    agentId: Id.optional().meta({ description: 'Only tickets assigned to this agent or admin' }),
  });

const seconds = z.number().nullable();

/** The figures of one group of tickets (all, one day, one category or one agent). */
export const ReportFigures = z.object({
  created: z.number().int().meta({ description: 'Tickets opened in the window' }),
  responded: z.number().int().meta({ description: 'Of those, how many have had a first staff reply' }),
  medianFirstResponseSeconds: seconds,
  p90FirstResponseSeconds: seconds,
  resolved: z.number().int().meta({ description: 'Tickets resolved or closed in the window (whenever opened)' }),
  medianResolutionSeconds: seconds,
  p90ResolutionSeconds: seconds,
  ratings: z.number().int().meta({ description: 'Customer ratings given in the window' }),
  averageScore: z.number().nullable().meta({ description: 'Average rating, 1 to 5' }),
  satisfiedPercent: z.number().nullable().meta({ description: 'Share of ratings of 4 or 5, in percent' }),
});

const Named = z.object({ id: z.string(), name: z.string() });

export const Report = z
  .object({
    window: z.object({ from: ReportDay, to: ReportDay }),
    siteId: z.string().nullable(),
    agentId: z.string().nullable(),
    total: ReportFigures,
    byDay: z.array(ReportFigures.extend({ date: ReportDay })).meta({ description: 'Every day of the window, oldest first' }),
    byCategory: z.array(ReportFigures.extend({ category: Named })),
    byAgent: z.array(ReportFigures.extend({ agent: Named.nullable().meta({ description: 'null: unassigned' }) })),
  })
  .meta({ id: 'Report', description: 'Volume, response and resolution times, and satisfaction, over a window of days' });

export type ReportQueryInput = z.input<typeof ReportQuery>;
export type ReportFiguresJson = z.infer<typeof ReportFigures>;
export type ReportJson = z.infer<typeof Report>;
