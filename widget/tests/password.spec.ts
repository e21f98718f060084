// Changing the customer's password in the portal: when they choose to, and at once after signing in
// with a password an admin gave them. Visitors without a password never see it.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { adminApi, unique } from './support/admin.js';
import { expectAccessible } from './support/axe.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

async function api(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${env.deskline}/api${path}`, {
    method,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

async function signIn(page: Page, email: string, password: string): Promise<Locator> {
  await page.goto(`${env.deskline}/portal`);
  const main = page.locator('deskline-portal').getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password', { exact: true }).fill(password);
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
  return main;
}

test('a customer given a password by the support team must choose their own right after signing in', async ({ page }) => {
  const email = `${unique('given').replace(' ', '-')}@example.test`;
  await adminApi('POST', '/users', { name: 'Dorothy Vaughan', email, password: 'given-by-support', role: 'CUSTOMER' });
  const main = await signIn(page, email, 'given-by-support');
  await expect(main.getByRole('heading', { name: 'Change your password' })).toBeVisible();
  await expect(main).toContainText('Your password was given to you. Choose your own to continue.');
  await expect(main.getByRole('button', { name: 'Back' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'New ticket' })).toHaveCount(0);
  await expectAccessible(page);

  await main.getByLabel('Current password').fill('not-my-password');
  await main.getByLabel('New password', { exact: true }).fill('é'.repeat(37));
  await main.getByLabel('Repeat the new password').fill('é'.repeat(37));
  await main.getByRole('button', { name: 'Save password' }).click();
  await expect(main.locator('#dl-pw-new-err')).toContainText('at most 72 bytes');
  await main.getByLabel('New password', { exact: true }).fill('computing-pioneer');
  await main.getByLabel('Repeat the new password').fill('computing-pioneer');
  await main.getByRole('button', { name: 'Save password' }).click();
  await expect(main.locator('#dl-pw-current-err')).toHaveText('This is not your current password.');
  await expect(main.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');

  await main.getByLabel('Current password').fill('given-by-support');
  await main.getByLabel('Repeat the new password').press('Enter');
  await expect(main).toContainText('Password changed. You were signed out everywhere else.');
  await expect(main).toContainText('Signed in as Dorothy Vaughan');
  await expect(main.getByRole('button', { name: 'New ticket' })).toBeVisible();

  const login = await api('POST', '/auth/login', { body: { email, password: 'computing-pioneer' } });
  expect(login.body.user.mustChangePassword).toBe(false);
  expect((await api('POST', '/auth/login', { body: { email, password: 'given-by-support' } })).status).toBe(401);
  await page.reload();
  await expect(main.getByRole('button', { name: 'New ticket' })).toBeVisible();
});

test('a signed-in customer changes their password; their other sessions end, this one goes on', async ({ page }) => {
  const email = `${unique('change').replace(' ', '-')}@example.test`;
  expect((await api('POST', '/auth/register', { body: { name: 'Mary Jackson', email, password: 'wind-tunnel' } })).status).toBe(201);
  const elsewhere = (await api('POST', '/auth/login', { body: { email, password: 'wind-tunnel' } })).body.token as string;

  const main = await signIn(page, email, 'wind-tunnel');
  await expect(main).toContainText('Signed in as Mary Jackson');
  await main.getByRole('button', { name: 'Change password' }).click();
  await expect(main.getByRole('heading', { name: 'Change your password' })).toBeFocused();
  await expectAccessible(page);
  await main.getByLabel('Current password').fill('wind-tunnel');
  await main.getByLabel('New password', { exact: true }).fill('supersonic-flow');
  await main.getByLabel('Repeat the new password').fill('supersonic-flaw');
  await main.getByRole('button', { name: 'Save password' }).click();
  await expect(main.locator('#dl-pw-confirm-err')).toHaveText('The two new passwords do not match.');
  await main.getByLabel('Repeat the new password').fill('supersonic-flow');
  await main.getByRole('button', { name: 'Save password' }).click();
  await expect(main).toContainText('Password changed. You were signed out everywhere else.');

  expect((await api('GET', '/auth/me', { token: elsewhere })).status).toBe(401);
  // This session goes on: a new ticket still goes through, and a reload keeps it signed in.
  const subject = unique('After change');
  await main.getByRole('button', { name: 'New ticket' }).click();
  await main.getByLabel('Subject').fill(subject);
  await main.getByLabel('Description').fill('Still signed in.');
  await main.getByLabel('Category').selectOption('general');
  await main.getByRole('button', { name: 'Send ticket' }).click();
  await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
  await page.reload();
  await expect(main.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
});

test('an anonymous widget visitor has no password, so no password screen', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  await expect(widget.panel).toContainText('Chatting as a guest');
  await expect(widget.panel.getByRole('button', { name: 'Change password' })).toHaveCount(0);
});
