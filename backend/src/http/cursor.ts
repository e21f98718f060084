// Opaque keyset cursors: the sort value and id of the last item of a page, base64url-encoded JSON.
import { AppError } from './errors.js';

export type CursorValue = string | number | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 400, 'Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor this list returned' }]);
}

/** A cursor over a ticket's activity stream: one stream position (a non-negative 32-bit integer). */
export function decodeSeqCursor(cursor: string): number {
  const [seq] = decodeCursor(cursor, 1);
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq > 2_147_483_647) {
    throw new AppError('VALIDATION_FAILED', 400, 'Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor this list returned' }]);
  }
  return seq;
}

/**
 * A timestamp from a cursor, if it is one the database can compare with: a JavaScript date may lie
 * far outside PostgreSQL's range (e.g. year -100000), which fails in the query instead of here.
 */
export function cursorDate(value: CursorValue | undefined): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1 || year > 9999 ? undefined : date;
}

/** A cursor over a list ordered by (createdAt, id): the last item's creation time and id. */
export function decodeCreatedAtCursor(cursor: string): { createdAt: Date; id: string } {
  const [createdAt, id] = decodeCursor(cursor, 2);
  const date = cursorDate(createdAt);
  if (!date || typeof id !== 'string') {
    throw new AppError('VALIDATION_FAILED', 400, 'Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor this list returned' }]);
  }
  return { createdAt: date, id };
}

/** Takes `limit + 1` rows and splits off the page plus the cursor of its last item. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => CursorValue[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
