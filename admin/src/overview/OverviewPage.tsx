// The team's day at a glance: where tickets stand, what waits longest, how fast we answer.
'use client';
import Link from 'next/link';
import { useEffect, useRef, type ReactNode } from 'react';
import { api } from '../api/http';
import type { Page, PriorityValue, Status, Ticket } from '../api/types';
import { useApi } from '../api/useApi';
import { usePageTitle, useRealtime, useRealtimeEvent } from '../realtime/RealtimeProvider';
import { Avatar, PriorityBadge, statusDot } from '../ui/badges';
import { Button } from '../ui/controls';
import { ErrorNotice, Skeleton } from '../ui/feedback';
import { clockTime, cx, duration, PRIORITIES, PRIORITY_LABEL, shortAge, STATUS_LABEL, STATUSES } from '../ui/format';
import { Icon, type IconName } from '../ui/icons';
import { PageHeader } from '../ui/PageHeader';
import { Reports } from './Reports';
import { fetchOverview, windowDays, type Overview } from './stats';

const ACTIVE = 'OPEN,IN_PROGRESS';

export function OverviewPage() {
  usePageTitle('Overview');
  const stats = useApi('overview', fetchOverview);
  const unassigned = useApi('unassigned', () => api.call('GET /tickets', { query: { status: ACTIVE, assignee: 'none', sort: 'createdAt', limit: 6 } }));

  // Live, but calm: one refresh a couple of seconds after a burst of changes.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void stats.reload();
      void unassigned.reload();
    }, 1500);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const { connection } = useRealtime();
  const lastConnection = useRef<string | null>(null);
  useEffect(() => {
    const previous = lastConnection.current;
    lastConnection.current = connection;
    // Connected since the page loaded, or again: what happened meanwhile was not heard.
    if (connection === 'connected' && previous !== null && previous !== 'connected') {
      refresh();
    }
  }, [connection]);
  useRealtimeEvent('ticket:created', refresh);
  useRealtimeEvent('ticket:updated', refresh);
  useRealtimeEvent('ticket:deleted', refresh);

  const data = stats.data;
  const active = data ? (data.byStatus.OPEN ?? 0) + (data.byStatus.IN_PROGRESS ?? 0) : 0;
  const days = data ? windowDays(data) : 7;
  return (
    <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50/50">
      <PageHeader
        title="Overview"
        description={data ? `Updated ${clockTime(data.window.to)} · refreshes as tickets change` : 'Where the team stands right now'}
        actions={
          <Button size="sm" variant="ghost" icon="refresh" onClick={() => void stats.reload()}>
            Refresh
          </Button>
        }
      />
      <div className="mx-auto max-w-[1200px] space-y-5 p-4 sm:p-6">
        {stats.error && <ErrorNotice onRetry={() => void stats.reload()}>The numbers could not be loaded: {stats.error.message}</ErrorNotice>}

        <section aria-label="Tickets by status" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {STATUSES.map((status) => (
            <Stat
              key={status}
              label={STATUS_LABEL[status]}
              dot={statusDot(status)}
              value={data ? (data.byStatus[status] ?? 0) : undefined}
              href={`/inbox?status=${status}`}
              testId={`stat-${status}`}
            />
          ))}
        </section>

        <section aria-label="Response times and workload" className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <Metric
            icon="clock"
            label="Median first response"
            hint={`Tickets opened in the last ${days} days`}
            value={data ? (data.medianFirstResponseSeconds === null ? null : duration(data.medianFirstResponseSeconds)) : undefined}
            testId="median-first-response"
          />
          <Metric
            icon="check"
            label="Median time to resolution"
            hint={`Tickets resolved in the last ${days} days`}
            value={data ? (data.medianResolutionSeconds === null ? null : duration(data.medianResolutionSeconds)) : undefined}
            testId="median-resolution"
          />
          <Metric icon="flag" label="Unassigned" hint="Open or in progress, nobody on it" value={data ? String(data.unassigned) : undefined} href="/inbox?assignee=none&status=OPEN,IN_PROGRESS" />
          <Metric icon="alert" label="Urgent" hint="Open or in progress" value={data ? String(data.byPriority.URGENT ?? 0) : undefined} href="/inbox?priority=URGENT&status=OPEN,IN_PROGRESS" tone={data && (data.byPriority.URGENT ?? 0) > 0 ? 'alert' : undefined} />
        </section>

        <div className="grid grid-cols-1 gap-3 lg:grid-cols-3">
          <Panel title="Active tickets by priority" subtitle={data ? `${active} open or in progress` : undefined}>
            <ul className="space-y-2.5 px-4 py-3">
              {[...PRIORITIES].reverse().map((priority) => (
                <PriorityBar key={priority} priority={priority} count={data ? (data.byPriority[priority] ?? 0) : undefined} total={active} />
              ))}
            </ul>
          </Panel>
          <Panel title="Oldest open tickets" subtitle="Waiting the longest" href={`/inbox?status=${ACTIVE}&sort=createdAt`}>
            <OldestOpen overview={data} />
          </Panel>
          <Panel title="Unassigned" subtitle="Oldest first — pick one up" href={`/inbox?assignee=none&status=${ACTIVE}&sort=createdAt`}>
            <TicketMiniList state={unassigned} empty="Every active ticket has an owner." />
          </Panel>
        </div>

        <Reports />
      </div>
    </div>
  );
}

function Stat({ label, value, dot, href, testId }: { label: string; value: number | undefined; dot: string; href: string; testId: string }) {
  return (
    <Link href={href} className="group rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200 transition hover:ring-slate-300" data-testid={testId}>
      <p className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
        <span className={cx('size-2 rounded-full', dot)} aria-hidden="true" />
        {label}
      </p>
      <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid="stat-value">
        {value === undefined ? <Skeleton className="mt-1 h-6 w-10" /> : value}
      </p>
    </Link>
  );
}

function Metric({
  icon,
  label,
  hint,
  value,
  href,
  tone,
  testId,
}: {
  icon: IconName;
  label: string;
  hint?: string;
  value: string | null | undefined;
  href?: string;
  tone?: 'alert';
  testId?: string;
}) {
  const body = (
    <>
      <p className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
        <Icon name={icon} size={13} className={tone === 'alert' ? 'text-red-500' : 'text-slate-400'} />
        {label}
      </p>
      <p className={cx('mt-1 text-xl font-semibold tracking-tight tabular-nums', tone === 'alert' ? 'text-red-700' : 'text-slate-900')} data-testid={testId}>
        {value === undefined ? <Skeleton className="mt-1 h-5 w-14" /> : value === null ? <span className="text-slate-500">—</span> : value}
      </p>
      <p className="mt-0.5 text-xs text-slate-500 sm:truncate">{value === null ? `${hint} · none yet` : hint}</p>
    </>
  );
  const className = 'min-w-0 rounded-lg bg-white px-4 py-3 ring-1 ring-slate-200';
  return href ? (
    <Link href={href} className={cx(className, 'transition hover:ring-slate-300')}>
      {body}
    </Link>
  ) : (
    <div className={className}>{body}</div>
  );
}

function Panel({ title, subtitle, href, children }: { title: string; subtitle?: string; href?: string; children: ReactNode }) {
  return (
    <section className="flex min-w-0 flex-col rounded-lg bg-white ring-1 ring-slate-200">
      <header className="flex items-center gap-2 border-b border-slate-100 px-4 py-2.5">
        <div className="min-w-0 flex-1">
          <h2 className="text-[13px] font-semibold text-slate-900">{title}</h2>
          {subtitle && <p className="text-xs text-slate-500">{subtitle}</p>}
        </div>
        {href && (
          <Link href={href} className="text-xs font-medium text-indigo-600 hover:text-indigo-500">
            View all
          </Link>
        )}
      </header>
      {children}
    </section>
  );
}

const BAR: Record<PriorityValue, string> = { URGENT: 'bg-red-500', HIGH: 'bg-orange-400', MEDIUM: 'bg-slate-400', LOW: 'bg-slate-300' };

function PriorityBar({ priority, count, total }: { priority: PriorityValue; count: number | undefined; total: number }) {
  const share = count && total ? Math.max(2, Math.round((count / total) * 100)) : 0;
  return (
    <li>
      <Link href={`/inbox?priority=${priority}&status=${ACTIVE}`} className="block rounded hover:bg-slate-50">
        <span className="flex items-center justify-between text-[13px]">
          <span className="text-slate-700">{PRIORITY_LABEL[priority]}</span>
          <span className="font-medium text-slate-900 tabular-nums">{count ?? '–'}</span>
        </span>
        <span className="mt-1 block h-1.5 rounded-full bg-slate-100">
          <span className={cx('block h-1.5 rounded-full', BAR[priority])} style={{ width: `${share}%` }} />
        </span>
      </Link>
    </li>
  );
}

function TicketMiniList({ state, empty }: { state: { data?: Page<Ticket>; error?: Error }; empty: string }) {
  if (state.error) return <p className="px-4 py-3 text-[13px] text-red-700">Could not load: {state.error.message}</p>;
  if (!state.data) {
    return (
      <div className="space-y-3 px-4 py-3">
        <Skeleton className="h-3.5 w-3/4" />
        <Skeleton className="h-3.5 w-2/3" />
        <Skeleton className="h-3.5 w-1/2" />
      </div>
    );
  }
  if (state.data.items.length === 0) return <p className="px-4 py-6 text-center text-[13px] text-slate-500">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {state.data.items.map((ticket) => (
        <TicketMiniRow key={ticket.id} ticket={ticket} />
      ))}
    </ul>
  );
}

function OldestOpen({ overview }: { overview: Overview | undefined }) {
  if (!overview) return <TicketMiniList state={{}} empty="" />;
  if (overview.oldestOpen.length === 0) return <p className="px-4 py-6 text-center text-[13px] text-slate-500">Nothing open. Every ticket is resolved or closed.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="oldest-open">
      {overview.oldestOpen.map((ticket) => (
        <TicketMiniRow key={ticket.id} ticket={ticket} showCustomer />
      ))}
    </ul>
  );
}

/** One line of a small ticket list: number, subject, status, age, priority, assignee. */
function TicketMiniRow({ ticket, showCustomer = false }: { ticket: MiniTicket; showCustomer?: boolean }) {
  return (
    <li>
      <Link href={`/ticket?id=${encodeURIComponent(ticket.id)}`} className="flex items-center gap-2.5 px-4 py-2 hover:bg-slate-50">
        <span className="w-11 shrink-0 text-xs text-slate-500 tabular-nums">#{ticket.number}</span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-[13px] text-slate-800">{ticket.subject}</span>
          <span className="block truncate text-xs text-slate-500">
            <StatusBadgeInline status={ticket.status} /> ·{showCustomer ? ` ${ticket.customer.name} ·` : ''} opened {shortAge(ticket.createdAt)}
          </span>
        </span>
        <PriorityBadge priority={ticket.priority} compact />
        {ticket.assignee && <Avatar name={ticket.assignee.name} seed={ticket.assignee.id} size={20} />}
      </Link>
    </li>
  );
}

type MiniTicket = Pick<Ticket, 'id' | 'number' | 'subject' | 'status' | 'priority' | 'createdAt'> & {
  customer: { name: string };
  assignee: { id: string; name: string } | null;
};

function StatusBadgeInline({ status }: { status: Status }) {
  return (
    <span className="inline-flex items-center gap-1 align-middle">
      <span className={cx('size-1.5 rounded-full', statusDot(status))} aria-hidden="true" />
      {STATUS_LABEL[status]}
    </span>
  );
}


