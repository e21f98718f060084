// Visitor identity: what a widget session proves about a customer's email, the expiring identity
// token, and rotating a site's secret ending its visitors' sessions.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signIdentityToken } from '../../../examples/server-signing/token.mjs';
import { signPortalLink } from '../email/links.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

interface SiteJson {
  id: string;
  siteKey: string;
  identitySecret: string;
}

let server: TestServer;
let admin: TestUser;
let shop: SiteJson;
let other: SiteJson;
const SHOP = 'https://shop.example';
const open: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN');
  shop = await createSite('Shop', SHOP);
  other = await createSite('Other', 'https://other.example');
});
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
});
afterAll(() => server?.close());

async function createSite(name: string, origin: string): Promise<SiteJson> {
  const res = await server.api('POST', '/sites', { token: admin.token, body: { name, allowedOrigins: [origin] } });
  expect(res.status).toBe(201);
  return res.body;
}

function openSession(body: Record<string, unknown>, origin = SHOP) {
  return server.api('POST', '/widget/session', { body, headers: { origin } });
}

const now = () => Math.floor(Date.now() / 1000);
const hmac = (secret: string, externalId: string) => createHmac('sha256', secret).update(externalId).digest('hex');
/** An identity token as a host site's server signs it: HS256 under the site's secret, 10 minutes. */
const identityToken = (claims: Record<string, unknown>, secret = shop.identitySecret, options: jwt.SignOptions = {}) =>
  jwt.sign({ exp: now() + 600, ...claims }, secret, { algorithm: 'HS256', ...options });

function connected(token: string): Promise<Socket> {
  const socket = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('identity token (JWT)', () => {
  it("signs in the token's customer with its email and name verified, the same customer each time", async () => {
    const first = await openSession({ siteKey: shop.siteKey, identity: { token: identityToken({ sub: 'jwt-1', email: 'Ada@Example.com', name: 'Ada' }) } });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ name: 'Ada', email: 'ada@example.com', emailVerified: true, role: 'CUSTOMER' });

    const again = await openSession({ siteKey: shop.siteKey, identity: { token: identityToken({ sub: 'jwt-1', email: 'ada@new.example', name: 'Ada L.' }) } });
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({ id: first.body.user.id, name: 'Ada L.', email: 'ada@new.example', emailVerified: true });
    // The token's customer is the same one the HMAC form names with that externalId.
    const viaHmac = await openSession({ siteKey: shop.siteKey, identity: { externalId: 'jwt-1', signature: hmac(shop.identitySecret, 'jwt-1') } });
    expect(viaHmac.body.user.id).toBe(first.body.user.id);
  });

  it("accepts the token examples/server-signing/token.mjs signs, and refuses it past its expiry", async () => {
    const customer = { externalId: 'example-1', email: 'grace@example.com', name: 'Grace' };
    const res = await openSession({ siteKey: shop.siteKey, identity: { token: signIdentityToken(customer, shop.identitySecret) } });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ name: 'Grace', email: 'grace@example.com', emailVerified: true });
    const expired = await openSession({ siteKey: shop.siteKey, identity: { token: signIdentityToken(customer, shop.identitySecret, -60) } });
    expect(expired.status).toBe(401);
  });

  it.each([
    ['a wrong signature', () => identityToken({ sub: 'bad-1' }, 'not-the-secret'), 'signature does not match'],
    ["another site's secret", () => identityToken({ sub: 'bad-2' }, other.identitySecret), 'signature does not match'],
    ['an expired token', () => identityToken({ sub: 'bad-3', exp: now() - 120 }), 'expired'],
    ['no exp', () => jwt.sign({ sub: 'bad-4' }, shop.identitySecret, { algorithm: 'HS256' }), 'expiry'],
    ['a lifetime over 24 hours', () => identityToken({ sub: 'bad-5', exp: now() + 25 * 3600 }), '24 hours'],
    ['an old iat with a long lifetime', () => identityToken({ sub: 'bad-6', iat: now() - 20 * 3600, exp: now() + 5 * 3600 }), '24 hours'],
    ['alg none', () => jwt.sign({ sub: 'bad-7', exp: now() + 600 }, null, { algorithm: 'none' }), 'HS256'],
    ['alg HS512', () => identityToken({ sub: 'bad-8' }, shop.identitySecret, { algorithm: 'HS512' }), 'HS256'],
    [
      'alg RS256',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return jwt.sign({ sub: 'bad-9', exp: now() + 600 }, privateKey, { algorithm: 'RS256' });
      },
      'HS256',
    ],
    ['not a JWT', () => 'not.a.jwt', 'well-formed'],
  ])('refuses %s with 401 INVALID_IDENTITY_TOKEN and creates no customer', async (_, token, why) => {
    const res = await openSession({ siteKey: shop.siteKey, identity: { token: token() } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_IDENTITY_TOKEN');
    expect(res.body.error.message).toContain(why);
    expect(await server.ctx.db.user.count({ where: { externalId: { startsWith: 'bad-' } } })).toBe(0);
  });

  it('answers 400 naming the claim when a well-signed token carries a bad email or no sub', async () => {
    const badEmail = await openSession({ siteKey: shop.siteKey, identity: { token: identityToken({ sub: 'claims-1', email: 'nope' }) } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.details).toEqual([{ path: 'identity.token.email', message: 'must be a valid email address' }]);
    const noSub = await openSession({ siteKey: shop.siteKey, identity: { token: identityToken({ email: 'a@b.example' }) } });
    expect(noSub.status).toBe(400);
    expect(noSub.body.error.details[0].path).toBe('identity.token.sub');
  });
});

describe('HMAC identity form', () => {
  it('still signs in; its name and email are unverified contact data that never replace a verified email', async () => {
    const signed = { externalId: 'hmac-1', signature: hmac(shop.identitySecret, 'hmac-1') };
    const first = await openSession({ siteKey: shop.siteKey, identity: { ...signed, email: 'typed@example.com', name: 'Typed' } });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ name: 'Typed', email: 'typed@example.com', emailVerified: false });

    const verified = await openSession({ siteKey: shop.siteKey, identity: { token: identityToken({ sub: 'hmac-1', email: 'real@example.com' }) } });
    expect(verified.body.user).toMatchObject({ id: first.body.user.id, email: 'real@example.com', emailVerified: true });

    const overwrite = await openSession({ siteKey: shop.siteKey, email: 'attacker@example.com', identity: { ...signed, email: 'attacker@example.com' } });
    expect(overwrite.status).toBe(200);
    expect(overwrite.body.user).toMatchObject({ id: first.body.user.id, email: 'real@example.com', emailVerified: true });
  });
});

describe('an email a visitor typed', () => {
  it("is unverified everywhere the console shows it, and never becomes or reaches the account's", async () => {
    const visitor = await openSession({ siteKey: shop.siteKey, name: 'Not the admin', email: admin.email.toUpperCase() });
    expect(visitor.status).toBe(200);
    expect(visitor.body.user).toMatchObject({ email: admin.email, emailVerified: false });
    expect(visitor.body.user.id).not.toBe(admin.id);

    const ticket = await server.api('POST', '/tickets', {
      token: visitor.body.token,
      body: { subject: 'Claimed email', description: 'who am I?', category: 'general' },
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.customer).toEqual({ id: visitor.body.user.id, name: 'Not the admin', email: admin.email, emailVerified: false });
    const seen = await server.api('GET', `/tickets/${ticket.body.id}`, { token: admin.token });
    expect(seen.body.customer.emailVerified).toBe(false);

    // Search by that email finds the visitor's ticket, marked unverified; and the real account, verified.
    const found = await server.api('GET', `/tickets?q=${encodeURIComponent(admin.email)}`, { token: admin.token });
    expect(found.body.items.map((t: { customer: unknown }) => t.customer)).toContainEqual(ticket.body.customer);
    const users = await server.api('GET', `/users?q=${encodeURIComponent(admin.email)}`, { token: admin.token });
    const byId = new Map(users.body.items.map((u: { id: string; emailVerified: boolean }) => [u.id, u.emailVerified]));
    expect(byId.get(admin.id)).toBe(true);
    expect(byId.get(visitor.body.user.id)).toBe(false);

    // The claimed email opens nothing: the account's owner still signs in as themselves, and the
    // email stays free for a real account.
    const me = await server.api('GET', '/auth/me', { token: visitor.body.token });
    expect(me.body.user).toMatchObject({ id: visitor.body.user.id, role: 'CUSTOMER', emailVerified: false });
    const registered = await server.api('POST', '/auth/register', { body: { name: 'Owner', email: 'owner@example.com', password: 'long enough password' } });
    const claim = await openSession({ siteKey: shop.siteKey, email: 'owner@example.com' });
    expect(claim.body.user.id).not.toBe(registered.body.user.id);
    const login = await server.api('POST', '/auth/login', { body: { email: 'owner@example.com', password: 'long enough password' } });
    expect(login.body.user).toMatchObject({ id: registered.body.user.id, emailVerified: true });
    const laterAccount = await openSession({ siteKey: shop.siteKey, email: 'later@example.com' });
    expect(laterAccount.status).toBe(200);
    const later = await server.api('POST', '/auth/register', { body: { name: 'Later', email: 'later@example.com', password: 'long enough password' } });
    expect(later.status).toBe(201);
    expect(later.body.user.id).not.toBe(laterAccount.body.user.id);
  });
});

describe('rotating a site secret', () => {
  it("ends that site's visitor sessions, REST and socket, and no other site's", async () => {
    const site = await createSite('Rotating', 'https://rotating.example');
    const anonymous = await openSession({ siteKey: site.siteKey, name: 'Anon' }, 'https://rotating.example');
    const identified = await openSession(
      { siteKey: site.siteKey, identity: { token: identityToken({ sub: 'rot-1' }, site.identitySecret) } },
      'https://rotating.example',
    );
    const elsewhere = await openSession({ siteKey: shop.siteKey, name: 'Elsewhere' });
    for (const s of [anonymous, identified, elsewhere]) expect(s.status).toBe(200);
    expect((await server.api('GET', '/tickets', { token: anonymous.body.token })).status).toBe(200);

    const sockets = [await connected(anonymous.body.token), await connected(identified.body.token)];
    const gone = sockets.map((s) => new Promise<string>((resolve) => s.once('disconnect', resolve)));
    const unaffected = await connected(elsewhere.body.token);

    expect((await server.api('POST', `/sites/${site.id}/rotate-secret`, { token: admin.token })).status).toBe(200);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const token of [anonymous.body.token, identified.body.token]) {
      const res = await server.api('GET', '/tickets', { token });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      await expect(connected(token)).rejects.toThrow('unauthorized');
    }
    expect(unaffected.connected).toBe(true);
    expect((await server.api('GET', '/tickets', { token: elsewhere.body.token })).status).toBe(200);
    expect((await server.api('GET', '/tickets', { token: admin.token })).status).toBe(200);

    // The visitor comes back through a new session: the anonymous one by its visitorId.
    const resumed = await openSession({ siteKey: site.siteKey, visitorId: anonymous.body.visitorId }, 'https://rotating.example');
    expect(resumed.body.user.id).toBe(anonymous.body.user.id);
    expect((await server.api('GET', '/tickets', { token: resumed.body.token })).status).toBe(200);
  });
});

describe('deleting a site', () => {
  it("ends that site's visitor sessions, REST and socket; its customers come back through an emailed link", async () => {
    const site = await createSite('Closing down', 'https://closing.example');
    const visitor = await openSession({ siteKey: site.siteKey, name: 'Vera' }, 'https://closing.example');
    const elsewhere = await openSession({ siteKey: shop.siteKey, name: 'Elsewhere' });
    for (const s of [visitor, elsewhere]) expect(s.status).toBe(200);
    const ticket = await server.api('POST', '/tickets', { token: visitor.body.token, body: { description: 'Where is my parcel?' } });
    expect(ticket.status).toBe(201);
    const socket = await connected(visitor.body.token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const unaffected = await connected(elsewhere.body.token);

    expect((await server.api('DELETE', `/sites/${site.id}`, { token: admin.token })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    const refused = await server.api('GET', '/tickets', { token: visitor.body.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    await expect(connected(visitor.body.token)).rejects.toThrow('unauthorized');
    expect(unaffected.connected).toBe(true);
    expect((await server.api('GET', '/tickets', { token: elsewhere.body.token })).status).toBe(200);

    // The ticket stays, and the link in a notification still opens it.
    const link = signPortalLink(server.ctx, visitor.body.user.id, ticket.body.id);
    const portal = await server.api('POST', '/auth/link', { body: { token: link } });
    expect(portal.status).toBe(200);
    const reopened = await server.api('GET', `/tickets/${ticket.body.id}`, { token: portal.body.token });
    expect(reopened.status).toBe(200);
    expect(reopened.body.description).toBe('Where is my parcel?');
  });
});
