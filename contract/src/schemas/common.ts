// Building blocks shared by every feature's zod schemas.
import { z, type ZodType } from 'zod';
import { EMAIL_MAX, PAGE_LIMIT_MAX, PASSWORD_MAX_BYTES, PASSWORD_MIN } from '../limits.js';
import { ERROR_CODES } from '../errors.js';

/** Half of a UTF-16 surrogate pair without its other half: no character at all, so not storable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text from outside: trimmed, bounded, free of NUL bytes (which PostgreSQL cannot store) and of
 * lone surrogates (which would be stored as U+FFFD, silently changing the text).
 */
export function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode text');
}

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'is not a valid id').meta({ description: 'Opaque id' });
export const IdParams = z.object({ id: Id });
export const Email = z
  .string()
  .trim()
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('must be a valid email address'))
  .transform((e) => e.toLowerCase());
/** UTF-8 length; TextEncoder, not Buffer, because the console and portal validate with this schema too. */
export const passwordBytes = (password: string) => new TextEncoder().encode(password).length;
export const Password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .refine(
    (s) => passwordBytes(s) <= PASSWORD_MAX_BYTES,
    `must be at most ${PASSWORD_MAX_BYTES} bytes (letters with accents take 2, emoji 4)`,
  )
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
  // Hashed as UTF-8, a lone surrogate becomes U+FFFD: two different passwords would then match.
  .refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode text')
  .meta({ description: `At least ${PASSWORD_MIN} characters and at most ${PASSWORD_MAX_BYTES} bytes of UTF-8` });
export const Timestamp = z.iso.datetime().meta({ description: 'ISO-8601 timestamp' });

/** Customers ask; agents work tickets; admins also manage users, sites, categories and settings. */
export const ROLES = ['CUSTOMER', 'AGENT', 'ADMIN'] as const;
export const TICKET_STATUSES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
export type Role = (typeof ROLES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export const Role = z.enum(ROLES).meta({ id: 'Role' });
export const TicketStatus = z.enum(TICKET_STATUSES).meta({ id: 'TicketStatus' });
export const Priority = z.enum(PRIORITIES).meta({ id: 'Priority' });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(20),
  cursor: z.string().min(1).max(500).optional(),
});

/** One page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The schema of a `Page` of `item`s (for validation and the OpenAPI document). */
export function PageOf<T extends ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).meta({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const UserSummary = z.object({ id: z.string(), name: z.string() });
/** An avatar's public URL: a team member's uploaded image (PNG, JPEG, GIF or WebP); null shows their initials. */
export const AvatarUrl = z.string().nullable().meta({
  description: "The team member's uploaded avatar (public, versioned URL); null or absent: show initials on a colour derived from the name",
});
export const PersonRef = z.object({ id: z.string(), name: z.string(), role: Role, avatarUrl: AvatarUrl.optional() });

export type PersonRefJson = z.infer<typeof PersonRef>;
export type UserSummaryJson = z.infer<typeof UserSummary>;
