import { z } from 'zod';
import { TEXT } from '../limits.js';
import { DEFAULT_REOPEN_WINDOW_DAYS, ReopenWindowDays } from './closing.js';
import { PageQuery, text, Timestamp } from './common.js';

export const ThemePosition = z.enum(['right', 'left']).meta({ id: 'ThemePosition' });

/** Light or dark colours for the widget and the portal; `auto` follows the visitor's system (prefers-color-scheme), live. */
export const ThemeMode = z.enum(['light', 'dark', 'auto']).meta({ id: 'ThemeMode' });
export type ThemeModeJson = z.infer<typeof ThemeMode>;

export const SiteTheme = z
  .object({
    color: z.string().meta({ example: '#4f46e5' }),
    position: ThemePosition,
    greeting: z.string(),
    mode: ThemeMode,
  })
  .meta({ id: 'SiteTheme' });

export type SiteThemeJson = z.infer<typeof SiteTheme>;

export const DEFAULT_THEME: SiteThemeJson = { color: '#4f46e5', position: 'right', greeting: 'Hi! How can we help?', mode: 'light' };

/** Every field is optional: on create the defaults fill the gaps, on update the current values do. */
export const SiteThemeInput = z
  .object({
    color: z
      .string()
      .trim()
      .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #4f46e5 or #fff'),
    position: ThemePosition,
    greeting: text(...TEXT.greeting),
    mode: ThemeMode,
  })
  .partial()
  .strict()
  .meta({ id: 'SiteThemeInput' });

/**
 * An origin a site's widget may run on, normalised as browsers send it (`scheme://host[:port]`,
 * lower case, default port dropped), or `scheme://*.host[:port]` for any subdomain of host.
 * Returns undefined for anything else (paths, credentials, other schemes, a bare `*`).
 */
function normaliseOriginPattern(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  // The raw value must not carry a path the parser dropped silently (e.g. "https://a.com/.").
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+\/?$/i.test(value)) return undefined;
  const wildcard = url.hostname.startsWith('*.');
  const host = wildcard ? url.hostname.slice(2) : url.hostname;
  if (host.includes('*')) return undefined;
  if (wildcard) {
    // A wildcard must stand for subdomains of one named domain: not of a TLD or an IP address.
    if (!host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
    return `${url.protocol}//*.${host}${url.port ? `:${url.port}` : ''}`;
  }
  return url.origin;
}

export const OriginPattern = z
  .string()
  .trim()
  .max(300, 'must be at most 300 characters')
  .transform((value, ctx) => {
    const origin = normaliseOriginPattern(value);
    if (origin) return origin;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: 'must be an origin such as https://www.example.com (http or https, no path) or https://*.example.com',
    });
    return z.NEVER;
  })
  .meta({ example: 'https://www.example.com' });

const AllowedOrigins = z
  .array(OriginPattern)
  .max(50, 'must list at most 50 origins')
  .transform((origins) => [...new Set(origins)])
  .meta({ description: 'Origins allowed to open widget sessions; `https://*.example.com` allows any subdomain of example.com (not example.com itself).' });

const DefaultCategory = text(...TEXT.categorySlug)
  .nullable()
  .meta({ description: 'Slug of the category for tickets opened with a description alone; null means `general`' });

const RequireTicketForm = z
  .boolean()
  .meta({ description: 'Customers must give a subject and a category: a description alone is refused (400)' });

const Clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM (00:00 to 24:00)');
const OpenRange = z
  .object({ open: Clock, close: Clock })
  .strict()
  .refine((r) => r.open < r.close, { path: ['close'], message: 'must be after open' });
const DayRanges = z.array(OpenRange).max(4, 'must list at most 4 ranges');

/** Names an IANA time zone the server knows (e.g. Europe/Paris). */
const TimeZone = z.string().max(64).refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone, e.g. Europe/Paris');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const BusinessHours = z
  .object({
    timeZone: TimeZone,
    week: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, DayRanges])) as Record<(typeof WEEKDAYS)[number], typeof DayRanges>).strict(),
  })
  .strict()
  .nullable()
  .meta({
    id: 'BusinessHours',
    description: "When the team answers: an IANA time zone and each weekday's open ranges (a day without ranges is closed); null means always open",
  });

export type BusinessHoursJson = NonNullable<z.infer<typeof BusinessHours>>;

const AwayMessage = text(0, 500)
  .nullable()
  .meta({ description: 'Shown by the widget outside business hours; null shows a default line' });

export const Site = z
  .object({
    id: z.string(),
    name: z.string(),
    siteKey: z.string().meta({ description: 'Public key pasted into the widget snippet as data-site-key' }),
    allowedOrigins: z.array(z.string()),
    theme: SiteTheme,
    defaultCategory: DefaultCategory,
    requireTicketForm: RequireTicketForm,
    reopenWindowDays: ReopenWindowDays,
    businessHours: BusinessHours,
    awayMessage: AwayMessage,
    identitySecret: z
      .string()
      .meta({ description: 'Key for signing identities: hex HMAC-SHA256 of externalId. Keep it on the host site’s server.' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Site' });

export type SiteJson = z.infer<typeof Site>;

export const SiteListQuery = PageQuery;

export const CreateSiteBody = z
  .object({
    name: text(...TEXT.siteName),
    allowedOrigins: AllowedOrigins.default([]),
    theme: SiteThemeInput.optional(),
    defaultCategory: DefaultCategory.default(null),
    requireTicketForm: RequireTicketForm.default(false),
    reopenWindowDays: ReopenWindowDays.default(DEFAULT_REOPEN_WINDOW_DAYS),
    businessHours: BusinessHours.default(null),
    awayMessage: AwayMessage.default(null),
  })
  .strict()
  .meta({ id: 'CreateSite' });

export const UpdateSiteBody = z
  .object({
    name: text(...TEXT.siteName).optional(),
    allowedOrigins: AllowedOrigins.optional(),
    theme: SiteThemeInput.optional(),
    defaultCategory: DefaultCategory.optional(),
    requireTicketForm: RequireTicketForm.optional(),
    reopenWindowDays: ReopenWindowDays.optional(),
    businessHours: BusinessHours.optional(),
    awayMessage: AwayMessage.optional(),
  })
  .strict()
  .meta({ id: 'UpdateSite' });
