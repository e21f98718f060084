// The error middleware's mapping of database errors caused by the input: a value the database
// refuses is the client's mistake (400), whether Prisma or the driver (PGlite, PostgreSQL) says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';
import { toAppError } from './errors.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** The error a database call fails with (the test fails if it succeeds). */
async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('errors from the database caused by the input', () => {
  it.each([
    ['Prisma refuses a number that does not fit an Int column', () => server.ctx.db.ticket.findMany({ where: { number: 1e20 } })],
    ['Prisma refuses a value of the wrong type', () => server.ctx.db.ticket.findMany({ where: { number: 'x' as unknown as number } })],
    ['the driver says a value is out of range for type integer', () => server.ctx.db.$queryRawUnsafe('SELECT $1::int4 AS n', '99999999999')],
    ['the driver says the input syntax is invalid', () => server.ctx.db.$queryRawUnsafe('SELECT $1::int4 AS n', 'x')],
    ['the driver says a timestamp is out of range', () => server.ctx.db.$queryRawUnsafe("SELECT $1::timestamptz AS t", '294277-01-01T00:00:00Z')],
  ])('%s: 400 VALIDATION_FAILED in the error shape', async (_what, call) => {
    const error = toAppError(await failureOf(call));
    expect(error?.status).toBe(400);
    expect(error?.toJSON()).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
  });

  it('still answers a query the server got wrong (not the input) as unknown, so it is a logged 500', async () => {
    const error = await failureOf(() => server.ctx.db.$queryRawUnsafe('SELECT * FROM "NoSuchTable"'));
    expect(toAppError(error)).toBeUndefined();
  });
});
