// The console's one API client, made from the contract's route table: same origin, the session's
// token, typed requests and answers, the contract's errors.
import { createApiClient } from '@deskline/contract/client';
import { currentToken, endSession } from '../session/session';

export { ApiError } from '@deskline/contract/client';

export const api = createApiClient({
  token: currentToken,
  // A token the server refuses was revoked or has expired: the session is over. Sign-in calls are
  // anonymous, so a wrong password never lands here.
  onUnauthorized: () => endSession('expired'),
  networkMessage: 'Cannot reach the server. Check your connection and try again.',
});

/**
 * Revokes a token on the server (the session's own unless another is given). Best effort: the
 * caller forgets the token anyway, and a 401 here must not report the session as expired.
 */
export async function revokeToken(token = currentToken()): Promise<void> {
  if (!token) return;
  try {
    await api.call('POST /auth/logout', { token, expectUnauthorized: true });
  } catch {
    // already revoked, or the server is unreachable: nothing more to do from here
  }
}

/** The short-lived signed URL of an attachment, made relative so it stays on the console's origin. */
export function sameOriginUrl(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
