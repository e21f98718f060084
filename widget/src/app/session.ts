// The visitor's session, without UI: opening or resuming it (anonymous, identified by the host
// page, or an account of the portal), the realtime connection that goes with it, and ending it.
// What the session shows (tickets, chat) is tickets.ts's; the screens are controller.ts's.
import { RealtimeClient } from '@deskline/contract/client';
import type { DesklineIdentity } from '../../deskline.js';
import { ApiError, createApi } from '../api/client.js';
import type { UserJson } from '../api/types.js';
import type { Translate } from '../i18n/locales.js';
import { socketParser } from './encoding.js';
import { sessionStore, tokenUsable, type StoredSession } from './storage.js';

export type Identity = DesklineIdentity;

/** What the widget uses of the realtime client (tests pass a fake). */
export type Realtime = Pick<RealtimeClient, 'on' | 'join' | 'leave' | 'send' | 'typing' | 'markRead' | 'close'>;

/** passwordRequired: signed in with a given password; the server answers nothing else until it is changed. */
export type Phase = 'idle' | 'starting' | 'ready' | 'signedOut' | 'passwordRequired' | 'error';

/** A translated, user-facing reason; `retryable` when trying again may help. */
export interface Failure {
  text: string;
  retryable: boolean;
}

export interface SessionOptions {
  origin: string;
  /** The widget's site key; the portal has none (accounts only). */
  siteKey?: string;
  t: Translate;
  changed(): void;
  /** Connected: load what the screens need. `current()` turns false once this session is replaced. */
  opened(realtime: Realtime, current: () => boolean): Promise<void>;
  /** The phase changed (the screens follow it). */
  entered(phase: Phase): void;
  /** Back online after a disconnection: fetch again what may have changed meanwhile. */
  reconnected(current: () => boolean): void;
  /** The session ended or was replaced: forget what belonged to it. */
  closed(): void;
  /** Opens the realtime connection; by default a RealtimeClient with the widget's packet encoder. */
  connect?: (token: string) => Realtime;
}

export type Session = ReturnType<typeof createSession>;

/**
 * What a stored session is remembered under. A token is re-minted on every page of the host, so
 * its session is kept while the token names the same customer (`sub`); the server checked it.
 */
export function identityKey(identity: Identity): { externalId: string; signature: string } {
  if ('externalId' in identity) return { externalId: identity.externalId, signature: identity.signature };
  let sub = '';
  try {
    // Bytes as read (not UTF-8 decoded): only compared with itself, so that is enough.
    sub = String(JSON.parse(atob(identity.token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sub ?? '');
  } catch {
    // Not a JWT: the server refuses it and the panel says so.
  }
  return { externalId: sub, signature: 'token' };
}

/** The words for an error, for the panel or a form. */
export function describeError(t: Translate, error: unknown, siteKey?: string): Failure {
  if (!(error instanceof ApiError)) return { text: t('errGeneric', { message: String((error as Error)?.message ?? error) }), retryable: true };
  if (error.code === 'ORIGIN_NOT_ALLOWED') return { text: t('errOrigin', { origin: location.origin }), retryable: false };
  if (error.code === 'INVALID_SIGNATURE' || error.code === 'INVALID_IDENTITY_TOKEN') return { text: t('errSignature'), retryable: false };
  if (error.status === 404 && siteKey) return { text: t('errSiteKey'), retryable: false };
  if (error.status === 0) return { text: t('errNetwork'), retryable: true };
  if (error.status === 429) return { text: t('errRateLimited'), retryable: true };
  return { text: t('errGeneric', { message: error.message }), retryable: true };
}

class SignedOut extends Error {}

export function createSession(options: SessionOptions) {
  const { siteKey, changed } = options;
  const store = sessionStore(`deskline:${siteKey ?? 'portal'}`);
  const api = createApi(options.origin, () => token, () => void restart());
  let phase: Phase = 'idle';
  let error: Failure | undefined;
  let user: UserJson | undefined;
  let kind: StoredSession['kind'] | undefined;
  let online = true;
  let identity: Identity | undefined;
  let token: string | undefined;
  let realtime: Realtime | undefined;
  let starting: Promise<void> | undefined;
  /** Bumped whenever the session is replaced: work begun for an older one is dropped. */
  let generation = 0;

  function enter(next: Phase): void {
    phase = next;
    options.entered(next);
  }

  /** Opens (or resumes) the session, once; later calls wait for the same attempt. */
  function start(): Promise<void> {
    if (phase === 'ready') return Promise.resolve();
    if (!starting) {
      const attempt: Promise<void> = run().finally(() => {
        if (starting === attempt) starting = undefined;
      });
      starting = attempt;
    }
    return starting;
  }

  async function run(): Promise<void> {
    const current = ((g) => () => g === generation)(++generation);
    enter('starting');
    error = undefined;
    changed();
    try {
      let me: UserJson | undefined;
      for (let attempt = 0; !me; attempt++) {
        const opened = await openSession(current);
        if (!current()) return;
        token = opened;
        try {
          me = (await api.call('GET /auth/me')).user;
        } catch (failure) {
          // A remembered token that was revoked meanwhile: forget it and open a fresh session.
          if (!(failure instanceof ApiError && failure.status === 401) || attempt > 0) throw failure;
          if (!current()) return;
          const stored = store.read();
          store.write(stored?.kind === 'anonymous' ? { kind: 'anonymous', visitorId: stored.visitorId } : undefined);
        }
      }
      if (!current()) return;
      user = me;
      kind = store.read()?.kind;
      if (me.mustChangePassword) {
        enter('passwordRequired');
        changed();
        return;
      }
      await options.opened(connect(token!), current);
      if (!current()) return;
      enter('ready');
    } catch (failure) {
      if (!current()) return;
      if (failure instanceof SignedOut) enter('signedOut');
      else {
        error = describeError(options.t, failure, siteKey);
        enter('error');
      }
    }
    changed();
  }

  /** Where the visitor is, for the support team (the server adds their browser and OS). */
  const context = () => ({
    pageUrl: location.href.slice(0, 2000),
    referrer: document.referrer.slice(0, 2000) || undefined,
    language: navigator.language.slice(0, 35) || undefined,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone?.slice(0, 64) || undefined,
  });

  async function openSession(current: () => boolean): Promise<string> {
    const stored = store.read();
    // A session replaced meanwhile (sign-in, logout, identify) must not overwrite what replaced it.
    const remember = (value: StoredSession) => current() && store.write(value);
    if (!siteKey) {
      if (tokenUsable(stored?.token)) return stored.token;
      throw new SignedOut();
    }
    if (identity) {
      const key = identityKey(identity);
      if (stored?.kind === 'identified' && stored.externalId === key.externalId && stored.signature === key.signature && tokenUsable(stored.token)) {
        return stored.token;
      }
      const session = await api.call('POST /widget/session', { body: { siteKey, identity, context: context() }, anonymous: true });
      remember({ kind: 'identified', token: session.token, visitorId: session.visitorId, ...key });
      return session.token;
    }
    if (stored && stored.kind !== 'identified' && tokenUsable(stored.token)) return stored.token;
    // An identified session is never resumed without the host page vouching for it again.
    const session = await api.call('POST /widget/session', {
      body: { siteKey, visitorId: stored?.kind === 'anonymous' ? stored.visitorId : undefined, context: context() },
      anonymous: true,
    });
    remember({ kind: 'anonymous', token: session.token, visitorId: session.visitorId });
    return session.token;
  }

  function connect(bearer: string): Realtime {
    const client = (realtime = options.connect?.(bearer) ?? new RealtimeClient({ url: options.origin, token: bearer, parser: socketParser }));
    const current = ((g) => () => g === generation)(generation);
    client.on('status', (status) => {
      if (realtime !== client) return; // a client replaced since
      if (status === 'unauthorized') return void restart();
      const reconnected = status === 'connected' && !online;
      online = status === 'connected';
      if (reconnected) options.reconnected(current);
      changed();
    });
    return client;
  }

  async function restart(): Promise<void> {
    if (phase !== 'ready') return; // while starting, run() handles a refused token itself
    const stored = store.read();
    if (stored?.token && stored.token === token) store.write({ ...stored, token: undefined });
    teardown();
    token = undefined;
    await start();
  }

  function teardown(): void {
    generation++;
    enter('idle');
    online = true;
    realtime?.close();
    realtime = undefined;
    starting = undefined;
    user = undefined;
    options.closed();
  }

  /** Replaces whatever session is open with a new account session. */
  function adoptAccount({ token: accountToken }: { token: string }): void {
    teardown();
    token = undefined;
    store.write({ kind: 'account', token: accountToken });
    void start();
  }

  return {
    api,
    get phase() {
      return phase;
    },
    get error() {
      return error;
    },
    get user() {
      return user;
    },
    get kind() {
      return kind;
    },
    get online() {
      return online;
    },
    get realtime() {
      return realtime;
    },
    get isPortal() {
      return !siteKey;
    },
    /** Whether a session is worth opening before the visitor asks (to show unread replies). */
    get hasPastSession() {
      const stored = store.read();
      return Boolean(identity || (stored && stored.kind !== 'identified') || (!siteKey && stored?.token));
    },

    start,

    identify(next: Identity): void {
      const key = identityKey(next);
      const known = identity && identityKey(identity);
      const same = known && known.externalId === key.externalId && known.signature === key.signature;
      identity = next;
      if (same || phase === 'idle') return; // the next start() uses it
      // Whatever session is open or opening belongs to someone else now.
      teardown();
      token = undefined;
      void start();
    },

    /** The page cannot be served at all (its site key is unknown): says so instead of a session. */
    refuse(failure: Failure): void {
      error = failure;
      enter('error');
      changed();
    },

    async logout(): Promise<void> {
      const ended = token;
      identity = undefined;
      store.write(undefined);
      teardown();
      if (ended) await api.call('POST /auth/logout', { token: ended }).catch(() => {});
      token = undefined;
      if (!siteKey) enter('signedOut');
    },

    async signIn(email: string, password: string): Promise<void> {
      adoptAccount(await api.call('POST /auth/login', { body: { email, password }, anonymous: true }));
    },

    /** An email's portal link: a session for its one ticket, whose id it returns once the session is open. */
    async openLink(linkToken: string): Promise<string> {
      const signedIn = await api.call('POST /auth/link', { body: { token: linkToken }, anonymous: true });
      adoptAccount(signedIn);
      await start();
      return signedIn.ticketId;
    },

    async register(name: string, email: string, password: string): Promise<void> {
      adoptAccount(await api.call('POST /auth/register', { body: { name, email, password }, anonymous: true }));
    },

    /** Other sessions of this account end; this one goes on (or, after a forced change, starts). */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      await api.call('POST /auth/password', { body: { currentPassword, newPassword } });
    },

    /** After a forced password change, the session can start. */
    async resume(): Promise<void> {
      if (phase !== 'passwordRequired') return;
      enter('idle');
      await start();
    },

    /** An anonymous visitor who left a name or email: their session is re-issued with them. */
    async addContact(contact: { name?: string; email?: string }): Promise<void> {
      const stored = store.read();
      if (!siteKey || stored?.kind !== 'anonymous' || !(contact.name || contact.email)) return;
      const session = await api.call('POST /widget/session', {
        body: { siteKey, visitorId: stored.visitorId, ...contact, context: context() },
        anonymous: true,
      });
      token = session.token;
      user = session.user;
      store.write({ ...stored, token: session.token });
    },
  };
}
