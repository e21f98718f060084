// The customer's side of Deskline, without any UI: the session, tickets, comments and live chat.
// Components read its fields and call its methods; every change ends in one `changed()`.
import { newClientId, RealtimeClient } from '@deskline/contract/client';
import { socketParser } from './encoding.js';
import { ApiError, createApi, type NewTicket } from '../api/client.js';
import type { CategoryJson, CommentJson, MessageJson, TicketJson, UnreadCountsJson, UserJson } from '../api/types.js';
import type { Translate } from '../i18n/locales.js';
import { rememberUnread, sessionStore, tokenUsable, type StoredSession } from './storage.js';

export type Screen =
  | { name: 'home' }
  | { name: 'new'; prefill?: Prefill }
  | { name: 'ticket'; id: string }
  | { name: 'signin'; register?: boolean }
  | { name: 'password' };

export interface Prefill {
  subject?: string;
  description?: string;
  category?: string;
  priority?: string;
}

/**
 * Who the host site's server vouches for: an expiring identity token (a JWT that also covers name
 * and email), or the older HMAC of externalId.
 */
export type Identity = { token: string } | { externalId: string; name?: string; email?: string; signature: string };

/**
 * What a stored session is remembered under. A token is re-minted on every page of the host, so
 * its session is kept while the token names the same customer (`sub`); the server checked it.
 */
function identityKey(identity: Identity): { externalId: string; signature: string } {
  if ('externalId' in identity) return { externalId: identity.externalId, signature: identity.signature };
  let sub = '';
  try {
    // Bytes as read (not UTF-8 decoded): only compared with itself, so that is enough.
    sub = String(JSON.parse(atob(identity.token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sub ?? '');
  } catch {
    // Not a JWT: the server refuses it and the panel says so.
  }
  return { externalId: sub, signature: 'token' };
}

export interface PendingMessage {
  clientId: string;
  ticketId: string;
  body: string;
  state: 'sending' | 'failed';
  error?: string;
  /** False when sending again cannot help (the ticket was closed). */
  retryable?: boolean;
  attempt: number;
}

export interface TicketView {
  ticket?: TicketJson;
  comments?: CommentJson[];
  messages: MessageJson[];
  pending: PendingMessage[];
  error?: string;
  gone?: boolean;
  /** The newest message the support side has read (read receipts of our own messages). */
  readUpTo?: string;
  /** Name of whoever is typing on the other side. */
  typing?: string;
}

/** passwordRequired: signed in with a given password; the server answers nothing else until it is changed. */
export type Phase = 'idle' | 'starting' | 'ready' | 'signedOut' | 'passwordRequired' | 'error';

/** Events the controller raises for the page's Deskline('on', …) handlers. */
export interface PublicEvents {
  message: MessageJson;
  unread: number;
}

export interface ControllerOptions {
  origin: string;
  t: Translate;
  /** The widget's site key; the portal has none (accounts only). */
  siteKey?: string;
  emit: <E extends keyof PublicEvents>(event: E, payload: PublicEvents[E]) => void;
}

/** Shown as "failed, retry" if no acknowledgement came by then (the client keeps trying meanwhile). */
const SEND_PATIENCE_MS = 10_000;
const TYPING_PAUSE_MS = 3_000;
const TYPING_SHOWN_MS = 8_000;

export class Controller {
  phase: Phase = 'idle';
  /** A translated, user-facing reason when phase is 'error'; `retryable` when trying again may help. */
  error?: { text: string; retryable: boolean };
  user?: UserJson;
  kind?: StoredSession['kind'];
  screen: Screen;
  categories: CategoryJson[] = [];
  tickets?: TicketJson[];
  unread: UnreadCountsJson = { total: 0, byTicket: {} };
  online = true;
  /** Panel shown: only then are messages marked read. */
  visible = false;
  announcement = '';
  notice = '';
  readonly views = new Map<string, TicketView>();

  readonly api;
  private readonly store;
  private readonly listeners = new Set<() => void>();
  private identity?: Identity;
  private token?: string;
  private realtime?: RealtimeClient;
  private starting?: Promise<void>;
  private generation = 0;
  private typingSent = new Map<string, number>();
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: ControllerOptions) {
    this.store = sessionStore(`deskline:${options.siteKey ?? 'portal'}`);
    this.api = createApi(options.origin, () => this.token, () => void this.restart());
    this.screen = options.siteKey ? { name: 'home' } : { name: 'signin' };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    this.listeners.forEach((listener) => listener());
  }

  get isPortal(): boolean {
    return !this.options.siteKey;
  }

  /** Whether a session is worth opening before the visitor asks (to show unread replies). */
  get hasPastSession(): boolean {
    const stored = this.store.read();
    return Boolean(this.identity || (stored && stored.kind !== 'identified') || (this.isPortal && stored?.token));
  }

  navigate(screen: Screen): void {
    const previous = this.screen;
    if (previous.name === 'ticket' && !(screen.name === 'ticket' && screen.id === previous.id)) {
      void this.realtime?.leave(previous.id).catch(() => {});
    }
    this.screen = screen;
    this.notice = '';
    if (screen.name === 'ticket') void this.loadTicket(screen.id);
    this.changed();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.screen.name === 'ticket') this.markRead(this.screen.id);
    this.changed();
  }

  /** Opens (or resumes) the session, once; later calls wait for the same attempt. */
  start(): Promise<void> {
    if (this.phase === 'ready') return Promise.resolve();
    if (!this.starting) {
      const run: Promise<void> = this.run().finally(() => {
        if (this.starting === run) this.starting = undefined;
      });
      this.starting = run;
    }
    return this.starting;
  }

  identify(identity: Identity): void {
    const key = identityKey(identity);
    const current = this.identity && identityKey(this.identity);
    const same = current && current.externalId === key.externalId && current.signature === key.signature;
    this.identity = identity;
    if (same || this.phase === 'idle') return; // the next start() uses it
    // Whatever session is open or opening belongs to someone else now.
    this.teardown();
    this.token = undefined;
    void this.start();
  }

  async logout(): Promise<void> {
    const token = this.token;
    this.identity = undefined;
    this.store.write(undefined);
    this.teardown();
    if (token) await this.api.logout().catch(() => {}); // still uses the old token: teardown kept it
    this.token = undefined;
    this.phase = this.isPortal ? 'signedOut' : 'idle';
    this.screen = this.isPortal ? { name: 'signin' } : { name: 'home' };
    if (!this.isPortal && this.visible) void this.start(); // a new, anonymous visitor
    this.changed();
  }

  async signIn(email: string, password: string): Promise<void> {
    this.adoptAccount(await this.api.login(email, password));
  }

  async register(name: string, email: string, password: string): Promise<void> {
    this.adoptAccount(await this.api.register(name, email, password));
  }

  /** Other sessions of this account end; this one goes on (or, after a forced change, starts). */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await this.api.changePassword(currentPassword, newPassword);
    this.screen = { name: 'home' };
    if (this.phase === 'passwordRequired') {
      this.phase = 'idle';
      await this.start();
    }
    this.notice = this.options.t('passwordChanged');
    this.changed();
  }

  private adoptAccount({ token }: { token: string }): void {
    this.teardown();
    this.token = undefined;
    this.store.write({ kind: 'account', token });
    this.screen = { name: 'home' };
    void this.start();
  }

  async createTicket(input: NewTicket, contact: { name?: string; email?: string }): Promise<TicketJson> {
    const stored = this.store.read();
    if (this.options.siteKey && stored?.kind === 'anonymous' && (contact.name || contact.email)) {
      const session = await this.api.widgetSession({ siteKey: this.options.siteKey, visitorId: stored.visitorId, ...contact });
      this.token = session.token;
      this.user = session.user;
      this.store.write({ ...stored, token: session.token });
    }
    const ticket = await this.api.createTicket(input);
    this.tickets = [ticket, ...(this.tickets ?? []).filter((t) => t.id !== ticket.id)];
    this.views.set(ticket.id, { ticket, comments: [], messages: [], pending: [] });
    this.navigate({ name: 'ticket', id: ticket.id });
    this.notice = this.options.t('created', { n: ticket.number });
    this.changed();
    return ticket;
  }

  send(ticketId: string, body: string): void {
    const pending: PendingMessage = { clientId: newClientId(), ticketId, body, state: 'sending', attempt: 0 };
    this.view(ticketId).pending.push(pending);
    this.stopTyping(ticketId);
    this.deliver(pending);
  }

  /** Sends again under the same clientId: the server stores a message once, however often it is sent. */
  retry(pending: PendingMessage): void {
    this.deliver(pending);
  }

  typing(ticketId: string): void {
    const now = Date.now();
    if (now - (this.typingSent.get(ticketId) ?? 0) > TYPING_PAUSE_MS) {
      this.typingSent.set(ticketId, now);
      this.realtime?.typing(ticketId, true);
    }
    clearTimeout(this.typingTimers.get(ticketId));
    this.typingTimers.set(ticketId, setTimeout(() => this.stopTyping(ticketId), TYPING_PAUSE_MS));
  }

  unreadFor(ticket: TicketJson): number {
    return this.unread.byTicket[ticket.id] ?? 0;
  }

  view(ticketId: string): TicketView {
    let view = this.views.get(ticketId);
    if (!view) this.views.set(ticketId, (view = { messages: [], pending: [] }));
    return view;
  }

  // — session —

  private async run(): Promise<void> {
    const generation = ++this.generation;
    this.phase = 'starting';
    this.error = undefined;
    this.changed();
    try {
      let user: UserJson | undefined;
      for (let attempt = 0; !user; attempt++) {
        const token = await this.openSession(generation);
        if (generation !== this.generation) return;
        this.token = token;
        try {
          user = (await this.api.me()).user;
        } catch (error) {
          // A remembered token that was revoked meanwhile: forget it and open a fresh session.
          if (!(error instanceof ApiError && error.status === 401) || attempt > 0) throw error;
          if (generation !== this.generation) return;
          const stored = this.store.read();
          this.store.write(stored?.kind === 'anonymous' ? { kind: 'anonymous', visitorId: stored.visitorId } : undefined);
        }
      }
      if (generation !== this.generation) return;
      this.user = user;
      this.kind = this.store.read()?.kind;
      if (user.mustChangePassword) {
        this.phase = 'passwordRequired';
        this.screen = { name: 'password' };
        this.changed();
        return;
      }
      this.connect(this.token!);
      const [tickets, unread, categories] = await Promise.all([
        this.api.tickets(),
        this.api.unread(),
        this.isPortal ? this.api.categories() : Promise.resolve(this.categories),
      ]);
      if (generation !== this.generation) return;
      this.tickets = tickets.items;
      this.categories = categories;
      this.setUnread(unread);
      this.phase = 'ready';
      if (this.screen.name === 'signin') this.screen = { name: 'home' };
      if (this.screen.name === 'ticket') void this.loadTicket(this.screen.id);
    } catch (error) {
      if (generation !== this.generation) return;
      if (error instanceof SignedOut) {
        this.phase = 'signedOut';
        this.screen = { name: 'signin' };
      } else {
        this.phase = 'error';
        this.error = this.describe(error);
      }
    }
    this.changed();
  }

  private async openSession(generation: number): Promise<string> {
    const stored = this.store.read();
    // A session replaced meanwhile (sign-in, logout, identify) must not overwrite what replaced it.
    const remember = (value: StoredSession) => generation === this.generation && this.store.write(value);
    const siteKey = this.options.siteKey;
    if (!siteKey) {
      if (tokenUsable(stored?.token)) return stored.token;
      throw new SignedOut();
    }
    const identity = this.identity;
    if (identity) {
      const key = identityKey(identity);
      if (stored?.kind === 'identified' && stored.externalId === key.externalId && stored.signature === key.signature && tokenUsable(stored.token)) {
        return stored.token;
      }
      const session = await this.api.widgetSession({ siteKey, identity });
      remember({ kind: 'identified', token: session.token, visitorId: session.visitorId, ...key });
      return session.token;
    }
    if (stored && stored.kind !== 'identified' && tokenUsable(stored.token)) return stored.token;
    // An identified session is never resumed without the host page vouching for it again.
    const session = await this.api.widgetSession({ siteKey, visitorId: stored?.kind === 'anonymous' ? stored.visitorId : undefined });
    remember({ kind: 'anonymous', token: session.token, visitorId: session.visitorId });
    return session.token;
  }

  private async restart(): Promise<void> {
    if (this.phase !== 'ready') return; // while starting, run() handles a refused token itself
    const stored = this.store.read();
    if (stored?.token && stored.token === this.token) this.store.write({ ...stored, token: undefined });
    this.teardown();
    this.token = undefined;
    await this.start();
  }

  private teardown(): void {
    this.generation++;
    this.phase = 'idle';
    this.online = true;
    this.realtime?.close();
    this.realtime = undefined;
    this.starting = undefined;
    this.tickets = undefined;
    this.user = undefined;
    this.views.clear();
    this.setUnread({ total: 0, byTicket: {} });
  }

  private describe(error: unknown): { text: string; retryable: boolean } {
    const t = this.options.t;
    if (!(error instanceof ApiError)) return { text: t('errGeneric', { message: String((error as Error)?.message ?? error) }), retryable: true };
    if (error.code === 'ORIGIN_NOT_ALLOWED') return { text: t('errOrigin', { origin: location.origin }), retryable: false };
    if (error.code === 'INVALID_SIGNATURE' || error.code === 'INVALID_IDENTITY_TOKEN') return { text: t('errSignature'), retryable: false };
    if (error.status === 404 && this.options.siteKey) return { text: t('errSiteKey'), retryable: false };
    if (error.status === 0) return { text: t('errNetwork'), retryable: true };
    if (error.status === 429) return { text: t('errRateLimited'), retryable: true };
    return { text: t('errGeneric', { message: error.message }), retryable: true };
  }

  // — real time —

  private connect(token: string): void {
    const realtime = (this.realtime = new RealtimeClient({ url: this.options.origin, token, parser: socketParser }));
    const on: RealtimeClient['on'] = (event, listener) =>
      realtime.on(event, (payload) => {
        if (this.realtime === realtime) listener(payload); // not a client replaced since
      });
    on('status', (status) => {
      if (status === 'unauthorized') return void this.restart();
      const reconnected = status === 'connected' && !this.online;
      this.online = status === 'connected';
      if (reconnected) void this.refresh();
      this.changed();
    });
    on('message:new', (message) => this.receive(message));
    on('typing', ({ ticketId, user, typing }) => {
      if (user.id === this.user?.id) return;
      const view = this.views.get(ticketId);
      if (!view) return;
      view.typing = typing ? user.name : undefined;
      const key = `typing:${ticketId}`;
      clearTimeout(this.typingTimers.get(key));
      if (typing) this.typingTimers.set(key, setTimeout(() => ((view.typing = undefined), this.changed()), TYPING_SHOWN_MS));
      this.changed();
    });
    on('message:read', ({ ticketId, userId, upTo }) => {
      const view = this.views.get(ticketId);
      if (view && userId !== this.user?.id) {
        view.readUpTo = upTo;
        this.changed();
      }
    });
    on('comment:new', (comment) => {
      const view = this.views.get(comment.ticketId);
      if (view?.comments && !comment.internal && !view.comments.some((c) => c.id === comment.id)) {
        view.comments.push(comment as unknown as CommentJson);
        this.changed();
      }
    });
    on('ticket:updated', (payload) => this.updateTicket(payload as unknown as TicketJson));
    on('ticket:deleted', ({ id }) => {
      this.tickets = this.tickets?.filter((t) => t.id !== id);
      const view = this.views.get(id);
      if (view) view.gone = true;
      this.changed();
    });
    on('unread', (counts) => this.setUnread(counts));
  }

  /**
   * After a reconnect: the client has caught up on messages; statuses, comments and unread counts
   * that changed meanwhile are fetched again here.
   */
  private async refresh(): Promise<void> {
    const generation = this.generation;
    try {
      const [tickets, unread] = await Promise.all([this.api.tickets(), this.api.unread()]);
      if (generation !== this.generation) return;
      this.tickets = tickets.items;
      this.setUnread(unread);
      const screen = this.screen;
      const view = screen.name === 'ticket' ? this.views.get(screen.id) : undefined;
      if (screen.name === 'ticket' && view?.ticket) {
        const [ticket, comments] = await Promise.all([this.api.ticket(screen.id), this.api.comments(screen.id)]);
        if (generation !== this.generation) return;
        view.ticket = ticket;
        view.comments = comments;
      }
    } catch {
      /* the next reconnect tries again */
    }
    this.changed();
  }

  private receive(message: MessageJson): void {
    const view = this.views.get(message.ticketId);
    const mine = message.sender.id === this.user?.id;
    if (view) {
      if (view.messages.some((m) => m.id === message.id)) return;
      view.messages.push(message);
      view.messages.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      if (mine) view.pending = view.pending.filter((p) => p.clientId !== message.clientId);
      else view.typing = undefined;
    }
    if (!mine) {
      this.announce(this.options.t('newMessageFrom', { name: message.sender.name, body: message.body }));
      this.options.emit('message', message);
      this.markRead(message.ticketId);
    }
    this.changed();
  }

  private deliver(pending: PendingMessage): void {
    const attempt = ++pending.attempt;
    pending.state = 'sending';
    pending.error = undefined;
    this.changed();
    const realtime = this.realtime;
    if (!realtime) return this.fail(pending, attempt);
    const patience = setTimeout(() => this.fail(pending, attempt), SEND_PATIENCE_MS);
    realtime.send(pending.ticketId, pending.body, pending.clientId).then(
      (message) => {
        clearTimeout(patience);
        this.receive(message);
      },
      (error: Error & { code?: string }) => {
        clearTimeout(patience);
        const closed = error.code === 'TICKET_CLOSED';
        this.fail(pending, attempt, closed ? this.options.t('chatClosed') : error.message, !closed);
      },
    );
  }

  private fail(pending: PendingMessage, attempt: number, error?: string, retryable = true): void {
    if (pending.attempt !== attempt || !this.view(pending.ticketId).pending.includes(pending)) return;
    pending.state = 'failed';
    pending.error = error;
    pending.retryable = retryable;
    this.changed();
  }

  private stopTyping(ticketId: string): void {
    clearTimeout(this.typingTimers.get(ticketId));
    if (this.typingSent.delete(ticketId)) this.realtime?.typing(ticketId, false);
  }

  private markRead(ticketId: string): void {
    const view = this.views.get(ticketId);
    if (!this.visible || this.screen.name !== 'ticket' || this.screen.id !== ticketId || !view || document.hidden) return;
    const unread = view.messages.filter((m) => m.sender.id !== this.user?.id && !m.readAt);
    const newest = view.messages[view.messages.length - 1];
    if (!unread.length || !newest) return;
    const now = new Date().toISOString();
    unread.forEach((m) => (m.readAt = now));
    this.realtime?.markRead(ticketId, newest.id).catch(() => unread.forEach((m) => (m.readAt = null)));
  }

  private setUnread(counts: UnreadCountsJson): void {
    const before = this.unread.total;
    this.unread = counts;
    if (this.options.siteKey) rememberUnread(this.options.siteKey, counts.total > 0);
    if (counts.total !== before) this.options.emit('unread', counts.total);
    this.changed();
  }

  private updateTicket(ticket: TicketJson): void {
    if (this.tickets) {
      const index = this.tickets.findIndex((t) => t.id === ticket.id);
      if (index >= 0) this.tickets[index] = ticket;
      else this.tickets.unshift(ticket);
    }
    const view = this.views.get(ticket.id);
    if (view) view.ticket = ticket;
    this.changed();
  }

  private async loadTicket(id: string): Promise<void> {
    const view = this.view(id);
    const realtime = this.realtime;
    if (this.phase !== 'ready' || !realtime) return;
    view.error = undefined;
    try {
      const [ticket, comments, messages] = await Promise.all([this.api.ticket(id), this.api.comments(id), this.api.messages(id)]);
      view.ticket = ticket;
      view.comments = comments;
      const known = new Set(messages.map((m) => m.id));
      // Live messages that arrived while the history loaded stay; the history fills in the rest.
      view.messages = [...messages, ...view.messages.filter((m) => !known.has(m.id))];
      const mine = new Set(view.messages.map((m) => m.clientId));
      view.pending = view.pending.filter((p) => !mine.has(p.clientId));
      this.changed();
      await realtime.join(id, messages[messages.length - 1]?.id);
      this.markRead(id);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) view.gone = true;
      else view.error = this.describe(error).text;
    }
    this.changed();
  }

  private announce(text: string): void {
    // A live region repeats only a changed text: alternate a trailing invisible mark.
    this.announcement = text + (this.announcement.endsWith('\u200b') ? '' : '\u200b');
  }
}

class SignedOut extends Error {}
