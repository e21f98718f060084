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
  })
  .strict()
  .meta({ id: 'UpdateSite' });
