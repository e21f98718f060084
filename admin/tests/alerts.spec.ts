import type { Page } from '@playwright/test';
import { AGENT_PASSWORD, expect, makeAgent, test, unique } from './fixtures';

/** Records every browser notification and WebAudio tone the page makes, with permission granted. */
async function recordAlerts(page: Page) {
  await page.context().grantPermissions(['notifications']);
  await page.addInitScript(() => {
    const w = window as unknown as { __notifications: { title: string; body?: string }[]; __tones: number };
    w.__notifications = [];
    w.__tones = 0;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body?: string } = {}) {
        w.__notifications.push({ title, body: options.body });
      }
      close() {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true, writable: true });
    const RealAudio = window.AudioContext;
    class CountingAudio extends RealAudio {
      override createOscillator() {
        w.__tones++;
        return super.createOscillator();
      }
    }
    Object.defineProperty(window, 'AudioContext', { value: CountingAudio, configurable: true, writable: true });
  });
}

const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: { title: string }[] }).__notifications.map((n) => n.title));

async function signInAs(page: Page, email: string) {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(AGENT_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/inbox/);
  // Alerts come over the live connection: events before it is up are not heard.
  await expect(page.getByTestId('connection').first()).toHaveAttribute('data-state', 'connected');
}

test('an agent is alerted to a new ticket, an assignment and a customer reply, with a sound', async ({ page, deskline }) => {
  const { api, admin } = deskline;
  const agent = await makeAgent(deskline, 'Alex Alerted');
  expect((await api('PATCH', '/me/preferences', { token: agent.token, body: { alerts: { newTicket: true, assigned: true, customerReply: true, sound: true } } })).status).toBe(200);
  await recordAlerts(page);
  await signInAs(page, agent.user.email);

  const customer = await deskline.registerCustomer('Nora Notify');
  const ticket = await deskline.createTicket(customer.token, { subject: `Alert me ${unique()}` });
  await expect.poll(() => notifications(page)).toContain(`New ticket #${ticket.number}`);

  // Assigned by someone else: alerted. Assigning oneself is not news.
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { assigneeId: agent.user.id } })).status).toBe(200);
  await expect.poll(() => notifications(page)).toContain(`Assigned to you: #${ticket.number}`);

  expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'Any news?' } })).status).toBe(201);
  await expect.poll(() => notifications(page)).toContain(`Nora Notify replied on #${ticket.number}`);
  expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThan(0);
});

test('an agent who turned an alert off gets none of that kind, and no sound unless chosen', async ({ page, deskline }) => {
  const { api, admin } = deskline;
  const agent = await makeAgent(deskline, 'Quiet Quinn');
  expect((await api('PATCH', '/me/preferences', { token: agent.token, body: { alerts: { newTicket: true, assigned: false, customerReply: false, sound: false } } })).status).toBe(200);
  await recordAlerts(page);
  await signInAs(page, agent.user.email);

  const customer = await deskline.registerCustomer('Sam Silent');
  const ticket = await deskline.createTicket(customer.token, { subject: `No alerts ${unique()}` });
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { assigneeId: agent.user.id } })).status).toBe(200);
  expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'Hello?' } })).status).toBe(201);
  // A later new ticket proves the alerts were live all along.
  const later = await deskline.createTicket(customer.token, { subject: `Later ${unique()}` });
  await expect.poll(() => notifications(page)).toContain(`New ticket #${later.number}`);
  const titles = await notifications(page);
  expect(titles.filter((t) => t.includes(`#${ticket.number}`) && !t.startsWith('New ticket'))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBe(0);
});

test('without permission, the console asks on a click and shows alerts in the page instead', async ({ page, deskline }) => {
  const { api, admin } = deskline;
  const agent = await makeAgent(deskline, 'Dana Denied');
  await page.addInitScript(() => {
    class DeniedNotification {
      static permission = 'default';
      static requestPermission = async () => {
        (DeniedNotification as { permission: string }).permission = 'denied';
        return 'denied';
      };
    }
    Object.defineProperty(window, 'Notification', { value: DeniedNotification, configurable: true, writable: true });
  });
  await signInAs(page, agent.user.email);
  const prompt = page.getByRole('region', { name: 'Desktop notifications' });
  await prompt.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(page.getByText('Desktop notifications are blocked')).toBeVisible();
  await expect(prompt).toHaveCount(0);

  const customer = await deskline.registerCustomer('Ivy InPage');
  const ticket = await deskline.createTicket(customer.token, { subject: `In page ${unique()}` });
  expect((await api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { assigneeId: agent.user.id } })).status).toBe(200);
  await expect(page.getByText(`Assigned to you: #${ticket.number}`)).toBeVisible();
});
