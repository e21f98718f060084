// The accounts on screen: who they are, their role and state, and what an admin may do to each.
'use client';
import type { AdminUser, RoleValue } from '../../api/types';
import { Avatar } from '../../ui/badges';
import { Button, Select } from '../../ui/controls';
import { PersonEmail } from '../../ui/email';
import { cx, shortAge } from '../../ui/format';

interface UserTableProps {
  users: AdminUser[];
  meId: string;
  /** Phones show name and state only. */
  desktop: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onSetPassword: (user: AdminUser) => void;
  onToggle: (user: AdminUser) => void;
  onRoleChange: (user: AdminUser, role: RoleValue) => void;
}

const ROLE_BADGES: Record<RoleValue, { label: string; className: string }> = {
  ADMIN: { label: 'Admin', className: 'bg-indigo-50 text-indigo-700' },
  AGENT: { label: 'Agent', className: 'bg-sky-50 text-sky-800' },
  CUSTOMER: { label: 'Customer', className: 'bg-slate-100 text-slate-600' },
};

export function UserTable({ users, meId, desktop, hasMore, loadingMore, onLoadMore, onSetPassword, onToggle, onRoleChange }: UserTableProps) {
  return (
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
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-email={user.email ?? ''} className={cx('[&>td]:px-4 [&>td]:py-2', user.disabled && 'text-slate-500')}>
              <td className="max-w-0 min-w-40">
                <div className="flex items-center gap-2.5">
                  <Avatar name={user.name} seed={user.id} size={28} className={user.disabled ? 'opacity-50' : undefined} />
                  <div className="min-w-0">
                    <p className={cx('truncate font-medium', user.disabled ? 'text-slate-500' : 'text-slate-900')}>
                      {user.name}
                      {user.id === meId && <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span>}
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
                    {/* Your own role is not yours to change here; a visitor without a password never signs in to the console. */}
                    {user.id !== meId && user.hasPassword ? (
                      <Select
                        aria-label={`Role of ${user.name}`}
                        data-testid="user-role"
                        value={user.role}
                        onChange={(event) => onRoleChange(user, event.target.value as RoleValue)}
                        className="h-7 w-auto py-0 text-xs"
                      >
                        {(Object.keys(ROLE_BADGES) as RoleValue[]).map((role) => (
                          <option key={role} value={role}>
                            {ROLE_BADGES[role].label}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <span className={cx('rounded px-1.5 py-0.5 text-xs font-medium', ROLE_BADGES[user.role].className)}>
                        {ROLE_BADGES[user.role].label}
                      </span>
                    )}
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
                {user.id !== meId && user.hasPassword && (
                  <Button size="sm" variant="ghost" onClick={() => onSetPassword(user)} aria-label={`Set a new password for ${user.name}`}>
                    Set password
                  </Button>
                )}
                {user.id !== meId && (
                  <Button size="sm" variant={user.disabled ? 'secondary' : 'ghost'} onClick={() => onToggle(user)}>
                    {user.disabled ? 'Enable' : 'Disable'}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasMore && (
        <div className="border-t border-slate-100 p-2 text-center">
          <Button size="sm" variant="ghost" busy={loadingMore} onClick={onLoadMore}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
