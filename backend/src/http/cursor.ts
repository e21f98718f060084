// Opaque keyset cursors: the sort value and id of the last item of a page, base64url-encoded JSON.
// A cursor comes from outside like any input, so every element is checked against the column it
// is compared with (type and range) before it reaches a query.
import { z } from 'zod';
import { AppError } from './errors.js';
import { Id } from '@deskline/contract';

export type CursorValue = string | number | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** An int4 column's value that lists sort by: ticket numbers and stream positions are never negative. */
export const CursorInt = z.number().int().min(0).max(2_147_483_647);

/**
 * A timestamp as toISOString writes it, in years PostgreSQL can compare with (JavaScript accepts
 * year -100000 or month 13 rolled over; the query would fail on those instead of here).
 */
export const CursorDate = z.iso
  .datetime()
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999);

/** A row id, as ids are accepted anywhere else. */
export const CursorId = Id;

const invalidCursor = () =>
  new AppError('VALIDATION_FAILED', 400, 'Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor this list returned' }]);

/** Decodes a cursor and checks each element against `shape`; anything else is a 400, never a query. */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, shape: T): z.output<T> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = shape.safeParse(values);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

const SeqCursor = z.tuple([CursorInt]);

/** A cursor over a ticket's activity stream: one stream position. */
export function decodeSeqCursor(cursor: string): number {
  return decodeCursor(cursor, SeqCursor)[0];
}

const CreatedAtCursor = z.tuple([CursorDate, CursorId]);

/** A cursor over a list ordered by (createdAt, id): the last item's creation time and id. */
export function decodeCreatedAtCursor(cursor: string): { createdAt: Date; id: string } {
  const [createdAt, id] = decodeCursor(cursor, CreatedAtCursor);
  return { createdAt, id };
}

/** Takes `limit + 1` rows and splits off the page plus the cursor of its last item. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => CursorValue[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
