// Changing passwords: by the user (other sessions end), by an admin (all sessions end, and the
// user must choose their own at next sign-in), the first-run admin, and bcrypt's 72-byte limit.
import bcrypt from 'bcrypt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allEndpoints } from '../endpoints.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { ensureFirstAdmin } from './service.js';

let server: TestServer;
let admin: TestUser;
const open: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent');
});
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
});
afterAll(() => server?.close());

const login = (email: string, password: string) => server.api('POST', '/auth/login', { body: { email, password } });
const changePassword = (token: string, currentPassword: string, newPassword: string) =>
  server.api('POST', '/auth/password', { token, body: { currentPassword, newPassword } });

async function signIn(email: string, password: string): Promise<string> {
  const res = await login(email, password);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

/** A connected socket, or the handshake's refusal message. */
function socketFor(token: string): Promise<{ socket: Socket } | { refused: string }> {
  const socket = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => resolve({ refused: error.message }));
  });
}
async function connected(token: string): Promise<Socket> {
  const result = await socketFor(token);
  if (!('socket' in result)) throw new Error(`socket refused: ${result.refused}`);
  return result.socket;
}
const serverDisconnect = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));
/** A round trip through the socket: proves the server still serves it. */
const stillServed = (socket: Socket) =>
  socket.timeout(5000).emitWithAck('ticket:leave', 'some-ticket') as Promise<{ ok: boolean }>;

describe('POST /auth/password', () => {
  it("changes the password, keeps this session and ends the user's other sessions, sockets included", async () => {
    const user = await server.createUser();
    const here = user.token;
    const elsewhere = await signIn(user.email, 'password123');
    const [hereSocket, elsewhereSocket] = await Promise.all([connected(here), connected(elsewhere)]);
    const gone = serverDisconnect(elsewhereSocket);

    expect((await changePassword(here, 'password123', 'a-brand-new-secret')).status).toBe(204);

    expect(await gone).toBe('io server disconnect');
    expect(await stillServed(hereSocket)).toEqual({ ok: true });
    expect(hereSocket.connected).toBe(true);
    expect((await server.api('GET', '/auth/me', { token: here })).status).toBe(200);
    expect((await server.api('GET', '/tickets', { token: here })).status).toBe(200);
    const other = await server.api('GET', '/auth/me', { token: elsewhere });
    expect(other.status).toBe(401);
    expect(other.body.error.code).toBe('UNAUTHENTICATED');
    expect(await socketFor(elsewhere)).toEqual({ refused: 'unauthorized' });

    expect((await login(user.email, 'password123')).status).toBe(401);
    const fresh = await signIn(user.email, 'a-brand-new-secret');
    expect((await server.api('GET', '/auth/me', { token: fresh })).body.user).toMatchObject({ hasPassword: true, mustChangePassword: false });
  });

  it('a second change from another session ends the session that made the first', async () => {
    const user = await server.createUser();
    const first = user.token;
    const second = await signIn(user.email, 'password123');
    expect((await changePassword(first, 'password123', 'second-password')).status).toBe(204);
    const third = await signIn(user.email, 'second-password');
    expect((await changePassword(third, 'second-password', 'third-password')).status).toBe(204);
    expect((await server.api('GET', '/auth/me', { token: first })).status).toBe(401);
    expect((await server.api('GET', '/auth/me', { token: second })).status).toBe(401);
    expect((await server.api('GET', '/auth/me', { token: third })).status).toBe(200);
  });

  it('refuses a wrong current password with 403 WRONG_PASSWORD on that field, changing nothing', async () => {
    const user = await server.createUser();
    const other = await signIn(user.email, 'password123');
    const res = await changePassword(user.token, 'not-my-password', 'a-brand-new-secret');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'WRONG_PASSWORD', details: [{ path: 'currentPassword', message: 'is incorrect' }] });
    expect((await server.api('GET', '/auth/me', { token: other })).status).toBe(200);
    expect((await login(user.email, 'password123')).status).toBe(200);
    expect((await login(user.email, 'a-brand-new-secret')).status).toBe(401);
  });

  it('validates the body: both fields, the new one like any password, and different from the current one', async () => {
    const user = await server.createUser();
    const paths = async (body: unknown) => {
      const res = await server.api('POST', '/auth/password', { token: user.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      return res.body.error.details.map((d: { path: string }) => d.path).sort();
    };
    expect(await paths({})).toEqual(['currentPassword', 'newPassword']);
    expect(await paths({ currentPassword: 'password123', newPassword: 'short' })).toEqual(['newPassword']);
    expect(await paths({ currentPassword: 'password123', newPassword: 'password123' })).toEqual(['newPassword']);
    expect(await paths({ currentPassword: 'password123', newPassword: 'x'.repeat(73) })).toEqual(['newPassword']);
    expect(await paths({ currentPassword: 'password123', newPassword: 'new-password', extra: 1 })).toEqual(['extra']);
    expect((await server.api('POST', '/auth/password', { body: { currentPassword: 'a', newPassword: 'bbbbbbbbb' } })).status).toBe(401);
  });

  it('a widget visitor has no password to change', async () => {
    const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop', allowedOrigins: ['https://shop.example.com'] } });
    const session = await server.api('POST', '/widget/session', {
      headers: { origin: 'https://shop.example.com' },
      body: { siteKey: site.body.siteKey },
    });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    expect(session.body.user).toMatchObject({ hasPassword: false, mustChangePassword: false });
    const res = await changePassword(session.body.token, 'anything-at-all', 'a-brand-new-secret');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('NO_PASSWORD');
  });
});

describe('an admin sets a password', () => {
  it("ends all of the user's sessions; the user must then change it before anything else", async () => {
    const user = await server.createUser();
    const socket = await connected(user.token);
    const gone = serverDisconnect(socket);
    const res = await server.api('PATCH', `/users/${user.id}`, { token: admin.token, body: { password: 'temporary-pass' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, mustChangePassword: true });
    expect(await gone).toBe('io server disconnect');
    expect((await server.api('GET', '/auth/me', { token: user.token })).status).toBe(401);
    expect((await login(user.email, 'password123')).status).toBe(401);

    const signedIn = await login(user.email, 'temporary-pass');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    const token = signedIn.body.token;
    const blocked = await server.api('GET', '/tickets', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await server.api('POST', '/tickets', { token, body: { subject: 'Hi', description: 'Hello there', category: 'billing' } })).status).toBe(403);
    expect(await socketFor(token)).toEqual({ refused: 'password_change_required' });
    expect((await server.api('GET', '/auth/me', { token })).body.user.mustChangePassword).toBe(true);
    // A public endpoint treats the token as none, so the console can still sign in again.
    expect((await server.api('POST', '/auth/login', { token, body: { email: user.email, password: 'temporary-pass' } })).status).toBe(200);

    expect((await changePassword(token, 'temporary-pass', 'my-own-password')).status).toBe(204);
    expect((await server.api('GET', '/auth/me', { token })).body.user.mustChangePassword).toBe(false);
    expect((await server.api('GET', '/tickets', { token })).status).toBe(200);
    await connected(token);
  });

  it('while the change is pending, every endpoint but /auth/me, /auth/password and /auth/logout answers 403', async () => {
    const agent = await server.createUser('ADMIN');
    await server.api('PATCH', `/users/${agent.id}`, { token: admin.token, body: { password: 'temporary-pass' } });
    const token = await signIn(agent.email, 'temporary-pass');
    const allowed = ['GET /auth/me', 'POST /auth/password', 'POST /auth/logout'];
    const guarded = allEndpoints.filter((e) => e.roles !== 'public');
    expect(guarded.filter((e) => e.beforePasswordChange).map((e) => `${e.method.toUpperCase()} ${e.path}`).sort()).toEqual(allowed.sort());
    for (const e of guarded.filter((e) => !e.beforePasswordChange)) {
      const body = e.method === 'get' || e.method === 'delete' ? undefined : {};
      const res = await server.api(e.method.toUpperCase(), e.path.replace(/:\w+/g, 'some-id'), { token, body });
      expect([res.status, res.body.error?.code], `${e.method} ${e.path}`).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    }
  });

  it('logout still works while the change is pending', async () => {
    const user = await server.createUser();
    await server.api('PATCH', `/users/${user.id}`, { token: admin.token, body: { password: 'temporary-pass' } });
    const token = await signIn(user.email, 'temporary-pass');
    expect((await server.api('POST', '/auth/logout', { token })).status).toBe(204);
    expect((await server.api('GET', '/auth/me', { token })).status).toBe(401);
  });

  it('an admin-created account must change its password at first sign-in', async () => {
    const created = await server.api('POST', '/users', {
      token: admin.token,
      body: { name: 'New agent', email: 'new-agent@example.test', password: 'given-by-admin', role: 'ADMIN' },
    });
    expect(created.status).toBe(201);
    expect(created.body.mustChangePassword).toBe(true);
    const signedIn = await login('new-agent@example.test', 'given-by-admin');
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    expect((await server.api('GET', '/users', { token: signedIn.body.token })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses an admin setting their own password here, and a visitor without a sign-in email', async () => {
    const own = await server.api('PATCH', `/users/${admin.id}`, { token: admin.token, body: { password: 'my-new-password' } });
    expect(own.status).toBe(403);
    expect((await server.api('GET', '/auth/me', { token: admin.token })).status).toBe(200);
    const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop 2', allowedOrigins: ['https://two.example.com'] } });
    const visitor = await server.api('POST', '/widget/session', { headers: { origin: 'https://two.example.com' }, body: { siteKey: site.body.siteKey } });
    const res = await server.api('PATCH', `/users/${visitor.body.user.id}`, { token: admin.token, body: { password: 'visitor-pass' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('NO_SIGN_IN_EMAIL');
  });

  it('validates the password like every other one', async () => {
    const user = await server.createUser();
    for (const password of ['short', 'é'.repeat(37), 'pass\u0000word', 12345678]) {
      const res = await server.api('PATCH', `/users/${user.id}`, { token: admin.token, body: { password } });
      expect(res.status, String(password)).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('password');
    }
    expect((await server.api('GET', '/auth/me', { token: user.token })).status).toBe(200);
  });
});

describe("bcrypt's 72-byte limit", () => {
  const ascii72 = 'p'.repeat(72);
  const utf8_72 = 'é'.repeat(36); // 36 characters, 72 bytes

  it('refuses passwords over 72 UTF-8 bytes everywhere a password is set, with a clear message', async () => {
    const tooLong = [ascii72 + 'x', utf8_72 + 'é', 'a' + '€'.repeat(24)]; // 73, 74, 73 bytes
    for (const password of tooLong) {
      const res = await server.api('POST', '/auth/register', { body: { name: 'Long', email: 'long@example.test', password } });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'password', message: expect.stringContaining('at most 72 bytes') }]);
      const created = await server.api('POST', '/users', { token: admin.token, body: { name: 'L', email: 'l@example.test', password } });
      expect(created.status).toBe(400);
      expect(created.body.error.details[0].message).toContain('at most 72 bytes');
    }
    const user = await server.createUser();
    const res = await changePassword(user.token, 'password123', utf8_72 + 'é');
    expect(res.body.error.details).toEqual([{ path: 'newPassword', message: expect.stringContaining('at most 72 bytes') }]);
  });

  it('a password differing only after byte 72 does not sign in (ASCII and multi-byte)', async () => {
    for (const [i, password] of [ascii72, utf8_72].entries()) {
      const email = `exact${i}@example.test`;
      expect((await server.api('POST', '/auth/register', { body: { name: 'Exact', email, password } })).status).toBe(201);
      expect((await login(email, password)).status).toBe(200);
      for (const longer of [password + 'x', password + 'é', password + password]) {
        const res = await login(email, longer);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
      }
      const token = await signIn(email, password);
      expect((await changePassword(token, password + 'zzz', 'something-else')).body.error?.code).toBe('WRONG_PASSWORD');
    }
  });

  it('an account stored with a longer password (from before the limit) is not matched by a longer password', async () => {
    const long = 'ü'.repeat(50); // 100 bytes, hashed as its first 72 by bcrypt
    const user = await server.ctx.db.user.create({
      data: { name: 'Old', email: 'old-long@example.test', passwordHash: await bcrypt.hash(long, 4) },
    });
    expect((await login(user.email!, long)).status).toBe(401);
    expect((await login(user.email!, long.slice(0, 40) + 'zzzzzzzzzz')).status).toBe(401);
  });
});

describe('the first admin', () => {
  it('ADMIN_PASSWORD from the environment needs no change', async () => {
    const res = await login('root@deskline.test', 'root-password');
    expect(res.body.user).toMatchObject({ role: 'ADMIN', mustChangePassword: false });
  });

  it('a printed random password must be changed at first sign-in, and the log says how', async () => {
    // A Deskline with no admin yet and none configured.
    await server.ctx.db.user.updateMany({ where: { role: 'ADMIN' }, data: { role: 'CUSTOMER' } });
    const lines: string[] = [];
    try {
      await ensureFirstAdmin({ ...server.ctx, config: { ...server.ctx.config, admin: undefined }, log: (line: string) => lines.push(line) });
    } finally {
      await server.ctx.db.user.updateMany({ where: { id: admin.id }, data: { role: 'ADMIN' } });
    }
    const printed = lines.join('\n');
    const password = /password: (\S+)/.exec(printed)?.[1];
    expect(password).toBeTruthy();
    expect(printed).toMatch(/choose your own/);
    expect(printed).toContain('/api/auth/password');
    const signedIn = await login('admin@deskline.local', password!);
    expect(signedIn.body.user).toMatchObject({ role: 'ADMIN', mustChangePassword: true });
    expect((await server.api('GET', '/stats/overview', { token: signedIn.body.token })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await changePassword(signedIn.body.token, password!, 'chosen-by-me')).status).toBe(204);
    expect((await server.api('GET', '/stats/overview', { token: signedIn.body.token })).status).toBe(200);
  });
});

describe('failed password changes count towards the sign-in limit', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: { loginFailures: 3 } });
  });
  afterAll(() => limited?.close());

  it('answers 429 once wrong current passwords and failed sign-ins reach the limit', async () => {
    const user = await limited.createUser();
    const wrong = () =>
      limited.api('POST', '/auth/password', { token: user.token, body: { currentPassword: 'guess-guess', newPassword: 'new-password' } });
    const statuses = [(await wrong()).status, (await wrong()).status];
    statuses.push((await limited.api('POST', '/auth/login', { body: { email: user.email, password: 'guess-again' } })).status);
    statuses.push((await wrong()).status);
    expect(statuses).toEqual([403, 403, 401, 429]);
  });
});
