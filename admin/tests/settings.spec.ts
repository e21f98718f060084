import { createHmac } from 'node:crypto';
import { expectAccessible } from './axe';
import { expect, test, unique } from './fixtures';

test('categories: created with inline validation, renamed, and a refused delete is explained', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  await signIn();
  await page.goto('/admin/settings/categories');
  const form = page.getByRole('region', { name: 'New category' });
  await form.getByRole('button', { name: 'Create category' }).click();
  await expect(form.locator('#category-name-error')).toHaveText(/must not be empty/);
  const slug = unique('returns');
  await form.getByLabel('Name').fill('Returns');
  await form.getByLabel('Slug').fill('Not A Slug');
  await form.getByRole('button', { name: 'Create category' }).click();
  await expect(form.locator('#category-slug-error')).toContainText('lower-case words joined by hyphens');
  await form.getByLabel('Slug').fill(slug);
  await form.getByLabel('Description').fill('Sending things back');
  await form.getByRole('button', { name: 'Create category' }).click();
  const row = page.locator(`[data-testid="category-row"][data-slug="${slug}"]`);
  await expect(row).toContainText('Returns');
  await expect(row).toContainText('Sending things back');

  await row.getByRole('button', { name: 'Rename Returns' }).click();
  const edit = page.getByRole('form', { name: 'Rename Returns' });
  await edit.getByLabel('Name').fill('Returns & refunds');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('Returns & refunds');
  const categories = (await api('GET', '/categories')).body as { slug: string; name: string }[];
  expect(categories.find((c) => c.slug === slug)?.name).toBe('Returns & refunds');

  // A ticket files under it: deleting is refused (409), and the dialog says why and what to do.
  const customer = await deskline.registerCustomer();
  const ticket = await deskline.createTicket(customer.token, { subject: `Return label missing ${unique()}`, category: slug });
  await row.getByRole('button', { name: 'Delete Returns & refunds' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Delete category' }).click();
  await expect(dialog.getByTestId('category-in-use')).toContainText('cannot be deleted while tickets are filed under it');
  await expect(dialog.getByTestId('category-in-use')).toContainText('1 ticket(s) use this category');
  await dialog.getByRole('link', { name: /Show the tickets/ }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/inbox\\?category=${slug}`));
  await expect(page.getByTestId('ticket-row')).toHaveCount(1);
  await expect(page.getByTestId('ticket-row')).toContainText(ticket.subject);

  // Once the ticket moves elsewhere, the delete goes through.
  await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { category: 'general' } });
  await page.goto('/admin/settings/categories');
  await row.getByRole('button', { name: 'Delete Returns & refunds' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete category' }).click();
  await expect(row).toHaveCount(0);
  expect(((await api('GET', '/categories')).body as { slug: string }[]).some((c) => c.slug === slug)).toBe(false);
});

test('sites: created with checked origins, live theme preview, snippet to copy, identity secret revealed and rotated', async ({ page, context, signIn, deskline }) => {
  const { api, admin, url } = deskline;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  await signIn();
  await page.goto('/admin/settings/sites');
  await page.getByRole('button', { name: 'New site' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New site' });
  await dialog.getByLabel('Allowed origins').fill('ftp://files.example.com');
  await dialog.getByRole('button', { name: 'Create site' }).click();
  await expect(dialog.locator('#new-site-name-error')).toHaveText(/must not be empty/);
  await expect(dialog.locator('#new-site-origins-error')).toContainText('must be an origin such as https://www.example.com');

  const name = `Shop ${unique()}`;
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Allowed origins').fill('https://Shop.Example.com:443/\nhttps://*.example.org');
  await dialog.getByLabel('Colour', { exact: true }).fill('#ff0066');
  await dialog.getByRole('button', { name: 'Create site' }).click();
  await expect(dialog).toBeHidden();

  const detail = page.getByTestId('site-detail');
  await expect(detail.getByRole('heading', { name })).toBeVisible();
  const site = ((await api('GET', '/sites?limit=100', { token: admin.token })).body.items as any[]).find((s) => s.name === name);
  expect(site.allowedOrigins).toEqual(['https://shop.example.com', 'https://*.example.org']);
  expect(site.theme.color).toBe('#ff0066');
  await expect(page).toHaveURL(new RegExp(`site=${site.id}`));

  // The snippet, exactly as documented, and its copy button.
  const snippet = `<script async src="${url}/widget.js" data-site-key="${site.siteKey}"></script>`;
  await expect(detail.getByTestId('site-snippet')).toHaveText(snippet);
  await detail.getByRole('button', { name: 'Copy HTML' }).click();
  await expect(detail.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

  // The preview follows the form before saving; saving stores it.
  const settings = page.getByRole('form', { name: 'Site settings' });
  await expect(settings.getByLabel('Allowed origins')).toHaveValue('https://shop.example.com\nhttps://*.example.org');
  await settings.getByLabel('Greeting').fill('Ahoy! Ask us anything.');
  await expect(page.getByTestId('preview-greeting')).toHaveText('Ahoy! Ask us anything.');
  await settings.getByLabel('Colour', { exact: true }).fill('#0f766e');
  await expect(page.getByTestId('preview-launcher')).toHaveAttribute('data-color', '#0f766e');
  await settings.getByText('Bottom left').click();
  await expect(page.getByTestId('preview-launcher')).toHaveClass(/left-4/);
  await settings.getByLabel('Allowed origins').fill('https://shop.example.com\nshop.example.net/path');
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('alert').first()).toContainText('“shop.example.net/path” must be an origin');
  await settings.getByLabel('Allowed origins').fill('https://shop.example.com');
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await expect
    .poll(async () => ((await api('GET', '/sites?limit=100', { token: admin.token })).body.items as any[]).find((s) => s.id === site.id).theme)
    .toEqual({ color: '#0f766e', position: 'left', greeting: 'Ahoy! Ask us anything.', mode: 'light' });

  // Starting by typing: where those tickets go, and whether the full form is required instead.
  await settings.getByLabel('Default category').selectOption({ label: 'Billing' });
  await settings.getByLabel(/Require the full form/).check();
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await expect
    .poll(async () => {
      const saved = ((await api('GET', '/sites?limit=100', { token: admin.token })).body.items as any[]).find((s) => s.id === site.id);
      return { defaultCategory: saved.defaultCategory, requireTicketForm: saved.requireTicketForm };
    })
    .toEqual({ defaultCategory: 'billing', requireTicketForm: true });
  await expect(settings.getByLabel('Default category')).toHaveValue('billing');
  await expect(settings.getByLabel(/Require the full form/)).toBeChecked();

  // Identity: the secret stays hidden until revealed; rotating replaces it and refuses old signatures.
  const secret = detail.getByTestId('identity-secret');
  await expect(secret).not.toContainText(site.identitySecret);
  await detail.getByRole('button', { name: 'Reveal' }).click();
  await expect(secret).toHaveText(site.identitySecret);
  await expect(detail.getByTestId('signing-snippet')).toContainText("createHmac('sha256', process.env.DESKLINE_IDENTITY_SECRET)");
  await expect(detail.getByTestId('signing-snippet')).toContainText(".digest('hex')");
  await detail.getByRole('button', { name: 'Rotate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
  await expect(secret).not.toHaveText(site.identitySecret);
  const rotated = (await secret.textContent())!.trim();
  expect(rotated).toMatch(/\S{16,}/);

  // What the snippet's recipe produces is what the server checks, with the new secret only.
  const session = (key: string) =>
    fetch(`${url}/api/widget/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example.com' },
      body: JSON.stringify({ siteKey: site.siteKey, identity: { externalId: 'user-42', signature: createHmac('sha256', key).update('user-42').digest('hex') } }),
    }).then((r) => r.status);
  expect(await session(site.identitySecret)).toBe(401);
  expect(await session(rotated)).toBe(200);
});

test('sites: on a phone, many sites scroll sideways in their own row, and the page stays as wide as the phone', async ({ page, signIn, deskline }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (let i = 0; i < 10; i++) {
    const site = await deskline.api('POST', '/sites', { token: deskline.admin.token, body: { name: `Phone row ${unique()}`, allowedOrigins: ['https://phone.example'] } });
    expect(site.status).toBe(201);
  }
  await signIn();
  await page.goto('/admin/settings/sites');
  const row = page.getByRole('navigation', { name: 'Sites' }).getByRole('list');
  await expect(row.getByRole('listitem').nth(9)).toBeAttached();
  const widths = await row.evaluate((list) => {
    let page: Element | null = list.parentElement;
    while (page && getComputedStyle(page).overflowY !== 'auto') page = page.parentElement;
    return { row: list.scrollWidth, rowShown: list.clientWidth, page: page!.scrollWidth, pageShown: page!.clientWidth };
  });
  // The settings page does not scroll sideways under the thumb; the row of sites does.
  expect(widths.page).toBeLessThanOrEqual(widths.pageShown);
  expect(widths.pageShown).toBeLessThanOrEqual(390);
  expect(widths.row).toBeGreaterThan(widths.rowShown);
  // The last site in the row is reached and opens.
  const last = row.getByRole('button').last();
  await last.click();
  await expect(last).toHaveAttribute('aria-current', 'true');
  await expect(last).toBeInViewport();
});

test('sites: business hours with a lunch break, kept through other saves; the widget is away outside them', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const name = `Hours ${unique()}`;
  const created = await api('POST', '/sites', { token: admin.token, body: { name, allowedOrigins: ['https://hours.example'] } });
  const site = created.body;
  const saved = async () => ((await api('GET', '/sites?limit=100', { token: admin.token })).body.items as any[]).find((s) => s.id === site.id);
  await signIn();
  await page.goto(`/admin/settings/sites?site=${site.id}`);
  const settings = page.getByRole('form', { name: 'Site settings' });
  await settings.getByLabel(/Only during business hours/).check();
  await settings.getByLabel('Time zone').fill('Europe/Paris');

  // Monday: a morning and an afternoon; Wednesday closed; Saturday opened.
  const monday = settings.getByRole('group', { name: 'Monday' });
  await monday.getByLabel('Monday closes').fill('12:00');
  await monday.getByRole('button', { name: 'Add hours on Monday' }).click();
  await expect(monday.getByLabel('Monday opens, range 2')).toHaveValue('13:00');
  await monday.getByLabel('Monday opens, range 2').fill('13:30');
  await monday.getByLabel('Monday closes, range 2').fill('18:00');
  const wednesday = settings.getByRole('group', { name: 'Wednesday' });
  await wednesday.getByRole('button', { name: "Remove Wednesday's hours" }).click();
  await expect(wednesday).toContainText('Closed');
  await settings.getByRole('group', { name: 'Saturday' }).getByRole('button', { name: 'Add hours on Saturday' }).click();
  await expect(settings.getByLabel('Saturday opens')).toHaveValue('09:00');
  await settings.getByLabel('Saturday closes').fill('13:00');
  await expectAccessible(page);
  // A range closing before it opens is refused in place, with a plain message.
  await settings.getByLabel('Friday closes').fill('08:00');
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('alert').filter({ hasText: 'each range closes after it opens' })).toBeVisible();
  await settings.getByLabel('Friday closes').fill('17:00');
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  const week = {
    mon: [
      { open: '09:00', close: '12:00' },
      { open: '13:30', close: '18:00' },
    ],
    tue: [{ open: '09:00', close: '17:00' }],
    wed: [],
    thu: [{ open: '09:00', close: '17:00' }],
    fri: [{ open: '09:00', close: '17:00' }],
    sat: [{ open: '09:00', close: '13:00' }],
    sun: [],
  };
  await expect.poll(async () => (await saved()).businessHours).toEqual({ timeZone: 'Europe/Paris', week });

  // Opened again, every range is there, and saving another setting keeps them all.
  await page.reload();
  await expect(settings.getByLabel('Monday closes, range 2')).toHaveValue('18:00');
  await settings.getByRole('textbox', { name: /^Away message/ }).fill('Back after lunch.');
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await expect.poll(async () => (await saved()).awayMessage).toBe('Back after lunch.');
  expect((await saved()).businessHours.week).toEqual(week);

  // Closed all week: the widget's config says so, with the away message.
  for (const day of ['Monday', 'Tuesday', 'Thursday', 'Friday', 'Saturday']) {
    const group = settings.getByRole('group', { name: day });
    while ((await group.getByRole('button', { name: /^Remove / }).count()) > 0) await group.getByRole('button', { name: /^Remove / }).first().click();
  }
  await settings.getByRole('button', { name: 'Save changes' }).click();
  await expect(settings.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  await expect.poll(async () => (await api('GET', `/widget/config?siteKey=${site.siteKey}`)).body).toMatchObject({ outsideHours: true, awayMessage: 'Back after lunch.' });
});

test('users: an admin is added with inline validation, can sign in, and is disabled and enabled again', async ({ page, signIn, deskline }) => {
  const { api } = deskline;
  await signIn();
  await page.goto('/admin/settings/users');
  const form = page.getByRole('form', { name: 'Add a team member' });
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Initial password').fill('short');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.locator('#user-name-error')).toHaveText(/must not be empty/);
  await expect(form.locator('#user-email-error')).toContainText('valid email');
  await expect(form.locator('#user-password-error')).toContainText('at least 8 characters');

  const email = `${unique('dana')}@team.example`;
  await form.getByLabel('Name').fill('Dana Admin');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Initial password').fill('dana-password');
  await expect(form.getByLabel('Role')).toHaveValue('ADMIN');
  await form.getByRole('button', { name: 'Add account' }).click();
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row).toContainText('Dana Admin');
  await expect(row.getByTestId('user-status')).toHaveText('Active');
  const dana = await deskline.login(email, 'dana-password');
  expect(dana.user.role).toBe('ADMIN');

  // The same email again is refused by the server, shown on the form.
  await form.getByLabel('Name').fill('Dana Again');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Initial password').fill('dana-password');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(form.locator('#user-email-error')).toHaveText('An account with this email already exists');

  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable account' }).click();
  await expect(row.getByTestId('user-status')).toHaveText('Disabled');
  expect((await api('GET', '/auth/me', { token: dana.token })).status).toBe(401);
  expect((await api('POST', '/auth/login', { body: { email, password: 'dana-password' } })).status).not.toBe(200);

  await row.getByRole('button', { name: 'Enable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enable account' }).click();
  await expect(row.getByTestId('user-status')).toHaveText('Active');
  expect((await api('POST', '/auth/login', { body: { email, password: 'dana-password' } })).status).toBe(200);
  // Nobody can disable themselves from here.
  await expect(page.locator('[data-testid="user-row"]').filter({ hasText: '(you)' }).getByRole('button', { name: 'Disable' })).toHaveCount(0);
});

test('users: a "Load more" page that arrives after the list moved on to another tab is left out', async ({ page, signIn, deskline }) => {
  const prefix = unique('pager');
  // One more than a page (50) of customers that a search finds together.
  await Promise.all(Array.from({ length: 51 }, (_, i) => deskline.registerCustomer(`${prefix} ${String(i).padStart(2, '0')}`)));
  await signIn();
  await page.goto('/admin/settings/users');
  const users = page.getByRole('region', { name: 'Users' });
  await users.getByRole('tab', { name: 'Customers' }).click();
  await users.getByRole('searchbox', { name: 'Search users' }).fill(prefix);
  await users.getByRole('searchbox', { name: 'Search users' }).press('Enter');
  await expect(page.getByTestId('user-row')).toHaveCount(50);

  // The next page is slow to come; meanwhile the admin moves on to the team.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let answered!: () => void;
  const landed = new Promise<void>((resolve) => (answered = resolve));
  await page.route(/\/api\/users\?.*cursor=/, async (route) => {
    await held;
    await route.continue();
    answered();
  });
  await users.getByRole('button', { name: 'Load more' }).click();
  await users.getByRole('tab', { name: 'Team' }).click();
  // Nobody of the team has that name.
  await expect(users.getByText('Nobody matches that search')).toBeVisible();
  release();
  await landed;
  await page.waitForTimeout(300);
  // Still the team's (empty) list, without the customer the old tab's next page held.
  await expect(page.getByTestId('user-row')).toHaveCount(0);
  await expect(users.getByText('Nobody matches that search')).toBeVisible();
  // And that search, opened again, pages on as it should.
  await page.unroute(/\/api\/users\?.*cursor=/);
  await users.getByRole('tab', { name: 'Customers' }).click();
  await expect(page.getByTestId('user-row')).toHaveCount(50);
  await users.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByTestId('user-row')).toHaveCount(51);
});
