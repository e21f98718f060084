// Checks that a stored session still stands on the server, and refuses customer accounts.
import { api, revokeToken } from '../api/http';
import { isTeam } from './roles';
import { endSession } from './session';

/** Asks the server whether this session still stands; a 401 ends it (through the API client). */
export function checkSession(token: string): void {
  api.call('GET /auth/me').then(
    ({ user }) => {
      if (!isTeam(user)) refuseCustomer(token);
    },
    () => {},
  );
}

/** A customer's token is revoked at once: it must not linger in this browser's storage. */
export function refuseCustomer(token: string) {
  void revokeToken(token);
  endSession('customer');
}

