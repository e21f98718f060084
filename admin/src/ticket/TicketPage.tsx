// One ticket, worked end to end: properties, the customer's request and files, the timeline of
// replies and private notes, and the live chat beside it.
'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { UpdateTicketBody } from '@deskline/contract';
import { useTeam } from '../api/directory';
import { api, ApiError } from '../api/http';
import type { Status } from '../api/types';
import { useApi } from '../api/useApi';
import { rememberedList } from '../inbox/filters';
import { usePageTitle, useRealtime, useRealtimeEvent } from '../realtime/RealtimeProvider';
import { useMe } from '../session/session';
import { useShortcuts } from '../shortcuts/shortcuts';
import { CountBadge } from '../ui/badges';
import { IconButton } from '../ui/controls';
import { EmptyState, ErrorNotice, Loading } from '../ui/feedback';
import { cx, STATUS_LABEL } from '../ui/format';
import { Icon } from '../ui/icons';
import { useIsDesktop } from '../ui/media';
import { Tabs } from '../ui/Tabs';
import { useToasts } from '../ui/toasts';
import { ChatPanel, type ChatHandle } from './ChatPanel';
import { Conversation, type ComposerHandle } from './Conversation';
import { optimistic, type TicketPatch } from './ticketPatch';
import { ClosingTheLoop } from './ClosingTheLoop';
import { TicketProperties } from './TicketProperties';

export function TicketPage() {
  const id = useSearchParams().get('id') ?? '';
  const router = useRouter();
  const me = useMe();
  const desktop = useIsDesktop();
  const { notify } = useToasts();
  const { markTicketSeen, setViewingTicket, unread, unreadKnown, connection } = useRealtime();
  const ticketState = useApi(id ? `ticket:${id}` : null, () => api.call('GET /tickets/:id', { params: { id } }));
  const comments = useApi(id ? `comments:${id}` : null, () => api.all('GET /tickets/:id/comments', { params: { id } }));
  const history = useApi(id ? `events:${id}` : null, () => api.all('GET /tickets/:id/events', { params: { id } }));
  const ticket = ticketState.data;
  const members = useTeam();
  const [deleted, setDeleted] = useState(false);
  const [tab, setTab] = useState<'conversation' | 'chat'>('conversation');
  const composer = useRef<ComposerHandle>(null);
  const chat = useRef<ChatHandle>(null);
  const statusSelect = useRef<HTMLSelectElement>(null);
  usePageTitle(ticket ? `#${ticket.number} ${ticket.subject}` : 'Ticket');

  useEffect(() => {
    if (!id) return;
    markTicketSeen(id);
    setViewingTicket(id);
    setDeleted(false);
    return () => setViewingTicket(null);
  }, [id, markTicketSeen, setViewingTicket]);

  // After a reconnect, the ticket and its timeline may have changed unheard (the chat catches up by itself).
  const lastConnection = useRef<string | null>(null);
  useEffect(() => {
    const previous = lastConnection.current;
    lastConnection.current = connection;
    // Connected since the page loaded, or again: what happened meanwhile was not heard.
    if (connection === 'connected' && previous !== null && previous !== 'connected') {
      void ticketState.reload();
      void comments.reload();
      void history.reload();
    }
  }, [connection]);

  useRealtimeEvent('ticket:updated', (payload) => {
    if (payload.id === id) ticketState.setData(payload);
  });
  useRealtimeEvent('ticket:deleted', (payload) => {
    if (payload.id === id) setDeleted(true);
  });
  useRealtimeEvent('ticket:event', ({ event }) => {
    if (event.ticketId !== id) return;
    history.setData((list) => (list?.some((e) => e.id === event.id) ? list : [...(list ?? []), event]));
  });
  useRealtimeEvent('comment:new', (comment) => {
    if (comment.ticketId !== id) return;
    comments.setData((list) => (list?.some((c) => c.id === comment.id) ? list : [...(list ?? []), comment]));
  });

  const update = useCallback(
    async (patch: TicketPatch) => {
      if (!ticket) return;
      const parsed = UpdateTicketBody.safeParse(patch);
      if (!parsed.success) {
        notify({ tone: 'error', title: 'That change is not valid', body: parsed.error.issues[0]?.message });
        return;
      }
      const before = ticket;
      ticketState.setData({ ...ticket, ...optimistic(patch, new Map([[me.id, me.name], ...(members ?? []).map((a) => [a.id, a.name] as const)])) });
      try {
        ticketState.setData(await api.call('PATCH /tickets/:id', { params: { id: ticket.id }, body: parsed.data }));
      } catch (error) {
        ticketState.setData(before);
        notify({ tone: 'error', title: 'The ticket was not changed', body: error instanceof Error ? error.message : undefined });
      }
    },
    [ticket, ticketState, notify, members, me],
  );

  const list = useMemo(() => rememberedList(), []);
  const position = list.ids.indexOf(id);
  const step = (delta: number) => {
    const target = list.ids[position + delta];
    if (position >= 0 && target) router.push(`/ticket?id=${encodeURIComponent(target)}`);
  };
  const setStatus = (status: Status) => ticket && ticket.status !== status && void update({ status });

  // At once where the composer is on screen; after the tab switch on phones.
  const focusComposer = (mode: 'reply' | 'note') => {
    if (!ticket) return;
    setTab('conversation');
    composer.current?.focus(mode);
    requestAnimationFrame(() => composer.current?.focus(mode));
  };
  useShortcuts(
    {
      r: () => focusComposer('reply'),
      n: () => focusComposer('note'),
      c: () => {
        if (!ticket) return;
        setTab('chat');
        chat.current?.focus();
        requestAnimationFrame(() => chat.current?.focus());
      },
      a: () => ticket && ticket.assignee?.id !== me.id && void update({ assigneeId: me.id }),
      s: () => {
        const select = statusSelect.current;
        if (!select) return;
        select.focus();
        try {
          select.showPicker();
        } catch {
          // focus alone is fine where showPicker is unsupported
        }
      },
      '1': () => setStatus('OPEN'),
      '2': () => setStatus('IN_PROGRESS'),
      '3': () => setStatus('RESOLVED'),
      '4': () => setStatus('CLOSED'),
      j: () => step(1),
      k: () => step(-1),
      u: () => router.push(list.href),
    },
  );

  if (!id) {
    return <EmptyState icon="inbox" title="No ticket selected" action={<Link href="/inbox" className="text-[13px] font-medium text-indigo-600">Back to the inbox</Link>} />;
  }
  if (ticketState.error && !ticket) {
    const missing = ticketState.error instanceof ApiError && ticketState.error.status === 404;
    return missing ? (
      <EmptyState icon="search" title="This ticket does not exist" className="flex-1" action={<Link href={list.href} className="text-[13px] font-medium text-indigo-600">Back to the inbox</Link>}>
        It may have been deleted, or the link is wrong.
      </EmptyState>
    ) : (
      <div className="p-6">
        <ErrorNotice onRetry={() => void ticketState.reload()}>The ticket could not be loaded: {ticketState.error.message}</ErrorNotice>
      </div>
    );
  }
  if (!ticket) return <Loading label="Loading ticket…" className="flex-1" />;

  const chatUnread = unreadKnown ? (unread.byTicket[ticket.id] ?? 0) : ticket.unreadCount;
  const conversation = (
    <Conversation
      key={ticket.id}
      ref={composer}
      ticket={ticket}
      comments={comments.data}
      commentsError={comments.error}
      events={history.data}
      onReloadComments={() => void comments.reload()}
      onCommentAdded={(comment) => comments.setData((list) => (list?.some((c) => c.id === comment.id) ? list : [...(list ?? []), comment]))}
    />
  );
  const chatPanel = <ChatPanel key={ticket.id} ref={chat} ticket={ticket} visible={desktop || tab === 'chat'} />;

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="ticket-view" data-ticket-id={ticket.id}>
      <header className="shrink-0 border-b border-slate-200 bg-white">
        <div className="flex h-11 items-center gap-1 border-b border-slate-100 px-2 sm:px-4">
          <Link href={list.href} className="flex items-center gap-1 rounded-md px-2 py-1 text-[13px] text-slate-500 hover:bg-slate-100 hover:text-slate-900">
            <Icon name="arrowLeft" size={14} /> Inbox
          </Link>
          <span className="text-slate-500" aria-hidden="true">/</span>
          <span className="px-1 text-xs text-slate-500 tabular-nums">#{ticket.number}</span>
          <span className="flex-1" />
          {position >= 0 && (
            <span className="mr-1 hidden text-xs text-slate-500 tabular-nums sm:inline">
              {position + 1} of {list.ids.length}
            </span>
          )}
          <IconButton icon="chevronUp" label="Previous ticket (k)" disabled={position <= 0} onClick={() => step(-1)} />
          <IconButton icon="chevronDown" label="Next ticket (j)" disabled={position < 0 || position >= list.ids.length - 1} onClick={() => step(1)} />
        </div>
        {deleted && (
          <div role="alert" className="bg-red-50 px-4 py-2 text-[13px] text-red-800 sm:px-6">
            This ticket has just been deleted by someone else. <Link href={list.href} className="font-medium underline">Back to the inbox</Link>
          </div>
        )}
        <TicketProperties ticket={ticket} me={me} onChange={update} statusRef={statusSelect} />
        <ClosingTheLoop ticket={ticket} />
      </header>

      {desktop ? (
        <div className="flex min-h-0 flex-1">
          <div className="min-w-0 flex-1 overflow-y-auto">{conversation}</div>
          <aside className="flex w-[min(400px,36%)] shrink-0 flex-col border-l border-slate-200 bg-slate-50/60" aria-label="Live chat">
            {chatPanel}
          </aside>
        </div>
      ) : (
        <>
          <Tabs
            label="Ticket sections"
            look="underline"
            className="shrink-0 border-b border-slate-200 bg-white px-2"
            tabs={[
              { value: 'conversation', label: 'Conversation' },
              {
                value: 'chat',
                label: (
                  <>
                    Live chat
                    <CountBadge count={chatUnread} />
                  </>
                ),
              },
            ]}
            value={tab}
            onChange={setTab}
          />
          <div className={cx('min-h-0 flex-1 overflow-y-auto', tab !== 'conversation' && 'hidden')}>{conversation}</div>
          <div className={cx('flex min-h-0 flex-1 flex-col bg-slate-50/60', tab !== 'chat' && 'hidden')}>{chatPanel}</div>
        </>
      )}
      <span className="sr-only" aria-live="polite">
        Status: {STATUS_LABEL[ticket.status]}
      </span>
    </div>
  );
}

