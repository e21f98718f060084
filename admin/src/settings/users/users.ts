// The users page's logic: which accounts a tab and a search ask the server for, and whether a
// new account belongs in the list on screen.
import type { RoleValue } from '../../api/types';

/** A role, the whole support team (agents and admins), or everyone. */
export type RoleFilter = RoleValue | 'TEAM' | 'ALL';

export const ROLE_TABS: { value: RoleFilter; label: string }[] = [
  { value: 'TEAM', label: 'Team' },
  { value: 'CUSTOMER', label: 'Customers' },
  { value: 'ALL', label: 'Everyone' },
];

/** A role in a sentence: "Ada is now an agent". */
export const ROLE_NAMES: Record<RoleValue, string> = { CUSTOMER: 'a customer', AGENT: 'an agent', ADMIN: 'an admin' };

export const USERS_PAGE_SIZE = 50;

/** The GET /users query of a tab and a search (an empty search asks for everyone). */
export function usersQuery(role: RoleFilter, search: string, cursor?: string) {
  const roles = role === 'ALL' ? undefined : role === 'TEAM' ? 'AGENT,ADMIN' : role;
  return { role: roles, q: search || undefined, limit: USERS_PAGE_SIZE, cursor };
}

/** A created account shows at once when the tab on screen lists its role. */
export const tabShows = (tab: RoleFilter, role: RoleValue) => tab === 'ALL' || tab === role || (tab === 'TEAM' && role !== 'CUSTOMER');
