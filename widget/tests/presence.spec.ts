// Agents with faces, seen from the widget: the team online while a console is open, who (their
// faces in the header), the usual reply time, and the away message outside the site's business hours.
import { expect, test, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { adminApi, collectCspViolations, PNG, unique } from './support/admin.js';
import { expectAccessible } from './support/axe.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const closedWeek = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

async function api(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${env.deskline}/api${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}) },
    body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** A new agent as they set themselves up: their own password, then an avatar. Answers their token. */
async function agentWithAvatar(name: string): Promise<string> {
  const email = `${unique('agent').replace(' ', '-')}@example.test`;
  await adminApi('POST', '/users', { name, email, password: 'given-by-admin', role: 'AGENT' });
  const { token } = await api('POST', '/auth/login', undefined, { email, password: 'given-by-admin' });
  await api('POST', '/auth/password', token, { currentPassword: 'given-by-admin', newPassword: 'chosen-by-agent' });
  const avatar = new FormData();
  avatar.append('avatar', new Blob([PNG], { type: 'image/png' }), 'face.png');
  await api('PUT', '/me/avatar', token, avatar);
  return token;
}

async function openConsole(token: string): Promise<Socket> {
  const socket = io(env.deskline, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
  return socket;
}

/** The server asks the cluster at most every 5 s: reload until `read` of the fresh header passes. */
async function reloadUntil(page: Page, siteKey: string, read: (widget: WidgetPage) => Promise<unknown>, expected: (value: unknown) => void) {
  await expect(async () => {
    await page.goto(`${env.host}/?siteKey=${siteKey}`);
    const widget = new WidgetPage(page);
    await widget.open();
    expected(await read(widget));
  }).toPass({ timeout: 20_000 });
}

test("the header shows the faces of the team online while their consoles are connected, and no more once one goes away", async ({ page }) => {
  const violations = await collectCspViolations(page);
  const site = await adminApi<{ siteKey: string }>('POST', '/sites', { name: unique('Live Shop'), allowedOrigins: [env.host] });
  const ana = await agentWithAvatar('Ana Lima');
  // The admin ("Administrator") has no avatar: their initials show.
  const admin = await openConsole(env.adminToken);
  const anasConsole = await openConsole(ana);
  const widget = new WidgetPage(page);
  const team = widget.panel.locator('.dl-team');
  const faces = team.getByRole('img', { name: /^Online now: / });
  try {
    await reloadUntil(page, site.siteKey, () => faces.getAttribute('aria-label', { timeout: 2_000 }), (label) => expect(label).toContain('Ana Lima'));
    await expect(faces).toHaveAccessibleName(/Administrator and Ana Lima/);
    await expect(team).toHaveAttribute('data-presence', 'online');
    await expect(team).toContainText('Online');
    // Her uploaded image, loaded under the host page's CSP; the admin's initials on a colour.
    const image = faces.locator('img.dl-av');
    await expect(image).toHaveAttribute('src', /\/api\/avatars\//);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16);
    await expect(faces.locator('span.dl-av').first()).toHaveText('A');
    await expectAccessible(page);

    anasConsole.close();
    await reloadUntil(page, site.siteKey, () => faces.getAttribute('aria-label', { timeout: 2_000 }), (label) => expect(label).not.toContain('Ana Lima'));
    await expect(faces.locator('img')).toHaveCount(0);
    await expect(team).toHaveAttribute('data-presence', 'online');
  } finally {
    anasConsole.close();
    admin.close();
  }
  expect(violations).toEqual([]);
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
