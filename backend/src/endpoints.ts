// Every REST endpoint of the API, in the order the OpenAPI document lists them.
import { attachmentEndpoints } from './attachments/routes.js';
import { authEndpoints } from './auth/routes.js';
import { categoryEndpoints } from './categories/routes.js';
import { commentEndpoints } from './comments/routes.js';
import { healthEndpoints } from './health/routes.js';
import type { AnyEndpoint } from './http/endpoint.js';
import { messageEndpoints } from './messages/routes.js';
import { siteEndpoints } from './sites/routes.js';
import { statsEndpoints } from './stats/routes.js';
import { ticketEndpoints } from './tickets/routes.js';
import { userEndpoints } from './users/routes.js';
import { widgetEndpoints } from './widget/routes.js';

export const allEndpoints: AnyEndpoint[] = [
  ...healthEndpoints,
  ...authEndpoints,
  ...userEndpoints,
  ...categoryEndpoints,
  ...ticketEndpoints,
  ...attachmentEndpoints,
  ...commentEndpoints,
  ...messageEndpoints,
  ...siteEndpoints,
  ...widgetEndpoints,
  ...statsEndpoints,
];
