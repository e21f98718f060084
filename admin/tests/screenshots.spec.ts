// Screenshots of the console for docs/screenshots/, taken on a seeded, lived-in support desk
// (its own server, so the other specs' test data never shows up in them).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { customerSocket, expect, test } from './fixtures';
import { ROOT } from './server';
import { startShowcase, type Showcase } from './showcase';

const OUT = path.join(ROOT, 'docs/screenshots');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let showcase: Showcase;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(OUT, { recursive: true });
  showcase = await startShowcase();
});

test.afterAll(async () => {
  await showcase?.stop();
});

test.use({ baseURL: undefined });

/** Signed in as the showcase's admin (its server is not the suite's, so no baseURL here). */
async function openConsole(page: Page, target: string) {
  // Granted, so the console does not ask for desktop notifications in every picture.
  await page.context().grantPermissions(['notifications']);
  await page.goto(`${showcase.server.url}/admin/login`);
  await page.evaluate((session) => localStorage.setItem('deskline.admin.session', JSON.stringify(session)), showcase.admin);
  await page.goto(`${showcase.server.url}${target}`);
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
  test.describe(`${device} ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport, deviceScaleFactor: device === 'phone' ? 2 : 1 });

    test(`inbox (${device})`, async ({ page }) => {
      await openConsole(page, '/admin/inbox');
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();
      if (device === 'desktop') {
        await page.waitForTimeout(300);
        await showcase.openLiveTicket();
        await expect(page.getByTestId('toast').first()).toBeVisible();
        await expect(page.getByText('Order arrived damaged')).toBeVisible();
        await page.waitForTimeout(2600); // the new row's highlight settles
      }
      await shoot(page, `inbox-${device}`);
    });

    test(`ticket view (${device})`, async ({ page }) => {
      const maya = customerSocket(showcase.server.url, showcase.maya.token);
      try {
        await openConsole(page, `/admin/ticket?id=${showcase.featuredId}`);
        await expect(page.getByTestId('ticket-subject')).toHaveText('Charged twice for order #48213');
        await expect(page.getByTestId('note').first()).toBeVisible();
        await expect(page.locator('img[alt="bank-statement.png"]')).toHaveJSProperty('complete', true);
        if (device === 'phone') await page.getByRole('tab', { name: /Conversation/ }).click();
        await maya.client.join(showcase.featuredId);
        // Typing is fire-and-forget and repeated while one types; the console may still be joining
        // the ticket's room, so keep "typing" until it shows, as a real customer's keystrokes would.
        const mayaTypes = () =>
          expect(async () => {
            maya.client.typing(showcase.featuredId, true);
            await expect(page.getByTestId('typing')).toContainText('Maya Patel is typing', { timeout: 1_000 });
          }).toPass({ timeout: 15_000 });
        if (device === 'desktop') await mayaTypes();
        else maya.client.typing(showcase.featuredId, true);
        await page.waitForTimeout(400);
        await shoot(page, `ticket-${device}`);
        if (device === 'phone') {
          await page.getByRole('tab', { name: /Live chat/ }).click();
          await mayaTypes();
          await shoot(page, `ticket-chat-${device}`);
        }
      } finally {
        maya.close();
      }
    });

    test(`search (${device})`, async ({ page }) => {
      // Ranked, with the words found marked in a snippet of where they were said (notes included).
      await openConsole(page, '/admin/inbox?q=invoice');
      await expect(page.getByTestId('search-snippet').first()).toBeVisible();
      await page.waitForTimeout(300);
      await shoot(page, `search-${device}`);
    });

    test(`bulk actions (${device})`, async ({ page }) => {
      await openConsole(page, '/admin/inbox');
      const boxes = page.getByRole('checkbox', { name: /^Select #/ });
      await expect(boxes.first()).toBeVisible();
      for (const i of [0, 1, 3]) await boxes.nth(i).check();
      await expect(page.getByRole('region', { name: 'Bulk actions' })).toContainText('3 tickets selected');
      await page.waitForTimeout(300);
      await shoot(page, `bulk-actions-${device}`);
    });

    test(`site settings (${device})`, async ({ page }) => {
      await openConsole(page, `/admin/settings/sites?site=${showcase.siteId}`);
      await expect(page.getByTestId('site-snippet')).toContainText('data-site-key');
      await expect(page.getByTestId('site-preview')).toBeVisible();
      await shoot(page, `sites-${device}`);
    });

    test(`saved replies (${device})`, async ({ page }) => {
      await openConsole(page, '/admin/replies');
      await expect(page.getByTestId('saved-reply-row').first()).toBeVisible();
      await shoot(page, `saved-replies-${device}`);
    });

    test(`labels (${device})`, async ({ page }) => {
      await openConsole(page, '/admin/settings/labels');
      await expect(page.getByTestId('label-row').first()).toBeVisible();
      await shoot(page, `labels-${device}`);
    });

    test(`overview (${device})`, async ({ page }) => {
      await openConsole(page, '/admin/overview');
      await expect(page.getByTestId('stat-OPEN').getByTestId('stat-value')).toHaveText(/\d+/);
      await page.waitForTimeout(300);
      await shoot(page, `overview-${device}`);
    });

    test(`reports (${device})`, async ({ page }) => {
      await openConsole(page, '/admin/overview');
      const reports = page.getByTestId('reports');
      await expect(reports.getByTestId('report-created')).toHaveText(/\d+/);
      await reports.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await shoot(page, `reports-${device}`);
    });
  });
}

test.describe(`desktop ${DESKTOP.width}x${DESKTOP.height}`, () => {
  test.use({ viewport: DESKTOP });

  test('saved replies in the composer (desktop)', async ({ page }) => {
    await openConsole(page, `/admin/ticket?id=${showcase.featuredId}`);
    await expect(page.getByTestId('ticket-subject')).toHaveText('Charged twice for order #48213');
    const composer = page.locator('#composer-body');
    await composer.click();
    await composer.pressSequentially('/ref');
    await expect(page.getByRole('listbox', { name: 'Saved replies' }).getByRole('option').first()).toBeVisible();
    await page.waitForTimeout(300);
    await shoot(page, 'saved-reply-picker-desktop');
  });

  test('automatic assignment (desktop)', async ({ page }) => {
    await openConsole(page, '/admin/settings/assignment');
    await expect(page.getByRole('heading', { name: /assignment/i }).first()).toBeVisible();
    // Shown turned on (not saved: the showcase's other pictures stay as they are).
    await page.getByRole('checkbox', { name: /Assign new tickets automatically/ }).check();
    await page.waitForTimeout(300);
    await shoot(page, 'assignment-desktop');
  });
});
