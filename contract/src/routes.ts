// The REST contract as data: every route of the API, keyed by "METHOD /path" (below /api), with
// the schemas of its params, query and body, its responses, and the roles allowed to call it. The
// server binds one handler to each key (a missing one fails to compile), the OpenAPI document is
// generated from it, and the clients are typed by it.
import { z, type ZodType } from 'zod';
import { MAX_FILES_PER_REQUEST } from './limits.js';
import { Attachment, DownloadQuery } from './schemas/attachments.js';
import {
  AuthResponse,
  ChangePasswordBody,
  LinkSignInBody,
  LinkSignInResponse,
  LoginBody,
  MeResponse,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RegisterBody,
} from './schemas/auth.js';
import { Category, CreateCategoryBody, UpdateCategoryBody } from './schemas/categories.js';
import { RateTicketBody, TicketRating } from './schemas/closing.js';
import { Comment, CreateCommentBody, UpdateCommentBody } from './schemas/comments.js';
import { IdParams, PageOf, PageQuery } from './schemas/common.js';
import { EmailState, OutboxEmail, OutboxQuery } from './schemas/email.js';
import { TicketEvent } from './schemas/history.js';
import { CreateLabelBody, Label, UpdateLabelBody } from './schemas/labels.js';
import { MarkReadBody, Message, MessageListQuery, SendMessageBody, UnreadCounts } from './schemas/messages.js';
import { NotificationPreferences, UpdateNotificationPreferencesBody } from './schemas/preferences.js';
import { CreateSavedReplyBody, SavedReply, UpdateSavedReplyBody } from './schemas/savedReplies.js';
import { AssignmentSettings, UpdateAssignmentSettingsBody } from './schemas/settings.js';
import { CreateSiteBody, Site, SiteListQuery, UpdateSiteBody } from './schemas/sites.js';
import { Overview, Report, ReportQuery } from './schemas/stats.js';
import { BulkTicketBody, BulkTicketResult, CreateTicketBody, Ticket, TicketListItem, TicketListQuery, UpdateTicketBody } from './schemas/tickets.js';
import { CreateUserBody, ManagedUser, TeamMember, UpdateProfileBody, UpdateUserBody, UserListQuery } from './schemas/users.js';
import { WidgetConfig, WidgetConfigQuery, WidgetSession, WidgetSessionBody } from './schemas/widget.js';
import type { Role } from './schemas/common.js';

/** Anyone, signed in or not (a valid token still identifies the caller). */
export const PUBLIC = 'public';
/** Every signed-in user: customers, widget visitors and the support team. */
export const SIGNED_IN = ['CUSTOMER', 'AGENT', 'ADMIN'] as const satisfies readonly Role[];
/** The support team: agents and admins, who work every ticket. */
export const TEAM = ['AGENT', 'ADMIN'] as const satisfies readonly Role[];
/** The support team's admins, who also manage users, sites, categories and settings. */
export const ADMINS = ['ADMIN'] as const satisfies readonly Role[];

export type RateLimitName = 'login' | 'register' | 'widgetSession' | 'passwordReset';

export interface ResponseSpec {
  description: string;
  schema?: ZodType;
  /** Non-JSON responses (file downloads). */
  contentType?: string;
}

export interface RouteSpec {
  tag: string;
  summary: string;
  description?: string;
  roles: typeof PUBLIC | readonly Role[];
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** Also accepts multipart/form-data with these file fields (text fields are validated by `body`). */
  multipart?: { fileField: string; maxFiles: number };
  rateLimit?: RateLimitName;
  /** Callable while the user must change a printed or admin-set password (everything else is a 403). */
  beforePasswordChange?: boolean;
  responses: Record<number, ResponseSpec>;
}

/** Keeps each route's literal type (its schemas), checked against RouteSpec. */
const route = <const S extends RouteSpec>(spec: S): S => spec;

export const routes = {
  'GET /health': route({
    tag: 'Health',
    summary: 'Is the server up and can it reach its database?',
    roles: PUBLIC,
    responses: {
      200: { description: 'Healthy', schema: z.object({ ok: z.literal(true), db: z.literal('up') }) },
      503: { description: 'The database is unreachable' },
    },
  }),
  'GET /health/live': route({
    tag: 'Health',
    summary: 'Liveness: the process answers (for the proxy or orchestrator)',
    roles: PUBLIC,
    responses: { 200: { description: 'Alive', schema: z.object({ ok: z.literal(true) }) } },
  }),
  'GET /health/ready': route({
    tag: 'Health',
    summary: 'Readiness: send traffic here (database reachable, not shutting down)',
    roles: PUBLIC,
    responses: {
      200: { description: 'Ready', schema: z.object({ ok: z.literal(true), db: z.literal('up') }) },
      503: { description: 'Shutting down, or the database is unreachable' },
    },
  }),
  'POST /auth/register': route({
    tag: 'Auth',
    summary: 'Create a customer account',
    description: 'Always creates a CUSTOMER; a `role` in the body is ignored. Rate limited per address.',
    roles: PUBLIC,
    rateLimit: 'register',
    body: RegisterBody,
    responses: {
      201: { description: 'Account created, signed in', schema: AuthResponse },
      409: { description: 'An account with this email already exists' },
    },
  }),
  'POST /auth/login': route({
    tag: 'Auth',
    summary: 'Sign in with email and password',
    description: 'Wrong email and wrong password get the same 401. Repeated failures from one address get 429.',
    roles: PUBLIC,
    rateLimit: 'login',
    body: LoginBody,
    responses: {
      200: { description: 'Signed in', schema: AuthResponse },
      401: { description: 'Email or password is incorrect' },
      429: { description: 'Too many failed attempts' },
    },
  }),
  'POST /auth/logout': route({
    tag: 'Auth',
    summary: 'Sign out: revoke this token',
    roles: SIGNED_IN,
    beforePasswordChange: true,
    responses: { 204: { description: 'The token is refused from now on, over REST and socket' } },
  }),
  'POST /auth/password': route({
    tag: 'Auth',
    summary: 'Change your password',
    description:
      "Needs the current password. All of the user's other tokens stop working at once (their sockets are closed); " +
      'the token making the call keeps working. Clears `mustChangePassword`. A wrong current password is a 403 ' +
      '`WRONG_PASSWORD` and counts, like a failed sign-in, towards the 429 limit per address.',
    roles: SIGNED_IN,
    beforePasswordChange: true,
    rateLimit: 'login',
    body: ChangePasswordBody,
    responses: {
      204: { description: 'Changed; other sessions are signed out' },
      403: {
        description: '`WRONG_PASSWORD`: the current password is incorrect; `NO_PASSWORD`: a widget visitor has none to change',
      },
      429: { description: 'Too many failed attempts' },
    },
  }),
  'GET /auth/me': route({
    tag: 'Auth',
    summary: 'The signed-in user',
    roles: SIGNED_IN,
    beforePasswordChange: true,
    responses: { 200: { description: 'The user', schema: MeResponse } },
  }),
  'POST /auth/link': route({
    tag: 'Auth',
    summary: "Sign in with an email's portal link",
    description:
      'Every notification to a customer links to `/portal#t=<token>`: signed, for that customer and that ticket, valid for 7 days. ' +
      'The session it returns sees that one ticket only (any other is 404, opening a ticket is 403) and lasts JWT_TTL.',
    roles: PUBLIC,
    body: LinkSignInBody,
    responses: {
      200: { description: 'Signed in to that ticket', schema: LinkSignInResponse },
      401: { description: '`INVALID_LINK`: forged, expired, or its customer or ticket is gone' },
    },
  }),
  'POST /auth/password-reset': route({
    tag: 'Auth',
    summary: 'Email a password reset link',
    description:
      'Always 204, whether or not an account has this email (no account enumeration). An account with a password gets a link ' +
      'to `/portal` (customers) or `/admin/login` (the team) that works once, for 30 minutes. Limited per client address and per email.',
    roles: PUBLIC,
    rateLimit: 'passwordReset',
    body: PasswordResetBody,
    responses: { 204: { description: 'Sent if the account exists' }, 429: { description: 'Too many requests from this address' } },
  }),
  'POST /auth/password-reset/confirm': route({
    tag: 'Auth',
    summary: "Set a new password with a reset link's token",
    description: 'The link works once. Every token of the account stops working (its sockets close); sign in with the new password.',
    roles: PUBLIC,
    rateLimit: 'passwordReset',
    body: PasswordResetConfirmBody,
    responses: {
      204: { description: 'Changed; every session of the account is signed out' },
      400: { description: '`INVALID_LINK`: unknown, expired, already used, or the password changed since' },
    },
  }),
  'GET /me/preferences': route({
    tag: 'Auth',
    summary: 'Your notification preferences (team)',
    description:
      'Which emails you get while away and which alerts an open console shows. A member who never saved any gets the defaults: ' +
      'everything on but `alerts.sound`. Customers have none (403): their ticket emails are turned off by the link in each email.',
    roles: TEAM,
    responses: { 200: { description: 'The preferences', schema: NotificationPreferences } },
  }),
  'PATCH /me/preferences': route({
    tag: 'Auth',
    summary: 'Change your notification preferences (team)',
    description: 'Any subset of the choices; the rest keep their values. Answers every choice as saved.',
    roles: TEAM,
    body: UpdateNotificationPreferencesBody,
    responses: { 200: { description: 'The preferences, as saved', schema: NotificationPreferences } },
  }),
  'PATCH /me/profile': route({
    tag: 'Auth',
    summary: 'Change your display name (team)',
    description: 'The name customers and colleagues see on your messages, replies and in the widget.',
    roles: TEAM,
    body: UpdateProfileBody,
    responses: { 200: { description: 'You, as saved', schema: MeResponse } },
  }),
  'PUT /me/avatar': route({
    tag: 'Auth',
    summary: 'Upload your avatar (team)',
    description:
      'multipart/form-data with the field `avatar`: a PNG, JPEG, GIF or WebP image (decided from its bytes, else 415) of at most ' +
      '512 KB (413). Replaces the previous one; `avatarUrl` changes with each upload.',
    roles: TEAM,
    multipart: { fileField: 'avatar', maxFiles: 1 },
    responses: {
      200: { description: 'You, with the new `avatarUrl`', schema: MeResponse },
      413: { description: 'Larger than 512 KB' },
      415: { description: 'Not a PNG, JPEG, GIF or WebP image' },
    },
  }),
  'DELETE /me/avatar': route({
    tag: 'Auth',
    summary: 'Remove your avatar (team): your initials are shown again',
    roles: TEAM,
    responses: { 200: { description: 'You, with `avatarUrl` null', schema: MeResponse } },
  }),
  'GET /avatars/:id': route({
    tag: 'Auth',
    summary: "A team member's avatar image",
    description:
      'Public, like the name beside it: the widget shows it to visitors. Served with nosniff and a sandboxing CSP, cached for a year ' +
      '(its `v` query changes with each upload). 404 for a customer, or a member without an avatar.',
    roles: PUBLIC,
    params: IdParams,
    responses: { 200: { description: 'The image', contentType: 'image/*' } },
  }),
  'GET /users': route({
    tag: 'Users',
    summary: 'List users (admin)',
    roles: ADMINS,
    query: UserListQuery,
    responses: { 200: { description: 'Users, newest first', schema: PageOf(ManagedUser) } },
  }),
  'POST /users': route({
    tag: 'Users',
    summary: 'Create an admin, agent or customer account (admin)',
    roles: ADMINS,
    body: CreateUserBody,
    responses: {
      201: { description: 'Created', schema: ManagedUser },
      409: { description: 'Email already in use' },
    },
  }),
  'PATCH /users/:id': route({
    tag: 'Users',
    summary: 'Rename, change role, disable or enable a user (admin)',
    description: "A disabled user's tokens stop working at once and their live sockets are closed.",
    roles: ADMINS,
    params: IdParams,
    body: UpdateUserBody,
    responses: { 200: { description: 'Updated', schema: ManagedUser }, 404: { description: 'No such user' } },
  }),
  'GET /team': route({
    tag: 'Users',
    summary: 'The support team: every agent and admin, by name',
    description:
      'What agents need of their colleagues (to assign a ticket) without the user list, which stays with admins. ' +
      'Disabled members are listed too, marked, so a ticket assigned to one still shows who has it.',
    roles: TEAM,
    responses: { 200: { description: 'Agents and admins, by name', schema: z.array(TeamMember) } },
  }),
  'GET /categories': route({
    tag: 'Categories',
    summary: 'List ticket categories',
    roles: PUBLIC,
    responses: { 200: { description: 'All categories, by name', schema: z.array(Category) } },
  }),
  'POST /categories': route({
    tag: 'Categories',
    summary: 'Create a category (admin)',
    description: 'The slug is derived from the name when omitted.',
    roles: ADMINS,
    body: CreateCategoryBody,
    responses: { 201: { description: 'Created', schema: Category }, 409: { description: 'Slug already in use' } },
  }),
  'PATCH /categories/:id': route({
    tag: 'Categories',
    summary: 'Rename or describe a category (admin)',
    roles: ADMINS,
    params: IdParams,
    body: UpdateCategoryBody,
    responses: { 200: { description: 'Updated', schema: Category }, 404: { description: 'No such category' } },
  }),
  'DELETE /categories/:id': route({
    tag: 'Categories',
    summary: 'Delete a category (admin)',
    roles: ADMINS,
    params: IdParams,
    responses: {
      204: { description: 'Deleted' },
      409: { description: 'Tickets still use this category (CATEGORY_IN_USE)' },
    },
  }),
  'GET /labels': route({
    tag: 'Labels',
    summary: 'List labels (support team)',
    roles: TEAM,
    responses: { 200: { description: 'All labels, by name', schema: z.array(Label) } },
  }),
  'POST /labels': route({
    tag: 'Labels',
    summary: 'Create a label (admin)',
    roles: ADMINS,
    body: CreateLabelBody,
    responses: { 201: { description: 'Created', schema: Label }, 409: { description: 'A label has this name (LABEL_NAME_TAKEN)' } },
  }),
  'PATCH /labels/:id': route({
    tag: 'Labels',
    summary: 'Rename or recolour a label (admin)',
    description: 'Every ticket that carries it shows the new name and colour.',
    roles: ADMINS,
    params: IdParams,
    body: UpdateLabelBody,
    responses: {
      200: { description: 'Updated', schema: Label },
      404: { description: 'No such label' },
      409: { description: 'Another label has this name (LABEL_NAME_TAKEN)' },
    },
  }),
  'DELETE /labels/:id': route({
    tag: 'Labels',
    summary: 'Delete a label (admin)',
    description: 'It comes off every ticket that carried it.',
    roles: ADMINS,
    params: IdParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such label' } },
  }),
  'GET /saved-replies': route({
    tag: 'Saved replies',
    summary: 'The saved replies the caller may use (support team)',
    description: "The team's shared replies and the caller's own personal ones, by title; never another agent's personal ones.",
    roles: TEAM,
    responses: { 200: { description: 'Shared and own replies, by title', schema: z.array(SavedReply) } },
  }),
  'POST /saved-replies': route({
    tag: 'Saved replies',
    summary: 'Save a reply (support team; shared ones: admin)',
    description: 'A personal reply belongs to its author. Only admins create shared ones (`shared: true` from an agent is 403).',
    roles: TEAM,
    body: CreateSavedReplyBody,
    responses: { 201: { description: 'Created', schema: SavedReply }, 403: { description: 'An agent asked for a shared reply' } },
  }),
  'PATCH /saved-replies/:id': route({
    tag: 'Saved replies',
    summary: 'Change a saved reply (its owner; shared ones: admin)',
    description: "Agents change their own personal replies; admins also the shared ones. Another agent's personal reply is 404.",
    roles: TEAM,
    params: IdParams,
    body: UpdateSavedReplyBody,
    responses: {
      200: { description: 'Updated', schema: SavedReply },
      403: { description: 'An agent tried to change a shared reply, or to share one' },
      404: { description: 'No such reply, or it is somebody else\'s personal reply' },
    },
  }),
  'DELETE /saved-replies/:id': route({
    tag: 'Saved replies',
    summary: 'Delete a saved reply (its owner; shared ones: admin)',
    roles: TEAM,
    params: IdParams,
    responses: {
      204: { description: 'Deleted' },
      403: { description: 'An agent tried to delete a shared reply' },
      404: { description: 'No such reply, or it is somebody else\'s personal reply' },
    },
  }),
  'POST /tickets': route({
    tag: 'Tickets',
    summary: 'Open a ticket',
    description:
      'JSON, or multipart/form-data with the same fields plus up to 10 `attachment` file parts (each ≤ 10 MB, ' +
      'type checked from its bytes). The ticket starts OPEN.',
    roles: SIGNED_IN,
    body: CreateTicketBody,
    multipart: { fileField: 'attachment', maxFiles: MAX_FILES_PER_REQUEST },
    responses: {
      201: { description: 'Created', schema: Ticket },
      413: { description: 'An attachment is larger than 10 MB, or the files would pass the customer storage quota (QUOTA_EXCEEDED)' },
      415: { description: 'An attachment type is not allowed' },
      429: { description: 'Too many tickets, or too many uploaded bytes, from this user or address (RATE_LIMITED), with Retry-After' },
    },
  }),
  'GET /tickets': route({
    tag: 'Tickets',
    summary: 'List tickets',
    description: 'Customers only ever see their own; the support team (agents and admins) sees all. Newest first by default.',
    roles: SIGNED_IN,
    query: TicketListQuery,
    responses: { 200: { description: 'A page of tickets (searched with `q`: ranked, each with its match)', schema: PageOf(TicketListItem) } },
  }),
  'GET /tickets/:id': route({
    tag: 'Tickets',
    summary: 'Get a ticket',
    roles: SIGNED_IN,
    params: IdParams,
    responses: { 200: { description: 'The ticket', schema: Ticket } },
  }),
  'PATCH /tickets/:id': route({
    tag: 'Tickets',
    summary: 'Change a ticket',
    description:
      'The customer who owns it may change subject, description, category and priority, and set status CLOSED. ' +
      'Any other status or an assigneeId from a customer is 403. The support team (agents and admins) may change ' +
      'everything, including status and assigneeId (the id of an active agent or admin, or null). Editing a CLOSED ' +
      'ticket without reopening it is 409.',
    roles: SIGNED_IN,
    params: IdParams,
    body: UpdateTicketBody,
    responses: {
      200: { description: 'Updated', schema: Ticket },
      403: { description: 'A customer tried to assign or to set a status other than CLOSED' },
      409: { description: 'The ticket is closed (TICKET_CLOSED)' },
    },
  }),
  'POST /tickets/bulk': route({
    tag: 'Tickets',
    summary: 'Change several tickets at once (support team)',
    description: 'Each ticket is changed on its own, exactly as `PATCH /tickets/:id` would (same rules, events and broadcasts): ' +
      'the answer lists, in the order of `ids`, which tickets changed and why the others did not. `addLabels` adds ' +
      'labels and keeps the ones a ticket has; unknown label ids refuse the whole request (400).',
    roles: TEAM,
    body: BulkTicketBody,
    responses: { 200: { description: 'One result per id', schema: BulkTicketResult } },
  }),
  'DELETE /tickets/:id': route({
    tag: 'Tickets',
    summary: 'Delete a ticket with its comments, messages and files (owner or admin)',
    description: "Agents work tickets but do not delete a customer's record: that is an admin's call.",
    roles: SIGNED_IN,
    params: IdParams,
    responses: { 204: { description: 'Deleted' }, 403: { description: "An agent tried to delete a customer's ticket" } },
  }),
  'GET /tickets/:id/events': route({
    tag: 'Tickets',
    summary: "A ticket's history: changes of status, priority, assignee, category and labels, oldest first",
    description: 'Each change with who made it (`actor`, null for the system) and its values before and after. The support team ' +
      "sees every change; a customer sees only the status changes of their own tickets (another's ticket is 404).",
    roles: SIGNED_IN,
    params: IdParams,
    query: PageQuery,
    responses: { 200: { description: 'Changes', schema: PageOf(TicketEvent) } },
  }),
  'POST /tickets/:id/rating': route({
    tag: 'Tickets',
    summary: "Rate the ticket's resolution (its customer only)",
    description:
      'Once per resolution: 1 to 5 and an optional comment. The rating is then on the ticket (`rating`, and ' +
      '`awaitingRating` false) and the support team hears `ticket:updated`. A ticket reopened and resolved again may be rated again.',
    roles: SIGNED_IN,
    params: IdParams,
    body: RateTicketBody,
    responses: {
      201: { description: 'Stored', schema: TicketRating },
      403: { description: 'An agent or admin tried to rate: ratings are the customer’s' },
      409: { description: 'The ticket is not resolved or closed (TICKET_NOT_RESOLVED), or this resolution is rated already (ALREADY_RATED)' },
    },
  }),
  'POST /tickets/:id/attachments': route({
    tag: 'Attachments',
    summary: 'Attach a file to a ticket',
    description:
      'multipart/form-data with the field `file`. At most 10 MB (413). The type is decided from the bytes: ' +
      'PNG, JPEG, GIF, WebP, PDF, plain text, CSV and ZIP are accepted; anything else is 415.',
    roles: SIGNED_IN,
    params: IdParams,
    multipart: { fileField: 'file', maxFiles: 1 },
    responses: {
      201: { description: 'Stored', schema: Attachment },
      413: { description: 'File larger than 10 MB, or it would pass the customer storage quota (QUOTA_EXCEEDED)' },
      415: { description: 'File type not allowed' },
      429: { description: 'Too many uploaded bytes from this user or address (RATE_LIMITED), with Retry-After' },
    },
  }),
  'GET /attachments/:id': route({
    tag: 'Attachments',
    summary: "Download an attachment's bytes",
    description:
      'With a bearer token of someone who may see the ticket, or with the `expires` and `signature` of the ' +
      "attachment's signed `url`. Images are sent inline, everything else as a download; always with nosniff.",
    roles: PUBLIC,
    params: IdParams,
    query: DownloadQuery,
    responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
  }),
  'DELETE /attachments/:id': route({
    tag: 'Attachments',
    summary: 'Delete an attachment (uploader or admin)',
    roles: SIGNED_IN,
    params: IdParams,
    responses: { 204: { description: 'Deleted, file removed' } },
  }),
  'GET /tickets/:id/comments': route({
    tag: 'Comments',
    summary: "A ticket's comments, oldest first",
    description: 'Customers never see internal notes; their pages are filled with public comments only.',
    roles: SIGNED_IN,
    params: IdParams,
    query: PageQuery,
    responses: { 200: { description: 'Comments', schema: PageOf(Comment) } },
  }),
  'POST /tickets/:id/comments': route({
    tag: 'Comments',
    summary: 'Comment on a ticket',
    description:
      'Allowed on CLOSED tickets too. `internal: true` makes a private note of the support team: agents and admins only, ' +
      'and never shown to customers over REST or socket.',
    roles: SIGNED_IN,
    params: IdParams,
    body: CreateCommentBody,
    responses: {
      201: { description: 'Stored', schema: Comment },
      403: { description: 'A customer tried to write an internal note' },
      429: { description: 'Too many comments from this user or address (RATE_LIMITED), with Retry-After' },
    },
  }),
  'PATCH /comments/:id': route({
    tag: 'Comments',
    summary: "Edit a comment's text (author only)",
    roles: SIGNED_IN,
    params: IdParams,
    body: UpdateCommentBody,
    responses: {
      200: { description: 'Updated', schema: Comment },
      403: { description: 'The caller may see the comment but is not its author' },
      429: { description: 'Too many comments and edits from this user or address (RATE_LIMITED), with Retry-After' },
    },
  }),
  'DELETE /comments/:id': route({
    tag: 'Comments',
    summary: 'Delete a comment (author or admin)',
    roles: SIGNED_IN,
    params: IdParams,
    responses: {
      204: { description: 'Deleted' },
      403: { description: "Someone other than its author or an admin tried to delete it (a customer, or an agent: a colleague's note)" },
    },
  }),
  'GET /tickets/:id/messages': route({
    tag: 'Chat messages',
    summary: "A ticket's chat, oldest first",
    description: 'With `after`, only messages newer than that one: clients call this on reconnect so nothing is missed.',
    roles: SIGNED_IN,
    params: IdParams,
    query: MessageListQuery,
    responses: { 200: { description: 'Messages', schema: PageOf(Message) } },
  }),
  'POST /tickets/:id/messages': route({
    tag: 'Chat messages',
    summary: 'Send a chat message',
    description:
      'Stored, then broadcast as `message:new` exactly like a message sent over the socket. Sending the same ' +
      '`clientId` again returns the stored message with 200 instead of storing a duplicate. A reply of the ticket\'s customer ' +
      "to a RESOLVED or CLOSED ticket reopens it (OPEN) within its site's `reopenWindowDays` of the resolution; after them " +
      'it opens a follow-up ticket linked to this one (or goes to its open follow-up), and the returned message\'s `ticketId` ' +
      'names that ticket. The support team must reopen a CLOSED ticket before chatting on it.',
    roles: SIGNED_IN,
    params: IdParams,
    body: SendMessageBody,
    responses: {
      201: { description: 'Stored', schema: Message },
      200: { description: 'Already stored under this clientId', schema: Message },
      409: { description: 'An agent or admin wrote on a CLOSED ticket (TICKET_CLOSED), or the clientId was used on another ticket' },
      429: { description: 'Too many messages from this user or address (RATE_LIMITED), with Retry-After' },
    },
  }),
  'POST /tickets/:id/read': route({
    tag: 'Chat messages',
    summary: "Mark the other side's messages read, up to a message",
    roles: SIGNED_IN,
    params: IdParams,
    body: MarkReadBody,
    responses: { 204: { description: 'Marked' } },
  }),
  'GET /messages/unread-count': route({
    tag: 'Chat messages',
    summary: 'Unread chat messages, in total and per ticket',
    roles: SIGNED_IN,
    responses: { 200: { description: 'Counts', schema: UnreadCounts } },
  }),
  'GET /sites': route({
    tag: 'Sites',
    summary: 'List sites that embed the widget (admin)',
    roles: ADMINS,
    query: SiteListQuery,
    responses: { 200: { description: 'Sites, newest first', schema: PageOf(Site) } },
  }),
  'POST /sites': route({
    tag: 'Sites',
    summary: 'Add a site (admin)',
    description:
      'Generates the public `siteKey` and the `identitySecret`. Theme fields left out take the defaults ' +
      '(`#4f46e5`, `right`, "Hi! How can we help?"). Origins are normalised (`https://Example.com:443/` → ' +
      '`https://example.com`) and deduplicated.',
    roles: ADMINS,
    body: CreateSiteBody,
    responses: { 201: { description: 'Created', schema: Site } },
  }),
  'PATCH /sites/:id': route({
    tag: 'Sites',
    summary: 'Rename a site, change its allowed origins or theme (admin)',
    description: '`allowedOrigins` replaces the list; `theme` is merged into the current theme.',
    roles: ADMINS,
    params: IdParams,
    body: UpdateSiteBody,
    responses: { 200: { description: 'Updated', schema: Site }, 404: { description: 'No such site' } },
  }),
  'DELETE /sites/:id': route({
    tag: 'Sites',
    summary: 'Delete a site (admin)',
    description:
      'Its tickets and visitors are kept, no longer tied to a site; its key stops working, and its visitor sessions end ' +
      '(tokens get 401, sockets are disconnected). A customer opens their ticket again through the link in a notification.',
    roles: ADMINS,
    params: IdParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such site' } },
  }),
  'POST /sites/:id/rotate-secret': route({
    tag: 'Sites',
    summary: "Replace a site's identity secret (admin)",
    description:
      "Identity signatures and tokens made with the old secret are refused from now on, and the site's visitor sessions end: " +
      'their tokens get 401 and their sockets are disconnected; visitors open a new session.',
    roles: ADMINS,
    params: IdParams,
    responses: { 200: { description: 'The site with its new secret', schema: Site }, 404: { description: 'No such site' } },
  }),
  'GET /widget/config': route({
    tag: 'Widget',
    summary: "A site's public widget configuration",
    description: 'Site name, theme and ticket categories: what the widget draws before anyone signs in.',
    roles: PUBLIC,
    query: WidgetConfigQuery,
    responses: { 200: { description: 'The configuration', schema: WidgetConfig }, 404: { description: 'No site has this key' } },
  }),
  'POST /widget/session': route({
    tag: 'Widget',
    summary: 'Open a customer session for a visitor of a site',
    description: [
      "The request's `Origin` must be one of the site's `allowedOrigins` (403 `ORIGIN_NOT_ALLOWED` otherwise, also when it is missing).",
      'Without `identity`: resumes the anonymous visitor of this site named by `visitorId`, else creates one; `name` and `email` update it.',
      'An email a visitor typed is unverified (`emailVerified: false`): it is contact data, never an account\'s email.',
      'A `visitorId` of another site, of an identified customer or of a disabled account starts a new visitor.',
      "With `identity: { token }`: a JWT signed HS256 with the site's `identitySecret`, `sub` = the customer's id on the host site,",
      '`exp` required and at most 24 hours after `iat` and after now, optional `email` and `name`, which are verified and update the customer',
      '(401 `INVALID_IDENTITY_TOKEN` for a bad signature, another algorithm, no or a past `exp`, or a longer lifetime; 400 for malformed claims).',
      "With `identity: { externalId, signature }` (the older form): `signature` must be the hex HMAC-SHA256 of `externalId` under the site's",
      "`identitySecret` (401 `INVALID_SIGNATURE` otherwise); its `name` and `email` (or the top-level ones) are unverified and never replace a verified email.",
      'Either way the same `externalId`/`sub` always maps to the same customer of the site; `visitorId` is then ignored.',
      "Sessions end when an admin rotates the site's secret (their tokens are refused from then on).",
      'Keep the returned `visitorId` to resume the session later. Rate limited per address.',
    ].join(' '),
    roles: PUBLIC,
    rateLimit: 'widgetSession',
    body: WidgetSessionBody,
    responses: {
      200: { description: 'Signed in as the visitor', schema: WidgetSession },
      400: { description: 'Invalid request, or a well-signed identity token with malformed claims (VALIDATION_FAILED)' },
      401: { description: 'Wrong identity signature (INVALID_SIGNATURE), or an identity token refused (INVALID_IDENTITY_TOKEN)' },
      403: { description: 'Origin not allowed (ORIGIN_NOT_ALLOWED), or the identified account is disabled' },
      404: { description: 'No site has this key' },
      429: { description: 'Too many sessions from this address' },
    },
  }),
  'GET /settings/assignment': route({
    tag: 'Settings',
    summary: 'Automatic assignment settings (admin)',
    roles: ADMINS,
    responses: { 200: { description: 'The settings', schema: AssignmentSettings } },
  }),
  'PATCH /settings/assignment': route({
    tag: 'Settings',
    summary: 'Turn automatic assignment on or off, or change the cap (admin)',
    description: 'When enabled, each new ticket goes to the next online agent or admin (one with the console open) in turn, ' +
      'skipping those who already hold `maxOpenPerAgent` open or in-progress tickets; with nobody available it stays unassigned.',
    roles: ADMINS,
    body: UpdateAssignmentSettingsBody,
    responses: { 200: { description: 'The settings, as saved', schema: AssignmentSettings } },
  }),
  'GET /stats/overview': route({
    tag: 'Stats',
    summary: 'Workload and response times for the console overview (support team)',
    description:
      'Counts by status and priority, unassigned and oldest open tickets, and median first-response and resolution times over the last 7 days. ' +
      'Agents read it too: it is the queue they work, and it names no one outside the team.',
    roles: TEAM,
    responses: { 200: { description: 'The overview', schema: Overview } },
  }),
  'GET /stats/report': route({
    tag: 'Stats',
    summary: 'Reports: volume, first response and resolution times, satisfaction, by day, category and agent (support team)',
    description:
      'Over whole UTC days `from` to `to` (default: the last 30), optionally one site and one agent. Times are medians ' +
      'and 90th percentiles in seconds: first response over tickets opened in the window, resolution over tickets ' +
      'resolved in it. Satisfaction counts the ratings given in the window. A window over 366 days, or `from` after `to`, is 400.',
    roles: TEAM,
    query: ReportQuery,
    responses: { 200: { description: 'The report', schema: Report } },
  }),
  'GET /stats/report.csv': route({
    tag: 'Stats',
    summary: 'The same report as CSV, for spreadsheets (support team)',
    description:
      'One row per group (`total`, each `day`, `category` and `agent`) with the Report figures as columns; RFC 4180 ' +
      'quoting, UTF-8, sent as a download named after its window.',
    roles: TEAM,
    query: ReportQuery,
    responses: { 200: { description: 'The report as CSV', contentType: 'text/csv' } },
  }),
  'GET /email/status': route({
    tag: 'Email',
    summary: 'Whether email is sent, and how delivery is going (admin)',
    description:
      'The SMTP server in use (never its credentials), the sender, the outbox by status, the last email sent and the latest delivery error; ' +
      "inbound mail: the IMAP mailbox's connection, last poll and last error, and the built-in SMTP receiver's port.",
    roles: ADMINS,
    responses: { 200: { description: 'The state of outbound email', schema: EmailState } },
  }),
  'GET /email/outbox': route({
    tag: 'Email',
    summary: 'Every email stored, newest first, with its delivery state (admin)',
    description: 'Each email as it is (or would be) sent: headers, HTML and text parts. Without SMTP_URL they are stored as NOT_SENT.',
    roles: ADMINS,
    query: OutboxQuery,
    responses: { 200: { description: 'A page of emails', schema: PageOf(OutboxEmail) } },
  }),
  'POST /email/test': route({
    tag: 'Email',
    summary: 'Send a test email to yourself (admin)',
    description: 'Queued like every email, to the calling admin\'s own address: follow its delivery in the outbox.',
    roles: ADMINS,
    responses: { 201: { description: 'The test email, as stored', schema: OutboxEmail } },
  }),
};

export type Routes = typeof routes;
export type RouteKey = keyof Routes;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Output<S> = S extends ZodType ? z.output<S> : never;
/** The 2xx statuses a route answers with. */
type SuccessStatus<K extends RouteKey> = Extract<keyof Routes[K]['responses'], 200 | 201 | 202 | 204>;
type SuccessSpec<K extends RouteKey> = Routes[K]['responses'][SuccessStatus<K> & keyof Routes[K]['responses']];

/** What a route answers with (void for 204s and file downloads). */
export type RouteResponse<K extends RouteKey> = SuccessSpec<K> extends { schema: infer S } ? Output<S> : void;
