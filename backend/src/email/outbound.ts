// Outbound email for one instance: the notifications that fill the outbox, and delivery when an
// SMTP server is configured. Started and stopped with the server.
import type { AppContext } from '../context.js';
import { DEFAULT_DELIVERY_TIMING, EmailDelivery, type DeliveryTiming } from './delivery.js';
import { attachEmailNotifications } from './notifications.js';
import { DEFAULT_NOTIFY_TIMING, NotificationScheduler } from './notify.js';
import type { ConsolePresenceReader } from '../realtime/presence.js';

/** Without the realtime server (a bare test), nobody has a console open. */
const NOBODY_ONLINE: ConsolePresenceReader = { awaySince: async (userIds) => userIds };

export interface OutboundEmail {
  /** Stops listening, waits for notifications under way to be stored, then for sends in flight. */
  close(): Promise<void>;
}

export function startOutboundEmail(
  ctx: AppContext,
  timing: Partial<DeliveryTiming> = {},
  presence: ConsolePresenceReader = NOBODY_ONLINE,
): OutboundEmail {
  const pending = new Set<Promise<unknown>>();
  const detach = attachEmailNotifications(ctx, pending);
  const track = (what: string, work: Promise<unknown>) => {
    const done = work
      .catch((error) => ctx.log(`Email: ${what} failed: ${(error as Error)?.stack ?? String(error)}`))
      .finally(() => pending.delete(done));
    pending.add(done);
  };
  const scheduler = new NotificationScheduler(ctx, presence, DEFAULT_NOTIFY_TIMING, track);
  scheduler.start();
  const smtpUrl = ctx.config.email.smtpUrl;
  const delivery = smtpUrl ? new EmailDelivery(ctx, smtpUrl, { ...DEFAULT_DELIVERY_TIMING, ...timing }) : undefined;
  if (delivery) delivery.start();
  else {
    ctx.log('Email: SMTP_URL is not set, so no email is sent. Emails are kept in the outbox: see Settings → Email in the console.');
  }
  return {
    async close() {
      detach();
      await scheduler.close();
      await Promise.all(pending);
      await delivery?.close();
    },
  };
}
