// An agent's face: the display name and picture set on the account page, shown on their messages.
import { expectAccessible } from './axe';
import { expect, makeAgent, storeSession, test } from './fixtures';
import { receiptPng } from './media';

test('an agent sets their display name and picture on the account page, and their chat messages carry them', async ({ page, deskline }) => {
  const agent = await makeAgent(deskline, 'Administrator');

  await storeSession(page, agent);
  await page.goto('/admin/account');
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await page.getByLabel('Display name').fill('Maya from Support');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me/profile'));
  await page.getByRole('button', { name: 'Save name' }).click();
  expect((await saved).status()).toBe(200);
  await expect(page.getByTestId('toast').first()).toContainText('Display name saved');

  const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/me/avatar'));
  await page.locator('#avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: receiptPng(64, 64) });
  expect((await uploaded).status()).toBe(200);
  await expect(page.getByTestId('profile-avatar')).toBeVisible();
  expect(await page.getByTestId('profile-avatar').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expectAccessible(page);

  // What customers get: the new name and the picture's URL on the agent's message.
  const customer = await deskline.registerCustomer();
  const ticket = await deskline.createTicket(customer.token);
  const sent = await deskline.api('POST', `/tickets/${ticket.id}/messages`, { token: agent.token, body: { body: 'Hello!' } });
  expect(sent.body.sender).toMatchObject({ name: 'Maya from Support', avatarUrl: expect.stringContaining('/api/avatars/') });

  // A file that is not an image is refused with a plain message.
  await page.locator('#avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(page.getByText('An avatar must be a PNG, JPEG, GIF or WebP image')).toBeVisible();
});
