import { z } from 'zod';
import { Priority, TicketStatus, Timestamp } from './common.js';

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
