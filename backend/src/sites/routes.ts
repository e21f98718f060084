import { endpoint, Reply } from '../http/endpoint.js';
import { IdParams, Page } from '../http/schemas.js';
import { CreateSiteBody, Site, SiteListQuery, UpdateSiteBody } from './schema.js';
import { createSite, deleteSite, listSites, rotateIdentitySecret, updateSite } from './service.js';

const tag = 'Sites';

export const siteEndpoints = [
  endpoint({
    method: 'get',
    path: '/sites',
    tag,
    summary: 'List sites that embed the widget (admin)',
    access: 'admin',
    query: SiteListQuery,
    responses: { 200: { description: 'Sites, newest first', schema: Page(Site) } },
    handle: ({ ctx, query }) => listSites(ctx, query),
  }),
  endpoint({
    method: 'post',
    path: '/sites',
    tag,
    summary: 'Add a site (admin)',
    description:
      'Generates the public `siteKey` and the `identitySecret`. Theme fields left out take the defaults ' +
      '(`#4f46e5`, `right`, "Hi! How can we help?"). Origins are normalised (`https://Example.com:443/` → ' +
      '`https://example.com`) and deduplicated.',
    access: 'admin',
    body: CreateSiteBody,
    responses: { 201: { description: 'Created', schema: Site } },
    handle: ({ ctx, body }) => createSite(ctx, body),
  }),
  endpoint({
    method: 'patch',
    path: '/sites/:id',
    tag,
    summary: 'Rename a site, change its allowed origins or theme (admin)',
    description: '`allowedOrigins` replaces the list; `theme` is merged into the current theme.',
    access: 'admin',
    params: IdParams,
    body: UpdateSiteBody,
    responses: { 200: { description: 'Updated', schema: Site }, 404: { description: 'No such site' } },
    handle: ({ ctx, params, body }) => updateSite(ctx, params.id, body),
  }),
  endpoint({
    method: 'delete',
    path: '/sites/:id',
    tag,
    summary: 'Delete a site (admin)',
    description: 'Its tickets and visitors are kept, no longer tied to a site; its key stops working.',
    access: 'admin',
    params: IdParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such site' } },
    handle: async ({ ctx, params }) => {
      await deleteSite(ctx, params.id);
      return new Reply(204);
    },
  }),
  endpoint({
    method: 'post',
    path: '/sites/:id/rotate-secret',
    tag,
    summary: "Replace a site's identity secret (admin)",
    description:
      "Identity signatures and tokens made with the old secret are refused from now on, and the site's visitor sessions end: " +
      'their tokens get 401 and their sockets are disconnected; visitors open a new session.',
    access: 'admin',
    params: IdParams,
    responses: { 200: { description: 'The site with its new secret', schema: Site }, 404: { description: 'No such site' } },
    handle: ({ ctx, params }) => rotateIdentitySecret(ctx, params.id),
  }),
];
