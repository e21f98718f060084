import { endpoint, Reply } from '../http/endpoint.js';
import { IdParams, Page } from '../http/schemas.js';
import { MarkReadBody, Message, MessageListQuery, SendMessageBody, UnreadCounts } from './schema.js';
import { listMessages, markRead, sendMessage, unreadSummary } from './service.js';

const tag = 'Chat messages';

export const messageEndpoints = [
  endpoint({
    method: 'get',
    path: '/tickets/:id/messages',
    tag,
    summary: "A ticket's chat, oldest first",
    description: 'With `after`, only messages newer than that one: clients call this on reconnect so nothing is missed.',
    access: 'user',
    params: IdParams,
    query: MessageListQuery,
    responses: { 200: { description: 'Messages', schema: Page(Message) } },
    handle: ({ ctx, user, params, query }) => listMessages(ctx, user, params.id, query),
  }),
  endpoint({
    method: 'post',
    path: '/tickets/:id/messages',
    tag,
    summary: 'Send a chat message',
    description:
      'Stored, then broadcast as `message:new` exactly like a message sent over the socket. Sending the same ' +
      '`clientId` again returns the stored message with 200 instead of storing a duplicate.',
    access: 'user',
    params: IdParams,
    body: SendMessageBody,
    responses: {
      201: { description: 'Stored', schema: Message },
      200: { description: 'Already stored under this clientId', schema: Message },
      409: { description: 'The ticket is closed (TICKET_CLOSED), or the clientId was used on another ticket' },
      429: { description: 'Too many messages from this user or address (RATE_LIMITED), with Retry-After' },
    },
    handle: async ({ ctx, user, params, body, req }) => {
      const { message, created } = await sendMessage(ctx, user, params.id, body, req.ip ?? '');
      return new Reply(created ? 201 : 200, message);
    },
  }),
  endpoint({
    method: 'post',
    path: '/tickets/:id/read',
    tag,
    summary: "Mark the other side's messages read, up to a message",
    access: 'user',
    params: IdParams,
    body: MarkReadBody,
    responses: { 204: { description: 'Marked' } },
    handle: async ({ ctx, user, params, body }) => {
      await markRead(ctx, user, params.id, body.upTo);
      return new Reply(204);
    },
  }),
  endpoint({
    method: 'get',
    path: '/messages/unread-count',
    tag,
    summary: 'Unread chat messages, in total and per ticket',
    access: 'user',
    responses: { 200: { description: 'Counts', schema: UnreadCounts } },
    handle: ({ ctx, user }) => unreadSummary(ctx, user),
  }),
];
