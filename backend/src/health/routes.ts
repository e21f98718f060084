import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { endpoint } from '../http/endpoint.js';

const tag = 'Health';

async function assertDatabaseUp(ctx: AppContext): Promise<void> {
  try {
    await ctx.sql.query('SELECT 1');
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE', 503, 'The database is unreachable');
  }
}

export const healthEndpoints = [
  endpoint({
    method: 'get',
    path: '/health',
    tag,
    summary: 'Is the server up and can it reach its database?',
    access: 'public',
    responses: {
      200: { description: 'Healthy', schema: z.object({ ok: z.literal(true), db: z.literal('up') }) },
      503: { description: 'The database is unreachable' },
    },
    handle: async ({ ctx }) => {
      await assertDatabaseUp(ctx);
      return { ok: true, db: 'up' };
    },
  }),
  endpoint({
    method: 'get',
    path: '/health/live',
    tag,
    summary: 'Liveness: the process answers (for the proxy or orchestrator)',
    access: 'public',
    responses: { 200: { description: 'Alive', schema: z.object({ ok: z.literal(true) }) } },
    handle: async () => ({ ok: true }),
  }),
  endpoint({
    method: 'get',
    path: '/health/ready',
    tag,
    summary: 'Readiness: send traffic here (database reachable, not shutting down)',
    access: 'public',
    responses: {
      200: { description: 'Ready', schema: z.object({ ok: z.literal(true), db: z.literal('up') }) },
      503: { description: 'Shutting down, or the database is unreachable' },
    },
    handle: async ({ ctx }) => {
      if (ctx.lifecycle.draining) throw new AppError('SHUTTING_DOWN', 503, 'This instance is shutting down');
      await assertDatabaseUp(ctx);
      return { ok: true, db: 'up' };
    },
  }),
];
