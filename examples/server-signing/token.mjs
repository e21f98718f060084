// How a site's own server signs an expiring identity token for the Deskline widget: a JWT (HS256)
// keyed by the site's identitySecret, with sub = the customer's id on your site, their email and
// name, and an expiry (required; at most 24 hours). Node's crypto only, no dependencies; any JWT
// library that signs HS256 makes the same token.
// Run it: IDENTITY_SECRET=... node examples/server-signing/token.mjs <externalId> [email] [name]
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token for Deskline('identify', { token }); `ttlSeconds` defaults to 10 minutes (mint one per page). */
export function signIdentityToken({ externalId, email, name }, identitySecret, ttlSeconds = 600) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'HS256', typ: 'JWT' });
  const payload = base64url({ sub: externalId, ...(email ? { email } : {}), ...(name ? { name } : {}), iat: now, exp: now + ttlSeconds });
  const signature = createHmac('sha256', identitySecret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [externalId, email, name] = process.argv.slice(2);
  const secret = process.env.IDENTITY_SECRET;
  if (!externalId || !secret) {
    console.error("Usage: IDENTITY_SECRET=<the site's identity secret> node token.mjs <externalId> [email] [name]");
    process.exit(1);
  }
  console.log(signIdentityToken({ externalId, email, name }, secret));
}
