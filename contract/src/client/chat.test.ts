import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageJson } from '../schemas/messages.js';
import { createChat, SEND_PATIENCE_MS, TYPING_PAUSE_MS, TYPING_SHOWN_MS, type ChatOptions, type ChatRealtime } from './chat.js';
import { RealtimeError, type RealtimeEvents } from './realtime.js';

const CUSTOMER = { id: 'u-customer', name: 'Carla', role: 'CUSTOMER' as const };
const AGENT = { id: 'u-agent', name: 'Ada', role: 'ADMIN' as const };
const OTHER_AGENT = { id: 'u-agent-2', name: 'Bob', role: 'ADMIN' as const };

let seq = 0;
function message(sender: typeof CUSTOMER | typeof AGENT, fields: Partial<MessageJson> = {}): MessageJson {
  seq++;
  return {
    // Time-ordered ids, as the server's UUIDv7s are.
    id: `m-${String(seq).padStart(4, '0')}`,
    ticketId: 't1',
    sender,
    body: `message ${seq}`,
    attachments: [],
    clientId: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
    readAt: null,
    ...fields,
  };
}

/** A realtime client in memory: tests emit server events and settle sends by hand. */
function fakeRealtime() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const sends: { ticketId: string; body: string; clientId: string; resolve: (m: MessageJson) => void; reject: (e: Error) => void }[] = [];
  const realtime = {
    on: vi.fn(<E extends keyof RealtimeEvents>(event: E, listener: (payload: RealtimeEvents[E]) => void) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener as (payload: never) => void);
      return () => listeners.get(event)!.delete(listener as (payload: never) => void);
    }),
    join: vi.fn(async (_ticketId: string, _lastSeenId?: string) => {}),
    leave: vi.fn(async (_ticketId: string) => {}),
    send: vi.fn(
      (ticketId: string, body: string, clientId = 'generated') =>
        new Promise<MessageJson>((resolve, reject) => sends.push({ ticketId, body, clientId, resolve, reject })),
    ),
    typing: vi.fn((_ticketId: string, _typing: boolean) => {}),
    markRead: vi.fn(async (_ticketId: string, _upTo: string) => {}),
  } satisfies ChatRealtime;
  const emit = <E extends keyof RealtimeEvents>(event: E, payload: RealtimeEvents[E]) =>
    listeners.get(event)?.forEach((listener) => (listener as (payload: RealtimeEvents[E]) => void)(payload));
  const listenerCount = () => [...listeners.values()].reduce((n, set) => n + set.size, 0);
  return { realtime, emit, sends, listenerCount };
}

type Fake = ReturnType<typeof fakeRealtime>;

function setup(me: typeof CUSTOMER | typeof AGENT = CUSTOMER, extra: Partial<ChatOptions> = {}) {
  const fake = fakeRealtime();
  const onMessage = vi.fn();
  const chat = createChat({ ticketId: 't1', realtime: fake.realtime, me, customerId: CUSTOMER.id, onMessage, ...extra });
  const changes = vi.fn();
  chat.subscribe(changes);
  return { ...fake, chat, onMessage, changes };
}

/** The stored copy of what was sent, as the server acknowledges it. */
function stored(fake: Fake, index: number, sender: typeof CUSTOMER | typeof AGENT): MessageJson {
  const sent = fake.sends[index]!;
  return message(sender, { body: sent.body, clientId: sent.clientId });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T13:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('messages', () => {
  it('merges the history with messages that arrived live meanwhile, in order and once each', async () => {
    const { chat, emit, realtime } = setup();
    const [a, b, c] = [message(AGENT), message(CUSTOMER), message(AGENT)];
    emit('message:new', c); // live, before the history came back
    await chat.load([a!, b!, c!]);
    expect(chat.state.messages.map((m) => m.id)).toEqual([a!.id, b!.id, c!.id]);
    // Joined with the history's last message, so the realtime client catches up after it.
    expect(realtime.join).toHaveBeenCalledWith('t1', c!.id);
  });

  it("orders by time, then by id, and ignores other tickets' messages", () => {
    const { chat, emit } = setup();
    const late = message(AGENT, { createdAt: '2026-01-01T12:10:00.000Z' });
    const early = message(AGENT, { createdAt: '2026-01-01T12:05:00.000Z' });
    const twin = message(AGENT, { createdAt: '2026-01-01T12:05:00.000Z' });
    emit('message:new', late);
    emit('message:new', twin);
    emit('message:new', early);
    emit('message:new', message(AGENT, { ticketId: 't2' }));
    expect(chat.state.messages.map((m) => m.id)).toEqual([early.id, twin.id, late.id]);
  });

  it('tells about each new message from the other side once, and not about our own', () => {
    const { emit, onMessage } = setup();
    const theirs = message(AGENT);
    emit('message:new', theirs);
    emit('message:new', theirs);
    emit('message:new', message(CUSTOMER));
    expect(onMessage).toHaveBeenCalledTimes(1);
    expect(onMessage).toHaveBeenCalledWith(theirs);
  });

  it('a new state object on every change, for snapshot-based renderers', () => {
    const { chat, emit, changes } = setup();
    const before = chat.state;
    emit('message:new', message(AGENT));
    expect(chat.state).not.toBe(before);
    expect(before.messages).toHaveLength(0);
    expect(changes).toHaveBeenCalled();
  });
});

describe('sending', () => {
  it('shows a message as sending until stored, then as a stored message', async () => {
    const fake = setup();
    fake.chat.send('Hello');
    expect(fake.chat.state.pending).toMatchObject([{ body: 'Hello', state: 'sending' }]);
    const clientId = fake.chat.state.pending[0]!.clientId;
    expect(fake.realtime.send).toHaveBeenCalledWith('t1', 'Hello', clientId);
    fake.sends[0]!.resolve(stored(fake, 0, CUSTOMER));
    await vi.waitFor(() => expect(fake.chat.state.pending).toEqual([]));
    expect(fake.chat.state.messages).toMatchObject([{ body: 'Hello', clientId }]);
  });

  it('sends files uploaded already with the message, and shows them while it is on its way', () => {
    const fake = setup();
    const file = { id: 'a-1', filename: 'shot.png', mimeType: 'image/png', size: 10, url: '/f', messageId: null, createdAt: '2026-01-01T12:00:00.000Z' };
    fake.chat.send('', [file]);
    expect(fake.chat.state.pending).toMatchObject([{ body: '', attachments: [file], state: 'sending' }]);
    expect(fake.realtime.send).toHaveBeenCalledWith('t1', '', fake.chat.state.pending[0]!.clientId, ['a-1']);
  });

  it('the stored copy arriving live (before the ack) replaces the pending one', () => {
    const fake = setup();
    fake.chat.send('Hi');
    fake.emit('message:new', stored(fake, 0, CUSTOMER));
    expect(fake.chat.state.pending).toEqual([]);
    expect(fake.chat.state.messages).toHaveLength(1);
  });

  it('shows "failed" when no ack comes in time, and the late ack still stores it', async () => {
    const fake = setup();
    fake.chat.send('Slow');
    vi.advanceTimersByTime(SEND_PATIENCE_MS - 1);
    expect(fake.chat.state.pending[0]!.state).toBe('sending');
    vi.advanceTimersByTime(1);
    expect(fake.chat.state.pending[0]).toMatchObject({ state: 'failed', retryable: true, error: undefined });
    fake.sends[0]!.resolve(stored(fake, 0, CUSTOMER));
    await vi.waitFor(() => expect(fake.chat.state.pending).toEqual([]));
    expect(fake.chat.state.messages.map((m) => m.body)).toEqual(['Slow']);
  });

  it('retries under the same clientId, and ignores the earlier attempt', async () => {
    const fake = setup();
    fake.chat.send('Again');
    const { clientId } = fake.chat.state.pending[0]!;
    vi.advanceTimersByTime(SEND_PATIENCE_MS);
    fake.chat.retry(clientId);
    expect(fake.chat.state.pending[0]!.state).toBe('sending');
    expect(fake.sends.map((s) => s.clientId)).toEqual([clientId, clientId]);
    // The first attempt gives up now: the retry is what counts.
    fake.sends[0]!.reject(new RealtimeError('TIMEOUT', 'No answer'));
    await Promise.resolve();
    expect(fake.chat.state.pending[0]!.state).toBe('sending');
    fake.sends[1]!.resolve(stored(fake, 1, CUSTOMER));
    await vi.waitFor(() => expect(fake.chat.state.pending).toEqual([]));
    expect(fake.chat.state.messages).toHaveLength(1);
  });

  it('a closed ticket fails for good: not retryable, with the reason', async () => {
    const fake = setup();
    fake.chat.send('Too late');
    fake.sends[0]!.reject(new RealtimeError('TICKET_CLOSED', 'The ticket is closed'));
    await vi.waitFor(() =>
      expect(fake.chat.state.pending[0]).toMatchObject({
        state: 'failed',
        retryable: false,
        error: { code: 'TICKET_CLOSED', message: 'The ticket is closed' },
      }),
    );
  });

  it('another failure can be retried', async () => {
    const fake = setup();
    fake.chat.send('Oops');
    fake.sends[0]!.reject(new RealtimeError('CLOSED', 'The real-time connection was closed'));
    await vi.waitFor(() => expect(fake.chat.state.pending[0]).toMatchObject({ state: 'failed', retryable: true }));
  });

  it('only our own stored copy replaces a pending message (another agent may reuse a clientId)', () => {
    const fake = setup(AGENT);
    fake.chat.send('Mine');
    const { clientId } = fake.chat.state.pending[0]!;
    fake.emit('message:new', message(OTHER_AGENT, { clientId }));
    expect(fake.chat.state.pending).toHaveLength(1);
  });
});

describe('typing', () => {
  it('sends "typing" at the first keystroke, again after a pause, and "stopped" after quiet', () => {
    const { chat, realtime } = setup();
    chat.typing();
    chat.typing();
    expect(realtime.typing.mock.calls).toEqual([['t1', true]]);
    // Still typing after the pause: sent again, so the other side keeps showing it.
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(TYPING_PAUSE_MS / 2);
      chat.typing();
    }
    expect(realtime.typing.mock.calls).toEqual([['t1', true], ['t1', true]]);
    vi.advanceTimersByTime(TYPING_PAUSE_MS);
    expect(realtime.typing.mock.calls.at(-1)).toEqual(['t1', false]);
  });

  it('sending a message stops "typing" at once', () => {
    const { chat, realtime } = setup();
    chat.typing();
    chat.send('Done');
    expect(realtime.typing.mock.calls).toEqual([['t1', true], ['t1', false]]);
    vi.advanceTimersByTime(TYPING_PAUSE_MS * 2);
    expect(realtime.typing).toHaveBeenCalledTimes(2);
  });

  it('"stopped" is not sent when nothing was typed', () => {
    const { chat, realtime } = setup();
    chat.stopTyping();
    expect(realtime.typing).not.toHaveBeenCalled();
  });

  it("shows the other side's typing for a while, until they stop or their message arrives", () => {
    const { chat, emit } = setup();
    emit('typing', { ticketId: 't1', user: AGENT, typing: true });
    expect(chat.state.typing).toBe('Ada');
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    expect(chat.state.typing).toBe('Ada');
    vi.advanceTimersByTime(1);
    expect(chat.state.typing).toBeUndefined();

    emit('typing', { ticketId: 't1', user: AGENT, typing: true });
    emit('typing', { ticketId: 't1', user: AGENT, typing: false });
    expect(chat.state.typing).toBeUndefined();

    emit('typing', { ticketId: 't1', user: AGENT, typing: true });
    emit('message:new', message(AGENT));
    expect(chat.state.typing).toBeUndefined();
  });

  it("never shows our own typing, nor another ticket's", () => {
    const { chat, emit } = setup();
    emit('typing', { ticketId: 't1', user: CUSTOMER, typing: true });
    emit('typing', { ticketId: 't2', user: AGENT, typing: true });
    expect(chat.state.typing).toBeUndefined();
  });
});

describe('read marks', () => {
  it('marks the other side\'s messages read while the conversation is on screen', async () => {
    const { chat, emit, realtime } = setup();
    const theirs = message(AGENT);
    const mine = message(CUSTOMER);
    await chat.load([theirs, mine]);
    expect(realtime.markRead).not.toHaveBeenCalled();
    chat.setReading(true);
    expect(realtime.markRead).toHaveBeenCalledWith('t1', mine.id); // up to the newest message
    expect(chat.state.messages.find((m) => m.id === theirs.id)!.readAt).toBeTruthy();
    expect(chat.state.messages.find((m) => m.id === mine.id)!.readAt).toBeNull();

    const next = message(AGENT);
    emit('message:new', next);
    expect(realtime.markRead).toHaveBeenLastCalledWith('t1', next.id);
    chat.setReading(false);
    emit('message:new', message(AGENT));
    expect(realtime.markRead).toHaveBeenCalledTimes(2);
  });

  it('a mark the server did not take is undone, to be tried again', async () => {
    const { chat, realtime } = setup();
    realtime.markRead.mockRejectedValueOnce(new RealtimeError('TIMEOUT', 'No answer'));
    await chat.load([message(AGENT)]);
    chat.setReading(true);
    await vi.waitFor(() => expect(chat.state.messages[0]!.readAt).toBeNull());
    chat.setReading(true);
    expect(realtime.markRead).toHaveBeenCalledTimes(2);
  });

  it('nothing is marked while the page is hidden', async () => {
    vi.stubGlobal('document', { hidden: true });
    try {
      const { chat, realtime } = setup();
      await chat.load([message(AGENT)]);
      chat.setReading(true);
      expect(realtime.markRead).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("the other side's read mark reads our messages up to the one named", async () => {
    const { chat, emit } = setup();
    const [a, b, c] = [message(CUSTOMER), message(CUSTOMER), message(CUSTOMER)];
    await chat.load([a!, b!, c!]);
    emit('message:read', { ticketId: 't1', userId: AGENT.id, upTo: b!.id });
    expect(chat.state.messages.map((m) => Boolean(m.readAt))).toEqual([true, true, false]);
  });

  it('a read mark for a message not loaded yet reads everything before it', async () => {
    const { chat, emit } = setup();
    await chat.load([message(CUSTOMER), message(CUSTOMER)]);
    emit('message:read', { ticketId: 't1', userId: AGENT.id, upTo: message(AGENT).id });
    expect(chat.state.messages.every((m) => m.readAt)).toBe(true);
  });

  it("in the console: the customer's mark reads the team's messages, a colleague's the customer's", async () => {
    const { chat, emit } = setup(AGENT);
    const [question, answer] = [message(CUSTOMER), message(AGENT)];
    await chat.load([question!, answer!]);
    emit('message:read', { ticketId: 't1', userId: CUSTOMER.id, upTo: answer!.id });
    expect(chat.state.messages.map((m) => Boolean(m.readAt))).toEqual([false, true]);
    emit('message:read', { ticketId: 't1', userId: OTHER_AGENT.id, upTo: answer!.id });
    expect(chat.state.messages.map((m) => Boolean(m.readAt))).toEqual([true, true]);
  });
});

describe('lifecycle', () => {
  it('leave() leaves the room and stops typing; close() stops listening', async () => {
    const fake = setup();
    fake.chat.typing();
    await fake.chat.leave();
    expect(fake.realtime.leave).toHaveBeenCalledWith('t1');
    expect(fake.realtime.typing.mock.calls.at(-1)).toEqual(['t1', false]);
    fake.chat.close();
    expect(fake.listenerCount()).toBe(0);
    fake.emit('message:new', message(AGENT));
    expect(fake.chat.state.messages).toEqual([]);
  });

  it('a failed join rejects load(), with the history kept', async () => {
    const { chat, realtime } = setup();
    realtime.join.mockRejectedValueOnce(new RealtimeError('NOT_FOUND', 'Ticket not found'));
    await expect(chat.load([message(AGENT)])).rejects.toThrow('Ticket not found');
    expect(chat.state.messages).toHaveLength(1);
  });
});
