// What every spec needs: the server's URL, an API client, accounts, and a customer's live socket.
import { test as base, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { RealtimeClient, type RealtimeEvents } from '@deskline/contract/client';
import type { Role } from '@deskline/contract';
import { ADMIN } from './server';

export { expect };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface Account {
  token: string;
  user: { id: string; name: string; email: string; role: Role };
}

export type Api = <T = any>(method: string, path: string, options?: { token?: string; body?: unknown; form?: FormData }) => Promise<ApiResponse<T>>;

export function apiClient(baseUrl: string): Api {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}/api${path}`, { method, headers, body });
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') ? await response.json() : await response.text() };
  };
}

export const unique = (prefix = 'e2e') => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface Deskline {
  url: string;
  api: Api;
  admin: Account;
  login(email: string, password: string): Promise<Account>;
  registerCustomer(name?: string): Promise<Account>;
  createTicket(token: string, fields?: Partial<{ subject: string; description: string; category: string; priority: string }>): Promise<any>;
}

export async function connectDeskline(url: string): Promise<Deskline> {
  const api = apiClient(url);
  const login = async (email: string, password: string) => {
    const res = await api<Account>('POST', '/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    url,
    api,
    admin: await login(ADMIN.email, ADMIN.password),
    login,
    async registerCustomer(name = 'Casey Customer') {
      const email = `${unique('customer')}@example.test`;
      const res = await api<Account>('POST', '/auth/register', { body: { name, email, password: 'customer-password' } });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async createTicket(token, fields = {}) {
      const res = await api('POST', '/tickets', {
        token,
        body: { subject: fields.subject ?? `Help needed ${unique()}`, description: fields.description ?? 'Something is not working.', category: fields.category ?? 'general', priority: fields.priority ?? 'MEDIUM' },
      });
      if (res.status !== 201) throw new Error(`create ticket: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/** A customer's live connection (the same RealtimeClient the widget uses), recording what it hears. */
export function customerSocket(url: string, token: string) {
  const client = new RealtimeClient({ url, token, socketOptions: { transports: ['websocket'] } });
  const heard: { event: keyof RealtimeEvents; payload: any }[] = [];
  for (const event of ['message:new', 'typing', 'message:read', 'comment:new', 'ticket:updated', 'ticket:created'] as const) {
    client.on(event, (payload) => heard.push({ event, payload }));
  }
  return {
    client,
    heard,
    of: (event: keyof RealtimeEvents) => heard.filter((h) => h.event === event).map((h) => h.payload),
    close: () => client.close(),
  };
}

export const test = base.extend<{ signIn: (page?: Page) => Promise<void>; pageProblems: string[] }, { deskline: Deskline }>({
  baseURL: async ({}, use) => {
    await use(process.env.DESKLINE_URL);
  },
  /** Uncaught errors and Content-Security-Policy refusals on console pages fail the test. */
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      const onConsole = (page: Page) => {
        page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
        });
      };
      onConsole(page);
      page.context().on('page', onConsole);
      await use(problems);
      expect(problems.filter((p) => p.includes('/admin')), 'errors on console pages').toEqual([]);
    },
    { auto: true },
  ],
  deskline: [
    async ({}, use) => {
      const url = process.env.DESKLINE_URL;
      if (!url) throw new Error('DESKLINE_URL is not set: run through playwright.config.ts (global-setup starts the server)');
      await use(await connectDeskline(url));
    },
    { scope: 'worker' },
  ],
  /** Signs the root admin in through the form, as a person would. */
  signIn: async ({ page }, use) => {
    await use(async (target = page) => {
      await target.goto('/admin/login');
      await target.getByLabel('Email').fill(ADMIN.email);
      await target.getByLabel('Password').fill(ADMIN.password);
      await target.getByRole('button', { name: 'Sign in' }).click();
      await expect(target).toHaveURL(/\/admin\/inbox/);
    });
  },
});

/** What every agent made by `makeAgent` signs in with. */
export const AGENT_PASSWORD = 'agent-password';

/** An agent added by the admin who has replaced the admin-set password, as the console requires first. */
export async function makeAgent(deskline: Deskline, name: string): Promise<Account> {
  const email = `${unique('agent')}@example.test`;
  const made = await deskline.api('POST', '/users', { token: deskline.admin.token, body: { name, email, password: 'set-by-admin', role: 'AGENT' } });
  expect(made.status).toBe(201);
  const first = await deskline.login(email, 'set-by-admin');
  const changed = await deskline.api('POST', '/auth/password', { token: first.token, body: { currentPassword: 'set-by-admin', newPassword: AGENT_PASSWORD } });
  expect(changed.status).toBe(204);
  return deskline.login(email, AGENT_PASSWORD);
}

/** Team & users → Customers, searched for `email`: that customer's one row. */
export async function customerRow(page: Page, email: string) {
  await page.goto('/admin/settings/users');
  await page.getByRole('tab', { name: 'Customers' }).click();
  await page.getByLabel('Search users').fill(email);
  await page.getByLabel('Search users').press('Enter');
  const row = page.getByTestId('user-row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  return row;
}

/** Puts a session straight into the console's storage (what a signed-in tab has). */
export async function storeSession(page: Page, account: Account) {
  await page.goto('/admin/login');
  await page.evaluate((session) => localStorage.setItem('deskline.admin.session', JSON.stringify(session)), account);
}
