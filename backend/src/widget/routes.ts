import { endpoint } from '../http/endpoint.js';
import { WidgetConfig, WidgetConfigQuery, WidgetSession, WidgetSessionBody } from './schema.js';
import { openWidgetSession, widgetConfig } from './service.js';

const tag = 'Widget';

export const widgetEndpoints = [
  endpoint({
    method: 'get',
    path: '/widget/config',
    tag,
    summary: "A site's public widget configuration",
    description: 'Site name, theme and ticket categories: what the widget draws before anyone signs in.',
    access: 'public',
    query: WidgetConfigQuery,
    responses: { 200: { description: 'The configuration', schema: WidgetConfig }, 404: { description: 'No site has this key' } },
    handle: ({ ctx, query }) => widgetConfig(ctx, query.siteKey),
  }),
  endpoint({
    method: 'post',
    path: '/widget/session',
    tag,
    summary: 'Open a customer session for a visitor of a site',
    description: [
      "The request's `Origin` must be one of the site's `allowedOrigins` (403 `ORIGIN_NOT_ALLOWED` otherwise, also when it is missing).",
      'Without `identity`: resumes the anonymous visitor of this site named by `visitorId`, else creates one; `name` and `email` update it.',
      'An email a visitor typed is unverified (`emailVerified: false`): it is contact data, never an account\'s email.',
      'A `visitorId` of another site, of an identified customer or of a disabled account starts a new visitor.',
      "With `identity: { token }`: a JWT signed HS256 with the site's `identitySecret`, `sub` = the customer's id on the host site,",
      '`exp` required and at most 24 hours after `iat` and after now, optional `email` and `name`, which are verified and update the customer',
      '(401 `INVALID_IDENTITY_TOKEN` for a bad signature, another algorithm, no or a past `exp`, or a longer lifetime; 400 for malformed claims).',
      "With `identity: { externalId, signature }` (the older form): `signature` must be the hex HMAC-SHA256 of `externalId` under the site's",
      "`identitySecret` (401 `INVALID_SIGNATURE` otherwise); its `name` and `email` (or the top-level ones) are unverified and never replace a verified email.",
      'Either way the same `externalId`/`sub` always maps to the same customer of the site; `visitorId` is then ignored.',
      "Sessions end when an admin rotates the site's secret (their tokens are refused from then on).",
      'Keep the returned `visitorId` to resume the session later. Rate limited per address.',
    ].join(' '),
    access: 'public',
    rateLimit: 'widgetSession',
    body: WidgetSessionBody,
    responses: {
      200: { description: 'Signed in as the visitor', schema: WidgetSession },
      400: { description: 'Invalid request, or a well-signed identity token with malformed claims (VALIDATION_FAILED)' },
      401: { description: 'Wrong identity signature (INVALID_SIGNATURE), or an identity token refused (INVALID_IDENTITY_TOKEN)' },
      403: { description: 'Origin not allowed (ORIGIN_NOT_ALLOWED), or the identified account is disabled' },
      404: { description: 'No site has this key' },
      429: { description: 'Too many sessions from this address' },
    },
    handle: ({ ctx, req, body }) => openWidgetSession(ctx, req.get('origin'), body),
  }),
];
