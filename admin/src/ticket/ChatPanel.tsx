// The live chat with the customer: messages stored before they show as sent, typing indicators,
// read receipts both ways, and catch-up after a reconnect (RealtimeClient re-joins and fetches
// what was missed; messages are merged by id and by clientId, so nothing shows twice).
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { SendMessageBody } from '@deskline/contract';
import { newClientId, RealtimeError } from '@deskline/contract/client';
import { api } from '../api/http';
import type { Message, Ticket } from '../api/types';
import { useRealtime, useRealtimeEvent } from '../realtime/RealtimeProvider';
import { useMe } from '../session/session';
import { Avatar } from '../ui/badges';
import { IconButton, TextArea } from '../ui/controls';
import { ErrorNotice, Loading } from '../ui/feedback';
import { clockTime, cx, fullDate } from '../ui/format';
import { Icon } from '../ui/icons';

type Delivery = 'sending' | 'failed';
type ChatMessage = Message & { delivery?: Delivery; failure?: string };

export interface ChatHandle {
  focus(): void;
}

const byTime = (a: ChatMessage, b: ChatMessage) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1);

/** Adds or replaces a message: the stored one replaces its pending copy (same clientId). */
function merge(list: ChatMessage[], message: ChatMessage): ChatMessage[] {
  const index = list.findIndex((m) => m.id === message.id || (message.clientId !== null && m.clientId === message.clientId && m.sender.id === message.sender.id));
  if (index < 0) return [...list, message].sort(byTime);
  const current = list[index]!;
  // A stored message never goes back to pending, and a known read mark is kept.
  if (!current.delivery && message.delivery) return list;
  const next = [...list];
  next[index] = { ...message, readAt: message.readAt ?? current.readAt };
  return next.sort(byTime);
}

/** Marks the messages of one side read up to `upTo` (by position, else by time-ordered id). */
function markRead(list: ChatMessage[], fromCustomer: boolean, upTo: string): ChatMessage[] {
  const index = list.findIndex((m) => m.id === upTo);
  const now = new Date().toISOString();
  let changed = false;
  const next = list.map((m, i) => {
    const within = index >= 0 ? i <= index : m.id <= upTo;
    if (!within || m.readAt || m.delivery || (m.sender.role === 'CUSTOMER') !== fromCustomer) return m;
    changed = true;
    return { ...m, readAt: now };
  });
  return changed ? next : list;
}

const loadHistory = (ticketId: string) => api.all('GET /tickets/:id/messages', { params: { id: ticketId } });

const TYPING_IDLE_MS = 2500;
const TYPING_STALE_MS = 6000;

export const ChatPanel = forwardRef<ChatHandle, { ticket: Ticket; visible: boolean }>(function ChatPanel({ ticket, visible }, ref) {
  const me = useMe();
  const { client, connection } = useRealtime();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typing, setTyping] = useState<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const ticketId = ticket.id;
  const closed = ticket.status === 'CLOSED';

  // History first, then join the room: join() catches up on anything sent in between.
  useEffect(() => {
    if (!client) return;
    let active = true;
    setMessages([]);
    setLoaded(false);
    setError(null);
    loadHistory(ticketId).then(
      (history) => {
        if (!active) return;
        setMessages((live) => history.reduce(merge, live));
        setLoaded(true);
        void client.join(ticketId, history[history.length - 1]?.id).catch(() => {});
      },
      (e: Error) => active && setError(e.message),
    );
    return () => {
      active = false;
      void client.leave(ticketId);
    };
  }, [client, ticketId]);

  useRealtimeEvent('message:new', (message) => {
    if (message.ticketId !== ticketId) return;
    setMessages((list) => merge(list, message));
    if (message.sender.id !== me.id) setTyping(null);
  });
  useRealtimeEvent('message:read', (event) => {
    if (event.ticketId !== ticketId) return;
    // The customer read the team's messages, or someone on the team read the customer's.
    setMessages((list) => markRead(list, event.userId !== ticket.customer.id, event.upTo));
  });
  useRealtimeEvent('typing', (event) => {
    if (event.ticketId !== ticketId || event.user.id === me.id) return;
    clearTimeout(typingTimer.current);
    if (event.typing) {
      setTyping(event.user.name);
      typingTimer.current = setTimeout(() => setTyping(null), TYPING_STALE_MS);
    } else setTyping(null);
  });
  useEffect(() => () => clearTimeout(typingTimer.current), []);

  // Read receipts: the customer's messages count as read once they are on screen.
  const [pageVisible, setPageVisible] = useState(true);
  useEffect(() => {
    const update = () => setPageVisible(document.visibilityState === 'visible');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  const lastUnread = [...messages].reverse().find((m) => m.sender.role === 'CUSTOMER' && !m.readAt);
  useEffect(() => {
    if (!client || !visible || !pageVisible || !lastUnread) return;
    setMessages((list) => markRead(list, true, lastUnread.id));
    client.markRead(ticketId, lastUnread.id).catch(() => {});
  }, [client, visible, pageVisible, lastUnread, ticketId]);

  // Keep the newest message in view unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, typing, visible]);

  const send = useCallback(
    async (body: string, clientId: string = newClientId()) => {
      if (!client) return;
      const pending: ChatMessage = {
        id: `pending:${clientId}`,
        ticketId,
        sender: { id: me.id, name: me.name, role: 'ADMIN' },
        body,
        clientId,
        createdAt: new Date().toISOString(),
        readAt: null,
        delivery: 'sending',
      };
      stickToBottom.current = true;
      setMessages((list) => [...list.filter((m) => m.clientId !== clientId || !m.delivery), pending]);
      try {
        const stored = await client.send(ticketId, body, clientId);
        setMessages((list) => merge(list, stored));
      } catch (e) {
        const failure = e instanceof RealtimeError && e.code === 'TICKET_CLOSED' ? 'The ticket is closed' : 'Not sent';
        setMessages((list) => list.map((m) => (m.clientId === clientId && m.delivery ? { ...m, delivery: 'failed', failure } : m)));
      }
    },
    [client, ticketId, me],
  );

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="chat">
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-4">
        <Icon name="message" size={15} className="text-slate-400" />
        <h2 className="text-[13px] font-semibold text-slate-900">Live chat</h2>
        <span className="truncate text-xs text-slate-500">with {ticket.customer.name}</span>
        <span className="flex-1" />
        <span className={cx('flex items-center gap-1.5 text-xs', connection === 'connected' ? 'text-emerald-700' : 'text-amber-700')}>
          <span className={cx('size-1.5 rounded-full', connection === 'connected' ? 'bg-emerald-500' : 'animate-pulse bg-amber-500')} aria-hidden="true" />
          {connection === 'connected' ? 'Live' : 'Reconnecting…'}
        </span>
      </div>
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-3"
        role="log"
        aria-label={`Chat with ${ticket.customer.name}`}
        aria-live="polite"
        data-testid="chat-log"
      >
        {error ? (
          <ErrorNotice>The chat could not be loaded: {error}</ErrorNotice>
        ) : !loaded ? (
          <Loading label="Loading chat…" />
        ) : messages.length === 0 ? (
          <div className="flex h-full flex-col items-center justify-center px-6 text-center">
            <span className="mb-2 inline-flex size-9 items-center justify-center rounded-full bg-white text-slate-400 ring-1 ring-slate-200">
              <Icon name="message" size={17} />
            </span>
            <p className="text-[13px] font-medium text-slate-800">No messages yet</p>
            <p className="mt-1 text-xs text-slate-500">
              {closed ? 'The chat closed with the ticket.' : `Messages you send here reach ${ticket.customer.name} at once in the widget or portal.`}
            </p>
          </div>
        ) : (
          <MessageList messages={messages} meId={me.id} onRetry={(m) => void send(m.body, m.clientId ?? undefined)} />
        )}
      </div>
      <div className="h-5 shrink-0 px-4 text-xs text-slate-500" aria-live="polite" data-testid="typing">
        {typing && (
          <span className="flex items-center gap-1.5">
            <TypingDots /> {typing} is typing…
          </span>
        )}
      </div>
      <ChatComposer ref={ref} ticket={ticket} disabled={closed || !loaded} onSend={(body) => void send(body)} />
    </div>
  );
});

function TypingDots() {
  return (
    <span className="flex gap-0.5" aria-hidden="true">
      {[0, 150, 300].map((delay) => (
        <span key={delay} className="size-1 animate-bounce rounded-full bg-slate-400" style={{ animationDelay: `${delay}ms` }} />
      ))}
    </span>
  );
}

function dayLabel(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
}

function MessageList({ messages, meId, onRetry }: { messages: ChatMessage[]; meId: string; onRetry: (m: ChatMessage) => void }) {
  const lastStaff = [...messages].reverse().find((m) => m.sender.role === 'ADMIN' && !m.delivery);
  return (
    <ol className="space-y-1">
      {messages.map((message, i) => {
        const previous = messages[i - 1];
        const staff = message.sender.role === 'ADMIN';
        const newDay = !previous || new Date(previous.createdAt).toDateString() !== new Date(message.createdAt).toDateString();
        const grouped =
          !newDay && previous && previous.sender.id === message.sender.id && new Date(message.createdAt).getTime() - new Date(previous.createdAt).getTime() < 5 * 60_000;
        const state = message.delivery === 'failed' ? 'failed' : message.delivery === 'sending' ? 'sending' : message.readAt ? 'read' : 'sent';
        return (
          <li key={message.clientId && message.sender.id === meId ? `c:${message.clientId}` : message.id} className={cx(!grouped && 'pt-2')}>
            {newDay && (
              <div className="my-2 flex items-center gap-3 text-[11px] font-medium text-slate-500" role="separator">
                <span className="h-px flex-1 bg-slate-200" />
                {dayLabel(message.createdAt)}
                <span className="h-px flex-1 bg-slate-200" />
              </div>
            )}
            <div className={cx('flex items-end gap-2', staff && 'flex-row-reverse')} data-testid="chat-message" data-from={staff ? 'team' : 'customer'} data-state={staff ? state : undefined}>
              {!staff && <span className="w-6 shrink-0">{!grouped && <Avatar name={message.sender.name} seed={message.sender.id} size={24} />}</span>}
              <div className={cx('flex max-w-[80%] min-w-0 flex-col', staff ? 'items-end' : 'items-start')}>
                {!grouped && (
                  <span className="mb-0.5 px-1 text-[11px] text-slate-500">
                    {staff && message.sender.id === meId ? 'You' : message.sender.name} · <time dateTime={message.createdAt} title={fullDate(message.createdAt)}>{clockTime(message.createdAt)}</time>
                  </span>
                )}
                <p
                  className={cx(
                    'rounded-2xl px-3 py-1.5 text-[13px] leading-relaxed break-words whitespace-pre-wrap',
                    staff ? 'rounded-br-md bg-indigo-600 text-white' : 'rounded-bl-md bg-white text-slate-800 ring-1 ring-slate-200',
                    message.delivery === 'sending' && 'opacity-70',
                    message.delivery === 'failed' && 'bg-red-50 text-red-900 ring-1 ring-red-200',
                  )}
                >
                  {message.body}
                </p>
                {staff && (state !== 'sent' && state !== 'read' ? true : message === lastStaff) && (
                  <span className="mt-0.5 flex items-center gap-1 px-1 text-[11px] text-slate-500" data-testid="delivery">
                    {state === 'sending' && (
                      <>
                        <Icon name="clock" size={11} /> Sending…
                      </>
                    )}
                    {state === 'sent' && (
                      <>
                        <Icon name="check" size={12} /> Sent
                      </>
                    )}
                    {state === 'read' && (
                      <>
                        <Icon name="checkCheck" size={12} className="text-indigo-600" /> Read
                      </>
                    )}
                    {state === 'failed' && (
                      <span className="flex items-center gap-1 text-red-600">
                        <Icon name="alert" size={11} /> {message.failure ?? 'Not sent'} ·
                        <button type="button" className="font-medium underline" onClick={() => onRetry(message)}>
                          Retry
                        </button>
                      </span>
                    )}
                  </span>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

const ChatComposer = forwardRef<ChatHandle, { ticket: Ticket; disabled: boolean; onSend: (body: string) => void }>(function ChatComposer({ ticket, disabled, onSend }, ref) {
  const { client } = useRealtime();
  const form = useForm({ resolver: zodResolver(SendMessageBody), defaultValues: { body: '' } });
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const typingSent = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);
  useImperativeHandle(ref, () => ({ focus: () => textarea.current?.focus() }));

  const stopTyping = useCallback(() => {
    clearTimeout(idle.current);
    if (typingSent.current) client?.typing(ticket.id, false);
    typingSent.current = false;
  }, [client, ticket.id]);
  useEffect(() => stopTyping, [stopTyping]);

  const submit = form.handleSubmit(({ body }) => {
    stopTyping();
    onSend(body);
    form.reset({ body: '' });
  });
  const { ref: registerRef, onChange, ...field } = form.register('body');
  const error = form.formState.errors.body?.message;
  if (ticket.status === 'CLOSED') {
    return (
      <div className="shrink-0 border-t border-slate-200 bg-white px-4 py-3 text-center text-xs text-slate-500">
        <Icon name="lock" size={12} className="mr-1 inline" />
        The chat closed with the ticket. Reopen the ticket to message {ticket.customer.name} again.
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="shrink-0 border-t border-slate-200 bg-white p-3" aria-label="Send a chat message">
      <div className="flex items-end gap-2">
        <label htmlFor="chat-body" className="sr-only">
          Message to {ticket.customer.name}
        </label>
        <TextArea
          id="chat-body"
          rows={1}
          {...field}
          ref={(element) => {
            registerRef(element);
            textarea.current = element;
          }}
          onChange={(event) => {
            void onChange(event);
            if (!typingSent.current && event.target.value.trim()) {
              client?.typing(ticket.id, true);
              typingSent.current = true;
            }
            clearTimeout(idle.current);
            idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
          }}
          onBlur={(event) => {
            void field.onBlur(event);
            stopTyping();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void submit();
            }
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
          disabled={disabled}
          invalid={Boolean(error)}
          aria-describedby={error ? 'chat-error' : undefined}
          placeholder="Write a message…"
          className="max-h-32 min-h-9 resize-none"
        />
        <IconButton type="submit" icon="send" label="Send message" disabled={disabled} className="size-9 bg-indigo-600 text-white hover:bg-indigo-500 hover:text-white" />
      </div>
      {error ? (
        <p id="chat-error" role="alert" className="mt-1 text-xs text-red-600">
          {error === 'must not be empty' ? 'Write a message first.' : error}
        </p>
      ) : (
        <p className="mt-1 hidden text-[11px] text-slate-500 sm:block">Enter to send · Shift+Enter for a new line</p>
      )}
    </form>
  );
});
