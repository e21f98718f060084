// Passwords in the console: the forced change after a given password, the account page, and an
// admin setting someone's password from Team & users.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe';
import { customerRow, expect, test, unique, type Deskline } from './fixtures';
import { ADMIN, ROOT } from './server';

const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
/** An admin account created by another admin: its password must be changed at first sign-in. */
async function givenAdmin(deskline: Deskline, password = 'given-by-root') {
  const email = `${unique('agent')}@example.test`;
  const res = await deskline.api('POST', '/users', { token: deskline.admin.token, body: { name: 'Grace Agent', email, password, role: 'ADMIN' } });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email, password };
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe('passwords', () => {
  test('a given password must be replaced right after signing in, before the console opens', async ({ page, deskline }) => {
    const agent = await givenAdmin(deskline);
    await signInAs(page, agent.email, agent.password);
    const screen = page.getByTestId('password-change-required');
    await expect(screen.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
    await expect(page.getByRole('navigation')).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'password-change-required-desktop.png') });

    // Mistakes are explained at the field, and change nothing.
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('my-own-password');
    await page.getByLabel('Repeat the new password').fill('my-own-passw0rd');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('#confirm-password-error')).toContainText('does not match');
    await page.getByLabel('Repeat the new password').fill('my-own-password');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('#current-password-error')).toContainText('not your current password');
    await expect(page.getByLabel('Current password')).toBeFocused();
    await page.getByLabel('New password', { exact: true }).fill('é'.repeat(37));
    await page.getByLabel('Repeat the new password').fill('é'.repeat(37));
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.locator('#new-password-error')).toContainText('at most 72 bytes');

    // Keyboard only from here.
    await page.getByLabel('Current password').fill(agent.password);
    await page.getByLabel('New password', { exact: true }).fill('my-own-password');
    await page.getByLabel('Repeat the new password').fill('my-own-password');
    await page.getByLabel('Repeat the new password').press('Enter');
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(page.getByTestId('connection').first()).toHaveAttribute('data-state', 'connected');

    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('deskline.admin.session')!).token as string);
    const me = await deskline.api('GET', '/auth/me', { token });
    expect(me.body.user.mustChangePassword).toBe(false);
    expect((await deskline.api('POST', '/auth/login', { body: { email: agent.email, password: 'my-own-password' } })).status).toBe(200);
    // A reload keeps the console open: the stored session knows the change was made.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  });

  test('an admin changes their password from the account page; their other sessions end, this one stays', async ({ page, deskline }) => {
    const agent = await givenAdmin(deskline);
    const first = await deskline.login(agent.email, agent.password);
    expect((await deskline.api('POST', '/auth/password', { token: first.token, body: { currentPassword: agent.password, newPassword: 'chosen-once' } })).status).toBe(204);
    const elsewhere = await deskline.login(agent.email, 'chosen-once');

    await signInAs(page, agent.email, 'chosen-once');
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await page.getByRole('link', { name: /Grace Agent.*account and password/ }).first().click();
    await expect(page).toHaveURL(/\/admin\/account/);
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'account-desktop.png') });

    await page.getByLabel('Current password').fill('chosen-once');
    await page.getByLabel('New password', { exact: true }).fill('chosen-twice');
    await page.getByLabel('Repeat the new password').fill('chosen-twice');
    const change = page.waitForResponse((r) => r.url().endsWith('/api/auth/password'));
    await page.getByRole('button', { name: 'Change password' }).click();
    expect((await change).status()).toBe(204);
    await expect(page.getByTestId('toast').first()).toContainText('Password changed');
    await expect(page.getByLabel('Current password')).toHaveValue('');

    expect((await deskline.api('GET', '/auth/me', { token: elsewhere.token })).status).toBe(401);
    expect((await deskline.api('GET', '/auth/me', { token: first.token })).status).toBe(401);
    // The sidebar's link, whose name also counts what is new or unread by then.
    await page.getByRole('link', { name: /^Inbox\b/ }).first().click();
    await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
    await expect(page.getByTestId('connection').first()).toHaveAttribute('data-state', 'connected');
    await expect(page).toHaveURL(/\/admin\/inbox/);
  });

  test('an admin sets a new password for someone from Team & users; they are signed out and must change it', async ({ page, deskline, signIn }) => {
    const customer = await deskline.registerCustomer('Forgetful Fran');
    await signIn();
    const row = await customerRow(page, customer.user.email);
    await row.getByRole('button', { name: 'Set a new password for Forgetful Fran' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a new password for Forgetful Fran' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('New password', { exact: true }).fill('short');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect(dialog.locator('#set-password-error')).toContainText('at least 8');
    await expectAccessible(page);
    await dialog.getByLabel('New password', { exact: true }).fill('temporary-for-fran');
    await dialog.getByLabel('New password', { exact: true }).press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('toast').first()).toContainText('New password set for Forgetful Fran');

    expect((await deskline.api('GET', '/auth/me', { token: customer.token })).status).toBe(401);
    const fran = await deskline.login(customer.user.email, 'temporary-for-fran');
    expect((fran.user as { mustChangePassword?: boolean }).mustChangePassword).toBe(true);
    expect((await deskline.api('GET', '/tickets', { token: fran.token })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // Not for yourself: your own password is changed on your account page.
    const rootRow = page.getByTestId('user-row').filter({ hasText: '(you)' });
    await page.getByRole('tab', { name: 'Team' }).click();
    await page.getByLabel('Search users').fill(ADMIN.email);
    await page.getByLabel('Search users').press('Enter');
    await expect(rootRow).toHaveCount(1);
    await expect(rootRow.getByRole('button', { name: /Set a new password/ })).toHaveCount(0);
  });
});
