// Email in the console: each member's notification choices on the account page, and
// "Forgot password?" on the sign-in page through to the emailed link.
import { expectAccessible } from './axe';
import { expect, makeAgent, storeSession, test, unique, type Deskline } from './fixtures';

/** The token of the newest password reset link emailed to `email` (the outbox keeps it without SMTP). */
async function resetToken(deskline: Deskline, email: string): Promise<string> {
  let token: string | undefined;
  await expect(async () => {
    const res = await deskline.api('GET', '/email/outbox?limit=50', { token: deskline.admin.token });
    const mail = res.body.items.find((e: { kind: string; to: string }) => e.kind === 'password.reset' && e.to.includes(email));
    token = /#reset=([\w-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  return token!;
}

test.describe('notification preferences', () => {
  test('each box saves on its own, is kept after a reload, and is the server’s', async ({ page, deskline }) => {
    await storeSession(page, await makeAgent(deskline, 'Nora Notified'));

    await page.goto('/admin/account');
    const section = page.getByTestId('notifications');
    await expect(section.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    const emailMe = section.getByRole('group', { name: 'Email me' });
    const alerts = section.getByRole('group', { name: 'Alerts in the console' });
    const assigned = emailMe.getByRole('checkbox', { name: 'A ticket assigned to me' });
    await expect(assigned).toBeChecked();
    await expect(alerts.getByRole('checkbox', { name: 'Play a sound with alerts' })).not.toBeChecked();
    await expectAccessible(page);

    // By keyboard: focus the box and press Space.
    await assigned.focus();
    await page.keyboard.press('Space');
    await expect(assigned).not.toBeChecked();
    await expect(section.getByRole('status')).toHaveCount(0); // "Saving…" is gone: it was saved
    await alerts.getByRole('checkbox', { name: 'Play a sound with alerts' }).check();
    await expect(section.getByRole('status')).toHaveCount(0);

    await page.reload();
    await expect(assigned).not.toBeChecked();
    await expect(alerts.getByRole('checkbox', { name: 'Play a sound with alerts' })).toBeChecked();
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('deskline.admin.session')!).token as string);
    const saved = await deskline.api('GET', '/me/preferences', { token });
    expect(saved.body).toEqual({
      email: { newTicket: true, assigned: false, customerReply: true },
      alerts: { newTicket: true, assigned: true, customerReply: true, sound: true },
    });
  });
});

test.describe('forgot password', () => {
  test('the sign-in page emails a link, and the link sets a new password that signs in', async ({ page, deskline }) => {
    const email = `${unique('agent')}@example.test`;
    expect((await deskline.api('POST', '/users', { token: deskline.admin.token, body: { name: 'Olga Forgetful', email, password: 'given-password', role: 'AGENT' } })).status).toBe(201);

    await page.goto('/admin/login');
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByTestId('reset-sent')).toContainText(email);
    await expectAccessible(page);

    const token = await resetToken(deskline, email);
    // The link opens a fresh page (a new tab), not a change of this page's fragment.
    await page.goto('about:blank');
    await page.goto(`/admin/login#reset=${token}`);
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await expect(page).not.toHaveURL(/reset=/); // the token leaves the address bar at once
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-one');
    await page.getByLabel('Repeat the new password').fill('a-brand-new-one');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByTestId('login-notice')).toContainText('Your password is changed');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-brand-new-one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/inbox/);

    // The link worked once.
    await page.evaluate(() => localStorage.clear());
    await page.goto(`/admin/login#reset=${token}`);
    await page.getByLabel('New password', { exact: true }).fill('yet-another-one');
    await page.getByLabel('Repeat the new password').fill('yet-another-one');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByRole('form', { name: 'Choose a new password' }).getByRole('alert')).toContainText('does not work any more');
  });
});
