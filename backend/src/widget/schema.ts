import { z } from 'zod';
import { Category } from '../categories/schema.js';
import { Email, text } from '../http/schemas.js';
import { SiteTheme } from '../sites/schema.js';
import { User } from '../users/schema.js';

const SiteKey = text(1, 200).meta({ description: "The site's public key (data-site-key)" });

export const WidgetConfigQuery = z.object({ siteKey: SiteKey });

export const WidgetConfig = z
  .object({ siteName: z.string(), theme: SiteTheme, categories: z.array(Category) })
  .meta({ id: 'WidgetConfig' });

export const WidgetIdentity = z
  .object({
    // Signed as sent: not trimmed, so the HMAC covers exactly the host site's value.
    externalId: z
      .string()
      .min(1, 'must not be empty')
      .max(255, 'must be at most 255 characters')
      .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
      .meta({ description: "The customer's id in the host site's own system" }),
    name: text(1, 100).optional(),
    email: Email.optional(),
    signature: z
      .string()
      .max(200)
      .meta({ description: "Hex HMAC-SHA256 of externalId keyed by the site's identitySecret, computed on the host site's server" }),
  })
  .meta({ id: 'WidgetIdentity' });

// Not strict: a widget bundle newer or older than the server may send fields this version ignores.
export const WidgetSessionBody = z
  .object({
    siteKey: SiteKey,
    visitorId: text(1, 200).optional().meta({ description: 'Returned by an earlier session; resumes that anonymous visitor' }),
    name: text(1, 100).optional(),
    email: Email.optional(),
    identity: WidgetIdentity.optional(),
  })
  .meta({ id: 'WidgetSessionRequest' });

export const WidgetSession = z
  .object({ token: z.string(), user: User, visitorId: z.string() })
  .meta({ id: 'WidgetSession' });
