// What the customer reads and how it looks: the Markdown subset rendered as elements (script-bearing
// input stays inert, under Trusted Types too), dark mode from the site's theme, and Arabic right to left.
import { expect, test, type Page } from '@playwright/test';
import { adminApi, replyAsAdmin, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

/** A screenshot in the test's report (the README's gallery comes from screenshots.spec.ts). */
const attachShot = async (page: Page, name: string) => test.info().attach(name, { body: await page.screenshot(), contentType: 'image/png' });

/** A site on the test host's origin with the given theme mode. */
async function siteWithMode(mode: 'light' | 'dark' | 'auto') {
  const site = await adminApi<{ siteKey: string }>('POST', '/sites', {
    name: 'Acme Store',
    allowedOrigins: [new URL(env.host).origin],
    theme: { mode, greeting: 'Hi! Ask us anything.' },
  });
  return site.siteKey;
}

/** Starts a conversation from the home screen; returns once its thread shows. */
async function startByTyping(widget: WidgetPage, text: string) {
  const start = widget.panel.getByRole('textbox', { name: /Start a conversation|ابدأ محادثة/ });
  await start.fill(text);
  await start.press('Enter');
  await expect(widget.composer.or(widget.panel.getByRole('textbox', { name: 'الرسالة' }))).toBeVisible();
}

async function noScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

test('Markdown renders as elements, and script-bearing input stays inert under Trusted Types', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // tt=require: the host page enforces Trusted Types, so HTML made from a string would throw.
  await page.goto(`${env.host}/?siteKey=${env.siteKey}&tt=require`);
  const widget = new WidgetPage(page);
  await widget.open();
  const first = unique('Order help');
  await startByTyping(widget, `${first}\nMy **order** is _late_, see \`#4417\` and https://example.com/track.`);
  const ticket = await ticketBySubject(first);

  await replyAsAdmin(
    ticket.id,
    'Sorry! Please try:\n1. Open [your account](https://example.com/account)\n2. Click **Orders**\n\n```\nreset --all\n```\n- mail [us](mailto:help@example.com)',
  );
  await widget.send('**<script>window.__xss=1</script>** <img src=x onerror="window.__xss=2;alert(1)"> [click](javascript:window.__xss=3) <b onclick="alert(2)">b</b>');

  const panel = widget.panel;
  await expect(panel.locator('strong', { hasText: /^order$/ })).toBeVisible();
  await expect(panel.locator('em', { hasText: 'late' })).toBeVisible();
  await expect(panel.locator('code', { hasText: '#4417' })).toBeVisible();
  const bare = panel.locator('a', { hasText: 'https://example.com/track' });
  await expect(bare).toHaveAttribute('href', 'https://example.com/track');
  await expect(panel.locator('.dl-rt ol > li')).toHaveText(['Open your account', 'Click Orders']);
  const link = panel.getByRole('link', { name: 'your account' });
  await expect(link).toHaveAttribute('href', 'https://example.com/account');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await expect(panel.locator('pre code')).toHaveText('reset --all');
  await expect(panel.getByRole('link', { name: 'us' })).toHaveAttribute('href', 'mailto:help@example.com');

  // The hostile message shows as text: no element from it, no javascript: link, nothing ran.
  const hostile = panel.locator('strong', { hasText: '<script>window.__xss=1</script>' });
  await expect(hostile).toBeVisible();
  await expect(panel.getByText('<img src=x onerror="window.__xss=2;alert(1)">', { exact: false })).toBeVisible();
  await expect(panel.locator('script, img[src="x"], b[onclick], [onerror]')).toHaveCount(0);
  await expect(panel.locator('a[href^="javascript"]')).toHaveCount(0);
  await expect(panel.getByText('[click](javascript:window.__xss=3)')).toBeVisible();
  await noScriptRan(page);
  expect(dialogs).toEqual([]);
});

test('dark mode: a dark site is dark, and auto follows prefers-color-scheme live', async ({ page }) => {
  const dark = await siteWithMode('dark');
  await page.goto(`${env.host}/?siteKey=${dark}`);
  const widget = new WidgetPage(page);
  await widget.open();
  await expect(widget.root.locator('.dl')).toHaveClass(/\bdark\b/);
  await expect(widget.panel).toHaveCSS('background-color', 'rgb(17, 24, 39)');

  const auto = await siteWithMode('auto');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${env.host}/?siteKey=${auto}`);
  await widget.open();
  await expect(widget.panel).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(widget.panel).toHaveCSS('background-color', 'rgb(17, 24, 39)');
  await expect(widget.panel.getByText('Hi! Ask us anything.')).toHaveCSS('color', 'rgb(229, 231, 235)');
  await startByTyping(widget, `${unique('Dark question')}\nDoes **dark mode** follow my system?`);
  await attachShot(page, 'widget-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(widget.panel).toHaveCSS('background-color', 'rgb(255, 255, 255)');

  // The portal has no site: it follows the customer's system.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${env.deskline}/portal`);
  await expect(page.locator('deskline-portal').locator('.dl')).toHaveClass(/\bdark\b/);
});

test('Arabic: the widget reads right to left, its launcher and panel on the mirrored side', async ({ page }) => {
  await page.goto(`${env.host}/?siteKey=${env.siteKey}&locale=ar`);
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toHaveAttribute('aria-label', 'افتح محادثة الدعم');
  // Bottom left, where "right" is the end side. Laid out once its styles apply (boundingBox does not wait).
  await expect(widget.launcher).toBeVisible();
  await expect.poll(async () => (await widget.launcher.boundingBox())?.x ?? Infinity).toBeLessThan(100);
  await widget.open();
  const root = widget.root.locator('.dl');
  await expect(root).toHaveAttribute('dir', 'rtl');
  await expect(root).toHaveAttribute('lang', 'ar');
  await expect(widget.panel).toHaveCSS('direction', 'rtl');
  expect((await widget.panel.boundingBox())!.x).toBeLessThan(100);
  await expect(widget.panel.getByRole('textbox', { name: 'ابدأ محادثة' })).toBeVisible();
  await startByTyping(widget, `${unique('سؤال')}\nأين **طلبي**؟`);
  await expect(widget.panel.locator('strong', { hasText: 'طلبي' })).toBeVisible();
  await attachShot(page, 'widget-ar-rtl');
});
