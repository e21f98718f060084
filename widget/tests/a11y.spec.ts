// The widget and the portal pass axe (no serious or critical finding) on every screen a customer
// sees, in light and in dark mode: the widget checked inside its shadow root, on a site whose theme
// follows the visitor's system (`auto`), so emulating the colour scheme switches it.
import { expect, test } from '@playwright/test';
import { adminApi, replyAsAdmin, ticketBySubject, unique } from './support/admin.js';
import { expectAccessible } from './support/axe.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

/** Text with every Markdown element a reply can hold, so its rendering is scanned too. */
const RICH_REPLY = 'Yes, we are **looking** at it. _Meanwhile:_\n1. Open https://example.com/help\n2. Run `export --all`\n\n```\nexport --all\n```\n- or [mail us](mailto:help@example.com)';

let siteKey: string;
test.beforeAll(async () => {
  siteKey = (await adminApi<{ siteKey: string }>('POST', '/sites', {
    name: 'Accessible Shop',
    allowedOrigins: [new URL(env.host).origin],
    theme: { mode: 'auto' },
  })).siteKey;
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} mode`, () => {
    test.beforeEach(({ page }) => page.emulateMedia({ colorScheme: scheme }));

    test('every widget screen is axe-clean: home, sign-in, register, new ticket with errors, thread, list, refusal', async ({ page }) => {
      // The host page is the site owner's; the scan covers what the widget adds to it.
      await page.goto(`${env.host}/?siteKey=${siteKey}`);
      const widget = new WidgetPage(page);
      await expect(widget.launcher).toBeVisible();
      await expectAccessible(page, 'deskline-widget');
      await widget.open();
      await expect(widget.root.locator('.dl')).toHaveClass(scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
      // Home: the composer, the tickets (none yet) and the guest's sign-in link.
      await expect(widget.panel.getByRole('textbox', { name: 'Start a conversation' })).toBeVisible();
      await expectAccessible(page, 'deskline-widget');

      await widget.panel.getByRole('button', { name: 'Sign in' }).click();
      await expect(widget.panel.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();
      await expectAccessible(page, 'deskline-widget');
      await widget.panel.getByRole('button', { name: 'No account yet? Create one' }).click();
      await expect(widget.panel.getByRole('heading', { name: 'Create an account' })).toBeVisible();
      await expectAccessible(page, 'deskline-widget');
      await widget.panel.getByRole('button', { name: 'Back' }).click();

      await widget.panel.getByRole('button', { name: 'New ticket' }).click();
      await widget.panel.getByRole('button', { name: 'Send ticket' }).click();
      await expect(widget.panel.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(page, 'deskline-widget');

      const subject = unique('Widget a11y');
      await widget.panel.getByLabel('Subject').fill(subject);
      await widget.panel.getByLabel('Description').fill('The **export** button does nothing.');
      await widget.panel.getByRole('button', { name: 'Send ticket' }).click();
      await expect(widget.panel.getByRole('heading', { level: 2 })).toContainText(subject);
      await widget.send('Is anyone there?');
      await expect(widget.panel.getByText('Is anyone there?')).toBeVisible();
      await replyAsAdmin((await ticketBySubject(subject)).id, RICH_REPLY);
      await expect(widget.panel.getByRole('link', { name: 'mail us' })).toBeVisible();
      await expectAccessible(page, 'deskline-widget');

      await widget.panel.getByRole('button', { name: 'Back' }).click();
      await expect(widget.panel.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
      await expectAccessible(page, 'deskline-widget');

      // An error screen: the site does not allow this origin.
      await page.goto(`${env.refusedHost}/?siteKey=${siteKey}`);
      await widget.open();
      await expect(widget.panel.getByRole('alert')).toContainText('not available on this website');
      await expectAccessible(page, 'deskline-widget');
    });

    test('every portal page is axe-clean: sign-in, register, home, change password, new ticket, thread, list', async ({ page }) => {
      await page.goto(`${env.deskline}/portal`);
      const main = page.locator('deskline-portal').getByRole('main');
      await expect(main.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();
      await expectAccessible(page);
      await main.getByRole('button', { name: 'No account yet? Create one' }).click();
      await expect(main.getByLabel('Name')).toBeVisible();
      await expectAccessible(page);

      await main.getByLabel('Name').fill('Ada Accessible');
      await main.getByLabel('Email').fill(`${unique('a11y').replace(' ', '-')}@example.test`);
      await main.getByLabel('Password').fill('screen-reader-ready');
      await main.getByRole('button', { name: 'Create account' }).click();
      await expect(main).toContainText('Signed in as Ada Accessible');
      await expectAccessible(page);

      await main.getByRole('button', { name: 'Change password' }).click();
      await expect(main.getByRole('heading', { name: 'Change your password' })).toBeVisible();
      await main.getByRole('button', { name: 'Save password' }).click();
      await expectAccessible(page);
      await main.getByRole('button', { name: 'Back' }).click();

      const subject = unique('Portal a11y');
      await main.getByRole('button', { name: 'New ticket' }).click();
      await expectAccessible(page);
      await main.getByLabel('Subject').fill(subject);
      await main.getByLabel('Description').fill('Checking every screen.');
      await main.getByRole('button', { name: 'Send ticket' }).click();
      await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
      await replyAsAdmin((await ticketBySubject(subject)).id, RICH_REPLY);
      await expect(main.getByRole('link', { name: 'mail us' })).toBeVisible();
      await expectAccessible(page);
      await main.getByRole('button', { name: 'Back' }).click();
      await expect(main.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
      await expectAccessible(page);
    });
  });
}
