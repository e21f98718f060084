// The inbox rows: a dense table on desktop, stacked cards on phones.
'use client';
import Link from 'next/link';
import type { TicketListItemJson } from '@deskline/contract';
import type { Ticket } from '../api/types';
import { SearchSnippet } from './SearchSnippet';
import { Avatar, CountBadge, LabelChip, PriorityBadge, StatusBadge } from '../ui/badges';
import { UnverifiedBadge } from '../ui/email';
import { Skeleton } from '../ui/feedback';
import { cx, fullDate, shortAge } from '../ui/format';
import { Icon } from '../ui/icons';
import type { TicketSort } from './filters';

/** The hover text of a customer cell: their email, saying so when it is unverified. */
function customerTitle(customer: Ticket['customer']): string | undefined {
  if (!customer.email) return undefined;
  return customer.emailVerified ? customer.email : `${customer.email} (unverified: typed by the visitor)`;
}

interface RowProps {
  unreadFor: (ticket: Ticket) => number;
  isNew: (ticket: Ticket) => boolean;
  onOpen: (ticket: Ticket) => void;
}

const ticketHref = (ticket: Ticket) => `/ticket?id=${encodeURIComponent(ticket.id)}`;

/** The team's last activity on a ticket, internal notes included (admins always get activityAt). */
const lastActivity = (ticket: Ticket) => ticket.activityAt ?? ticket.updatedAt;
/** What a search matched in the ticket, when the list is a search. */
const matchOf = (ticket: Ticket) => (ticket as TicketListItemJson).match;

function SortHeader({ label, field, sort, onSort, className }: { label: string; field: string; sort: TicketSort; onSort: (sort: TicketSort) => void; className?: string }) {
  const active = sort.replace('-', '') === field;
  const descending = sort.startsWith('-');
  const next = (active && descending ? field : `-${field}`) as TicketSort;
  return (
    <th scope="col" aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'} className={className}>
      <button type="button" onClick={() => onSort(next)} className={cx('-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900', active && 'text-slate-900')}>
        {label}
        <Icon name={active ? (descending ? 'arrowDown' : 'arrowUp') : 'sort'} size={12} className={active ? 'text-indigo-600' : 'text-slate-300'} />
      </button>
    </th>
  );
}

/** The rows checked for a bulk action. */
export interface Checked {
  ids: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  toggleAll: (on: boolean) => void;
}

/** A ticket's box for a bulk action, in the table and on a card alike. */
function SelectTicket({ ticket, checked, className }: { ticket: Ticket; checked: Checked; className: string }) {
  return (
    <input
      type="checkbox"
      className={cx(className, 'rounded border-slate-300 accent-indigo-600')}
      aria-label={`Select #${ticket.number} ${ticket.subject}`}
      checked={checked.ids.has(ticket.id)}
      onChange={(e) => checked.toggle(ticket.id, e.target.checked)}
      data-testid="select-ticket"
    />
  );
}

export function TicketTable({
  tickets,
  sort,
  onSort,
  selected,
  isFresh,
  checked,
  ...row
}: RowProps & {
  tickets: Ticket[] | undefined;
  sort: TicketSort;
  onSort: (sort: TicketSort) => void;
  selected: string | null;
  isFresh: (ticket: Ticket) => boolean;
  checked: Checked;
}) {
  const th = 'h-9 px-3 text-left text-xs font-medium text-slate-500 whitespace-nowrap';
  const all = Boolean(tickets?.length) && tickets!.every((t) => checked.ids.has(t.id));
  const some = !all && Boolean(tickets?.some((t) => checked.ids.has(t.id)));
  return (
    <table className="w-full table-fixed border-separate border-spacing-0 text-[13px]">
      <colgroup>
        <col className="w-[36px]" />
        <col className="w-[26px]" />
        <col className="w-[72px]" />
        <col />
        <col className="w-[16%]" />
        <col className="w-[10%]" />
        <col className="w-[96px]" />
        <col className="w-[118px]" />
        <col className="w-[11%]" />
        <col className="w-[92px]" />
        <col className="w-[64px]" />
      </colgroup>
      <thead className="sticky top-0 z-10 bg-slate-50/95 backdrop-blur">
        <tr className="[&>th]:border-b [&>th]:border-slate-200">
          <th scope="col" className={cx(th, '!pr-0 !pl-3')}>
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 accent-indigo-600"
              aria-label="Select every ticket on this page"
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = some;
              }}
              onChange={(e) => checked.toggleAll(e.target.checked)}
              data-testid="select-all"
            />
          </th>
          <th scope="col" className={th}>
            <span className="sr-only">New</span>
          </th>
          <SortHeader label="#" field="number" sort={sort} onSort={onSort} className={cx(th, 'pl-1')} />
          <th scope="col" className={th}>
            Subject
          </th>
          <th scope="col" className={th}>
            Customer
          </th>
          <th scope="col" className={th}>
            Category
          </th>
          <SortHeader label="Priority" field="priority" sort={sort} onSort={onSort} className={th} />
          <th scope="col" className={th}>
            Status
          </th>
          <th scope="col" className={th}>
            Assignee
          </th>
          <SortHeader label="Last activity" field="activityAt" sort={sort} onSort={onSort} className={th} />
          <th scope="col" className={cx(th, 'pr-5 text-right')}>
            Unread
          </th>
        </tr>
      </thead>
      <tbody>
        {tickets
          ? tickets.map((ticket) => {
              const unread = row.unreadFor(ticket);
              const isNew = row.isNew(ticket);
              const strong = unread > 0 || isNew;
              return (
                <tr
                  key={ticket.id}
                  data-ticket-id={ticket.id}
                  data-testid="ticket-row"
                  aria-selected={selected === ticket.id}
                  onClick={(event) => {
                    if (!(event.target as HTMLElement).closest('a, input, [data-no-open]')) row.onOpen(ticket);
                  }}
                  className={cx(
                    'group h-10 cursor-pointer [&>td]:border-b [&>td]:border-slate-100 [&>td]:px-3 [&>td]:whitespace-nowrap',
                    selected === ticket.id ? 'bg-indigo-50/70' : 'hover:bg-slate-50',
                    isFresh(ticket) && 'row-flash',
                  )}
                >
                  <td className="!pr-0 !pl-3" data-no-open>
                    <SelectTicket ticket={ticket} checked={checked} className="size-4" />
                  </td>
                  <td className="!pr-0 !pl-3">
                    {isNew ? (
                      <span className="block size-2 rounded-full bg-indigo-500" title="New since you opened the console" />
                    ) : unread > 0 ? (
                      <span className="block size-2 rounded-full bg-indigo-300" title="Unread messages" />
                    ) : null}
                  </td>
                  <td className="!pl-1 text-xs text-slate-500 tabular-nums">#{ticket.number}</td>
                  <td className="truncate">
                    <Link href={ticketHref(ticket)} className={cx('hover:underline', strong ? 'font-semibold text-slate-900' : 'text-slate-800')}>
                      {ticket.subject}
                    </Link>
                    {ticket.attachments.length > 0 && <Icon name="paperclip" size={12} className="ml-1.5 inline text-slate-500" aria-label="Has attachments" />}
                    {/* A line of their own: after a long subject they would be cut off with it. */}
                    {ticket.labels?.length ? (
                      <span className="mt-0.5 flex flex-wrap gap-1 whitespace-normal">
                        {ticket.labels.map((label) => (
                          <LabelChip key={label.id} label={label} />
                        ))}
                      </span>
                    ) : null}
                    {matchOf(ticket) && <SearchSnippet match={matchOf(ticket)!} className="max-w-[36rem]" />}
                  </td>
                  <td className="truncate text-slate-700" title={customerTitle(ticket.customer)}>
                    {ticket.customer.name}
                    {ticket.customer.email && !ticket.customer.emailVerified && <UnverifiedBadge className="ml-1.5 align-middle" />}
                  </td>
                  <td className="truncate text-slate-600">{ticket.category.name}</td>
                  <td>
                    <PriorityBadge priority={ticket.priority} />
                  </td>
                  <td>
                    <StatusBadge status={ticket.status} />
                  </td>
                  <td className="truncate">
                    {ticket.assignee ? (
                      <span className="flex items-center gap-1.5 text-slate-700">
                        <Avatar name={ticket.assignee.name} seed={ticket.assignee.id} size={20} />
                        <span className="truncate">{ticket.assignee.name}</span>
                      </span>
                    ) : (
                      <span className="text-slate-500">Unassigned</span>
                    )}
                  </td>
                  <td className="text-slate-500 tabular-nums" title={fullDate(lastActivity(ticket))}>
                    <time dateTime={lastActivity(ticket)}>{shortAge(lastActivity(ticket))}</time>
                  </td>
                  <td className="!pr-5 text-right" data-testid="unread-cell">
                    <CountBadge count={unread} />
                  </td>
                </tr>
              );
            })
          : Array.from({ length: 8 }, (_, i) => (
              <tr key={i} className="h-10 [&>td]:border-b [&>td]:border-slate-100 [&>td]:px-3">
                <td />
                <td />
                <td className="!pl-1">
                  <Skeleton className="h-3 w-8" />
                </td>
                <td>
                  <Skeleton className="h-3 w-3/4" />
                </td>
                <td>
                  <Skeleton className="h-3 w-24" />
                </td>
                <td>
                  <Skeleton className="h-3 w-16" />
                </td>
                <td>
                  <Skeleton className="h-3 w-12" />
                </td>
                <td>
                  <Skeleton className="h-4 w-16 rounded-full" />
                </td>
                <td>
                  <Skeleton className="h-3 w-20" />
                </td>
                <td>
                  <Skeleton className="h-3 w-10" />
                </td>
                <td />
              </tr>
            ))}
      </tbody>
    </table>
  );
}

export function TicketCards({ tickets, checked, ...row }: RowProps & { tickets: Ticket[] | undefined; checked: Checked }) {
  if (!tickets) {
    return (
      <ul className="divide-y divide-slate-100">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="space-y-2 px-4 py-3">
            <Skeleton className="h-3.5 w-3/4" />
            <Skeleton className="h-3 w-1/2" />
          </li>
        ))}
      </ul>
    );
  }
  const all = tickets.length > 0 && tickets.every((t) => checked.ids.has(t.id));
  const some = !all && tickets.some((t) => checked.ids.has(t.id));
  return (
    <>
      {tickets.length > 0 && (
        // Selecting for a bulk action, as on desktop: a box per card and one for the page.
        <label className="flex min-h-11 items-center gap-3 border-b border-slate-100 px-4 text-[13px] text-slate-600">
          <input
            type="checkbox"
            className="size-5 rounded border-slate-300 accent-indigo-600"
            checked={all}
            ref={(el) => {
              if (el) el.indeterminate = some;
            }}
            onChange={(e) => checked.toggleAll(e.target.checked)}
            data-testid="select-all"
          />
          Select every ticket on this page
        </label>
      )}
      <ul className="divide-y divide-slate-100">
        {tickets.map((ticket) => {
          const unread = row.unreadFor(ticket);
          const isNew = row.isNew(ticket);
          return (
            <li key={ticket.id} data-ticket-id={ticket.id} data-testid="ticket-row" className={cx('flex', checked.ids.has(ticket.id) && 'shadow-[inset_3px_0_0_0_#4f46e5]')}>
              {/* A 44 px target beside the card's link, not inside it: checking never opens the ticket.
                A checked card is marked by a bar, not a tint, which would take the grey text below contrast. */}
              <label className="flex w-11 shrink-0 cursor-pointer items-start justify-center pt-3.5 pl-2">
                <SelectTicket ticket={ticket} checked={checked} className="size-5" />
              </label>
              <Link href={ticketHref(ticket)} className="flex min-w-0 flex-1 gap-3 py-3 pr-4 active:bg-slate-50">
                <span className="w-2 shrink-0 pt-1.5">
                  {(isNew || unread > 0) && <span className={cx('block size-2 rounded-full', isNew ? 'bg-indigo-500' : 'bg-indigo-300')} />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline gap-2">
                    <span className={cx('flex-1 truncate text-sm', unread > 0 || isNew ? 'font-semibold text-slate-900' : 'text-slate-800')}>{ticket.subject}</span>
                    <time dateTime={lastActivity(ticket)} className="shrink-0 text-xs text-slate-500">
                      {shortAge(lastActivity(ticket))}
                    </time>
                  </span>
                  <span className="mt-0.5 flex items-center gap-1.5 text-xs text-slate-500">
                    <span className="tabular-nums">#{ticket.number}</span>
                    <span aria-hidden="true">·</span>
                    <span className="truncate">{ticket.customer.name}</span>
                    {ticket.customer.email && !ticket.customer.emailVerified && <UnverifiedBadge />}
                    <span aria-hidden="true">·</span>
                    <span className="truncate">{ticket.category.name}</span>
                  </span>
                  {matchOf(ticket) && <SearchSnippet match={matchOf(ticket)!} className="mt-1" />}
                  {ticket.labels && ticket.labels.length > 0 && (
                    <span className="mt-1 flex flex-wrap gap-1">
                      {ticket.labels.map((label) => (
                        <LabelChip key={label.id} label={label} />
                      ))}
                    </span>
                  )}
                  <span className="mt-1.5 flex items-center gap-2.5">
                    <StatusBadge status={ticket.status} />
                    <PriorityBadge priority={ticket.priority} />
                    <span className="flex-1" />
                    {ticket.assignee ? (
                      <Avatar name={ticket.assignee.name} seed={ticket.assignee.id} size={20} />
                    ) : (
                      <span className="text-xs text-slate-500">Unassigned</span>
                    )}
                    <CountBadge count={unread} />
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}
