import { describe, expect, it } from 'vitest';
import { HeardDuringLoad } from './heardDuringLoad';

type Item = { id: string };
const append = (item: Item) => (list: Item[] | undefined) => (list?.some((i) => i.id === item.id) ? list : [...(list ?? []), item]);

describe('HeardDuringLoad', () => {
  it('applies an event heard while loading on top of a result read before it', () => {
    const heard = new HeardDuringLoad<Item[]>();
    heard.begin();
    heard.heard(append({ id: 'e2' }));
    expect(heard.settle([{ id: 'e1' }])).toEqual([{ id: 'e1' }, { id: 'e2' }]);
  });

  it('does not duplicate an event the result already holds', () => {
    const heard = new HeardDuringLoad<Item[]>();
    heard.begin();
    heard.heard(append({ id: 'e1' }));
    expect(heard.settle([{ id: 'e1' }])).toEqual([{ id: 'e1' }]);
  });

  it('forgets what was heard before a load began, and between loads', () => {
    const heard = new HeardDuringLoad<Item[]>();
    heard.heard(append({ id: 'before' }));
    heard.begin();
    expect(heard.settle([])).toEqual([]);
    heard.heard(append({ id: 'after' }));
    heard.begin();
    expect(heard.settle([{ id: 'x' }])).toEqual([{ id: 'x' }]);
  });

  it('keeps replacing values in order, the last one winning', () => {
    const heard = new HeardDuringLoad<{ status: string }>();
    heard.begin();
    heard.heard({ status: 'PENDING' });
    heard.heard((t) => (t ? { ...t, status: 'SOLVED' } : t));
    expect(heard.settle({ status: 'OPEN' })).toEqual({ status: 'SOLVED' });
  });

  it('drops what it kept when the load fails', () => {
    const heard = new HeardDuringLoad<Item[]>();
    heard.begin();
    heard.heard(append({ id: 'e2' }));
    heard.end();
    heard.begin();
    expect(heard.settle([])).toEqual([]);
  });
});
