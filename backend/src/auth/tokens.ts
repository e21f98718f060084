// JWTs: HS256 only, always with an expiry and an id (jti) so that a single token can be revoked.
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  role: 'CUSTOMER' | 'ADMIN';
  jti: string;
  exp: number;
}

export function signToken(secret: string, ttl: string, user: { id: string; role: 'CUSTOMER' | 'ADMIN' }): string {
  return jwt.sign({ role: user.role }, secret, {
    algorithm: 'HS256',
    subject: user.id,
    jwtid: randomUUID(),
    expiresIn: ttl as jwt.SignOptions['expiresIn'],
  });
}

/** Returns the claims of a valid, unexpired token, or undefined. */
export function verifyToken(secret: string, token: string): TokenClaims | undefined {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
    if (typeof claims !== 'object' || !claims.sub || !claims.jti || !claims.exp) return undefined;
    if (claims.role !== 'CUSTOMER' && claims.role !== 'ADMIN') return undefined;
    return { sub: claims.sub, role: claims.role, jti: claims.jti, exp: claims.exp };
  } catch {
    return undefined;
  }
}
