// Sites: the websites that embed the widget, their keys, allowed origins, theme and identity secret.
// The only module that touches Site.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { z } from 'zod';
import { findCategoryBySlug } from '../categories/service.js';
import type { AppContext } from '../context.js';
import { Prisma, type Site } from '../generated/prisma/client.js';
import type { BusinessHoursJson } from '@deskline/contract';
import { decodeCreatedAtCursor, toPage } from '../http/cursor.js';
import { AppError, notFound } from '../http/errors.js';
import { revokeSiteVisitorTokens } from '../users/service.js';
import {
  DEFAULT_REOPEN_WINDOW_DAYS,
  DEFAULT_THEME,
  SiteTheme,
  type CreateSiteBody,
  type SiteJson,
  type SiteListQuery,
  type SiteThemeJson,
  type UpdateSiteBody,
} from '@deskline/contract';

/** The public key in the snippet: random so that sites cannot be enumerated. */
const newSiteKey = () => `site_${randomBytes(18).toString('base64url')}`;
const newIdentitySecret = () => randomBytes(32).toString('hex');

/** The stored theme over the defaults, so a theme saved by an older version still reads whole. */
export function siteTheme(site: Site): SiteThemeJson {
  const stored = SiteTheme.partial().safeParse(site.theme);
  return { ...DEFAULT_THEME, ...(stored.success ? stripUndefined(stored.data) : {}) };
}

/** A site's name and colour, as the emails about its tickets show them; undefined once it is deleted. */
export async function siteBrand(ctx: AppContext, siteId: string): Promise<{ name: string; color: string } | undefined> {
  const site = await ctx.db.site.findUnique({ where: { id: siteId } });
  return site ? { name: site.name, color: siteTheme(site).color } : undefined;
}

/** Days after a resolution during which a reply reopens a ticket of this site (null: no site, the default). */
export async function reopenWindowDaysFor(ctx: AppContext, siteId: string | null): Promise<number> {
  if (!siteId) return DEFAULT_REOPEN_WINDOW_DAYS;
  const site = await ctx.db.site.findUnique({ where: { id: siteId }, select: { reopenWindowDays: true } });
  return site?.reopenWindowDays ?? DEFAULT_REOPEN_WINDOW_DAYS;
}

/** A site with its default category's slug, as every site read here loads it. */
type SiteWithDefault = Site & { defaultCategory: { slug: string } | null };
const withDefaultCategory = { defaultCategory: { select: { slug: true } } } as const;

export function toSiteJson(site: SiteWithDefault): SiteJson {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    allowedOrigins: site.allowedOrigins,
    theme: siteTheme(site),
    defaultCategory: site.defaultCategory?.slug ?? null,
    requireTicketForm: site.requireTicketForm,
    reopenWindowDays: site.reopenWindowDays,
    businessHours: (site.businessHours as BusinessHoursJson | null) ?? null,
    awayMessage: site.awayMessage,
    identitySecret: site.identitySecret,
    createdAt: site.createdAt.toISOString(),
  };
}

export async function listSites(ctx: AppContext, query: z.infer<typeof SiteListQuery>) {
  const after = query.cursor ? decodeCreatedAtCursor(query.cursor) : undefined;
  const rows = await ctx.db.site.findMany({
    where: after
      ? {
          OR: [
            { createdAt: { lt: after.createdAt } },
            { createdAt: after.createdAt, id: { lt: after.id } },
          ],
        }
      : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    include: withDefaultCategory,
  });
  const page = toPage(rows, query.limit, (s) => [s.createdAt.toISOString(), s.id]);
  return { items: page.items.map(toSiteJson), nextCursor: page.nextCursor };
}

/** A default category named by slug, as its id; null clears it. */
async function defaultCategoryId(ctx: AppContext, slug: string | null): Promise<string | null> {
  if (slug === null) return null;
  const category = await findCategoryBySlug(ctx, slug);
  if (!category) {
    throw new AppError('VALIDATION_FAILED', 400, `Unknown category "${slug}"`, [
      { path: 'defaultCategory', message: 'is not a known category slug (see GET /api/categories)' },
    ]);
  }
  return category.id;
}

export async function createSite(ctx: AppContext, input: z.infer<typeof CreateSiteBody>) {
  const site = await ctx.db.site.create({
    data: {
      name: input.name,
      siteKey: newSiteKey(),
      allowedOrigins: input.allowedOrigins,
      theme: { ...DEFAULT_THEME, ...stripUndefined(input.theme ?? {}) },
      defaultCategoryId: await defaultCategoryId(ctx, input.defaultCategory),
      requireTicketForm: input.requireTicketForm,
      reopenWindowDays: input.reopenWindowDays,
      businessHours: input.businessHours ?? Prisma.DbNull,
      awayMessage: input.awayMessage || null,
      identitySecret: newIdentitySecret(),
    },
    include: withDefaultCategory,
  });
  return toSiteJson(site);
}

/** `theme` is merged into the current theme: fields left out keep their values. */
export async function updateSite(ctx: AppContext, id: string, input: z.infer<typeof UpdateSiteBody>) {
  const site = await ctx.db.site.findUnique({ where: { id } });
  if (!site) throw notFound('Site');
  const updated = await ctx.db.site.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.allowedOrigins !== undefined ? { allowedOrigins: input.allowedOrigins } : {}),
      ...(input.theme !== undefined ? { theme: { ...siteTheme(site), ...stripUndefined(input.theme) } } : {}),
      ...(input.defaultCategory !== undefined ? { defaultCategoryId: await defaultCategoryId(ctx, input.defaultCategory) } : {}),
      ...(input.requireTicketForm !== undefined ? { requireTicketForm: input.requireTicketForm } : {}),
      ...(input.reopenWindowDays !== undefined ? { reopenWindowDays: input.reopenWindowDays } : {}),
      ...(input.businessHours !== undefined ? { businessHours: input.businessHours ?? Prisma.DbNull } : {}),
      ...(input.awayMessage !== undefined ? { awayMessage: input.awayMessage || null } : {}),
    },
    include: withDefaultCategory,
  });
  return toSiteJson(updated);
}

/**
 * Its tickets and visitors stay (their site becomes null), its key stops opening sessions, and its
 * visitors' sessions end, REST and socket: a site is often deleted because its key is being abused.
 * A customer comes back to their tickets through the link in a notification (a new session).
 */
export async function deleteSite(ctx: AppContext, id: string): Promise<void> {
  const [, { count }] = await ctx.db.$transaction([revokeSiteVisitorTokens(ctx, id), ctx.db.site.deleteMany({ where: { id } })]);
  if (count === 0) throw notFound('Site');
  ctx.events.emit('site.sessionsEnded', { siteId: id });
}

/**
 * A new identity secret: signatures and identity tokens made with the old one stop verifying at
 * once, and the site's visitor sessions end (a leaked secret may have minted them).
 */
export async function rotateIdentitySecret(ctx: AppContext, id: string) {
  let site: SiteWithDefault;
  try {
    site = await ctx.db.site.update({
      where: { id },
      data: { identitySecret: newIdentitySecret(), sessionEpoch: { increment: 1 } },
      include: withDefaultCategory,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2025') throw notFound('Site');
    throw error;
  }
  ctx.events.emit('site.sessionsEnded', { siteId: id });
  return toSiteJson(site);
}

/** The generation a visitor token of this site must carry; a deleted site's visitors have no site. */
export async function siteSessionEpoch(ctx: AppContext, siteId: string): Promise<number | undefined> {
  const site = await ctx.db.site.findUnique({ where: { id: siteId }, select: { sessionEpoch: true } });
  return site?.sessionEpoch;
}

/**
 * How a site's customers open tickets: the default category's slug (`general` when the site has
 * none, or for customers of no site, such as portal accounts) and whether the full form is required.
 */
export async function ticketFormFor(ctx: AppContext, siteId: string | null): Promise<{ defaultCategory: string; requireTicketForm: boolean }> {
  const site = siteId
    ? await ctx.db.site.findUnique({ where: { id: siteId }, select: { requireTicketForm: true, ...withDefaultCategory } })
    : null;
  return { defaultCategory: site?.defaultCategory?.slug ?? 'general', requireTicketForm: site?.requireTicketForm ?? false };
}

export function findSiteByKey(ctx: AppContext, siteKey: string) {
  return ctx.db.site.findUnique({ where: { siteKey } });
}

/**
 * Whether a request's Origin header names one of the site's allowed origins: the same origin, or
 * a subdomain (at any depth) of a `scheme://*.host[:port]` entry with the same scheme and port.
 */
export function isOriginAllowed(site: Site, origin: string): boolean {
  let normalised: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    normalised = url.origin;
  } catch {
    return false; // includes the opaque origin "null" of sandboxed frames and file: pages
  }
  return site.allowedOrigins.some((allowed) => {
    const wildcard = /^(https?:\/\/)\*(\..+)$/.exec(allowed);
    if (!wildcard) return allowed === normalised;
    const [, scheme = '', suffix = ''] = wildcard;
    return normalised.startsWith(scheme) && normalised.endsWith(suffix) && normalised.length > scheme.length + suffix.length;
  });
}

/** The signature a host site sends with an identity: hex HMAC-SHA256 of externalId under the site's secret. */
function identitySignature(identitySecret: string, externalId: string): string {
  return createHmac('sha256', identitySecret).update(externalId, 'utf8').digest('hex');
}

/** Compared in constant time, so response times reveal nothing about the expected signature. */
export function verifyIdentitySignature(site: Site, externalId: string, signature: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(identitySignature(site.identitySecret, externalId), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/**
 * The claims of an identity token the host site's server signed: HS256 under the site's identity
 * secret, with an `exp` no further than `maxLifetimeS` away (from now, and from `iat` if given).
 */
export function verifyIdentityToken(site: Site, token: string, maxLifetimeS: number): jwt.JwtPayload {
  const refuse = (why: string) => new AppError('INVALID_IDENTITY_TOKEN', 401, `The identity token ${why}`);
  let claims: string | jwt.JwtPayload;
  try {
    // Only HS256: "none" and the RS/ES family (whose key would be this shared secret) are refused.
    claims = jwt.verify(token, createSecretKey(Buffer.from(site.identitySecret, 'utf8')), { algorithms: ['HS256'] });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw refuse('has expired; sign a new one on your server');
    if (error instanceof jwt.NotBeforeError) throw refuse('is not valid yet (nbf)');
    const message = (error as Error).message;
    if (message === 'invalid algorithm' || message === 'jwt signature is required') throw refuse('must be signed with HS256');
    if (message === 'invalid signature') throw refuse("signature does not match; sign it with the site's current identity secret");
    throw refuse('is not a well-formed JWT');
  }
  if (typeof claims !== 'object') throw refuse('payload must be a JSON object');
  if (typeof claims.exp !== 'number') throw refuse('must have an expiry (exp)');
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = typeof claims.iat === 'number' ? Math.min(claims.iat, now) : now;
  if (claims.exp - issuedAt > maxLifetimeS) throw refuse(`must expire at most ${maxLifetimeS / 3600} hours after it is issued`);
  return claims;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
