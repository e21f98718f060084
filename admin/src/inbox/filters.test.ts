import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  apiQueryForView,
  clearedView,
  DEFAULT_LIMIT,
  DEFAULT_SORT,
  hrefForView,
  isFiltered,
  rememberedList,
  rememberList,
  titleFor,
  viewFromParams,
  withFilter,
  type InboxView,
} from './filters';

const view = (query: string) => viewFromParams(new URLSearchParams(query));

describe('the inbox view in the URL', () => {
  it('opens on every ticket, most recently active first, 25 a page', () => {
    expect(view('')).toEqual({ status: [], priority: [], category: undefined, assignee: undefined, q: undefined, sort: DEFAULT_SORT, limit: DEFAULT_LIMIT, cursor: undefined });
    expect(DEFAULT_SORT).toBe('-activityAt');
    expect(hrefForView(view(''))).toBe('/inbox');
  });

  it('reads lists of statuses and priorities, and every other filter', () => {
    const v = view('status=OPEN,IN_PROGRESS&priority=HIGH&category=billing&assignee=me&q=refund&sort=-priority&limit=50&cursor=abc');
    expect(v).toEqual({
      status: ['OPEN', 'IN_PROGRESS'],
      priority: ['HIGH'],
      category: 'billing',
      assignee: 'me',
      q: 'refund',
      sort: '-priority',
      limit: 50,
      cursor: 'abc',
    });
  });

  it('drops what the server would refuse instead of sending it', () => {
    const v = view('status=OPEN,NOPE&priority=&sort=-bogus&limit=7&assignee=not%20an%20id');
    expect(v.status).toEqual([]);
    expect(v.priority).toEqual([]);
    expect(v.sort).toBe(DEFAULT_SORT);
    expect(v.limit).toBe(DEFAULT_LIMIT);
    expect(v.assignee).toBeUndefined();
  });

  it('writes short links: defaults left out, lists with plain commas, and reads them back the same', () => {
    const v: InboxView = { status: ['OPEN', 'RESOLVED'], priority: [], q: 'two words', sort: 'relevance', limit: DEFAULT_LIMIT, assignee: 'none' };
    const href = hrefForView(v);
    expect(href).toBe('/inbox?q=two+words&status=OPEN,RESOLVED&assignee=none');
    expect(view(href.slice('/inbox?'.length))).toEqual({ ...v, category: undefined, cursor: undefined });
  });

  it('keeps a non-default sort and page size in the link', () => {
    expect(hrefForView({ status: [], priority: [], sort: 'number', limit: 100 })).toBe('/inbox?sort=number&limit=100');
  });

  it('ranks a search by relevance until another order is chosen, and keeps that choice in the link', () => {
    expect(view('q=late').sort).toBe('relevance');
    expect(view('q=late&sort=-activityAt').sort).toBe('-activityAt');
    expect(hrefForView({ status: [], priority: [], q: 'late', sort: DEFAULT_SORT, limit: DEFAULT_LIMIT })).toBe('/inbox?q=late&sort=-activityAt');
    // Typing a search moves an order nobody chose to relevance, and clearing it moves it back.
    const searched = withFilter(view(''), { q: 'late' });
    expect(searched.sort).toBe('relevance');
    expect(withFilter(searched, { q: undefined }).sort).toBe(DEFAULT_SORT);
    expect(withFilter(view('sort=number'), { q: 'late' }).sort).toBe('number');
  });
});

describe('the API query of a view', () => {
  it('sends lists comma-separated and leaves empty filters out', () => {
    expect(apiQueryForView(view('status=OPEN,CLOSED&q=late'))).toEqual({
      status: 'OPEN,CLOSED',
      priority: undefined,
      category: undefined,
      assignee: undefined,
      q: 'late',
      sort: 'relevance',
      limit: 25,
      cursor: undefined,
    });
  });
});

describe('changing the view', () => {
  const paged = view('status=OPEN&q=x&sort=number&limit=50&cursor=c2');

  it('a new filter starts again from the first page', () => {
    expect(withFilter(paged, { priority: ['LOW'] })).toMatchObject({ status: ['OPEN'], priority: ['LOW'], cursor: undefined });
  });

  it('clearing filters keeps the sort and the page size', () => {
    expect(clearedView(paged)).toEqual({ status: [], priority: [], sort: 'number', limit: 50 });
    expect(isFiltered(paged)).toBe(true);
    expect(isFiltered(clearedView(paged))).toBe(false);
  });

  it('a sort or a page of their own is not a filter', () => {
    expect(isFiltered(view('sort=priority&cursor=c'))).toBe(false);
  });

  it('names the sidebar views by their assignee', () => {
    expect(titleFor(view('assignee=me'))).toBe('Assigned to me');
    expect(titleFor(view('assignee=none'))).toBe('Unassigned');
    expect(titleFor(view('status=OPEN'))).toBe('Inbox');
  });
});

describe('the list remembered for stepping through tickets', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('round-trips through sessionStorage', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) });
    rememberList('/inbox?status=OPEN', ['t1', 't2']);
    expect(rememberedList()).toEqual({ href: '/inbox?status=OPEN', ids: ['t1', 't2'] });
  });

  it('falls back to the plain inbox when storage is unavailable or holds something else', () => {
    vi.stubGlobal('sessionStorage', {
      getItem: () => {
        throw new Error('private mode');
      },
      setItem: () => {
        throw new Error('private mode');
      },
    });
    expect(() => rememberList('/inbox', ['t1'])).not.toThrow();
    expect(rememberedList()).toEqual({ href: '/inbox', ids: [] });
    vi.stubGlobal('sessionStorage', { getItem: () => '{"href":1}' });
    expect(rememberedList()).toEqual({ href: '/inbox', ids: [] });
  });
});
