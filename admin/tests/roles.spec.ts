// Agents in the console: they sign in and work tickets like admins, never see the settings, and a
// settings page opened by URL says it is for admins (the server refuses its calls anyway).
import { AGENT_PASSWORD, customerSocket, expect, makeAgent, storeSession, test, unique } from './fixtures';
import { consolePages } from './pages';

test('an agent signs in, works a ticket, sees no settings, and a settings URL shows the refusal', async ({ page, deskline }) => {
  const { api } = deskline;
  const account = await makeAgent(deskline, 'Avery Agent');

  const customer = await deskline.registerCustomer('Quinn Questioner');
  const socket = customerSocket(deskline.url, customer.token);
  try {
    const subject = `Refund not received ${unique()}`;
    const ticket = await deskline.createTicket(customer.token, { subject });
    await socket.client.join(ticket.id);

    await page.goto('/admin/login');
    await page.getByLabel('Email').fill(account.user.email);
    await page.getByLabel('Password').fill(AGENT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/inbox/);

    // The work is there; the settings are not.
    const navigation = page.getByRole('complementary', { name: 'Console navigation' });
    await expect(navigation.getByRole('link', { name: 'Inbox' })).toBeVisible();
    await expect(navigation.getByRole('link', { name: 'Overview' })).toBeVisible();
    for (const name of ['Categories', 'Sites & widget', 'Team & users']) await expect(navigation.getByRole('link', { name })).toHaveCount(0);
    await expect(navigation.getByText('Settings', { exact: true })).toHaveCount(0);

    // Work the ticket: assign it to themself, change its status, note privately, reply.
    await page.getByTestId('ticket-row').filter({ hasText: subject }).getByRole('link').click();
    await expect(page.getByTestId('ticket-subject')).toHaveText(subject);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect(page.getByTestId('assignee-select')).toHaveValue(account.user.id);
    await page.getByTestId('status-select').selectOption('IN_PROGRESS');
    await expect
      .poll(async () => (await api('GET', `/tickets/${ticket.id}`, { token: customer.token })).body)
      .toMatchObject({ status: 'IN_PROGRESS', assignee: { id: account.user.id, name: 'Avery Agent' } });

    const note = `Refund stuck at the bank ${unique()}`;
    const reply = `Your refund is on its way ${unique()}`;
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('n');
    await expect(page.getByLabel('Private note', { exact: true })).toBeFocused();
    await page.keyboard.type(note);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('note').filter({ hasText: note })).toContainText('Private note');
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('r');
    await page.keyboard.type(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByTestId('reply').filter({ hasText: reply })).toBeVisible();
    await expect.poll(() => socket.of('comment:new').map((c) => c.body)).toContain(reply);
    await page.waitForTimeout(500); // a note would have been broadcast by now
    expect(socket.heard.filter((h) => JSON.stringify(h.payload).includes(note))).toEqual([]);

    // A settings page opened by URL explains itself; the server refuses the agent's calls (403).
    await page.goto('/admin/settings/users');
    await expect(page.getByText('Only admins can open settings')).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
    for (const path of ['/users', '/sites']) expect((await api('GET', path, { token: account.token })).status, path).toBe(403);
  } finally {
    socket.close();
  }
});

test('every settings page, opened by URL, is refused to an agent without asking the server, and opens for an admin', async ({ page, browser, deskline }) => {
  const pages = consolePages('settings');
  // The admins' pages as they are today; a new one is covered as soon as it exists.
  expect(pages).toEqual(expect.arrayContaining(['/admin/settings', '/admin/settings/users', '/admin/settings/sites', '/admin/settings/categories']));
  const account = await makeAgent(deskline, 'Rory Refused');
  const refusals: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/') && response.status() === 403) refusals.push(`${response.request().method()} ${response.url()}`);
  });

  await storeSession(page, account);
  for (const url of pages) {
    await page.goto(url);
    await expect(page.getByText('Only admins can open settings'), url).toBeVisible();
    await expect(page.getByRole('main').getByRole('table'), url).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('textbox'), url).toHaveCount(0);
  }
  // The console did not even ask for what the agent may not have.
  expect(refusals).toEqual([]);

  const context = await browser.newContext();
  try {
    const adminPage = await context.newPage();
    await storeSession(adminPage, deskline.admin);
    for (const url of pages) {
      await adminPage.goto(url);
      await expect(adminPage.getByRole('main').getByRole('heading', { level: 1 }), url).toBeVisible();
      await expect(adminPage.getByText('Only admins can open settings'), url).toHaveCount(0);
    }
  } finally {
    await context.close();
  }
});

test('an admin adds an agent from Team & users, and makes a customer an agent from the list', async ({ page, signIn, deskline }) => {
  const { api } = deskline;
  await signIn();
  await page.goto('/admin/settings/users');
  const form = page.getByRole('form', { name: 'Add a team member' });
  const email = `${unique('avery')}@team.example`;
  await form.getByLabel('Name').fill('Avery Added');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Initial password').fill('avery-password');
  await form.getByLabel('Role').selectOption('AGENT');
  await form.getByRole('button', { name: 'Add account' }).click();
  // The Team tab lists agents with admins.
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row.getByLabel('Role of Avery Added')).toHaveValue('AGENT');
  expect((await deskline.login(email, 'avery-password')).user.role).toBe('AGENT');

  const customer = await deskline.registerCustomer('Casey Promoted');
  await page.getByRole('tab', { name: 'Customers' }).click();
  const customerRow = page.locator(`[data-testid="user-row"][data-email="${customer.user.email}"]`);
  await customerRow.getByLabel('Role of Casey Promoted').selectOption('AGENT');
  await expect(page.getByText('Casey Promoted is now an agent')).toBeVisible();
  expect((await api('GET', '/auth/me', { token: customer.token })).body.user.role).toBe('AGENT');
});
