// One error type for the whole server, and the one middleware that turns any error into the
// contract's shape: { error: { code, message, details? } }.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { MulterError } from 'multer';
import { ZodError, type z } from 'zod';
import type { ErrorCode, ErrorDetail } from '@deskline/contract';
import { Prisma } from '../generated/prisma/client.js';

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly status: number,
    message: string,
    public readonly details?: ErrorDetail[],
  ) {
    super(message);
  }

  /** Sent as the Retry-After header (seconds) by the error middleware; set by rate-limit refusals. */
  retryAfterSeconds?: number;

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what = 'Resource') => new AppError('NOT_FOUND', 404, `${what} not found`);
export const forbidden = (message = 'You are not allowed to do that') => new AppError('FORBIDDEN', 403, message);
export const unauthorized = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', 401, message);
export const conflict = (code: ErrorCode, message: string) => new AppError(code, 409, message);

export function validationError(error: ZodError, prefix?: string): AppError {
  const pathOf = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');
  const detailsOf = (issues: readonly z.core.$ZodIssue[], base: PropertyKey[]): ErrorDetail[] =>
    issues.flatMap((issue) => {
      const path = [...base, ...issue.path];
      // zod reports unknown keys once, at the object; name each key so a client can point at it.
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: pathOf([...path, key]), message: 'is not a known field' }));
      // "Invalid input" for a union says nothing: report the option that came closest (fewest
      // issues; on a tie the last, where a union lists its general or older form).
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        const closest = issue.errors.reduce((best, option) => (option.length <= best.length ? option : best));
        if (closest.length > 0) return detailsOf(closest, path);
      }
      return [{ path: pathOf(path), message: issue.message }];
    });
  const details = detailsOf(error.issues, []);
  const first = details[0];
  const message = first ? `Invalid request: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid request';
  return new AppError('VALIDATION_FAILED', 400, message, details);
}

/** PostgreSQL errors caused by the input rather than the server (values out of range, bad bytes). */
const CLIENT_SQLSTATES = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05', '54000']);

/** Maps anything thrown to an AppError; unknown errors become a 500 that reveals nothing. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error);
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return new AppError('PAYLOAD_TOO_LARGE', 413, 'File is larger than 10 MB');
    if (error.code === 'LIMIT_UNEXPECTED_FILE') {
      return new AppError('VALIDATION_FAILED', 400, `Unexpected file field "${error.field ?? ''}"`, [
        { path: error.field ?? 'file', message: 'Unexpected file field' },
      ]);
    }
    return new AppError('VALIDATION_FAILED', 400, `Invalid upload: ${error.message}`);
  }
  const e = error as { type?: string; status?: number; code?: string; message?: string; cause?: unknown };
  // body-parser and multipart parser errors carry an HTTP status of their own.
  if (e?.type === 'entity.parse.failed') return new AppError('INVALID_JSON', 400, 'Request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 413, 'Request body is too large');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported request encoding');
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new AppError('BAD_REQUEST', e.status, e.message || 'Bad request');
  }
  // Prisma refuses a value before any query (e.g. 1e20 for an Int column). Inputs are validated
  // before they get here; this keeps one that slipped through a 400 rather than a 500.
  if (error instanceof Prisma.PrismaClientValidationError) {
    return new AppError('VALIDATION_FAILED', 400, 'A value in the request is not acceptable');
  }
  const sqlState = findSqlState(error);
  if (sqlState && CLIENT_SQLSTATES.has(sqlState)) {
    return new AppError('VALIDATION_FAILED', 400, 'A value in the request is not acceptable');
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError('SERVICE_UNAVAILABLE', 503, 'The database is unavailable; try again shortly');
  }
  return undefined;
}

/** Prisma's own error codes (P1000…P6999) have the shape of a SQLSTATE; PostgreSQL's class P0 is PL/pgSQL's. */
const PRISMA_CODE = /^P[1-9]\d{3}$/;

/**
 * The PostgreSQL SQLSTATE behind an error, wherever the driver, its adapter or Prisma put it
 * (Prisma 7: `P2039 { meta: { driverAdapterError: { cause: { originalCode } } } }`).
 */
function findSqlState(error: unknown): string | undefined {
  const pending: unknown[] = [error];
  for (let i = 0; i < pending.length && i < 16; i++) {
    const e = pending[i] as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object') continue;
    for (const code of [e.originalCode, e.code]) {
      if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !PRISMA_CODE.test(code)) return code;
    }
    const meta = e.meta as Record<string, unknown> | undefined;
    pending.push(meta?.driverAdapterError, meta, e.cause);
  }
  return undefined;
}

/** Signs that the database cannot be reached (rather than that the request was wrong). */
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNREACHABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Prisma: can't reach, timed out, server closed the connection, pool timeout. */
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** PostgreSQL: connection exceptions (08…), shutting down or starting up (57P01-03), too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNREACHABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|Server has closed the connection|timeout exceeded when trying to connect|DatabaseNotReachable|Can't reach database/i;

/**
 * True when the database is unreachable, wherever the driver, its Prisma adapter or Prisma put
 * the reason (Prisma 7 wraps a dropped connection as `P2010 { meta: { driverAdapterError: {
 * cause: { kind: 'ConnectionClosed' } } } }`, a lost pool as a bare `connect ECONNRESET`).
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const sqlState = findSqlState(error);
  if (sqlState && UNAVAILABLE_SQLSTATE.test(sqlState)) return true;
  const pending: unknown[] = [error];
  for (let i = 0; i < pending.length && i < 16; i++) {
    const e = pending[i] as Record<string, unknown> | undefined;
    if (!e || typeof e !== 'object') continue;
    if (typeof e.kind === 'string' && UNREACHABLE_KINDS.has(e.kind)) return true;
    if (typeof e.code === 'string' && (UNREACHABLE_ERRNOS.has(e.code) || UNREACHABLE_PRISMA_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && UNREACHABLE_MESSAGE.test(e.message)) return true;
    const meta = e.meta as Record<string, unknown> | undefined;
    pending.push(meta?.driverAdapterError, meta, e.cause);
  }
  return false;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', 404, `No route for ${req.method} ${req.path}`));
};

export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const known = toAppError(error);
    if (known) {
      if (!res.headersSent && known.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(known.retryAfterSeconds));
      if (!res.headersSent) res.status(known.status).json(known.toJSON());
      return;
    }
    const requestId = randomUUID();
    log(`[${requestId}] unhandled error: ${(error as Error)?.stack ?? String(error)}`);
    if (res.headersSent) return res.destroy();
    res.status(500).json({ error: { code: 'INTERNAL', message: `Something went wrong on our side (request ${requestId})` } });
  };
}
