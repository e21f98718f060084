// The typed real-time client shared by the widget, the portal and the console. It wraps the
// socket, re-joins ticket rooms after a reconnect and fetches what was missed meanwhile
// (GET …/messages?after=<last seen id>), and resends unacknowledged messages under the same
// clientId, so a message is neither lost nor doubled. Browser-safe: socket.io-client and fetch.
import { io, type Socket } from 'socket.io-client';
import type { MessageJson, UnreadCountsJson } from '../messages/schema.js';

export interface TypingEvent {
  ticketId: string;
  user: { id: string; name: string; role: 'CUSTOMER' | 'ADMIN' };
  typing: boolean;
}
export interface ReadEvent {
  ticketId: string;
  userId: string;
  upTo: string;
}

/** Server → client events (payloads as in api.md). Ticket and Comment stay loosely typed here to keep the client free of server types. */
export interface RealtimeEvents {
  'message:new': MessageJson;
  typing: TypingEvent;
  'message:read': ReadEvent;
  'comment:new': { id: string; ticketId: string; internal: boolean; [key: string]: unknown };
  'ticket:created': { id: string; [key: string]: unknown };
  'ticket:updated': { id: string; status: string; [key: string]: unknown };
  'ticket:deleted': { id: string };
  unread: UnreadCountsJson;
  /** Connection state changes, for "reconnecting…" banners. */
  status: 'connected' | 'disconnected' | 'unauthorized';
}

type Listener<E extends keyof RealtimeEvents> = (payload: RealtimeEvents[E]) => void;
type AckResponse<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export class RealtimeError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CATCH_UP_LOOKBACK = 20;
/** Pause before resending a message the server could not store (e.g. its database was unavailable). */
const RESEND_PAUSE_MS = 1_000;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Errors that another attempt cannot fix. */
const FINAL_ERRORS = new Set(['CLOSED', 'VALIDATION_FAILED', 'NOT_FOUND', 'TICKET_CLOSED', 'CLIENT_ID_REUSED', 'FORBIDDEN', 'UNAUTHENTICATED']);

export interface RealtimeOptions {
  /** Origin of the Deskline server, e.g. https://support.example.com. */
  url: string;
  token: string;
  /** How long to wait for an ack before resending (same clientId, so never doubled). */
  ackTimeoutMs?: number;
  /**
   * socket.io-client's packet encoder/decoder; its default one is used when left out. The widget
   * brings its own, whose encoding does not go through the host page's (possibly patched) JSON.stringify.
   */
  parser?: { Encoder: new () => unknown; Decoder: new () => unknown };
  /** Passed to socket.io-client (tests force transports or disable reconnection). */
  socketOptions?: Parameters<typeof io>[1];
}

export class RealtimeClient {
  readonly socket: Socket;
  private readonly listeners = new Map<keyof RealtimeEvents, Set<(payload: never) => void>>();
  /**
   * Tickets joined, with the ids of the last messages received on each (oldest first). Catch-up
   * starts after the oldest of these, not the newest: two messages committed at the same moment
   * may arrive in either order, and re-fetching a few is free (they are deduplicated).
   */
  private readonly joined = new Map<string, string[]>();
  private readonly seen = new Set<string>();
  private readonly ackTimeoutMs: number;
  private connectedOnce = false;
  /** Closed by the app, or its token refused: nothing reconnects any more. */
  private ended = false;
  private readonly waiting = new Set<(error: Error) => void>();
  /** Reconnections this client started itself since it was last connected (for the backoff). */
  private reconnections = 0;

  constructor(private readonly options: RealtimeOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 8_000;
    this.socket = io(options.url, {
      path: '/socket.io',
      auth: { token: options.token },
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5_000,
      ...(options.parser && { parser: options.parser }),
      ...options.socketOptions,
    });
    this.socket.on('connect', () => void this.onConnect());
    this.socket.on('disconnect', (reason) => {
      this.fire('status', 'disconnected');
      // The server closed the connection (its instance is shutting down, or the token ended), after
      // which socket.io does not come back by itself: connect again, to another instance. A token
      // that is no longer valid is refused then, with 'unauthorized'.
      if (reason === 'io server disconnect') this.reconnectSoon();
    });
    this.socket.on('connect_error', (error) => {
      if (error.message === 'unauthorized') {
        this.end();
        this.socket.disconnect();
        this.fire('status', 'unauthorized');
      } else if (!this.socket.active) {
        // Refused for another reason (the server cannot reach its database): try again shortly.
        this.reconnectSoon();
      }
    });
    this.socket.on('message:new', (message: MessageJson) => this.deliver(message));
    for (const event of ['typing', 'message:read', 'comment:new', 'ticket:created', 'ticket:updated', 'ticket:deleted', 'unread'] as const) {
      this.socket.on(event, (payload: RealtimeEvents[typeof event]) => this.fire(event, payload));
    }
  }

  on<E extends keyof RealtimeEvents>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Follows a ticket: its messages, typing and read receipts. `lastSeenId` enables catch-up. */
  async join(ticketId: string, lastSeenId?: string): Promise<void> {
    const recent = this.joined.get(ticketId) ?? [];
    if (lastSeenId && !recent.includes(lastSeenId)) recent.push(lastSeenId);
    this.joined.set(ticketId, recent);
    await this.request('ticket:join', ticketId); // waits for the connection
    if (lastSeenId) await this.catchUp(ticketId);
  }

  async leave(ticketId: string): Promise<void> {
    this.joined.delete(ticketId);
    if (this.socket.connected) await this.request('ticket:leave', ticketId).catch(() => {});
  }

  /**
   * Sends a chat message and resolves once the server has stored it. While offline it waits; if
   * an ack does not come in time it resends under the same clientId (the server stores it once).
   */
  async send(ticketId: string, body: string, clientId: string = newClientId()): Promise<MessageJson> {
    for (;;) {
      try {
        const { message } = await this.request<{ message: MessageJson }>('message:send', { ticketId, body, clientId });
        this.deliver(message);
        return message;
      } catch (error) {
        if (error instanceof RealtimeError && FINAL_ERRORS.has(error.code)) throw error;
        if (this.ended) throw error; // closed for good
        // Not stored: offline (wait for the connection) or refused for now (pause, not a busy loop).
        if (this.socket.connected) await pause(RESEND_PAUSE_MS);
        await this.untilConnected();
      }
    }
  }

  typing(ticketId: string, typing: boolean): void {
    if (this.socket.connected) this.socket.emit('typing', { ticketId, typing });
  }

  async markRead(ticketId: string, upTo: string): Promise<void> {
    await this.request('message:read', { ticketId, upTo });
  }

  close(): void {
    this.end();
    this.socket.disconnect();
  }

  private async request<T = object>(event: string, payload: unknown): Promise<T> {
    if (!this.socket.connected) await this.untilConnected();
    let response: AckResponse<T>;
    try {
      response = await this.socket.timeout(this.ackTimeoutMs).emitWithAck(event, payload);
    } catch {
      throw new RealtimeError('TIMEOUT', `No answer to ${event}`);
    }
    if (!response.ok) throw new RealtimeError(response.error.code, response.error.message);
    return response;
  }

  private untilConnected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    if (this.ended) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      this.waiting.add(reject);
      this.socket.once('connect', () => {
        this.waiting.delete(reject);
        resolve();
      });
    });
  }

  /** Closed for good (close(), or the token refused): whatever waits for a connection fails now. */
  private end(): void {
    this.ended = true;
    this.waiting.forEach((reject) => reject(closedError()));
    this.waiting.clear();
  }

  /** Connects again after a pause that grows with each attempt and is spread out (no thundering herd). */
  private reconnectSoon(): void {
    if (this.ended) return;
    const delay = Math.min(5_000, 500 * 2 ** this.reconnections++) * (0.5 + Math.random());
    setTimeout(() => {
      if (!this.ended && !this.socket.active) this.socket.connect();
    }, delay);
  }

  private async onConnect(): Promise<void> {
    this.reconnections = 0;
    this.fire('status', 'connected');
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    if (!reconnect) return; // first connection: join() does the joining
    // Where each catch-up starts is taken now, before anything arrives on the new connection:
    // resent messages' acks and live messages would otherwise push the last ones seen before the
    // disconnection out of the look-back, and the catch-up would skip what was missed.
    const anchors = new Map([...this.joined].map(([ticketId, recent]) => [ticketId, recent[0]]));
    // Rooms live on the server side of a connection: after a reconnect, join again and catch up.
    await Promise.all(
      [...anchors].map(async ([ticketId, after]) => {
        await this.request('ticket:join', ticketId).catch(() => {});
        // A catch-up that fails (a network error, a server busy or restarting) is retried until it
        // succeeds: giving up would leave a gap for good, as later ones start after newer messages.
        for (let attempt = 0; !this.ended && this.joined.has(ticketId); attempt++) {
          try {
            return await this.catchUp(ticketId, after);
          } catch {
            await pause(Math.min(5_000, 250 * 2 ** attempt));
          }
        }
      }),
    );
  }

  /** Fetches every message newer than `after` (by default the oldest of the last ones seen) on this ticket. */
  private async catchUp(ticketId: string, after = this.joined.get(ticketId)?.[0]): Promise<void> {
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ limit: '100' });
      if (after) params.set('after', after);
      if (cursor) params.set('cursor', cursor);
      const response = await fetch(`${this.options.url}/api/tickets/${encodeURIComponent(ticketId)}/messages?${params}`, {
        headers: { authorization: `Bearer ${this.options.token}` },
      });
      if (response.status >= 500 || response.status === 429) throw new RealtimeError('UNAVAILABLE', `Catch-up answered ${response.status}`);
      if (!response.ok) return; // the ticket is gone, or no longer ours: nothing to catch up
      const page = (await response.json()) as { items: MessageJson[]; nextCursor: string | null };
      page.items.forEach((message) => this.deliver(message));
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Hands a message to listeners once, whether it came live, by catch-up, or in an ack. */
  private deliver(message: MessageJson): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    const recent = this.joined.get(message.ticketId);
    if (recent) {
      recent.push(message.id);
      if (recent.length > CATCH_UP_LOOKBACK) recent.shift();
    }
    this.fire('message:new', message);
  }

  private fire<E extends keyof RealtimeEvents>(event: E, payload: RealtimeEvents[E]): void {
    this.listeners.get(event)?.forEach((listener) => (listener as Listener<E>)(payload));
  }
}

const closedError = () => new RealtimeError('CLOSED', 'The real-time connection was closed');

export function newClientId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
