// The users page's logic: which accounts a tab and a search ask the server for, and whether a
// new account belongs in the list on screen.
import type { RoleValue } from '../../api/types';

export type RoleFilter = RoleValue | 'ALL';

export const ROLE_TABS: { value: RoleFilter; label: string }[] = [
  { value: 'ADMIN', label: 'Team' },
  { value: 'CUSTOMER', label: 'Customers' },
  { value: 'ALL', label: 'Everyone' },
];

export const USERS_PAGE_SIZE = 50;

/** The GET /users query of a tab and a search (an empty search asks for everyone). */
export function usersQuery(role: RoleFilter, search: string, cursor?: string) {
  return { role: role === 'ALL' ? undefined : role, q: search || undefined, limit: USERS_PAGE_SIZE, cursor };
}

/** A created account shows at once when the tab on screen lists its role. */
export const tabShows = (tab: RoleFilter, role: RoleValue) => tab === 'ALL' || tab === role;
