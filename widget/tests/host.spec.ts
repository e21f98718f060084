// The widget as a guest on someone else's page: isolation, CSP, globals, the public API,
// keyboard use, locales and phones. Host pages come from tests/support/host-server.ts.
import { expect, test, type Page } from '@playwright/test';
import { collectCspViolations, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const hostPage = (query: Record<string, string> = {}) => `${env.host}/?${new URLSearchParams({ siteKey: env.siteKey, ...query })}`;
const events = (page: Page) => page.evaluate(() => (window as any).__hostProbe.events as { name: string; payload: unknown }[]);

/** What the panel looks like: pixels (without the rounded corners, which show the page) and computed styles. */
async function look(widget: WidgetPage) {
  const box = (await widget.panel.boundingBox())!;
  const launcherBox = (await widget.launcher.boundingBox())!;
  const panel = await widget.page.screenshot({ clip: { x: box.x, y: box.y + 16, width: box.width, height: box.height - 32 } });
  const launcher = await widget.page.screenshot({ clip: { x: launcherBox.x + 10, y: launcherBox.y + 10, width: 36, height: 36 } });
  const styles = await widget.page.evaluate(() => {
    const host = document.querySelector('deskline-widget')!;
    const root = host.shadowRoot!;
    const props = ['color', 'font-family', 'font-size', 'line-height', 'letter-spacing', 'text-transform', 'text-shadow', 'padding-top', 'margin-top', 'border-top-width', 'background-color', 'display', 'visibility', 'opacity', 'transform', 'filter', 'box-sizing', 'cursor', 'position'];
    const read = (el: Element | null) => {
      if (!el) return null;
      const style = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    };
    const selectors = ['.dl-l', '.dl-p', '.dl-h h2', '.dl-m', '.dl-btn', '.dl-greet', '.dl-acct', '.dl-f input', '.dl-f label', '.dl-f select', '.dl-f textarea'];
    return Object.fromEntries([['host', read(host)], ...selectors.map((s) => [s, read(root.querySelector(s))])]) as Record<string, Record<string, string> | null>;
  });
  return { box, launcherBox, panel, launcher, styles };
}

test('a hostile host stylesheet leaves the widget looking exactly the same', async ({ page }) => {
  const widget = new WidgetPage(page);
  const capture = async (hostile: boolean) => {
    await page.goto(hostPage(hostile ? { hostile: '1' } : {}));
    await widget.open();
    await expect(widget.panel.getByText('You have no tickets yet.')).toBeVisible();
    const home = await look(widget);
    await widget.panel.getByRole('button', { name: 'New ticket' }).click();
    await expect(widget.panel.getByLabel('Subject')).toBeVisible();
    await page.mouse.move(0, 0);
    const form = await look(widget);
    return { home, form };
  };
  const plain = await capture(false);
  const hostile = await capture(true);
  // The hostile sheet is in force on the host page itself…
  expect(await page.locator('p').first().evaluate((p) => getComputedStyle(p).color)).toBe('rgb(255, 0, 0)');
  expect(await page.locator('p').first().evaluate((p) => getComputedStyle(p).fontSize)).toBe('40px');
  // …and changes nothing in the widget.
  for (const screen of ['home', 'form'] as const) {
    expect(hostile[screen].styles, screen).toEqual(plain[screen].styles);
    expect(hostile[screen].box, screen).toEqual(plain[screen].box);
    expect(hostile[screen].launcherBox, screen).toEqual(plain[screen].launcherBox);
    expect(hostile[screen].panel.equals(plain[screen].panel), `${screen}: panel pixels`).toBe(true);
    expect(hostile[screen].launcher.equals(plain[screen].launcher), `${screen}: launcher pixels`).toBe(true);
  }
  expect(plain.home.styles['.dl-greet']).toMatchObject({ 'font-size': '15px', color: 'rgb(31, 41, 55)', 'text-transform': 'none' });
});

test('works under a strict CSP: no inline script or style, no eval, nothing refused', async ({ page }) => {
  const violations = await collectCspViolations(page);
  const response = await page.goto(hostPage());
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("style-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');
  const widget = new WidgetPage(page);
  await widget.open();
  await widget.createTicket(unique('Under CSP'));
  await widget.send('styled and connected');
  await expect(widget.messages.first()).toHaveAttribute('data-state', 'sent');
  // Styled, although inline styles are refused.
  expect(await widget.launcher.evaluate((el) => getComputedStyle(el).borderRadius)).toBe('50%');
  expect(violations).toEqual([]);
  // The detector itself works: an inline style is refused and reported.
  await page.evaluate(() => document.head.appendChild(document.createElement('style')).append('p{color:blue}'));
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test('adds no global but Deskline, even once its app has loaded', async ({ page }) => {
  await page.goto(hostPage());
  await new WidgetPage(page).launcher.hover(); // loads the app (tests/loading.spec.ts)
  await expect.poll(async () => (await events(page)).map((e) => e.name)).toContain('ready');
  const added = await page.evaluate(() => {
    const before = new Set((window as any).__hostProbe.before as string[]);
    return Object.getOwnPropertyNames(window).filter((name) => !before.has(name) && name !== '__hostProbe');
  });
  expect(added).toEqual(['Deskline']);
  // The launcher, the panel and everything else live in one shadow root.
  expect(await page.locator('deskline-widget').count()).toBe(1);
  expect(await page.evaluate(() => document.body.querySelectorAll(':scope > *:not(h1, p, deskline-widget)').length)).toBe(0);
});

test('the public API: queued calls are replayed, open/close/toggle/newTicket/on/logout', async ({ page }) => {
  const queue = [['newTicket', { subject: 'Queued before load', category: 'billing', priority: 'HIGH' }]];
  await page.goto(hostPage({ queue: JSON.stringify(queue) }));
  const widget = new WidgetPage(page);
  // Called before widget.js loaded: opens the panel on the prefilled form.
  await expect(widget.panel).toBeVisible();
  await expect(widget.panel.getByLabel('Subject')).toHaveValue('Queued before load');
  await expect(widget.panel.getByLabel('Category')).toHaveValue('billing');
  await expect(widget.panel.getByLabel('Priority')).toHaveValue('HIGH');

  await page.evaluate(() => (window as any).Deskline('close'));
  await expect(widget.panel).toBeHidden();
  await page.evaluate(() => (window as any).Deskline('toggle'));
  await expect(widget.panel).toBeVisible();
  await page.evaluate(() => (window as any).Deskline('toggle'));
  await expect(widget.panel).toBeHidden();
  await page.evaluate(() => (window as any).Deskline('open'));
  await expect(widget.panel).toBeVisible();
  expect((await events(page)).map((e) => e.name).filter((n) => n === 'open' || n === 'close' || n === 'ready')).toEqual(['open', 'ready', 'close', 'open', 'close', 'open']);

  await widget.panel.getByLabel('Description').fill('Charged twice.');
  await widget.panel.getByRole('button', { name: 'Send ticket' }).click();
  await expect(widget.panel.getByRole('heading', { level: 2 })).toContainText('Queued before load');
  const visitor = await page.evaluate((key) => JSON.parse(localStorage.getItem(`deskline:${key}`)!).visitorId, env.siteKey);

  // logout forgets the visitor: the next session is someone new, with no tickets. The stored
  // session is empty only for a moment (the open panel starts a new one at once), so the test
  // waits for what lasts: another visitorId.
  await page.evaluate(() => (window as any).Deskline('logout'));
  const visitorNow = () => page.evaluate((key) => JSON.parse(localStorage.getItem(`deskline:${key}`) ?? 'null')?.visitorId ?? null, env.siteKey);
  await expect.poll(async () => { const now = await visitorNow(); return Boolean(now) && now !== visitor; }).toBe(true);
  await expect(widget.panel.getByText('You have no tickets yet.')).toBeVisible();
});

test('keyboard and screen readers: labelled launcher, focus trap, Escape returns focus', async ({ page }) => {
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toHaveAttribute('aria-label', 'Open support chat');
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'false');
  await widget.launcher.focus();
  await page.keyboard.press('Enter');
  await expect(widget.panel).toBeVisible();
  await expect(widget.panel).toHaveAttribute('role', 'dialog');
  await expect(widget.panel).toHaveAttribute('aria-modal', 'true');
  // The panel is named by its site, as the console's preview shows it.
  await expect(widget.root.getByRole('dialog', { name: 'Example Shop' })).toBeVisible();
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'true');
  await expect(widget.launcher).toHaveAttribute('aria-label', 'Close support chat');
  await expect(widget.panel.getByRole('heading', { name: 'Example Shop' })).toBeFocused();
  await expect(widget.panel.getByText('You have no tickets yet.')).toBeVisible();

  const focusInPanel = () => page.evaluate(() => {
    const root = document.querySelector('deskline-widget')!.shadowRoot!;
    return Boolean(root.activeElement && root.querySelector('.dl-p')!.contains(root.activeElement));
  });
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await focusInPanel()).toBe(true);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await focusInPanel()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(widget.panel).toBeHidden();
  await expect(widget.launcher).toBeFocused();
});

test('speaks French when the snippet says data-locale="fr" or the browser prefers French', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await expect(widget.launcher).toHaveAttribute('aria-label', 'Ouvrir le chat d’assistance');
  await widget.open();
  await expect(widget.panel.getByRole('button', { name: 'Nouvelle demande' })).toBeVisible();
  await expect(widget.panel).toContainText('Vous n’avez encore aucune demande.');
  await context.close();

  const english = await browser.newPage({ locale: 'en-US' });
  await english.goto(hostPage({ locale: 'fr' }));
  await expect(new WidgetPage(english).launcher).toHaveAttribute('aria-label', 'Ouvrir le chat d’assistance');
  await english.close();
});

test('fills the screen on a phone', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true });
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await widget.launcher.tap();
  await expect(widget.panel).toBeVisible();
  expect(await widget.panel.boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 700 });
  await widget.panel.getByRole('button', { name: 'Close' }).tap();
  await expect(widget.panel).toBeHidden();
  await page.close();
});

test('serves a short-cached loader that names a content-hashed, long-cached app bundle', async () => {
  const loader = await fetch(`${env.deskline}/widget.js`);
  expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
  const [app] = (await loader.text()).match(/app\.[0-9a-f]{8}\.js/) ?? [];
  expect(app).toBeDefined();
  const bundle = await fetch(`${env.deskline}/widget/${app}`);
  expect(bundle.status).toBe(200);
  expect(bundle.headers.get('cache-control')).toContain('immutable');
  expect(bundle.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
});

test('a visitor can register, sign out and sign in with email and password in the widget', async ({ page }) => {
  await page.goto(hostPage());
  const widget = new WidgetPage(page);
  await widget.open();
  await widget.panel.getByRole('button', { name: 'Sign in' }).click();
  await widget.panel.getByRole('button', { name: 'No account yet? Create one' }).click();
  const email = `${unique('grace').replace(' ', '-')}@example.test`;
  await widget.panel.getByLabel('Name').fill('Grace Hopper');
  await widget.panel.getByLabel('Email').fill(email);
  await widget.panel.getByLabel('Password').fill('short');
  await widget.panel.getByRole('button', { name: 'Create account' }).click();
  await expect(widget.panel.getByText('The password needs at least 8 characters.')).toBeVisible();
  await widget.panel.getByLabel('Password').fill('correct horse battery');
  await widget.panel.getByRole('button', { name: 'Create account' }).click();
  await expect(widget.panel).toContainText('Signed in as Grace Hopper');
  const subject = unique('From an account');
  await widget.createTicket(subject);
  await widget.panel.getByRole('button', { name: 'Back' }).click();
  await widget.panel.getByRole('button', { name: 'Sign out' }).click();
  await expect(widget.panel).toContainText('Chatting as a guest');
  await expect(widget.panel.getByText('You have no tickets yet.')).toBeVisible();

  await widget.panel.getByRole('button', { name: 'Sign in' }).click();
  await widget.panel.getByLabel('Email').fill(email);
  await widget.panel.getByLabel('Password').fill('wrong password');
  await widget.panel.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(widget.panel.getByRole('alert')).toBeVisible();
  await widget.panel.getByLabel('Password').fill('correct horse battery');
  await widget.panel.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(widget.panel.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
});
