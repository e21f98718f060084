// A change to a ticket as the console makes it, and how the ticket looks before the server agrees.
import type { UpdateTicketBody } from '@deskline/contract';
import type { z } from 'zod';
import type { Ticket } from '../api/types';

export type TicketPatch = z.input<typeof UpdateTicketBody>;

/** What the ticket will look like once the server agrees, shown at once. `names` maps admin ids to names. */
export function optimistic(patch: TicketPatch, names: ReadonlyMap<string, string>): Partial<Ticket> {
  const next: Partial<Ticket> = {};
  if (patch.status) next.status = patch.status;
  if (patch.priority) next.priority = patch.priority;
  if (patch.assigneeId !== undefined) {
    next.assignee = patch.assigneeId === null ? null : { id: patch.assigneeId, name: names.get(patch.assigneeId) ?? '…' };
  }
  return next;
}
