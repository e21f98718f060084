// The customer's side of Deskline without UI, for the widget and the portal: the session
// (session.ts), the tickets and their chats (tickets.ts), and here what joins them: which screen
// shows, whether the panel is visible, notices and announcements. Components read it and call
// its methods; every change ends in one notification to `subscribe`rs.
import type { DesklineEvents, DesklinePrefill } from '../../deskline.js';
import type { NewTicket } from '../api/client.js';
import type { MessageJson, TicketJson } from '../api/types.js';
import type { StringKey, Translate } from '../i18n/locales.js';
import { createSession, type Phase, type SessionOptions } from './session.js';
import { createTickets } from './tickets.js';

export type { Failure, Identity, Phase } from './session.js';
export type { TicketView } from './tickets.js';
export type Prefill = DesklinePrefill;

export type Screen =
  | { name: 'home' }
  | { name: 'new'; prefill?: Prefill }
  /** `compose`: just started by typing, so focus goes to the chat's composer for the next message. */
  | { name: 'ticket'; id: string; compose?: boolean }
  /** `reset`: a password reset link's token; `note`: a message to show above the form. */
  | { name: 'signin'; register?: boolean; reset?: string; note?: StringKey }
  | { name: 'password' };

/** Events the controller raises for the page's Deskline('on', …) handlers. */
export type PublicEvents = Pick<DesklineEvents, 'message' | 'unread'>;

export interface ControllerOptions {
  origin: string;
  t: Translate;
  /** The widget's site key; the portal has none (accounts only). */
  siteKey?: string;
  emit: <E extends keyof PublicEvents>(event: E, payload: PublicEvents[E]) => void;
  connect?: SessionOptions['connect'];
}

export type Controller = ReturnType<typeof createController>;

export function createController(options: ControllerOptions) {
  const { t, siteKey } = options;
  const listeners = new Set<() => void>();
  let screen: Screen = siteKey ? { name: 'home' } : { name: 'signin' };
  /** Panel shown: only then are messages marked read. */
  let visible = false;
  let announcement = '';
  let notice = '';

  const changed = () => listeners.forEach((listener) => listener());

  const session = createSession({
    origin: options.origin,
    siteKey,
    t,
    changed,
    opened: (realtime, current) => tickets.load(realtime, current),
    entered(phase: Phase) {
      if (phase === 'passwordRequired') screen = { name: 'password' };
      else if (phase === 'signedOut') screen = { name: 'signin' };
      else if (phase === 'ready') {
        if (screen.name === 'signin') screen = { name: 'home' };
        if (screen.name === 'ticket') void tickets.open(screen.id);
      }
    },
    reconnected: (current) => void tickets.refresh(current, screen.name === 'ticket' ? screen.id : undefined),
    closed: () => tickets.reset(),
    connect: options.connect,
  });

  const tickets = createTickets({
    session,
    t,
    siteKey,
    changed,
    received(message: MessageJson) {
      // A live region repeats only a changed text: alternate a trailing invisible mark.
      const text = t('newMessageFrom', { name: message.sender.name, body: message.body });
      announcement = text + (announcement.endsWith('\u200b') ? '' : '\u200b');
      options.emit('message', message);
      changed();
    },
    unreadChanged: (total) => options.emit('unread', total),
    followedUp: (id) => navigate({ name: 'ticket', id }),
  });

  /** The chat on screen marks support's messages read, while the panel is shown. */
  const followReading = () => tickets.read(visible && screen.name === 'ticket' ? screen.id : undefined);

  function navigate(next: Screen): void {
    const previous = screen;
    if (previous.name === 'ticket' && !(next.name === 'ticket' && next.id === previous.id)) tickets.leave(previous.id);
    screen = next;
    notice = '';
    followReading();
    if (next.name === 'ticket') void tickets.open(next.id);
    changed();
  }

  return {
    session,
    tickets,
    get screen() {
      return screen;
    },
    get visible() {
      return visible;
    },
    get announcement() {
      return announcement;
    },
    get notice() {
      return notice;
    },

    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    navigate,

    setVisible(next: boolean): void {
      visible = next;
      followReading();
      changed();
    },

    async logout(): Promise<void> {
      await session.logout();
      screen = siteKey ? { name: 'home' } : { name: 'signin' };
      if (siteKey && visible) void session.start(); // a new, anonymous visitor
      changed();
    },

    /** Other sessions of this account end; this one goes on (or, after a forced change, starts). */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      await session.changePassword(currentPassword, newPassword);
      screen = { name: 'home' };
      await session.resume();
      notice = t('passwordChanged');
      changed();
    },

    async signIn(email: string, password: string): Promise<void> {
      await session.signIn(email, password);
      screen = { name: 'home' };
      changed();
    },

    async register(name: string, email: string, password: string): Promise<void> {
      await session.register(name, email, password);
      screen = { name: 'home' };
      changed();
    },

    async createTicket(input: NewTicket, contact: { name?: string; email?: string }): Promise<TicketJson> {
      await session.addContact(contact);
      const ticket = await tickets.create(input);
      navigate({ name: 'ticket', id: ticket.id });
      notice = t('created', { n: ticket.number });
      changed();
      return ticket;
    },

    /** Starting by typing: the first message becomes a ticket's description, and its chat opens for the next. */
    async startByTyping(description: string): Promise<TicketJson> {
      const ticket = await tickets.create({ description, files: [] });
      navigate({ name: 'ticket', id: ticket.id, compose: true });
      notice = t('created', { n: ticket.number });
      changed();
      return ticket;
    },
  };
}
