// A ticket's history: every change of status, priority, assignee, category and labels, with who
// made it (null for the system, e.g. automatic assignment) and its values before and after.
import { z } from 'zod';
import { PersonRef, Priority, TicketStatus, Timestamp, UserSummary } from './common.js';

export const TICKET_EVENT_FIELDS = ['status', 'priority', 'assignee', 'category', 'labels'] as const;
export const TicketEventField = z.enum(TICKET_EVENT_FIELDS).meta({ id: 'TicketEventField' });
export type TicketEventField = (typeof TICKET_EVENT_FIELDS)[number];

/** A label as it was named when the change was made. */
const LabelRef = z.object({ id: z.string(), name: z.string() });

const common = {
  id: z.string(),
  ticketId: z.string(),
  actor: PersonRef.nullable().meta({ description: 'Who made the change; null for the system (e.g. automatic assignment)' }),
  createdAt: Timestamp,
};

/** One recorded change; `from` and `to` take the shape of its `field`. Names are as they were then. */
export const TicketEvent = z
  .discriminatedUnion('field', [
    z.object({ ...common, field: z.literal('status'), from: TicketStatus, to: TicketStatus }),
    z.object({ ...common, field: z.literal('priority'), from: Priority, to: Priority }),
    z.object({ ...common, field: z.literal('assignee'), from: UserSummary.nullable(), to: UserSummary.nullable() }),
    z.object({ ...common, field: z.literal('category'), from: UserSummary.nullable(), to: UserSummary.nullable() }),
    z.object({ ...common, field: z.literal('labels'), from: z.array(LabelRef), to: z.array(LabelRef) }),
  ])
  .meta({ id: 'TicketEvent', description: "A change to a ticket's status, priority, assignee, category or labels" });

export type TicketEventJson = z.infer<typeof TicketEvent>;
/** One change as a service records it, before it has an id, an actor and a time. */
export type TicketChange = { [F in TicketEventField]: Pick<Extract<TicketEventJson, { field: F }>, 'field' | 'from' | 'to'> }[TicketEventField];
