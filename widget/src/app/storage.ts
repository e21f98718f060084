// What the widget remembers between page loads, in localStorage under one key per site key
// (`deskline:<siteKey>`), or `deskline:portal` for the portal. Storage may be unavailable
// (privacy modes, sandboxed frames): then the session simply lasts as long as the page.

import { unreadFlag } from '../loader/contract.js';
import { toJson } from './encoding.js';

export interface StoredSession {
  kind: 'anonymous' | 'identified' | 'account';
  token?: string;
  visitorId?: string;
  /** For identified sessions: the identity the token was issued for. */
  externalId?: string;
  signature?: string;
}

export function sessionStore(key: string) {
  let memory: StoredSession | undefined;
  return {
    read(): StoredSession | undefined {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as StoredSession) : undefined;
      } catch {
        return memory;
      }
    },
    write(value: StoredSession | undefined): void {
      memory = value;
      try {
        if (value) localStorage.setItem(key, toJson(value)!);
        else localStorage.removeItem(key);
      } catch {
        /* memory only */
      }
    },
  };
}

/** Leaves word for the loader (widget.js) that replies wait unread, so it loads the app at once next time. */
export function rememberUnread(siteKey: string, unread: boolean): void {
  try {
    if (unread) localStorage.setItem(unreadFlag(siteKey), '1');
    else localStorage.removeItem(unreadFlag(siteKey));
  } catch {
    /* no storage: the badge waits for the visitor's intent */
  }
}

export type SessionStore = ReturnType<typeof sessionStore>;

/** A token that is missing or expires within a minute is not worth trying. */
export function tokenUsable(token: string | undefined): token is string {
  if (!token) return false;
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return !payload.exp || payload.exp * 1000 > Date.now() + 60_000;
  } catch {
    return false;
  }
}
