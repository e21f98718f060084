// Outbound email for one instance: the notifications that fill the outbox, and delivery when an
// SMTP server is configured. Started and stopped with the server.
import type { AppContext } from '../context.js';
import { DEFAULT_DELIVERY_TIMING, EmailDelivery, type DeliveryTiming } from './delivery.js';
import { attachEmailNotifications } from './notifications.js';

export interface OutboundEmail {
  /** Stops listening, waits for notifications under way to be stored, then for sends in flight. */
  close(): Promise<void>;
}

export function startOutboundEmail(ctx: AppContext, timing: Partial<DeliveryTiming> = {}): OutboundEmail {
  const pending = new Set<Promise<unknown>>();
  const detach = attachEmailNotifications(ctx, pending);
  const smtpUrl = ctx.config.email.smtpUrl;
  const delivery = smtpUrl ? new EmailDelivery(ctx, smtpUrl, { ...DEFAULT_DELIVERY_TIMING, ...timing }) : undefined;
  if (delivery) delivery.start();
  else {
    ctx.log('Email: SMTP_URL is not set, so no email is sent. Emails are kept in the outbox: see Settings → Email in the console.');
  }
  return {
    async close() {
      detach();
      await Promise.all(pending);
      await delivery?.close();
    },
  };
}
