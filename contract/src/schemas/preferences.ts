// What a team member wants to hear about, and how: by email while they are away, and as alerts
// in the open console. Every choice is a boolean, stored per user on the server.
import { z } from 'zod';

const choice = (description: string) => z.boolean().meta({ description });

/** The three things a team member can be told about. */
const Topics = {
  newTicket: choice('A new ticket nobody is assigned to'),
  assigned: choice('A ticket assigned to them'),
  customerReply: choice('A customer reply on a ticket assigned to them'),
};

export const NotificationPreferences = z
  .object({
    email: z.object(Topics).meta({ description: 'Emailed only while no console of theirs has been open for EMAIL_NOTIFY_DELAY' }),
    alerts: z.object({ ...Topics, sound: choice('Play a sound with an alert') }).meta({ description: 'Shown in an open console' }),
  })
  .meta({ id: 'NotificationPreferences' });

/** Every choice of a user who never saved theirs. */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferencesJson = {
  email: { newTicket: true, assigned: true, customerReply: true },
  alerts: { newTicket: true, assigned: true, customerReply: true, sound: false },
};

/** Any subset: what is left out keeps its current value. */
export const UpdateNotificationPreferencesBody = z
  .object({
    email: NotificationPreferences.shape.email.partial().strict().optional(),
    alerts: NotificationPreferences.shape.alerts.partial().strict().optional(),
  })
  .strict()
  .meta({ id: 'UpdateNotificationPreferencesRequest' });

export type NotificationPreferencesJson = z.infer<typeof NotificationPreferences>;
export type UpdateNotificationPreferencesJson = z.infer<typeof UpdateNotificationPreferencesBody>;
