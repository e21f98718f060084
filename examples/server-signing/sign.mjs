// How a site's own server signs the identity of its signed-in customer for the Deskline widget:
// the hex HMAC-SHA256 of the customer's externalId, keyed by the site's identitySecret.
// Run it: IDENTITY_SECRET=... node examples/server-signing/sign.mjs <externalId>
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export function signIdentity(externalId, identitySecret) {
  return createHmac('sha256', identitySecret).update(externalId, 'utf8').digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [externalId] = process.argv.slice(2);
  const secret = process.env.IDENTITY_SECRET;
  if (!externalId || !secret) {
    console.error('Usage: IDENTITY_SECRET=<the site\'s identity secret> node sign.mjs <externalId>');
    process.exit(1);
  }
  console.log(signIdentity(externalId, secret));
}
