// One ticket's live chat for the console: the shared chat module run on the console's socket,
// with the history loaded first (the chat then joins the room and catches up on what came since).
'use client';
import { createChat, type Chat, type ChatState } from '@deskline/contract/client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api/http';
import type { Ticket, User } from '../api/types';
import { useRealtime } from '../realtime/RealtimeProvider';

const EMPTY: ChatState = { messages: [], pending: [] };
const noSubscription = () => () => {};

export function useChat(ticket: Ticket, me: User) {
  const { client } = useRealtime();
  const [chat, setChat] = useState<Chat | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ticketId = ticket.id;
  const customerId = ticket.customer.id;

  useEffect(() => {
    if (!client) return;
    const current = createChat({ ticketId, realtime: client, me: { id: me.id, role: me.role }, customerId });
    let active = true;
    setChat(current);
    setLoaded(false);
    setError(null);
    api.all('GET /tickets/:id/messages', { params: { id: ticketId } }).then(
      (history) => {
        if (!active) return;
        void current.load(history).catch(() => {}); // a failed join is retried by the realtime client on reconnect
        setLoaded(true);
      },
      (e: Error) => active && setError(e.message),
    );
    return () => {
      active = false;
      void current.leave();
      current.close();
      setChat(null);
    };
  }, [client, ticketId, customerId, me.id, me.role]);

  const state = useSyncExternalStore(
    chat?.subscribe ?? noSubscription,
    () => chat?.state ?? EMPTY,
    () => EMPTY,
  );
  return { chat, state, loaded, error };
}
