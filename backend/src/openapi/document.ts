// The OpenAPI 3.1 document, generated from the same endpoint declarations and zod schemas that
// validate requests.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { allEndpoints } from '../endpoints.js';
import type { Endpoint } from '../http/endpoint.js';
import { ErrorResponse, PUBLIC, ROLES, type ResponseSpec } from '@deskline/contract';

/** "Requires a bearer token of a customer, an agent or an admin." */
function accessNote(roles: Endpoint['roles']): string {
  if (roles === PUBLIC) return 'No authentication required.';
  const names = roles.map((role) => `${/^[AEIOU]/.test(role) ? 'an' : 'a'} ${role.toLowerCase()}`);
  return `Requires a bearer token of ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]}.`;
}

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Validation failed (VALIDATION_FAILED, INVALID_JSON, INVALID_MULTIPART)',
  401: 'Missing, invalid, expired or revoked token',
  403: 'Role not allowed, or PASSWORD_CHANGE_REQUIRED: the user must change their password first',
  404: 'Missing, or not yours',
  415: 'The request body is in a format this endpoint does not read (UNSUPPORTED_MEDIA_TYPE)',
};

let cached: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

export function openApiDocument(endpoints: Endpoint[] = allEndpoints) {
  if (cached && endpoints === allEndpoints) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const spec of endpoints) {
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(spec.responses as Record<string, ResponseSpec>)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: response.schema } } }
          : response.contentType
            ? { content: { [response.contentType]: { schema: { type: 'string', format: 'binary' } } } }
            : Number(status) >= 400
              ? { content: { 'application/json': { schema: ErrorResponse } } }
              : {}),
      };
    }
    const errorStatuses = [
      400,
      ...(spec.roles === PUBLIC ? [] : [401]),
      // Refused to the roles not listed, and to anyone who must change their password first.
      ...(spec.roles !== PUBLIC && (spec.roles.length < ROLES.length || !spec.beforePasswordChange) ? [403] : []),
      ...(spec.params ? [404] : []),
      ...(spec.body || spec.multipart ? [415] : []),
    ];
    for (const status of errorStatuses) {
      responses[status] ??= { description: STANDARD_ERRORS[status], content: { 'application/json': { schema: ErrorResponse } } };
    }
    const body = spec.body as ZodType | undefined;
    registry.registerPath({
      method: spec.method,
      path: `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`,
      tags: [spec.tag],
      summary: spec.summary,
      description: [spec.description, accessNote(spec.roles)].filter(Boolean).join('\n\n'),
      ...(spec.roles === PUBLIC ? {} : { security: [{ bearer: [] }] }),
      request: {
        ...(spec.params ? { params: spec.params as never } : {}),
        ...(spec.query ? { query: spec.query as never } : {}),
        ...(body
          ? {
              body: {
                required: true,
                content: {
                  'application/json': { schema: body },
                  ...(spec.multipart ? { 'multipart/form-data': { schema: body } } : {}),
                },
              },
            }
          : {}),
      },
      responses: responses as never,
    });
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Deskline API',
      version: '1.0.0',
      description:
        'The HTTP contract of Deskline: widget, portal, console and integrations use it. ' +
        'Errors always have the shape { error: { code, message, details? } }. Lists are paged with ' +
        '`limit` and `cursor` and answer { items, nextCursor }. Real-time events travel over Socket.IO at /socket.io.',
    },
  });
  if (endpoints === allEndpoints) cached = document;
  return document;
}
