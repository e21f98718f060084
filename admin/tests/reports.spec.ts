import { expect, test, unique } from './fixtures';

test('the overview reports by date range and agent, and exports the same report as CSV', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const customer = await deskline.registerCustomer('Rita Report');
  const ticket = await deskline.createTicket(customer.token, { subject: `Report me ${unique()}` });
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { assigneeId: admin.user.id } })).status).toBe(200);
  expect((await api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: 'On it.' } })).status).toBe(201);
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'RESOLVED' } })).status).toBe(200);
  const expected = (await api('GET', `/stats/report?agentId=${admin.user.id}`, { token: admin.token })).body;

  await signIn();
  await page.goto('/admin/overview');
  const reports = page.getByTestId('reports');
  await expect(reports.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await reports.getByTestId('report-agent').selectOption(admin.user.id);
  await expect(reports.getByTestId('report-created')).toHaveText(String(expected.total.created));
  await expect(reports.getByTestId('report-agents').getByRole('row', { name: new RegExp(admin.user.name) })).toBeVisible();
  await expect(reports.getByTestId('report-days').locator('li')).toHaveCount(30);

  // A window with nothing in it says so.
  await reports.getByTestId('report-from').fill('2020-01-01');
  await reports.getByTestId('report-to').fill('2020-01-31');
  await expect(reports.getByTestId('report-created')).toHaveText('0');
  await expect(reports.getByTestId('report-satisfaction')).toHaveText('—');

  const downloading = page.waitForEvent('download');
  await reports.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('deskline-report-2020-01-01-to-2020-01-31.csv');
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString('utf8').split('\r\n');
  expect(lines[0]).toMatch(/^group,key,name,created,/);
  expect(lines[1]).toBe('total,2020-01-01..2020-01-31,All tickets,0,0,,,0,,,0,,');
  expect(lines.filter((l) => l.startsWith('day,'))).toHaveLength(31);
});
