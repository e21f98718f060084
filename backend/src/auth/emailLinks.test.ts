// Password reset by email: no account enumeration, a link that works once for 30 minutes, and
// every session of the account ended by the new password.
import type { OutboxEmailJson } from '@deskline/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { sleep, waitFor } from '../test/instances.js';

let s: TestServer;
let admin: TestUser;
beforeAll(async () => {
  s = await startTestServer({ env: { MAIL_FROM: 'Acme Support <support@acme.test>', PUBLIC_URL: 'https://help.acme.test' } });
  admin = await s.createUser('ADMIN');
}, 180_000);
afterAll(() => s?.close());

async function resetEmails(address: string): Promise<OutboxEmailJson[]> {
  const res = await s.api<{ items: OutboxEmailJson[] }>('GET', '/email/outbox?limit=100', { token: admin.token });
  return res.body.items.filter((e) => e.kind === 'password.reset' && e.to.includes(address));
}

/** Asks for a reset of `user`'s password and returns the token of the link emailed. */
async function resetLink(user: TestUser, count = 1): Promise<{ token: string; url: string }> {
  expect((await s.api('POST', '/auth/password-reset', { body: { email: user.email.toUpperCase() } })).status).toBe(204);
  const emails = await waitFor(async () => {
    const found = await resetEmails(user.email);
    return found.length >= count ? found : undefined;
  });
  const url = /https:\/\/help\.acme\.test\/\S+#reset=([\w-]+)/.exec(emails[0]!.text);
  expect(url).not.toBeNull();
  return { token: url![1]!, url: url![0] };
}

const confirm = (token: string, newPassword = 'brand-new-password') =>
  s.api('POST', '/auth/password-reset/confirm', { body: { token, newPassword } });
const login = (email: string, password: string) => s.api('POST', '/auth/login', { body: { email, password } });

describe('password reset', () => {
  it('answers 204 whether or not the account exists, and emails only a real account', async () => {
    const res = await s.api('POST', '/auth/password-reset', { body: { email: 'nobody-here@example.test' } });
    expect(res.status).toBe(204);
    await sleep(500);
    expect(await resetEmails('nobody-here@example.test')).toEqual([]);
    const customer = await s.createUser('CUSTOMER');
    const { url } = await resetLink(customer);
    expect(url).toMatch(/\/portal#reset=/);
    const agent = await s.createUser('AGENT');
    expect((await resetLink(agent)).url).toMatch(/\/admin\/login#reset=/);
  });

  it('the link sets a new password once, and every other session of the account ends', async () => {
    const customer = await s.createUser('CUSTOMER');
    const { token } = await resetLink(customer);
    expect((await confirm(token)).status).toBe(204);
    expect((await s.api('GET', '/auth/me', { token: customer.token })).status).toBe(401);
    expect((await login(customer.email, 'password123')).status).toBe(401);
    expect((await login(customer.email, 'brand-new-password')).status).toBe(200);
    const again = await confirm(token, 'another-password');
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVALID_LINK');
  });

  it('an expired link is refused, and so is one issued before the password changed', async () => {
    const customer = await s.createUser('CUSTOMER');
    const first = await resetLink(customer);
    await s.ctx.db.passwordReset.updateMany({ where: { userId: customer.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await confirm(first.token)).status).toBe(400);

    const second = await resetLink(customer, 2);
    expect((await s.api('POST', '/auth/password', { token: customer.token, body: { currentPassword: 'password123', newPassword: 'changed-meanwhile' } })).status).toBe(204);
    expect((await confirm(second.token)).status).toBe(400);
    expect((await login(customer.email, 'changed-meanwhile')).status).toBe(200);
    expect((await confirm('made-up-token')).status).toBe(400);
  });

  it('refuses a weak new password with a 400 naming the field', async () => {
    const res = await confirm('whatever', 'short');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('newPassword');
  });

  it('sends at most three links an hour to one account, still answering 204', async () => {
    const customer = await s.createUser('CUSTOMER');
    for (let i = 0; i < 5; i++) expect((await s.api('POST', '/auth/password-reset', { body: { email: customer.email } })).status).toBe(204);
    await waitFor(async () => (await resetEmails(customer.email)).length >= 3);
    await sleep(500);
    expect(await resetEmails(customer.email)).toHaveLength(3);

    // At once: each is handled after its 204, side by side with the others, and still three go out.
    const other = await s.createUser('CUSTOMER');
    const burst = await Promise.all(Array.from({ length: 6 }, () => s.api('POST', '/auth/password-reset', { body: { email: other.email } })));
    expect(burst.map((r) => r.status)).toEqual(Array(6).fill(204));
    await waitFor(async () => (await resetEmails(other.email)).length >= 3);
    await sleep(500);
    expect(await resetEmails(other.email)).toHaveLength(3);
  });

  it('is limited per client address (429)', async () => {
    const limited = await startTestServer({ rateLimits: { registrations: 2 } });
    try {
      const ask = () => limited.api('POST', '/auth/password-reset', { body: { email: 'someone@example.test' } });
      expect((await ask()).status).toBe(204);
      expect((await ask()).status).toBe(204);
      expect((await ask()).status).toBe(429);
    } finally {
      await limited.close();
    }
  }, 180_000);
});

describe('Send a test email', () => {
  it("queues one to the admin's own address, shown in the outbox", async () => {
    const res = await s.api<OutboxEmailJson>('POST', '/email/test', { token: admin.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'test', to: expect.stringContaining(admin.email), status: 'NOT_SENT' });
    const outbox = await s.api<{ items: OutboxEmailJson[] }>('GET', '/email/outbox', { token: admin.token });
    expect(outbox.body.items.map((e) => e.id)).toContain(res.body.id);
  });
});
