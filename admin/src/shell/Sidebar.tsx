'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { revokeToken } from '../api/http';
import type { User } from '../api/types';
import { useRealtime } from '../realtime/RealtimeProvider';
import { isAdmin } from '../session/roles';
import { endSession } from '../session/session';
import { Avatar, CountBadge } from '../ui/badges';
import { IconButton } from '../ui/controls';
import { cx } from '../ui/format';
import { Icon, type IconName } from '../ui/icons';

interface NavItem {
  href: string;
  label: string;
  icon: IconName;
  active: (path: string, params: URLSearchParams) => boolean;
  count?: 'inbox';
}

const isView = (params: URLSearchParams, assignee: string | null) => params.get('assignee') === assignee;

const WORK: NavItem[] = [
  { href: '/inbox', label: 'Inbox', icon: 'inbox', count: 'inbox', active: (p, q) => p === '/inbox' && !isView(q, 'me') && !isView(q, 'none') },
  { href: '/inbox?assignee=me', label: 'Assigned to me', icon: 'user', active: (p, q) => p === '/inbox' && isView(q, 'me') },
  { href: '/inbox?assignee=none&status=OPEN,IN_PROGRESS', label: 'Unassigned', icon: 'flag', active: (p, q) => p === '/inbox' && isView(q, 'none') },
  { href: '/overview', label: 'Overview', icon: 'chart', active: (p) => p === '/overview' },
  { href: '/replies', label: 'Saved replies', icon: 'message', active: (p) => p === '/replies' },
];

const SETTINGS: NavItem[] = [
  { href: '/settings/categories', label: 'Categories', icon: 'tag', active: (p) => p === '/settings/categories' },
  { href: '/settings/labels', label: 'Labels', icon: 'tag', active: (p) => p === '/settings/labels' },
  { href: '/settings/assignment', label: 'Assignment', icon: 'user', active: (p) => p === '/settings/assignment' },
  { href: '/settings/sites', label: 'Sites & widget', icon: 'globe', active: (p) => p === '/settings/sites' },
  { href: '/settings/users', label: 'Team & users', icon: 'users', active: (p) => p === '/settings/users' },
  { href: '/settings/email', label: 'Email', icon: 'send', active: (p) => p === '/settings/email' },
];

export function Brand() {
  return (
    <span className="flex items-center gap-2 text-[15px] font-semibold tracking-tight text-slate-900">
      <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
        <rect width="24" height="24" rx="6" className="fill-indigo-600" />
        <path d="M7 7h5.5a5 5 0 0 1 0 10H7z" fill="none" stroke="white" strokeWidth="2.2" strokeLinejoin="round" />
        <path d="M7 12h9" stroke="white" strokeWidth="2.2" opacity="0.55" />
      </svg>
      Deskline
    </span>
  );
}

export function Sidebar({ user, onHelp, onClose, className }: { user: User; onHelp: () => void; onClose?: () => void; className?: string }) {
  const path = usePathname();
  const params = useSearchParams();
  const { connection, unread, newTickets } = useRealtime();
  const inboxCount = unread.total + newTickets.size;
  const signOut = async () => {
    await revokeToken();
    endSession('signed-out');
  };
  const link = (item: NavItem) => {
    const active = item.active(path, params);
    return (
      <li key={item.href}>
        <Link
          href={item.href}
          aria-current={active ? 'page' : undefined}
          className={cx(
            'group flex h-8 items-center gap-2.5 rounded-md px-2.5 text-[13px] font-medium transition-colors',
            active ? 'bg-white text-slate-900 shadow-xs ring-1 ring-slate-200' : 'text-slate-600 hover:bg-slate-200/60 hover:text-slate-900',
          )}
        >
          <Icon name={item.icon} size={16} className={active ? 'text-indigo-600' : 'text-slate-400 group-hover:text-slate-500'} />
          <span className="flex-1 truncate">{item.label}</span>
          {item.count === 'inbox' && <CountBadge count={inboxCount} label={`${inboxCount} new or unread`} />}
        </Link>
      </li>
    );
  };
  return (
    <aside className={cx('flex-col border-r border-slate-200 bg-slate-50', className)} aria-label="Console navigation">
      <div className="flex h-14 items-center justify-between px-4">
        <Brand />
        {onClose && <IconButton icon="x" label="Close menu" onClick={onClose} />}
      </div>
      <nav className="flex-1 overflow-y-auto px-3 pb-3">
        <ul className="space-y-0.5">{WORK.map(link)}</ul>
        {/* Settings are for admins: agents never see them (the pages and the server refuse them too). */}
        {isAdmin(user) && (
          <>
            <p className="mt-6 mb-1.5 px-2.5 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">Settings</p>
            <ul className="space-y-0.5">{SETTINGS.map(link)}</ul>
          </>
        )}
      </nav>
      <div className="space-y-2 border-t border-slate-200 p-3">
        <div className="flex items-center justify-between px-1 text-xs text-slate-500">
          <span className="flex items-center gap-1.5" data-testid="connection" data-state={connection}>
            <span
              className={cx(
                'size-2 rounded-full',
                connection === 'connected' ? 'bg-emerald-500' : connection === 'connecting' ? 'bg-amber-400' : 'animate-pulse bg-red-500',
              )}
              aria-hidden="true"
            />
            {connection === 'connected' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
          <button type="button" onClick={onHelp} className="flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-200/60 hover:text-slate-800">
            <Icon name="keyboard" size={14} /> Shortcuts
          </button>
        </div>
        <div className="flex items-center gap-1 rounded-md">
          <Link
            href="/account"
            aria-current={path === '/account' ? 'page' : undefined}
            title="Your account and password"
            className={cx(
              'flex min-w-0 flex-1 items-center gap-2.5 rounded-md px-1 py-1 hover:bg-slate-200/60',
              path === '/account' && 'bg-white ring-1 ring-slate-200',
            )}
          >
            <Avatar name={user.name} seed={user.id} size={28} />
            <span className="min-w-0 flex-1 leading-tight">
              <span className="block truncate text-[13px] font-medium text-slate-900">{user.name}</span>
              <span className="block truncate text-xs text-slate-600">{user.email}</span>
              <span className="sr-only">: account and password</span>
            </span>
          </Link>
          <IconButton icon="logout" label="Sign out" onClick={signOut} />
        </div>
      </div>
    </aside>
  );
}

export function MobileBar({ onMenu, className }: { onMenu: () => void; className?: string }) {
  const { unread, newTickets, connection } = useRealtime();
  const count = unread.total + newTickets.size;
  return (
    <header className={cx('flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-slate-50 px-2', className)}>
      <IconButton icon="menu" label="Open menu" onClick={onMenu} />
      <Brand />
      <span className="flex-1" />
      {connection !== 'connected' && <span className="text-xs text-amber-700">{connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}</span>}
      <Link href="/inbox" className="flex items-center gap-1 rounded-md px-2 py-1 text-slate-600" aria-label={`Inbox, ${count} new or unread`}>
        <Icon name="inbox" size={18} />
        <CountBadge count={count} label={`${count} new or unread`} />
      </Link>
    </header>
  );
}
