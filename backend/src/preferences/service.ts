// Each team member's notification choices (emails while away, alerts in the console), and a
// customer's one choice: whether to get emails about their tickets. The only module that touches
// NotificationPreference.
import type { AppContext } from '../context.js';
import type { NotificationPreference } from '../generated/prisma/client.js';
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  type NotificationPreferencesJson,
  type UpdateNotificationPreferencesJson,
} from '@deskline/contract';

/** An email a recipient can turn off, by the link in it or (team) in the console. */
export type EmailTopic = 'newTicket' | 'assigned' | 'customerReply' | 'ticketUpdates';

const EMAIL_COLUMN = {
  newTicket: 'emailNewTicket',
  assigned: 'emailAssigned',
  customerReply: 'emailCustomerReply',
  ticketUpdates: 'emailTicketUpdates',
} as const satisfies Record<EmailTopic, keyof NotificationPreference>;

function toJson(row: NotificationPreference | null): NotificationPreferencesJson {
  if (!row) return structuredClone(DEFAULT_NOTIFICATION_PREFERENCES);
  return {
    email: { newTicket: row.emailNewTicket, assigned: row.emailAssigned, customerReply: row.emailCustomerReply },
    alerts: { newTicket: row.alertNewTicket, assigned: row.alertAssigned, customerReply: row.alertCustomerReply, sound: row.alertSound },
  };
}

export async function preferencesOf(ctx: AppContext, userId: string): Promise<NotificationPreferencesJson> {
  return toJson(await ctx.db.notificationPreference.findUnique({ where: { userId } }));
}

export async function updatePreferences(
  ctx: AppContext,
  userId: string,
  change: UpdateNotificationPreferencesJson,
): Promise<NotificationPreferencesJson> {
  const data = {
    emailNewTicket: change.email?.newTicket,
    emailAssigned: change.email?.assigned,
    emailCustomerReply: change.email?.customerReply,
    alertNewTicket: change.alerts?.newTicket,
    alertAssigned: change.alerts?.assigned,
    alertCustomerReply: change.alerts?.customerReply,
    alertSound: change.alerts?.sound,
  };
  // Prisma skips undefined fields: what the body leaves out keeps its value (or its default).
  const row = await ctx.db.notificationPreference.upsert({ where: { userId }, create: { userId, ...data }, update: data });
  return toJson(row);
}

/** Whether `userId` wants this kind of email (true for a user who never chose). */
export async function wantsEmail(ctx: AppContext, userId: string, topic: EmailTopic): Promise<boolean> {
  const row = await ctx.db.notificationPreference.findUnique({ where: { userId }, select: { [EMAIL_COLUMN[topic]]: true } });
  return row ? (row as Record<string, boolean>)[EMAIL_COLUMN[topic]] !== false : true;
}

/** Of `userIds`, those who want this kind of email. */
export async function whoWantsEmail(ctx: AppContext, userIds: string[], topic: EmailTopic): Promise<string[]> {
  if (userIds.length === 0) return [];
  const off = await ctx.db.notificationPreference.findMany({
    where: { userId: { in: userIds }, [EMAIL_COLUMN[topic]]: false },
    select: { userId: true },
  });
  const refused = new Set(off.map((r) => r.userId));
  return userIds.filter((id) => !refused.has(id));
}

/** The unsubscribe link's effect: this kind of email stops for this recipient. */
export async function turnOffEmail(ctx: AppContext, userId: string, topic: EmailTopic): Promise<void> {
  const column = EMAIL_COLUMN[topic];
  await ctx.db.notificationPreference.upsert({ where: { userId }, create: { userId, [column]: false }, update: { [column]: false } });
}
