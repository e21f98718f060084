'use client';
// The admin's session: token and user in localStorage (so a reload keeps it), and one signal for
// "the session is over" (expired token, sign-out, another tab signing out) that the shell obeys.
import { createContext, useContext } from 'react';
import type { User } from '../api/types';

const STORAGE_KEY = 'deskline.admin.session';

export interface Session {
  token: string;
  user: User;
}

export type EndReason = 'expired' | 'signed-out' | 'customer';

let cached: Session | null | undefined;
const listeners = new Set<(reason: EndReason) => void>();

export function readSession(): Session | null {
  if (typeof window === 'undefined') return null;
  if (cached !== undefined) return cached;
  try {
    const parsed = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    cached = parsed && typeof parsed.token === 'string' && parsed.user ? parsed : null;
  } catch {
    cached = null;
  }
  return cached;
}

export function saveSession(session: Session): void {
  cached = session;
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function currentToken(): string | undefined {
  return readSession()?.token;
}

export function endSession(reason: EndReason): void {
  const had = readSession() !== null;
  cached = null;
  window.localStorage.removeItem(STORAGE_KEY);
  if (had) listeners.forEach((listener) => listener(reason));
}

export function onSessionEnd(listener: (reason: EndReason) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

if (typeof window !== 'undefined') {
  // Signing out in one tab signs out every tab.
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    const before = cached;
    cached = undefined;
    if (before && !readSession()) listeners.forEach((listener) => listener('signed-out'));
  });
}

export const SESSION_MESSAGES: Record<EndReason, string> = {
  expired: 'Your session has ended. Sign in again to continue.',
  'signed-out': 'You have signed out.',
  customer: 'This console is for the support team. Customer accounts can follow their requests in the help portal.',
};

/** The signed-in admin, provided by the console's shell for as long as its pages are on screen. */
export const MeContext = createContext<User | null>(null);

export function useMe(): User {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the console shell');
  return me;
}
