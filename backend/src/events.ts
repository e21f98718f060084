// Domain events: services publish what happened; the realtime module decides who hears it.
import { EventEmitter } from 'node:events';
import type { Comment, Message, Ticket } from './generated/prisma/client.js';

export interface DomainEventMap {
  'ticket.created': { ticket: Ticket };
  'ticket.updated': { ticket: Ticket };
  'ticket.deleted': { ticket: Ticket };
  'comment.created': { comment: Comment; ticket: Ticket };
  'message.created': { message: Message; ticket: Ticket };
  /** `readerId` marked the other side's messages up to `upTo` (a message id) as read. */
  'message.read': { ticket: Ticket; readerId: string; upTo: string };
  /** These users' unread counts may have changed. */
  'unread.changed': { userIds: string[]; admins: boolean };
  /** Tokens were revoked: one (`jti`, on logout) or all of a user's (disabled). */
  'auth.revoked': { userId: string; jti?: string };
}

export type DomainEvent = keyof DomainEventMap;

export class DomainEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  emit<E extends DomainEvent>(event: E, payload: DomainEventMap[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends DomainEvent>(event: E, listener: (payload: DomainEventMap[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
