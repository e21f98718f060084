// The console's snippet, pasted into a host page, loads a working widget. Needs the widget build
// (widget/dist, from the widget workspace); skipped with a reason when it is not there.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test, unique } from './fixtures';
import { ROOT } from './server';

/** A host site on its own origin (another port on loopback, so Chrome's private-network rules allow it). */
async function hostSite(html: () => string) {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
const widgetBuilt = existsSync(path.join(ROOT, 'widget/dist/widget.js'));

test('a site snippet pasted into a host page loads a working widget, and its ticket reaches the inbox live', async ({ page, browser, signIn }) => {
  test.skip(!widgetBuilt, 'widget/dist/widget.js is missing: build the widget workspace (npm run build -w widget) to run this test');
  let snippet = '';
  const host = await hostSite(() => `<!doctype html><html lang="en"><head><title>Shop</title></head><body><h1>Our shop</h1>${snippet}</body></html>`);
  await signIn();
  await page.goto('/admin/settings/sites');
  await page.getByRole('button', { name: 'New site' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New site' });
  const name = `Host shop ${unique()}`;
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Allowed origins').fill(host.origin);
  await dialog.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByTestId('site-detail').getByRole('heading', { name })).toBeVisible();
  snippet = (await page.getByTestId('site-detail').getByTestId('site-snippet').textContent())!;
  expect(snippet).toMatch(/^<script async src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-site-key="[^"]+"><\/script>$/);

  // A host page on another origin, with the snippet pasted as is, visited in another browser.
  const visitor = await browser.newContext();
  try {
    const shop = await visitor.newPage();
    await page.goto('/admin/inbox');
    await shop.goto(`${host.origin}/`);
    await expect.poll(() => shop.evaluate(() => typeof (window as unknown as { Deskline?: unknown }).Deskline)).toBe('function');
    const widget = shop.locator('deskline-widget');
    await widget.locator('button.dl-l').click();
    const panel = widget.locator('.dl-p');
    await expect(panel).toBeVisible();

    const subject = `From the host page ${unique()}`;
    await panel.getByRole('button', { name: 'New ticket' }).click();
    await panel.getByLabel('Subject').fill(subject);
    await panel.getByLabel('Description').fill('Pasted snippet, working widget.');
    await panel.getByRole('button', { name: 'Send ticket' }).click();
    await expect(panel.getByRole('heading', { level: 2 })).toContainText(subject);

    // The console hears it at once, from that site.
    const row = page.getByTestId('ticket-row').filter({ hasText: subject });
    await expect(row).toBeVisible();
    await row.getByRole('link').click();
    await expect(page.getByText(`via ${name}`)).toBeVisible();
  } finally {
    await visitor.close();
    await host.close();
  }
});
