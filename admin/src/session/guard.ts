// Checks that a stored session still stands on the server, and refuses customer accounts.
import { api } from '../api/http';
import type { User } from '../api/types';
import { endSession } from './session';

/** Asks the server whether this session still stands; a 401 ends it (through the API client). */
export function checkSession(token: string): void {
  api<{ user: User }>('GET', '/auth/me').then(
    ({ user }) => {
      if (user.role !== 'ADMIN') refuseCustomer(token);
    },
    () => {},
  );
}

/** A customer's token is revoked at once: it must not linger in this browser's storage. */
export function refuseCustomer(token: string) {
  void api('POST', '/auth/logout', { token, allowUnauthenticated: true }).catch(() => {});
  endSession('customer');
}

