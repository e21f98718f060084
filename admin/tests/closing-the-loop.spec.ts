// Closing the loop, seen from the console: the customer's rating of a resolution, and where a widget
// visitor was when they opened the ticket.
import { expectAccessible } from './axe';
import { expect, test, unique } from './fixtures';

test("the customer's rating shows on the resolved ticket, with their comment", async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const customer = await deskline.registerCustomer('Rhea Rating');
  const ticket = await deskline.createTicket(customer.token, { subject: `Rate the fix ${unique()}` });
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { status: 'RESOLVED' } })).status).toBe(200);
  const rated = await api('POST', `/tickets/${ticket.id}/rating`, { token: customer.token, body: { score: 4, comment: 'Fast and friendly' } });
  expect(rated.status).toBe(201);

  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  const rating = page.getByTestId('ticket-rating');
  await expect(rating).toContainText('Rated 4/5');
  await expect(rating).toContainText('Fast and friendly');
  await expectAccessible(page);
});

test('a widget visitor’s page, referrer, browser, language and time zone show on their ticket', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const origin = 'https://context-host.example';
  const site = await api('POST', '/sites', { token: admin.token, body: { name: `Context ${unique()}`, allowedOrigins: [origin] } });
  expect(site.status).toBe(201);
  // What the widget sends when it opens a session on a host page.
  const sessionResponse = await fetch(`${deskline.url}/api/widget/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin,
      'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    },
    body: JSON.stringify({
      siteKey: site.body.siteKey,
      context: { pageUrl: `${origin}/checkout?step=2`, referrer: 'https://search.example/?q=shoes', language: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    }),
  });
  expect(sessionResponse.status).toBe(200);
  const session = await sessionResponse.json();
  const ticket = await deskline.createTicket(session.token, { subject: `Checkout fails ${unique()}` });

  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  const context = page.getByTestId('visitor-context');
  await context.getByText('Visitor context').click();
  await expect(context).toContainText(`${origin}/checkout?step=2`);
  await expect(context).toContainText('https://search.example/?q=shoes');
  await expect(context).toContainText('Chrome 131');
  await expect(context).toContainText('Windows');
  await expect(context).toContainText('pt-BR');
  await expect(context).toContainText('America/Sao_Paulo');
});
