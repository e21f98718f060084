import { z } from 'zod';
import { TEXT } from '../limits.js';
import { Category } from './categories.js';
import { VisitorContextInput } from './closing.js';
import { AvatarUrl, Email, text } from './common.js';
import { SiteTheme } from './sites.js';
import { User } from './users.js';

/** How many online team members the widget's header shows at most. */
export const WIDGET_ONLINE_TEAM_MAX = 3;

/** An online team member as the widget's header shows them: a face and a display name, nothing else. */
export const WidgetTeamFace = z
  .object({ name: z.string().meta({ description: "The team member's display name" }), avatarUrl: AvatarUrl })
  .meta({ id: 'WidgetTeamFace' });

const SiteKey = text(1, 200).meta({ description: "The site's public key (data-site-key)" });

export const WidgetConfigQuery = z.object({ siteKey: SiteKey });

export const WidgetConfig = z
  .object({
    siteName: z.string(),
    theme: SiteTheme,
    categories: z.array(Category),
    defaultCategory: z.string().meta({ description: "Slug of the category a ticket gets when none is chosen: the site's default, else `general`" }),
    requireTicketForm: z.boolean().meta({ description: 'Whether a ticket needs a subject and a category (no starting by typing)' }),
    presence: z.enum(['online', 'away']).meta({ description: '`online` while a team member has the console open (any instance); at most 5 s old' }),
    onlineTeam: z.array(WidgetTeamFace).max(WIDGET_ONLINE_TEAM_MAX).meta({
      description:
        `Who \`presence\` counts, for the header's faces: at most ${WIDGET_ONLINE_TEAM_MAX} agents or admins with the console open, ` +
        'in order of display name; empty when away. At most 5 s old',
    }),
    replyTime: z.enum(['minutes', 'hour', 'day']).nullable().meta({
      description:
        "The team's usual first reply, from the median of the last 30 days' first responses: `minutes` (≤ 15 min), `hour` (≤ 1 h), " +
        '`day` (≤ 24 h); null without enough history or when slower. At most 10 minutes old',
    }),
    outsideHours: z.boolean().meta({ description: "True outside the site's business hours (never without hours)" }),
    awayMessage: z.string().nullable().meta({ description: "The site's away message, for outside business hours" }),
  })
  .meta({ id: 'WidgetConfig' });

/** The older identity form: an HMAC of externalId only, so name and email in it are unverified contact data. */
export const WidgetSignedIdentity = z
  .object({
    // Signed as sent: not trimmed, so the HMAC covers exactly the host site's value.
    externalId: z
      .string()
      .min(1, 'must not be empty')
      .max(255, 'must be at most 255 characters')
      .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
      .meta({ description: "The customer's id in the host site's own system" }),
    name: text(...TEXT.personName).optional(),
    email: Email.optional(),
    signature: z
      .string()
      .max(200)
      .meta({ description: "Hex HMAC-SHA256 of externalId keyed by the site's identitySecret, computed on the host site's server" }),
  })
  .meta({ id: 'WidgetSignedIdentity' });

/** How long an identity token may live at most: a leaked one must stop working within a day. */
export const IDENTITY_TOKEN_MAX_LIFETIME_S = 24 * 60 * 60;

/** The expiring identity form: a JWT signed on the host site's server, covering email and name too. */
export const WidgetTokenIdentity = z
  .object({
    token: z
      .string()
      .min(1, 'must not be empty')
      .max(4000, 'must be at most 4000 characters')
      .meta({
        description:
          "A JWT (HS256, keyed by the site's identitySecret) with `sub` = the customer's id on the host site, " +
          '`exp` (required, at most 24 hours after `iat` and after now), and optionally `email` and `name`, which are verified',
      }),
  })
  .meta({ id: 'WidgetTokenIdentity' });

// The token form first: a request carrying both is the token form.
export const WidgetIdentity = z.union([WidgetTokenIdentity, WidgetSignedIdentity]).meta({ id: 'WidgetIdentity' });

/** The claims of a well-signed identity token, checked like any other input. */
export const IdentityTokenClaims = z.object({
  // Used as signed: not trimmed, the same as the HMAC form's externalId.
  sub: z
    .string()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters'),
  email: Email.optional(),
  name: text(...TEXT.personName).optional(),
});

// Not strict: a widget bundle newer or older than the server may send fields this version ignores.
export const WidgetSessionBody = z
  .object({
    siteKey: SiteKey,
    visitorId: text(1, 200).optional().meta({ description: 'Returned by an earlier session; resumes that anonymous visitor' }),
    name: text(...TEXT.personName).optional(),
    email: Email.optional(),
    identity: WidgetIdentity.optional(),
    context: VisitorContextInput.optional().meta({
      description: "The visitor's page, referrer, language and time zone, kept with the session and each ticket opened from it",
    }),
  })
  .meta({ id: 'WidgetSessionRequest' });

export const WidgetSession = z
  .object({ token: z.string(), user: User, visitorId: z.string() })
  .meta({ id: 'WidgetSession' });

export type WidgetConfigJson = z.infer<typeof WidgetConfig>;
export type WidgetSessionJson = z.infer<typeof WidgetSession>;
export type WidgetSessionRequest = z.input<typeof WidgetSessionBody>;
