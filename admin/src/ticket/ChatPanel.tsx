// The live chat with the customer: messages stored before they show as sent, typing indicators,
// read receipts both ways, and catch-up after a reconnect. The chat's state is the shared chat
// module's (useChat); this panel lays it out and says when the conversation is on screen.
'use client';
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type { Attachment, Ticket } from '../api/types';
import { useRealtime } from '../realtime/RealtimeProvider';
import { useMe } from '../session/session';
import { ErrorNotice, Loading } from '../ui/feedback';
import { cx } from '../ui/format';
import { Icon } from '../ui/icons';
import { ChatComposer, type ChatHandle } from './ChatComposer';
import { chatEntries } from './chatView';
import { MessageList } from './MessageList';
import { useChat } from './useChat';

export type { ChatHandle } from './ChatComposer';

export const ChatPanel = forwardRef<ChatHandle, { ticket: Ticket; visible: boolean }>(function ChatPanel({ ticket, visible }, ref) {
  const me = useMe();
  const { connection } = useRealtime();
  const { chat, state, loaded, error } = useChat(ticket, me);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const closed = ticket.status === 'CLOSED';
  const composer = useRef<ChatHandle>(null);
  useImperativeHandle(ref, () => ({ focus: () => composer.current?.focus(), addFiles: (files) => composer.current?.addFiles(files) }));
  const [dragging, setDragging] = useState(false);
  /** Messages that arrived below while the reader was reading above: the "New messages" pill. */
  const [unseen, setUnseen] = useState(false);
  const seenCount = useRef(0);

  // Messages on their way have no server time yet: each shows the time it was written.
  const sentAt = useRef(new Map<string, string>());
  const entries = chatEntries(state, { id: me.id, name: me.name, role: me.role }, (clientId) => {
    if (!sentAt.current.has(clientId)) sentAt.current.set(clientId, new Date().toISOString());
    return sentAt.current.get(clientId)!;
  });

  // Read receipts: the customer's messages count as read while the chat is on screen.
  const [pageVisible, setPageVisible] = useState(true);
  useEffect(() => {
    const update = () => setPageVisible(document.visibilityState === 'visible');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  useEffect(() => {
    chat?.setReading(visible && pageVisible);
  }, [chat, visible, pageVisible]);

  // Keep the newest message in view unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
      seenCount.current = entries.length;
    } else if (entries.length > seenCount.current) setUnseen(true);
  }, [state, visible]);

  const toBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    stickToBottom.current = true;
    seenCount.current = entries.length;
    setUnseen(false);
  };

  const send = (body: string, attachments: Attachment[]) => {
    stickToBottom.current = true;
    chat?.send(body, attachments);
  };

  const carriesFiles = (event: React.DragEvent) => event.dataTransfer.types.includes('Files') && !closed;
  return (
    <div
      className={cx('relative flex min-h-0 flex-1 flex-col', dragging && 'outline-2 -outline-offset-4 outline-indigo-500 outline-dashed')}
      data-testid="chat"
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        composer.current?.addFiles([...event.dataTransfer.files]);
      }}
    >
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
          if (stickToBottom.current) {
            seenCount.current = entries.length;
            setUnseen(false);
          }
        }}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-3 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500"
        // Focusable, so that the log scrolls by keyboard (arrow keys, Page Up/Down) as well as by wheel.
        tabIndex={0}
        role="log"
        aria-label={`Chat with ${ticket.customer.name}`}
        aria-live="polite"
        data-testid="chat-log"
      >
        {error ? (
          <ErrorNotice>The chat could not be loaded: {error}</ErrorNotice>
        ) : !loaded ? (
          <Loading label="Loading chat…" />
        ) : entries.length === 0 ? (
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
          <MessageList entries={entries} meId={me.id} onRetry={(clientId) => chat?.retry(clientId)} />
        )}
      </div>
      {unseen && (
        <div className="relative h-0">
          <button
            type="button"
            onClick={toBottom}
            className="absolute -top-10 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow-md hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
          >
            New messages ↓
          </button>
        </div>
      )}
      <p className="sr-only" aria-live="polite">
        {unseen ? 'New messages below' : ''}
      </p>
      <div className="h-5 shrink-0 px-4 text-xs text-slate-500" aria-live="polite" data-testid="typing">
        {state.typing && (
          <span className="flex items-center gap-1.5">
            <TypingDots /> {state.typing} is typing…
          </span>
        )}
      </div>
      <ChatComposer
        ref={composer}
        ticket={ticket}
        disabled={closed || !loaded}
        onSend={send}
        onTyping={() => chat?.typing()}
        onStopTyping={() => chat?.stopTyping()}
      />
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
