// The README's gallery: the widget and the portal, desktop and phone, light and dark, and the widget
// in Arabic (right to left), written to docs/screenshots/. A conversation with Markdown in each.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { adminApi, replyAsAdmin, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const SHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const DEVICES = { desktop: { width: 1200, height: 800 }, phone: { width: 390, height: 844 } } as const;
const REPLY = 'Thanks, Ada! Your parcel left our warehouse **yesterday**:\n1. Track it at https://example.com/track\n2. Or reply here with your `order number`';

let siteKey: string;
test.beforeAll(async () => {
  // "auto": the same site shows light or dark as the visitor's system does.
  siteKey = (await adminApi<{ siteKey: string }>('POST', '/sites', {
    name: 'Acme Store',
    allowedOrigins: [new URL(env.host).origin],
    theme: { mode: 'auto', greeting: 'Hi! How can we help today?' },
  })).siteKey;
  mkdirSync(SHOTS, { recursive: true });
});

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150); // the class follows the media change on the next task
    await page.screenshot({ path: `${SHOTS}${name}-${scheme}.png` });
  }
}

async function widgetConversation(page: Page, locale = '') {
  await page.goto(`${env.host}/?siteKey=${siteKey}${locale ? `&locale=${locale}` : ''}`);
  const widget = new WidgetPage(page);
  await widget.open();
  const first = unique(locale === 'ar' ? 'أين طلبي' : 'Where is my parcel');
  const start = widget.panel.getByRole('textbox', { name: locale === 'ar' ? 'ابدأ محادثة' : 'Start a conversation' });
  await start.fill(`${first}\n${locale === 'ar' ? 'طلبت **حذاءً** قبل أسبوع.' : 'I ordered **running shoes** a week ago.'}`);
  await start.press('Enter');
  const ticket = await ticketBySubject(first);
  await replyAsAdmin(ticket.id, locale === 'ar' ? 'شكرًا! غادر طردك مستودعنا **أمس**: https://example.com/track' : REPLY);
  await expect(widget.panel.locator('strong').last()).toBeVisible();
  await expect(widget.panel.getByRole('link', { name: 'https://example.com/track' })).toBeVisible();
  return widget;
}

for (const [device, viewport] of Object.entries(DEVICES)) {
  test(`the widget on a ${device}, light and dark`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await widgetConversation(page);
    await shoot(page, `widget-${device}`);
  });

  test(`the portal on a ${device}, light and dark`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(`${env.deskline}/portal`);
    const main = page.locator('deskline-portal').getByRole('main');
    await main.getByRole('button', { name: 'No account yet? Create one' }).click();
    await main.getByLabel('Name').fill('Ada Lovelace');
    await main.getByLabel('Email').fill(`${unique('ada').replace(' ', '-')}@example.test`);
    await main.getByLabel('Password').fill('analytical-engine');
    await main.getByRole('button', { name: 'Create account' }).click();
    await expect(main).toContainText('Signed in as Ada Lovelace');
    const subject = unique('Where is my parcel');
    await main.getByRole('button', { name: 'New ticket' }).click();
    await main.getByLabel('Subject').fill(subject);
    await main.getByLabel('Description').fill('I ordered **running shoes** a week ago.');
    await main.getByRole('button', { name: 'Send ticket' }).click();
    await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
    await replyAsAdmin((await ticketBySubject(subject)).id, REPLY);
    await expect(main.getByRole('link', { name: 'https://example.com/track' })).toBeVisible();
    await shoot(page, `portal-${device}`);
  });
}

test('the widget in Arabic, right to left', async ({ page }) => {
  await widgetConversation(page, 'ar');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${SHOTS}widget-desktop-ar-rtl.png` });
});
