import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('auth', () => {
  it('registers a customer and never honours a role in the body', async () => {
    const res = await server.api('POST', '/auth/register', {
      body: { name: 'Mallory', email: 'Mallory@Example.com', password: 'longenough', role: 'ADMIN' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ name: 'Mallory', email: 'mallory@example.com', role: 'CUSTOMER' });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const me = await server.api('GET', '/auth/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('CUSTOMER');
  });

  it('refuses a duplicate email with 409, whatever its case', async () => {
    await server.api('POST', '/auth/register', { body: { name: 'A', email: 'dup@example.com', password: 'password1' } });
    const res = await server.api('POST', '/auth/register', { body: { name: 'B', email: 'DUP@example.com', password: 'password2' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    await server.api('POST', '/auth/register', { body: { name: 'C', email: 'c@example.com', password: 'password1' } });
    const wrongPassword = await server.api('POST', '/auth/login', { body: { email: 'c@example.com', password: 'nope-nope' } });
    const unknownEmail = await server.api('POST', '/auth/login', { body: { email: 'nobody@example.com', password: 'nope-nope' } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    const ok = await server.api('POST', '/auth/login', { body: { email: 'C@example.com', password: 'password1' } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email).toBe('c@example.com');
  });

  it('validates register and login bodies with details per field', async () => {
    const res = await server.api('POST', '/auth/register', { body: { name: '', email: 'not-an-email', password: 'short' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'name', 'password']);
    const login = await server.api('POST', '/auth/login', { body: { email: 42 } });
    expect(login.status).toBe(400);
    expect(login.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'password']);
  });

  it('refuses a revoked token after logout', async () => {
    const user = await server.createUser();
    expect((await server.api('GET', '/auth/me', { token: user.token })).status).toBe(200);
    expect((await server.api('POST', '/auth/logout', { token: user.token })).status).toBe(204);
    const after = await server.api('GET', '/auth/me', { token: user.token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses expired, forged and malformed tokens', async () => {
    const user = await server.createUser();
    const secret = server.ctx.config.jwtSecret;
    const expired = jwt.sign({ role: 'CUSTOMER' }, secret, { subject: user.id, jwtid: 'x', expiresIn: -10 });
    const forged = jwt.sign({ role: 'ADMIN' }, 'another-secret-that-is-long-enough-to-sign', { subject: user.id, jwtid: 'y', expiresIn: 60 });
    const unsigned = jwt.sign({ role: 'ADMIN', sub: user.id, jti: 'z' }, '', { algorithm: 'none' as never });
    for (const token of [expired, forged, unsigned, 'garbage']) {
      expect((await server.api('GET', '/auth/me', { token })).status).toBe(401);
    }
    expect((await server.api('GET', '/auth/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it("disabling a user stops their tokens at once", async () => {
    const admin = await server.createUser('ADMIN');
    const user = await server.createUser();
    const res = await server.api('PATCH', `/users/${user.id}`, { token: admin.token, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect((await server.api('GET', '/auth/me', { token: user.token })).status).toBe(401);
    const login = await server.api('POST', '/auth/login', { body: { email: user.email, password: 'password123' } });
    expect(login.status).toBe(403);
  });

  it('created the first admin from ADMIN_EMAIL / ADMIN_PASSWORD', async () => {
    const res = await server.api('POST', '/auth/login', { body: { email: 'root@deskline.test', password: 'root-password' } });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('ADMIN');
  });
});

describe('auth rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ rateLimits: { loginFailures: 3 } });
  });
  afterAll(() => limited?.close());

  it('answers 429 after repeated failed sign-ins', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await limited.api('POST', '/auth/login', { body: { email: 'x@example.com', password: 'wrong-pass' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const res = await limited.api('POST', '/auth/login', { body: { email: 'x@example.com', password: 'wrong-pass' } });
    expect(res.body.error.code).toBe('RATE_LIMITED');
  });
});
