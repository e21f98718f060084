// The payloads clients send over Socket.IO. Each ticket event's body is checked by the very schema
// object its REST route uses, so the socket can never accept text (NUL, lone surrogates…) that REST refuses.
import { z } from 'zod';
import { Id } from './common.js';
import { MarkReadBody, SendMessageBody, TypingBody } from './messages.js';

/** `{ ticketId, ...body }`, with the body validated by `body`. */
function onTicket<B extends z.ZodType<Record<string, unknown>>>(body: B) {
  return z.looseObject({ ticketId: Id }).transform((payload, ctx) => {
    const { ticketId, ...rest } = payload;
    const parsed = body.safeParse(rest);
    if (!parsed.success) {
      parsed.error.issues.forEach((issue) => ctx.addIssue({ ...issue }));
      return z.NEVER;
    }
    return { ...(parsed.data as z.output<B>), ticketId };
  });
}

/** Client → server payloads, by event name. */
export const SocketPayloads = {
  'ticket:join': Id,
  'ticket:leave': Id,
  'message:send': onTicket(SendMessageBody),
  typing: onTicket(TypingBody),
  'message:read': onTicket(MarkReadBody),
} as const;
