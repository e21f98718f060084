// Keeps the inbox's list live from the socket: rows patched in place, the first page refetched
// (calmly) when what changed may reorder or refilter it, and tickets that arrived marked fresh.
'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { removeItem, replaceItem } from '../api/pageEdits';
import type { Page, Ticket } from '../api/types';
import type { ApiState } from '../api/useApi';
import { useRealtime, useRealtimeEvent } from '../realtime/RealtimeProvider';
import type { InboxView } from './filters';
import { refetchesOnActivity, refetchesOnChange, touchTicket } from './liveList';

/** Returns the ids of tickets created while the inbox was open. */
export function useLiveInbox(list: ApiState<Page<Ticket>>, view: InboxView): ReadonlySet<string> {
  const { connection } = useRealtime();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const refetchTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadList = useRef(list.reload);
  reloadList.current = list.reload; // the current view's, not the one when the timer was set
  const scheduleRefetch = useCallback(() => {
    clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => void reloadList.current(), 250);
  }, []);
  useEffect(() => () => clearTimeout(refetchTimer.current), []);
  // Whatever happened while the socket was (re)connecting was not heard: catch up from the API.
  useEffect(() => {
    if (connection === 'connected') scheduleRefetch();
  }, [connection, scheduleRefetch]);

  useRealtimeEvent('ticket:created', (ticket) => {
    setFresh((set) => new Set(set).add(ticket.id));
    if (refetchesOnChange(view)) scheduleRefetch();
  });
  useRealtimeEvent('ticket:updated', (ticket) => {
    list.setData(replaceItem(ticket));
    if (refetchesOnChange(view)) scheduleRefetch();
  });
  const touch = (ticketId: string, at: string, internal: boolean) => {
    if (!list.data?.items.some((t) => t.id === ticketId)) return;
    list.setData(touchTicket(ticketId, at, internal));
    if (refetchesOnActivity(view)) scheduleRefetch();
  };
  useRealtimeEvent('message:new', (message) => touch(message.ticketId, message.createdAt, false));
  useRealtimeEvent('comment:new', (comment) => touch(comment.ticketId, comment.createdAt, comment.internal));
  useRealtimeEvent('ticket:deleted', ({ id }) => list.setData(removeItem(id)));
  return fresh;
}
