// The widget's two public doors: a site's public configuration, and a customer session for a
// visitor of that site: anonymous (typed contact details, unverified), or identified by the host
// site's server, with an expiring identity token (verifies email and name) or the older HMAC form.
import { isWithinHours } from '../sites/hours.js';
import type { BusinessHoursJson } from '@deskline/contract';
import { usualReplyTime } from '../stats/service.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { issueToken } from '../auth/service.js';
import { listCategories } from '../categories/service.js';
import type { AppContext } from '../context.js';
import type { Site } from '../generated/prisma/client.js';
import { AppError, notFound, validationError } from '../http/errors.js';
import { findSiteByKey, isOriginAllowed, siteTheme, ticketFormFor, verifyIdentitySignature, verifyIdentityToken } from '../sites/service.js';
import { createVisitor, findVisitor, recordVisitorContext, teamFaces, updateVisitorContact, upsertIdentifiedVisitor, type Visitor } from '../users/service.js';
import { visitorContextOf } from './visitorContext.js';
import { IDENTITY_TOKEN_MAX_LIFETIME_S, IdentityTokenClaims, WIDGET_ONLINE_TEAM_MAX, type WidgetIdentity, type WidgetSessionBody } from '@deskline/contract';

type WidgetIdentityInput = z.infer<typeof WidgetIdentity>;
type Contact = { name?: string | undefined; contactEmail?: string | undefined };
/** Who the host site's server vouches for; `verified` holds what its signature covers. */
type Identity = { externalId: string; verified: Contact };

async function siteForKey(ctx: AppContext, siteKey: string): Promise<Site> {
  const site = await findSiteByKey(ctx, siteKey);
  if (!site) throw notFound('Site');
  return site;
}

/** What the widget needs before anyone signs in; never the identity secret. */
export async function widgetConfig(ctx: AppContext, siteKey: string) {
  const site = await siteForKey(ctx, siteKey);
  const [categories, ticketForm, onlineTeam, replyTime] = await Promise.all([
    listCategories(ctx),
    ticketFormFor(ctx, site.id),
    onlineTeamFaces(ctx),
    usualReplyTime(ctx),
  ]);
  return {
    siteName: site.name,
    theme: siteTheme(site),
    categories,
    ...ticketForm,
    presence: onlineTeam.online ? ('online' as const) : ('away' as const),
    onlineTeam: onlineTeam.faces,
    replyTime,
    outsideHours: !isWithinHours((site.businessHours as BusinessHoursJson | null) ?? null, new Date()),
    awayMessage: site.awayMessage,
  };
}

/** Whether the team is online, and the faces the header shows: one socket lookup for both, so they agree. */
async function onlineTeamFaces(ctx: AppContext) {
  const ids = (await ctx.presence?.onlineTeam()) ?? [];
  return { online: ids.length > 0, faces: await teamFaces(ctx, ids, WIDGET_ONLINE_TEAM_MAX) };
}

/**
 * Opens a customer session for a visitor of a site, from one of its allowed origins. The Origin
 * check stops other web pages from using a site's key; it is a browser guarantee, not a secret.
 */
export async function openWidgetSession(
  ctx: AppContext,
  origin: string | undefined,
  input: z.infer<typeof WidgetSessionBody>,
  headers: IncomingHttpHeaders = {},
) {
  const site = await siteForKey(ctx, input.siteKey);
  if (!origin) {
    throw new AppError('ORIGIN_NOT_ALLOWED', 403, "The request has no Origin header; widget sessions open only from the site's allowed origins");
  }
  if (!isOriginAllowed(site, origin)) {
    throw new AppError(
      'ORIGIN_NOT_ALLOWED',
      403,
      `The origin ${origin} is not allowed for this site; an admin can add it to the site's allowed origins`,
    );
  }
  const contact = { name: input.name, contactEmail: input.email };
  const user = input.identity
    ? await identifiedCustomer(ctx, site, input.identity, contact)
    : await anonymousVisitor(ctx, site, input.visitorId, contact);
  await recordVisitorContext(ctx, user.id, visitorContextOf(input.context, headers));
  // The site's session generation goes into the token, so rotating its secret ends this session.
  return { ...issueToken(ctx, user, { siteEpoch: site.sessionEpoch }), visitorId: user.visitorId };
}

async function anonymousVisitor(ctx: AppContext, site: Site, visitorId: string | undefined, contact: Contact): Promise<Visitor> {
  const resumed = visitorId ? await findVisitor(ctx, site.id, visitorId) : null;
  return resumed ? updateVisitorContact(ctx, resumed, contact) : createVisitor(ctx, { siteId: site.id, ...contact });
}

/** What the identity proves: a token covers its email and name; an HMAC covers externalId only. */
function verifiedIdentity(site: Site, identity: WidgetIdentityInput): Identity {
  if (!('externalId' in identity)) {
    const parsed = IdentityTokenClaims.safeParse(verifyIdentityToken(site, identity.token, IDENTITY_TOKEN_MAX_LIFETIME_S));
    if (!parsed.success) throw validationError(parsed.error, 'identity.token');
    return { externalId: parsed.data.sub, verified: { name: parsed.data.name, contactEmail: parsed.data.email } };
  }
  if (!verifyIdentitySignature(site, identity.externalId, identity.signature)) {
    throw new AppError('INVALID_SIGNATURE', 401, "The identity signature does not match; sign externalId with the site's current identity secret");
  }
  return { externalId: identity.externalId, verified: {} };
}

async function identifiedCustomer(ctx: AppContext, site: Site, input: WidgetIdentityInput, contact: Contact): Promise<Visitor> {
  const identity = verifiedIdentity(site, input);
  // Unsigned name and email (the HMAC form's, or the request's) are contact data: unverified.
  const unverified = 'externalId' in input ? { name: input.name, contactEmail: input.email } : {};
  const user = await upsertIdentifiedVisitor(ctx, {
    siteId: site.id,
    externalId: identity.externalId,
    name: identity.verified.name ?? unverified.name ?? contact.name,
    verifiedEmail: identity.verified.contactEmail,
    unverifiedEmail: unverified.contactEmail ?? contact.contactEmail,
  });
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED', 403, 'This account has been disabled');
  // An admin may have promoted this customer; a host site's secret never mints admin tokens.
  if (user.role !== 'CUSTOMER') throw new AppError('FORBIDDEN', 403, 'Widget sessions are for customers only');
  return user;
}
