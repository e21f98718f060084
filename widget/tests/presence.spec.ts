// Agents with faces, seen from the widget: the team online while a console is open, the usual
// reply time, and the away message outside the site's business hours.
import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { adminApi, unique } from './support/admin.js';
import { expectAccessible } from './support/axe.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

test("the header says the team is online while an agent's console socket is connected", async ({ page }) => {
  const site = await adminApi<{ siteKey: string }>('POST', '/sites', { name: unique('Live Shop'), allowedOrigins: [env.host] });
  const console = io(env.deskline, { auth: { token: env.adminToken }, transports: ['websocket'] });
  try {
    await new Promise<void>((resolve, reject) => console.once('connect', resolve).once('connect_error', reject));
    // The server asks the cluster at most every 5 s: reload until the header has heard of it.
    await expect
      .poll(async () => {
        await page.goto(`${env.host}/?siteKey=${site.siteKey}`);
        const widget = new WidgetPage(page);
        await widget.open();
        return widget.panel.locator('.dl-team').getAttribute('data-presence');
      }, { timeout: 20_000 })
      .toBe('online');
    await expect(new WidgetPage(page).panel.locator('.dl-team')).toContainText('Online');
  } finally {
    console.close();
  }
});

test('outside business hours the home screen shows the away message', async ({ page }) => {
  const awayMessage = 'Our team is off for the weekend. Leave a message and we answer on Monday.';
  const site = await adminApi<{ siteKey: string }>('POST', '/sites', {
    name: unique('Weekend Shop'),
    allowedOrigins: [env.host],
    businessHours: { timeZone: 'Europe/Paris', week: closedWeek },
    awayMessage,
  });
  await page.goto(`${env.host}/?siteKey=${site.siteKey}`);
  const widget = new WidgetPage(page);
  await widget.open();
  await expect(widget.panel.getByText(awayMessage)).toBeVisible();
  await expectAccessible(page);
});
