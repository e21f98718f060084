// The live chat of one ticket, the same in the widget and the console: stored messages merged by
// id and kept in order, our messages on their way (sending, failed, sent again under the same
// clientId), typing both ways and read marks both ways. Framework-free: a front end reads `state`
// (a new object on every change, so React's useSyncExternalStore can hold it) and re-renders when
// `subscribe` calls it.
import type { Role } from '../schemas/common.js';
import type { AttachmentJson } from '../schemas/attachments.js';
import type { MessageJson } from '../schemas/messages.js';
import { newClientId, type RealtimeClient } from './realtime.js';

/** Our "typing" stops after this long without a keystroke; while typing goes on, it is sent again this often. */
export const TYPING_PAUSE_MS = 3_000;
/** The other side's "typing" shows this long unless renewed, so a lost "stopped" cannot leave it on. */
export const TYPING_SHOWN_MS = 8_000;
/** A message not acknowledged by then shows as failed; the realtime client keeps trying meanwhile. */
export const SEND_PATIENCE_MS = 10_000;

/** What the chat needs of the realtime client: RealtimeClient itself, or a fake in tests. */
export type ChatRealtime = Pick<RealtimeClient, 'on' | 'join' | 'leave' | 'send' | 'typing' | 'markRead'>;

export interface PendingMessage {
  clientId: string;
  body: string;
  /** Files uploaded already, sent with the message. */
  attachments: readonly AttachmentJson[];
  state: 'sending' | 'failed';
  /** Why it failed, as the server or the realtime client said; none when no acknowledgement came in time. */
  error?: { code: string; message: string };
  /** False when sending again cannot help (the ticket was closed). */
  retryable: boolean;
}

export interface ChatState {
  /** Stored messages, oldest first; `readAt` is set once the other side has read them. */
  messages: readonly MessageJson[];
  /** Our messages not stored yet, in the order they were written. */
  pending: readonly PendingMessage[];
  /** The name of whoever is typing on the other side. */
  typing?: string;
}

export interface ChatOptions {
  ticketId: string;
  realtime: ChatRealtime;
  /** Who chats here: their own typing is not shown, and their side's messages are "ours". */
  me: { id: string; role: Role };
  /** The ticket's customer: a read mark from them reads the team's messages, anyone else's the customer's. */
  customerId: string;
  /** Called once for each new message from the other side (announcements, the host page's events). */
  onMessage?: (message: MessageJson) => void;
  /** How long a message may go unacknowledged before it shows as failed. */
  patienceMs?: number;
  /**
   * Our reply was stored on another ticket: the follow-up that a customer's reply after the reopen
   * window starts (the message's ticketId names it). It leaves this chat's pending list.
   */
  onFollowUp?: (message: MessageJson) => void;
}

export type Chat = ReturnType<typeof createChat>;

const byTime = (a: MessageJson, b: MessageJson) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const fromCustomer = (message: MessageJson) => message.sender.role === 'CUSTOMER';

export function createChat(options: ChatOptions) {
  const { ticketId, realtime, me } = options;
  const listeners = new Set<() => void>();
  /** Each pending message's latest attempt: an older attempt's outcome or timeout is ignored. */
  const attempts = new Map<string, number>();
  let state: ChatState = { messages: [], pending: [] };
  /** The conversation is on screen: the other side's messages count as read. */
  let reading = false;
  /** When our "typing" was last sent (0: we are not typing). */
  let typingSentAt = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let shownTimer: ReturnType<typeof setTimeout> | undefined;

  const ours = (message: MessageJson) => fromCustomer(message) === (me.role === 'CUSTOMER');

  function update(next: Partial<ChatState>): void {
    state = { ...state, ...next };
    listeners.forEach((listener) => listener());
  }

  function updatePending(clientId: string, change: Partial<PendingMessage>): void {
    update({ pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, ...change } : p)) });
  }

  /** Adds stored messages not seen yet; ours replace their pending copies. Returns those that were new. */
  function merge(incoming: readonly MessageJson[]): MessageJson[] {
    const known = new Set(state.messages.map((m) => m.id));
    const added = incoming.filter((m) => m.ticketId === ticketId && !known.has(m.id) && known.add(m.id));
    if (!added.length) return added;
    const stored = new Set(added.filter((m) => m.sender.id === me.id).map((m) => m.clientId));
    update({
      messages: [...state.messages, ...added].sort(byTime),
      pending: state.pending.filter((p) => !stored.has(p.clientId)),
    });
    return added;
  }

  function receive(message: MessageJson): void {
    if (!merge([message]).length || ours(message)) return;
    clearTimeout(shownTimer);
    if (state.typing) update({ typing: undefined }); // their message ends their typing
    options.onMessage?.(message);
    markRead();
  }

  /** Marks the other side's messages read, here and on the server, while the conversation is on screen. */
  function markRead(): void {
    if (!reading || globalThis.document?.hidden) return;
    const unread = new Set(state.messages.filter((m) => !ours(m) && !m.readAt).map((m) => m.id));
    const newest = state.messages[state.messages.length - 1];
    if (!unread.size || !newest) return;
    const now = new Date().toISOString();
    const mark = (readAt: string | null) =>
      update({ messages: state.messages.map((m) => (unread.has(m.id) && m.readAt !== readAt ? { ...m, readAt } : m)) });
    mark(now);
    // Not marked on the server: unread again, so the next chance tries again.
    realtime.markRead(ticketId, newest.id).catch(() => mark(null));
  }

  function deliver(pending: PendingMessage): void {
    const { clientId } = pending;
    const attempt = (attempts.get(clientId) ?? 0) + 1;
    attempts.set(clientId, attempt);
    updatePending(clientId, { state: 'sending', error: undefined, retryable: true });
    const fail = (error?: PendingMessage['error'], retryable = true) => {
      if (attempts.get(clientId) !== attempt || !state.pending.some((p) => p.clientId === clientId)) return;
      updatePending(clientId, { state: 'failed', error, retryable });
    };
    const patience = setTimeout(fail, options.patienceMs ?? SEND_PATIENCE_MS);
    const files = pending.attachments.map((a) => a.id);
    (files.length ? realtime.send(ticketId, pending.body, clientId, files) : realtime.send(ticketId, pending.body, clientId)).then(
      (message) => {
        clearTimeout(patience);
        if (message.ticketId !== ticketId) {
          update({ pending: state.pending.filter((p) => p.clientId !== clientId) });
          options.onFollowUp?.(message);
        } else receive(message);
      },
      (error: Error & { code?: string }) => {
        clearTimeout(patience);
        const code = error.code ?? 'NETWORK';
        fail({ code, message: error.message }, code !== 'TICKET_CLOSED');
      },
    );
  }

  function stopTyping(): void {
    clearTimeout(typingTimer);
    if (!typingSentAt) return;
    typingSentAt = 0;
    realtime.typing(ticketId, false);
  }

  const unsubscribe = [
    realtime.on('message:new', receive),
    realtime.on('typing', (event) => {
      if (event.ticketId !== ticketId || event.user.id === me.id) return;
      clearTimeout(shownTimer);
      if (event.typing) shownTimer = setTimeout(() => update({ typing: undefined }), TYPING_SHOWN_MS);
      update({ typing: event.typing ? event.user.name : undefined });
    }),
    realtime.on('message:read', ({ ticketId: id, userId, upTo }) => {
      if (id !== ticketId) return;
      // The reader's side read the other side's messages up to `upTo`: by position when it is
      // loaded, else by id (ids grow with time, so one not loaded yet is newer than all here).
      const readerIsCustomer = userId === options.customerId;
      const index = state.messages.findIndex((m) => m.id === upTo);
      const now = new Date().toISOString();
      let changed = false;
      const messages = state.messages.map((m, i) => {
        if (m.readAt || fromCustomer(m) === readerIsCustomer || (index < 0 ? m.id > upTo : i > index)) return m;
        changed = true;
        return { ...m, readAt: now };
      });
      if (changed) update({ messages });
    }),
  ];

  return {
    get state(): ChatState {
      return state;
    },

    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Merges the history (messages that came live meanwhile stay), then joins the ticket's room;
     * the realtime client catches up on whatever was sent after the history's last message.
     */
    async load(history: readonly MessageJson[]): Promise<void> {
      merge(history);
      await realtime.join(ticketId, history[history.length - 1]?.id);
      markRead();
    },

    /** Leaves the ticket's room (the state stays, for coming back). */
    leave(): Promise<void> {
      stopTyping();
      return realtime.leave(ticketId).catch(() => {});
    },

    /** Sends text, files uploaded to the ticket already, or both. */
    send(body: string, attachments: readonly AttachmentJson[] = []): void {
      const pending: PendingMessage = { clientId: newClientId(), body, attachments, state: 'sending', retryable: true };
      update({ pending: [...state.pending, pending] });
      stopTyping();
      deliver(pending);
    },

    /** Sends again under the same clientId: the server stores a message once, however often it is sent. */
    retry(clientId: string): void {
      const pending = state.pending.find((p) => p.clientId === clientId);
      if (pending) deliver(pending);
    },

    /** A keystroke in the composer: "typing" is sent now and then, and "stopped" after a pause. */
    typing(): void {
      const now = Date.now();
      if (now - typingSentAt > TYPING_PAUSE_MS) {
        typingSentAt = now;
        realtime.typing(ticketId, true);
      }
      clearTimeout(typingTimer);
      typingTimer = setTimeout(stopTyping, TYPING_PAUSE_MS);
    },

    stopTyping,

    /** Whether the conversation is on screen; while it is, the other side's messages are marked read. */
    setReading(onScreen: boolean): void {
      reading = onScreen;
      markRead();
    },

    /** Stops listening and forgets its timers (the realtime client may be closed already). */
    close(): void {
      stopTyping();
      clearTimeout(shownTimer);
      unsubscribe.forEach((off) => off());
      listeners.clear();
    },
  };
}
