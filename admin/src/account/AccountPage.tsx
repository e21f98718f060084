// The signed-in team member's own account: who they are, their password and their notifications.
'use client';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { useMe } from '../session/session';
import { Icon } from '../ui/icons';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';
import { ChangePassword } from './ChangePasswordForm';
import { NotificationsSection } from './NotificationsSection';
import { ProfileSection } from './ProfileSection';

export function AccountPage() {
  usePageTitle('Your account');
  const me = useMe();
  const { notify } = useToasts();
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title="Your account" description="Your sign-in details and notifications for the support console." />
      <div className="mx-auto grid max-w-[720px] grid-cols-1 gap-6 p-4 sm:p-6">
        <ProfileSection initial={me} onSaved={(title) => notify({ tone: 'success', title })} />
        <section aria-labelledby="password-heading" className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
          <h2 id="password-heading" className="flex items-center gap-2 text-[13px] font-semibold text-slate-900">
            <Icon name="key" size={15} className="text-slate-400" /> Change password
          </h2>
          <p className="mt-1 mb-3 text-[13px] text-slate-500">You stay signed in here; every other browser and device is signed out.</p>
          <ChangePassword
            onChanged={() => notify({ tone: 'success', title: 'Password changed', body: 'Your other sessions have been signed out.' })}
          />
        </section>
        <NotificationsSection />
      </div>
    </div>
  );
}

/**
 * Shown instead of the console while the password was printed at first start or set by an admin:
 * the server refuses everything else until it is changed.
 */
export function PasswordChangeRequired({ name, onChanged, onSignOut }: { name: string; onChanged: () => void; onSignOut: () => void }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-50 px-4 py-10" data-testid="password-change-required">
      <div className="w-full max-w-[400px] rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-7">
        <h1 className="text-base font-semibold text-slate-900">Choose your own password</h1>
        <p className="mt-1 mb-4 text-[13px] text-slate-600">
          Welcome, {name}. Your password was given to you (printed at first start or set by an admin), so replace it before you continue.
        </p>
        <ChangePassword onChanged={onChanged} submitLabel="Save and continue" />
        <button type="button" onClick={onSignOut} className="mt-4 text-[13px] font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900">
          Sign out instead
        </button>
      </div>
    </main>
  );
}
