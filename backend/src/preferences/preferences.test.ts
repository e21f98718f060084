import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferencesJson } from '@deskline/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('notification preferences', () => {
  it('a team member who never chose gets the defaults: everything on but the sound', async () => {
    const agent = await s.createUser('AGENT');
    const res = await s.api<NotificationPreferencesJson>('GET', '/me/preferences', { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      email: { newTicket: true, assigned: true, customerReply: true },
      alerts: { newTicket: true, assigned: true, customerReply: true, sound: false },
    });
    expect(res.body).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
  });

  it('a change keeps what it leaves out, is answered as saved, and is read back the same', async () => {
    const admin = await s.createUser('ADMIN');
    const first = await s.api('PATCH', '/me/preferences', { token: admin.token, body: { email: { newTicket: false } } });
    expect(first.status).toBe(200);
    expect(first.body.email).toEqual({ newTicket: false, assigned: true, customerReply: true });
    const second = await s.api('PATCH', '/me/preferences', { token: admin.token, body: { alerts: { sound: true, assigned: false } } });
    expect(second.body).toEqual({
      email: { newTicket: false, assigned: true, customerReply: true },
      alerts: { newTicket: true, assigned: false, customerReply: true, sound: true },
    });
    expect((await s.api('GET', '/me/preferences', { token: admin.token })).body).toEqual(second.body);
  });

  it("one member's choices are theirs alone", async () => {
    const [a, b] = [await s.createUser('AGENT'), await s.createUser('AGENT')];
    await s.api('PATCH', '/me/preferences', { token: a.token, body: { email: { assigned: false } } });
    expect((await s.api('GET', '/me/preferences', { token: b.token })).body.email.assigned).toBe(true);
  });

  it('refuses unknown choices and non-booleans with a 400 naming the field', async () => {
    const agent = await s.createUser('AGENT');
    const unknown = await s.api('PATCH', '/me/preferences', { token: agent.token, body: { email: { everything: false } } });
    expect(unknown.status).toBe(400);
    const wrongType = await s.api('PATCH', '/me/preferences', { token: agent.token, body: { alerts: { sound: 'yes' } } });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body.error.details)).toContain('alerts.sound');
  });

  it('customers have none: 403', async () => {
    const customer = await s.createUser('CUSTOMER');
    expect((await s.api('GET', '/me/preferences', { token: customer.token })).status).toBe(403);
    expect((await s.api('PATCH', '/me/preferences', { token: customer.token, body: {} })).status).toBe(403);
  });
});
