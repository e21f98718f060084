// Deskline('identify', { token }): the expiring identity token a host site's server signs.
import { expect, test } from '@playwright/test';
import { signIdentityToken } from '../../examples/server-signing/token.mjs';
import { ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

/** The test host page, which calls Deskline('identify', { token }) before widget.js has loaded. */
const hostPageWith = (token: string) => `${env.host}/?siteKey=${env.siteKey}&queue=${encodeURIComponent(JSON.stringify([['identify', { token }]]))}`;

test('identify with a signed token signs the customer in, verified, and a bad token is refused in the panel', async ({ browser }) => {
  const externalId = unique('tok').replace(' ', '-');
  const customer = { externalId, name: 'Tess Token', email: `${externalId}@example.com` };

  const first = await browser.newContext();
  const widget = new WidgetPage(await first.newPage());
  const opened = widget.page.waitForResponse((res) => res.url().endsWith('/api/widget/session'));
  await widget.page.goto(hostPageWith(signIdentityToken(customer, env.identitySecret)));
  await widget.open();
  expect((await opened).status()).toBe(200);
  await expect(widget.panel).toContainText('Signed in as Tess Token');
  const subject = unique('Token identified');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  expect(ticket.customer).toMatchObject({ name: 'Tess Token', email: customer.email.toLowerCase(), emailVerified: true });
  const stored = await widget.page.evaluate((key) => JSON.parse(localStorage.getItem(`deskline:${key}`) ?? 'null'), env.siteKey);
  expect(stored).toMatchObject({ kind: 'identified', externalId });

  // The next page mints a fresh token for the same customer: the widget keeps the session.
  let sessions = 0;
  widget.page.on('request', (req) => {
    if (req.url().endsWith('/api/widget/session')) sessions++;
  });
  await widget.page.goto(hostPageWith(signIdentityToken(customer, env.identitySecret)));
  await widget.open();
  await expect(widget.panel.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
  expect(sessions).toBe(0);
  await first.close();

  // A token signed with another secret (or expired) never signs anyone in.
  for (const token of [signIdentityToken(customer, 'not the site secret'), signIdentityToken(customer, env.identitySecret, -60)]) {
    const context = await browser.newContext();
    const forged = new WidgetPage(await context.newPage());
    const refused = forged.page.waitForResponse((res) => res.url().endsWith('/api/widget/session'));
    await forged.page.goto(hostPageWith(token));
    await forged.open();
    const response = await refused;
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe('INVALID_IDENTITY_TOKEN');
    await expect(forged.panel.getByRole('alert')).toHaveText(/could not verify who you are/);
    await expect(forged.panel.getByRole('button', { name: 'New ticket' })).toHaveCount(0);
    await context.close();
  }
});
