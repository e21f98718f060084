import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let admin: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN');
});
afterAll(() => server?.close());

const createSite = (body: unknown) => server.api('POST', '/sites', { token: admin.token, body });
/** The site as GET /sites lists it. */
async function listed(id: string) {
  const res = await server.api('GET', '/sites?limit=100', { token: admin.token });
  return (res.body.items as { id: string; defaultCategory: string | null }[]).find((site) => site.id === id);
}
const detailPaths = (body: { error: { details?: { path: string }[] } }) => (body.error.details ?? []).map((d) => d.path).sort();

describe('sites', () => {
  it('creates a site with a random key and secret and the default theme', async () => {
    const res = await createSite({ name: 'Shop' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Shop',
      allowedOrigins: [],
      theme: { color: '#4f46e5', position: 'right', greeting: 'Hi! How can we help?', mode: 'light' },
    });
    expect(res.body.siteKey).toMatch(/^site_[A-Za-z0-9_-]{24}$/);
    expect(res.body.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
    const other = await createSite({ name: 'Shop' });
    expect(other.body.siteKey).not.toBe(res.body.siteKey);
    expect(other.body.identitySecret).not.toBe(res.body.identitySecret);
  });

  it('fills theme fields left out with the defaults', async () => {
    const res = await createSite({ name: 'Blog', theme: { color: '#FFF', position: 'left' } });
    expect(res.status).toBe(201);
    expect(res.body.theme).toEqual({ color: '#FFF', position: 'left', greeting: 'Hi! How can we help?', mode: 'light' });
  });

  it('keeps the theme mode (light, dark or auto) and refuses others', async () => {
    const res = await createSite({ name: 'Night', theme: { mode: 'dark' } });
    expect(res.body.theme.mode).toBe('dark');
    const updated = await server.api('PATCH', `/sites/${res.body.id}`, { token: admin.token, body: { theme: { mode: 'auto' } } });
    expect(updated.status).toBe(200);
    expect(updated.body.theme).toMatchObject({ mode: 'auto', color: '#4f46e5' });
    expect((await server.api('GET', `/widget/config?siteKey=${res.body.siteKey}`)).body.theme.mode).toBe('auto');
    const wrong = await createSite({ name: 'X', theme: { mode: 'sepia' } });
    expect(wrong.status).toBe(400);
    expect(detailPaths(wrong.body)).toEqual(['theme.mode']);
  });

  it('normalises and deduplicates allowed origins and keeps wildcard subdomains', async () => {
    const res = await createSite({
      name: 'Origins',
      allowedOrigins: [
        'https://Example.com',
        'https://example.com:443/',
        'http://localhost:5173',
        'https://*.Shop.example',
        'http://[::1]:80',
        'https://bücher.de',
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.allowedOrigins).toEqual([
      'https://example.com',
      'http://localhost:5173',
      'https://*.shop.example',
      'http://[::1]',
      'https://xn--bcher-kva.de',
    ]);
  });

  it('refuses anything that is not an origin, with the offending entry in the details', async () => {
    for (const origin of [
      'example.com',
      'https://example.com/path',
      'https://example.com/?q=1',
      'https://user:pw@example.com',
      'ftp://example.com',
      'javascript:alert(1)',
      '*',
      'https://*',
      'https://*.com',
      'https://a.*.example.com',
      'null',
    ]) {
      const res = await createSite({ name: 'Bad', allowedOrigins: ['https://ok.example', origin] });
      expect(res.status, origin).toBe(400);
      expect(detailPaths(res.body), origin).toEqual(['allowedOrigins.1']);
    }
    const tooMany = Array.from({ length: 51 }, (_, i) => `https://s${i}.example.com`);
    expect((await createSite({ name: 'Many', allowedOrigins: tooMany })).status).toBe(400);
    expect((await createSite({ name: 'Fifty', allowedOrigins: tooMany.slice(0, 50) })).status).toBe(201);
  });

  it('validates names and themes and refuses unknown fields', async () => {
    const res = await createSite({
      name: '  ',
      theme: { color: 'red', position: 'top', greeting: 'x'.repeat(201) },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res.body)).toEqual(['name', 'theme.color', 'theme.greeting', 'theme.position']);
    expect((await createSite({ name: 'X', siteKey: 'mine' })).status).toBe(400);
    expect((await createSite({ name: 'X', identitySecret: 'mine' })).status).toBe(400);
    expect((await createSite({ name: 'X', theme: { colour: '#fff' } })).status).toBe(400);
    expect((await createSite({ name: 'X', theme: { color: '#12345' } })).status).toBe(400);
    expect((await createSite({ name: 'X', theme: { greeting: '' } })).status).toBe(201);
  });

  it('lists sites newest first, page by page', async () => {
    const fresh = await startTestServer();
    try {
      const root = await fresh.createUser('ADMIN');
      const names = ['One', 'Two', 'Three', 'Four', 'Five'];
      for (const name of names) await fresh.api('POST', '/sites', { token: root.token, body: { name } });
      const seen: { name: string; createdAt: string }[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: { name: string; createdAt: string; identitySecret: string }[]; nextCursor: string | null } } =
          await fresh.api('GET', `/sites?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: root.token });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        for (const site of res.body.items) expect(site.identitySecret).toMatch(/^[0-9a-f]{64}$/);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      // Every site exactly once, newest first (sites created in the same millisecond may come in either order).
      expect(seen.map((s) => s.name).sort()).toEqual([...names].sort());
      const times = seen.map((s) => Date.parse(s.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect((await fresh.api('GET', '/sites?cursor=nonsense', { token: root.token })).status).toBe(400);
      expect((await fresh.api('GET', '/sites?limit=101', { token: root.token })).status).toBe(400);
    } finally {
      await fresh.close();
    }
  });

  it('updates a site: origins replaced, theme merged, key and secret unchanged', async () => {
    const site = (await createSite({ name: 'Old', allowedOrigins: ['https://a.example'], theme: { color: '#000000' } })).body;
    const res = await server.api('PATCH', `/sites/${site.id}`, {
      token: admin.token,
      body: { name: 'New', allowedOrigins: ['https://b.example/'], theme: { greeting: 'Hello' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: site.id,
      name: 'New',
      siteKey: site.siteKey,
      identitySecret: site.identitySecret,
      allowedOrigins: ['https://b.example'],
      theme: { color: '#000000', position: 'right', greeting: 'Hello' },
    });
    const unchanged = await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: {} });
    expect(unchanged.body).toEqual(res.body);
    expect((await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: { siteKey: 'x' } })).status).toBe(400);
    expect((await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: { allowedOrigins: ['nope'] } })).status).toBe(400);
    expect((await server.api('PATCH', '/sites/no-such-site', { token: admin.token, body: { name: 'X' } })).status).toBe(404);
  });

  it('starts with no default category and the form not required, and updates both', async () => {
    const site = (await createSite({ name: 'Form' })).body;
    expect(site).toMatchObject({ defaultCategory: null, requireTicketForm: false });
    const set = await server.api('PATCH', `/sites/${site.id}`, {
      token: admin.token,
      body: { defaultCategory: 'billing', requireTicketForm: true },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ defaultCategory: 'billing', requireTicketForm: true, name: 'Form' });
    expect(await listed(site.id)).toEqual(set.body);
    const cleared = await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: { defaultCategory: null } });
    expect(cleared.body).toMatchObject({ defaultCategory: null, requireTicketForm: true });
    const created = await createSite({ name: 'Form 2', defaultCategory: 'technical', requireTicketForm: true });
    expect(created.body).toMatchObject({ defaultCategory: 'technical', requireTicketForm: true });
  });

  it('refuses an unknown default category with 400 on defaultCategory, and forgets a deleted one', async () => {
    const site = (await createSite({ name: 'Categories' })).body;
    const unknown = await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: { defaultCategory: 'no-such-category' } });
    expect(unknown.status).toBe(400);
    expect(detailPaths(unknown.body)).toEqual(['defaultCategory']);
    expect((await createSite({ name: 'Bad', defaultCategory: 'no-such-category' })).status).toBe(400);
    const category = await server.api('POST', '/categories', { token: admin.token, body: { name: 'Short-lived' } });
    expect(category.status).toBe(201);
    await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: { defaultCategory: category.body.slug } });
    expect((await server.api('DELETE', `/categories/${category.body.id}`, { token: admin.token })).status).toBe(204);
    expect((await listed(site.id))?.defaultCategory).toBeNull();
  });

  it('rotates the identity secret and keeps everything else', async () => {
    const site = (await createSite({ name: 'Rotate' })).body;
    const res = await server.api('POST', `/sites/${site.id}/rotate-secret`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.identitySecret).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.identitySecret).not.toBe(site.identitySecret);
    expect({ ...res.body, identitySecret: undefined }).toEqual({ ...site, identitySecret: undefined });
    expect((await server.api('POST', '/sites/no-such-site/rotate-secret', { token: admin.token })).status).toBe(404);
  });

  it('deleting a site keeps its tickets and visitors, no longer tied to it', async () => {
    const site = (await createSite({ name: 'Doomed', allowedOrigins: ['https://doomed.example'] })).body;
    const session = await server.api('POST', '/widget/session', {
      headers: { origin: 'https://doomed.example' },
      body: { siteKey: site.siteKey },
    });
    expect(session.status).toBe(200);
    // Stored directly: this is about the foreign key, not about how tickets get their site.
    const category = await server.ctx.db.category.findFirstOrThrow();
    const ticket = await server.ctx.db.ticket.create({
      data: { subject: 'Help', description: 'Please', categoryId: category.id, customerId: session.body.user.id, siteId: site.id },
    });

    expect((await server.api('DELETE', `/sites/${site.id}`, { token: admin.token })).status).toBe(204);

    expect(await server.ctx.db.ticket.findUnique({ where: { id: ticket.id } })).toMatchObject({ siteId: null });
    expect(await server.ctx.db.user.findUnique({ where: { id: session.body.user.id } })).toMatchObject({ siteId: null });
    // Its visitors' sessions end with it (widget/identity.test.ts follows them further).
    expect((await server.api('GET', '/auth/me', { token: session.body.token })).status).toBe(401);
    expect((await server.api('GET', `/widget/config?siteKey=${site.siteKey}`)).status).toBe(404);
    expect((await server.api('DELETE', `/sites/${site.id}`, { token: admin.token })).status).toBe(404);
    const list = await server.api('GET', '/sites?limit=100', { token: admin.token });
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(site.id);
  });

  it('is for admins only: customers get 403, anonymous callers 401', async () => {
    const site = (await createSite({ name: 'Guarded' })).body;
    const customer = await server.createUser();
    const calls: [string, string, unknown?][] = [
      ['GET', '/sites'],
      ['POST', '/sites', { name: 'Mine' }],
      ['PATCH', `/sites/${site.id}`, { name: 'Mine' }],
      ['DELETE', `/sites/${site.id}`],
      ['POST', `/sites/${site.id}/rotate-secret`],
    ];
    for (const [method, path, body] of calls) {
      const asCustomer = await server.api(method, path, { token: customer.token, body });
      expect(asCustomer.status, `${method} ${path}`).toBe(403);
      expect(asCustomer.body.error.code).toBe('FORBIDDEN');
      const anonymous = await server.api(method, path, { body });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    }
    const after = await server.api('PATCH', `/sites/${site.id}`, { token: admin.token, body: {} });
    expect(after.body).toEqual(site);
  });

  it('publishes the site and widget routes in the OpenAPI document', async () => {
    const res = await server.api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/sites', '/api/sites/{id}', '/api/sites/{id}/rotate-secret', '/api/widget/config', '/api/widget/session']),
    );
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining(['Site', 'SiteTheme', 'CreateSite', 'UpdateSite', 'WidgetConfig', 'WidgetSessionRequest', 'WidgetSession']),
    );
    expect(Object.keys(res.body.components.schemas.WidgetConfig.properties)).not.toContain('identitySecret');
  });
});
