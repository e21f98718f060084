import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { type Handlers } from '../http/endpoint.js';


async function assertDatabaseUp(ctx: AppContext): Promise<void> {
  try {
    await ctx.sql.query('SELECT 1');
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE', 503, 'The database is unreachable');
  }
}

export const healthHandlers = {
  'GET /health': async ({ ctx }) => {
    await assertDatabaseUp(ctx);
    return { ok: true, db: 'up' };
  },
  'GET /health/live': async () => ({ ok: true }),
  'GET /health/ready': async ({ ctx }) => {
    if (ctx.lifecycle.draining) throw new AppError('SHUTTING_DOWN', 503, 'This instance is shutting down');
    await assertDatabaseUp(ctx);
    return { ok: true, db: 'up' };
  },
} satisfies Partial<Handlers>;
