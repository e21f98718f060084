// Every console page, at desktop and phone width, passes axe (no serious or critical finding): the
// quality bar's "axe-clean", checked on pages with real data rather than empty states.
import { customerRow, expect, test, unique, type Deskline } from './fixtures';
import { expectAccessible } from './axe';

const WIDTHS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

/** A ticket with something in each part of its page: chat both ways, a reply and a private note. */
async function busyTicket(deskline: Deskline) {
  const { api, admin } = deskline;
  const customer = await deskline.registerCustomer('Alma Accessible');
  const ticket = await deskline.createTicket(customer.token, { subject: `Screen reader cannot find the button ${unique()}` });
  const post = async (path: string, token: string, body: unknown) => expect((await api('POST', path, { token, body })).status).toBe(201);
  await post(`/tickets/${ticket.id}/messages`, customer.token, { body: 'Hello, is anyone there?' });
  await post(`/tickets/${ticket.id}/messages`, admin.token, { body: 'Yes, how can I help?' });
  await post(`/tickets/${ticket.id}/comments`, admin.token, { body: 'We are looking into it.' });
  await post(`/tickets/${ticket.id}/comments`, admin.token, { body: 'Probably the icon-only button.', internal: true });
  return { customer, ticket };
}

for (const { name, viewport } of WIDTHS) {
  // One group of pages per test: each gets a fresh page and the usual budget, and a failure names
  // the pages it was on.
  test.describe(`console pages are axe-clean at ${name} width`, () => {
    test.beforeEach(async ({ page }) => {
      await page.setViewportSize(viewport);
    });

    test('sign-in, inbox and a search', async ({ page, signIn, deskline }) => {
      const { ticket } = await busyTicket(deskline);
      await page.goto('/admin/login');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectAccessible(page);

      await signIn();
      await expect(page.getByTestId('ticket-row').filter({ hasText: ticket.subject })).toBeVisible();
      await expectAccessible(page);

      // A search: each row with its snippet, the matched words marked.
      await page.goto(`/admin/inbox?q=${encodeURIComponent('how can I help')}`);
      await expect(page.getByTestId('ticket-row').filter({ hasText: ticket.subject }).getByTestId('search-snippet')).toBeVisible();
      await expectAccessible(page);
    });

    test('a busy ticket, its chat, and the overview', async ({ page, signIn, deskline }) => {
      const { ticket } = await busyTicket(deskline);
      await signIn();
      await page.goto(`/admin/ticket?id=${ticket.id}`);
      await expect(page.getByTestId('ticket-subject')).toHaveText(ticket.subject);
      await expect(page.getByTestId('note')).toContainText('icon-only button');
      await expect(page.getByTestId('reply')).toContainText('looking into it');
      await expectAccessible(page);
      if (name === 'phone') {
        // On a phone the chat is the ticket's second tab.
        await page.getByRole('tab', { name: /Live chat/ }).click();
        await expect(page.getByTestId('chat-message').filter({ hasText: 'how can I help?' })).toBeVisible();
        await expectAccessible(page);
      } else await expect(page.getByTestId('chat-message').filter({ hasText: 'how can I help?' })).toBeVisible();
      // The chat log takes the keyboard's focus, so that it scrolls by arrow keys as well.
      const log = page.getByTestId('chat-log');
      await log.focus();
      await expect(log).toBeFocused();

      await page.goto('/admin/overview');
      await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
      await expect(page.getByTestId('report-created')).toHaveText(/\d+/);
      await expectAccessible(page);
    });

    test('categories and sites, with the new-site dialog', async ({ page, signIn, deskline }) => {
      const site = await deskline.api('POST', '/sites', { token: deskline.admin.token, body: { name: `A11y ${unique()}`, allowedOrigins: ['https://a11y.example'] } });
      expect(site.status).toBe(201);
      await signIn();
      await page.goto('/admin/settings/categories');
      await expect(page.getByRole('region', { name: 'New category' })).toBeVisible();
      await expectAccessible(page);

      await page.goto(`/admin/settings/sites?site=${site.body.id}`);
      await expect(page.getByTestId('site-snippet')).toContainText(site.body.siteKey);
      await expectAccessible(page);
      if (name === 'phone') {
        // Code too wide for a phone scrolls sideways by keyboard too.
        const signing = page.getByTestId('signing-snippet');
        // In view first, so that focusing it does not also scroll the page under the key press.
        await signing.scrollIntoViewIfNeeded();
        await signing.focus();
        await expect(signing).toBeFocused();
        // Chromium can drop a keyboard scroll that lands before the compositor knows the newly
        // focused scroller (seen under load); a person would press again, and so does this.
        await expect(async () => {
          await page.keyboard.press('ArrowRight');
          expect(await signing.evaluate((pre) => pre.scrollLeft)).toBeGreaterThan(0);
        }).toPass({ timeout: 10_000 });
        await expect(signing).toBeFocused();
      }
      await page.getByRole('button', { name: 'New site' }).first().click();
      const newSite = page.getByRole('dialog', { name: 'New site' });
      // The dialog opens on its first field, ready to type.
      await expect(newSite.getByLabel('Name')).toBeFocused();
      await newSite.getByRole('button', { name: 'Create site' }).click();
      await expect(newSite.locator('#new-site-name-error')).toBeVisible();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
      await expect(newSite).toBeHidden();
    });

    test('users, with the set-password dialog', async ({ page, signIn, deskline }) => {
      const customer = await deskline.registerCustomer('Alma Accessible');
      await signIn();
      const row = await customerRow(page, customer.user.email);
      await expectAccessible(page);
      await row.getByRole('button', { name: 'Set a new password for Alma Accessible' }).click();
      const setPassword = page.getByRole('dialog', { name: 'Set a new password for Alma Accessible' });
      await expect(setPassword.getByLabel('New password', { exact: true })).toBeFocused();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
      await expect(setPassword).toBeHidden();
    });

    test("the team's tools, email settings and the account page", async ({ page, signIn, deskline }) => {
      // Labels, automatic assignment, saved replies (with one of each to show).
      const token = deskline.admin.token;
      expect((await deskline.api('POST', '/labels', { token, body: { name: unique('Label'), color: '#0f766e' } })).status).toBe(201);
      expect((await deskline.api('POST', '/saved-replies', { token, body: { title: unique('Greeting'), body: 'Hi {{customer.name}}', shared: true } })).status).toBe(201);
      await signIn();
      await page.goto('/admin/settings/labels');
      await expect(page.getByTestId('label-row').first()).toBeVisible();
      await expectAccessible(page);
      await page.goto('/admin/settings/assignment');
      await expect(page.getByLabel('Open tickets per agent')).toBeVisible();
      await expectAccessible(page);
      await page.goto('/admin/replies');
      await expect(page.getByTestId('saved-reply-row').first()).toBeVisible();
      await expectAccessible(page);

      await page.goto('/admin/settings/email');
      await expect(page.getByRole('heading', { name: 'Email', level: 1 })).toBeVisible();
      await expectAccessible(page);

      await page.goto('/admin/account');
      await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
      await expectAccessible(page);
    });
  });
}
