import type { ChatState } from '@deskline/contract/client';
import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { chatEntries, continuesGroup, dayLabel, lastStoredStaffKey, startsDay, type ChatEntry } from './chatView';

const ME = { id: 'u-ada', name: 'Ada', role: 'ADMIN' as const };
const CUSTOMER = { id: 'u-carla', name: 'Carla', role: 'CUSTOMER' as const };
const AT = (minute: number, day = 1) => new Date(Date.UTC(2026, 0, day, 12, minute)).toISOString();

const message = (id: string, sender: Message['sender'], minute: number, fields: Partial<Message> = {}): Message => ({
  id,
  ticketId: 't1',
  sender,
  body: `body of ${id}`,
  attachments: [],
  clientId: null,
  createdAt: AT(minute),
  readAt: null,
  ...fields,
});

describe('the chat as entries on screen', () => {
  const state: ChatState = {
    messages: [
      message('m1', CUSTOMER, 0),
      message('m2', ME, 1, { clientId: 'c-1', readAt: AT(2) }),
      message('m3', ME, 3, { clientId: 'c-2' }),
    ],
    pending: [
      { clientId: 'c-3', body: 'on its way', attachments: [], state: 'sending', retryable: true },
      { clientId: 'c-4', body: 'refused', attachments: [], state: 'failed', error: { code: 'TICKET_CLOSED', message: 'closed' }, retryable: false },
      { clientId: 'c-5', body: 'timed out', attachments: [], state: 'failed', retryable: true },
    ],
  };
  const entries = chatEntries(state, ME, (clientId) => `sent-at-${clientId}`);

  it('lists stored messages, then ours on their way, each with where it is', () => {
    expect(entries.map((e) => [e.body, e.delivery])).toEqual([
      ['body of m1', 'sent'],
      ['body of m2', 'read'],
      ['body of m3', 'sent'],
      ['on its way', 'sending'],
      ['refused', 'failed'],
      ['timed out', 'failed'],
    ]);
  });

  it('keys our messages by clientId, so a row stays the same row once the server stores it', () => {
    expect(entries.map((e) => e.key)).toEqual(['m1', 'c:c-1', 'c:c-2', 'c:c-3', 'c:c-4', 'c:c-5']);
  });

  it('a pending message is ours, timed when it was written', () => {
    expect(entries[3]).toMatchObject({ sender: ME, createdAt: 'sent-at-c-3' });
  });

  it('says why a message failed, and offers a retry only where it can help', () => {
    expect(entries[4]).toMatchObject({ failure: 'The ticket is closed', retry: undefined });
    expect(entries[5]).toMatchObject({ failure: 'Not sent', retry: 'c-5' });
  });

  it('only the team’s last stored message says "Sent" or "Read"', () => {
    expect(lastStoredStaffKey(entries)).toBe('c:c-2');
    expect(lastStoredStaffKey(entries.slice(0, 1))).toBeUndefined();
  });

  it("counts an agent's messages as the team's, like an admin's", () => {
    const agent = { id: 'u-avery', name: 'Avery', role: 'AGENT' as const };
    const withAgent = chatEntries({ messages: [...state.messages, message('m4', agent, 4)], pending: [] }, ME, () => '');
    expect(lastStoredStaffKey(withAgent)).toBe('m4');
  });
});

describe('days and groups', () => {
  const entry = (sender: Message['sender'], createdAt: string): ChatEntry => ({ key: createdAt, sender, body: '', attachments: [], createdAt, delivery: 'sent' });

  it('a day separator above the first message and each new day', () => {
    expect(startsDay(entry(ME, AT(0)), undefined)).toBe(true);
    expect(startsDay(entry(ME, AT(5)), entry(ME, AT(0)))).toBe(false);
    expect(startsDay(entry(ME, AT(0, 2)), entry(ME, AT(0, 1)))).toBe(true);
  });

  it('messages from one sender within five minutes share a name line', () => {
    expect(continuesGroup(entry(ME, AT(4)), entry(ME, AT(0)))).toBe(true);
    expect(continuesGroup(entry(ME, AT(5)), entry(ME, AT(0)))).toBe(false);
    expect(continuesGroup(entry(CUSTOMER, AT(1)), entry(ME, AT(0)))).toBe(false);
    expect(continuesGroup(entry(ME, AT(0)), undefined)).toBe(false);
  });

  it('names today and yesterday', () => {
    const now = Date.parse(AT(30, 10));
    expect(dayLabel(AT(0, 10), now)).toBe('Today');
    expect(dayLabel(AT(0, 9), now)).toBe('Yesterday');
    expect(dayLabel(AT(0, 3), now)).not.toMatch(/Today|Yesterday/);
  });
});
