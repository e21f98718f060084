// Who is calling: the authenticated user as every service sees them.
import type { Role } from '@deskline/contract';

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
}

export const isAdmin = (user: { role: string }) => user.role === 'ADMIN';
