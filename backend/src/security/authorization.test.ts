// Who may call what: every REST endpoint and socket event against five callers (anonymous, two
// customers, an agent, an admin), and the isolation between customers: another customer's things
// answer exactly like missing ones.
import { CLIENT_EVENTS, PUBLIC } from '@deskline/contract';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngForm, tinyPng } from '../test/fixtures.js';
import { allEndpoints } from '../endpoints.js';
import { signPortalLink } from '../email/links.js';
import { startTestServer, type ApiResponse, type TestServer, type TestUser, unsigned } from '../test/harness.js';

const ACTORS = ['anonymous', 'customerA', 'customerB', 'agent', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Expected = Record<Actor, number>;

/** Ids a request may name: the shared fixture's, fresh ones for a destructive call, or missing ones. */
interface Ids {
  ticket: string;
  comment: string;
  internalNote: string;
  message: string;
  attachment: string;
  category: string;
  user: string;
  site: string;
  siteKey: string;
  label: string;
  /** A shared one: the team reads it, admins change it. */
  savedReply: string;
}

interface Call {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the actor's token (e.g. a throwaway token for logout). */
  token?: string;
}

interface Row {
  expect: Expected;
  /** Fresh resources for calls that change or delete what they name, so the fixture stays as it is. */
  fresh?: (actor: Actor) => Promise<Partial<Ids>>;
  call: (actor: Actor, ids: Ids) => Call | Promise<Call>;
}

const ORIGIN = 'https://shop.example.com';
const MISSING_ID = 'cmissing0000000000000000000';

let server: TestServer;
let admin: TestUser;
let agent: TestUser;
let customerA: TestUser;
let customerB: TestUser;
let customerC: TestUser;
let fixture: Ids;
let ticketB: string;
const A_SUBJECT = 'Zanzibar invoice mismatch';

const users = (): Record<Exclude<Actor, 'anonymous'>, TestUser> => ({ customerA, customerB, agent, admin });
const tokenOf = (actor: Actor) => (actor === 'anonymous' ? undefined : users()[actor].token);

async function ok<T = any>(res: Promise<ApiResponse<T>>, status: number): Promise<T> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`;

const openTicket = (owner: TestUser, subject = 'Printer on fire') =>
  ok<{ id: string }>(
    server.api('POST', '/tickets', { token: owner.token, body: { subject, description: 'It is really on fire', category: 'billing' } }),
    201,
  );
const addComment = (ticketId: string, who: TestUser, body: string, internal = false) =>
  ok<{ id: string }>(server.api('POST', `/tickets/${ticketId}/comments`, { token: who.token, body: { body, internal } }), 201);
const sendMessage = (ticketId: string, who: TestUser, body: string) =>
  ok<{ id: string }>(server.api('POST', `/tickets/${ticketId}/messages`, { token: who.token, body: { body } }), 201);
const attach = (ticketId: string, who: TestUser) =>
  ok<{ id: string; url: string }>(server.api('POST', `/tickets/${ticketId}/attachments`, { token: who.token, body: pngForm() }), 201);
const createCategory = () => ok<{ id: string }>(server.api('POST', '/categories', { token: admin.token, body: { name: unique('Cat') } }), 201);
const createLabel = () => ok<{ id: string }>(server.api('POST', '/labels', { token: admin.token, body: { name: unique('Label'), color: '#2563eb' } }), 201);
const createSharedReply = () =>
  ok<{ id: string }>(server.api('POST', '/saved-replies', { token: admin.token, body: { title: unique('Reply'), body: 'Hello', shared: true } }), 201);
/** A personal reply of the actor's own (a shared one for those who may not have one). */
const ownReply = async (actor: Actor) => {
  const owner = actor === 'agent' || actor === 'admin' ? users()[actor] : admin;
  const reply = await ok<{ id: string }>(server.api('POST', '/saved-replies', { token: owner.token, body: { title: unique('Own'), body: 'Hi', shared: owner === admin && actor !== 'admin' } }), 201);
  return { savedReply: reply.id };
};
const createSite = () =>
  ok<{ id: string; siteKey: string }>(
    server.api('POST', '/sites', { token: admin.token, body: { name: unique('Site'), allowedOrigins: [ORIGIN] } }),
    201,
  );
const freshToken = async (actor: Actor) => {
  if (actor === 'anonymous') return undefined;
  const body = await ok(server.api('POST', '/auth/login', { body: { email: users()[actor].email, password: 'password123' } }), 200);
  return body.token as string;
};

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent Smith');
  agent = await server.createUser('AGENT', 'Ada Agent');
  customerA = await server.createUser('CUSTOMER', 'Alice');
  customerB = await server.createUser('CUSTOMER', 'Bob');
  customerC = await server.createUser('CUSTOMER', 'Carol');

  const site = await createSite();
  const category = await createCategory();
  const ticket = await openTicket(customerA, A_SUBJECT);
  const comment = await addComment(ticket.id, customerA, 'The invoice total is wrong');
  const internalNote = await addComment(ticket.id, admin, 'Customer is on the legacy plan', true);
  const message = await sendMessage(ticket.id, customerA, 'Anyone there?');
  await sendMessage(ticket.id, admin, 'Looking into it');
  const attachment = await attach(ticket.id, customerA);
  await ok(server.api('PATCH', `/tickets/${ticket.id}`, { token: admin.token, body: { assigneeId: admin.id } }), 200);
  fixture = {
    ticket: ticket.id,
    comment: comment.id,
    internalNote: internalNote.id,
    message: message.id,
    attachment: attachment.id,
    category: category.id,
    user: customerC.id,
    site: site.id,
    siteKey: site.siteKey,
    label: (await createLabel()).id,
    savedReply: (await createSharedReply()).id,
  };

  ticketB = (await openTicket(customerB, 'Bob cannot log in')).id;
  await sendMessage(ticketB, admin, 'Have you tried turning it off and on?');
});
afterAll(() => server?.close());

const everyone = (status: number): Expected => ({ anonymous: status, customerA: status, customerB: status, agent: status, admin: status });
const adminOnly = (status: number): Expected => ({ anonymous: 401, customerA: 403, customerB: 403, agent: 403, admin: status });
/** The support team: agents and admins alike. */
const teamOnly = (status: number): Expected => ({ anonymous: 401, customerA: 403, customerB: 403, agent: status, admin: status });
const anyUser = (status: number): Expected => ({ anonymous: 401, customerA: status, customerB: status, agent: status, admin: status });
/** Names something of customer A's: B gets the 404 of a missing id; the team sees it. */
const aOwned = (status: number): Expected => ({ anonymous: 401, customerA: status, customerB: 404, agent: status, admin: status });
/** Deletes something of customer A's: an agent sees it but erasing what a customer made is an admin's call. */
const aOwnedAdminDeletes = (status: number): Expected => ({ ...aOwned(status), agent: 403 });

/** A fresh ticket of customer A's, for calls that change or delete it. */
const freshTicket = async () => ({ ticket: (await openTicket(customerA)).id });

/** One row per endpoint, keyed `METHOD /path` as in allEndpoints. */
const matrix: Record<string, Row> = {
  'GET /health': { expect: everyone(200), call: () => ({ path: '/health' }) },
  'GET /health/live': { expect: everyone(200), call: () => ({ path: '/health/live' }) },
  'GET /health/ready': { expect: everyone(200), call: () => ({ path: '/health/ready' }) },
  'POST /auth/register': {
    expect: everyone(201),
    call: () => ({ path: '/auth/register', body: { name: 'Newcomer', email: `${unique('new')}@example.test`, password: 'password123' } }),
  },
  'POST /auth/login': {
    expect: everyone(200),
    call: () => ({ path: '/auth/login', body: { email: customerA.email, password: 'password123' } }),
  },
  'POST /auth/logout': {
    expect: anyUser(204),
    // A token of its own: logging out revokes it.
    call: async (actor) => ({ path: '/auth/logout', token: await freshToken(actor) }),
  },
  'GET /auth/me': { expect: anyUser(200), call: () => ({ path: '/auth/me' }) },
  // A notification's link to customer A's ticket signs in whoever holds it (a bad one is INVALID_LINK, not UNAUTHENTICATED).
  'POST /auth/link': { expect: everyone(200), call: (_a, ids) => ({ path: '/auth/link', body: { token: signPortalLink(server.ctx, customerA.id, ids.ticket) } }) },
  'POST /auth/password-reset': { expect: everyone(204), call: () => ({ path: '/auth/password-reset', body: { email: 'nobody@example.test' } }) },
  'POST /auth/password-reset/confirm': {
    expect: everyone(400),
    call: () => ({ path: '/auth/password-reset/confirm', body: { token: 'not-a-link', newPassword: 'password123' } }),
  },
  'GET /me/preferences': { expect: teamOnly(200), call: () => ({ path: '/me/preferences' }) },
  'PATCH /me/preferences': { expect: teamOnly(200), call: () => ({ path: '/me/preferences', body: { alerts: { sound: false } } }) },
  'POST /auth/password': {
    expect: anyUser(204),
    // A throwaway account per actor (same role): changing the password ends the owner's other sessions.
    call: async (actor) => {
      if (actor === 'anonymous') return { path: '/auth/password', body: { currentPassword: 'password123', newPassword: 'changed-password' } };
      const own = await server.createUser(users()[actor].role);
      return { path: '/auth/password', token: own.token, body: { currentPassword: 'password123', newPassword: 'changed-password' } };
    },
  },

  'GET /users': { expect: adminOnly(200), call: () => ({ path: '/users' }) },
  'POST /users': {
    expect: adminOnly(201),
    call: () => ({ path: '/users', body: { name: 'Made', email: `${unique('made')}@example.test`, password: 'password123', role: 'CUSTOMER' } }),
  },
  'PATCH /users/:id': {
    expect: adminOnly(200),
    // Setting a password ends the user's sessions: a fresh user each time.
    fresh: async () => ({ user: (await server.createUser()).id }),
    call: (_a, ids) => ({ path: `/users/${ids.user}`, body: { name: 'Carol', password: 'set-by-admin' } }),
  },
  'GET /team': { expect: teamOnly(200), call: () => ({ path: '/team' }) },
  'PATCH /me/profile': {
    expect: teamOnly(200),
    call: (actor) => ({ path: '/me/profile', body: { name: actor === 'agent' ? 'Ada Agent' : 'Agent Smith' } }),
  },
  'PUT /me/avatar': { expect: teamOnly(200), call: () => ({ path: '/me/avatar', body: pngForm('avatar') }) },
  'DELETE /me/avatar': { expect: teamOnly(200), call: () => ({ path: '/me/avatar' }) },
  // Public like the name beside it: the widget shows it to visitors.
  'GET /avatars/:id': {
    expect: everyone(200),
    fresh: async () => {
      await ok(server.api('PUT', '/me/avatar', { token: admin.token, body: pngForm('avatar') }), 200);
      return {};
    },
    call: () => ({ path: `/avatars/${admin.id}` }),
  },

  'GET /categories': { expect: everyone(200), call: () => ({ path: '/categories' }) },
  'POST /categories': { expect: adminOnly(201), call: () => ({ path: '/categories', body: { name: unique('Category') } }) },
  'PATCH /categories/:id': {
    expect: adminOnly(200),
    call: (_a, ids) => ({ path: `/categories/${ids.category}`, body: { description: 'Questions about money' } }),
  },
  'DELETE /categories/:id': {
    expect: adminOnly(204),
    fresh: async () => ({ category: (await createCategory()).id }),
    call: (_a, ids) => ({ path: `/categories/${ids.category}` }),
  },

  'GET /labels': { expect: teamOnly(200), call: () => ({ path: '/labels' }) },
  'POST /labels': { expect: adminOnly(201), call: () => ({ path: '/labels', body: { name: unique('Label'), color: '#16a34a' } }) },
  'PATCH /labels/:id': { expect: adminOnly(200), call: (_a, ids) => ({ path: `/labels/${ids.label}`, body: { color: '#dc2626' } }) },
  'DELETE /labels/:id': {
    expect: adminOnly(204),
    fresh: async () => ({ label: (await createLabel()).id }),
    call: (_a, ids) => ({ path: `/labels/${ids.label}` }),
  },
  'GET /saved-replies': { expect: teamOnly(200), call: () => ({ path: '/saved-replies' }) },
  'POST /saved-replies': { expect: teamOnly(201), call: () => ({ path: '/saved-replies', body: { title: unique('Mine'), body: 'Hi' } }) },
  // Each team member changes their own reply; an agent refused a shared one, and everyone refused
  // another's personal one, are in savedReplies.test.ts.
  'PATCH /saved-replies/:id': {
    expect: teamOnly(200),
    fresh: ownReply,
    call: (_a, ids) => ({ path: `/saved-replies/${ids.savedReply}`, body: { body: 'Hello there' } }),
  },
  'DELETE /saved-replies/:id': {
    expect: teamOnly(204),
    fresh: ownReply,
    call: (_a, ids) => ({ path: `/saved-replies/${ids.savedReply}` }),
  },

  'POST /tickets': {
    expect: anyUser(201),
    call: () => ({ path: '/tickets', body: { subject: 'Another one', description: 'Details', category: 'general' } }),
  },
  'GET /tickets': { expect: anyUser(200), call: () => ({ path: '/tickets' }) },
  'GET /tickets/:id': { expect: aOwned(200), call: (_a, ids) => ({ path: `/tickets/${ids.ticket}` }) },
  'PATCH /tickets/:id': {
    expect: aOwned(200),
    fresh: freshTicket,
    call: (_a, ids) => ({ path: `/tickets/${ids.ticket}`, body: { priority: 'HIGH' } }),
  },
  'POST /tickets/bulk': {
    expect: teamOnly(200),
    fresh: freshTicket,
    call: (_a, ids) => ({ path: '/tickets/bulk', body: { ids: [ids.ticket], patch: { priority: 'HIGH' } } }),
  },
  'DELETE /tickets/:id': { expect: aOwnedAdminDeletes(204), fresh: freshTicket, call: (_a, ids) => ({ path: `/tickets/${ids.ticket}` }) },
  'GET /tickets/:id/events': { expect: aOwned(200), call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/events` }) },
  'POST /tickets/:id/rating': {
    // Ratings are the customer's word on the team's work: the team sees the ticket but never rates.
    expect: { anonymous: 401, customerA: 201, customerB: 404, agent: 403, admin: 403 },
    fresh: async () => {
      const { ticket } = await freshTicket();
      await ok(server.api('PATCH', `/tickets/${ticket}`, { token: admin.token, body: { status: 'RESOLVED' } }), 200);
      return { ticket };
    },
    call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/rating`, body: { score: 4, comment: 'Quick and kind' } }),
  },

  'POST /tickets/:id/attachments': {
    expect: aOwned(201),
    fresh: freshTicket,
    call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/attachments`, body: pngForm() }),
  },
  // Public because a signed URL opens it without a token; without either it is a 401.
  'GET /attachments/:id': { expect: aOwned(200), call: (_a, ids) => ({ path: `/attachments/${ids.attachment}` }) },
  'DELETE /attachments/:id': {
    expect: aOwnedAdminDeletes(204),
    fresh: async () => {
      const { ticket } = await freshTicket();
      return { ticket, attachment: (await attach(ticket, customerA)).id };
    },
    call: (_a, ids) => ({ path: `/attachments/${ids.attachment}` }),
  },

  'GET /tickets/:id/comments': { expect: aOwned(200), call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/comments` }) },
  'POST /tickets/:id/comments': {
    expect: aOwned(201),
    fresh: freshTicket,
    call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/comments`, body: { body: 'A remark' } }),
  },
  'PATCH /comments/:id': {
    // The contract: only the author edits a comment, so the team may see A's comment but gets 403.
    expect: { anonymous: 401, customerA: 200, customerB: 404, agent: 403, admin: 403 },
    fresh: async () => {
      const { ticket } = await freshTicket();
      return { ticket, comment: (await addComment(ticket, customerA, 'First draft')).id };
    },
    call: (_a, ids) => ({ path: `/comments/${ids.comment}`, body: { body: 'Second draft' } }),
  },
  'DELETE /comments/:id': {
    expect: aOwnedAdminDeletes(204),
    fresh: async () => {
      const { ticket } = await freshTicket();
      return { ticket, comment: (await addComment(ticket, customerA, 'Regrettable')).id };
    },
    call: (_a, ids) => ({ path: `/comments/${ids.comment}` }),
  },

  'GET /tickets/:id/messages': { expect: aOwned(200), call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/messages` }) },
  'POST /tickets/:id/messages': {
    expect: aOwned(201),
    fresh: freshTicket,
    call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/messages`, body: { body: 'Hello' } }),
  },
  'POST /tickets/:id/read': {
    expect: aOwned(204),
    fresh: async () => {
      const { ticket } = await freshTicket();
      await sendMessage(ticket, admin, 'From support');
      return { ticket, message: (await sendMessage(ticket, customerA, 'From the customer')).id };
    },
    call: (_a, ids) => ({ path: `/tickets/${ids.ticket}/read`, body: { upTo: ids.message } }),
  },
  'GET /messages/unread-count': { expect: anyUser(200), call: () => ({ path: '/messages/unread-count' }) },

  'GET /sites': { expect: adminOnly(200), call: () => ({ path: '/sites' }) },
  'POST /sites': { expect: adminOnly(201), call: () => ({ path: '/sites', body: { name: unique('Shop') } }) },
  'PATCH /sites/:id': { expect: adminOnly(200), call: (_a, ids) => ({ path: `/sites/${ids.site}`, body: { theme: { color: '#112233' } } }) },
  'DELETE /sites/:id': {
    expect: adminOnly(204),
    fresh: async () => ({ site: (await createSite()).id }),
    call: (_a, ids) => ({ path: `/sites/${ids.site}` }),
  },
  'POST /sites/:id/rotate-secret': { expect: adminOnly(200), call: (_a, ids) => ({ path: `/sites/${ids.site}/rotate-secret` }) },

  'GET /widget/config': { expect: everyone(200), call: (_a, ids) => ({ path: `/widget/config?siteKey=${ids.siteKey}` }) },
  'GET /stats/overview': { expect: teamOnly(200), call: () => ({ path: '/stats/overview' }) },
  'GET /stats/report': { expect: teamOnly(200), call: () => ({ path: '/stats/report' }) },
  'GET /stats/report.csv': { expect: teamOnly(200), call: () => ({ path: '/stats/report.csv' }) },
  'GET /email/status': { expect: adminOnly(200), call: () => ({ path: '/email/status' }) },
  'GET /email/outbox': { expect: adminOnly(200), call: () => ({ path: '/email/outbox' }) },
  'POST /email/test': { expect: adminOnly(201), call: () => ({ path: '/email/test' }) },
  'GET /settings/assignment': { expect: adminOnly(200), call: () => ({ path: '/settings/assignment' }) },
  'PATCH /settings/assignment': { expect: adminOnly(200), call: () => ({ path: '/settings/assignment', body: { maxOpenPerAgent: 5 } }) },
  'POST /widget/session': {
    expect: everyone(200),
    call: (_a, ids) => ({ path: '/widget/session', body: { siteKey: ids.siteKey }, headers: { origin: ORIGIN } }),
  },

  // Served beside the endpoints, from the same zod schemas.
  'GET /openapi.json': { expect: everyone(200), call: () => ({ path: '/openapi.json' }) },
  'GET /docs': { expect: everyone(200), call: () => ({ path: '/docs' }) },
};
const DOCUMENTATION_ROUTES = ['GET /openapi.json', 'GET /docs'];

const keyOf = (e: { method: string; path: string }) => `${e.method.toUpperCase()} ${e.path}`;
const methodOf = (key: string) => key.split(' ')[0]!;

async function send(key: string, actor: Actor, call: Call) {
  const token = 'token' in call ? call.token : tokenOf(actor);
  return server.api(methodOf(key), call.path, { token, body: call.body, headers: call.headers });
}

async function run(key: string, actor: Actor, ids: Ids) {
  const row = matrix[key]!;
  return send(key, actor, await row.call(actor, ids));
}

const missingIds: Ids = {
  ticket: MISSING_ID,
  comment: MISSING_ID,
  internalNote: MISSING_ID,
  message: MISSING_ID,
  attachment: MISSING_ID,
  category: MISSING_ID,
  user: MISSING_ID,
  site: MISSING_ID,
  siteKey: MISSING_ID,
  label: MISSING_ID,
  savedReply: MISSING_ID,
};

/** Everything customer A can read of their ticket, and what the team sees of it. */
async function snapshotOfA() {
  const get = async (path: string, who: TestUser) => ok(server.api('GET', path, { token: who.token }), 200);
  const bytes = await fetch(`${server.url}/api/attachments/${fixture.attachment}`, { headers: { authorization: `Bearer ${customerA.token}` } });
  return unsigned({
    ticket: await get(`/tickets/${fixture.ticket}`, customerA),
    comments: await get(`/tickets/${fixture.ticket}/comments?limit=100`, customerA),
    allComments: await get(`/tickets/${fixture.ticket}/comments?limit=100`, admin),
    messages: await get(`/tickets/${fixture.ticket}/messages?limit=100`, customerA),
    unread: await get('/messages/unread-count', customerA),
    list: await get('/tickets?limit=100', customerA),
    attachment: { status: bytes.status, bytes: Buffer.from(await bytes.arrayBuffer()).toString('base64') },
  });
}

describe('authorization matrix', () => {
  it('has a row for every endpoint, and only for endpoints that exist', () => {
    const declared = allEndpoints.map(keyOf).sort();
    const rows = Object.keys(matrix)
      .filter((k) => !DOCUMENTATION_ROUTES.includes(k))
      .sort();
    expect(rows).toEqual(declared);
  });

  for (const key of [...allEndpoints.map(keyOf), ...DOCUMENTATION_ROUTES]) {
    it(`${key}: anonymous, customer A, customer B, an agent and an admin get the expected status`, async () => {
      const row = matrix[key];
      expect(row, `no authorization row for ${key}`).toBeDefined();
      const actual = {} as Expected;
      const bodies: Partial<Record<Actor, unknown>> = {};
      for (const actor of ACTORS) {
        const ids = { ...fixture, ...(await row!.fresh?.(actor)) };
        const res = await run(key, actor, ids);
        actual[actor] = res.status;
        bodies[actor] = res.body;
      }
      expect(actual, JSON.stringify(bodies)).toEqual(row!.expect);
      for (const actor of ACTORS) {
        if (actual[actor] >= 400) {
          expect(bodies[actor]).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        }
      }
      if (row!.expect.anonymous === 401) expect((bodies.anonymous as any).error.code).toBe('UNAUTHENTICATED');
      if (row!.expect.customerA === 403) expect((bodies.customerA as any).error.code).toBe('FORBIDDEN');
      if (row!.expect.agent === 403) expect((bodies.agent as any).error.code).toBe('FORBIDDEN');
    });
  }

  it("refuses an agent (403) on every route the contract keeps for admins, and admits them to every team route", () => {
    const admits = (e: (typeof allEndpoints)[number], role: string) => e.roles !== PUBLIC && (e.roles as readonly string[]).includes(role);
    const forAdminsOnly = allEndpoints.filter((e) => e.roles !== PUBLIC && !admits(e, 'AGENT')).map(keyOf);
    expect(forAdminsOnly).toEqual(expect.arrayContaining(['GET /users', 'POST /users', 'PATCH /users/:id', 'POST /sites', 'POST /categories']));
    // Routes without a row fail "has a row for every endpoint" above.
    for (const key of forAdminsOnly.filter((k) => matrix[k])) expect({ key, agent: matrix[key]?.expect.agent }).toEqual({ key, agent: 403 });
    const forTeam = allEndpoints.filter((e) => admits(e, 'AGENT') && !admits(e, 'CUSTOMER')).map(keyOf);
    expect(forTeam).toEqual(expect.arrayContaining(['GET /team', 'GET /stats/overview']));
    for (const key of forTeam.filter((k) => matrix[k])) expect({ key, agent: matrix[key]?.expect.agent }).toEqual({ key, agent: matrix[key]?.expect.admin });
  });
});

describe("customer B and customer A's things", () => {
  const aOwnedRoutes = () => allEndpoints.map(keyOf).filter((key) => matrix[key]?.expect.customerB === 404);

  it("gets for every id of A's exactly the 404 of a missing id, and A's data stays as it was", async () => {
    expect(aOwnedRoutes().length).toBeGreaterThanOrEqual(12);
    const before = await snapshotOfA();
    for (const key of aOwnedRoutes()) {
      const mine = await run(key, 'customerB', fixture);
      const missing = await run(key, 'customerB', missingIds);
      expect(missing.status, key).toBe(404);
      expect({ key, status: mine.status, body: mine.body }).toEqual({ key, status: missing.status, body: missing.body });
    }
    // Everything a customer could try on a ticket that is not theirs.
    const attempts: [string, string, unknown][] = [
      ['PATCH', `/tickets/${fixture.ticket}`, { status: 'CLOSED' }],
      ['PATCH', `/tickets/${fixture.ticket}`, { subject: 'Mine now', description: 'x', category: 'general', priority: 'URGENT' }],
      ['PATCH', `/tickets/${fixture.ticket}`, { assigneeId: null }],
      ['PATCH', `/comments/${fixture.internalNote}`, { body: 'overwritten' }],
      ['DELETE', `/comments/${fixture.internalNote}`, undefined],
      ['POST', `/tickets/${fixture.ticket}/comments`, { body: 'sneaky', internal: true }],
      ['POST', `/tickets/${fixture.ticket}/messages`, { body: 'sneaky', clientId: 'b-1' }],
      ['POST', `/tickets/${fixture.ticket}/read`, { upTo: fixture.message }],
      ['POST', `/tickets/${fixture.ticket}/attachments`, pngForm()],
    ];
    for (const [method, path, body] of attempts) {
      const res = await server.api(method, path, { token: customerB.token, body });
      expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, status: 404, code: 'NOT_FOUND' });
    }
    expect(await snapshotOfA()).toEqual(before);
  });

  it("can't upload an attachment to A's ticket: 404, and A's ticket keeps its one attachment", async () => {
    const res = await server.api('POST', `/tickets/${fixture.ticket}/attachments`, { token: customerB.token, body: pngForm() });
    const missing = await server.api('POST', `/tickets/${MISSING_ID}/attachments`, { token: customerB.token, body: pngForm() });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(missing.body);
    const ticket = await ok(server.api('GET', `/tickets/${fixture.ticket}`, { token: customerA.token }), 200);
    expect(ticket.attachments.map((a: { id: string }) => a.id)).toEqual([fixture.attachment]);
  });

  it("gets the same 400 for A's message id as for a missing one when naming it from B's own ticket", async () => {
    for (const [method, path, body] of [
      ['GET', `/tickets/${ticketB}/messages?after=ID`, undefined],
      ['POST', `/tickets/${ticketB}/read`, { upTo: 'ID' }],
    ] as const) {
      const call = (id: string) =>
        server.api(method, path.replace('ID', id), { token: customerB.token, body: body && { upTo: id } });
      const mine = await call(fixture.message);
      const missing = await call(MISSING_ID);
      expect(mine.status).toBe(400);
      expect(mine.body).toEqual(missing.body);
    }
  });

  it("never sees A's tickets in GET /tickets, whatever the filters, sort or paging", async () => {
    const queries = [
      '',
      `q=${encodeURIComponent(A_SUBJECT)}`,
      'q=zanzibar',
      'q=Zanzibar%20invoice',
      'status=OPEN',
      'status=OPEN,IN_PROGRESS,RESOLVED,CLOSED',
      'priority=LOW,MEDIUM,HIGH,URGENT',
      'category=billing',
      `assignee=${admin.id}`,
      'assignee=none',
      'assignee=me',
      'sort=number',
      'sort=-updatedAt',
      'sort=priority',
      'limit=100',
    ];
    for (const query of queries) {
      const res = await ok(server.api('GET', `/tickets?${query}`, { token: customerB.token }), 200);
      expect({ query, customers: [...new Set(res.items.map((t: any) => t.customer.id))] }).toEqual({
        query,
        customers: res.items.length ? [customerB.id] : [],
      });
    }
    // The admin's search does find it, so the search itself works.
    const adminSearch = await ok(server.api('GET', '/tickets?q=zanzibar', { token: admin.token }), 200);
    expect(adminSearch.items.map((t: { id: string }) => t.id)).toContain(fixture.ticket);

    // Paging one at a time, even from a cursor taken from A's own list.
    const fromA = await ok(server.api('GET', '/tickets?limit=1', { token: customerA.token }), 200);
    const seen: string[] = [];
    let cursor: string | null = fromA.nextCursor;
    for (let first = true; first || cursor; first = false) {
      const page: any = await ok(server.api('GET', `/tickets?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: customerB.token }), 200);
      seen.push(...page.items.map((t: any) => t.customer.id));
      cursor = page.nextCursor;
    }
    expect(new Set(seen)).toEqual(new Set(seen.length ? [customerB.id] : []));
  });

  it("never sees A's tickets in the unread counts", async () => {
    const mineB = await ok(server.api('GET', '/tickets?limit=100', { token: customerB.token }), 200);
    const idsB = mineB.items.map((t: { id: string }) => t.id);
    const counts = await ok(server.api('GET', '/messages/unread-count', { token: customerB.token }), 200);
    expect(Object.keys(counts.byTicket)).toContain(ticketB);
    expect(Object.keys(counts.byTicket).every((id) => idsB.includes(id))).toBe(true);
    expect(counts.byTicket[fixture.ticket]).toBeUndefined();
    expect(counts.total).toBe(Object.values(counts.byTicket as Record<string, number>).reduce((a, b) => a + b, 0));

    const countsA = await ok(server.api('GET', '/messages/unread-count', { token: customerA.token }), 200);
    expect(countsA.byTicket[fixture.ticket]).toBeGreaterThan(0);
    expect(countsA.byTicket[ticketB]).toBeUndefined();
  });
});

describe('a customer cannot raise their own privileges', () => {
  it('PATCH /users/:id on themself as a customer is 403 and they stay a CUSTOMER', async () => {
    const res = await server.api('PATCH', `/users/${customerA.id}`, { token: customerA.token, body: { role: 'ADMIN' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const me = await ok(server.api('GET', '/auth/me', { token: customerA.token }), 200);
    expect(me.user.role).toBe('CUSTOMER');
    expect((await server.api('GET', '/users', { token: customerA.token })).status).toBe(403);
  });

  it('POST /users with role ADMIN as a customer is 403 and creates nobody', async () => {
    const email = `${unique('wannabe')}@example.test`;
    const res = await server.api('POST', '/users', {
      token: customerA.token,
      body: { name: 'Wannabe', email, password: 'password123', role: 'ADMIN' },
    });
    expect(res.status).toBe(403);
    const login = await server.api('POST', '/auth/login', { body: { email, password: 'password123' } });
    expect(login.status).toBe(401);
  });

  it('registering with role ADMIN creates a CUSTOMER whose token opens no admin route', async () => {
    const res = await ok(
      server.api('POST', '/auth/register', {
        body: { name: 'Mallory', email: `${unique('mallory')}@example.test`, password: 'password123', role: 'ADMIN', disabled: false },
      }),
      201,
    );
    expect(res.user.role).toBe('CUSTOMER');
    expect((await ok(server.api('GET', '/auth/me', { token: res.token }), 200)).user.role).toBe('CUSTOMER');
    expect((await server.api('GET', '/users', { token: res.token })).status).toBe(403);
    expect((await server.api('POST', '/categories', { token: res.token, body: { name: 'Mine' } })).status).toBe(403);
  });

  it('a customer cannot assign their ticket or set a status other than CLOSED (403), and it stays unchanged', async () => {
    const { ticket } = await freshTicket();
    const before = await ok(server.api('GET', `/tickets/${ticket}`, { token: customerA.token }), 200);
    for (const body of [
      { assigneeId: admin.id },
      { assigneeId: customerA.id },
      { assigneeId: null },
      { status: 'IN_PROGRESS' },
      { status: 'RESOLVED' },
      { status: 'OPEN' },
      { priority: 'URGENT', assigneeId: admin.id },
    ]) {
      const res = await server.api('PATCH', `/tickets/${ticket}`, { token: customerA.token, body });
      expect({ body, status: res.status }).toEqual({ body, status: 403 });
    }
    expect(await ok(server.api('GET', `/tickets/${ticket}`, { token: customerA.token }), 200)).toEqual(before);
    const closed = await ok(server.api('PATCH', `/tickets/${ticket}`, { token: customerA.token, body: { status: 'CLOSED' } }), 200);
    expect(closed.status).toBe('CLOSED');
  });

  it('a customer cannot write an internal note (403)', async () => {
    const res = await server.api('POST', `/tickets/${fixture.ticket}/comments`, {
      token: customerA.token,
      body: { body: 'note to self', internal: true },
    });
    expect(res.status).toBe(403);
  });
});

describe('internal notes', () => {
  it('are never among the comments a customer receives, on any page', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let first = true; first || cursor; first = false) {
      const page: any = await ok(
        server.api('GET', `/tickets/${fixture.ticket}/comments?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: customerA.token }),
        200,
      );
      expect(page.items.every((c: { internal: boolean }) => !c.internal)).toBe(true);
      ids.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    }
    expect(ids).toContain(fixture.comment);
    expect(ids).not.toContain(fixture.internalNote);
    const forAdmin = await ok(server.api('GET', `/tickets/${fixture.ticket}/comments`, { token: admin.token }), 200);
    expect(forAdmin.items.map((c: { id: string }) => c.id)).toEqual([fixture.comment, fixture.internalNote]);
  });

  it("answer the ticket's own customer like a missing comment", async () => {
    for (const method of ['PATCH', 'DELETE']) {
      const body = method === 'PATCH' ? { body: 'edited' } : undefined;
      const note = await server.api(method, `/comments/${fixture.internalNote}`, { token: customerA.token, body });
      const missing = await server.api(method, `/comments/${MISSING_ID}`, { token: customerA.token, body });
      expect(note.status).toBe(404);
      expect(note.body).toEqual(missing.body);
    }
  });

  it("a customer may see the team's public comment but not edit or delete it (403)", async () => {
    const { ticket } = await freshTicket();
    const reply = await addComment(ticket, admin, 'We are on it');
    expect((await server.api('PATCH', `/comments/${reply.id}`, { token: customerA.token, body: { body: 'No you are not' } })).status).toBe(403);
    expect((await server.api('DELETE', `/comments/${reply.id}`, { token: customerA.token })).status).toBe(403);
  });
});

describe('credentials', () => {
  it('a bad, revoked or malformed token is a 401 on a protected route and ignored on a public one', async () => {
    const revoked = await freshToken('customerA');
    await ok(server.api('POST', '/auth/logout', { token: revoked }), 204);
    for (const headers of [
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${revoked}` },
      { authorization: `Bearer ${customerA.token.slice(0, -3)}abc` },
      { authorization: 'Basic YTpi' },
      { authorization: `Bearer ${customerA.token} extra` },
    ]) {
      expect((await server.api('GET', '/auth/me', { headers })).status).toBe(401);
      expect((await server.api('GET', `/tickets/${fixture.ticket}`, { headers })).status).toBe(401);
      expect((await server.api('GET', '/categories', { headers })).status).toBe(200);
    }
  });

  it("an attachment's signed URL opens it without a token, a tampered one does not", async () => {
    const ticket = await ok(server.api('GET', `/tickets/${fixture.ticket}`, { token: customerA.token }), 200);
    const url = new URL(ticket.attachments[0].url);
    expect((await fetch(`${server.url}${url.pathname}${url.search}`)).status).toBe(200);
    url.searchParams.set('signature', '0'.repeat(64));
    const tampered = await fetch(`${server.url}${url.pathname}${url.search}`);
    expect(tampered.status).toBe(401);
  });
});

describe('agents', () => {
  it('work a ticket: reply, internal note, status, priority, and assign it to an agent or an admin', async () => {
    const { ticket } = await freshTicket();
    await addComment(ticket, agent, 'On it');
    const note = await addComment(ticket, agent, 'Looks like the legacy plan again', true);
    await sendMessage(ticket, agent, 'Hello from support');
    for (const body of [{ status: 'IN_PROGRESS', priority: 'HIGH' }, { assigneeId: agent.id }, { assigneeId: admin.id }, { assigneeId: null }]) {
      await ok(server.api('PATCH', `/tickets/${ticket}`, { token: agent.token, body }), 200);
    }
    const assigned = await ok(server.api('PATCH', `/tickets/${ticket}`, { token: admin.token, body: { assigneeId: agent.id } }), 200);
    expect(assigned.assignee).toEqual({ id: agent.id, name: agent.name });
    const seen = await ok(server.api('GET', `/tickets/${ticket}`, { token: agent.token }), 200);
    expect(seen).toMatchObject({ status: 'IN_PROGRESS', priority: 'HIGH', activityAt: expect.any(String) });
    const comments = await ok(server.api('GET', `/tickets/${ticket}/comments`, { token: agent.token }), 200);
    expect(comments.items.map((c: { id: string }) => c.id)).toContain(note.id);
    const forCustomer = await ok(server.api('GET', `/tickets/${ticket}/comments`, { token: customerA.token }), 200);
    expect(forCustomer.items.map((c: { id: string }) => c.id)).not.toContain(note.id);
    // The team's reply counts as the first response, and is unread on the customer's side.
    const unread = await ok(server.api('GET', '/messages/unread-count', { token: customerA.token }), 200);
    expect(unread.byTicket[ticket]).toBe(1);
  });

  it('cannot be given a ticket when disabled, and a customer never can (400)', async () => {
    const { ticket } = await freshTicket();
    const disabled = await server.createUser('AGENT', 'Gone Agent');
    await ok(server.api('PATCH', `/users/${disabled.id}`, { token: admin.token, body: { disabled: true } }), 200);
    for (const assigneeId of [disabled.id, customerB.id]) {
      const res = await server.api('PATCH', `/tickets/${ticket}`, { token: agent.token, body: { assigneeId } });
      expect({ assigneeId, status: res.status, code: res.body.error?.code }).toEqual({ assigneeId, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('find tickets by their customer, as admins do', async () => {
    const dora = await server.createUser('CUSTOMER', 'Dora');
    const { id } = await openTicket(dora, 'Where is my parcel');
    const found = await ok(server.api('GET', `/tickets?q=${encodeURIComponent(dora.email)}`, { token: agent.token }), 200);
    expect(found.items.map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it('list the team (agents and admins, never customers) through GET /team', async () => {
    const team = await ok(server.api('GET', '/team', { token: agent.token }), 200);
    const ids = team.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining([agent.id, admin.id]));
    expect(ids).not.toContain(customerA.id);
    expect(team.find((m: { id: string }) => m.id === agent.id)).toEqual({ id: agent.id, name: agent.name, role: 'AGENT', disabled: false });
    expect(team.every((m: { email?: string }) => m.email === undefined)).toBe(true);
  });

  it('cannot make themselves admins, nor manage any user (403)', async () => {
    const self = await server.api('PATCH', `/users/${agent.id}`, { token: agent.token, body: { role: 'ADMIN' } });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('Only an admin can do that');
    const me = await ok(server.api('GET', '/auth/me', { token: agent.token }), 200);
    expect(me.user.role).toBe('AGENT');
  });

  it('are made by an admin with POST /users or PATCH /users/:id role AGENT, and sign in as agents', async () => {
    const email = `${unique('agent')}@example.test`;
    const made = await ok(server.api('POST', '/users', { token: admin.token, body: { name: 'New Agent', email, password: 'password123', role: 'AGENT' } }), 201);
    expect(made.role).toBe('AGENT');
    const login = await ok(server.api('POST', '/auth/login', { body: { email, password: 'password123' } }), 200);
    expect(login.user.role).toBe('AGENT');

    const promoted = await server.createUser('CUSTOMER', 'Soon Agent');
    expect((await ok(server.api('PATCH', `/users/${promoted.id}`, { token: admin.token, body: { role: 'AGENT' } }), 200)).role).toBe('AGENT');
    const fresh = await ok(server.api('POST', '/auth/login', { body: { email: promoted.email, password: 'password123' } }), 200);
    expect((await server.api('GET', '/tickets?sort=-activityAt', { token: fresh.token })).status).toBe(200);
    expect((await server.api('GET', '/users', { token: fresh.token })).status).toBe(403);
  });

  it('are listed with admins by GET /users?role=AGENT,ADMIN, without customers', async () => {
    const team = await ok(server.api('GET', '/users?role=AGENT,ADMIN&limit=100', { token: admin.token }), 200);
    const roles = new Set(team.items.map((u: { role: string }) => u.role));
    expect(roles).toEqual(new Set(['AGENT', 'ADMIN']));
    expect(team.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([agent.id, admin.id]));
    expect((await server.api('GET', '/users?role=AGENT,OWNER', { token: admin.token })).status).toBe(400);
  });

  it('an admin cannot demote themselves to agent (403) and stays an admin', async () => {
    const other = await server.createUser('ADMIN', 'Second Admin');
    const res = await server.api('PATCH', `/users/${other.id}`, { token: other.token, body: { role: 'AGENT' } });
    expect(res.status).toBe(403);
    expect((await ok(server.api('GET', '/auth/me', { token: other.token }), 200)).user.role).toBe('ADMIN');
  });
});

describe('socket events, by caller', () => {
  const SOCKET_ACTORS = ['customerA', 'customerB', 'agent', 'admin'] as const;
  type SocketActor = (typeof SOCKET_ACTORS)[number];
  const opened: Socket[] = [];
  afterAll(() => opened.forEach((socket) => socket.close()));

  const socketFor = (token: string | undefined) => {
    const socket = connectSocket(server.url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
    opened.push(socket);
    return socket;
  };
  const connected = async (actor: SocketActor) => {
    const socket = socketFor(users()[actor].token);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  };
  /** Every payload of `event` this socket hears from now on. */
  const heard = (socket: Socket, event: string) => {
    const items: any[] = [];
    socket.on(event, (payload: unknown) => items.push(payload));
    return items;
  };
  const until = async (check: () => boolean, what: string) => {
    for (let waited = 0; !check(); waited += 20) {
      if (waited > 3000) throw new Error(`never happened: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 250));

  /** What each client event answers each caller on a ticket of customer A's ('ok' or the error code). */
  const acks: Record<keyof typeof CLIENT_EVENTS, { expect: Record<SocketActor, string>; payload: (ids: { ticket: string; message: string }) => unknown }> = {
    'ticket:join': { expect: { customerA: 'ok', customerB: 'NOT_FOUND', agent: 'ok', admin: 'ok' }, payload: (ids) => ids.ticket },
    'ticket:leave': { expect: { customerA: 'ok', customerB: 'ok', agent: 'ok', admin: 'ok' }, payload: (ids) => ids.ticket },
    'message:send': {
      expect: { customerA: 'ok', customerB: 'NOT_FOUND', agent: 'ok', admin: 'ok' },
      payload: (ids) => ({ ticketId: ids.ticket, body: 'Over the socket', clientId: unique('socket') }),
    },
    typing: { expect: { customerA: 'ok', customerB: 'NOT_FOUND', agent: 'ok', admin: 'ok' }, payload: (ids) => ({ ticketId: ids.ticket, typing: true }) },
    'message:read': {
      expect: { customerA: 'ok', customerB: 'NOT_FOUND', agent: 'ok', admin: 'ok' },
      payload: (ids) => ({ ticketId: ids.ticket, upTo: ids.message }),
    },
  };

  it('has a row for every client event of the contract', () => {
    expect(Object.keys(acks).sort()).toEqual(Object.keys(CLIENT_EVENTS).sort());
  });

  it('refuses an anonymous connection, and admits customers, agents and admins', async () => {
    const anonymous = socketFor(undefined);
    expect(await new Promise((resolve) => anonymous.once('connect_error', (error) => resolve(error.message)))).toBe('unauthorized');
    for (const actor of SOCKET_ACTORS) expect((await connected(actor)).connected).toBe(true);
  });

  for (const event of Object.keys(acks) as (keyof typeof CLIENT_EVENTS)[]) {
    it(`${event}: customer A, customer B, an agent and an admin get the expected ack on A's ticket`, async () => {
      const { ticket } = await freshTicket();
      const message = await sendMessage(ticket, customerA, 'Anyone?');
      const actual = {} as Record<SocketActor, string>;
      for (const actor of SOCKET_ACTORS) {
        const socket = await connected(actor);
        const ack = await socket.emitWithAck(event, acks[event].payload({ ticket, message: message.id }));
        actual[actor] = ack.ok ? 'ok' : ack.error.code;
      }
      expect(actual).toEqual(acks[event].expect);
    });
  }

  it("carries a ticket's news to the whole team and its customer, and internal notes to the team only", async () => {
    const sockets = Object.fromEntries(await Promise.all(SOCKET_ACTORS.map(async (actor) => [actor, await connected(actor)] as const))) as Record<SocketActor, Socket>;
    const listen = (event: string) => Object.fromEntries(SOCKET_ACTORS.map((actor) => [actor, heard(sockets[actor], event)])) as Record<SocketActor, any[]>;
    const created = listen('ticket:created');
    const { ticket } = await freshTicket();
    await until(() => created.agent.some((t) => t.id === ticket) && created.admin.some((t) => t.id === ticket), 'ticket:created reaches the team');

    // Everyone who may see the ticket follows its room (customer B is refused); typing goes to the room only.
    for (const actor of SOCKET_ACTORS) await sockets[actor].emitWithAck('ticket:join', ticket);
    const [messages, comments, updates, typing, unread] = [listen('message:new'), listen('comment:new'), listen('ticket:updated'), listen('typing'), listen('unread')];

    await sockets.customerA.emitWithAck('typing', { ticketId: ticket, typing: true });
    const fromCustomer = await sendMessage(ticket, customerA, 'Still broken');
    const note = await addComment(ticket, agent, 'Escalate if it happens again', true);
    const reply = await addComment(ticket, agent, 'Fixed on our side');
    await ok(server.api('PATCH', `/tickets/${ticket}`, { token: agent.token, body: { status: 'RESOLVED' } }), 200);

    await until(() => (['agent', 'admin'] as const).every((a) => comments[a].some((c) => c.id === reply.id) && updates[a].length > 0), 'the team hears');
    await until(() => comments.customerA.some((c) => c.id === reply.id) && updates.customerA.length > 0, 'the customer hears');
    await until(() => unread.agent.length > 0 && unread.admin.length > 0, 'the team hears its unread counts');
    await settle();

    for (const actor of ['agent', 'admin'] as const) {
      expect(messages[actor].map((m) => m.id), actor).toContain(fromCustomer.id);
      expect(comments[actor].map((c) => c.id), actor).toEqual(expect.arrayContaining([note.id, reply.id]));
      expect(typing[actor].map((t) => t.user.id), actor).toContain(customerA.id);
      expect(updates[actor].at(-1), actor).toMatchObject({ id: ticket, status: 'RESOLVED', activityAt: expect.any(String) });
      expect(unread[actor].at(-1).byTicket[ticket], actor).toBe(1);
    }
    // The customer hears the public reply and the change, in their own view, never the note.
    expect(comments.customerA.map((c) => c.id)).toEqual([reply.id]);
    expect(updates.customerA.at(-1)).toMatchObject({ id: ticket, status: 'RESOLVED' });
    expect(updates.customerA.at(-1)).not.toHaveProperty('activityAt');
    // Customer B hears nothing of A's ticket.
    for (const events of [created, messages, comments, updates, typing]) expect(events.customerB.filter((e) => (e.id ?? e.ticketId) === ticket)).toEqual([]);
    expect(unread.customerB).toEqual([]);
  });
});
