// The inbox: every ticket the team works, filtered, searched and sorted through the URL, and
// kept live by the socket (new tickets, changes, unread counts) without a reload.
'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/http';
import type { Ticket } from '../api/types';
import { useApi } from '../api/useApi';
import { usePageTitle, useRealtime } from '../realtime/RealtimeProvider';
import { useShortcuts } from '../shortcuts/shortcuts';
import { Button } from '../ui/controls';
import { EmptyState, ErrorNotice } from '../ui/feedback';
import { useIsDesktop } from '../ui/media';
import { PageHeader } from '../ui/PageHeader';
import { apiQueryForView, clearedView, hrefForView, isFiltered, rememberList, titleFor, viewFromParams, withFilter, type InboxView } from './filters';
import { BulkActions } from './BulkActions';
import { InboxFilters } from './InboxFilters';
import { InboxPager } from './InboxPager';
import { stepSelection } from './liveList';
import { TicketCards, TicketTable } from './TicketList';
import { useLiveInbox } from './useLiveInbox';

export function InboxPage() {
  const router = useRouter();
  const params = useSearchParams();
  const view = useMemo(() => viewFromParams(new URLSearchParams(params.toString())), [params]);
  const href = hrefForView(view);
  const desktop = useIsDesktop();
  const { unread, unreadKnown, newTickets } = useRealtime();
  usePageTitle(titleFor(view));

  const list = useApi(href, () => api.call('GET /tickets', { query: apiQueryForView(view) }), { keepPrevious: true });
  const tickets = list.data?.items;
  const fresh = useLiveInbox(list, view);
  const [selected, setSelected] = useState<string | null>(null);
  const history = useRef<{ href: string; stack: (string | undefined)[] }>({ href: '', stack: [] });
  const searchRef = useRef<HTMLInputElement>(null);
  // Checked for a bulk action: cleared when the view changes, so nothing hidden stays checked.
  const [checkedIds, setCheckedIds] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setCheckedIds(new Set()), [href]);
  const checked = {
    ids: checkedIds,
    toggle: (id: string, on: boolean) =>
      setCheckedIds((current) => {
        const next = new Set(current);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    toggleAll: (on: boolean) => setCheckedIds(on ? new Set(tickets?.map((t) => t.id)) : new Set()),
  };

  useEffect(() => {
    if (tickets) rememberList(href, tickets.map((t) => t.id));
  }, [tickets, href]);

  const go = useCallback(
    (next: InboxView, mode: 'push' | 'replace' = 'replace') => {
      const target = hrefForView(next);
      if (mode === 'push') router.push(target, { scroll: false });
      else router.replace(target, { scroll: false });
    },
    [router],
  );
  // Two quick changes (category, then assignee) must both count, before the URL has caught up.
  const pendingView = useRef<InboxView | null>(null);
  useEffect(() => {
    pendingView.current = null;
  }, [href]);
  const setFilter = (patch: Partial<InboxView>) => {
    history.current.stack = [];
    const next = withFilter(pendingView.current ?? view, patch);
    pendingView.current = next;
    go(next);
  };
  const clearFilters = () => go(clearedView(view));

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
  const openSelected = () => {
    const ticket = tickets?.find((t) => t.id === selected);
    if (ticket) open(ticket);
  };
  const moveSelection = (step: number) => {
    const next = stepSelection(tickets?.map((t) => t.id) ?? [], selected, step);
    if (!next) return;
    setSelected(next);
    // Focus follows the selection: Enter then opens it like any link, and screen readers hear it.
    const row = document.querySelector(`[data-ticket-id="${next}"]`);
    row?.querySelector<HTMLElement>('a')?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: 'nearest' });
  };
  useShortcuts({
    '/': () => searchRef.current?.focus(),
    j: () => moveSelection(1),
    k: () => moveSelection(-1),
    Enter: openSelected,
    o: openSelected,
  });

  const unreadFor = (ticket: Ticket) => (unreadKnown ? (unread.byTicket[ticket.id] ?? 0) : ticket.unreadCount);
  const filtered = isFiltered(view);

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
        <InboxFilters view={view} desktop={desktop} searchRef={searchRef} onFilter={setFilter} onClear={clearFilters} />
      </PageHeader>

      {checkedIds.size > 0 && (
        <BulkActions
          ids={[...checkedIds]}
          onDone={() => {
            setCheckedIds(new Set());
            void list.reload();
          }}
          onClear={() => setCheckedIds(new Set())}
        />
      )}
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
                <Button size="sm" onClick={clearFilters}>
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
            checked={checked}
          />
        ) : (
          <TicketCards tickets={tickets} unreadFor={unreadFor} isNew={(t) => newTickets.has(t.id)} onOpen={open} checked={checked} />
        )}
      </div>

      {tickets && (tickets.length > 0 || view.cursor) && (
        <InboxPager
          count={tickets.length}
          paged={Boolean(view.cursor || list.data?.nextCursor)}
          limit={view.limit}
          backToFirst={history.current.stack.length === 0 && Boolean(view.cursor)}
          hasPrevious={Boolean(view.cursor)}
          hasNext={Boolean(list.data?.nextCursor)}
          onLimit={(limit) => setFilter({ limit })}
          onPrevious={previousPage}
          onNext={nextPage}
        />
      )}
    </div>
  );
}
