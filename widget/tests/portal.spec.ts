// The portal at /portal: the same app full page, same origin as the API, accounts instead of a site key.
import { expect, test } from '@playwright/test';
import { adminApi, collectCspViolations, PNG, replyAsAdmin, setStatus, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';

test('a customer registers, opens a ticket with an attachment, chats, signs out and back in', async ({ page }) => {
  const csp = await collectCspViolations(page);
  const response = await page.goto(`${env.deskline}/portal`);
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  const portal = page.locator('deskline-portal');
  const main = portal.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();
  await expect(main).toContainText('Sign in to see your tickets.');

  await main.getByRole('button', { name: 'No account yet? Create one' }).click();
  const email = `${unique('portal').replace(' ', '-')}@example.test`;
  await main.getByLabel('Name').fill('Katherine Johnson');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill('orbital mechanics');
  await main.getByRole('button', { name: 'Create account' }).click();
  await expect(main).toContainText('Signed in as Katherine Johnson');

  const subject = unique('Portal ticket');
  await main.getByRole('button', { name: 'New ticket' }).click();
  await main.getByLabel('Subject').fill(subject);
  await main.getByLabel('Description').fill('Invoice shows the wrong address.');
  await main.getByLabel('Category').selectOption('billing');
  // The styled attach button opens the file chooser (the native input stays hidden).
  const chooser = page.waitForEvent('filechooser');
  await main.getByRole('button', { name: 'Attachments' }).click();
  await (await chooser).setFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: PNG });
  await expect(main.getByRole('listitem').filter({ hasText: 'invoice.png' })).toBeVisible();
  await main.getByRole('button', { name: 'Send ticket' }).click();
  await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
  const preview = main.getByRole('img', { name: 'invoice.png' });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);
  const ticket = await ticketBySubject(subject);
  expect(ticket.customer.email).toBe(email);

  const composer = main.getByRole('textbox', { name: 'Message' });
  await composer.fill('Hello from the portal');
  await composer.press('Enter');
  const messages = main.locator('.dl-chat > li');
  await expect(messages.filter({ hasText: 'Hello from the portal' })).toHaveAttribute('data-state', 'sent');
  await replyAsAdmin(ticket.id, 'We will send a corrected invoice.');
  await expect(messages.filter({ hasText: 'We will send a corrected invoice.' })).toBeVisible();
  // A closed ticket is not a dead end: the portal asks for a rating once, and a reply would reopen it.
  await setStatus(ticket.id, 'CLOSED');
  await expect(main.getByText('Write to us below to reopen this ticket.')).toBeVisible();
  await expect(composer).toBeVisible();
  const rating = main.getByRole('group', { name: 'How did we do?' });
  await rating.getByRole('radio', { name: '5 out of 5' }).check();
  await main.getByRole('button', { name: 'Send rating' }).click();
  await expect(main.getByText('Thank you for your rating!')).toBeVisible();
  expect(await adminApi('GET', `/tickets/${ticket.id}`)).toMatchObject({ status: 'CLOSED', awaitingRating: false, rating: { score: 5 } });

  await main.getByRole('button', { name: 'Back' }).click();
  await main.getByRole('button', { name: 'Sign out' }).click();
  await expect(main.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();
  await page.reload();
  await expect(main.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();

  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill('orbital mechanics');
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
  const row = main.getByRole('button', { name: new RegExp(subject) });
  await expect(row).toContainText('Closed');
  // Signed in across reloads until signing out.
  await page.reload();
  await expect(main.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
  expect(csp).toEqual([]);
});

test('a wrong password is refused with the server\'s message', async ({ page }) => {
  await page.goto(`${env.deskline}/portal`);
  const main = page.locator('deskline-portal').getByRole('main');
  await main.getByLabel('Email').fill('nobody@example.test');
  await main.getByLabel('Password').fill('not the password');
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(main.getByRole('alert')).toHaveText('Email or password is incorrect');
});

test('the portal is laid out as a page: grouped fields, no margin, its own wording and a branded title', async ({ page }) => {
  await page.goto(`${env.deskline}/portal`);
  await expect(page).toHaveTitle('Support · Deskline');
  const main = page.locator('deskline-portal').getByRole('main');
  await expect(main.getByRole('heading', { name: 'Sign in with email' })).toBeVisible();

  // Each label sits right above its field, and Password right under Email.
  const email = (await main.getByLabel('Email').boundingBox())!;
  const password = (await main.getByLabel('Password').boundingBox())!;
  const passwordLabel = (await main.getByText('Password', { exact: true }).boundingBox())!;
  expect(password.y - (email.y + email.height)).toBeLessThan(48);
  expect(password.y - (passwordLabel.y + passwordLabel.height)).toBeLessThan(12);
  // The page does not scroll: the panel fills the viewport exactly, from its very top.
  const viewport = page.viewportSize()!;
  expect(await page.evaluate(() => getComputedStyle(document.body).marginTop)).toBe('0px');
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(viewport.height);
  const panel = (await main.boundingBox())!;
  expect(panel.y).toBe(0);
  expect(panel.y + panel.height).toBeLessThanOrEqual(viewport.height);

  await main.getByRole('button', { name: 'No account yet? Create one' }).click();
  await expect(main.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  await expect(main).toContainText('Create an account to follow your tickets and chat with us.');
  await expect(main).not.toContainText('Sign in to see your tickets.');
  await main.getByLabel('Name').fill('Grace Hopper');
  await main.getByLabel('Email').fill(`${unique('layout').replace(' ', '-')}@example.test`);
  await main.getByLabel('Password').fill('nanoseconds');
  await main.getByRole('button', { name: 'Create account' }).click();

  // Starting by typing works in the portal too, and the chat's message box is whole on screen.
  const first = unique('Portal question');
  const start = main.getByRole('textbox', { name: 'Start a conversation' });
  await start.fill(first);
  await main.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(main.getByRole('heading', { level: 2 })).toContainText(first);
  const composer = main.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeFocused();
  const box = (await composer.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(viewport.height);
});
