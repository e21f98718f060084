// Reads the mailbox of IMAP_URL (imapflow): every unread message goes through the pipeline and is
// then marked \Seen. New mail is noticed with IDLE where the server has it, else by a poll every
// 30 s; a lost connection is opened again with backoff, and nothing is taken twice (by Message-ID).
import { ImapFlow } from 'imapflow';
import type { AppContext } from '../../context.js';
import { receiveEmail } from './pipeline.js';

export interface ImapTiming {
  /** The poll without IDLE. */
  pollMs: number;
  /** With IDLE, a look anyway after this long (a missed notification costs at most this). */
  idleCheckMs: number;
  /** The wait before reconnecting after a first failure; it doubles, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_IMAP_TIMING: ImapTiming = { pollMs: 30_000, idleCheckMs: 5 * 60_000, retryBaseMs: 1_000, retryMaxMs: 5 * 60_000 };

export interface ImapState {
  host: string;
  mailbox: string;
  connected: boolean;
  /** Whether the server has IDLE (pushes new mail) or is polled. */
  idle: boolean;
  lastPollAt: Date | null;
  lastError: { message: string; at: Date } | null;
}

/** Where IMAP_URL points, without its credentials. */
export function imapTarget(imapUrl: string) {
  const url = new URL(imapUrl);
  const secure = url.protocol === 'imaps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    mailbox: decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX',
  };
}

export class ImapReader {
  readonly state: ImapState;
  private closed = false;
  private client: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    private readonly ctx: AppContext,
    imapUrl: string,
    private readonly timing: ImapTiming,
  ) {
    const target = imapTarget(imapUrl);
    this.state = { host: target.host, mailbox: target.mailbox, connected: false, idle: false, lastPollAt: null, lastError: null };
    this.ctx.log(`Email: reading ${target.mailbox} on ${target.host}:${target.port} over IMAP.`);
    this.loop = this.run(target);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.client?.close();
    await this.loop;
  }

  private async run(target: ReturnType<typeof imapTarget>): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      const client = new ImapFlow({
        host: target.host,
        port: target.port,
        secure: target.secure,
        auth: { user: target.user, pass: target.pass },
        logger: false,
        // Plain imap:// is for a server on this host (tests, a local Dovecot): no STARTTLS demanded.
        doSTARTTLS: target.secure ? undefined : false,
      });
      // Without a listener an 'error' event would end the process; the loop reconnects instead.
      client.on('error', (error: Error) => this.failed(error));
      this.client = client;
      const gone = new Promise<void>((resolve) => client.once('close', () => resolve()));
      try {
        await client.connect();
        await client.mailboxOpen(target.mailbox);
        this.state.connected = true;
        this.state.idle = client.capabilities.has('IDLE');
        if (failures > 0) this.ctx.log(`Email: connected to ${target.host} over IMAP again.`);
        failures = 0;
        client.on('exists', () => this.wake?.());
        while (!this.closed && client.usable) {
          await this.takeUnread(client);
          this.state.lastPollAt = new Date();
          await Promise.race([gone, this.sleep(this.state.idle ? this.timing.idleCheckMs : this.timing.pollMs)]);
        }
        if (!this.closed) throw new Error('the IMAP server closed the connection');
      } catch (error) {
        if (!this.closed) this.failed(error);
      }
      this.state.connected = false;
      client.close();
      if (this.closed) break;
      failures += 1;
      await this.sleep(Math.min(this.timing.retryBaseMs * 2 ** (failures - 1), this.timing.retryMaxMs));
    }
  }

  private failed(error: unknown): void {
    const message = ((error as Error)?.message || String(error)).slice(0, 500);
    const last = this.state.lastError;
    this.state.lastError = { message, at: new Date() };
    if (last?.message !== message) this.ctx.log(`Email: IMAP: ${message}`);
  }

  /** Waits `ms`, or less when new mail arrives or the reader closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** Every unread message, oldest first: through the pipeline, then \Seen. One that fails, or is still being taken in elsewhere, stays unread. */
  private async takeUnread(client: ImapFlow): Promise<void> {
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      if (this.closed) return;
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!message || !message.source) continue;
      const { outcome } = await receiveEmail(this.ctx, { raw: message.source });
      // Being taken in by another instance right now: left unread, so it is looked at again.
      if (outcome === 'in-progress') continue;
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }
}
