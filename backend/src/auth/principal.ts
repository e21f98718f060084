// Who is calling: the authenticated user as every service sees them.
import { TEAM, type Role } from '@deskline/contract';

export interface AuthUser {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  /** The site a widget visitor belongs to (null for accounts). */
  siteId: string | null;
  /** The token's id and expiry (seconds since the epoch), for logout. */
  jti: string;
  exp: number;
  /** A printed or admin-set password: until it is changed, only /auth/me, /auth/password and /auth/logout answer. */
  mustChangePassword: boolean;
  /** A team member's stored avatar, so the messages they send carry its URL. */
  avatarKey?: string | null;
  /**
   * Signed in by an email's portal link: this session sees that one ticket and nothing else of
   * the customer's (enforced in tickets/access.ts). Absent for every other session.
   */
  ticketScope?: string;
}

export type TeamRole = (typeof TEAM)[number];
export const isTeamRole = (role: Role): role is TeamRole => (TEAM as readonly Role[]).includes(role);
/** The support team (agents and admins): they work every ticket, see internal notes, reply as staff. */
export const isTeam = (user: { role: Role }) => isTeamRole(user.role);
/** Admins only: users, sites, categories, settings, and deleting what others wrote. */
export const isAdmin = (user: { role: Role }) => user.role === 'ADMIN';
