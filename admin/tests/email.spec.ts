import { expect, test, unique } from './fixtures';

test('email: without SMTP the outbox shows "we got your ticket" as not sent, previewed in a sandbox', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const customer = await deskline.registerCustomer('Erin Email');
  // Markup in the subject must arrive as text in the email, and never as markup in the console.
  const subject = `Broken <img src=x onerror="document.title='pwned'"> ${unique()}`;
  const ticket = await deskline.createTicket(customer.token, { subject, description: 'Nothing works since Monday.' });
  // The email is stored just after the ticket is answered.
  await expect
    .poll(async () => ((await api('GET', '/email/outbox?limit=100', { token: admin.token })).body.items as { ticket: { id: string } | null }[]).some((e) => e.ticket?.id === ticket.id))
    .toBe(true);

  await signIn();
  await page.goto('/admin/settings/email');
  await expect(page.getByRole('heading', { name: 'Email', level: 1 })).toBeVisible();
  const smtp = page.getByTestId('smtp-state');
  await expect(smtp).toHaveAttribute('data-configured', 'false');
  await expect(smtp).toContainText('No email is sent');
  // Replies by email: neither IMAP_URL nor INBOUND_SMTP_PORT is set on the test server.
  await expect(page.getByTestId('inbound-state')).toContainText('Replies by email are not read');

  const row = page.getByTestId('outbox-row').filter({ hasText: `We got your ticket #${ticket.number}` });
  await expect(row).toContainText(customer.user.email);
  await expect(row.getByTestId('email-status')).toHaveAttribute('data-status', 'NOT_SENT');
  await row.click();

  const preview = page.getByTestId('email-preview');
  await expect(preview).toContainText(`ticket-${ticket.id}@`); // In-Reply-To: the ticket's thread
  await expect(preview).toContainText('auto-generated');
  const frame = preview.getByTestId('email-html');
  await expect(frame).toHaveAttribute('sandbox', '');
  const body = page.frameLocator('[data-testid="email-html"]').locator('body');
  await expect(body).toContainText(subject);
  await expect(body).toContainText('Nothing works since Monday.');
  await expect(body.locator('img')).toHaveCount(0);
  await expect(page).not.toHaveTitle('pwned');

  await preview.getByRole('tab', { name: 'Plain text' }).click();
  await expect(preview.getByTestId('email-text')).toContainText(`We got your ticket #${ticket.number}`);
  await expect(preview.getByTestId('email-text')).toContainText(subject);

  // Reached from the settings navigation too.
  await page.goto('/admin/settings/sites');
  await page.getByRole('link', { name: 'Email' }).click();
  await expect(page).toHaveURL(/\/admin\/settings\/email/);
});
