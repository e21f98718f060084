// The team and everyone else with an account: add admins, disable or re-enable accounts.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { CreateUserBody, UpdateUserBody } from '@deskline/contract';
import { refreshAdmins } from '../api/directory';
import { api, ApiError } from '../api/http';
import type { AdminUser, RoleValue } from '../api/types';
import { useApi } from '../api/useApi';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { useMe } from '../session/session';
import { Avatar } from '../ui/badges';
import { Button, describedBy, Field, Select, TextInput } from '../ui/controls';
import { ConfirmDialog, Dialog } from '../ui/dialog';
import { PersonEmail } from '../ui/email';
import { EmptyState, ErrorNotice, Loading } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { cx, shortAge } from '../ui/format';
import { Icon } from '../ui/icons';
import { useIsDesktop } from '../ui/media';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';

type RoleFilter = RoleValue | 'ALL';

export function UsersPage() {
  usePageTitle('Team & users');
  const me = useMe();
  const desktop = useIsDesktop();
  const { notify } = useToasts();
  const [role, setRole] = useState<RoleFilter>('ADMIN');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const key = `users:${role}:${search}`;
  const users = useApi(key, () => api.call('GET /users', { query: { role: role === 'ALL' ? undefined : role, q: search || undefined, limit: 50 } }));
  const [more, setMore] = useState(false);
  const [toggling, setToggling] = useState<AdminUser | null>(null);
  const [settingPassword, setSettingPassword] = useState<AdminUser | null>(null);
  const [busy, setBusy] = useState(false);

  const loadMore = async () => {
    const cursor = users.data?.nextCursor;
    if (!cursor) return;
    setMore(true);
    try {
      const page = await api.call('GET /users', { query: { role: role === 'ALL' ? undefined : role, q: search || undefined, limit: 50, cursor } });
      users.setData((current) => current && { items: [...current.items, ...page.items], nextCursor: page.nextCursor });
    } finally {
      setMore(false);
    }
  };

  const toggle = async () => {
    if (!toggling) return;
    setBusy(true);
    try {
      const updated = await api.call('PATCH /users/:id', { params: { id: toggling.id }, body: { disabled: !toggling.disabled } });
      users.setData((page) => page && { ...page, items: page.items.map((u) => (u.id === updated.id ? updated : u)) });
      if (updated.role === 'ADMIN') void refreshAdmins();
      notify({ tone: 'success', title: updated.disabled ? `${updated.name} can no longer sign in` : `${updated.name} can sign in again` });
      setToggling(null);
    } catch (error) {
      notify({ tone: 'error', title: 'The account was not changed', body: error instanceof Error ? error.message : undefined });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title="Team & users" description="Admins work tickets in this console. Customers come from the widget, the portal and sign-ups." />
      <div className="mx-auto grid max-w-[1200px] gap-6 p-4 sm:p-6 lg:grid-cols-[1fr_320px]">
        <section aria-label="Users" className="min-w-0">
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <div className="inline-flex rounded-md bg-slate-100 p-0.5" role="tablist" aria-label="Role">
              {(['ADMIN', 'CUSTOMER', 'ALL'] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  role="tab"
                  aria-selected={role === value}
                  onClick={() => setRole(value)}
                  className={cx('h-7 rounded px-3 text-[13px]', role === value ? 'bg-white font-medium text-slate-900 shadow-xs' : 'text-slate-600 hover:text-slate-900')}
                >
                  {value === 'ADMIN' ? 'Team' : value === 'CUSTOMER' ? 'Customers' : 'Everyone'}
                </button>
              ))}
            </div>
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
            <div className="overflow-hidden rounded-lg bg-white ring-1 ring-slate-200">
              <table className="w-full text-[13px]" data-testid="user-table">
                {desktop && (
                  <thead className="bg-slate-50 text-left text-xs text-slate-500">
                    <tr className="[&>th]:h-9 [&>th]:border-b [&>th]:border-slate-200 [&>th]:px-4 [&>th]:font-medium">
                      <th scope="col">Name</th>
                      <th scope="col">Role</th>
                      <th scope="col">Joined</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                )}
                <tbody className="divide-y divide-slate-100">
                  {users.data.items.map((user) => (
                    <tr key={user.id} data-testid="user-row" data-email={user.email ?? ''} className={cx('[&>td]:px-4 [&>td]:py-2', user.disabled && 'text-slate-500')}>
                      <td className="max-w-0 min-w-40">
                        <div className="flex items-center gap-2.5">
                          <Avatar name={user.name} seed={user.id} size={28} className={user.disabled ? 'opacity-50' : undefined} />
                          <div className="min-w-0">
                            <p className={cx('truncate font-medium', user.disabled ? 'text-slate-500' : 'text-slate-900')}>
                              {user.name}
                              {user.id === me.id && <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span>}
                            </p>
                            <p className="truncate text-xs text-slate-500">
                              {user.email ? <PersonEmail email={user.email} verified={user.emailVerified} /> : 'Anonymous visitor'}
                            </p>
                          </div>
                        </div>
                      </td>
                      {desktop && (
                        <>
                          <td>
                            <span className={cx('rounded px-1.5 py-0.5 text-xs font-medium', user.role === 'ADMIN' ? 'bg-indigo-50 text-indigo-700' : 'bg-slate-100 text-slate-600')}>
                              {user.role === 'ADMIN' ? 'Admin' : 'Customer'}
                            </span>
                          </td>
                          <td className="text-slate-500">{shortAge(user.createdAt)}</td>
                        </>
                      )}
                      <td>
                        <span className={cx('inline-flex items-center gap-1.5 text-xs', user.disabled ? 'text-slate-500' : 'text-emerald-700')} data-testid="user-status">
                          <span className={cx('size-1.5 rounded-full', user.disabled ? 'bg-slate-400' : 'bg-emerald-500')} aria-hidden="true" />
                          {user.disabled ? 'Disabled' : 'Active'}
                        </span>
                      </td>
                      <td className="text-right whitespace-nowrap">
                        {user.id !== me.id && user.hasPassword && (
                          <Button size="sm" variant="ghost" onClick={() => setSettingPassword(user)} aria-label={`Set a new password for ${user.name}`}>
                            Set password
                          </Button>
                        )}
                        {user.id !== me.id && (
                          <Button size="sm" variant={user.disabled ? 'secondary' : 'ghost'} onClick={() => setToggling(user)}>
                            {user.disabled ? 'Enable' : 'Disable'}
                          </Button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {users.data.nextCursor && (
                <div className="border-t border-slate-100 p-2 text-center">
                  <Button size="sm" variant="ghost" busy={more} onClick={() => void loadMore()}>
                    Load more
                  </Button>
                </div>
              )}
            </div>
          )}
        </section>
        <NewUser
          onCreated={(user) => {
            if (role === 'ALL' || role === user.role) users.setData((page) => page && { ...page, items: [user, ...page.items] });
            if (user.role === 'ADMIN') void refreshAdmins();
          }}
        />
      </div>
      <SetPasswordDialog
        user={settingPassword}
        onClose={() => setSettingPassword(null)}
        onSet={(updated) => {
          users.setData((page) => page && { ...page, items: page.items.map((u) => (u.id === updated.id ? updated : u)) });
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

const SetPasswordForm = z.object({ password: UpdateUserBody.shape.password.unwrap() });

/** An admin sets someone's password (they forgot theirs): their sessions end, and they must change it at sign-in. */
function SetPasswordDialog({ user, onClose, onSet }: { user: AdminUser | null; onClose: () => void; onSet: (user: AdminUser) => void }) {
  const form = useForm({ resolver: zodResolver(SetPasswordForm), defaultValues: { password: '' } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const close = () => {
    form.reset();
    setFormError(undefined);
    onClose();
  };
  const submit = form.handleSubmit(async ({ password }) => {
    if (!user) return;
    setFormError(undefined);
    try {
      const updated = await api.call('PATCH /users/:id', { params: { id: user.id }, body: { password } });
      form.reset();
      onSet(updated);
    } catch (error) {
      setFormError(applyServerErrors(error, ['password'], form.setError));
    }
  });
  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={`Set a new password for ${user?.name ?? ''}`}
      labelledBy="set-password-title"
      description="They are signed out everywhere at once, and must choose their own password when they next sign in. Share this one with them privately."
    >
      <form onSubmit={submit} noValidate className="space-y-3" aria-label="Set password">
        <Field id="set-password" label="New password" error={errors.password?.message} hint="At least 8 characters and at most 72 bytes.">
          <TextInput type="password" autoComplete="new-password" {...describedBy('set-password', errors.password?.message, true)} {...form.register('password')} />
        </Field>
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" busy={isSubmitting}>
            Set password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function NewUser({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateUserBody), defaultValues: { name: '', email: '', password: '', role: 'ADMIN' as RoleValue } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      const user = await api.call('POST /users', { body });
      onCreated(user);
      form.reset();
      notify({ tone: 'success', title: `${user.name} added`, body: user.role === 'ADMIN' ? 'Share the password with them privately.' : undefined });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') form.setError('email', { message: 'An account with this email already exists' });
      else setFormError(applyServerErrors(error, ['name', 'email', 'password', 'role'], form.setError));
    }
  });
  return (
    <section aria-labelledby="new-user" className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="new-user" className="flex items-center gap-2 text-[13px] font-semibold text-slate-900">
        <Icon name="userPlus" size={15} className="text-slate-400" /> Add a team member
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3" aria-label="Add a team member">
        <Field id="user-name" label="Name" error={errors.name?.message}>
          <TextInput autoComplete="off" {...describedBy('user-name', errors.name?.message)} {...form.register('name')} />
        </Field>
        <Field id="user-email" label="Email" error={errors.email?.message}>
          <TextInput type="email" autoComplete="off" {...describedBy('user-email', errors.email?.message)} {...form.register('email')} />
        </Field>
        <Field
          id="user-password"
          label="Initial password"
          error={errors.password?.message}
          hint="At least 8 characters, at most 72 bytes. They choose their own at first sign-in."
        >
          <TextInput type="password" autoComplete="new-password" {...describedBy('user-password', errors.password?.message, true)} {...form.register('password')} />
        </Field>
        <Field id="user-role" label="Role" error={errors.role?.message}>
          <Select {...describedBy('user-role', errors.role?.message)} {...form.register('role')} className="w-full">
            <option value="ADMIN">Admin — works in this console</option>
            <option value="CUSTOMER">Customer</option>
          </Select>
        </Field>
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <Button type="submit" variant="primary" icon="plus" busy={isSubmitting} className="w-full">
          Add account
        </Button>
      </form>
    </section>
  );
}
