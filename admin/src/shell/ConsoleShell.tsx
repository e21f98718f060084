// The frame around every console page: the session guard, the live connection, navigation,
// notifications and the shortcut help. Pages render inside <main>.
'use client';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { PasswordChangeRequired } from '../account/AccountPage';
import { AgentAlerts } from '../alerts/AgentAlerts';
import { revokeToken } from '../api/http';
import type { User } from '../api/types';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { checkSession, refuseCustomer } from '../session/guard';
import { isTeam } from '../session/roles';
import { endSession, MeContext, onSessionEnd, readSession, saveSession, type EndReason, type Session } from '../session/session';
import { HelpOverlay } from '../shortcuts/HelpOverlay';
import { useShortcuts } from '../shortcuts/shortcuts';
import { Spinner } from '../ui/controls';
import { ToastProvider } from '../ui/toasts';
import { MobileBar, Sidebar } from './Sidebar';

export function ConsoleShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [session, setSession] = useState<Session | null>(null);

  useEffect(() => {
    const toLogin = (reason?: EndReason) => {
      // Where the admin is when the session ends: they come back here after signing in.
      const here = `${window.location.pathname.replace(/^\/admin/, '') || '/'}${window.location.search}`;
      const params = new URLSearchParams();
      if (reason) params.set('reason', reason);
      if (reason !== 'signed-out' && here !== '/inbox') params.set('next', here);
      router.replace(`/login${params.size ? `?${params}` : ''}`);
    };
    const off = onSessionEnd(toLogin);
    const stored = readSession();
    if (!stored) {
      toLogin();
      return off;
    }
    if (!isTeam(stored.user)) {
      refuseCustomer(stored.token);
      return off;
    }
    setSession(stored);
    // The stored user may be stale (role changed, account disabled): the server has the last word.
    checkSession(stored.token);
    return off;
    // Only on first mount: later navigation keeps the session.
  }, [router]);

  if (!session) {
    return (
      <div className="flex h-dvh items-center justify-center bg-slate-50 text-[13px] text-slate-500" role="status">
        <Spinner className="mr-2" /> Opening the console…
      </div>
    );
  }
  if (session.user.mustChangePassword) {
    // The server answers nothing else until then; the page asked for opens right after.
    return (
      <PasswordChangeRequired
        name={session.user.name}
        onChanged={() => {
          const changed = { ...session, user: { ...session.user, mustChangePassword: false } };
          saveSession(changed);
          setSession(changed);
        }}
        onSignOut={() => {
          void revokeToken();
          endSession('signed-out');
        }}
      />
    );
  }
  return (
    <MeContext.Provider value={session.user}>
      <ToastProvider>
        <RealtimeProvider token={session.token}>
          <Frame user={session.user}>{children}</Frame>
        </RealtimeProvider>
      </ToastProvider>
    </MeContext.Provider>
  );
}

function Frame({ user, children }: { user: User; children: ReactNode }) {
  const router = useRouter();
  const [help, setHelp] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const pathname = usePathname();
  useEffect(() => setDrawer(false), [pathname]);
  useShortcuts({
    '?': () => setHelp((open) => !open),
    'g i': () => router.push('/inbox'),
    'g o': () => router.push('/overview'),
    'g s': () => router.push('/settings/sites'),
  });
  return (
    <div className="flex h-dvh bg-white text-slate-900">
      <Sidebar user={user} onHelp={() => setHelp(true)} className="hidden w-[232px] shrink-0 md:flex" />
      {drawer && (
        <div className="fixed inset-0 z-40 md:hidden">
          <div className="absolute inset-0 bg-slate-900/30" onClick={() => setDrawer(false)} aria-hidden="true" />
          <Sidebar user={user} onHelp={() => setHelp(true)} onClose={() => setDrawer(false)} className="relative flex h-full w-[264px] shadow-xl" />
        </div>
      )}
      <div className="flex min-w-0 flex-1 flex-col">
        <MobileBar onMenu={() => setDrawer(true)} className="md:hidden" />
        <AgentAlerts user={user} />
        <main id="main" className="flex min-h-0 flex-1 flex-col">
          {children}
        </main>
      </div>
      <HelpOverlay open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
