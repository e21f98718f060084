import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

interface SiteJson {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  identitySecret: string;
}

let server: TestServer;
let admin: TestUser;
let shop: SiteJson;
const SHOP = 'https://shop.example';

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN');
  shop = await createSite('Shop', [SHOP, 'https://*.shop.example']);
});
afterAll(() => server?.close());

async function createSite(name: string, allowedOrigins: string[]): Promise<SiteJson> {
  const res = await server.api('POST', '/sites', { token: admin.token, body: { name, allowedOrigins } });
  expect(res.status).toBe(201);
  return res.body;
}

const sign = (secret: string, externalId: string) => createHmac('sha256', secret).update(externalId).digest('hex');

/** `origin: null` sends no Origin header. */
function openSession(body: Record<string, unknown>, origin: string | null = SHOP) {
  return server.api('POST', '/widget/session', { body, headers: origin ? { origin } : {} });
}

describe('widget config', () => {
  it("answers a site's name, theme and categories, and never its identity secret", async () => {
    const res = await server.api('GET', `/widget/config?siteKey=${shop.siteKey}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      siteName: 'Shop',
      theme: { color: '#4f46e5', position: 'right', greeting: 'Hi! How can we help?', mode: 'light' },
      categories: expect.arrayContaining([expect.objectContaining({ slug: 'billing', name: expect.any(String) })]),
      defaultCategory: 'general',
      requireTicketForm: false,
      presence: 'away',
      onlineTeam: [],
      replyTime: null,
      outsideHours: false,
      awayMessage: null,
    });
    expect(res.body.categories).toHaveLength(5);
    expect(JSON.stringify(res.body)).not.toContain(shop.identitySecret);
    expect(JSON.stringify(res.body)).not.toContain('identitySecret');
  });

  it("answers the site's ticket-form settings: its default category and whether the full form is required", async () => {
    const site = await createSite('Strict shop', [SHOP]);
    const patched = await server.api('PATCH', `/sites/${site.id}`, {
      token: admin.token,
      body: { defaultCategory: 'billing', requireTicketForm: true },
    });
    expect(patched.status).toBe(200);
    const res = await server.api('GET', `/widget/config?siteKey=${site.siteKey}`);
    expect(res.body).toMatchObject({ siteName: 'Strict shop', defaultCategory: 'billing', requireTicketForm: true });
  });

  it('answers 404 for an unknown site key and 400 without one', async () => {
    const unknown = await server.api('GET', '/widget/config?siteKey=site_doesnotexist');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const missing = await server.api('GET', '/widget/config');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('query.siteKey');
  });
});

describe('widget session origins', () => {
  it('opens a session from an allowed origin, with a token that works on /auth/me', async () => {
    const res = await openSession({ siteKey: shop.siteKey });
    expect(res.status).toBe(200);
    expect(res.body.visitorId).toMatch(/^v_[A-Za-z0-9_-]{24}$/);
    expect(res.body.user).toMatchObject({ name: expect.stringMatching(/^Visitor \d{4}$/), email: null, role: 'CUSTOMER' });
    const me = await server.api('GET', '/auth/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(res.body.user);
  });

  it('refuses another origin with 403 ORIGIN_NOT_ALLOWED naming it', async () => {
    const res = await openSession({ siteKey: shop.siteKey }, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(res.body.error.message).toContain('https://evil.example');
  });

  it('refuses a request without an Origin header, or with the opaque origin "null"', async () => {
    const missing = await openSession({ siteKey: shop.siteKey }, null);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await openSession({ siteKey: shop.siteKey }, 'null')).status).toBe(403);
  });

  it('lets a wildcard entry admit subdomains of the same scheme and port only', async () => {
    for (const origin of ['https://www.shop.example', 'https://a.b.shop.example', 'https://WWW.Shop.Example', 'https://www.shop.example:443']) {
      expect((await openSession({ siteKey: shop.siteKey }, origin)).status, origin).toBe(200);
    }
    for (const origin of [
      'http://www.shop.example',
      'https://www.shop.example:8443',
      'https://evilshop.example',
      'https://shop.example.evil.example',
      'https://.shop.example',
    ]) {
      expect((await openSession({ siteKey: shop.siteKey }, origin)).status, origin).toBe(403);
    }
  });

  it('answers 404 for an unknown site key, whatever the origin', async () => {
    const res = await openSession({ siteKey: 'site_doesnotexist' });
    expect(res.status).toBe(404);
    expect((await openSession({ siteKey: 'site_doesnotexist' }, null)).status).toBe(404);
  });

  it('validates the body', async () => {
    const res = await openSession({ siteKey: shop.siteKey, email: 'not-an-email', identity: { signature: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'identity.externalId']);
    expect((await openSession({})).status).toBe(400);
  });
});

describe('anonymous visitors', () => {
  it('resumes the same visitor by visitorId across sessions and records the name and email given', async () => {
    const first = await openSession({ siteKey: shop.siteKey });
    const second = await openSession({ siteKey: shop.siteKey, visitorId: first.body.visitorId, name: 'Ada', email: 'Ada@Example.com' });
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(second.body.visitorId).toBe(first.body.visitorId);
    expect(second.body.user).toMatchObject({ name: 'Ada', email: 'ada@example.com', role: 'CUSTOMER' });
    const third = await openSession({ siteKey: shop.siteKey, visitorId: first.body.visitorId }, 'https://www.shop.example');
    expect(third.body.user).toMatchObject({ id: first.body.user.id, name: 'Ada', email: 'ada@example.com' });
    const stored = await server.ctx.db.user.findUniqueOrThrow({ where: { id: first.body.user.id } });
    expect(stored).toMatchObject({ siteId: shop.id, email: null, contactEmail: 'ada@example.com', passwordHash: null });
  });

  it('starts a new visitor for a visitorId that is unknown or belongs to another site', async () => {
    const blog = await createSite('Blog', ['https://blog.example']);
    const onBlog = await openSession({ siteKey: blog.siteKey }, 'https://blog.example');
    const onShop = await openSession({ siteKey: shop.siteKey, visitorId: onBlog.body.visitorId });
    expect(onShop.status).toBe(200);
    expect(onShop.body.user.id).not.toBe(onBlog.body.user.id);
    expect(onShop.body.visitorId).not.toBe(onBlog.body.visitorId);
    const unknown = await openSession({ siteKey: shop.siteKey, visitorId: 'v_made_up' });
    expect(unknown.status).toBe(200);
    expect(unknown.body.visitorId).not.toBe('v_made_up');
  });

  it('starts a new visitor instead of resuming a disabled one', async () => {
    const first = await openSession({ siteKey: shop.siteKey });
    await server.api('PATCH', `/users/${first.body.user.id}`, { token: admin.token, body: { disabled: true } });
    const again = await openSession({ siteKey: shop.siteKey, visitorId: first.body.visitorId });
    expect(again.status).toBe(200);
    expect(again.body.user.id).not.toBe(first.body.user.id);
  });
});

describe('identified visitors', () => {
  it('maps a correctly signed externalId to the same customer every time', async () => {
    const identity = { externalId: 'cust-42', name: 'Grace', email: 'grace@example.com', signature: sign(shop.identitySecret, 'cust-42') };
    const first = await openSession({ siteKey: shop.siteKey, identity });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ name: 'Grace', email: 'grace@example.com', role: 'CUSTOMER' });
    expect(first.body.visitorId).toMatch(/^v_/);
    const second = await openSession({
      siteKey: shop.siteKey,
      identity: { ...identity, name: 'Grace Hopper', email: undefined, signature: identity.signature.toUpperCase() },
    });
    expect(second.status).toBe(200);
    expect(second.body.user).toMatchObject({ id: first.body.user.id, name: 'Grace Hopper', email: 'grace@example.com' });
    expect(second.body.visitorId).toBe(first.body.visitorId);
    const me = await server.api('GET', '/auth/me', { token: second.body.token });
    expect(me.body.user.id).toBe(first.body.user.id);
  });

  it('creates one customer when the first sessions of an externalId race', async () => {
    const identity = { externalId: 'racer', signature: sign(shop.identitySecret, 'racer') };
    const results = await Promise.all(Array.from({ length: 6 }, () => openSession({ siteKey: shop.siteKey, identity })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
    expect(await server.ctx.db.user.count({ where: { siteId: shop.id, externalId: 'racer' } })).toBe(1);
  });

  it('keeps the same externalId on two sites as two customers', async () => {
    const other = await createSite('Other', ['https://other.example']);
    const here = await openSession({ siteKey: shop.siteKey, identity: { externalId: 'shared', signature: sign(shop.identitySecret, 'shared') } });
    const there = await openSession(
      { siteKey: other.siteKey, identity: { externalId: 'shared', signature: sign(other.identitySecret, 'shared') } },
      'https://other.example',
    );
    expect(here.status).toBe(200);
    expect(there.status).toBe(200);
    expect(there.body.user.id).not.toBe(here.body.user.id);
  });

  it('refuses a wrong signature with 401 INVALID_SIGNATURE', async () => {
    const other = await createSite('Elsewhere', []);
    for (const signature of [sign(other.identitySecret, 'cust-7'), sign(shop.identitySecret, 'cust-8'), 'abc', '', 'zz'.repeat(32)]) {
      const res = await openSession({ siteKey: shop.siteKey, identity: { externalId: 'cust-7', signature } });
      expect(res.status, signature).toBe(401);
      expect(res.body.error.code).toBe('INVALID_SIGNATURE');
    }
    expect(await server.ctx.db.user.count({ where: { externalId: 'cust-7' } })).toBe(0);
  });

  it('does not resume an identified customer by visitorId without a signature', async () => {
    const identified = await openSession({ siteKey: shop.siteKey, identity: { externalId: 'private', signature: sign(shop.identitySecret, 'private') } });
    const anonymous = await openSession({ siteKey: shop.siteKey, visitorId: identified.body.visitorId });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.user.id).not.toBe(identified.body.user.id);
  });

  it('refuses a disabled identified customer with 403', async () => {
    const identity = { externalId: 'banned', signature: sign(shop.identitySecret, 'banned') };
    const first = await openSession({ siteKey: shop.siteKey, identity });
    await server.api('PATCH', `/users/${first.body.user.id}`, { token: admin.token, body: { disabled: true } });
    const again = await openSession({ siteKey: shop.siteKey, identity });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('rotating the secret invalidates old signatures; the new one maps to the same customer', async () => {
    const site = await createSite('Rotating', ['https://rotating.example']);
    const oldSignature = sign(site.identitySecret, 'cust-1');
    const before = await openSession({ siteKey: site.siteKey, identity: { externalId: 'cust-1', signature: oldSignature } }, 'https://rotating.example');
    expect(before.status).toBe(200);

    const rotated = await server.api('POST', `/sites/${site.id}/rotate-secret`, { token: admin.token });
    const stale = await openSession({ siteKey: site.siteKey, identity: { externalId: 'cust-1', signature: oldSignature } }, 'https://rotating.example');
    expect(stale.status).toBe(401);
    const fresh = await openSession(
      { siteKey: site.siteKey, identity: { externalId: 'cust-1', signature: sign(rotated.body.identitySecret, 'cust-1') } },
      'https://rotating.example',
    );
    expect(fresh.status).toBe(200);
    expect(fresh.body.user.id).toBe(before.body.user.id);
  });
});

describe('widget session rate limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: { widgetSessions: 2 } });
  });
  afterAll(() => limited?.close());

  it('answers 429 after too many sessions from one address', async () => {
    const root = await limited.createUser('ADMIN');
    const site = (await limited.api('POST', '/sites', { token: root.token, body: { name: 'S', allowedOrigins: [SHOP] } })).body;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await limited.api('POST', '/widget/session', { headers: { origin: SHOP }, body: { siteKey: site.siteKey } })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
