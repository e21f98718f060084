// How the inbox's list follows the socket without a reload, and how the keyboard moves through it.
import type { Page, Ticket } from '../api/types';
import type { InboxView } from './filters';

/**
 * A chat message or a comment is activity (the server sends no ticket:updated for them). Internal
 * notes move only the team's activity time, never the customer-visible updatedAt.
 */
export const touchTicket =
  (ticketId: string, at: string, internal: boolean) =>
  (page: Page<Ticket> | undefined): Page<Ticket> | undefined =>
    page && {
      ...page,
      items: page.items.map((t) => (t.id !== ticketId ? t : internal ? { ...t, activityAt: at } : { ...t, activityAt: at, updatedAt: at })),
    };

/**
 * Whether a change is worth refetching the list for: only on the first page (it decides order and
 * filters; later pages are patched in place so they do not shift under the reader).
 */
export const refetchesOnChange = (view: InboxView) => !view.cursor;

/** Activity moves a ticket only in lists sorted by activity or update time. */
export const refetchesOnActivity = (view: InboxView) => refetchesOnChange(view) && /^-?(activityAt|updatedAt)$/.test(view.sort);

/** The id `step` rows away from the selected one (j/k); the first row when nothing is selected yet. Stops at the ends. */
export function stepSelection(ids: readonly string[], selected: string | null, step: number): string | undefined {
  if (!ids.length) return undefined;
  const index = selected === null ? -1 : ids.indexOf(selected);
  return ids[Math.min(ids.length - 1, Math.max(0, index < 0 ? 0 : index + step))];
}
