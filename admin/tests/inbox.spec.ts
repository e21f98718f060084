import { expect, test, unique } from './fixtures';

const titleCount = (title: string) => Number(/^\((\d+)\)/.exec(title)?.[1] ?? 0);

test('a ticket a customer opens appears live with a notification, a tab count and unread markers', async ({ page, signIn, deskline }) => {
  await signIn();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('ticket-row').first().or(page.getByText('No tickets yet'))).toBeVisible();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  // The tab counts what is unread: once the console has read that from the server.
  const atStart = await deskline.api('GET', '/messages/unread-count', { token: deskline.admin.token });
  const before: number = atStart.body.total;
  await expect.poll(async () => titleCount(await page.title())).toBe(before);

  const customer = await deskline.registerCustomer('Nina Newcomer');
  const subject = `Printer shows error E42 ${unique()}`;
  const ticket = await deskline.createTicket(customer.token, { subject, priority: 'HIGH' });

  const row = page.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Nina Newcomer');
  await expect(row.locator('[data-priority="HIGH"]')).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: `New ticket #${ticket.number}` })).toContainText(subject);
  await expect.poll(async () => titleCount(await page.title())).toBe(before + 1);

  // A chat message from the customer: unread badge on the row, a notification, the tab count.
  expect((await deskline.api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'Is anyone there?' } })).status).toBe(201);
  await expect(row.getByTestId('unread-cell')).toHaveText('1');
  await expect(page.getByTestId('toast').filter({ hasText: 'New message from Nina Newcomer' })).toContainText('Is anyone there?');
  await expect.poll(async () => titleCount(await page.title())).toBe(before + 2);

  // A change made elsewhere shows up in the row.
  await deskline.api('PATCH', `/tickets/${ticket.id}`, { token: deskline.admin.token, body: { status: 'IN_PROGRESS' } });
  await expect(row.locator('[data-status="IN_PROGRESS"]')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // Opening the ticket reads the message: the unread mark and the tab count go down.
  await row.getByRole('link', { name: subject }).click();
  await expect(page.getByTestId('chat-message').filter({ hasText: 'Is anyone there?' })).toBeVisible();
  await expect.poll(async () => titleCount(await page.title())).toBe(before);
  const unread = await deskline.api('GET', '/messages/unread-count', { token: deskline.admin.token });
  expect(unread.body.byTicket[ticket.id]).toBeUndefined();
});

test('filters and search narrow the list, live in the URL, and survive a reload', async ({ page, signIn, deskline }) => {
  const tag = unique('filter');
  const customer = await deskline.registerCustomer('Filip Filter');
  const alpha = await deskline.createTicket(customer.token, { subject: `${tag} alpha invoice`, priority: 'HIGH', category: 'billing' });
  await deskline.createTicket(customer.token, { subject: `${tag} beta login`, priority: 'LOW', category: 'technical' });
  const gamma = await deskline.createTicket(customer.token, { subject: `Gamma crash`, description: `Only the description mentions ${tag}`, priority: 'HIGH', category: 'technical' });
  await deskline.api('PATCH', `/tickets/${gamma.id}`, { token: deskline.admin.token, body: { status: 'RESOLVED' } });
  await deskline.api('PATCH', `/tickets/${alpha.id}`, { token: deskline.admin.token, body: { assigneeId: deskline.admin.user.id } });

  await signIn();
  const rows = page.getByTestId('ticket-row');
  const toolbar = page.getByRole('search');
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  await expect(rows).toHaveCount(3); // subject or description

  await toolbar.getByRole('button', { name: /Priority/ }).click();
  await page.getByRole('group', { name: 'Priority' }).getByLabel('High').check();
  await expect(page).toHaveURL(/priority=HIGH/);
  await expect(rows).toHaveCount(2);

  await toolbar.getByRole('button', { name: /Status/ }).click();
  await page.getByRole('group', { name: 'Status' }).getByLabel('Resolved').check();
  await expect(page).toHaveURL(/status=RESOLVED/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Gamma crash');

  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Gamma crash');
  await expect(page.getByRole('searchbox', { name: 'Search tickets' })).toHaveValue(tag);
  await expect(toolbar.getByRole('button', { name: /Status/ })).toContainText('Resolved');
  await expect(toolbar.getByRole('button', { name: /Priority/ })).toContainText('High');

  // The same view from a shared link, then other filters: category and assignee.
  await page.goto(`/admin/inbox?q=${tag}&category=technical`);
  await expect(page.getByRole('combobox', { name: 'Category' })).toHaveValue('technical');
  await expect(rows).toHaveCount(2);
  await page.getByRole('combobox', { name: 'Category' }).selectOption('');
  await page.getByRole('combobox', { name: 'Assignee' }).selectOption('me');
  await expect(page).toHaveURL(/assignee=me/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${tag} alpha invoice`);
  await page.getByRole('combobox', { name: 'Assignee' }).selectOption('none');
  await expect(rows).toHaveCount(2);

  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/admin\/inbox$/);
  await expect(page.getByRole('searchbox', { name: 'Search tickets' })).toHaveValue('');
});

test('a search applied with Enter, then a result opened at once, stays on that ticket', async ({ page, signIn, deskline }) => {
  const tag = unique('enter');
  const customer = await deskline.registerCustomer('Esme Enter');
  const ticket = await deskline.createTicket(customer.token, { subject: `${tag} wifi drops` });

  await signIn();
  const row = page.getByTestId('ticket-row').filter({ hasText: tag });
  await expect(row).toHaveCount(1);
  // Enter applies the search at once; the pause that applies typed text must not apply it again
  // later, taking the agent back to the inbox from the ticket they opened.
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(tag);
  await page.getByRole('searchbox', { name: 'Search tickets' }).press('Enter');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/admin/ticket\\?id=${ticket.id}`));
  await expect(page.getByTestId('ticket-subject')).toHaveText(`${tag} wifi drops`);
  // Longer than that pause (300 ms).
  await page.waitForTimeout(800);
  await expect(page).toHaveURL(new RegExp(`/admin/ticket\\?id=${ticket.id}`));
});

test('what is typed while a search is on its way stays in the box, and is searched next', async ({ page, signIn, deskline }) => {
  const tag = unique('slow');
  const customer = await deskline.registerCustomer('Sol Slow');
  await deskline.createTicket(customer.token, { subject: `${tag} refund card` });
  await deskline.createTicket(customer.token, { subject: `${tag} refund cash` });

  await signIn();
  // A slow connection: the console's page data for the first search arrives only as the agent
  // types on, within the pause that would apply the rest.
  let requested!: () => void;
  const searchRequested = new Promise<void>((resolve) => (requested = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/admin\/inbox\.txt\?/, async (route) => {
    requested();
    await released;
    await route.continue();
  });
  const box = page.getByRole('searchbox', { name: 'Search tickets' });
  await box.fill(`${tag} refund`);
  await searchRequested; // the pause ended and that search is on its way
  await box.press('End');
  await box.pressSequentially(' card');
  release();
  await expect(page).toHaveURL(new RegExp(`q=${tag}\\+refund\\+card`));
  await expect(box).toHaveValue(`${tag} refund card`);
  await expect(page.getByTestId('ticket-row')).toHaveCount(1);
});

test('pages through a long list with a cursor kept in the URL, and sorts by priority', async ({ page, signIn, deskline }) => {
  const tag = unique('page');
  const customer = await deskline.registerCustomer('Paula Pager');
  const priorities = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
  for (let i = 0; i < 27; i++) {
    await deskline.createTicket(customer.token, { subject: `${tag} number ${i}`, priority: priorities[i % 4] });
  }
  await signIn();
  await page.goto(`/admin/inbox?q=${tag}`);
  const rows = page.getByTestId('ticket-row');
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText(`${tag} number 26`);

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(`${tag} number 1`);
  await page.reload();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: /First page|Previous/ }).click();
  await expect(rows).toHaveCount(25);
  await expect(page).not.toHaveURL(/cursor=/);

  const priorityHeader = page.getByRole('columnheader', { name: 'Priority' });
  await priorityHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=-priority/);
  await expect(priorityHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first().locator('[data-priority]')).toHaveAttribute('data-priority', 'URGENT');
  await priorityHeader.getByRole('button').click();
  await expect(page).toHaveURL(/sort=priority/);
  await expect(rows.first().locator('[data-priority]')).toHaveAttribute('data-priority', 'LOW');

  // j / k move through the list, Enter opens the selected ticket.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  const second = await rows.nth(1).getAttribute('data-ticket-id');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/admin/ticket\\?id=${second}`));
});

test("an internal note moves its ticket up the inbox's last-activity order, live, and not the customer's", async ({ page, signIn, deskline }) => {
  const tag = unique('activity');
  const customer = await deskline.registerCustomer('Olga Order');
  const older = await deskline.createTicket(customer.token, { subject: `${tag} older` });
  const newer = await deskline.createTicket(customer.token, { subject: `${tag} newer` });
  const customerOrder = async () =>
    ((await deskline.api('GET', '/tickets?sort=-updatedAt', { token: customer.token })).body.items as { id: string }[]).map((t) => t.id);
  expect(await customerOrder()).toEqual([newer.id, older.id]);

  await signIn();
  // A search ranks by relevance; the last-activity order is chosen in the link.
  await page.goto(`/admin/inbox?q=${tag}&sort=-activityAt`);
  const rows = page.getByTestId('ticket-row');
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('columnheader', { name: 'Last activity' })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toContainText(`${tag} newer`);

  const note = await deskline.api('POST', `/tickets/${older.id}/comments`, { token: deskline.admin.token, body: { body: 'Checked the logs', internal: true } });
  expect(note.status).toBe(201);
  await expect(rows.first()).toContainText(`${tag} older`);
  const { activityAt } = (await deskline.api('GET', `/tickets/${older.id}`, { token: deskline.admin.token })).body;
  await expect(rows.first().locator('time')).toHaveAttribute('datetime', activityAt);
  expect(await customerOrder()).toEqual([newer.id, older.id]);
});
