// Hostile and malformed input against every endpoint: always a 4xx in the contract's error shape,
// never a 5xx, and nothing stored changes. Text that is merely unusual is accepted and kept intact.
import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngForm, tinyPng } from '../test/fixtures.js';
import type { ZodType } from 'zod';
import { allEndpoints } from '../endpoints.js';
import { signPortalLink } from '../email/links.js';
import type { Endpoint } from '../http/endpoint.js';
import { toAppError } from '../http/errors.js';
import { startTestServer, type ApiResponse, type RequestOptions, type TestServer, type TestUser, unsigned } from '../test/harness.js';

const ORIGIN = 'https://shop.example.com';
const MB = 1024 * 1024;

let server: TestServer;
let admin: TestUser;
let customerA: TestUser;
/** Changes its own password in the POST /auth/password reference request (so no other test uses it). */
let passwordChanger: TestUser;

interface Ids {
  ticket: string;
  comment: string;
  message: string;
  attachment: string;
  category: string;
  user: string;
  site: string;
  label: string;
  savedReply: string;
}
/** What the abuse is aimed at, and must come through unchanged. */
let fixture: Ids;
/** Where well-formed requests go, so they change nothing the final check compares. */
let scratch: Ids;
let siteKey: string;
let identitySecret: string;
/** The email of the fixture's customer C, whose account the abuse also aims at. */
let fixtureUserEmail: string;

/** Every 5xx any request of this file got: the file ends by asserting there were none. */
const serverErrors: string[] = [];

async function call(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const res = await server.api(method, path, options);
  if (res.status >= 500) serverErrors.push(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}x${Date.now().toString(36)}`;

async function ok(res: Promise<ApiResponse>, status: number) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

/** A 4xx in the contract's shape: { error: { code, message, details? } } and nothing else. */
function expectClientError(res: ApiResponse, context: string, status?: number) {
  expect(res.status, `${context}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${context}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (status !== undefined) expect(res.status, `${context}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.body, context).toEqual({
    error: {
      code: expect.stringMatching(/^[A-Z_]+$/),
      message: expect.any(String),
      ...(res.body?.error?.details !== undefined
        ? { details: expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]) }
        : {}),
    },
  });
  for (const detail of res.body.error.details ?? []) expect(Object.keys(detail).sort(), context).toEqual(['message', 'path']);
}

/** 400 VALIDATION_FAILED whose details name `path` (or a field inside it). */
function expectFieldError(res: ApiResponse, path: string, context: string) {
  expectClientError(res, context, 400);
  expect(res.body.error.code, context).toBe('VALIDATION_FAILED');
  const paths: string[] = (res.body.error.details ?? []).map((d: { path: string }) => d.path);
  expect(
    paths.some((p) => p === path || p.startsWith(`${path}.`)),
    `${context}: details ${JSON.stringify(paths)} should name ${path}`,
  ).toBe(true);
}

/** A 4xx; and if it is a validation failure, its details name `path`. */
function expectRefusedNaming(res: ApiResponse, path: string, context: string) {
  expectClientError(res, context);
  if (res.body.error.code === 'VALIDATION_FAILED') expectFieldError(res, path, context);
}

const keyOf = (e: Endpoint) => `${e.method.toUpperCase()} ${e.path}`;
const withIds = (path: string, ids: Ids) => {
  const id = path.startsWith('/users/')
    ? ids.user
    : path.startsWith('/categories/')
      ? ids.category
      : path.startsWith('/attachments/')
        ? ids.attachment
        : path.startsWith('/comments/')
          ? ids.comment
          : path.startsWith('/sites/')
            ? ids.site
            : path.startsWith('/labels/')
              ? ids.label
              : path.startsWith('/saved-replies/')
                ? ids.savedReply
                : ids.ticket;
  return path.replace(':id', id);
};

/** How to send a well-formed request with a body to each endpoint that takes one. */
interface BodyTarget {
  token: () => string | undefined;
  headers?: () => Record<string, string>;
  /** A body using every field the schema knows, valid for a request to `scratch`. */
  valid: (ids: Ids) => Record<string, unknown>;
  ok: number;
}

const bodyTargets: Record<string, BodyTarget> = {
  'POST /auth/register': {
    token: () => undefined,
    valid: () => ({ name: 'Newcomer', email: `${unique('new')}@example.test`, password: 'password123' }),
    ok: 201,
  },
  'POST /auth/login': {
    token: () => undefined,
    valid: () => ({ email: customerA.email, password: 'password123' }),
    ok: 200,
  },
  'POST /users': {
    token: () => admin.token,
    valid: () => ({ name: 'Made', email: `${unique('made')}@example.test`, password: 'password123', role: 'CUSTOMER' }),
    ok: 201,
  },
  'PATCH /users/:id': {
    token: () => admin.token,
    valid: () => ({ name: 'Dora', role: 'CUSTOMER', disabled: false, password: 'set-by-admin' }),
    ok: 200,
  },
  'POST /auth/password': {
    token: () => passwordChanger.token,
    valid: () => ({ currentPassword: 'password123', newPassword: 'password123-changed' }),
    ok: 204,
  },
  'POST /categories': {
    token: () => admin.token,
    valid: () => ({ name: 'Refunds', slug: unique('refunds'), description: 'Money back' }),
    ok: 201,
  },
  'PATCH /categories/:id': {
    token: () => admin.token,
    valid: () => ({ name: 'Renamed', slug: unique('renamed'), description: 'Described' }),
    ok: 200,
  },
  'POST /tickets': {
    token: () => customerA.token,
    valid: () => ({ subject: 'Printer on fire', description: 'Really', category: 'technical', priority: 'HIGH' }),
    ok: 201,
  },
  'PATCH /tickets/:id': {
    token: () => admin.token,
    valid: () => ({
      subject: 'Printer still on fire',
      description: 'Even more',
      category: 'general',
      priority: 'LOW',
      status: 'IN_PROGRESS',
      assigneeId: admin.id,
    }),
    ok: 200,
  },
  'POST /tickets/:id/comments': { token: () => customerA.token, valid: () => ({ body: 'A remark', internal: false }), ok: 201 },
  // Well-formed, and refused by the rule alone: the scratch ticket is not resolved.
  'POST /tickets/:id/rating': { token: () => customerA.token, valid: () => ({ score: 5, comment: 'Thanks' }), ok: 409 },
  'PATCH /comments/:id': { token: () => customerA.token, valid: () => ({ body: 'An edited remark' }), ok: 200 },
  'POST /tickets/:id/messages': {
    token: () => customerA.token,
    valid: () => ({ body: 'Hello there', clientId: unique('client-') }),
    ok: 201,
  },
  'POST /tickets/:id/read': { token: () => customerA.token, valid: (ids) => ({ upTo: ids.message }), ok: 204 },
  'POST /sites': {
    token: () => admin.token,
    valid: () => ({
      name: 'Shop',
      allowedOrigins: [ORIGIN],
      theme: { color: '#123456', position: 'left', greeting: 'Hello!' },
      reopenWindowDays: 3,
    }),
    ok: 201,
  },
  'PATCH /sites/:id': {
    token: () => admin.token,
    valid: () => ({
      name: 'Shop two',
      allowedOrigins: [ORIGIN],
      theme: { color: '#abc', position: 'right', greeting: 'Hi' },
      reopenWindowDays: 7,
    }),
    ok: 200,
  },
  'POST /auth/link': { token: () => undefined, valid: (ids) => ({ token: signPortalLink(server.ctx, customerA.id, ids.ticket) }), ok: 200 },
  'POST /auth/password-reset': { token: () => undefined, valid: () => ({ email: 'nobody-here@example.test' }), ok: 204 },
  // Well-formed, and refused by the rule alone: no reset link was ever sent with this token.
  'POST /auth/password-reset/confirm': { token: () => undefined, valid: () => ({ token: 'a'.repeat(43), newPassword: 'a new password' }), ok: 400 },
  'PATCH /me/preferences': {
    token: () => admin.token,
    valid: () => ({ email: { newTicket: true, assigned: true, customerReply: true }, alerts: { newTicket: true, assigned: true, customerReply: true, sound: false } }),
    ok: 200,
  },
  'PATCH /me/profile': { token: () => admin.token, valid: () => ({ name: 'Agent Smith' }), ok: 200 },
  'POST /labels': { token: () => admin.token, valid: () => ({ name: unique('Label'), color: '#16a34a' }), ok: 201 },
  'PATCH /labels/:id': { token: () => admin.token, valid: () => ({ name: unique('Label'), color: '#dc2626' }), ok: 200 },
  'POST /saved-replies': { token: () => admin.token, valid: () => ({ title: 'Refunds', body: 'Hi {{customer.name}}, refunds take 5 days.', shared: true }), ok: 201 },
  'PATCH /saved-replies/:id': { token: () => admin.token, valid: () => ({ title: 'Refunds', body: 'Refunds take a week.', shared: true }), ok: 200 },
  'PATCH /settings/assignment': { token: () => admin.token, valid: () => ({ enabled: false, maxOpenPerAgent: 10 }), ok: 200 },
  'POST /tickets/bulk': {
    token: () => admin.token,
    valid: (ids) => ({ ids: [ids.ticket], patch: { status: 'IN_PROGRESS', priority: 'LOW', assigneeId: admin.id, addLabels: [ids.label] } }),
    ok: 200,
  },
  'POST /widget/session': {
    token: () => undefined,
    headers: () => ({ origin: ORIGIN }),
    valid: () => ({
      siteKey,
      visitorId: 'v_unknown',
      name: 'Visitor',
      email: 'visitor@example.test',
      identity: {
        externalId: 'ext-42',
        name: 'Known Visitor',
        email: 'known@example.test',
        signature: createHmac('sha256', identitySecret).update('ext-42').digest('hex'),
      },
      context: { pageUrl: `${ORIGIN}/pricing`, referrer: 'https://search.example/', language: 'fr-FR', timeZone: 'Europe/Paris' },
    }),
    ok: 200,
  },
};

const bodyEndpoints = allEndpoints.filter((e) => e.body !== undefined);
const multipartEndpoints = allEndpoints.filter((e) => e.multipart !== undefined);
const queryEndpoints = allEndpoints.filter((e) => e.query !== undefined);
const paramEndpoints = allEndpoints.filter((e) => e.params !== undefined);

const shapeOf = (schema: unknown) => (schema as { shape: Record<string, ZodType> }).shape;
const accepts = (schema: ZodType, value: unknown) => schema.safeParse(value).success;

/** Every string in a body, with its dotted path (arrays by index), to corrupt one at a time. */
function stringLeaves(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...prefix, k]));
  }
  return [];
}
function setAt(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]!] = value;
  return copy;
}
function getAt(body: unknown, path: string[]): unknown {
  return path.reduce((node: any, key) => node?.[key], body);
}

function send(key: string, options: { ids?: Ids; body?: unknown; raw?: string; headers?: Record<string, string> }) {
  const [method, path] = key.split(' ') as [string, string];
  const target = bodyTargets[key];
  return call(method, withIds(path, options.ids ?? fixture), {
    token: target?.token() ?? admin.token,
    body: options.body,
    raw: options.raw,
    headers: { ...target?.headers?.(), ...options.headers },
  });
}

/** The fixture as its owner and the team see it, to compare before and after the abuse. */
async function fixtureSnapshot() {
  const get = (path: string, token: string) => ok(call('GET', path, { token }), 200);
  const categories = await ok(call('GET', '/categories'), 200);
  const sites = await get('/sites?limit=100', admin.token);
  const users = await get(`/users?q=${encodeURIComponent(fixtureUserEmail)}`, admin.token);
  const file = await fetch(`${server.url}/api/attachments/${fixture.attachment}`, { headers: { authorization: `Bearer ${customerA.token}` } });
  return unsigned({
    ticket: await get(`/tickets/${fixture.ticket}`, customerA.token),
    comments: await get(`/tickets/${fixture.ticket}/comments?limit=100`, admin.token),
    messages: await get(`/tickets/${fixture.ticket}/messages?limit=100`, customerA.token),
    attachment: Buffer.from(await file.arrayBuffer()).toString('base64'),
    category: categories.find((c: { id: string }) => c.id === fixture.category),
    site: sites.items.find((s: { id: string }) => s.id === fixture.site),
    user: users.items,
  });
}
let before: Awaited<ReturnType<typeof fixtureSnapshot>>;

async function resources(): Promise<Ids & { userEmail: string }> {
  const ticket = await ok(
    call('POST', '/tickets', { token: customerA.token, body: { subject: 'Invoice wrong', description: 'Total is off', category: 'billing' } }),
    201,
  );
  const comment = await ok(call('POST', `/tickets/${ticket.id}/comments`, { token: customerA.token, body: { body: 'Any news?' } }), 201);
  const message = await ok(call('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'Looking' } }), 201);
  const attachment = await ok(call('POST', `/tickets/${ticket.id}/attachments`, { token: customerA.token, body: pngForm() }), 201);
  const category = await ok(call('POST', '/categories', { token: admin.token, body: { name: unique('Category') } }), 201);
  const user = await server.createUser('CUSTOMER', 'Carol');
  const site = await ok(call('POST', '/sites', { token: admin.token, body: { name: unique('Site'), allowedOrigins: [ORIGIN] } }), 201);
  const label = await ok(call('POST', '/labels', { token: admin.token, body: { name: unique('Label'), color: '#2563eb' } }), 201);
  const savedReply = await ok(call('POST', '/saved-replies', { token: admin.token, body: { title: 'Greeting', body: 'Hello!', shared: true } }), 201);
  return {
    ticket: ticket.id,
    comment: comment.id,
    message: message.id,
    attachment: attachment.id,
    category: category.id,
    user: user.id,
    userEmail: user.email,
    site: site.id,
    label: label.id,
    savedReply: savedReply.id,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent Smith');
  customerA = await server.createUser('CUSTOMER', 'Alice');
  passwordChanger = await server.createUser('CUSTOMER', 'Pat');
  const { userEmail, ...ids } = await resources();
  fixture = ids;
  fixtureUserEmail = userEmail;
  scratch = await resources();
  const site = await ok(call('GET', '/sites?limit=100', { token: admin.token }), 200);
  const fixtureSite = site.items.find((s: { id: string }) => s.id === fixture.site);
  siteKey = fixtureSite.siteKey;
  identitySecret = fixtureSite.identitySecret;
  before = await fixtureSnapshot();
});
afterAll(() => server?.close());

describe('the endpoint tables cover every endpoint', () => {
  it('every endpoint with a body has a well-formed request to compare against', () => {
    expect(Object.keys(bodyTargets).sort()).toEqual(bodyEndpoints.map(keyOf).sort());
  });

  it.each(bodyEndpoints.map(keyOf))('%s accepts its reference body (so the refusals below are about the change alone)', async (key) => {
    const target = bodyTargets[key]!;
    const res = await send(key, { ids: scratch, body: target.valid(scratch) });
    expect(res.status, JSON.stringify(res.body)).toBe(target.ok);
  });
});

describe.each([...bodyEndpoints, ...multipartEndpoints.filter((e) => !e.body)].map((e) => [keyOf(e), e] as const))(
  'body of %s',
  (key, endpoint) => {
    const target = () => bodyTargets[key];
    const validBody = () => target()?.valid(fixture) ?? {};
    const fields = () => (endpoint.body ? shapeOf(endpoint.body) : {});

    it('malformed JSON is a 400 INVALID_JSON', async () => {
      for (const raw of ['{"a":', '{', '{"a":1,}', "{'a':1}", '{"a":1}}', 'nul', '\u0000', '{"a":"\\uZZZZ"}']) {
        const res = await send(key, { raw, headers: { 'content-type': 'application/json' } });
        expectClientError(res, `${key} ${JSON.stringify(raw)}`, 400);
        expect(res.body.error.code).toBe('INVALID_JSON');
      }
    });

    it('JSON of the wrong top-level type is a 400', async () => {
      for (const raw of ['[]', `[${JSON.stringify(validBody())}]`, '"text"', 'null', '42', 'true']) {
        const res = await send(key, { raw, headers: { 'content-type': 'application/json' } });
        expectClientError(res, `${key} ${raw}`, 400);
      }
    });

    it('a text/plain or form-encoded body is refused with 415', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const res = await send(key, { raw: JSON.stringify(validBody()), headers: { 'content-type': type } });
        expectClientError(res, `${key} as ${type}`, 415);
      }
    });

    it('a 1 MB string is refused with 413', async () => {
      const leaves = stringLeaves(validBody());
      const body = leaves.length ? setAt(validBody(), leaves[0]!, 'x'.repeat(MB)) : { padding: 'x'.repeat(MB) };
      const res = await send(key, { body });
      expectClientError(res, key, 413);
    });

    if (!endpoint.body) return;

    it('a wrong type in any field is a 400 naming the field', async () => {
      const candidates = [12345, true, { nested: 1 }, ['x'], null, 'text'];
      for (const [field, schema] of Object.entries(fields())) {
        const wrong = candidates.filter((v) => !accepts(schema, v));
        expect(wrong.length, field).toBeGreaterThan(0);
        for (const value of wrong) {
          const res = await send(key, { body: { ...validBody(), [field]: value } });
          expectFieldError(res, field, `${key} ${field}=${JSON.stringify(value)}`);
        }
      }
    });

    it('a missing required field is a 400 naming the field', async () => {
      const required = Object.entries(fields()).filter(([, schema]) => !accepts(schema, undefined));
      for (const [field] of required) {
        const { [field]: _omitted, ...body } = validBody();
        const res = await send(key, { body });
        expectFieldError(res, field, `${key} without ${field}`);
      }
      if (required.length > 0) {
        const res = await send(key, { body: {} });
        for (const [field] of required) expectFieldError(res, field, `${key} {}`);
      }
    });

    it('an unknown key is a 400 naming it where the schema is strict, and ignored where it is not', async () => {
      const strict = !accepts(endpoint.body as ZodType, { ...target()!.valid(scratch), zzUnknown: 1 });
      if (strict) {
        const res = await send(key, { body: { ...validBody(), zzUnknown: 1 } });
        expectFieldError(res, 'zzUnknown', key);
      } else {
        const res = await send(key, { ids: scratch, body: { ...target()!.valid(scratch), zzUnknown: 1 } });
        expect(res.status, JSON.stringify(res.body)).toBe(target()!.ok);
        expect(JSON.stringify(res.body ?? '')).not.toContain('zzUnknown');
      }
    });

    it('a NUL character in any string field is refused, naming the field', async () => {
      for (const leaf of stringLeaves(validBody())) {
        const value = String(getAt(validBody(), leaf));
        const corrupted = `${value.slice(0, 3)}\u0000${value.slice(3)}`;
        const res = await send(key, { body: setAt(validBody(), leaf, corrupted) });
        expectRefusedNaming(res, leaf.join('.'), `${key} ${leaf.join('.')} with NUL`);
      }
    });

    it('a string field far over its length limit is a 400 naming the field', async () => {
      for (const leaf of stringLeaves(validBody())) {
        const res = await send(key, { body: setAt(validBody(), leaf, 'a'.repeat(20_001)) });
        expectRefusedNaming(res, leaf.join('.'), `${key} ${leaf.join('.')} too long`);
      }
    });

    it('__proto__ and constructor keys change nothing', async () => {
      const strict = !accepts(endpoint.body as ZodType, { ...target()!.valid(scratch), zzUnknown: 1 });
      const inner = JSON.stringify(validBody()).slice(1, -1);
      for (const polluter of ['"__proto__":{"role":"ADMIN","isAdmin":true}', '"constructor":{"prototype":{"role":"ADMIN","isAdmin":true}}']) {
        if (strict) {
          const res = await send(key, { raw: `{${inner},${polluter}}`, headers: { 'content-type': 'application/json' } });
          expectFieldError(res, polluter.startsWith('"__proto__"') ? '__proto__' : 'constructor', `${key} ${polluter}`);
        } else {
          const scratchInner = JSON.stringify(target()!.valid(scratch)).slice(1, -1);
          const res = await send(key, { ids: scratch, raw: `{${scratchInner},${polluter}}`, headers: { 'content-type': 'application/json' } });
          expect(res.status, JSON.stringify(res.body)).toBe(target()!.ok);
          if (res.body?.user) expect(res.body.user.role).toBe('CUSTOMER');
        }
      }
      expect(({} as Record<string, unknown>).role).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  },
);

describe('multipart bodies', () => {
  const multipartTargets: Record<string, (ids: Ids) => string> = {
    'POST /tickets': () => '/tickets',
    'POST /tickets/:id/attachments': (ids) => `/tickets/${ids.ticket}/attachments`,
    'PUT /me/avatar': () => '/me/avatar',
  };

  it('every multipart endpoint is covered', () => {
    expect(Object.keys(multipartTargets).sort()).toEqual(multipartEndpoints.map(keyOf).sort());
  });

  it.each(multipartEndpoints.map(keyOf))('%s: a broken multipart body is a 400, not a 5xx', async (key) => {
    const path = multipartTargets[key]!(fixture);
    const [method] = key.split(' ') as [string];
    // The avatar is the team's own; the ticket routes are the customer's.
    const token = path === '/me/avatar' ? admin.token : customerA.token;
    const cases: [string, string][] = [
      ['multipart/form-data', 'no boundary'],
      ['multipart/form-data; boundary=xyz', 'garbage without parts'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="subject"\r\n\r\nunterminated'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\u0089PNG'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nno headers at all\r\n--xyz--\r\n'],
    ];
    for (const [type, raw] of cases) {
      const res = await call(method, path, { token, raw, headers: { 'content-type': type } });
      expectClientError(res, `${key} ${type} ${JSON.stringify(raw)}`, 400);
    }
  });

  it('POST /tickets validates multipart text fields like JSON ones, naming the field', async () => {
    const form = (fields: [string, string][]) => {
      const f = new FormData();
      for (const [k, v] of fields) f.append(k, v);
      return f;
    };
    const base: [string, string][] = [
      ['subject', 'Printer on fire'],
      ['description', 'Really'],
      ['category', 'technical'],
    ];
    const cases: [string, [string, string][]][] = [
      // A subject may be left out (it comes from the description); a description may not.
      ['description', base.filter(([k]) => k !== 'description')],
      ['subject', [...base.filter(([k]) => k !== 'subject'), ['subject', 'a\u0000bcd']]],
      ['subject', [...base, ['subject', 'twice']]],
      ['priority', [...base, ['priority', 'SOMEDAY']]],
      ['category', [...base.filter(([k]) => k !== 'category'), ['category', 'no\u0000such']]],
      ['__proto__', [...base, ['__proto__', 'x']]],
      ['zzUnknown', [...base, ['zzUnknown', 'x']]],
    ];
    for (const [field, fields] of cases) {
      const res = await call('POST', '/tickets', { token: customerA.token, body: form(fields) });
      expectFieldError(res, field, `multipart ${JSON.stringify(fields)}`);
    }
    // Bracket names must not build objects, let alone prototypes.
    for (const name of ['__proto__[role]', 'constructor[prototype][role]', 'subject[__proto__][role]']) {
      const res = await call('POST', '/tickets', { token: customerA.token, body: form([...base, [name, 'ADMIN']]) });
      expectClientError(res, name, 400);
    }
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    // A 1 MB text field is refused, not buffered whole.
    const big = await call('POST', '/tickets', {
      token: customerA.token,
      body: form([...base.filter(([k]) => k !== 'description'), ['description', 'x'.repeat(MB)]]),
    });
    expectClientError(big, 'multipart 1 MB description');
    expect([400, 413]).toContain(big.status);
  });

  it('a file part on a JSON-only endpoint is refused with 415', async () => {
    const f = new FormData();
    f.append('body', 'hello');
    f.append('file', new Blob([new Uint8Array(tinyPng())], { type: 'image/png' }), 'pixel.png');
    const res = await call('POST', `/tickets/${fixture.ticket}/comments`, { token: customerA.token, body: f });
    expectClientError(res, 'multipart comment', 415);
  });
});

/** A well-formed value for each query parameter, to repeat or to build on. */
const querySamples = (): Record<string, string> => ({
  status: 'OPEN',
  priority: 'LOW',
  category: 'billing',
  assignee: 'me',
  label: 'some-label',
  q: 'invoice',
  sort: 'number',
  limit: '5',
  cursor: 'abc',
  after: fixture.message,
  expires: '1',
  signature: 'abc',
  siteKey,
  role: 'CUSTOMER',
  from: '2026-01-01',
  to: '2026-01-31',
  siteId: 'some-site',
  agentId: 'some-agent',
});
const queryTargets: Record<string, { token: () => string | undefined; base: () => string }> = {
  'GET /users': { token: () => admin.token, base: () => '' },
  'GET /tickets': { token: () => customerA.token, base: () => '' },
  'GET /attachments/:id': { token: () => customerA.token, base: () => '' },
  'GET /tickets/:id/comments': { token: () => customerA.token, base: () => '' },
  'GET /tickets/:id/messages': { token: () => customerA.token, base: () => '' },
  'GET /tickets/:id/events': { token: () => customerA.token, base: () => '' },
  'GET /stats/report': { token: () => admin.token, base: () => '' },
  'GET /stats/report.csv': { token: () => admin.token, base: () => '' },
  'GET /sites': { token: () => admin.token, base: () => '' },
  'GET /widget/config': { token: () => undefined, base: () => `siteKey=${siteKey}` },
  'GET /email/outbox': { token: () => admin.token, base: () => '' },
};

function getWithQuery(key: string, query: string) {
  const [, path] = key.split(' ') as [string, string];
  const target = queryTargets[key]!;
  const all = [target.base(), query].filter(Boolean).join('&');
  return call('GET', `${withIds(path, fixture)}?${all}`, { token: target.token() });
}

describe('query strings', () => {
  it('every endpoint with a query schema is covered, with a sample for each parameter', () => {
    expect(Object.keys(queryTargets).sort()).toEqual(queryEndpoints.map(keyOf).sort());
    for (const e of queryEndpoints) {
      for (const name of Object.keys(shapeOf(e.query))) expect(querySamples(), `${keyOf(e)} ?${name}`).toHaveProperty(name);
    }
  });

  describe.each(queryEndpoints.map((e) => [keyOf(e), e] as const))('%s', (key, endpoint) => {
    const names = () => Object.keys(shapeOf(endpoint.query));

    it('answers its base query with 200', async () => {
      expect((await getWithQuery(key, '')).status).toBe(200);
    });

    it('a repeated parameter is a 400 naming it', async () => {
      for (const name of names()) {
        const value = encodeURIComponent(querySamples()[name]!);
        const res = await getWithQuery(key, `${name}=${value}&${name}=${value}`);
        expectFieldError(res, `query.${name}`, `${key} ${name} twice`);
      }
    });

    it('a missing required parameter is a 400 naming it', async () => {
      const required = Object.entries(shapeOf(endpoint.query)).filter(([, s]) => !accepts(s, undefined));
      for (const [name] of required) {
        const [, path] = key.split(' ') as [string, string];
        const res = await call('GET', withIds(path, fixture), { token: queryTargets[key]!.token() });
        expectFieldError(res, `query.${name}`, `${key} without ${name}`);
      }
    });

    it('limit=-1, 0, abc, 1.5, 101, 1000 or empty is a 400 naming it', async () => {
      if (!names().includes('limit')) return;
      for (const limit of ['-1', '0', 'abc', '1.5', '101', '1000', '', '1e400', 'Infinity', 'NaN']) {
        expectFieldError(await getWithQuery(key, `limit=${limit}`), 'query.limit', `${key} limit=${limit}`);
      }
    });

    it('a cursor this list did not return is a 400 naming it', async () => {
      if (!names().includes('cursor')) return;
      const b64 = (v: string) => Buffer.from(v).toString('base64url');
      const cursors = [
        'not-a-cursor',
        '!!!',
        '%00',
        'a'.repeat(501),
        b64('{"a":1}'),
        b64('[]'),
        b64('[1,2,3]'),
        b64('"text"'),
        b64('[null,null]'),
        b64('["yesterday","x"]'),
        b64('[1e308,"x"]'),
        b64('[-1]'),
        b64('[2147483648]'),
        b64('[1.5]'),
        b64('["1"]'),
        b64('[{"a":1},"x"]'),
        b64('[[],"x"]'),
        b64('["2024-01-01T00:00:00.000Z",7]'),
        b64('["-100000-01-01T00:00:00.000Z","x"]'),
        b64('[-8640000000000000,"x"]'),
      ];
      for (const cursor of cursors) {
        expectFieldError(await getWithQuery(key, `cursor=${encodeURIComponent(cursor)}`), 'query.cursor', `${key} cursor=${cursor}`);
      }
    });
  });

  it('GET /email/outbox refuses a status that is not a delivery state, naming it', async () => {
    for (const query of ['status=OPEN', 'status=', 'status=sent', 'status=QUEUED,SENT']) {
      expectFieldError(await getWithQuery('GET /email/outbox', query), 'query.status', `GET /email/outbox?${query}`);
    }
  });

  it('GET /tickets refuses repeated, unknown or malformed filters, naming them', async () => {
    for (const [query, name] of [
      ['status=OPEN&status=CLOSED', 'status'],
      ['status=OPEN,SOMEDAY', 'status'],
      ['status=', 'status'],
      ['priority=urgent', 'priority'],
      ['sort=subject', 'sort'],
      ['sort=-createdAt;DROP', 'sort'],
      ['sort=-activityAt', 'sort'], // the team's activity time is not the customer's to order by
      [`sort=-number&cursor=${Buffer.from('[1e20,"x"]').toString('base64url')}`, 'cursor'],
      [`sort=priority&cursor=${Buffer.from('["SEVERE","x"]').toString('base64url')}`, 'cursor'],
      ['assignee=../../etc', 'assignee'],
      ['assignee=a%00b', 'assignee'],
      ['q=', 'q'],
      ['q=a%00b', 'q'],
      [`q=${'a'.repeat(201)}`, 'q'],
      ['category=bill%00ing', 'category'],
    ]) {
      expectFieldError(await getWithQuery('GET /tickets', query!), `query.${name}`, `GET /tickets?${query}`);
    }
  });

  it('other query strings with NUL characters or wrong values are refused, naming the parameter', async () => {
    expectFieldError(await getWithQuery('GET /users', 'q=a%00b'), 'query.q', 'users q NUL');
    expectFieldError(await getWithQuery('GET /users', 'role=ROOT'), 'query.role', 'users role');
    expectFieldError(await getWithQuery('GET /tickets/:id/messages', 'after=a%00b'), 'query.after', 'messages after NUL');
    expectFieldError(await getWithQuery('GET /tickets/:id/messages', 'after=..%2F..'), 'query.after', 'messages after ../');
    expectFieldError(await getWithQuery('GET /attachments/:id', 'expires=soon'), 'query.expires', 'attachment expires');
    const widget = await call('GET', '/widget/config?siteKey=a%00b');
    expectFieldError(widget, 'query.siteKey', 'widget siteKey NUL');
  });

  it('nested or prototype-looking query keys are ignored and pollute nothing', async () => {
    for (const query of ['__proto__[role]=ADMIN', 'constructor[prototype][role]=ADMIN', '__proto__=x', 'status[]=OPEN']) {
      const res = await getWithQuery('GET /tickets', query);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

describe('ids in paths', () => {
  const absurd = [
    'x'.repeat(5000),
    '..%2F..%2Fetc%2Fpasswd',
    '%2E%2E',
    '..%5C..%5Cwindows',
    '%00',
    'abc%00def',
    '%F0%9F%8E%89',
    '%E2%80%AE%D8%A8',
    'a%20b',
    "1'%20OR%20'1'%3D'1",
    '%252e%252e',
    '%3Cscript%3E',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    '0',
    '-1',
    '9'.repeat(64),
  ];

  it.each(paramEndpoints.map(keyOf))('%s: an absurd id is a 404 in the contract shape', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    for (const id of absurd) {
      // A well-formed body, so that only the id is wrong.
      const body = bodyTargets[key]?.valid(fixture) ?? (key === 'POST /tickets/:id/attachments' ? pngForm() : undefined);
      const res = await call(method, path.replace(':id', id), { token: admin.token, body });
      expectClientError(res, `${key} id=${id.slice(0, 40)}`, 404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('a path with broken percent-encoding is a 400 in the contract shape', async () => {
    for (const path of ['/tickets/%', '/attachments/%E0%A4%A', '/tickets/%ZZ/comments']) {
      expectClientError(await call('GET', path, { token: admin.token }), path, 400);
    }
  });
});

describe('text that is unusual but valid', () => {
  const tricky = [
    '🎉 Party 👩‍👩‍👧‍👦 🇫🇷 𝕳𝖊𝖑𝖑𝖔',
    'مرحبا بالعالم — שלום עולם',
    'Cafe\u0301 Z\u0324\u0354\u0367\u0311a\u0308\u0356 n\u0303',
    '\u202Egnp.exe tricky \u200D joiner a\uFEFFb',
    '日本語のテキスト 中文 한국어',
    `'; DROP TABLE "Ticket"; --`,
    `1' OR '1'='1`,
    '100% _under_score_ \\ back\\slash',
    '<script>alert(1)</script> &amp; {{7*7}} ${7*7}',
  ];

  it('is stored and returned intact in tickets, and found by search', async () => {
    for (const text of tricky) {
      const created = await ok(
        call('POST', '/tickets', { token: customerA.token, body: { subject: `S ${text}`, description: `D ${text}`, category: 'general' } }),
        201,
      );
      expect(created.subject).toBe(`S ${text}`);
      const read = await ok(call('GET', `/tickets/${created.id}`, { token: customerA.token }), 200);
      expect([read.subject, read.description]).toEqual([`S ${text}`, `D ${text}`]);
      const found = await ok(call('GET', `/tickets?q=${encodeURIComponent(text)}&limit=100`, { token: customerA.token }), 200);
      expect(found.items.map((t: { id: string }) => t.id)).toContain(created.id);
    }
  });

  it('is stored and returned intact in comments, messages, names, categories and sites', async () => {
    const text = tricky.join(' | ');
    const comment = await ok(call('POST', `/tickets/${scratch.ticket}/comments`, { token: customerA.token, body: { body: text } }), 201);
    const message = await ok(call('POST', `/tickets/${scratch.ticket}/messages`, { token: customerA.token, body: { body: text } }), 201);
    const comments = await ok(call('GET', `/tickets/${scratch.ticket}/comments?limit=100`, { token: customerA.token }), 200);
    const messages = await ok(call('GET', `/tickets/${scratch.ticket}/messages?limit=100`, { token: customerA.token }), 200);
    expect(comments.items.find((c: { id: string }) => c.id === comment.id).body).toBe(text);
    expect(messages.items.find((m: { id: string }) => m.id === message.id).body).toBe(text);

    for (const name of tricky) {
      const registered = await ok(
        call('POST', '/auth/register', { body: { name, email: `${unique('u')}@example.test`, password: 'password123' } }),
        201,
      );
      expect(registered.user.name).toBe(name);
      expect((await ok(call('GET', '/auth/me', { token: registered.token }), 200)).user.name).toBe(name);
    }

    const category = await ok(call('POST', '/categories', { token: admin.token, body: { name: `C ${text}`.slice(0, 80), description: text.slice(0, 500) } }), 201);
    const categories = await ok(call('GET', '/categories'), 200);
    expect(categories.find((c: { id: string }) => c.id === category.id)).toEqual(category);
    expect(category.description).toBe(text.slice(0, 500));

    const greeting = tricky[0]!;
    const site = await ok(call('POST', '/sites', { token: admin.token, body: { name: tricky[1], allowedOrigins: [ORIGIN], theme: { greeting } } }), 201);
    const config = await ok(call('GET', `/widget/config?siteKey=${site.siteKey}`), 200);
    expect([config.siteName, config.theme.greeting]).toEqual([tricky[1], greeting]);
  });

  it('a lone UTF-16 surrogate in free text is a 400 naming the field, never stored altered', async () => {
    const lone = 'broken \ud83d half';
    const cases: [string, string, string | undefined, Record<string, unknown>, string, Record<string, string>?][] = [
      ['POST', '/tickets', customerA.token, { subject: lone, description: 'd', category: 'general' }, 'subject'],
      ['POST', '/tickets', customerA.token, { subject: 'subject', description: lone, category: 'general' }, 'description'],
      ['POST', `/tickets/${scratch.ticket}/comments`, customerA.token, { body: lone }, 'body'],
      ['POST', `/tickets/${scratch.ticket}/messages`, customerA.token, { body: lone }, 'body'],
      ['POST', '/auth/register', undefined, { name: lone, email: `${unique('s')}@example.test`, password: 'password123' }, 'name'],
      ['PATCH', `/users/${scratch.user}`, admin.token, { name: lone }, 'name'],
      ['PATCH', `/users/${scratch.user}`, admin.token, { password: `${lone} password` }, 'password'],
      ['POST', '/auth/password', passwordChanger.token, { currentPassword: 'whatever1', newPassword: `${lone} password` }, 'newPassword'],
      ['POST', '/categories', admin.token, { name: lone }, 'name'],
      ['POST', '/sites', admin.token, { name: 'Shop', theme: { greeting: lone } }, 'theme.greeting'],
      ['POST', '/widget/session', undefined, { siteKey, name: lone }, 'name', { origin: ORIGIN }],
    ];
    for (const [method, path, token, body, field, headers] of cases) {
      expectFieldError(await call(method, path, { token, body, headers }), field, `${method} ${path} ${field}`);
    }
  });

  it('a widget identity token is checked like any input: malformed values and claims are a 400 naming them', async () => {
    const session = (identity: unknown) => call('POST', '/widget/session', { body: { siteKey, identity }, headers: { origin: ORIGIN } });
    const exp = Math.floor(Date.now() / 1000) + 600;
    const signed = (claims: Record<string, unknown>) => jwt.sign({ exp, ...claims }, identitySecret, { algorithm: 'HS256' });
    const cases: [unknown, string][] = [
      [{ token: '' }, 'identity.token'],
      [{ token: 42 }, 'identity.token'],
      [{ token: ['a.b.c'] }, 'identity.token'],
      [{ token: 'x'.repeat(4001) }, 'identity.token'],
      [{}, 'identity.token'],
      [{ externalId: 'ext-1' }, 'identity.signature'],
      [{ token: signed({ sub: 'ext-1', email: 'not an email' }) }, 'identity.token.email'],
      [{ token: signed({ sub: 'ext-1', name: 'broken \ud83d half' }) }, 'identity.token.name'],
      [{ token: signed({ sub: 'nul\u0000' }) }, 'identity.token.sub'],
      [{ token: signed({ sub: 42 }) }, 'identity.token.sub'],
    ];
    for (const [identity, field] of cases) expectFieldError(await session(identity), field, `identity ${JSON.stringify(identity).slice(0, 80)}`);
    // A token that is not a well-signed, expiring HS256 JWT of this site is a 401, never a 500.
    for (const token of ['a.b.c', 'ey.ey.ey', jwt.sign({ sub: 'ext-1' }, identitySecret), jwt.sign({ sub: 'ext-1', exp }, 'other secret')]) {
      const res = await session({ token });
      expectClientError(res, `token ${token}`, 401);
      expect(res.body.error.code).toBe('INVALID_IDENTITY_TOKEN');
    }
  });

  it('SQL-looking filters are plain values: no match, no error', async () => {
    // Each finds only what its own characters or words match: a search is by words since the
    // full-text search, so `%' OR 1=1 --` finds tickets with the word "1", never every ticket.
    for (const [query, found] of [
      [`category=${encodeURIComponent(`billing' OR '1'='1`)}`, /%|_/],
      [`q=${encodeURIComponent(`%' OR 1=1 --`)}`, /%|\b1\b/],
      [`q=${encodeURIComponent('%')}`, /%|_/],
      [`q=${encodeURIComponent('_')}`, /%|_/],
    ] as const) {
      const res = await ok(getWithQuery('GET /tickets', query), 200);
      // A search may match a reply or a chat message too: `match.text` is what it matched.
      for (const t of res.items) expect(`${t.subject} ${t.description} ${t.match?.text ?? ''}`, query).toMatch(found);
    }
    const everything = await ok(getWithQuery('GET /tickets', 'limit=100'), 200);
    const injected = await ok(getWithQuery('GET /tickets', `limit=100&q=${encodeURIComponent(`%' OR 1=1 --`)}`), 200);
    expect(injected.items.length).toBeLessThan(everything.items.length);
    const login = await call('POST', '/auth/login', { body: { email: customerA.email, password: `' OR '1'='1` } });
    expectClientError(login, 'sql password', 401);
    expectFieldError(await call('POST', '/auth/login', { body: { email: `' OR 1=1 --`, password: 'x' } }), 'email', 'sql email');
  });

  it('registering with a __proto__ or constructor role still makes a CUSTOMER', async () => {
    for (const polluter of ['"__proto__":{"role":"ADMIN"}', '"constructor":{"prototype":{"role":"ADMIN"}}', '"role":"ADMIN"']) {
      const raw = `{"name":"Eve","email":"${unique('eve')}@example.test","password":"password123",${polluter}}`;
      const res = await ok(call('POST', '/auth/register', { raw, headers: { 'content-type': 'application/json' } }), 201);
      expect(res.user.role).toBe('CUSTOMER');
      const me = await ok(call('GET', '/auth/me', { token: res.token }), 200);
      expect(me.user.role).toBe('CUSTOMER');
      expect((await call('GET', '/users', { token: res.token })).status).toBe(403);
    }
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

describe('values the database refuses', () => {
  it('are a 400, not a 500, should one ever get past the schemas (a NUL byte here)', async () => {
    const error = await server.ctx.db.site.findUnique({ where: { siteKey: 'a\u0000b' } }).catch((e: unknown) => e);
    expect(toAppError(error)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});

describe('after all of the above', () => {
  it('the fixture reads exactly as before', async () => {
    expect(await fixtureSnapshot()).toEqual(before);
  });

  it('no request got a 5xx, and the server is healthy', async () => {
    expect(serverErrors).toEqual([]);
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true, db: 'up' });
  });
});
