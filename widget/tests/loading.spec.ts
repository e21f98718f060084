// What the widget costs a host page: widget.js and its launcher, and nothing more until the visitor
// shows intent (hover, focus or touch of the launcher, a page call that shows the panel) or has
// unread replies waiting.
import { expect, test, type Page } from '@playwright/test';
import { replyAsAdmin, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const APP = /\/widget\/app\.[0-9a-f]{8}\.js$/;
const hostPage = (query: Record<string, string> = {}) => `${env.host}/?${new URLSearchParams({ siteKey: env.siteKey, ...query })}`;
const events = (page: Page) => page.evaluate(() => ((window as any).__hostProbe.events as { name: string }[]).map((e) => e.name));

/** Records every request for the app bundle the page makes. */
function appRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (APP.test(request.url())) seen.push(request.url());
  });
  return seen;
}

/** The page has loaded, drawn its launcher and gone quiet on the network: whatever it fetches on its own, it has fetched. */
async function settle(page: Page, widget: WidgetPage) {
  await page.waitForLoadState('load');
  await expect(widget.launcher).toBeVisible();
  await page.waitForLoadState('networkidle');
}

test('a page view fetches no app until the visitor hovers the launcher; the click then opens it', async ({ page }) => {
  const requests = appRequests(page);
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await settle(page, widget);
  expect(requests).toEqual([]);
  expect(await page.evaluate(() => Boolean((window as any).Deskline._.app))).toBe(false);

  const fetched = page.waitForRequest(APP);
  await widget.launcher.hover();
  await fetched;
  await expect.poll(() => events(page)).toContain('ready'); // loaded on hover, still closed
  await expect(widget.panel).toBeHidden();
  await widget.open();
  await expect(widget.panel.getByText('You have no tickets yet.')).toBeVisible();
  expect(requests).toHaveLength(1);
});

test('keyboard focus on the launcher loads the app too', async ({ page }) => {
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await settle(page, widget);
  const fetched = page.waitForRequest(APP);
  await widget.launcher.focus();
  await fetched;
  await page.keyboard.press('Enter');
  await expect(widget.panel).toBeVisible();
});

test('passive calls wait in the queue; a call that shows the panel loads the app and every queued call is honoured', async ({ page }) => {
  const requests = appRequests(page);
  // probe.js queues Deskline('on', …) for every event before widget.js loads; one more comes after.
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await settle(page, widget);
  await page.evaluate(() => (window as any).Deskline('on', 'close', () => ((window as any).closedByHost = true)));
  await page.waitForLoadState('networkidle');
  expect(requests).toEqual([]);

  await page.evaluate(() => (window as any).Deskline('open'));
  await expect(widget.panel).toBeVisible();
  expect(requests).toHaveLength(1);
  // The handlers queued before the app loaded all run.
  await expect.poll(() => events(page)).toEqual(expect.arrayContaining(['open', 'ready']));
  await widget.panel.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => page.evaluate(() => (window as any).closedByHost === true)).toBe(true);
  expect(await events(page)).toContain('close');
});

test('a returning visitor with unread replies gets the app and the badge without any intent', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Come back');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  await widget.launcher.click();
  await expect(widget.panel).toBeHidden();
  await replyAsAdmin(ticket.id, 'We answered while you were away.');
  await expect(widget.badge).toHaveText('1');

  // Another page of the site: no hover, no focus, no call, yet the app loads and shows the badge.
  const next = await context.newPage();
  const requests = appRequests(next);
  await next.goto(hostPage());
  const nextWidget = new WidgetPage(next);
  await expect(nextWidget.badge).toHaveText('1');
  expect(requests).toHaveLength(1);

  // Once read, the word is withdrawn: the page after that waits for intent again.
  await nextWidget.open();
  await nextWidget.panel.getByRole('button', { name: new RegExp(subject) }).click();
  await expect(nextWidget.messages).toHaveCount(1);
  await expect(nextWidget.badge).toBeHidden();
  const third = await context.newPage();
  const thirdRequests = appRequests(third);
  await third.goto(hostPage());
  await settle(third, new WidgetPage(third));
  expect(thirdRequests).toEqual([]);
  await context.close();
});

test('word of unread replies with no session to resume is withdrawn: later pages wait for intent again', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const flag = () => page.evaluate((key) => localStorage.getItem(`deskline:${key}:unread`), env.siteKey);
  await page.goto(hostPage());
  await page.evaluate((key) => localStorage.setItem(`deskline:${key}:unread`, '1'), env.siteKey); // e.g. left by a session since cleared
  const requests = appRequests(page);
  await page.reload();
  await expect.poll(flag).toBeNull();
  expect(requests).toHaveLength(1);

  const next = await context.newPage();
  const nextRequests = appRequests(next);
  await next.goto(hostPage());
  await settle(next, new WidgetPage(next));
  expect(nextRequests).toEqual([]);
  await context.close();
});
