// Types of the Deskline(...) command API that widget.js defines, for host pages written in
// TypeScript (see widget/README.md, "JavaScript API"). Self-contained: nothing else to install.
// The widget's own command table is typed by this file, so the two cannot drift apart.

/** Who the host site's server vouches for: an identity token (recommended), or the older HMAC of `externalId`. */
export type DesklineIdentity =
  | { token: string }
  | { externalId: string; name?: string; email?: string; signature: string };

/** Fields of the new-ticket form to fill in; the visitor may still change them. */
export interface DesklinePrefill {
  subject?: string;
  description?: string;
  /** A category's slug. */
  category?: string;
  priority?: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
}

/** A chat message from support, as the `message` event hands it over. */
export interface DesklineMessage {
  id: string;
  ticketId: string;
  /** `avatarUrl`: a team member's image; null or absent means their initials. */
  sender: { id: string; name: string; role: 'CUSTOMER' | 'AGENT' | 'ADMIN'; avatarUrl?: string | null };
  /** Empty when the message only carries files. */
  body: string;
  /** Files sent with the message; `url` is signed and works for about an hour. */
  attachments: {
    id: string;
    filename: string;
    mimeType: string;
    size: number;
    url: string;
    messageId: string | null;
    createdAt: string;
  }[];
  clientId: string | null;
  /** ISO-8601. */
  createdAt: string;
  readAt: string | null;
}

/** Events a page can listen to with Deskline('on', event, handler), and what each handler receives. */
export interface DesklineEvents {
  /** The app has loaded (fires at once for a handler added after that). */
  ready: undefined;
  open: undefined;
  close: undefined;
  /** A new chat message from support. */
  message: DesklineMessage;
  /** Unread messages from support, over all tickets. */
  unread: number;
}

export type DesklineEventName = keyof DesklineEvents;
export type DesklineHandler<E extends DesklineEventName> = (payload: DesklineEvents[E]) => void;

/** Every command, and its arguments. */
export interface DesklineCommands {
  identify: [identity: DesklineIdentity];
  open: [];
  close: [];
  toggle: [];
  newTicket: [prefill?: DesklinePrefill];
  /** Forgets the visitor on this browser (call it when your user signs out). */
  logout: [];
  on: [event: DesklineEventName, handler: DesklineHandler<DesklineEventName>];
  off: [event: DesklineEventName, handler: DesklineHandler<DesklineEventName>];
}

export type DesklineCommandName = keyof DesklineCommands;

/** window.Deskline: calls made before widget.js has loaded wait in `q` and run in order once it has. */
export interface Deskline {
  <E extends DesklineEventName>(command: 'on' | 'off', event: E, handler: DesklineHandler<E>): void;
  <C extends Exclude<DesklineCommandName, 'on' | 'off'>>(command: C, ...args: DesklineCommands[C]): void;
  q?: ArrayLike<unknown>[];
}

declare global {
  interface Window {
    Deskline?: Deskline;
  }
}
