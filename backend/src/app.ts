// The Express application: security headers, CORS for the widget, the API, the error shape.
import cors from 'cors';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { authenticateToken } from './auth/service.js';
import type { AppContext } from './context.js';
import { allEndpoints } from './endpoints.js';
import { mountFrontends, type FrontendPaths } from './frontends/routes.js';
import { compressResponses } from './http/compression.js';
import { mountEndpoints } from './http/endpoint.js';
import { errorHandler, notFoundHandler, unauthorized } from './http/errors.js';
import { mountApiDocs } from './openapi/routes.js';
import { unsubscribeRouter } from './email/unsubscribe.js';

export function createApp(ctx: AppContext, frontends?: FrontendPaths): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple'); // no nested objects from ?a[b]=c: every query value is a string

  app.use(
    helmet({
      // The widget, its bundle and attachment images are loaded by other sites.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      contentSecurityPolicy: {
        directives: {
          // Self-hosted on plain http (a LAN address) must keep working: upgrade only on https.
          upgradeInsecureRequests: ctx.config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
    }),
  );

  // Socket.IO answers its own requests before Express (engine.io compresses long-polling itself).
  app.use(compressResponses());

  const api = express.Router();
  // The widget runs on customers' sites and authenticates with a bearer token, never a cookie, so
  // any origin may call the API; which sites may open widget sessions is checked per site.
  api.use(cors({ origin: '*', maxAge: 600, exposedHeaders: ['Retry-After'] }));
  api.use(express.json({ limit: '256kb' }));
  mountApiDocs(api);
  mountEndpoints(api, allEndpoints, {
    ctx,
    authenticate: (req) => authenticateRequest(ctx, req),
    rateLimiters: {
      login: ctx.limits.requestLimiter('login'),
      register: ctx.limits.requestLimiter('register'),
      widgetSession: ctx.limits.requestLimiter('widgetSession'),
      passwordReset: ctx.limits.requestLimiter('passwordReset'),
    },
    beforeUpload: (user, req) => ctx.limits.assertBudgetLeft('upload', user, req.ip ?? ''),
  });
  api.use(notFoundHandler);
  app.use('/api', api);
  app.use('/api', errorHandler(ctx.log));
  app.use('/email', unsubscribeRouter(ctx));
  mountFrontends(app, frontends);
  return app;
}

async function authenticateRequest(ctx: AppContext, req: Request) {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('Use the header Authorization: Bearer <token>');
  return authenticateToken(ctx, match[1]);
}
