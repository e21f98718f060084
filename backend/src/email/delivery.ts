// Delivery: hands queued emails to the SMTP server of SMTP_URL. Every instance runs it; each
// claims due emails with FOR UPDATE SKIP LOCKED, so exactly one instance sends each of them.
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../context.js';
import { SerialPasses } from './serialPasses.js';
import { smtpServerOf } from './service.js';

export interface DeliveryTiming {
  /** How often to look for due emails queued by other instances (this one's wake delivery at once). */
  pollMs: number;
  /** The wait after a first failed attempt; it doubles with each attempt, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** After this many attempts an email is FAILED. */
  maxAttempts: number;
  /**
   * How long a claim lasts. An instance that dies while sending leaves its emails SENDING; they
   * are claimed again after this, which is far longer than a send may take (see SMTP_TIMEOUT_MS).
   */
  leaseMs: number;
}

export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  pollMs: 10_000,
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
  maxAttempts: 10,
  leaseMs: 10 * 60_000,
};

/** nodemailer's defaults wait up to 10 minutes on a silent server; a claim must outlive a send. */
const SMTP_TIMEOUT_MS = 60_000;
/** Emails claimed at once by one instance. */
const BATCH = 10;

interface ClaimedEmail {
  id: string;
  from: string;
  to: string;
  subjectLine: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  attempts: number;
}

export function backoffMs(timing: DeliveryTiming, attempts: number): number {
  return Math.min(timing.retryBaseMs * 2 ** Math.max(0, attempts - 1), timing.retryMaxMs);
}

/** A 5xx reply refuses the message itself (no such mailbox, rejected content): retrying cannot help. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export class EmailDelivery {
  private readonly transport: Transporter;
  private readonly passes = new SerialPasses(() => this.pass());
  private readonly stopListening: () => void;

  constructor(
    private readonly ctx: AppContext,
    smtpUrl: string,
    private readonly timing: DeliveryTiming,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    this.stopListening = ctx.events.on('email.queued', () => this.kick());
  }

  start(): void {
    const server = smtpServerOf(this.ctx.config.email.smtpUrl);
    this.ctx.log(`Email: sending through ${server.host}:${server.port} as ${this.ctx.config.email.from.address}.`);
    this.kick();
  }

  /** Looks for due emails now (or right after the pass under way). */
  kick(): void {
    this.passes.kick();
  }

  /** Stops claiming, and waits for the emails being sent to be recorded as sent (or queued again). */
  async close(): Promise<void> {
    this.stopListening();
    await this.passes.close();
    this.transport.close();
  }

  /** Sends everything due, then sleeps until the next retry is due or the next poll. */
  private async pass(): Promise<number> {
    let wait = this.timing.pollMs;
    try {
      for (;;) {
        if (this.passes.closed) return wait;
        const claimed = await this.claim();
        await Promise.all(claimed.map((email) => this.send(email)));
        if (claimed.length < BATCH) break;
      }
      wait = Math.min(wait, await this.untilNextRetry());
    } catch (error) {
      // The database is unreachable: emails stay stored, and the next poll tries again.
      this.ctx.log(`Email: delivery pass failed: ${(error as Error).message}`);
    }
    return wait;
  }

  /**
   * Takes due emails for this instance: QUEUED ones whose time has come, and SENDING ones whose
   * claim lapsed (their instance died). SKIP LOCKED lets concurrent instances take disjoint rows,
   * and the status change commits with the claim, so no other instance takes them afterwards.
   */
  private claim(): Promise<ClaimedEmail[]> {
    return this.ctx.sql.query<ClaimedEmail>(
      `WITH due AS (
         SELECT "id" FROM "OutboundEmail"
         WHERE ("status" = 'QUEUED' AND "nextAttemptAt" <= now())
            OR ("status" = 'SENDING' AND "lockedUntil" < now())
         ORDER BY "nextAttemptAt", "id"
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE "OutboundEmail" AS e
       SET "status" = 'SENDING', "attempts" = e."attempts" + 1,
           "lockedUntil" = now() + make_interval(secs => $1::double precision / 1000), "updatedAt" = now()
       FROM due WHERE e."id" = due."id"
       RETURNING e."id", e."from", e."to", e."subjectLine", e."html", e."text", e."messageId", e."headers", e."attempts"`,
      [this.timing.leaseMs, BATCH],
    );
  }

  private async send(email: ClaimedEmail): Promise<void> {
    let error: unknown;
    try {
      await this.transport.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subjectLine,
        html: email.html,
        text: email.text,
        messageId: `<${email.messageId}>`,
        headers: email.headers,
      });
    } catch (caught) {
      error = caught ?? new Error('sending failed');
    }
    // `attempts` names this claim: if it lapsed and another instance took the email, this
    // outcome is stale and changes nothing.
    const claim = [email.id, email.attempts];
    if (error === undefined) {
      await this.record(`UPDATE "OutboundEmail" SET "status" = 'SENT', "sentAt" = now(), "lockedUntil" = NULL, "updatedAt" = now()
         WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'SENDING'`, claim);
      return;
    }
    const message = ((error as Error).message || String(error)).slice(0, 1000);
    if (isPermanent(error) || email.attempts >= this.timing.maxAttempts) {
      await this.record(`UPDATE "OutboundEmail" SET "status" = 'FAILED', "lastError" = $3, "lockedUntil" = NULL, "updatedAt" = now()
         WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'SENDING'`, [...claim, message]);
      this.ctx.log(`Email: ${email.id} to ${email.to} failed for good after ${email.attempts} attempt(s): ${message}`);
      return;
    }
    await this.record(
      `UPDATE "OutboundEmail" SET "status" = 'QUEUED', "lastError" = $3, "lockedUntil" = NULL, "updatedAt" = now(),
         "nextAttemptAt" = now() + make_interval(secs => $4::double precision / 1000)
       WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'SENDING'`,
      [...claim, message, backoffMs(this.timing, email.attempts)],
    );
  }

  /**
   * An outcome that cannot be written (the database went away) leaves the email SENDING: it is
   * sent again once its claim lapses. Sent twice is the price of never losing one.
   */
  private async record(sql: string, params: unknown[]): Promise<void> {
    try {
      await this.ctx.sql.query(sql, params);
    } catch (error) {
      this.ctx.log(`Email: could not record a delivery outcome (${params[0]}): ${(error as Error).message}`);
    }
  }

  private async untilNextRetry(): Promise<number> {
    const [row] = await this.ctx.sql.query<{ wait: number | null }>(
      `SELECT EXTRACT(EPOCH FROM (min("nextAttemptAt") - now())) * 1000 AS "wait" FROM "OutboundEmail" WHERE "status" = 'QUEUED'`,
    );
    return row?.wait == null ? Infinity : Math.max(0, Number(row.wait));
  }
}
