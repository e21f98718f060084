import { type Handlers } from '../http/endpoint.js';
import { openWidgetSession, widgetConfig } from './service.js';

export const widgetHandlers = {
  'GET /widget/config': ({ ctx, query }) => widgetConfig(ctx, query.siteKey),
  'POST /widget/session': ({ ctx, req, body }) => openWidgetSession(ctx, req.get('origin'), body, req.headers),
} satisfies Partial<Handlers>;
