// The inbox: every ticket the team works, filtered, searched and sorted through the URL, and
// kept live by the socket (new tickets, changes, unread counts) without a reload.
'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useAdmins, useCategories } from '../api/directory';
import { api } from '../api/http';
import type { PriorityValue, Status, Ticket } from '../api/types';
import { useApi } from '../api/useApi';
import { usePageTitle, useRealtime, useRealtimeEvent } from '../realtime/RealtimeProvider';
import { useShortcuts } from '../shortcuts/shortcuts';
import { Button, Select, TextInput } from '../ui/controls';
import { EmptyState, ErrorNotice } from '../ui/feedback';
import { PRIORITIES, PRIORITY_LABEL, STATUSES, STATUS_LABEL } from '../ui/format';
import { Icon } from '../ui/icons';
import { useIsDesktop } from '../ui/media';
import { MultiSelect } from '../ui/MultiSelect';
import { PageHeader } from '../ui/PageHeader';
import { apiQueryForView, hrefForView, isFiltered, PAGE_SIZES, rememberList, viewFromParams, type InboxView, type TicketSort } from './filters';
import { TicketCards, TicketTable } from './TicketList';

const SORT_OPTIONS: { value: TicketSort; label: string }[] = [
  { value: '-activityAt', label: 'Recent activity' },
  { value: 'activityAt', label: 'Least recent activity' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-priority', label: 'Highest priority' },
  { value: 'priority', label: 'Lowest priority' },
  { value: '-number', label: 'Number, high to low' },
  { value: 'number', label: 'Number, low to high' },
];

function titleFor(view: InboxView): string {
  if (view.assignee === 'me') return 'Assigned to me';
  if (view.assignee === 'none') return 'Unassigned';
  return 'Inbox';
}

export function InboxPage() {
  const router = useRouter();
  const params = useSearchParams();
  const view = useMemo(() => viewFromParams(new URLSearchParams(params.toString())), [params]);
  const href = hrefForView(view);
  const desktop = useIsDesktop();
  const categories = useCategories();
  const admins = useAdmins();
  const { unread, unreadKnown, newTickets, connection } = useRealtime();
  usePageTitle(titleFor(view));

  const list = useApi(href, () => api.call('GET /tickets', { query: apiQueryForView(view) }), { keepPrevious: true });
  const tickets = list.data?.items;
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  const history = useRef<{ href: string; stack: (string | undefined)[] }>({ href: '', stack: [] });

  useEffect(() => {
    if (tickets) rememberList(href, tickets.map((t) => t.id));
  }, [tickets, href]);

  // Live: refetch the first page when something changes (it decides order and filters); on later
  // pages patch rows in place so the page does not shift under the reader.
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

  useRealtimeEvent('ticket:created', (payload) => {
    setFresh((set) => new Set(set).add(payload.id));
    if (!view.cursor) scheduleRefetch();
  });
  useRealtimeEvent('ticket:updated', (ticket) => {
    list.setData((page) => page && { ...page, items: page.items.map((t) => (t.id === ticket.id ? ticket : t)) });
    if (!view.cursor) scheduleRefetch();
  });
  // New chat messages and comments are activity (the server sends no ticket:updated for them);
  // internal notes move only the team's activity time, never the customer-visible updatedAt.
  const touch = (ticketId: string, at: string, internal: boolean) => {
    if (!tickets?.some((t) => t.id === ticketId)) return;
    const moved = (t: Ticket) => (internal ? { ...t, activityAt: at } : { ...t, activityAt: at, updatedAt: at });
    list.setData((page) => page && { ...page, items: page.items.map((t) => (t.id === ticketId ? moved(t) : t)) });
    if (!view.cursor && /^-?(activityAt|updatedAt)$/.test(view.sort)) scheduleRefetch();
  };
  useRealtimeEvent('message:new', (message) => touch(message.ticketId, message.createdAt, false));
  useRealtimeEvent('comment:new', (comment) => touch(comment.ticketId, comment.createdAt, comment.internal));
  useRealtimeEvent('ticket:deleted', ({ id }) => {
    list.setData((page) => page && { ...page, items: page.items.filter((t) => t.id !== id) });
  });

  const go = useCallback((next: InboxView, mode: 'push' | 'replace' = 'replace') => {
    const target = hrefForView(next);
    if (mode === 'push') router.push(target, { scroll: false });
    else router.replace(target, { scroll: false });
  }, [router]);
  // Two quick changes (category, then assignee) must both count, before the URL has caught up.
  const pendingView = useRef<InboxView | null>(null);
  useEffect(() => {
    pendingView.current = null;
  }, [href]);
  const setFilter = (patch: Partial<InboxView>) => {
    history.current.stack = [];
    const next = { ...(pendingView.current ?? view), ...patch, cursor: undefined };
    pendingView.current = next;
    go(next);
  };

  // Search: typed freely, applied after a short pause.
  const [search, setSearch] = useState(view.q ?? '');
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => setSearch(view.q ?? ''), [view.q]);
  useEffect(() => {
    const q = search.trim() || undefined;
    if (q === view.q) return;
    const timer = setTimeout(() => setFilter({ q }), 300);
    return () => clearTimeout(timer);
  }, [search]);

  // Pages: the cursor is in the URL; the cursors before it are remembered for "Previous".
  if (history.current.href !== href && !view.cursor) history.current.stack = [];
  history.current.href = href;
  const nextPage = () => {
    if (!list.data?.nextCursor) return;
    history.current.stack.push(view.cursor);
    go({ ...view, cursor: list.data.nextCursor }, 'push');
  };
  const previousPage = () => {
    const previous = history.current.stack.pop();
    go({ ...view, cursor: previous }, 'push');
  };

  const open = (ticket: Ticket) => router.push(`/ticket?id=${encodeURIComponent(ticket.id)}`);
  useShortcuts({
    '/': () => searchRef.current?.focus(),
    j: () => moveSelection(1),
    k: () => moveSelection(-1),
    Enter: () => {
      const ticket = tickets?.find((t) => t.id === selected);
      if (ticket) open(ticket);
    },
    o: () => {
      const ticket = tickets?.find((t) => t.id === selected);
      if (ticket) open(ticket);
    },
  });
  function moveSelection(step: number) {
    if (!tickets?.length) return;
    const index = tickets.findIndex((t) => t.id === selected);
    const next = tickets[Math.min(tickets.length - 1, Math.max(0, index < 0 ? 0 : index + step))];
    if (next) {
      setSelected(next.id);
      // Focus follows the selection: Enter then opens it like any link, and screen readers hear it.
      const row = document.querySelector(`[data-ticket-id="${next.id}"]`);
      row?.querySelector<HTMLElement>('a')?.focus({ preventScroll: true });
      row?.scrollIntoView({ block: 'nearest' });
    }
  }

  const unreadFor = (ticket: Ticket) => (unreadKnown ? (unread.byTicket[ticket.id] ?? 0) : ticket.unreadCount);
  const filtered = isFiltered(view);
  const assigneeOptions = (admins ?? []).filter((a) => !a.disabled);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader
        title={titleFor(view)}
        description={filtered ? 'Filtered view — the address bar holds these filters, so you can share or bookmark it.' : 'Every ticket, most recently active first.'}
        actions={
          <Button variant="ghost" size="sm" icon="refresh" onClick={() => void list.reload()} aria-label="Refresh list">
            <span className="hidden sm:inline">Refresh</span>
          </Button>
        }
      >
        <div className="flex flex-wrap items-center gap-2 pb-3" role="search">
          <div className="relative w-full sm:w-64">
            <Icon name="search" size={15} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-slate-400" />
            <TextInput
              ref={searchRef}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') e.currentTarget.blur();
                if (e.key === 'Enter') setFilter({ q: search.trim() || undefined });
              }}
              placeholder="Search subject and description"
              aria-label="Search tickets"
              className="pl-8"
            />
          </div>
          <MultiSelect<Status>
            label="Status"
            options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
            value={view.status}
            onChange={(status) => setFilter({ status })}
          />
          <MultiSelect<PriorityValue>
            label="Priority"
            options={[...PRIORITIES].reverse().map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))}
            value={view.priority}
            onChange={(priority) => setFilter({ priority })}
          />
          <Select aria-label="Category" value={view.category ?? ''} onChange={(e) => setFilter({ category: e.target.value || undefined })}>
            <option value="">All categories</option>
            {categories?.map((c) => (
              <option key={c.id} value={c.slug}>
                {c.name}
              </option>
            ))}
          </Select>
          <Select aria-label="Assignee" value={view.assignee ?? ''} onChange={(e) => setFilter({ assignee: e.target.value || undefined })}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
            {assigneeOptions.length > 0 && (
              <optgroup label="Team">
                {assigneeOptions.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </optgroup>
            )}
          </Select>
          {!desktop && (
            <Select aria-label="Sort" value={view.sort} onChange={(e) => setFilter({ sort: e.target.value as TicketSort })}>
              {SORT_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          )}
          {filtered && (
            <Button variant="ghost" size="sm" icon="x" onClick={() => go({ status: [], priority: [], sort: view.sort, limit: view.limit })}>
              Clear filters
            </Button>
          )}
        </div>
      </PageHeader>

      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="ticket-list">
        {list.error && !tickets ? (
          <div className="p-6">
            <ErrorNotice onRetry={() => void list.reload()}>The tickets could not be loaded: {list.error.message}</ErrorNotice>
          </div>
        ) : tickets && tickets.length === 0 ? (
          filtered ? (
            <EmptyState
              icon="search"
              title="No tickets match this view"
              action={
                <Button size="sm" onClick={() => go({ status: [], priority: [], sort: view.sort, limit: view.limit })}>
                  Clear filters
                </Button>
              }
            >
              Try another status or category, or a shorter search.
            </EmptyState>
          ) : (
            <EmptyState icon="inbox" title={view.cursor ? 'No more tickets' : 'No tickets yet'}>
              When customers open tickets from the widget or the portal, they appear here at once — no need to refresh.
            </EmptyState>
          )
        ) : desktop ? (
          <TicketTable
            tickets={tickets}
            sort={view.sort}
            onSort={(sort) => setFilter({ sort })}
            unreadFor={unreadFor}
            isNew={(t) => newTickets.has(t.id)}
            isFresh={(t) => fresh.has(t.id)}
            selected={selected}
            onOpen={open}
          />
        ) : (
          <TicketCards tickets={tickets} unreadFor={unreadFor} isNew={(t) => newTickets.has(t.id)} onOpen={open} />
        )}
      </div>

      {tickets && (tickets.length > 0 || view.cursor) && (
        <footer className="flex shrink-0 items-center justify-between gap-3 border-t border-slate-200 bg-white px-4 py-2 text-[13px] text-slate-500 sm:px-6">
          <div className="flex items-center gap-2">
            <span data-testid="list-count" className="whitespace-nowrap">
              {tickets.length} {tickets.length === 1 ? 'ticket' : 'tickets'} {view.cursor || list.data?.nextCursor ? 'on this page' : ''}
            </span>
            <Select aria-label="Tickets per page" value={view.limit} onChange={(e) => setFilter({ limit: Number(e.target.value) })} className="hidden h-7 text-xs sm:block">
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n} per page
                </option>
              ))}
            </Select>
          </div>
          <div className="flex items-center gap-1.5">
            <Button size="sm" icon="chevronLeft" disabled={!view.cursor} onClick={previousPage}>
              {history.current.stack.length === 0 && view.cursor ? 'First page' : 'Previous'}
            </Button>
            <Button size="sm" disabled={!list.data?.nextCursor} onClick={nextPage}>
              Next
              <Icon name="chevronRight" size={14} />
            </Button>
          </div>
        </footer>
      )}
    </div>
  );
}
