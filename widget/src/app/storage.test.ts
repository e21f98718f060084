import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberUnread, sessionStore, tokenUsable } from './storage.js';

/** A JWT-shaped token (unsigned: only its payload is read on the client). */
const jwt = (payload: object) => `h.${btoa(JSON.stringify(payload)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.s`;

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('sessionStore', () => {
  let storage: ReturnType<typeof memoryStorage>;
  beforeEach(() => vi.stubGlobal('localStorage', (storage = memoryStorage())));

  it('keeps the session under its key, across stores (page loads)', () => {
    sessionStore('deskline:site').write({ kind: 'anonymous', token: 't', visitorId: 'v' });
    expect(JSON.parse(storage.items.get('deskline:site')!)).toEqual({ kind: 'anonymous', token: 't', visitorId: 'v' });
    expect(sessionStore('deskline:site').read()).toEqual({ kind: 'anonymous', token: 't', visitorId: 'v' });
    expect(sessionStore('deskline:other').read()).toBeUndefined();
  });

  it('forgets it on write(undefined)', () => {
    const store = sessionStore('deskline:site');
    store.write({ kind: 'account', token: 't' });
    store.write(undefined);
    expect(storage.items.has('deskline:site')).toBe(false);
    expect(store.read()).toBeUndefined();
  });

  it('without storage (privacy modes, sandboxed frames), remembers for as long as the page lives', () => {
    const refuse = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    vi.stubGlobal('localStorage', { getItem: refuse, setItem: refuse, removeItem: refuse });
    const store = sessionStore('deskline:site');
    store.write({ kind: 'anonymous', visitorId: 'v' });
    expect(store.read()).toEqual({ kind: 'anonymous', visitorId: 'v' });
  });
});

describe('rememberUnread', () => {
  it('sets and clears the flag the loader reads', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    rememberUnread('site', true);
    expect(storage.items.get('deskline:site:unread')).toBe('1');
    rememberUnread('site', false);
    expect(storage.items.has('deskline:site:unread')).toBe(false);
  });
});

describe('tokenUsable', () => {
  it('refuses a missing or malformed token, and one expiring within a minute', () => {
    const now = Date.now() / 1000;
    expect(tokenUsable(undefined)).toBe(false);
    expect(tokenUsable('not-a-jwt')).toBe(false);
    expect(tokenUsable(jwt({ exp: now + 30 }))).toBe(false);
    expect(tokenUsable(jwt({ exp: now + 3600 }))).toBe(true);
    expect(tokenUsable(jwt({ sub: 'no expiry' }))).toBe(true);
  });
});
