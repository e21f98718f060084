import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../errors.js';
import { createApiClient, fillPath, queryString } from './http.js';

/** A fetch that answers from a list, recording each request. */
function fakeFetch(...answers: (Response | Error)[]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    requests.push({ url: String(url), init });
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected request ${String(url)}`);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const headers = (init: RequestInit) => init.headers as Record<string, string>;

describe('fillPath', () => {
  it('fills and encodes each parameter', () => {
    expect(fillPath('/tickets/:id/messages', { id: 'a b/c' })).toBe('/tickets/a%20b%2Fc/messages');
    expect(fillPath('/sites/:id/keys/:key', { id: 's1', key: 'k?' })).toBe('/sites/s1/keys/k%3F');
  });

  it('a missing parameter becomes empty (the server then answers 404)', () => {
    expect(fillPath('/tickets/:id', {})).toBe('/tickets/');
  });
});

describe('queryString', () => {
  it('leaves out empty values and joins arrays with commas', () => {
    expect(queryString({ status: ['OPEN', 'CLOSED'], q: '', cursor: undefined, mine: null, limit: 20, all: false })).toBe(
      '?status=OPEN%2CCLOSED&limit=20&all=false',
    );
  });

  it('is empty without values', () => {
    expect(queryString({})).toBe('');
    expect(queryString()).toBe('');
  });
});

describe('call', () => {
  it('sends the route with its params, query, JSON body and bearer token', async () => {
    const { fetch, requests } = fakeFetch(json(200, { id: 't1' }));
    const api = createApiClient({ origin: 'https://support.example', token: () => 'tok', fetch });
    const ticket = await api.call('PATCH /tickets/:id', { params: { id: 't1' }, body: { status: 'CLOSED' } });
    expect(ticket).toEqual({ id: 't1' });
    const [{ url, init }] = requests as [{ url: string; init: RequestInit }];
    expect(url).toBe('https://support.example/api/tickets/t1');
    expect(init.method).toBe('PATCH');
    expect(init.body).toBe('{"status":"CLOSED"}');
    expect(headers(init)).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
  });

  it('writes bodies with the given JSON writer (the widget ignores a patched JSON.stringify)', async () => {
    const { fetch, requests } = fakeFetch(json(200, {}));
    const api = createApiClient({ fetch, toJson: () => '{"written":"by us"}' });
    await api.call('POST /auth/login', { body: { email: 'a@b.c', password: 'secret123' }, anonymous: true });
    expect(requests[0]!.init.body).toBe('{"written":"by us"}');
  });

  it('sends no token on anonymous calls, and FormData as it is', async () => {
    const { fetch, requests } = fakeFetch(json(201, { id: 't1' }));
    const api = createApiClient({ token: () => 'tok', fetch });
    const form = new FormData();
    form.set('subject', 'Hello');
    await api.call('POST /tickets', { body: form, anonymous: true });
    expect(requests[0]!.init.body).toBe(form);
    expect(headers(requests[0]!.init).authorization).toBeUndefined();
    expect(headers(requests[0]!.init)['content-type']).toBeUndefined(); // the browser sets the boundary
  });

  it('answers undefined for 204', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 204 }));
    await expect(createApiClient({ fetch }).call('POST /auth/logout')).resolves.toBeUndefined();
  });

  it("maps the contract's error body to an ApiError with its code and details", async () => {
    const details = [{ path: 'body.subject', message: 'must be at least 3 characters' }];
    const { fetch } = fakeFetch(json(400, { error: { code: 'VALIDATION_FAILED', message: 'Invalid input', details } }));
    const error = await createApiClient({ fetch })
      .call('POST /tickets', { body: { subject: 'x', description: 'y', category: 'general' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'Invalid input', details });
  });

  it('an error without the contract\'s body still becomes an ApiError (HTTP_<status>)', async () => {
    const { fetch } = fakeFetch(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    await expect(createApiClient({ fetch }).call('GET /auth/me')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', details: [] });
  });

  it('a network failure is status 0, NETWORK, in the front end\'s words', async () => {
    const { fetch } = fakeFetch(new TypeError('Failed to fetch'));
    await expect(createApiClient({ fetch, networkMessage: 'Offline' }).call('GET /auth/me')).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK',
      message: 'Offline',
    });
  });

  it('an aborted call rejects with the abort, not as a network failure', async () => {
    const abort = new DOMException('aborted', 'AbortError');
    const { fetch } = fakeFetch(abort);
    await expect(createApiClient({ fetch }).call('GET /auth/me')).rejects.toBe(abort);
  });

  it('a 401 on a call made with a token ends the session; one made without does not', async () => {
    const onUnauthorized = vi.fn();
    const refused = () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
    const { fetch } = fakeFetch(refused(), json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong password' } }));
    const api = createApiClient({ token: () => 'tok', onUnauthorized, fetch });
    await expect(api.call('GET /auth/me')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.call('POST /auth/login', { body: { email: 'a@b.c', password: 'wrongpass' }, anonymous: true })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('a 401 on a call that expects one (signing out a dead token) is that call\'s alone', async () => {
    const onUnauthorized = vi.fn();
    const { fetch } = fakeFetch(json(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in' } }));
    const api = createApiClient({ token: () => 'tok', onUnauthorized, fetch });
    await expect(api.call('POST /auth/logout', { expectUnauthorized: true })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('url() builds the address of a route, for links and images', () => {
    const api = createApiClient({ origin: 'https://support.example' });
    expect(api.url('GET /attachments/:id', { params: { id: 'a1' }, query: { download: 1 } })).toBe(
      'https://support.example/api/attachments/a1?download=1',
    );
  });
});

describe('paging', () => {
  const page = (items: string[], nextCursor: string | null) => json(200, { items: items.map((id) => ({ id })), nextCursor });

  it('all() follows nextCursor, 100 a page, and keeps the query', async () => {
    const { fetch, requests } = fakeFetch(page(['m1', 'm2'], 'c1'), page(['m3'], null));
    const items = await createApiClient({ fetch }).all('GET /tickets/:id/messages', { params: { id: 't1' }, query: { after: 'm0' } });
    expect(items.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(requests.map((r) => r.url)).toEqual([
      '/api/tickets/t1/messages?limit=100&after=m0',
      '/api/tickets/t1/messages?limit=100&after=m0&cursor=c1',
    ]);
  });

  it('pages() yields page by page, and stops when the caller does', async () => {
    const { fetch, requests } = fakeFetch(page(['a'], 'c1'), page(['b'], 'c2'));
    const seen: string[][] = [];
    for await (const items of createApiClient({ fetch }).pages('GET /tickets', { query: { limit: 1 } })) {
      seen.push(items.map((t) => t.id));
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([['a'], ['b']]);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.url).toBe('/api/tickets?limit=1');
  });

  it('a failing page rejects the whole list', async () => {
    const { fetch } = fakeFetch(page(['a'], 'c1'), json(503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'Busy' } }));
    await expect(createApiClient({ fetch }).all('GET /tickets/:id/comments', { params: { id: 't1' } })).rejects.toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
