import { describe, expect, it } from 'vitest';
import { ROLE_TABS, tabShows, usersQuery, USERS_PAGE_SIZE } from './users';

describe('the users page', () => {
  it('asks for one role, or everyone, with the search when there is one', () => {
    expect(usersQuery('ADMIN', '')).toEqual({ role: 'ADMIN', q: undefined, limit: USERS_PAGE_SIZE, cursor: undefined });
    expect(usersQuery('ALL', 'grace', 'c2')).toEqual({ role: undefined, q: 'grace', limit: USERS_PAGE_SIZE, cursor: 'c2' });
  });

  it('shows a new account at once only in a tab that lists its role', () => {
    expect(tabShows('ALL', 'CUSTOMER')).toBe(true);
    expect(tabShows('ADMIN', 'ADMIN')).toBe(true);
    expect(tabShows('ADMIN', 'CUSTOMER')).toBe(false);
  });

  it('lists the team as agents and admins together', () => {
    expect(ROLE_TABS[0]!.value).toBe('TEAM');
    expect(usersQuery('TEAM', '')).toEqual({ role: 'AGENT,ADMIN', q: undefined, limit: USERS_PAGE_SIZE, cursor: undefined });
    expect(tabShows('TEAM', 'AGENT')).toBe(true);
    expect(tabShows('TEAM', 'ADMIN')).toBe(true);
    expect(tabShows('TEAM', 'CUSTOMER')).toBe(false);
  });

  it('opens on the team, then customers, then everyone', () => {
    expect(ROLE_TABS.map((t) => t.label)).toEqual(['Team', 'Customers', 'Everyone']);
  });
});
