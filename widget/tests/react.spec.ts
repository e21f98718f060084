// examples/react: a single-page app that mounts the snippet from a component on every route.
import { expect, test } from '@playwright/test';
import { collectCspViolations } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

test('client-side navigation keeps one widget, loaded once', async ({ page }) => {
  const csp = await collectCspViolations(page);
  await page.goto(env.reactExample);
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toBeVisible();
  for (const link of ['Pricing', 'Account', 'Home', 'Pricing']) {
    await page.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(link === 'Home' ? 'Home' : link.toLowerCase());
    await expect(page.locator('deskline-widget')).toHaveCount(1);
  }
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home');
  await widget.open();
  await expect(widget.panel.getByRole('button', { name: 'New ticket' })).toBeVisible();
  const loads = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p === '/widget.js' || p.startsWith('/widget/app.')),
  );
  expect(loads).toHaveLength(2); // the loader and the app bundle, once each
  expect(await page.locator('script[src$="/widget.js"]').count()).toBe(1);
  expect(csp).toEqual([]);
});

test('signing in and out in the app identifies the customer to the widget', async ({ page }) => {
  await page.goto(`${env.reactExample}/account`);
  const widget = new WidgetPage(page);
  await page.getByRole('button', { name: 'Sign in as Ada' }).click();
  await expect(page.locator('#who')).toHaveText('Signed in as Ada Lovelace.');
  await widget.open();
  await expect(widget.panel).toContainText('Signed in as Ada Lovelace');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(widget.panel).toContainText('Chatting as a guest');
});
