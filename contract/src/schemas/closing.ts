// Closing the loop: a customer's rating of a resolution, the ticket a follow-up links to, and the
// visitor context the widget reports (page, referrer, language, time zone; browser and OS are read
// by the server from the User-Agent).
import { z } from 'zod';
import { TEXT } from '../limits.js';
import { text, Timestamp } from './common.js';

/** How long after its resolution a customer's reply reopens a ticket, unless its site says otherwise. */
export const DEFAULT_REOPEN_WINDOW_DAYS = 7;
export const REOPEN_WINDOW_DAYS_MAX = 365;

export const ReopenWindowDays = z
  .number()
  .int('must be a whole number of days')
  .min(0, 'must be 0 or more days')
  .max(REOPEN_WINDOW_DAYS_MAX, `must be at most ${REOPEN_WINDOW_DAYS_MAX} days`)
  .meta({
    description:
      "Days after a ticket's resolution during which a customer's chat reply reopens it; after them, a reply opens a " +
      'follow-up ticket linked to it. 0: every reply to a resolved or closed ticket opens a follow-up',
  });

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

export const TicketRating = z
  .object({
    score: z.number().int().min(1).max(5),
    comment: z.string().nullable(),
    resolvedAt: Timestamp.meta({ description: 'The resolution it rates' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'TicketRating' });

export const RateTicketBody = z
  .object({
    score: z.number().int('must be a whole number from 1 to 5').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5'),
    comment: text(...TEXT.ratingComment).optional(),
  })
  .strict()
  .meta({ id: 'RateTicket' });

export const LinkedTicket = z
  .object({ id: z.string(), number: z.number().int() })
  .meta({ id: 'LinkedTicket', description: 'The earlier ticket this one follows up' });

/** Longest of each visitor context field, in characters. */
export const VISITOR_CONTEXT_MAX = { url: 2000, language: 35, timeZone: 64, browser: 60, os: 60 } as const;

const optionalText = (max: number) => text(1, max).optional();

export const VisitorContextInput = z
  .object({
    pageUrl: optionalText(VISITOR_CONTEXT_MAX.url).meta({ description: 'The host page the widget runs on' }),
    referrer: optionalText(VISITOR_CONTEXT_MAX.url).meta({ description: "That page's document.referrer" }),
    language: optionalText(VISITOR_CONTEXT_MAX.language).meta({ description: "The browser's language, e.g. fr-FR" }),
    timeZone: optionalText(VISITOR_CONTEXT_MAX.timeZone).meta({ description: 'IANA time zone, e.g. Europe/Paris' }),
  })
  .meta({ id: 'VisitorContextInput' });

export const VisitorContext = z
  .object({
    pageUrl: z.string().nullable(),
    referrer: z.string().nullable(),
    browser: z.string().nullable().meta({ description: 'Read from the User-Agent by the server, e.g. "Chrome 131"' }),
    os: z.string().nullable().meta({ description: 'Read from the User-Agent by the server, e.g. "Windows"' }),
    language: z.string().nullable(),
    timeZone: z.string().nullable(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'VisitorContext', description: "A widget visitor's page, referrer, browser, OS, language and time zone" });

export type TicketRatingJson = z.infer<typeof TicketRating>;
export type VisitorContextJson = z.infer<typeof VisitorContext>;
export type VisitorContextInputJson = z.infer<typeof VisitorContextInput>;
