// Local edits to a loaded page of a list (a row changed, added or removed, live or by this admin),
// so the list follows without a refetch. Each makes an updater for `useApi`'s setData, and leaves
// a list that has not loaded yet alone.
import type { Page } from './types';

type Row = { id: string };
type Updater<T> = (page: Page<T> | undefined) => Page<T> | undefined;

/** The row with the same id becomes `item`. */
export const replaceItem =
  <T extends Row>(item: T): Updater<T> =>
  (page) =>
    page && { ...page, items: page.items.map((row) => (row.id === item.id ? item : row)) };

/** The row `id`, changed by `change`. */
export const updateItem =
  <T extends Row>(id: string, change: (row: T) => T): Updater<T> =>
  (page) =>
    page && { ...page, items: page.items.map((row) => (row.id === id ? change(row) : row)) };

/** A new row on top (lists are newest first). */
export const prependItem =
  <T extends Row>(item: T): Updater<T> =>
  (page) =>
    page && { ...page, items: [item, ...page.items.filter((row) => row.id !== item.id)] };

export const removeItem =
  <T extends Row>(id: string): Updater<T> =>
  (page) =>
    page && { ...page, items: page.items.filter((row) => row.id !== id) };

/** "Load more": the next page's rows after these, and its cursor. */
export const appendPage =
  <T extends Row>(next: Page<T>): Updater<T> =>
  (page) =>
    page && { items: [...page.items, ...next.items], nextCursor: next.nextCursor };
