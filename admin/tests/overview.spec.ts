import { expect, test, unique } from './fixtures';

test('the overview shows the server’s counts and medians, and follows new tickets live', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  await signIn();
  await page.goto('/admin/overview');
  const stats = (await api('GET', '/stats/overview', { token: admin.token })).body;
  const value = (status: string) => page.getByTestId(`stat-${status}`).getByTestId('stat-value');
  for (const status of ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED']) {
    await expect(value(status)).toHaveText(String(stats.byStatus[status] ?? 0));
  }
  await expect(page.getByTestId('median-first-response')).toHaveText(/^(—|< 1m|\d+[mhd].*)$/);

  const customer = await deskline.registerCustomer();
  const ticket = await deskline.createTicket(customer.token, { subject: `Overview counts me ${unique()}` });
  await expect(value('OPEN')).toHaveText(String((stats.byStatus.OPEN ?? 0) + 1));

  // A staff reply makes a first response; the median appears from the server's figures.
  await api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'On it.' } });
  await page.reload();
  await expect(page.getByTestId('median-first-response')).not.toHaveText('—');
});
