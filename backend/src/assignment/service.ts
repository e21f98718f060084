// Automatic assignment: when an admin turns it on, each new ticket goes round robin to the next
// online agent or admin (a console socket in the team room, on any instance) who holds fewer open
// tickets than the cap. The last one chosen is kept in the database, under a row lock, so the
// rotation stays fair across instances and restarts.
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { changeTicket } from '../tickets/service.js';
import type { AssignmentSettingsJson, UpdateAssignmentSettingsBody } from '@deskline/contract';

/** The one settings row (its migration creates it). */
const SETTINGS_ID = 1;
/** Tickets that count towards an agent's cap. */
const OPEN_STATUSES = ['OPEN', 'IN_PROGRESS'] as const;

async function settingsRow(ctx: AppContext) {
  return ctx.db.teamSettings.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID }, update: {} });
}

export async function getAssignmentSettings(ctx: AppContext): Promise<AssignmentSettingsJson> {
  const row = await settingsRow(ctx);
  return { enabled: row.autoAssign, maxOpenPerAgent: row.maxOpenPerAgent };
}

export async function updateAssignmentSettings(
  ctx: AppContext,
  input: z.infer<typeof UpdateAssignmentSettingsBody>,
): Promise<AssignmentSettingsJson> {
  const row = await ctx.db.teamSettings.upsert({
    where: { id: SETTINGS_ID },
    create: { id: SETTINGS_ID, autoAssign: input.enabled, maxOpenPerAgent: input.maxOpenPerAgent },
    update: { autoAssign: input.enabled, maxOpenPerAgent: input.maxOpenPerAgent },
  });
  return { enabled: row.autoAssign, maxOpenPerAgent: row.maxOpenPerAgent };
}

/**
 * Chooses who gets the next ticket among `onlineIds` (team members with the console open): the
 * first active one after the last chosen, in a fixed order, who is under the cap. Records the choice
 * and returns it, or undefined when assignment is off or nobody is available.
 */
export async function chooseNextAssignee(ctx: AppContext, onlineIds: string[]): Promise<string | undefined> {
  if (onlineIds.length === 0) return undefined;
  return ctx.db.$transaction(async (tx) => {
    // Every instance takes this lock in turn, so two new tickets never go to the same "next" agent.
    const [settings] = await tx.$queryRaw<{ autoAssign: boolean; maxOpenPerAgent: number; lastAutoAssigneeId: string | null }[]>`
      SELECT "autoAssign", "maxOpenPerAgent", "lastAutoAssigneeId" FROM "TeamSettings" WHERE "id" = ${SETTINGS_ID} FOR UPDATE`;
    if (!settings?.autoAssign) return undefined;
    const members = await tx.user.findMany({
      where: { id: { in: onlineIds }, role: { in: ['AGENT', 'ADMIN'] }, disabled: false },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    const open = await tx.ticket.groupBy({
      by: ['assigneeId'],
      where: { assigneeId: { in: members.map((m) => m.id) }, status: { in: [...OPEN_STATUSES] } },
      _count: { _all: true },
    });
    const load = new Map(open.map((row) => [row.assigneeId, row._count._all]));
    const available = members.map((m) => m.id).filter((id) => (load.get(id) ?? 0) < settings.maxOpenPerAgent);
    if (available.length === 0) return undefined;
    const last = settings.lastAutoAssigneeId;
    const next = (last === null ? undefined : available.find((id) => id > last)) ?? available[0]!;
    await tx.teamSettings.update({ where: { id: SETTINGS_ID }, data: { lastAutoAssigneeId: next } });
    return next;
  });
}

/**
 * Assigns a new ticket if automatic assignment is on and someone online is under the cap.
 * `onlineTeam` lists who has the console open (asked only when assignment is on).
 */
export async function assignNewTicket(ctx: AppContext, ticketId: string, onlineTeam: () => Promise<string[]>): Promise<string | undefined> {
  const settings = await ctx.db.teamSettings.findUnique({ where: { id: SETTINGS_ID }, select: { autoAssign: true } });
  if (!settings?.autoAssign) return undefined;
  const assigneeId = await chooseNextAssignee(ctx, await onlineTeam());
  // Through the tickets service, like any change: history (by the system), broadcast, events.
  if (assigneeId) await changeTicket(ctx, null, ticketId, { assigneeId });
  return assigneeId;
}
