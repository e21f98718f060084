// JWTs: HS256 only, always with an expiry and an id (jti) so that a single token can be revoked.
import { ROLES, type Role } from '@deskline/contract';
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenClaims {
  sub: string;
  role: Role;
  jti: string;
  exp: number;
  /** The session generation of the visitor's site when the token was issued (0 when absent). */
  siteEpoch: number;
  /** The user's tokenVersion when it was issued (0 when absent): a newer version revokes it. */
  ver: number;
  /** A session from an email's portal link: the one ticket it may see (absent: no such limit). */
  ticketScope?: string;
}

/** The shortest secret anything is signed with: config refuses shorter ones at start-up. */
export const MIN_SECRET_BYTES = 32;

/**
 * Throws for a secret too short to sign with. Checked again where signing happens (tokens and
 * attachment URLs), because anyone can forge what is signed with an empty key.
 */
export function assertSigningSecret(secret: string): void {
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new Error(`Refusing to sign with a secret of ${Buffer.byteLength(secret, 'utf8')} bytes (at least ${MIN_SECRET_BYTES} are needed)`);
  }
}

/**
 * The secret as a KeyObject, made once: handed a plain string, jsonwebtoken first tries to parse
 * it as a PEM public key on every verify, which costs more than the HMAC itself.
 */
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  assertSigningSecret(secret);
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export function signToken(
  secret: string,
  ttl: string,
  user: { id: string; role: Role; tokenVersion?: number },
  session: { siteEpoch?: number; ticketScope?: string } = {},
): string {
  const claims = {
    role: user.role,
    ...(user.tokenVersion ? { ver: user.tokenVersion } : {}),
    ...(session.siteEpoch ? { sep: session.siteEpoch } : {}),
    ...(session.ticketScope ? { tkt: session.ticketScope } : {}),
  };
  return jwt.sign(claims, keyFor(secret), {
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
    if (!ROLES.includes(claims.role)) return undefined;
    const siteEpoch = claims.sep ?? 0;
    if (!Number.isSafeInteger(siteEpoch)) return undefined;
    const ver = claims.ver ?? 0;
    if (!Number.isSafeInteger(ver)) return undefined;
    if (claims.tkt !== undefined && typeof claims.tkt !== 'string') return undefined;
    return { sub: claims.sub, role: claims.role, jti: claims.jti, exp: claims.exp, siteEpoch, ver, ...(claims.tkt ? { ticketScope: claims.tkt } : {}) };
  } catch {
    return undefined;
  }
}
