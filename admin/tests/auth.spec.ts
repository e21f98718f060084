import { ADMIN } from './server';
import { expect, storeSession, test } from './fixtures';

test.describe('signing in and out', () => {
  test('an admin signs in, stays signed in across a reload, and signs out', async ({ page, signIn }) => {
    await signIn();
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/inbox/);
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('deskline.admin.session')!).token as string);

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await expect(page).toHaveURL(/\/admin\/login/);
    await expect(page.getByTestId('login-notice')).toContainText('You have signed out');
    expect(await page.evaluate(() => localStorage.getItem('deskline.admin.session'))).toBeNull();
    // The token is revoked on the server, not just forgotten.
    const me = await fetch(new URL('/api/auth/me', page.url()), { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  test('a wrong password is refused with a clear message, and empty fields are flagged inline', async ({ page }) => {
    await page.goto('/admin/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#email-error')).toContainText('valid email');
    await expect(page.locator('#password-error')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-notice')).toContainText('do not match');
    await expect(page).toHaveURL(/\/admin\/login/);
  });

  test('a customer signing in is told the console is for the support team, and their token is not kept', async ({ page, deskline }) => {
    const customer = await deskline.registerCustomer('Carla Customer');
    await page.goto('/admin/login');
    await page.getByLabel('Email').fill(customer.user.email);
    await page.getByLabel('Password').fill('customer-password');
    const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const { token } = await (await login).json();
    await expect(page.getByTestId('login-notice')).toContainText('This console is for the support team');
    await expect(page).toHaveURL(/\/admin\/login/);
    expect(await page.evaluate(() => localStorage.getItem('deskline.admin.session'))).toBeNull();
    await expect.poll(async () => (await deskline.api('GET', '/auth/me', { token })).status).toBe(401);
  });

  test('an ended session sends the admin back to sign in with a message, then back to the same view', async ({ page, signIn, deskline }) => {
    await signIn();
    await page.goto('/admin/inbox?status=OPEN');
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('deskline.admin.session')!).token as string);
    // The token dies elsewhere (revoked on the server, as an expiry would): the server drops the
    // socket, and the console notices without the admin doing anything.
    expect((await deskline.api('POST', '/auth/logout', { token })).status).toBe(204);
    await expect(page).toHaveURL(/\/admin\/login\?reason=expired/);
    await expect(page.getByTestId('login-notice')).toContainText('Your session has ended');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/inbox\?status=OPEN/);
  });
});

test('a stored token the server no longer accepts leads to sign-in with a message', async ({ page, deskline }) => {
  const admin = await deskline.login('root@deskline.test', 'root-password');
  await storeSession(page, { ...admin, token: `${admin.token.slice(0, -4)}AAAA` }); // tampered signature
  await page.goto('/admin/overview');
  await expect(page).toHaveURL(/\/admin\/login\?reason=expired&next=%2Foverview/);
  await expect(page.getByTestId('login-notice')).toContainText('Your session has ended');
});

test.describe('customers are kept out', () => {
  const pages = ['/admin/inbox', '/admin/overview', '/admin/ticket?id=x', '/admin/settings/categories', '/admin/settings/sites', '/admin/settings/users'];

  test('a customer session cannot open any console page', async ({ page, deskline }) => {
    for (const path of pages) {
      const customer = await deskline.registerCustomer('Curious Customer');
      await storeSession(page, customer); // as if a customer planted their own token
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/admin\/login\?reason=customer/);
      await expect(page.getByTestId('login-notice')).toContainText('This console is for the support team');
      expect(await page.evaluate(() => localStorage.getItem('deskline.admin.session'))).toBeNull();
    }
  });

  test('a customer token is refused by every admin API', async ({ deskline }) => {
    const { api, admin } = deskline;
    const customer = await deskline.registerCustomer();
    const other = await deskline.registerCustomer();
    const theirs = await deskline.createTicket(other.token);
    const mine = await deskline.createTicket(customer.token);
    const category = (await api('GET', '/categories')).body[0];
    const site = (await api('POST', '/sites', { token: admin.token, body: { name: 'Guarded site' } })).body;
    const token = customer.token;
    const forbidden: [string, string, unknown?][] = [
      ['GET', '/users'],
      ['POST', '/users', { name: 'Mallory', email: 'mallory@example.test', password: 'password123', role: 'ADMIN' }],
      ['PATCH', `/users/${customer.user.id}`, { role: 'ADMIN' }],
      ['GET', '/sites'],
      ['POST', '/sites', { name: 'Mine now' }],
      ['PATCH', `/sites/${site.id}`, { name: 'Mine now' }],
      ['DELETE', `/sites/${site.id}`],
      ['POST', `/sites/${site.id}/rotate-secret`],
      ['POST', '/categories', { name: 'Spam' }],
      ['PATCH', `/categories/${category.id}`, { name: 'Spam' }],
      ['DELETE', `/categories/${category.id}`],
      ['PATCH', `/tickets/${mine.id}`, { assigneeId: customer.user.id }],
      ['PATCH', `/tickets/${mine.id}`, { status: 'RESOLVED' }],
      ['POST', `/tickets/${mine.id}/comments`, { body: 'psst', internal: true }],
    ];
    for (const [method, path, body] of forbidden) {
      expect((await api(method, path, { token, body })).status, `${method} ${path}`).toBe(403);
    }
    // Another customer's ticket does not exist for them, and lists only hold their own.
    expect((await api('GET', `/tickets/${theirs.id}`, { token })).status).toBe(404);
    const list = await api('GET', '/tickets?limit=100', { token });
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([mine.id]);
  });
});

test('the console is served with its own strict Content-Security-Policy, and unknown paths get a 404 page', async ({ request }) => {
  const inbox = await request.get('/admin/inbox');
  expect(inbox.status()).toBe(200);
  const csp = inbox.headers()['content-security-policy']!;
  expect(csp).toContain("script-src 'self' 'unsafe-inline'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  const api = await request.get('/api/health');
  const scriptSrc = (api.headers()['content-security-policy'] ?? '').split(';').find((d) => d.trim().startsWith('script-src '));
  expect(scriptSrc?.trim()).toBe("script-src 'self'"); // everything outside /admin keeps the strict default
  const missing = await request.get('/admin/no-such-page');
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain('not part of the console');
  const slash = await request.get('/admin/inbox/?q=x', { maxRedirects: 0 });
  expect(slash.status()).toBe(308);
  expect(slash.headers()['location']).toBe('/admin/inbox?q=x');
});
