// The team's tools in the console: saved replies inserted with "/", labels set and filtered, and
// bulk actions on several tickets, against the real server.
import { expect, test, unique } from './fixtures';
import { expectAccessible } from './axe';

test('typing "/" in a composer inserts a saved reply with its variables filled, by keyboard', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const title = `Refund policy ${unique()}`;
  const saved = await api('POST', '/saved-replies', {
    token: admin.token,
    body: { title, body: 'Hi {{customer.name}}, ticket #{{ticket.number}} is refunded. {{agent.name}}', shared: true },
  });
  expect(saved.status).toBe(201);
  const customer = await deskline.registerCustomer('Dana Refund');
  const ticket = await deskline.createTicket(customer.token, { subject: `Refund please ${unique()}` });

  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  await expect(page.getByTestId('ticket-subject')).toHaveText(ticket.subject);
  const composer = page.locator('#composer-body');
  await composer.click();
  // The list opens at "/" and narrows as the word after it is typed (a space ends the word).
  await composer.pressSequentially('Thanks! /refund');
  const list = page.getByRole('listbox', { name: 'Saved replies' });
  await expect(list.getByRole('option', { name: new RegExp(title) })).toBeVisible();
  await expectAccessible(page);
  // Escape closes the list and leaves the text; typing on reopens it.
  await composer.press('Escape');
  await expect(list).toBeHidden();
  await expect(composer).toBeFocused();
  await composer.press('Backspace');
  await expect(list).toBeVisible();
  await composer.press('ArrowDown');
  await composer.press('ArrowUp');
  await composer.press('Enter');
  await expect(list).toBeHidden();
  const me = (await api('GET', '/auth/me', { token: admin.token })).body;
  await expect(composer).toHaveValue(`Thanks! Hi Dana Refund, ticket #${ticket.number} is refunded. ${me.user.name}`);

  // The chat composer offers the same list.
  const chat = page.locator('#chat-body');
  await chat.click();
  await chat.pressSequentially('/refund');
  await expect(page.getByRole('listbox', { name: 'Saved replies' })).toBeVisible();
  await chat.press('Enter');
  await expect(chat).toHaveValue(`Hi Dana Refund, ticket #${ticket.number} is refunded. ${me.user.name}`);
});

test('labels are set on a ticket and the inbox filters by them', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const name = `VIP ${unique()}`;
  const label = (await api('POST', '/labels', { token: admin.token, body: { name, color: '#be123c' } })).body;
  const customer = await deskline.registerCustomer('Vera Important');
  const prefix = unique('labelled');
  const tagged = await deskline.createTicket(customer.token, { subject: `${prefix} tagged` });
  const plain = await deskline.createTicket(customer.token, { subject: `${prefix} plain` });

  await signIn();
  await page.goto(`/admin/ticket?id=${tagged.id}`);
  await expect(page.getByTestId('ticket-subject')).toHaveText(tagged.subject);
  await page.getByTestId('ticket-labels').getByRole('button', { name: /Labels/ }).click();
  await page.getByRole('group', { name: 'Labels' }).getByRole('checkbox', { name }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ticket-labels').getByTestId('label-chip').filter({ hasText: name })).toBeVisible();
  await expect.poll(async () => (await api('GET', `/tickets/${tagged.id}`, { token: admin.token })).body.labels.map((l: { id: string }) => l.id)).toEqual([label.id]);

  await page.goto(`/admin/inbox?q=${prefix}`);
  await expect(page.getByTestId('ticket-row')).toHaveCount(2);
  await expect(page.getByTestId('ticket-row').filter({ hasText: 'tagged' }).getByTestId('label-chip')).toHaveText(name);
  await page.getByTestId('label-filter').selectOption({ label: name });
  await expect(page).toHaveURL(new RegExp(`label=${label.id}`));
  await expect(page.getByTestId('ticket-row')).toHaveCount(1);
  await expect(page.getByTestId('ticket-row')).toContainText(tagged.subject);
  await expect(page.getByTestId('ticket-row').filter({ hasText: plain.subject })).toHaveCount(0);
});

test('three tickets are closed at once from the inbox, selected by keyboard', async ({ page, signIn, deskline }) => {
  const customer = await deskline.registerCustomer('Bulk Customer');
  const prefix = unique('bulk');
  const tickets = [];
  for (const n of [1, 2, 3]) tickets.push(await deskline.createTicket(customer.token, { subject: `${prefix} number ${n}` }));
  const other = await deskline.createTicket(customer.token, { subject: `${prefix} stays open` });

  await signIn();
  await page.goto(`/admin/inbox?q=${prefix}`);
  await expect(page.getByTestId('ticket-row')).toHaveCount(4);
  for (const ticket of tickets) {
    const box = page.getByRole('checkbox', { name: `Select #${ticket.number} ${ticket.subject}` });
    await box.focus();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('3 tickets selected');
  await expectAccessible(page);
  await bar.getByRole('button', { name: 'Close 3 tickets' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: '3 tickets closed' })).toBeVisible();
  for (const ticket of tickets) {
    await expect.poll(async () => (await deskline.api('GET', `/tickets/${ticket.id}`, { token: deskline.admin.token })).body.status).toBe('CLOSED');
  }
  expect((await deskline.api('GET', `/tickets/${other.id}`, { token: deskline.admin.token })).body.status).toBe('OPEN');
  await expect(bar).toBeHidden();

  // "Select all" checks every row on the page.
  await page.getByRole('checkbox', { name: 'Select every ticket on this page' }).check();
  await expect(bar).toContainText('4 tickets selected');
});

test('on a phone, cards are selected by their own boxes and changed at once, without opening them', async ({ page, signIn, deskline }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const customer = await deskline.registerCustomer('Phone Bulk Customer');
  const prefix = unique('phonebulk');
  const tickets = [];
  for (const n of [1, 2]) tickets.push(await deskline.createTicket(customer.token, { subject: `${prefix} number ${n}` }));
  const other = await deskline.createTicket(customer.token, { subject: `${prefix} stays unassigned` });

  await signIn();
  await page.goto(`/admin/inbox?q=${prefix}`);
  await expect(page.getByTestId('ticket-row')).toHaveCount(3);
  for (const ticket of tickets) {
    const box = page.getByRole('checkbox', { name: `Select #${ticket.number} ${ticket.subject}` });
    await box.click();
    await expect(box).toBeChecked();
  }
  // Still the inbox: a box is not the card's link.
  await expect(page).toHaveURL(/\/admin\/inbox/);
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 tickets selected');
  await expectAccessible(page);
  await bar.getByLabel('Assign selected tickets').selectOption({ label: deskline.admin.user.name });
  await expect(page.getByTestId('toast').filter({ hasText: '2 tickets assigned' })).toBeVisible();
  for (const ticket of tickets) {
    await expect.poll(async () => (await deskline.api('GET', `/tickets/${ticket.id}`, { token: deskline.admin.token })).body.assignee?.id).toBe(deskline.admin.user.id);
  }
  expect((await deskline.api('GET', `/tickets/${other.id}`, { token: deskline.admin.token })).body.assignee).toBeNull();
  await expect(bar).toBeHidden();
});
