// The Socket.IO contract: what a client may emit (each answered through its ack), and what the
// server pushes. The server types its `Server` with these maps and the clients their sockets, so a
// renamed event or a changed payload fails to compile on both sides.
import type { z } from 'zod';
import type { ClientErrorCode, ErrorCode } from './errors.js';
import type { CommentJson } from './schemas/comments.js';
import type { TicketEventJson } from './schemas/history.js';
import type { PersonRefJson } from './schemas/common.js';
import type { MessageJson, UnreadCountsJson } from './schemas/messages.js';
import type { SocketPayloads } from './schemas/realtime.js';
import type { TicketJson } from './schemas/tickets.js';

/**
 * Every ack: `{ ok: true, ...result }` or `{ ok: false, error }`; a rate-limit refusal's error also
 * says how many seconds until the budget allows the request (REST's Retry-After).
 */
export type AckResponse<T extends object = object> =
  | ({ ok: true } & T)
  | { ok: false; error: { code: ErrorCode | ClientErrorCode; message: string; retryAfterSeconds?: number } };
export type Ack<T extends object = object> = (response: AckResponse<T>) => void;

type Payload<E extends keyof typeof SocketPayloads> = z.input<(typeof SocketPayloads)[E]>;

export interface ClientToServerEvents {
  /** Follow a ticket (its messages, typing and read marks). 404 if it is not the caller's to see. */
  'ticket:join': (ticketId: Payload<'ticket:join'>, ack: Ack) => void;
  'ticket:leave': (ticketId: Payload<'ticket:leave'>, ack: Ack) => void;
  /** Stored once per clientId: a resend answers the stored message (and re-broadcasts it). */
  'message:send': (payload: Payload<'message:send'>, ack: Ack<{ message: MessageJson }>) => void;
  typing: (payload: Payload<'typing'>, ack?: Ack) => void;
  'message:read': (payload: Payload<'message:read'>, ack: Ack) => void;
}

export interface TypingEvent {
  ticketId: string;
  user: PersonRefJson;
  typing: boolean;
}

export interface ReadEvent {
  ticketId: string;
  /** Who read: the other side's messages up to `upTo` (a message id) are now read. */
  userId: string;
  upTo: string;
}

export interface ServerToClientEvents {
  /** To the ticket's room, the whole support team (agents and admins) and the ticket's customer. */
  'message:new': (message: MessageJson) => void;
  'message:read': (event: ReadEvent) => void;
  /** To the ticket's room, except the typist's own socket. */
  typing: (event: TypingEvent) => void;
  /** Public replies as for messages; internal notes to the support team only. */
  'comment:new': (comment: CommentJson) => void;
  /** The team gets the team's view, the customer their own (unread counts differ). */
  'ticket:created': (ticket: TicketJson) => void;
  'ticket:updated': (ticket: TicketJson) => void;
  'ticket:deleted': (event: { id: string }) => void;
  /** A change was recorded in a ticket's history: to the team, and status changes to the ticket's customer too. */
  'ticket:event': (payload: { event: TicketEventJson }) => void;
  /** The receiver's own unread counts, coalesced (at most every 150 ms). */
  unread: (counts: UnreadCountsJson) => void;
}

/** Why the server refused a connection (`connect_error`'s message). */
export type ConnectRefusal = 'unauthorized' | 'unavailable' | 'password_change_required';

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Each event with who may send or hear it, as the contract reference lists them. Typed by the
 * maps above, so an event added there without a line here fails to compile.
 */
export const CLIENT_EVENTS: Record<keyof ClientToServerEvents, { payload: string; ack: string; about: string }> = {
  'ticket:join': { payload: 'ticketId', ack: '{ ok: true }', about: 'Follow a ticket the caller may see (else NOT_FOUND).' },
  'ticket:leave': { payload: 'ticketId', ack: '{ ok: true }', about: 'Stop following it.' },
  'message:send': {
    payload: '{ ticketId, body, clientId? }',
    ack: '{ ok: true, message }',
    about: 'Acked only once stored; a resent clientId answers the stored message and broadcasts it again.',
  },
  typing: { payload: '{ ticketId, typing }', ack: '{ ok: true }', about: 'Typing started or stopped.' },
  'message:read': { payload: '{ ticketId, upTo }', ack: '{ ok: true }', about: "The other side's messages up to `upTo` are read." },
};

export const SERVER_EVENTS: Record<ServerEventName, { payload: string; to: string }> = {
  'message:new': { payload: 'Message', to: "the ticket's room, the whole team (agents and admins) and the ticket's customer" },
  'message:read': { payload: '{ ticketId, userId, upTo }', to: "the ticket's room, the whole team and the ticket's customer" },
  typing: { payload: '{ ticketId, user, typing }', to: "the ticket's room, except the typist's socket" },
  'comment:new': { payload: 'Comment', to: "public: as `message:new`; internal notes: the team (agents and admins) only" },
  'ticket:created': { payload: 'Ticket', to: "the whole team (team view) and the ticket's customer (their view)" },
  'ticket:updated': { payload: 'Ticket', to: "the whole team (team view) and the ticket's customer (their view)" },
  'ticket:deleted': { payload: '{ id }', to: "the whole team and the ticket's customer" },
  'ticket:event': {
    payload: '{ event: TicketEvent }',
    to: "the whole team; status changes also the ticket's room and its customer (never other fields)",
  },
  unread: { payload: '{ total, byTicket }', to: 'the user whose counts changed (coalesced)' },
};
