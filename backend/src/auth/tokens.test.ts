import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAttachmentUrl } from '../attachments/service.js';
import type { AppContext } from '../context.js';
import { signToken, verifyToken } from './tokens.js';

const SECRET = 'a-long-enough-secret-for-the-tests-0123456789';
const user = { id: 'u1', role: 'ADMIN' as const };
const contextWith = (jwtSecret: string) => ({ config: { jwtSecret, publicUrl: 'http://localhost:3000' } }) as AppContext;

describe('signing secrets', () => {
  it.each([
    ['empty', ''],
    ['31 bytes', 'x'.repeat(31)],
  ])('refuses to sign a token with a secret that is %s', (_label, secret) => {
    expect(() => signToken(secret, '1h', user)).toThrow(/at least 32/);
  });

  it('accepts no token when its secret is empty, even one signed with the empty key', () => {
    // Made by hand: jsonwebtoken itself will not sign with an empty string, but a KeyObject of it works.
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ role: 'ADMIN', sub: 'u1', jti: 'j1', exp: Math.floor(Date.now() / 1000) + 3600 })}`;
    const forged = `${unsigned}.${createHmac('sha256', '').update(unsigned).digest('base64url')}`;
    expect(verifyToken('', forged)).toBeUndefined();
  });

  it('signs and verifies with a secret of 32 bytes or more', () => {
    const token = signToken(SECRET, '1h', user);
    expect(verifyToken(SECRET, token)).toMatchObject({ sub: 'u1', role: 'ADMIN' });
  });

  it.each([
    ['empty', ''],
    ['31 bytes', 'x'.repeat(31)],
  ])('refuses to sign an attachment URL with a secret that is %s', (_label, secret) => {
    expect(() => signAttachmentUrl(contextWith(secret), 'a1')).toThrow(/at least 32/);
    expect(signAttachmentUrl(contextWith(SECRET), 'a1')).toMatch(/^http:\/\/localhost:3000\/api\/attachments\/a1\?expires=\d+&signature=/);
  });
});
