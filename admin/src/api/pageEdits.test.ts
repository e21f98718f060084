import { describe, expect, it } from 'vitest';
import { appendPage, prependItem, removeItem, replaceItem, updateItem } from './pageEdits';
import type { Page } from './types';

type Row = { id: string; name: string };
const page = (...ids: string[]): Page<Row> => ({ items: ids.map((id) => ({ id, name: id })), nextCursor: 'next' });
const ids = (p: Page<Row> | undefined) => p?.items.map((r) => r.id);

describe('editing a loaded page in place', () => {
  it('replaces the row with the same id and keeps the order and cursor', () => {
    const next = replaceItem<Row>({ id: 'b', name: 'renamed' })(page('a', 'b', 'c'));
    expect(next).toEqual({ items: [{ id: 'a', name: 'a' }, { id: 'b', name: 'renamed' }, { id: 'c', name: 'c' }], nextCursor: 'next' });
  });

  it('changes one row through a function', () => {
    expect(updateItem<Row>('a', (r) => ({ ...r, name: r.name.toUpperCase() }))(page('a', 'b'))!.items[0]!.name).toBe('A');
  });

  it('puts a new row on top, once', () => {
    expect(ids(prependItem<Row>({ id: 'z', name: 'z' })(page('a', 'b')))).toEqual(['z', 'a', 'b']);
    expect(ids(prependItem<Row>({ id: 'b', name: 'b' })(page('a', 'b')))).toEqual(['b', 'a']);
  });

  it('removes a row', () => {
    expect(ids(removeItem<Row>('a')(page('a', 'b')))).toEqual(['b']);
  });

  it('appends the next page and takes its cursor', () => {
    const next = appendPage<Row>({ items: [{ id: 'c', name: 'c' }], nextCursor: null })(page('a', 'b'));
    expect(ids(next)).toEqual(['a', 'b', 'c']);
    expect(next!.nextCursor).toBeNull();
  });

  it('leaves a list that has not loaded yet alone', () => {
    expect(replaceItem<Row>({ id: 'a', name: 'a' })(undefined)).toBeUndefined();
    expect(prependItem<Row>({ id: 'a', name: 'a' })(undefined)).toBeUndefined();
    expect(appendPage<Row>(page('a'))(undefined)).toBeUndefined();
  });
});
