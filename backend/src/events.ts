// Domain events: services publish what happened; the realtime module decides who hears it.
import { EventEmitter } from 'node:events';
import type { Comment, Ticket } from './generated/prisma/client.js';
import type { MessageJson, TicketEventJson, TypingEvent } from '@deskline/contract';

/** Enough of a ticket to address its followers. */
export type TicketRef = Pick<Ticket, 'id' | 'customerId'>;

export interface DomainEventMap {
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket };
  'ticket.deleted': { ticket: Ticket };
  /** A change was recorded in the ticket's history (after its transaction committed). */
  'ticket.event': { event: TicketEventJson; ticket: TicketRef };
  'comment.created': { comment: Comment; ticket: Ticket };
  'comment.updated': { comment: Comment; ticket: Ticket };
  'comment.deleted': { comment: Comment; ticket: Ticket };
  'message.created': { message: MessageJson; ticket: TicketRef };
  /** `readerId` marked the other side's messages up to `upTo` (a message id) as read. */
  'message.read': { ticket: TicketRef; readerId: string; upTo: string };
  /** Typing started or stopped, sent from the typist's socket `socketId` (which does not hear it). */
  'typing.changed': TypingEvent & { socketId: string };
  /** These users' unread counts may have changed, and the team's (shared by all agents and admins) if `team`. */
  'unread.changed': { userIds: string[]; team: boolean };
  /**
   * Tokens were revoked: one (`jti`, on logout) or all of a user's (disabled, password set), but
   * `exceptJti` (the session that changed its own password).
   */
  'auth.revoked': { userId: string; jti?: string; exceptJti?: string };
  /** An email was stored for sending: this instance's delivery picks it up without waiting to poll. */
  'email.queued': { emailId: string };
  /** A site's identity secret was rotated, or the site deleted: all of its visitors' sessions ended. */
  'site.sessionsEnded': { siteId: string };
}

export type DomainEvent = keyof DomainEventMap;

export class DomainEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  /** `report` hears listener failures: a listener never fails the request that published the event. */
  constructor(private readonly report: (error: unknown, event: DomainEvent) => void = () => {}) {}

  emit<E extends DomainEvent>(event: E, payload: DomainEventMap[E]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        listener(payload);
      } catch (error) {
        this.report(error, event);
      }
    }
  }

  on<E extends DomainEvent>(event: E, listener: (payload: DomainEventMap[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
