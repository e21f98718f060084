// The widget and the portal pass axe (no serious or critical finding) on each screen a customer
// sees: the quality bar's "axe-clean", with the widget checked inside its shadow root.
import { expect, test } from '@playwright/test';
import { replyAsAdmin, ticketBySubject, unique } from './support/admin.js';
import { expectAccessible } from './support/axe.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

test('the widget panel is axe-clean on its home, new-ticket and ticket screens', async ({ page }) => {
  // The host page is the site owner's; the scan covers what the widget adds to it.
  await page.goto(`${env.host}/?siteKey=${env.siteKey}`);
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toBeVisible();
  await expectAccessible(page, 'deskline-widget');
  await widget.open();
  await expect(widget.panel.getByRole('button', { name: 'New ticket' })).toBeVisible();
  await expectAccessible(page, 'deskline-widget');

  await widget.panel.getByRole('button', { name: 'New ticket' }).click();
  await widget.panel.getByRole('button', { name: 'Send ticket' }).click();
  await expect(widget.panel.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'deskline-widget');

  const subject = unique('Widget a11y');
  await widget.panel.getByLabel('Subject').fill(subject);
  await widget.panel.getByLabel('Description').fill('The export button does nothing.');
  await widget.panel.getByRole('button', { name: 'Send ticket' }).click();
  await expect(widget.panel.getByRole('heading', { level: 2 })).toContainText(subject);
  await widget.send('Is anyone there?');
  await expect(widget.messages.filter({ hasText: 'Is anyone there?' })).toHaveAttribute('data-state', 'sent');
  await replyAsAdmin((await ticketBySubject(subject)).id, 'Yes, we are looking at it.');
  await expect(widget.messages.filter({ hasText: 'we are looking at it' })).toBeVisible();
  await expectAccessible(page, 'deskline-widget');
});

test('the portal is axe-clean signed out and signed in', async ({ page }) => {
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

  const subject = unique('Portal a11y');
  await main.getByRole('button', { name: 'New ticket' }).click();
  await main.getByLabel('Subject').fill(subject);
  await main.getByLabel('Description').fill('Checking every screen.');
  await main.getByRole('button', { name: 'Send ticket' }).click();
  await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
  await replyAsAdmin((await ticketBySubject(subject)).id, 'Thanks, all good here.');
  await expect(main.locator('.dl-chat > li').filter({ hasText: 'all good here' })).toBeVisible();
  await expectAccessible(page);
  await main.getByRole('button', { name: 'Back' }).click();
  await expect(main.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
  await expectAccessible(page);
});
