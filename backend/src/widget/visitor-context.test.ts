// Visitor context (page, referrer, browser, OS, language, time zone) kept with the widget session and
// each ticket opened from it, shown to the team only; and anonymous visitors' distinguishable names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { parseUserAgent } from './visitorContext.js';

let server: TestServer;
let admin: TestUser;
let siteKey: string;
const SHOP = 'https://shop.example';
const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN');
  const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop', allowedOrigins: [SHOP] } });
  siteKey = site.body.siteKey;
});
afterAll(() => server?.close());

function openSession(body: Record<string, unknown>, userAgent = CHROME_ON_WINDOWS) {
  return server.api('POST', '/widget/session', { body: { siteKey, ...body }, headers: { origin: SHOP, 'user-agent': userAgent } });
}

describe('visitor context', () => {
  it('is kept with the session and copied onto each ticket opened from it, for the team only', async () => {
    const context = { pageUrl: `${SHOP}/pricing?plan=pro`, referrer: 'https://search.example/?q=shop', language: 'fr-FR', timeZone: 'Europe/Paris' };
    const session = await openSession({ context });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    const created = await server.api('POST', '/tickets', { token: session.body.token, body: { description: 'Which plan fits me?' } });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('visitorContext');
    const seen = await server.api('GET', `/tickets/${created.body.id}`, { token: admin.token });
    expect(seen.body.visitorContext).toEqual({ ...context, browser: 'Chrome 131', os: 'Windows', updatedAt: expect.any(String) });
    const listed = await server.api('GET', '/tickets?limit=100', { token: admin.token });
    expect(listed.body.items.find((t: { id: string }) => t.id === created.body.id).visitorContext).toMatchObject({ pageUrl: context.pageUrl });

    // A later page view updates the session's context; the ticket keeps where the visitor was.
    await openSession({ visitorId: session.body.visitorId, context: { ...context, pageUrl: `${SHOP}/checkout` } });
    const later = await server.api('GET', `/tickets/${created.body.id}`, { token: admin.token });
    expect(later.body.visitorContext.pageUrl).toBe(context.pageUrl);
  });

  it('keeps the page the visitor is on as they open the ticket, which a single-page site changes without a new session', async () => {
    const context = { pageUrl: `${SHOP}/`, referrer: 'https://search.example/', language: 'en-GB', timeZone: 'Europe/London' };
    const session = await openSession({ context });
    // The shop's own router moved on to the product page; the widget says where it is now.
    const created = await server.api('POST', '/tickets', { token: session.body.token, body: { description: 'Is this in stock?', pageUrl: `${SHOP}/products/42` } });
    expect(created.status).toBe(201);
    const seen = await server.api('GET', `/tickets/${created.body.id}`, { token: admin.token });
    expect(seen.body.visitorContext).toEqual({ ...context, pageUrl: `${SHOP}/products/42`, browser: 'Chrome 131', os: 'Windows', updatedAt: expect.any(String) });

    // As multipart too (the widget's form with files), and refused past its limit like the session's.
    const form = new FormData();
    form.set('description', 'And this one?');
    form.set('pageUrl', `${SHOP}/products/43`);
    const multipart = await server.api('POST', '/tickets', { token: session.body.token, body: form });
    expect(multipart.status).toBe(201);
    expect((await server.api('GET', `/tickets/${multipart.body.id}`, { token: admin.token })).body.visitorContext.pageUrl).toBe(`${SHOP}/products/43`);
    const long = await server.api('POST', '/tickets', { token: session.body.token, body: { description: 'Long', pageUrl: `${SHOP}/${'a'.repeat(2000)}` } });
    expect(long.status).toBe(400);
    expect(long.body.error.details.map((d: { path: string }) => d.path)).toContain('pageUrl');

    // A customer of no site has no visitor context, whatever they send.
    const customer = await server.createUser('CUSTOMER');
    const own = await server.api('POST', '/tickets', { token: customer.token, body: { description: 'From the portal', pageUrl: 'https://elsewhere.example/' } });
    expect(own.status).toBe(201);
    expect((await server.api('GET', `/tickets/${own.body.id}`, { token: admin.token })).body.visitorContext).toBeNull();
  });

  it('refuses fields longer than their limit, naming them', async () => {
    for (const [field, value] of [
      ['pageUrl', `${SHOP}/${'a'.repeat(2000)}`],
      ['referrer', `${SHOP}/${'a'.repeat(2000)}`],
      ['language', 'x'.repeat(36)],
      ['timeZone', 'x'.repeat(65)],
    ] as const) {
      const res = await openSession({ context: { [field]: value } });
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(`context.${field}`);
    }
  });

  it('names the browser and OS from the User-Agent, and nothing it does not know', () => {
    const cases: [string, { browser: string | null; os: string | null }][] = [
      [CHROME_ON_WINDOWS, { browser: 'Chrome 131', os: 'Windows' }],
      ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', { browser: 'Safari 17', os: 'macOS' }],
      ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', { browser: 'Safari 17', os: 'iOS' }],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', { browser: 'Firefox 133', os: 'Linux' }],
      ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', { browser: 'Chrome 131', os: 'Android' }],
      ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', { browser: 'Edge 131', os: 'Windows' }],
      ['curl/8.5.0', { browser: null, os: null }],
    ];
    for (const [ua, expected] of cases) expect(parseUserAgent(ua), ua).toEqual(expected);
  });
});

describe('visitor names', () => {
  it('gives each anonymous visitor a distinguishable name, stable across their sessions', async () => {
    const first = await openSession({});
    const second = await openSession({});
    expect(first.body.user.name).toMatch(/^Visitor \d{4}$/);
    expect(second.body.user.name).toMatch(/^Visitor \d{4}$/);
    const resumed = await openSession({ visitorId: first.body.visitorId });
    expect(resumed.body.user.name).toBe(first.body.user.name);
    // A name the visitor gives wins.
    expect((await openSession({ name: 'Grace' })).body.user.name).toBe('Grace');
  });
});
