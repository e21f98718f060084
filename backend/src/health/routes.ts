import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { endpoint } from '../http/endpoint.js';

export const healthEndpoints = [
  endpoint({
    method: 'get',
    path: '/health',
    tag: 'Health',
    summary: 'Is the server up and can it reach its database?',
    access: 'public',
    responses: {
      200: { description: 'Healthy', schema: z.object({ ok: z.literal(true), db: z.literal('up') }) },
      503: { description: 'The database is unreachable' },
    },
    handle: async ({ ctx }) => {
      try {
        await ctx.sql.query('SELECT 1');
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE', 503, 'The database is unreachable');
      }
      return { ok: true, db: 'up' };
    },
  }),
];
