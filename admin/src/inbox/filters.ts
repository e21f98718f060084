// The inbox view lives in the URL (shareable, survives reload); the shared TicketListQuery schema
// decides which values are valid, so the console never sends a query the server would refuse.
import { TICKET_SORTS, TicketListQuery } from '@deskline/contract';
import type { z } from 'zod';
import type { PriorityValue, Status } from '../api/types';

export type TicketSort = (typeof TICKET_SORTS)[number] | 'relevance';

export interface InboxView {
  status: Status[];
  priority: PriorityValue[];
  category?: string;
  assignee?: string;
  /** A label's id. */
  label?: string;
  q?: string;
  sort: TicketSort;
  limit: number;
  cursor?: string;
}

/** The console opens on the most recently active tickets (internal notes count as activity). */
export const DEFAULT_SORT: TicketSort = '-activityAt';
export const DEFAULT_LIMIT = 25;
/** A search is ranked by relevance until the admin picks another order. */
export const implicitSort = (view: Pick<InboxView, 'q'>): TicketSort => (view.q ? 'relevance' : DEFAULT_SORT);
export const PAGE_SIZES = [25, 50, 100];

const shape = TicketListQuery.shape;

function field<K extends keyof typeof shape>(key: K, value: string | null) {
  if (value === null || value === '') return undefined;
  const parsed = shape[key].safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function viewFromParams(params: URLSearchParams): InboxView {
  return {
    status: (field('status', params.get('status')) as Status[] | undefined) ?? [],
    priority: (field('priority', params.get('priority')) as PriorityValue[] | undefined) ?? [],
    category: field('category', params.get('category')) as string | undefined,
    assignee: field('assignee', params.get('assignee')) as string | undefined,
    label: field('label', params.get('label')) as string | undefined,
    q: field('q', params.get('q')) as string | undefined,
    sort: (field('sort', params.get('sort')) as TicketSort | undefined) ?? implicitSort({ q: field('q', params.get('q')) as string | undefined }),
    limit: PAGE_SIZES.includes(Number(params.get('limit'))) ? Number(params.get('limit')) : DEFAULT_LIMIT,
    cursor: field('cursor', params.get('cursor')) as string | undefined,
  };
}

/** The URL of a view: defaults left out, so shared links stay short. */
export function hrefForView(view: InboxView): string {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  if (view.status.length) params.set('status', view.status.join(','));
  if (view.priority.length) params.set('priority', view.priority.join(','));
  if (view.category) params.set('category', view.category);
  if (view.assignee) params.set('assignee', view.assignee);
  if (view.label) params.set('label', view.label);
  if (view.sort !== implicitSort(view)) params.set('sort', view.sort);
  if (view.limit !== DEFAULT_LIMIT) params.set('limit', String(view.limit));
  if (view.cursor) params.set('cursor', view.cursor);
  const qs = params.toString().replace(/%2C/g, ',');
  return qs ? `/inbox?${qs}` : '/inbox';
}

/** The GET /tickets query of a view, as the route takes it. */
export function apiQueryForView(view: InboxView): z.input<typeof TicketListQuery> {
  return {
    status: view.status.join(',') || undefined,
    priority: view.priority.join(',') || undefined,
    category: view.category,
    assignee: view.assignee,
    label: view.label,
    q: view.q,
    // Relevance ranks a search; without words there is nothing to rank by.
    sort: view.sort === 'relevance' && !view.q ? DEFAULT_SORT : view.sort,
    limit: view.limit,
    cursor: view.cursor,
  };
}

export const isFiltered = (view: InboxView) =>
  view.status.length > 0 || view.priority.length > 0 || Boolean(view.category || view.assignee || view.label || view.q);

/** The view without its filters and search; its sort and page size stay. */
export const clearedView = (view: InboxView): InboxView => ({
  status: [],
  priority: [],
  sort: view.sort === implicitSort(view) ? DEFAULT_SORT : view.sort,
  limit: view.limit,
});

/**
 * A change of filter starts again from the first page. Starting or ending a search moves an order
 * nobody chose along with it (relevance for a search, recent activity without one).
 */
export function withFilter(view: InboxView, patch: Partial<InboxView>): InboxView {
  const next = { ...view, ...patch, cursor: undefined };
  if ('q' in patch && !('sort' in patch) && view.sort === implicitSort(view)) next.sort = implicitSort(next);
  return next;
}

export const SORT_OPTIONS: { value: TicketSort; label: string }[] = [
  { value: 'relevance', label: 'Best match (a search)' },
  { value: '-activityAt', label: 'Recent activity' },
  { value: 'activityAt', label: 'Least recent activity' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-priority', label: 'Highest priority' },
  { value: 'priority', label: 'Lowest priority' },
  { value: '-number', label: 'Number, high to low' },
  { value: 'number', label: 'Number, low to high' },
];

/** The page's heading: the sidebar's "Assigned to me" and "Unassigned" are inbox views too. */
export function titleFor(view: InboxView): string {
  if (view.assignee === 'me') return 'Assigned to me';
  if (view.assignee === 'none') return 'Unassigned';
  return 'Inbox';
}

/** The ticket list the admin last saw, so the ticket view can step to the next and previous one. */
const LIST_KEY = 'deskline.inbox.list';

export function rememberList(href: string, ids: string[]): void {
  try {
    sessionStorage.setItem(LIST_KEY, JSON.stringify({ href, ids }));
  } catch {
    // private mode: stepping through tickets is a convenience
  }
}

export function rememberedList(): { href: string; ids: string[] } {
  try {
    const value = JSON.parse(sessionStorage.getItem(LIST_KEY) ?? 'null') as { href: string; ids: string[] } | null;
    if (value && typeof value.href === 'string' && Array.isArray(value.ids)) return value;
  } catch {
    // fall through
  }
  return { href: '/inbox', ids: [] };
}
