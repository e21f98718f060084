// One socket per tab for the whole console (the shared RealtimeClient), plus what every page
// needs from it: connection state, unread counts, tickets that arrived live, and notifications.
'use client';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { RealtimeClient, type RealtimeEvents } from '@deskline/contract/client';
import { api } from '../api/http';
import type { UnreadCounts } from '../api/types';
import { endSession } from '../session/session';
import { useToasts } from '../ui/toasts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

interface RealtimeValue {
  client: RealtimeClient | null;
  connection: ConnectionState;
  unread: UnreadCounts;
  /** False until the first unread counts arrived (until then, tickets' own unreadCount stands). */
  unreadKnown: boolean;
  /** Tickets created while the console was open and not opened yet. */
  newTickets: ReadonlySet<string>;
  markTicketSeen(ticketId: string): void;
  /** The ticket on screen: its messages raise no notification while the tab is visible. */
  setViewingTicket(ticketId: string | null): void;
  setPageTitle(title: string): void;
}

const RealtimeContext = createContext<RealtimeValue | null>(null);

export function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime outside RealtimeProvider');
  return value;
}

/** Subscribes to a server event for as long as the component is mounted; the latest handler runs. */
export function useRealtimeEvent<E extends keyof RealtimeEvents>(event: E, handler: (payload: RealtimeEvents[E]) => void): void {
  const { client } = useRealtime();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => client?.on(event, (payload) => latest.current(payload)), [client, event]);
}

/** Sets the tab title (the shell prefixes the count of new tickets and unread messages). */
export function usePageTitle(title: string): void {
  const { setPageTitle } = useRealtime();
  useEffect(() => setPageTitle(title), [title, setPageTitle]);
}

const EMPTY_UNREAD: UnreadCounts = { total: 0, byTicket: {} };

export function RealtimeProvider({ token, children }: { token: string; children: ReactNode }) {
  const router = useRouter();
  const { notify } = useToasts();
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [unread, setUnreadState] = useState<UnreadCounts>(EMPTY_UNREAD);
  const [unreadKnown, setUnreadKnown] = useState(false);
  const setUnread = useCallback((counts: UnreadCounts) => {
    setUnreadState(counts);
    setUnreadKnown(true);
  }, []);
  const [newTickets, setNewTickets] = useState<ReadonlySet<string>>(new Set());
  const [pageTitle, setPageTitle] = useState('Deskline');
  const viewing = useRef<string | null>(null);

  useEffect(() => {
    const realtime = new RealtimeClient({
      url: window.location.origin,
      token,
      // Catch-up after a reconnect goes through the console's client (a refused token ends the session).
      http: api,
      // `next dev` forwards HTTP but not WebSocket upgrades: start on long-polling there.
      socketOptions: process.env.NODE_ENV === 'development' ? { transports: ['polling', 'websocket'] } : undefined,
    });
    setClient(realtime);
    const offs = [
      // A token that expired or was revoked is refused when the client reconnects: 'unauthorized'.
      realtime.on('status', (status) => (status === 'unauthorized' ? endSession('expired') : setConnection(status))),
      realtime.on('unread', setUnread),
    ];
    api.call('GET /messages/unread-count').then(setUnread, () => {});
    return () => {
      offs.forEach((off) => off());
      realtime.close();
      setClient(null);
    };
  }, [token, setUnread]);

  const open = useCallback((ticketId: string) => router.push(`/ticket?id=${encodeURIComponent(ticketId)}`), [router]);

  useEffect(() => {
    if (!client) return;
    const offs = [
      client.on('ticket:created', (ticket) => {
        setNewTickets((set) => new Set(set).add(ticket.id));
        notify({
          tone: 'new',
          title: `New ticket #${ticket.number}`,
          body: `${ticket.customer.name}: ${ticket.subject}`,
          action: { label: 'Open ticket', onClick: () => open(ticket.id) },
        });
      }),
      client.on('ticket:deleted', ({ id }) =>
        setNewTickets((set) => {
          if (!set.has(id)) return set;
          const next = new Set(set);
          next.delete(id);
          return next;
        }),
      ),
      client.on('message:new', (message) => {
        if (message.sender.role !== 'CUSTOMER') return;
        if (viewing.current === message.ticketId && document.visibilityState === 'visible') return;
        notify({
          tone: 'new',
          icon: 'message',
          title: `New message from ${message.sender.name}`,
          body: message.body,
          action: { label: 'Reply', onClick: () => open(message.ticketId) },
        });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [client, notify, open]);

  const count = unread.total + newTickets.size;
  useEffect(() => {
    document.title = count > 0 ? `(${count}) ${pageTitle} · Deskline` : `${pageTitle} · Deskline`;
  }, [count, pageTitle]);

  const markTicketSeen = useCallback(
    (ticketId: string) =>
      setNewTickets((set) => {
        if (!set.has(ticketId)) return set;
        const next = new Set(set);
        next.delete(ticketId);
        return next;
      }),
    [],
  );
  const setViewingTicket = useCallback((ticketId: string | null) => {
    viewing.current = ticketId;
  }, []);

  const value = useMemo(
    () => ({ client, connection, unread, unreadKnown, newTickets, markTicketSeen, setViewingTicket, setPageTitle }),
    [client, connection, unread, unreadKnown, newTickets, markTicketSeen, setViewingTicket],
  );
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
