// @deskline/contract: every public shape of the Deskline API in one place. The zod schemas
// validate on the server and type the clients; the route table and the event maps name every
// REST route and Socket.IO event. Browser code that must stay small imports `./client` and
// `./limits`, which carry no zod.
export * from './errors.js';
export * from './events.js';
export * from './limits.js';
export * from './routes.js';
export * from './schemas/attachments.js';
export * from './schemas/auth.js';
export * from './schemas/categories.js';
export * from './schemas/comments.js';
export * from './schemas/email.js';
export * from './schemas/history.js';
export * from './schemas/labels.js';
export * from './schemas/common.js';
export * from './schemas/messages.js';
export * from './schemas/preferences.js';
export * from './schemas/realtime.js';
export * from './schemas/savedReplies.js';
export * from './schemas/settings.js';
export * from './schemas/closing.js';
export * from './schemas/sites.js';
export * from './schemas/stats.js';
export * from './schemas/tickets.js';
export * from './schemas/users.js';
export * from './schemas/widget.js';
export * from './reference.js';
