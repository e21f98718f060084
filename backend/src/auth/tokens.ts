// JWTs: HS256 only, always with an expiry and an id (jti) so that a single token can be revoked.
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  role: 'CUSTOMER' | 'ADMIN';
  jti: string;
  exp: number;
}

/**
 * The secret as a KeyObject, made once: handed a plain string, jsonwebtoken first tries to parse
 * it as a PEM public key on every verify, which costs more than the HMAC itself.
 */
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function signToken(secret: string, ttl: string, user: { id: string; role: 'CUSTOMER' | 'ADMIN' }): string {
  return jwt.sign({ role: user.role }, keyFor(secret), {
    algorithm: 'HS256',
    subject: user.id,
    jwtid: randomUUID(),
    expiresIn: ttl as jwt.SignOptions['expiresIn'],
  });
}

/** Returns the claims of a valid, unexpired token, or undefined. */
export function verifyToken(secret: string, token: string): TokenClaims | undefined {
  try {
    const claims = jwt.verify(token, keyFor(secret), { algorithms: ['HS256'] });
    if (typeof claims !== 'object' || !claims.sub || !claims.jti || !claims.exp) return undefined;
    if (claims.role !== 'CUSTOMER' && claims.role !== 'ADMIN') return undefined;
    return { sub: claims.sub, role: claims.role, jti: claims.jti, exp: claims.exp };
  } catch {
    return undefined;
  }
}
