// The widget's core (session, tickets, chat) against a fake API (fetch) and a fake realtime client.
import type { RealtimeEvents } from '@deskline/contract/client';
import type { Role } from '@deskline/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageJson, TicketJson, UserJson } from '../api/types.js';
import { translator } from '../i18n/locales.js';
import { createController, type ControllerOptions } from './controller.js';
import type { Realtime } from './session.js';

const t = translator('en');
const ORIGIN = 'https://support.example';

const jwt = (payload: object) => `h.${btoa(JSON.stringify(payload)).replace(/=+$/, '')}.s`;
const token = (sub: string) => jwt({ sub, exp: Math.floor(Date.now() / 1000) + 3600 });

const visitor: UserJson = {
  id: 'u-visitor',
  name: 'Visitor',
  email: null,
  emailVerified: false,
  role: 'CUSTOMER',
  createdAt: '2026-01-01T00:00:00.000Z',
  hasPassword: false,
  mustChangePassword: false,
};
const agent = { id: 'u-agent', name: 'Ada', role: 'ADMIN' as const };

const ticket: TicketJson = {
  id: 't1',
  number: 1,
  subject: 'Refund',
  description: 'Charged twice',
  category: { slug: 'billing', name: 'Billing' },
  priority: 'MEDIUM',
  status: 'OPEN',
  customer: { id: visitor.id, name: visitor.name, email: null, emailVerified: false },
  assignee: null,
  site: null,
  attachments: [],
  unreadCount: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  linkedTicket: null,
  rating: null,
  awaitingRating: false,
  reopenUntil: null,
};
const message = (id: string, sender: { id: string; name: string; role: Role }, fields: Partial<MessageJson> = {}): MessageJson => ({
  id,
  ticketId: 't1',
  sender,
  body: `body of ${id}`,
  attachments: [],
  clientId: null,
  createdAt: `2026-01-01T12:00:0${id.slice(-1)}.000Z`,
  readAt: null,
  ...fields,
});

type Route = (init: RequestInit, url: URL) => { status?: number; body?: unknown } | undefined;

/** The server, route by route ("METHOD /path" below /api); unknown routes fail the test. */
function fakeServer(routes: Record<string, Route>) {
  const calls: string[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const key = `${init.method ?? 'GET'} ${url.pathname.replace(/^\/api/, '')}`;
    calls.push(key);
    const route = routes[key];
    if (!route) throw new Error(`no route for ${key}`);
    const { status = 200, body } = route(init, url) ?? {};
    return status === 204 ? new Response(null, { status }) : Response.json(body ?? {}, { status });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch };
}

function fakeRealtime() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const realtime = {
    token: '',
    on: vi.fn(<E extends keyof RealtimeEvents>(event: E, listener: (payload: RealtimeEvents[E]) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => listeners.get(event)!.delete(listener as (payload: never) => void);
    }),
    join: vi.fn(async (_ticketId: string, _lastSeenId?: string) => {}),
    leave: vi.fn(async (_ticketId: string) => {}),
    send: vi.fn(async (ticketId: string, body: string, clientId = 'c') => message('m9', visitor, { ticketId, body, clientId })),
    typing: vi.fn(),
    markRead: vi.fn(async (_ticketId: string, _upTo: string) => {}),
    close: vi.fn(),
  } satisfies Realtime & { token: string };
  const emit = <E extends keyof RealtimeEvents>(event: E, payload: RealtimeEvents[E]) =>
    listeners.get(event)?.forEach((listener) => (listener as (payload: RealtimeEvents[E]) => void)(payload));
  return { realtime, emit };
}

/** A widget core on a fresh page, with the server's usual answers for an anonymous visitor. */
function setup(extra: Partial<ControllerOptions> = {}, routes: Record<string, Route> = {}) {
  const server = fakeServer({
    'POST /widget/session': () => ({ body: { token: token('anon'), visitorId: 'v1', user: visitor } }),
    'GET /auth/me': () => ({ body: { user: visitor } }),
    'GET /tickets': () => ({ body: { items: [ticket], nextCursor: null } }),
    'GET /messages/unread-count': () => ({ body: { total: 1, byTicket: { t1: 1 } } }),
    'GET /tickets/t1': () => ({ body: ticket }),
    'GET /tickets/t1/comments': () => ({ body: { items: [], nextCursor: null } }),
    'GET /tickets/t1/events': () => ({ body: { items: [], nextCursor: null } }),
    'GET /tickets/t1/messages': () => ({ body: { items: [message('m1', agent), message('m2', visitor)], nextCursor: null } }),
    ...routes,
  });
  const sockets: ReturnType<typeof fakeRealtime>[] = [];
  const emit = vi.fn();
  const c = createController({
    origin: ORIGIN,
    siteKey: 'site',
    t,
    emit,
    connect: (bearer) => {
      const socket = fakeRealtime();
      socket.realtime.token = bearer;
      sockets.push(socket);
      return socket.realtime;
    },
    ...extra,
  });
  const changes = vi.fn();
  c.subscribe(changes);
  return { c, server, sockets, emit, changes };
}

beforeEach(() => {
  const items = new Map<string, string>();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  });
  // The page the widget runs on: a session tells the team where the visitor is.
  vi.stubGlobal('location', { href: 'https://shop.example/pricing?plan=pro', origin: 'https://shop.example' });
  vi.stubGlobal('document', { referrer: 'https://search.example/' });
  vi.stubGlobal('navigator', { language: 'fr-CA' });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('session', () => {
  it('opens an anonymous session, connects, and loads the tickets and unread counts', async () => {
    const { c, server, sockets, emit } = setup();
    await c.session.start();
    expect(c.session.phase).toBe('ready');
    expect(server.calls).toEqual(['POST /widget/session', 'GET /auth/me', 'GET /tickets', 'GET /messages/unread-count']);
    const opened = JSON.parse(String(server.fetch.mock.calls[0]![1]!.body));
    expect(opened.context).toMatchObject({ pageUrl: 'https://shop.example/pricing?plan=pro', referrer: 'https://search.example/', language: 'fr-CA' });
    expect(sockets).toHaveLength(1);
    expect(c.tickets.list).toEqual([ticket]);
    expect(c.tickets.unreadFor(ticket)).toBe(1);
    expect(emit).toHaveBeenCalledWith('unread', 1);
    expect(localStorage.getItem('deskline:site:unread')).toBe('1');
    // Remembered for the next page: the same visitor, without a new session.
    expect(JSON.parse(localStorage.getItem('deskline:site')!)).toMatchObject({ kind: 'anonymous', visitorId: 'v1' });
  });

  it('sends the bearer token, and bodies written by its own JSON writer', async () => {
    const { c, server } = setup();
    await c.session.start();
    const me = server.fetch.mock.calls.find(([url]) => String(url).endsWith('/api/auth/me'))!;
    expect((me[1]!.headers as Record<string, string>).authorization).toBe(`Bearer ${token('anon')}`);
    const session = server.fetch.mock.calls[0]!;
    expect(String(session[0])).toBe(`${ORIGIN}/api/widget/session`);
    expect(JSON.parse(session[1]!.body as string)).toEqual({ siteKey: 'site', context: expect.objectContaining({ pageUrl: 'https://shop.example/pricing?plan=pro' }) });
  });

  it('a remembered token that was revoked is forgotten, and the same visitor gets a fresh one', async () => {
    localStorage.setItem('deskline:site', JSON.stringify({ kind: 'anonymous', token: token('old'), visitorId: 'v1' }));
    let refused = false;
    const { c, server } = setup({}, {
      'GET /auth/me': (init) => {
        const bearer = (init.headers as Record<string, string>).authorization;
        if (bearer === `Bearer ${token('old')}`) return (refused = true), { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'no' } } };
        return { body: { user: visitor } };
      },
    });
    await c.session.start();
    expect(refused).toBe(true);
    expect(c.session.phase).toBe('ready');
    const reopened = server.fetch.mock.calls.find(([url]) => String(url).endsWith('/widget/session'))!;
    expect(JSON.parse(reopened[1]!.body as string)).toEqual({ siteKey: 'site', visitorId: 'v1', context: expect.objectContaining({ language: 'fr-CA' }) });
  });

  it('says why the session could not open, and whether retrying may help', async () => {
    const { c } = setup({}, { 'POST /widget/session': () => ({ status: 403, body: { error: { code: 'INVALID_IDENTITY_TOKEN', message: 'bad' } } }) });
    c.session.identify({ token: 'forged' });
    await c.session.start();
    expect(c.session.phase).toBe('error');
    expect(c.session.error).toEqual({ text: t('errSignature'), retryable: false });
  });

  it('another identity replaces the open session; the same one keeps it', async () => {
    const { c, server, sockets } = setup();
    c.session.identify({ token: token('alice') });
    await c.session.start();
    c.session.identify({ token: token('alice') }); // re-minted on the next page: same `sub`
    expect(sockets).toHaveLength(1);
    c.session.identify({ token: token('bob') });
    expect(sockets[0]!.realtime.close).toHaveBeenCalled();
    await c.session.start();
    expect(sockets).toHaveLength(2);
    expect(server.calls.filter((call) => call === 'POST /widget/session')).toHaveLength(2);
    expect(JSON.parse(localStorage.getItem('deskline:site')!)).toMatchObject({ kind: 'identified', externalId: 'bob', signature: 'token' });
  });

  it('a token refused on the socket opens a new session', async () => {
    const { c, sockets } = setup();
    await c.session.start();
    sockets[0]!.emit('status', 'unauthorized');
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    await vi.waitFor(() => expect(c.session.phase).toBe('ready'));
  });

  it('an unknown site key, as the loader learnt it, shows as an error that retrying cannot fix', () => {
    const { c } = setup();
    c.session.refuse({ text: t('errSiteKey'), retryable: false });
    expect(c.session.phase).toBe('error');
    expect(c.session.error?.retryable).toBe(false);
  });
});

describe('portal accounts', () => {
  const portal = () =>
    setup({ siteKey: undefined }, {
      'POST /auth/login': () => ({ body: { token: token('acct'), user: visitor } }),
      'POST /auth/logout': () => ({ status: 204 }),
      'POST /auth/password': () => ({ status: 204 }),
      'GET /categories': () => ({ body: [{ slug: 'general', name: 'General' }] }),
    });

  it('without an account, asks to sign in; signing in opens the home screen', async () => {
    const { c } = portal();
    expect(c.screen.name).toBe('signin');
    await c.session.start();
    expect(c.session.phase).toBe('signedOut');
    await c.signIn('ada@example.com', 'password1');
    expect(c.screen.name).toBe('home');
    await vi.waitFor(() => expect(c.session.phase).toBe('ready'));
    expect(c.tickets.categories).toEqual([{ slug: 'general', name: 'General' }]);
  });

  it('a password given by the team must be changed before anything else', async () => {
    localStorage.setItem('deskline:portal', JSON.stringify({ kind: 'account', token: token('acct') }));
    let mustChange = true;
    const { c } = setup({ siteKey: undefined }, {
      'GET /auth/me': () => ({ body: { user: { ...visitor, mustChangePassword: mustChange } } }),
      'POST /auth/password': () => ((mustChange = false), { status: 204 }),
      'GET /categories': () => ({ body: [] }),
    });
    await c.session.start();
    expect(c.session.phase).toBe('passwordRequired');
    expect(c.screen.name).toBe('password');
    await c.changePassword('given password', 'my own password');
    expect(c.session.phase).toBe('ready');
    expect(c.screen.name).toBe('home');
    expect(c.notice).toBe(t('passwordChanged'));
  });

  it('signing out forgets the account and ends its token on the server', async () => {
    const { c, server } = portal();
    await c.signIn('ada@example.com', 'password1');
    await vi.waitFor(() => expect(c.session.phase).toBe('ready'));
    await c.logout();
    expect(server.calls).toContain('POST /auth/logout');
    expect(c.session.phase).toBe('signedOut');
    expect(c.screen.name).toBe('signin');
    expect(localStorage.getItem('deskline:portal')).toBeNull();
  });
});

describe('tickets and chat', () => {
  it('opening a ticket loads it, merges its history and follows its chat from the last message', async () => {
    const { c, sockets } = setup();
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    const view = c.tickets.view('t1');
    await vi.waitFor(() => expect(view.chat!.state.messages.map((m) => m.id)).toEqual(['m1', 'm2']));
    expect(view.ticket).toEqual(ticket);
    await vi.waitFor(() => expect(sockets[0]!.realtime.join).toHaveBeenCalledWith('t1', 'm2'));
  });

  it("support's messages are marked read only while the panel shows that ticket", async () => {
    const { c, sockets } = setup();
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(sockets[0]!.realtime.join).toHaveBeenCalled());
    expect(sockets[0]!.realtime.markRead).not.toHaveBeenCalled(); // the panel is closed
    c.setVisible(true);
    expect(sockets[0]!.realtime.markRead).toHaveBeenCalledWith('t1', 'm2');
    c.navigate({ name: 'home' });
    expect(sockets[0]!.realtime.leave).toHaveBeenCalledWith('t1');
    sockets[0]!.emit('message:new', message('m3', agent));
    expect(sockets[0]!.realtime.markRead).toHaveBeenCalledTimes(1);
  });

  it("announces support's new messages once and tells the host page, for any ticket", async () => {
    const { c, sockets, emit } = setup();
    await c.session.start();
    const reply = message('m3', agent, { ticketId: 't2' });
    sockets[0]!.emit('message:new', reply); // a ticket not opened
    expect(emit).toHaveBeenCalledWith('message', reply);
    expect(c.announcement).toContain(t('newMessageFrom', { name: 'Ada', body: reply.body }));

    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(sockets[0]!.realtime.join).toHaveBeenCalled());
    const inChat = message('m4', agent);
    sockets[0]!.emit('message:new', inChat);
    sockets[0]!.emit('message:new', inChat);
    expect(emit.mock.calls.filter(([event]) => event === 'message')).toHaveLength(2);
    // Our own messages are not announced.
    sockets[0]!.emit('message:new', message('m5', visitor));
    expect(emit.mock.calls.filter(([event]) => event === 'message')).toHaveLength(2);
  });

  it('sends through the chat, shown as pending until stored', async () => {
    const { c, sockets } = setup();
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    const chat = c.tickets.view('t1').chat!;
    await vi.waitFor(() => expect(sockets[0]!.realtime.join).toHaveBeenCalled());
    chat.send('Thanks!');
    expect(chat.state.pending).toMatchObject([{ body: 'Thanks!', state: 'sending' }]);
    await vi.waitFor(() => expect(chat.state.pending).toEqual([]));
    expect(chat.state.messages.at(-1)!.body).toBe('Thanks!');
  });

  it('a ticket deleted by support shows as gone; its updates and unread counts follow the server', async () => {
    const { c, sockets } = setup();
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(c.tickets.view('t1').ticket).toBeDefined());
    sockets[0]!.emit('ticket:updated', { ...ticket, status: 'CLOSED' });
    expect(c.tickets.list![0]!.status).toBe('CLOSED');
    expect(c.tickets.view('t1').ticket!.status).toBe('CLOSED');
    sockets[0]!.emit('unread', { total: 0, byTicket: {} });
    expect(c.tickets.unreadFor(ticket)).toBe(0);
    expect(localStorage.getItem('deskline:site:unread')).toBeNull();
    sockets[0]!.emit('ticket:deleted', { id: 't1' });
    expect(c.tickets.list).toEqual([]);
    expect(c.tickets.view('t1').gone).toBe(true);
  });

  it('a change heard live while the ticket loads is not undone by the older copy the load read', async () => {
    const later = { ...ticket, status: 'CLOSED' as const, updatedAt: '2026-01-01T00:05:00.000Z' };
    const live: { sockets?: ReturnType<typeof setup>['sockets'] } = {};
    // The ticket closes while its GET is on the way, which then answers what it read before.
    const { c, sockets } = setup({}, { 'GET /tickets/t1': () => (live.sockets![0]!.emit('ticket:updated', later), { body: ticket }) });
    live.sockets = sockets;
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(c.tickets.view('t1').comments).toBeDefined());
    expect(c.tickets.view('t1').ticket!.status).toBe('CLOSED');
    expect(c.tickets.list![0]!.status).toBe('CLOSED');
  });

  it("a ticket that is not the visitor's (404) shows as gone", async () => {
    const { c } = setup({}, { 'GET /tickets/t1': () => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Not found' } } }) });
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(c.tickets.view('t1').gone).toBe(true));
  });

  it('after a reconnect, the list, the counts and the ticket on screen are fetched again', async () => {
    const { c, server, sockets } = setup();
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(c.tickets.view('t1').ticket).toBeDefined());
    sockets[0]!.emit('status', 'disconnected');
    expect(c.session.online).toBe(false);
    server.calls.length = 0;
    sockets[0]!.emit('status', 'connected');
    await vi.waitFor(() =>
      expect(server.calls).toEqual(['GET /tickets', 'GET /messages/unread-count', 'GET /tickets/t1', 'GET /tickets/t1/comments', 'GET /tickets/t1/events']),
    );
    expect(c.session.online).toBe(true);
  });

  it('a new ticket joins the list and opens, with a notice', async () => {
    const created = { ...ticket, id: 't1', number: 7 };
    const { c } = setup({}, { 'POST /tickets': (init) => (expect(init.body).toBeInstanceOf(FormData), { status: 201, body: created }) });
    await c.session.start();
    await c.createTicket({ subject: 'Refund', description: 'Twice', category: 'billing', priority: 'HIGH', files: [] }, {});
    expect(c.screen).toEqual({ name: 'ticket', id: 't1' });
    expect(c.notice).toBe(t('created', { n: 7 }));
    expect(c.tickets.list![0]).toEqual(created);
  });

  it('starting by typing sends the description alone and opens the chat, ready to compose', async () => {
    const created = { ...ticket, id: 't1', number: 8, subject: 'Where is my parcel?' };
    let sent: string[] = [];
    const { c } = setup({}, {
      'POST /tickets': (init) => {
        sent = [...(init.body as FormData).keys()];
        expect((init.body as FormData).get('description')).toBe('Where is my parcel?');
        // Where the visitor is as they write: the host page's address now, not the session's first.
        expect((init.body as FormData).get('pageUrl')).toBe('https://shop.example/pricing?plan=pro');
        return { status: 201, body: created };
      },
    });
    await c.session.start();
    await c.startByTyping('Where is my parcel?');
    // No subject or category: the server makes them from the description and the site's default.
    expect(sent).toEqual(['description', 'pageUrl']);
    expect(c.screen).toEqual({ name: 'ticket', id: 't1', compose: true });
    expect(c.notice).toBe(t('created', { n: 8 }));
    expect(c.tickets.list![0]).toEqual(created);
  });

  it("the site's configuration says whether starting by typing is allowed, and the default category", () => {
    const { c } = setup();
    expect(c.tickets.requireForm).toBe(false);
    expect(c.tickets.defaultCategory).toBe('general');
    c.tickets.configure({ categories: [], defaultCategory: 'billing', requireTicketForm: true });
    expect(c.tickets.requireForm).toBe(true);
    expect(c.tickets.defaultCategory).toBe('billing');
  });

  it('the session ending empties everything it loaded', async () => {
    const { c, sockets } = setup();
    await c.session.start();
    c.navigate({ name: 'ticket', id: 't1' });
    await vi.waitFor(() => expect(sockets[0]!.realtime.join).toHaveBeenCalled());
    await c.logout();
    expect(sockets[0]!.realtime.close).toHaveBeenCalled();
    expect(c.tickets.list).toBeUndefined();
    expect(c.tickets.unread.total).toBe(0);
    expect(c.tickets.view('t1').ticket).toBeUndefined();
  });
});
