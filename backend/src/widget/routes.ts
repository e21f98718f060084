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
      'A `visitorId` of another site, of an identified customer or of a disabled account starts a new visitor.',
      "With `identity`: `signature` must be the hex HMAC-SHA256 of `externalId` under the site's `identitySecret` (401 `INVALID_SIGNATURE` otherwise);",
      'the same `externalId` always maps to the same customer of the site, whose name and email are updated from `identity`',
      '(or from the top-level `name` and `email`); `visitorId` is then ignored.',
      'Keep the returned `visitorId` to resume the session later. Rate limited per address.',
    ].join(' '),
    access: 'public',
    rateLimit: 'widgetSession',
    body: WidgetSessionBody,
    responses: {
      200: { description: 'Signed in as the visitor', schema: WidgetSession },
      401: { description: 'Wrong identity signature (INVALID_SIGNATURE)' },
      403: { description: 'Origin not allowed (ORIGIN_NOT_ALLOWED), or the identified account is disabled' },
      404: { description: 'No site has this key' },
      429: { description: 'Too many sessions from this address' },
    },
    handle: ({ ctx, req, body }) => openWidgetSession(ctx, req.get('origin'), body),
  }),
];
