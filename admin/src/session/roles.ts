// What each role may open in the console: the support team (agents and admins) works tickets;
// only admins manage users, sites, categories and settings. The server refuses the rest anyway.
import type { RoleValue } from '../api/types';

export const isTeam = (user: { role: RoleValue }) => user.role === 'AGENT' || user.role === 'ADMIN';
export const isAdmin = (user: { role: RoleValue }) => user.role === 'ADMIN';
