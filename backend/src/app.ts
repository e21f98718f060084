// The Express application: security headers, CORS for the widget, the API, the error shape.
import cors from 'cors';
import express, { type Express, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { authenticateToken } from './auth/service.js';
import type { AppContext } from './context.js';
import { allEndpoints } from './endpoints.js';
import { mountFrontends, type FrontendPaths } from './frontends/routes.js';
import { compressResponses } from './http/compression.js';
import { mountEndpoints, type RateLimitName } from './http/endpoint.js';
import { AppError, errorHandler, notFoundHandler, unauthorized } from './http/errors.js';
import { mountApiDocs } from './openapi/routes.js';

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
  api.use(cors({ origin: '*', maxAge: 600, exposedHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After'] }));
  api.use(express.json({ limit: '256kb' }));
  mountApiDocs(api);
  mountEndpoints(api, allEndpoints, {
    ctx,
    authenticate: (req) => authenticateRequest(ctx, req),
    rateLimiters: createRateLimiters(ctx),
  });
  api.use(notFoundHandler);
  app.use('/api', api);
  app.use('/api', errorHandler(ctx.log));
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

function createRateLimiters(ctx: AppContext): Record<RateLimitName, express.RequestHandler> {
  const { windowMs, loginFailures, registrations, widgetSessions } = ctx.rateLimits;
  const limiter = (limit: number, message: string, skipSuccessfulRequests = false) =>
    rateLimit({
      windowMs,
      limit,
      skipSuccessfulRequests,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new AppError('RATE_LIMITED', 429, message)),
    });
  return {
    login: limiter(loginFailures, 'Too many failed sign-in attempts; wait a few minutes and try again', true),
    register: limiter(registrations, 'Too many accounts created from this address; try again later'),
    widgetSession: limiter(widgetSessions, 'Too many widget sessions from this address; try again later'),
  };
}
