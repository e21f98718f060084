import { describe, expect, it } from 'vitest';
import type { Page, Ticket } from '../api/types';
import { viewFromParams } from './filters';
import { refetchesOnActivity, refetchesOnChange, stepSelection, touchTicket } from './liveList';

const T0 = '2026-01-01T10:00:00.000Z';
const ticket = (id: string) => ({ id, updatedAt: T0, activityAt: T0 }) as Ticket;
const page = (): Page<Ticket> => ({ items: [ticket('a'), ticket('b')], nextCursor: null });
const view = (query: string) => viewFromParams(new URLSearchParams(query));

describe('activity on a ticket in the list', () => {
  const at = '2026-01-01T11:00:00.000Z';

  it('a chat message or public reply moves both its activity and its update time', () => {
    const [a, b] = touchTicket('a', at, false)(page())!.items;
    expect([a!.activityAt, a!.updatedAt]).toEqual([at, at]);
    expect(b).toEqual(ticket('b'));
  });

  it('an internal note moves only the team’s activity time, never what the customer sees', () => {
    const [a] = touchTicket('a', at, true)(page())!.items;
    expect([a!.activityAt, a!.updatedAt]).toEqual([at, T0]);
  });

  it('leaves a list that has not loaded alone', () => {
    expect(touchTicket('a', at, false)(undefined)).toBeUndefined();
  });
});

describe('when the list refetches', () => {
  it('only the first page refetches on a change; later pages are patched in place', () => {
    expect(refetchesOnChange(view(''))).toBe(true);
    expect(refetchesOnChange(view('cursor=c2'))).toBe(false);
  });

  it('activity refetches only lists ordered by activity or update time', () => {
    expect(refetchesOnActivity(view(''))).toBe(true);
    expect(refetchesOnActivity(view('sort=updatedAt'))).toBe(true);
    expect(refetchesOnActivity(view('sort=-updatedAt'))).toBe(true);
    expect(refetchesOnActivity(view('sort=-priority'))).toBe(false);
    expect(refetchesOnActivity(view('sort=-activityAt&cursor=c2'))).toBe(false);
  });
});

describe('j and k in the list', () => {
  const ids = ['a', 'b', 'c'];

  it('start at the first row when nothing is selected', () => {
    expect(stepSelection(ids, null, 1)).toBe('a');
    expect(stepSelection(ids, null, -1)).toBe('a');
    expect(stepSelection(ids, 'gone', 1)).toBe('a');
  });

  it('move one row and stop at either end', () => {
    expect(stepSelection(ids, 'a', 1)).toBe('b');
    expect(stepSelection(ids, 'b', -1)).toBe('a');
    expect(stepSelection(ids, 'c', 1)).toBe('c');
    expect(stepSelection(ids, 'a', -1)).toBe('a');
  });

  it('select nothing in an empty list', () => {
    expect(stepSelection([], null, 1)).toBeUndefined();
  });
});
