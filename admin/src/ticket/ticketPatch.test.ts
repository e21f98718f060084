import { describe, expect, it } from 'vitest';
import { optimistic } from './ticketPatch';

const names = new Map([['u-ada', 'Ada']]);

describe('a ticket change shown before the server agrees', () => {
  it('shows the new status and priority', () => {
    expect(optimistic({ status: 'RESOLVED', priority: 'HIGH' }, names)).toEqual({ status: 'RESOLVED', priority: 'HIGH' });
  });

  it('names the new assignee, or shows nobody when unassigned', () => {
    expect(optimistic({ assigneeId: 'u-ada' }, names)).toEqual({ assignee: { id: 'u-ada', name: 'Ada' } });
    expect(optimistic({ assigneeId: null }, names)).toEqual({ assignee: null });
  });

  it('shows an ellipsis for an admin not in the directory yet', () => {
    expect(optimistic({ assigneeId: 'u-new' }, names)).toEqual({ assignee: { id: 'u-new', name: '…' } });
  });

  it('leaves what the change does not touch', () => {
    expect(optimistic({ subject: 'New subject' }, names)).toEqual({});
  });
});
