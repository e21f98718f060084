// The visitor's tickets, without UI: the list with its unread counts, each ticket opened (details,
// comments, and its live chat on the contract's shared chat state), and what the server pushes
// about them. Filled by the session once it is open, emptied when it ends.
import { createChat, type Chat } from '@deskline/contract/client';
import { ApiError, ticketForm, type NewTicket } from '../api/client.js';
import type { CategoryJson, CommentJson, MessageJson, TicketEventJson, TicketJson, UnreadCountsJson, WidgetConfigJson } from '../api/types.js';
import type { Translate } from '../i18n/locales.js';
import { describeError, type Realtime, type Session } from './session.js';
import { rememberUnread } from './storage.js';

export interface TicketView {
  ticket?: TicketJson;
  comments?: CommentJson[];
  /** The ticket's status changes (all a customer is told of its history), oldest first. */
  events?: TicketEventJson[];
  /** Created once the session is connected. */
  chat?: Chat;
  error?: string;
  gone?: boolean;
}

export interface TicketsOptions {
  session: Session;
  t: Translate;
  siteKey?: string;
  changed(): void;
  /** A new chat message from support, on any ticket. */
  received(message: MessageJson): void;
  /** Unread messages from support, over all tickets, when the count changes. */
  unreadChanged(total: number): void;
  /** The visitor's reply started a follow-up ticket (after the reopen window): they go there. */
  followedUp(ticketId: string): void;
}

export type Tickets = ReturnType<typeof createTickets>;

export function createTickets(options: TicketsOptions) {
  const { session, changed, siteKey } = options;
  const api = session.api;
  const views = new Map<string, TicketView>();
  let list: TicketJson[] | undefined;
  let categories: CategoryJson[] = [];
  // The portal's customers belong to no site: `general`, and starting by typing allowed.
  let formSettings = { defaultCategory: 'general', requireTicketForm: false };
  let unread: UnreadCountsJson = { total: 0, byTicket: {} };
  /** The ticket on screen while the panel is shown: its chat marks support's messages read. */
  let reading: string | undefined;

  function setUnread(counts: UnreadCountsJson): void {
    const before = unread.total;
    unread = counts;
    if (siteKey) rememberUnread(siteKey, counts.total > 0);
    if (counts.total !== before) options.unreadChanged(counts.total);
    changed();
  }

  function view(id: string): TicketView {
    let found = views.get(id);
    if (!found) views.set(id, (found = {}));
    const { realtime, user } = session;
    if (!found.chat && realtime && user) {
      const chat = (found.chat = createChat({
        ticketId: id,
        realtime,
        me: user,
        customerId: user.id,
        onMessage: options.received,
        onFollowUp: (message) => options.followedUp(message.ticketId),
      }));
      chat.subscribe(changed);
      chat.setReading(reading === id);
    }
    return found;
  }

  function updateTicket(ticket: TicketJson): void {
    // A load that read the ticket before a change heard live meanwhile must not undo that change.
    const held = views.get(ticket.id)?.ticket ?? list?.find((t) => t.id === ticket.id);
    if (held && Date.parse(held.updatedAt) > Date.parse(ticket.updatedAt)) return;
    if (list) {
      const index = list.findIndex((t) => t.id === ticket.id);
      if (index >= 0) list[index] = ticket;
      else list.unshift(ticket);
    }
    const found = views.get(ticket.id);
    if (found) found.ticket = ticket;
    changed();
  }

  /** A loaded list, plus the items heard live that it does not have yet. */
  const withHeard = <T extends { id: string }>(loaded: T[], heard: T[] = []) => [...loaded, ...heard.filter((h) => !loaded.some((l) => l.id === h.id))];

  /** Listens to what the server pushes about the session's tickets (the chats listen for themselves). */
  function follow(realtime: Realtime, current: () => boolean): void {
    const on: Realtime['on'] = (event, listener) =>
      realtime.on(event, (payload) => {
        if (current()) listener(payload); // not a session replaced since
      });
    on('message:new', (message) => {
      // A ticket whose chat is open hears its own messages; the others are only told about.
      if (message.sender.id !== session.user?.id && !views.get(message.ticketId)?.chat) options.received(message);
    });
    on('comment:new', (comment) => {
      const found = views.get(comment.ticketId);
      if (found?.comments && !comment.internal && !found.comments.some((c) => c.id === comment.id)) {
        found.comments = [...found.comments, comment];
        changed();
      }
    });
    on('ticket:event', ({ event }) => {
      const found = views.get(event.ticketId);
      if (found?.events && event.field === 'status' && !found.events.some((e) => e.id === event.id)) {
        found.events = [...found.events, event];
        changed();
      }
    });
    on('ticket:updated', updateTicket);
    on('ticket:deleted', ({ id }) => {
      list = list?.filter((t) => t.id !== id);
      const found = views.get(id);
      if (found) found.gone = true;
      changed();
    });
    on('unread', setUnread);
  }

  return {
    get list() {
      return list;
    },
    get categories() {
      return categories;
    },
    get unread() {
      return unread;
    },

    unreadFor(ticket: TicketJson): number {
      return unread.byTicket[ticket.id] ?? 0;
    },

    view,

    /** The category a ticket gets when none is chosen (the widget's site may set another). */
    get defaultCategory() {
      return formSettings.defaultCategory;
    },
    /** The site asks for the full form: no starting by typing. */
    get requireForm() {
      return formSettings.requireTicketForm;
    },

    /** The widget's categories and ticket-form settings come with its configuration, before any session. */
    configure(config: Pick<WidgetConfigJson, 'categories' | 'defaultCategory' | 'requireTicketForm'>): void {
      categories = config.categories;
      formSettings = { defaultCategory: config.defaultCategory, requireTicketForm: config.requireTicketForm };
    },

    /** The session is open: the ticket list, the unread counts and (in the portal) the categories. */
    async load(realtime: Realtime, current: () => boolean): Promise<void> {
      follow(realtime, current);
      const [page, counts, loaded] = await Promise.all([
        api.call('GET /tickets', { query: { limit: 100 } }),
        api.call('GET /messages/unread-count'),
        session.isPortal ? api.call('GET /categories') : Promise.resolve(categories),
      ]);
      if (!current()) return;
      list = page.items;
      categories = loaded;
      setUnread(counts);
    },

    /**
     * After a reconnect: the realtime client has caught up on messages; statuses, comments and
     * unread counts that changed meanwhile are fetched again here.
     */
    async refresh(current: () => boolean, onScreen?: string): Promise<void> {
      try {
        const [page, counts] = await Promise.all([api.call('GET /tickets', { query: { limit: 100 } }), api.call('GET /messages/unread-count')]);
        if (!current()) return;
        list = page.items;
        setUnread(counts);
        const found = onScreen ? views.get(onScreen) : undefined;
        if (onScreen && found?.ticket) {
          const params = { id: onScreen };
          const [ticket, comments, events] = await Promise.all([
            api.call('GET /tickets/:id', { params }),
            api.all('GET /tickets/:id/comments', { params }),
            api.all('GET /tickets/:id/events', { params }),
          ]);
          if (!current()) return;
          found.ticket = ticket;
          found.comments = comments;
          found.events = events;
        }
      } catch {
        /* the next reconnect tries again */
      }
      changed();
    },

    /** Loads a ticket and its history, then follows its chat live. */
    async open(id: string): Promise<void> {
      const found = view(id);
      const chat = found.chat;
      if (session.phase !== 'ready' || !chat) return;
      found.error = undefined;
      try {
        const params = { id };
        const [ticket, comments, messages, events] = await Promise.all([
          api.call('GET /tickets/:id', { params }),
          api.all('GET /tickets/:id/comments', { params }),
          api.all('GET /tickets/:id/messages', { params }),
          api.all('GET /tickets/:id/events', { params }),
        ]);
        updateTicket(ticket); // and into the list: a follow-up is opened before the list knows it
        // With what was heard live while they loaded (a new ticket's first status change, say).
        found.comments = withHeard(comments, found.comments);
        found.events = withHeard(events, found.events);
        changed();
        await chat.load(messages);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) found.gone = true;
        else found.error = describeError(options.t, error, siteKey).text;
      }
      changed();
    },

    /** The ticket on screen while the panel is shown (none: the visitor is not looking at a chat). */
    read(id: string | undefined): void {
      reading = id;
      views.forEach((found, key) => found.chat?.setReading(key === id));
    },

    leave(id: string): void {
      void views.get(id)?.chat?.leave();
    },

    async create(input: NewTicket): Promise<TicketJson> {
      const ticket = await api.call('POST /tickets', { body: ticketForm(input) });
      list = [ticket, ...(list ?? []).filter((t) => t.id !== ticket.id)];
      view(ticket.id).ticket = ticket;
      views.get(ticket.id)!.comments = [];
      views.get(ticket.id)!.events = [];
      return ticket;
    },

    /** The session ended: nothing of it stays. */
    reset(): void {
      views.forEach((found) => found.chat?.close());
      views.clear();
      list = undefined;
      reading = undefined;
      setUnread({ total: 0, byTicket: {} });
    },
  };
}
