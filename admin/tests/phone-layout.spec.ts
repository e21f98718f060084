// On a phone, every console page fits the screen's width: a page that scrolls sideways under the
// thumb hides its own edges. Long names, many sites and many labels must wrap, truncate or scroll
// in their own row instead.
import { expect, test, unique } from './fixtures';
import { consolePages } from './pages';

test('no console page is wider than a phone, with long names, many sites and many labels', async ({ page, signIn, deskline }) => {
  test.setTimeout(120_000);
  const token = deskline.admin.token;
  const post = async (path: string, body: unknown) => {
    const response = await deskline.api('POST', path, { token, body });
    expect(response.status, path).toBe(201);
    return response.body;
  };
  const labels: string[] = [];
  for (let i = 0; i < 12; i++) {
    await post('/sites', { name: `Storefront ${unique()}`, allowedOrigins: [`https://a-rather-long-storefront-name-${i}.example`] });
    labels.push((await post('/labels', { name: `Escalated ${unique()}`, color: '#0f766e' })).id);
  }
  await post('/categories', { name: `Returns-and-exchanges-for-international-orders-${unique()}` });
  // A customer with a long address: their "we got your ticket" email is in the outbox.
  const email = `a-very-long-mailbox-name-${unique()}@customers.of-a-large-retailer.example`;
  const registered = await deskline.api('POST', '/auth/register', { body: { name: 'Maximiliana Bartholomew-Featherstonehaugh', email, password: 'customer-password' } });
  expect(registered.status).toBe(201);
  const ticket = await deskline.createTicket(registered.body.token, { subject: `Order ${unique()} never-arrived-and-tracking-says-delivered-to-another-town` });
  expect((await deskline.api('PATCH', `/tickets/${ticket.id}`, { token, body: { labels } })).status).toBe(200);

  await page.setViewportSize({ width: 390, height: 844 });
  await signIn();
  const pages = consolePages().map((url) => (url === '/admin/ticket' ? `${url}?id=${ticket.id}` : url));
  expect(pages).toContain(`/admin/ticket?id=${ticket.id}`);
  for (const url of pages) {
    await page.goto(url);
    // /admin/settings opens the first settings page.
    if (url === '/admin/settings') await expect(page).toHaveURL(/\/admin\/settings\/sites/);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 }), url).toBeVisible();
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Loading' }), url).toHaveCount(0);
    // What makes each page wide is on it before it is measured.
    const wideContent = {
      '/admin/inbox': page.getByTestId('ticket-row').filter({ hasText: ticket.subject }),
      '/admin/ticket': page.getByTestId('ticket-labels').getByTestId('label-chip').nth(11),
      '/admin/settings/sites': page.getByRole('navigation', { name: 'Sites' }).getByRole('listitem').nth(11),
      '/admin/settings/labels': page.getByTestId('label-chip').nth(11),
      '/admin/settings/categories': page.getByText('Returns-and-exchanges-for-international-orders').first(),
      '/admin/settings/email': page.getByTestId('outbox-row').filter({ hasText: email }),
    }[new URL(page.url()).pathname];
    if (wideContent) await expect(wideContent, url).toBeAttached();
    // The page, and the part of it that scrolls up and down, are no wider than the phone.
    const widths = await page.evaluate(() => {
      const scrollers = Array.from(document.querySelectorAll('main *')).filter((el) => getComputedStyle(el).overflowY === 'auto');
      const body = scrollers.sort((a, b) => b.clientHeight * b.clientWidth - a.clientHeight * a.clientWidth)[0];
      return { document: document.documentElement.scrollWidth, page: body ? body.scrollWidth - body.clientWidth : 0 };
    });
    expect({ url, ...widths }).toEqual({ url, document: 390, page: 0 });
  }
});
