// Every route of the contract bound to its handler, in the route table's order (the OpenAPI
// document's order too). A route without a handler, or a handler for no route, fails to compile.
import { assignmentHandlers } from './assignment/routes.js';
import { attachmentHandlers } from './attachments/routes.js';
import { authHandlers } from './auth/routes.js';
import { categoryHandlers } from './categories/routes.js';
import { commentHandlers } from './comments/routes.js';
import { emailHandlers } from './email/routes.js';
import { healthHandlers } from './health/routes.js';
import { labelHandlers } from './labels/routes.js';
import { bindRoutes, type Endpoint, type Handlers } from './http/endpoint.js';
import { messageHandlers } from './messages/routes.js';
import { savedReplyHandlers } from './savedReplies/routes.js';
import { preferenceHandlers } from './preferences/routes.js';
import { ratingHandlers } from './ratings/routes.js';
import { siteHandlers } from './sites/routes.js';
import { statsHandlers } from './stats/routes.js';
import { ticketHandlers } from './tickets/routes.js';
import { userHandlers } from './users/routes.js';
import { widgetHandlers } from './widget/routes.js';

const handlers: Handlers = {
  ...healthHandlers,
  ...authHandlers,
  ...preferenceHandlers,
  ...userHandlers,
  ...categoryHandlers,
  ...labelHandlers,
  ...savedReplyHandlers,
  ...ticketHandlers,
  ...ratingHandlers,
  ...attachmentHandlers,
  ...commentHandlers,
  ...messageHandlers,
  ...siteHandlers,
  ...widgetHandlers,
  ...statsHandlers,
  ...emailHandlers,
  ...assignmentHandlers,
};

export const allEndpoints: Endpoint[] = bindRoutes(handlers);
