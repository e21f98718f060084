// The overview's numbers come from GET /api/stats/overview, typed by the contract's schema.
import type { OverviewJson } from '@deskline/contract';
import { api } from '../api/http';

export type Overview = OverviewJson;

export const fetchOverview = () => api.call('GET /stats/overview');

/** The window's length in whole days (the server sends its bounds). */
export const windowDays = (overview: Overview) =>
  Math.max(1, Math.round((new Date(overview.window.to).getTime() - new Date(overview.window.from).getTime()) / 86_400_000));
