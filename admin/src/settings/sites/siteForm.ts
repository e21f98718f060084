// The site form's logic, apart from its fields: the shared schemas with origins typed as lines,
// the values a site fills in, where the server's origin errors point, and the theme's colours.
import { BusinessHours, CreateSiteBody, DEFAULT_REOPEN_WINDOW_DAYS, DEFAULT_THEME, UpdateSiteBody, WEEKDAYS } from '@deskline/contract';
import type { FieldError } from 'react-hook-form';
import { z } from 'zod';
import type { Site } from '../../api/types';

/** One origin per line (commas and spaces work too); the shared schema normalises and checks each. */
export const originLines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The default-category select: its empty option means none (tickets go to `general`). */
const DefaultCategoryChoice = z.string().transform((slug) => slug || null);

/** A day's open ranges (up to four, as the API takes); a row left with both times empty is dropped. */
const DayChoice = z.array(z.object({ open: z.string(), close: z.string() })).transform((ranges) => ranges.filter((r) => r.open || r.close));
/** What a day offers when business hours are turned on: weekdays 9 to 5, weekends closed. */
const OFFERED_DAY = (day: (typeof WEEKDAYS)[number]) => (day === 'sat' || day === 'sun' ? [] : [{ open: '09:00', close: '17:00' }]);
const HoursChoice = z
  .object({ enabled: z.boolean(), timeZone: z.string(), week: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, DayChoice])) as Record<(typeof WEEKDAYS)[number], typeof DayChoice>) })
  .transform((h) => (h.enabled ? { timeZone: h.timeZone, week: h.week } : null))
  .pipe(BusinessHours);
const AwayChoice = z.string().transform((s) => s.trim() || null);

export const CreateSiteForm = CreateSiteBody.extend({
  allowedOrigins: z.string().transform(originLines).pipe(CreateSiteBody.shape.allowedOrigins.unwrap()),
  defaultCategory: DefaultCategoryChoice.optional(),
  businessHours: HoursChoice.optional(),
  awayMessage: AwayChoice.optional(),
});
export const UpdateSiteForm = UpdateSiteBody.extend({
  allowedOrigins: z.string().transform(originLines).pipe(UpdateSiteBody.shape.allowedOrigins.unwrap()).optional(),
  defaultCategory: DefaultCategoryChoice.optional(),
  businessHours: HoursChoice.optional(),
  awayMessage: AwayChoice.optional(),
});
export type SiteFormInput = z.input<typeof CreateSiteForm>;

/** The form's values for a site, or for a new one. */
export const formValues = (site?: Site): SiteFormInput => ({
  name: site?.name ?? '',
  allowedOrigins: site?.allowedOrigins.join('\n') ?? '',
  theme: { ...DEFAULT_THEME, ...site?.theme },
  defaultCategory: site?.defaultCategory ?? '',
  requireTicketForm: site?.requireTicketForm ?? false,
  reopenWindowDays: site?.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS,
  businessHours: {
    enabled: !!site?.businessHours,
    timeZone: site?.businessHours?.timeZone ?? (typeof Intl !== 'undefined' ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC'),
    // Every range of a day, so that saving other settings never drops one.
    week: Object.fromEntries(
      WEEKDAYS.map((d) => [d, site?.businessHours ? site.businessHours.week[d].map((r) => ({ ...r })) : OFFERED_DAY(d)]),
    ) as Record<(typeof WEEKDAYS)[number], { open: string; close: string }[]>,
  },
  awayMessage: site?.awayMessage ?? '',
});

/**
 * The message for the origins field. The schema reports a bad origin by its index in the list;
 * the admin sees lines, so the message quotes the line it is about.
 */
export function originsError(error: unknown, text: string): string | undefined {
  if (!error) return undefined;
  const single = (error as FieldError).message;
  if (typeof single === 'string' && single) return single;
  const lines = originLines(text);
  const entries = Object.entries(error as Record<string, FieldError | undefined>).filter(([key, value]) => /^\d+$/.test(key) && value?.message);
  const first = entries[0];
  if (!first) return 'Check the origins';
  return `“${lines[Number(first[0])] ?? ''}” ${first[1]!.message}${entries.length > 1 ? ` (and ${entries.length - 1} more)` : ''}`;
}

/** How a site's origins read in the list of sites. */
export function originSummary(origins: readonly string[]): string {
  if (origins.length === 0) return 'No origins yet';
  return origins.length === 1 ? origins[0]! : `${origins.length} origins`;
}

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** The colour the preview shows: the one typed while it is a valid hex colour, else the default. */
export const previewColor = (color?: string) => (color && HEX.test(color.trim()) ? color.trim() : DEFAULT_THEME.color);

/** The colour picker's value: it only takes #rrggbb, so #rgb is spelled out and anything else falls back. */
export function swatchColor(color: string): string {
  if (/^#[0-9a-fA-F]{6}$/.test(color)) return color;
  if (/^#[0-9a-fA-F]{3}$/.test(color)) return `#${[...color.slice(1)].map((c) => c + c).join('')}`;
  return DEFAULT_THEME.color;
}
