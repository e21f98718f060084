// The portal's side of email: "Forgot password?" through to the emailed link, and a
// notification's signed link landing on its ticket, signed in, with the token off the address bar.
import { expect, test } from '@playwright/test';
import { adminApi, unique } from './support/admin.js';
import { env } from './support/env.js';

async function register(password = 'first password') {
  const email = `${unique('mail').replace(' ', '-')}@example.test`;
  const res = await fetch(`${env.deskline}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Mary Jackson', email, password }),
  });
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token: string };
  return { email, token };
}

/** A link of `kind` emailed to `email`, read from the outbox (the e2e server sends no mail). */
async function emailedLink(email: string, kind: string, pattern: RegExp): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    const outbox = await adminApi<{ items: { kind: string; to: string; text: string }[] }>('GET', '/email/outbox?limit=50');
    link = pattern.exec(outbox.items.find((e) => e.kind === kind && e.to.includes(email))?.text ?? '')?.[1];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  return link!;
}

test('Forgot password? emails a link that sets a new password, which then signs in', async ({ page }) => {
  const { email } = await register();
  await page.goto(`${env.deskline}/portal`);
  const main = page.locator('deskline-portal').getByRole('main');
  await main.getByRole('button', { name: 'Forgot password?' }).click();
  await main.getByLabel('Email').fill(email);
  await main.getByRole('button', { name: 'Email me a link' }).click();
  await expect(main.getByRole('status').filter({ hasText: 'a link to choose a new password is on its way' })).toBeVisible();

  const token = await emailedLink(email, 'password.reset', /\/portal#reset=([\w-]+)/);
  // A link opens a fresh page (a new tab), not a change of this page's fragment.
  await page.goto('about:blank');
  await page.goto(`${env.deskline}/portal#reset=${token}`);
  await expect(page).not.toHaveURL(/reset=/);
  await main.getByLabel('New password').fill('second password');
  await main.getByRole('button', { name: 'Save password' }).click();
  await expect(main.getByRole('status').filter({ hasText: 'Your password is changed' })).toBeVisible();
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill('second password');
  await main.getByRole('button', { name: 'Sign in' }).click();
  await expect(main).toContainText('Signed in as Mary Jackson');
});

test("a notification's link opens its ticket signed in, and takes the token off the address bar", async ({ page }) => {
  const customer = await register();
  const subject = unique('Linked ticket');
  const created = await fetch(`${env.deskline}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
    body: JSON.stringify({ subject, description: 'Please look at this.', category: 'general' }),
  });
  const ticket = (await created.json()) as { id: string };
  await adminApi('PATCH', `/tickets/${ticket.id}`, { status: 'RESOLVED' });
  const token = await emailedLink(customer.email, 'ticket.resolved', /\/portal#t=([\w.-]+)/);

  await page.goto(`${env.deskline}/portal#t=${token}`);
  const main = page.locator('deskline-portal').getByRole('main');
  await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
  await expect(page).not.toHaveURL(/#t=/);

  // A link that no longer works says so, and offers to sign in.
  await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
  await page.goto('about:blank');
  await page.goto(`${env.deskline}/portal#t=${token.slice(0, -4)}AAAA`);
  await expect(main.getByRole('status').filter({ hasText: 'This link does not work any more' })).toBeVisible();
});
