// The team and everyone else with an account: add admins, disable or re-enable accounts, set a
// forgotten password.
'use client';
import { useRef, useState } from 'react';
import { refreshTeam } from '../../api/directory';
import { api } from '../../api/http';
import { appendPage, prependItem, replaceItem } from '../../api/pageEdits';
import type { AdminUser, RoleValue } from '../../api/types';
import { useApi } from '../../api/useApi';
import { usePageTitle } from '../../realtime/RealtimeProvider';
import { useMe } from '../../session/session';
import { TextInput } from '../../ui/controls';
import { ConfirmDialog } from '../../ui/dialog';
import { EmptyState, ErrorNotice, Loading } from '../../ui/feedback';
import { Icon } from '../../ui/icons';
import { useIsDesktop } from '../../ui/media';
import { PageHeader } from '../../ui/PageHeader';
import { Tabs } from '../../ui/Tabs';
import { useToasts } from '../../ui/toasts';
import { NewUserForm } from './NewUserForm';
import { SetPasswordDialog } from './SetPasswordDialog';
import { ROLE_NAMES, ROLE_TABS, tabShows, usersQuery, type RoleFilter } from './users';
import { UserTable } from './UserTable';

export function UsersPage() {
  usePageTitle('Team & users');
  const me = useMe();
  const desktop = useIsDesktop();
  const { notify } = useToasts();
  const [role, setRole] = useState<RoleFilter>('TEAM');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const key = `users:${role}:${search}`;
  const users = useApi(key, () => api.call('GET /users', { query: usersQuery(role, search) }));
  const [more, setMore] = useState(false);
  const [toggling, setToggling] = useState<AdminUser | null>(null);
  const [settingPassword, setSettingPassword] = useState<AdminUser | null>(null);
  const [busy, setBusy] = useState(false);

  // The list's query now: a page asked for under another one (a tab or search changed meanwhile) is
  // not this list's next page, and must not be appended to it.
  const shownKey = useRef(key);
  shownKey.current = key;
  const loadMore = async () => {
    const cursor = users.data?.nextCursor;
    if (!cursor) return;
    const askedFor = key;
    setMore(true);
    try {
      const page = await api.call('GET /users', { query: usersQuery(role, search, cursor) });
      if (shownKey.current === askedFor) users.setData(appendPage(page));
    } finally {
      setMore(false);
    }
  };

  const toggle = async () => {
    if (!toggling) return;
    setBusy(true);
    try {
      const updated = await api.call('PATCH /users/:id', { params: { id: toggling.id }, body: { disabled: !toggling.disabled } });
      users.setData(replaceItem(updated));
      if (updated.role !== 'CUSTOMER') void refreshTeam();
      notify({ tone: 'success', title: updated.disabled ? `${updated.name} can no longer sign in` : `${updated.name} can sign in again` });
      setToggling(null);
    } catch (error) {
      notify({ tone: 'error', title: 'The account was not changed', body: error instanceof Error ? error.message : undefined });
    } finally {
      setBusy(false);
    }
  };

  const changeRole = async (user: AdminUser, role: RoleValue) => {
    try {
      const updated = await api.call('PATCH /users/:id', { params: { id: user.id }, body: { role } });
      users.setData(replaceItem(updated));
      void refreshTeam();
      notify({ tone: 'success', title: `${updated.name} is now ${ROLE_NAMES[updated.role]}`, body: 'Their open sessions reconnect with the new role.' });
    } catch (error) {
      notify({ tone: 'error', title: 'The role was not changed', body: error instanceof Error ? error.message : undefined });
    }
  };

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title="Team & users" description="Agents and admins work tickets in this console; admins also manage settings. Customers come from the widget, the portal and sign-ups." />
      <div className="mx-auto grid max-w-[1200px] grid-cols-1 gap-6 p-4 sm:p-6 lg:grid-cols-[minmax(0,1fr)_320px]">
        <section aria-label="Users" className="min-w-0">
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <Tabs label="Role" look="segmented" tabs={ROLE_TABS} value={role} onChange={setRole} />
            <form
              className="relative min-w-48 flex-1"
              onSubmit={(e) => {
                e.preventDefault();
                setSearch(q.trim());
              }}
              role="search"
            >
              <Icon name="search" size={15} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-slate-400" />
              <TextInput type="search" value={q} onChange={(e) => setQ(e.target.value)} onBlur={() => setSearch(q.trim())} placeholder="Search name or email" aria-label="Search users" className="pl-8" />
            </form>
          </div>
          {users.error && !users.data ? (
            <ErrorNotice onRetry={() => void users.reload()}>The users could not be loaded: {users.error.message}</ErrorNotice>
          ) : !users.data ? (
            <Loading />
          ) : users.data.items.length === 0 ? (
            <EmptyState icon="users" title={search ? 'Nobody matches that search' : 'No accounts here yet'} className="rounded-lg ring-1 ring-slate-200" />
          ) : (
            <UserTable
              users={users.data.items}
              meId={me.id}
              desktop={desktop}
              hasMore={Boolean(users.data.nextCursor)}
              loadingMore={more}
              onLoadMore={() => void loadMore()}
              onSetPassword={setSettingPassword}
              onToggle={setToggling}
              onRoleChange={(user, next) => void changeRole(user, next)}
            />
          )}
        </section>
        <NewUserForm
          onCreated={(user) => {
            if (tabShows(role, user.role)) users.setData(prependItem(user));
            if (user.role !== 'CUSTOMER') void refreshTeam();
          }}
        />
      </div>
      <SetPasswordDialog
        user={settingPassword}
        onClose={() => setSettingPassword(null)}
        onSet={(updated) => {
          users.setData(replaceItem(updated));
          notify({ tone: 'success', title: `New password set for ${updated.name}`, body: 'They were signed out everywhere and must choose their own at next sign-in.' });
          setSettingPassword(null);
        }}
      />
      <ConfirmDialog
        open={toggling !== null}
        title={toggling?.disabled ? `Enable ${toggling?.name}?` : `Disable ${toggling?.name}?`}
        confirmLabel={toggling?.disabled ? 'Enable account' : 'Disable account'}
        danger={!toggling?.disabled}
        busy={busy}
        onConfirm={() => void toggle()}
        onClose={() => setToggling(null)}
      >
        {toggling?.disabled
          ? 'They can sign in again with their existing password.'
          : 'They are signed out everywhere at once and cannot sign in until re-enabled. Their tickets and messages stay.'}
      </ConfirmDialog>
    </div>
  );
}
