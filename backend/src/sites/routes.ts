import { type Handlers, Reply } from '../http/endpoint.js';
import { createSite, deleteSite, listSites, rotateIdentitySecret, updateSite } from './service.js';

export const siteHandlers = {
  'GET /sites': ({ ctx, query }) => listSites(ctx, query),
  'POST /sites': ({ ctx, body }) => createSite(ctx, body),
  'PATCH /sites/:id': ({ ctx, params, body }) => updateSite(ctx, params.id, body),
  'DELETE /sites/:id': async ({ ctx, params }) => {
    await deleteSite(ctx, params.id);
    return new Reply(204);
  },
  'POST /sites/:id/rotate-secret': ({ ctx, params }) => rotateIdentitySecret(ctx, params.id),
} satisfies Partial<Handlers>;
