// Visitor identity in the console: an email a widget visitor typed is shown as unverified, never as
// the account of whoever owns that address.
import { expectAccessible } from './axe';
import { expect, test, unique } from './fixtures';
import { ADMIN } from './server';

test("an anonymous visitor who types the admin's email is marked unverified in the inbox, the ticket, search and users", async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  // Unique per run: the suite's server is shared, and --repeat-each runs this test again on it.
  const visitorName = `Impostor Visitor ${unique()}`;
  const origin = 'https://identity-host.example';
  const site = await api('POST', '/sites', { token: admin.token, body: { name: `Identity ${unique()}`, allowedOrigins: [origin] } });
  expect(site.status).toBe(201);
  // What the widget sends for a visitor who typed a name and an email: no proof of either.
  const sessionResponse = await fetch(`${deskline.url}/api/widget/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ siteKey: site.body.siteKey, name: visitorName, email: ADMIN.email }),
  });
  const session = await sessionResponse.json();
  expect(sessionResponse.status).toBe(200);
  const subject = `Refund to my new card ${unique()}`;
  const ticket = await deskline.createTicket(session.token, { subject });

  await signIn();
  // Inbox row and search by the claimed email: the customer carries the marker.
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(ADMIN.email);
  await page.getByRole('searchbox', { name: 'Search tickets' }).press('Enter');
  // The search is applied (it lives in the URL) before reading or clicking its rows.
  await expect(page).toHaveURL(/[?&]q=/);
  const row = page.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toContainText(visitorName);
  await expect(row.getByTestId('email-unverified')).toBeVisible();
  await expect(row.getByTestId('email-unverified')).toHaveAttribute('title', /not verified/);

  // The ticket: the email is shown as unverified text, not as a mail link for the account.
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/admin/ticket\\?id=${ticket.id}`));
  await expect(page.getByTestId('ticket-customer')).toHaveText(visitorName);
  const header = page.getByTestId('ticket-subject').locator('xpath=..');
  await expect(header.getByTestId('email-unverified')).toBeVisible();
  await expect(header.getByText(ADMIN.email)).toBeVisible();
  await expect(header.locator(`a[href="mailto:${ADMIN.email}"]`)).toHaveCount(0);
  await expectAccessible(page);

  // Users: the visitor's email is unverified; the admin's own account is not.
  await page.goto('/admin/settings/users');
  await page.getByRole('tab', { name: 'Everyone' }).click();
  await page.getByRole('searchbox', { name: 'Search users' }).fill(ADMIN.email);
  await page.getByRole('searchbox', { name: 'Search users' }).press('Tab');
  const visitorRow = page.getByTestId('user-row').filter({ hasText: visitorName });
  await expect(visitorRow.getByTestId('email-unverified')).toBeVisible();
  const adminRow = page.getByTestId('user-row').filter({ hasNotText: 'Impostor Visitor' }).filter({ hasText: ADMIN.email });
  await expect(adminRow).toHaveCount(1);
  await expect(adminRow.getByTestId('email-unverified')).toHaveCount(0);
  await expect(adminRow.getByTestId('email-verified')).toHaveText(ADMIN.email);
  await expectAccessible(page);
});
