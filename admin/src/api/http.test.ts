import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The console's client against a fake server: what it sends, and when a 401 ends the session.
const SESSION_KEY = 'deskline.admin.session';
const ADMIN = { id: 'u-ada', name: 'Ada', email: 'ada@example.com', role: 'ADMIN' };

let storage: Map<string, string>;
let requests: { url: string; method: string; authorization?: string; body?: string }[];
let answer: (url: string) => Response;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function load(stored?: { token: string }) {
  vi.resetModules();
  storage = new Map(stored ? [[SESSION_KEY, JSON.stringify({ ...stored, user: ADMIN })]] : []);
  vi.stubGlobal('window', {
    localStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) },
    addEventListener: () => {},
    location: { origin: 'https://desk.example' },
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      requests.push({ url, method: init.method!, authorization: headers.authorization, body: init.body as string | undefined });
      return answer(url);
    }),
  );
  const http = await import('./http');
  const session = await import('../session/session');
  const ended: string[] = [];
  session.onSessionEnd((reason) => ended.push(reason));
  return { ...http, ended };
}

beforeEach(() => {
  requests = [];
  answer = () => json(200, {});
});
afterEach(() => vi.unstubAllGlobals());

describe("the console's API client", () => {
  it('calls the same origin with the session’s token, and fills the route’s params and query', async () => {
    const { api } = await load({ token: 'tok-1' });
    answer = () => json(200, { items: [], nextCursor: null });
    await api.call('GET /tickets', { query: { status: 'OPEN,IN_PROGRESS', limit: 25 } });
    await api.call('GET /tickets/:id', { params: { id: 'a b' } });
    expect(requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
      ['GET', '/api/tickets?status=OPEN%2CIN_PROGRESS&limit=25', 'Bearer tok-1'],
      ['GET', '/api/tickets/a%20b', 'Bearer tok-1'],
    ]);
  });

  it('a refused token ends the session as expired', async () => {
    const { api, ApiError, ended } = await load({ token: 'tok-1' });
    answer = () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in again' } });
    await expect(api.call('GET /auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(ended).toEqual(['expired']);
    expect(storage.has(SESSION_KEY)).toBe(false);
  });

  it('signing in sends no token, and a wrong password ends nothing', async () => {
    const { api, ended } = await load({ token: 'tok-old' });
    answer = () => json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect' } });
    await expect(api.call('POST /auth/login', { body: { email: 'ada@example.com', password: 'wrong-password' }, anonymous: true })).rejects.toMatchObject({
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    expect(requests[0]!.authorization).toBeUndefined();
    expect(ended).toEqual([]);
  });

  it('revoking a token that is already dead is not an expired session', async () => {
    const { revokeToken, ended } = await load({ token: 'tok-1' });
    answer = () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'Revoked' } });
    await expect(revokeToken()).resolves.toBeUndefined();
    await expect(revokeToken('tok-customer')).resolves.toBeUndefined();
    expect(requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
      ['POST', '/api/auth/logout', 'Bearer tok-1'],
      ['POST', '/api/auth/logout', 'Bearer tok-customer'],
    ]);
    expect(ended).toEqual([]);
  });

  it('an unreachable server is a NETWORK error in the console’s words', async () => {
    const { api } = await load({ token: 'tok-1' });
    answer = () => {
      throw new TypeError('fetch failed');
    };
    await expect(api.call('GET /categories')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: 'Cannot reach the server. Check your connection and try again.' });
  });

  it('keeps attachment links on the console’s origin', async () => {
    const { sameOriginUrl } = await load();
    expect(sameOriginUrl('https://desk.example/api/attachments/a1?sig=x')).toBe('/api/attachments/a1?sig=x');
    expect(sameOriginUrl('/api/attachments/a1?sig=x')).toBe('/api/attachments/a1?sig=x');
  });
});
