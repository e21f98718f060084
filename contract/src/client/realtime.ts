// The typed real-time client shared by the widget, the portal and the console. It wraps the
// socket, re-joins ticket rooms after a reconnect and fetches what was missed meanwhile
// (GET …/messages?after=<last seen id>), and resends unacknowledged messages under the same
// clientId, so a message is neither lost nor doubled. Browser-safe: socket.io-client and fetch.
import { io, type Socket } from 'socket.io-client';
import { ApiError, FINAL_ERROR_CODES, type ClientErrorCode, type ErrorCode } from '../errors.js';
import type {
  AckResponse,
  ClientToServerEvents,
  ConnectRefusal,
  ServerEventName,
  ServerEventPayload,
  ServerToClientEvents,
} from '../events.js';
import type { MessageJson } from '../schemas/messages.js';
import { createApiClient, type ApiClient } from './http.js';

/** What listeners hear: every server event, and the connection's state (for "reconnecting…" banners). */
export type RealtimeEvents = { [E in ServerEventName]: ServerEventPayload<E> } & {
  status: 'connected' | 'disconnected' | 'unauthorized';
};

type Listener<E extends keyof RealtimeEvents> = (payload: RealtimeEvents[E]) => void;

/** Events that expect an ack, and what the ack carries when it is ok. */
type AckResult<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends ((response: infer R) => void) | undefined
    ? Omit<Extract<R, { ok: true }>, 'ok'>
    : never;

export class RealtimeError extends Error {
  constructor(
    public readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** A rate-limit refusal: seconds until the server takes the request. */
    public readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const CATCH_UP_LOOKBACK = 20;
/** Pause before resending a message the server could not store (e.g. its database was unavailable). */
const RESEND_PAUSE_MS = 1_000;
/** The longest a refused send waits for its budget before trying again (the server names the wait). */
const MAX_RATE_LIMIT_PAUSE_MS = 5 * 60_000;

/** How long to wait before sending again after `error`: the rate limit's own wait, else a short pause. */
export function resendPause(error: unknown): number {
  const seconds = error instanceof RealtimeError ? error.retryAfterSeconds : undefined;
  if (seconds === undefined || !(seconds > 0)) return RESEND_PAUSE_MS;
  return Math.min(Math.max(seconds * 1000, RESEND_PAUSE_MS), MAX_RATE_LIMIT_PAUSE_MS);
}
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));


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
  /** The HTTP client for catch-up; by default one for `url` and `token`. */
  http?: ApiClient;
  /** Passed to socket.io-client (tests force transports or disable reconnection). */
  socketOptions?: Parameters<typeof io>[1];
}

export class RealtimeClient {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly http: ApiClient;
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
    this.http = options.http ?? createApiClient({ origin: options.url, token: () => options.token });
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
      if ((error.message as ConnectRefusal) === 'unauthorized') {
        this.end();
        this.socket.disconnect();
        this.fire('status', 'unauthorized');
      } else if (!this.socket.active) {
        // Refused for another reason (the server cannot reach its database): try again shortly.
        this.reconnectSoon();
      }
    });
    this.socket.on('message:new', (message) => this.deliver(message));
    this.forward('typing');
    this.forward('message:read');
    this.forward('comment:new');
    this.forward('ticket:created');
    this.forward('ticket:updated');
    this.forward('ticket:deleted');
    this.forward('ticket:event');
    this.forward('unread');
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
  async send(ticketId: string, body: string, clientId: string = newClientId(), attachmentIds?: string[]): Promise<MessageJson> {
    for (;;) {
      try {
        const { message } = await this.request('message:send', { ticketId, body: body || undefined, attachmentIds, clientId });
        this.deliver(message);
        return message;
      } catch (error) {
        if (error instanceof RealtimeError && FINAL_ERROR_CODES.has(error.code)) throw error;
        if (this.ended) throw error; // closed for good
        // Not stored: offline (wait for the connection) or refused for now (pause, not a busy loop;
        // a rate limit as long as the server says, so a burst does not become a retry per second).
        if (this.socket.connected) await pause(resendPause(error));
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

  private async request<E extends 'ticket:join' | 'ticket:leave' | 'message:send' | 'message:read'>(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ): Promise<AckResult<E>> {
    if (!this.socket.connected) await this.untilConnected();
    let response: AckResponse<AckResult<E>>;
    try {
      // socket.io's typings cannot spread a union of events' arguments: the event and payload are checked above.
      const withTimeout = this.socket.timeout(this.ackTimeoutMs);
      const emit = withTimeout.emitWithAck.bind(withTimeout) as (event: E, payload: unknown) => Promise<AckResponse<AckResult<E>>>;
      response = await emit(event, payload);
    } catch {
      throw new RealtimeError('TIMEOUT', `No answer to ${event}`);
    }
    if (!response.ok) throw new RealtimeError(response.error.code, response.error.message, response.error.retryAfterSeconds);
    return response as AckResult<E>;
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
    try {
      for await (const page of this.http.pages('GET /tickets/:id/messages', { params: { id: ticketId }, query: { after } })) {
        page.forEach((message) => this.deliver(message));
      }
    } catch (error) {
      // A server busy or restarting: the caller retries. The ticket gone, or no longer ours: nothing to catch up.
      if (error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status >= 500)) {
        throw new RealtimeError('UNAVAILABLE', `Catch-up failed: ${error.message}`);
      }
      if (!(error instanceof ApiError)) throw error;
    }
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

  private forward<E extends Exclude<ServerEventName, 'message:new'>>(event: E): void {
    // socket.io types each listener from the event map; the cast only joins the map's events into one signature.
    const on = this.socket.on.bind(this.socket) as (event: E, listener: (payload: RealtimeEvents[E]) => void) => void;
    on(event, (payload) => this.fire(event, payload));
  }

  private fire<E extends keyof RealtimeEvents>(event: E, payload: RealtimeEvents[E]): void {
    this.listeners.get(event)?.forEach((listener) => (listener as Listener<E>)(payload));
  }
}

const closedError = () => new RealtimeError('CLOSED', 'The real-time connection was closed');

export function newClientId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
