import { expect, test, unique } from './fixtures';

test("the ticket's timeline shows who changed what, interleaved with replies, and live", async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const customer = await deskline.registerCustomer('Hana History');
  const ticket = await deskline.createTicket(customer.token, { subject: `Order never arrived ${unique()}`, category: 'billing' });
  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  await expect(page.getByTestId('ticket-view')).toBeVisible();

  // A change made here is recorded, and shown with its values before and after.
  await page.getByTestId('status-select').selectOption('IN_PROGRESS');
  const events = page.getByTestId('history-event');
  await expect(events.filter({ hasText: 'changed status' })).toContainText(`${admin.user.name} changed status Open → In progress`);

  // A reply, then a change made elsewhere (another agent's console) arrives live, in time order.
  expect((await api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'Looking into it now.' } })).status).toBe(201);
  await expect(page.getByTestId('reply').filter({ hasText: 'Looking into it now.' })).toBeVisible();
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { priority: 'URGENT', assigneeId: admin.user.id } })).status).toBe(200);
  await expect(events.filter({ hasText: 'changed priority' })).toContainText('Medium → Urgent');
  await expect(events.filter({ hasText: 'assigned the ticket' })).toContainText(`nobody → ${admin.user.name}`);
  const order = await page
    .getByTestId('timeline')
    .locator(':scope > li')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-field') ?? li.getAttribute('data-testid')));
  expect(order).toEqual(['status', 'reply', 'priority', 'assignee']);

  // Reloaded, the history comes from the server in the same order.
  await page.reload();
  await expect(page.getByTestId('history-event')).toHaveCount(3);
});
