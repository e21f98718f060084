import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allEndpoints } from '../endpoints.js';
import { startTestServer, type TestServer } from '../test/harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('published API description', () => {
  it('GET /api/openapi.json is OpenAPI 3.1 and lists every endpoint with its schemas', async () => {
    const res = await server.api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const spec of allEndpoints) {
      const path = `/api${spec.path.replace(/:(\w+)/g, '{$1}')}`;
      const operation = res.body.paths[path]?.[spec.method];
      expect(operation, `${spec.method} ${path}`).toBeDefined();
      if (spec.body) expect(operation.requestBody.content['application/json'].schema, `${spec.method} ${path} body`).toBeDefined();
      if (spec.roles !== 'public') expect(operation.security).toEqual([{ bearer: [] }]);
    }
    for (const name of ['Ticket', 'Message', 'Comment', 'Attachment', 'User', 'Site', 'Error']) {
      expect(res.body.components.schemas, name).toHaveProperty(name);
    }
    // Generated from the same zod schema that validates: the subject bounds appear as written.
    expect(res.body.components.schemas.CreateTicket.properties.subject).toMatchObject({ minLength: 3, maxLength: 200 });
  });

  it('GET /api/docs is a readable page generated from the same document', async () => {
    const res = await server.api('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('POST</span> <code>/api/tickets</code>');
    expect(res.body).toContain('id="schema-Ticket"');
  });

  it('answers unknown API routes with 404 in the error shape, and sets security headers', async () => {
    const res = await server.api('GET', '/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('GET /api/health reports the database', async () => {
    const res = await server.api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: 'up' });
  });
});
