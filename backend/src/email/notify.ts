// Notifications that wait: a window opens at the first event (an agent's reply, a customer's
// reply, a new or assigned ticket) and ends EMAIL_NOTIFY_DELAY later, when one email carries what
// is still unseen. Windows are rows (EmailNotification), so they hold across instances and
// restarts; every instance claims due rows with FOR UPDATE SKIP LOCKED, and each email's dedupe
// key makes a row processed twice (a claim that lapsed) send nothing twice.
import type { AppContext } from '../context.js';
import type { Ticket, User } from '../generated/prisma/client.js';
import { whoWantsEmail, wantsEmail, type EmailTopic } from '../preferences/service.js';
import type { ConsolePresenceReader } from '../realtime/presence.js';
import { findUserById } from '../users/service.js';
import { isTeamRole } from '../auth/principal.js';
import type { Brand, EmailContent } from './compose.js';
import { portalLinkUrl, unsubscribeHeaders, unsubscribeUrl } from './links.js';
import { brandFor } from './notifications.js';
import { SerialPasses } from './serialPasses.js';
import { enqueueEmail } from './service.js';

export type NotificationKind = 'customer.replies' | 'agent.newTicket' | 'agent.assigned' | 'agent.customerReply';

export interface NotifyTiming {
  /** How often to look for windows that ended (this instance's own are found by a timer too). */
  pollMs: number;
  /** How long a claim lasts: a row whose instance died is taken again after it. */
  leaseMs: number;
}

export const DEFAULT_NOTIFY_TIMING: NotifyTiming = { pollMs: 5_000, leaseMs: 5 * 60_000 };

const BATCH = 20;

interface ClaimedRow {
  key: string;
  kind: NotificationKind;
  ticketId: string;
  recipientId: string | null;
  /** Milliseconds since the epoch (read as a number: drivers read a bare timestamp in local time). */
  windowStartMs: number | null;
  coveredSeq: number;
  /** The claim, as the database wrote it: finish() matches it exactly. */
  lease: string;
  claimedAt: string;
}

interface Reply {
  seq: number;
  body: string;
  author: string;
}

/** Opens a window for `key` unless one is open; an event during a claimed window reopens one after it. */
async function openWindow(ctx: AppContext, kind: NotificationKind, key: string, ticketId: string, recipientId: string | null): Promise<void> {
  await ctx.sql.query(
    `INSERT INTO "EmailNotification" ("key", "kind", "ticketId", "recipientId", "dueAt", "windowStartAt", "updatedAt")
     VALUES ($1, $2, $3, $4, clock_timestamp() + make_interval(secs => $5::double precision / 1000), clock_timestamp(), clock_timestamp())
     ON CONFLICT ("key") DO UPDATE SET
       "dueAt" = COALESCE("EmailNotification"."dueAt", EXCLUDED."dueAt"),
       "windowStartAt" = COALESCE("EmailNotification"."windowStartAt", EXCLUDED."windowStartAt"),
       "updatedAt" = clock_timestamp()`,
    [key, kind, ticketId, recipientId, ctx.config.email.notifyDelayMs],
  );
}

/**
 * The assignee's window: opened when the ticket goes to someone new. The row remembers whom it
 * was for, so other changes to the ticket (priority, status) never send it again.
 */
async function openAssignedWindow(ctx: AppContext, ticketId: string, assigneeId: string | null): Promise<void> {
  if (!assigneeId) {
    await ctx.sql.query(`UPDATE "EmailNotification" SET "recipientId" = NULL, "dueAt" = NULL, "windowStartAt" = NULL, "updatedAt" = clock_timestamp() WHERE "key" = $1`, [
      `agent.assigned:${ticketId}`,
    ]);
    return;
  }
  await ctx.sql.query(
    `INSERT INTO "EmailNotification" ("key", "kind", "ticketId", "recipientId", "dueAt", "windowStartAt", "updatedAt")
     VALUES ($1, 'agent.assigned', $2, $3, clock_timestamp() + make_interval(secs => $4::double precision / 1000), clock_timestamp(), clock_timestamp())
     ON CONFLICT ("key") DO UPDATE SET "recipientId" = EXCLUDED."recipientId", "dueAt" = EXCLUDED."dueAt",
       "windowStartAt" = EXCLUDED."windowStartAt", "updatedAt" = clock_timestamp()
     WHERE "EmailNotification"."recipientId" IS DISTINCT FROM EXCLUDED."recipientId"`,
    [`agent.assigned:${ticketId}`, ticketId, assigneeId, ctx.config.email.notifyDelayMs],
  );
}

const STATUS_CODE = { RESOLVED: 1, CLOSED: 2 } as const;

/**
 * Resolved and Closed are emailed at once, once per change: the row keeps the last status seen
 * (in coveredSeq), and only the update that changes it sends.
 */
async function statusChanged(ctx: AppContext, ticket: Ticket): Promise<void> {
  const code = ticket.status === 'RESOLVED' || ticket.status === 'CLOSED' ? STATUS_CODE[ticket.status] : 0;
  const changed = await ctx.sql.query<{ key: string }>(
    `INSERT INTO "EmailNotification" ("key", "kind", "ticketId", "recipientId", "coveredSeq", "updatedAt")
     VALUES ($1, 'customer.status', $2, $3, $4, clock_timestamp())
     ON CONFLICT ("key") DO UPDATE SET "coveredSeq" = EXCLUDED."coveredSeq", "updatedAt" = clock_timestamp()
     WHERE "EmailNotification"."coveredSeq" <> EXCLUDED."coveredSeq"
     RETURNING "key"`,
    [`customer.status:${ticket.id}`, ticket.id, ticket.customerId, code],
  );
  if (changed.length === 0 || code === 0) return;
  await sendStatusEmail(ctx, ticket);
}

/** A customer's address, and whether it is proven (an account's, or from a signed identity). */
function customerAddress(customer: User): { address: string; verified: boolean } | undefined {
  if (customer.disabled || customer.role !== 'CUSTOMER') return undefined;
  const address = customer.email ?? customer.contactEmail;
  if (!address) return undefined;
  return { address, verified: customer.email !== null || customer.contactEmailVerified };
}

function customerFooter(ctx: AppContext, brand: Brand, customerId: string): string {
  return (
    `You receive this email about a support ticket you opened with ${brand.name}. ` +
    `To stop emails about your tickets: ${unsubscribeUrl(ctx, customerId, 'ticketUpdates')}`
  );
}

async function sendStatusEmail(ctx: AppContext, ticket: Ticket): Promise<void> {
  const customer = await findUserById(ctx, ticket.customerId);
  const to = customer && customerAddress(customer);
  if (!customer || !to || !(await wantsEmail(ctx, customer.id, 'ticketUpdates'))) return;
  const brand = await brandFor(ctx, ticket.siteId);
  const word = ticket.status === 'CLOSED' ? 'closed' : 'resolved';
  await enqueueEmail(ctx, {
    kind: `ticket.${word}`,
    dedupeKey: `ticket.${word}:${ticket.id}:${ticket.updatedAt.toISOString()}`,
    ticketId: ticket.id,
    recipientId: customer.id,
    to: { name: customer.name, address: to.address },
    subject: to.verified ? `Your ticket #${ticket.number} is ${word}: ${ticket.subject}` : `Your ticket #${ticket.number} is ${word}`,
    headers: unsubscribeHeaders(ctx, customer.id, 'ticketUpdates'),
    content: {
      brand,
      greeting: `Hi ${customer.name},`,
      paragraphs: [
        word === 'resolved'
          ? `We marked your ticket #${ticket.number} as resolved. If something is still not right, answer on the ticket and we will pick it up again.`
          : `Your ticket #${ticket.number} is now closed. Thank you for contacting ${brand.name}.`,
      ],
      action: { label: 'View your ticket', url: portalLinkUrl(ctx, customer.id, ticket.id) },
      footer: customerFooter(ctx, brand, customer.id),
    },
  });
}

/** Replies on a ticket after `afterSeq`, written by the other side of `customerId`: the team's (`fromTeam`) or the customer's. */
async function repliesAfter(ctx: AppContext, ticket: Pick<Ticket, 'id' | 'customerId'>, afterSeq: number, fromTeam: boolean): Promise<Reply[]> {
  const side = fromTeam ? '<>' : '=';
  // A customer has seen a team reply when their read mark covers it: a message read, or a public
  // comment older than the newest message they read.
  const rows = await ctx.sql.query<{ seq: number; body: string; author: string }>(
    `WITH seen AS (
       SELECT COALESCE(max(m."seq"), 0) AS "seq" FROM "Message" m
       WHERE m."ticketId" = $1 AND m."senderId" ${side} $2 AND m."readAt" IS NOT NULL
     )
     SELECT m."seq", m."body", u."name" AS "author" FROM "Message" m JOIN "User" u ON u."id" = m."senderId"
     WHERE m."ticketId" = $1 AND m."senderId" ${side} $2 AND m."readAt" IS NULL AND m."seq" > $3
     UNION ALL
     SELECT c."seq", c."body", u."name" FROM "Comment" c JOIN "User" u ON u."id" = c."authorId", seen
     WHERE c."ticketId" = $1 AND c."authorId" ${side} $2 AND NOT c."internal" AND c."seq" > $3 AND c."seq" > seen."seq"
     ORDER BY 1`,
    [ticket.id, ticket.customerId, afterSeq],
  );
  return rows.map((r) => ({ seq: Number(r.seq), body: r.body, author: r.author }));
}

const replyParagraphs = (replies: Reply[]) => replies.map((r) => `${r.author} wrote:\n${r.body}`);
const consoleUrl = (ctx: AppContext, ticketId: string) => `${ctx.config.publicUrl}/admin/ticket?id=${encodeURIComponent(ticketId)}`;

function teamFooter(ctx: AppContext, userId: string, topic: EmailTopic, what: string): string {
  return (
    `You receive this email because you chose to be told about ${what} while your console is closed ` +
    `(Your account → Notifications). To stop these emails: ${unsubscribeUrl(ctx, userId, topic)}`
  );
}

/** A team member's mailbox, or undefined for one disabled or without an email. */
function memberAddress(user: User | null | undefined): string | undefined {
  return user && !user.disabled && isTeamRole(user.role) && user.email ? user.email : undefined;
}

export class NotificationScheduler {
  private readonly passes = new SerialPasses(() => this.pass());
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly presence: ConsolePresenceReader,
    private readonly timing: NotifyTiming,
    private readonly track: (what: string, work: Promise<unknown>) => void,
  ) {
    const { events } = ctx;
    const later = (what: string, work: () => Promise<unknown>) => {
      this.track(what, work().then(() => this.wakeAfter(ctx.config.email.notifyDelayMs)));
    };
    this.detach.push(
      events.on('message.created', ({ message, ticket }) => {
        if (message.sender.id === ticket.customerId) later(`customer reply on ${ticket.id}`, () => this.customerReplied(ticket.id));
        else if (isTeamRole(message.sender.role)) later(`team reply on ${ticket.id}`, () => openWindow(ctx, 'customer.replies', `customer.replies:${ticket.id}`, ticket.id, ticket.customerId));
      }),
      events.on('comment.created', ({ comment, ticket }) => {
        // Private notes never reach a customer, nor count as their reply.
        if (comment.internal) return;
        if (comment.authorId === ticket.customerId) later(`customer comment on ${ticket.id}`, () => this.customerReplied(ticket.id));
        else later(`team comment on ${ticket.id}`, () => openWindow(ctx, 'customer.replies', `customer.replies:${ticket.id}`, ticket.id, ticket.customerId));
      }),
      events.on('ticket.created', ({ ticket }) => {
        if (ticket.assigneeId) later(`assignment of ${ticket.id}`, () => openAssignedWindow(ctx, ticket.id, ticket.assigneeId));
        else later(`new ticket ${ticket.id}`, () => openWindow(ctx, 'agent.newTicket', `agent.newTicket:${ticket.id}`, ticket.id, null));
      }),
      events.on('ticket.updated', ({ ticket }) => {
        later(`assignment of ${ticket.id}`, () => openAssignedWindow(ctx, ticket.id, ticket.assigneeId));
        this.track(`status email of ${ticket.id}`, statusChanged(ctx, ticket));
      }),
    );
  }

  private async customerReplied(ticketId: string): Promise<void> {
    const ticket = await this.ctx.db.ticket.findUnique({ where: { id: ticketId }, select: { assigneeId: true } });
    if (!ticket?.assigneeId) return;
    await openWindow(this.ctx, 'agent.customerReply', `agent.customerReply:${ticketId}:${ticket.assigneeId}`, ticketId, ticket.assigneeId);
  }

  start(): void {
    this.kick();
  }

  /** A window this instance opened ends after `ms`: look then rather than at the next poll. */
  private wakeAfter(ms: number): void {
    this.passes.wakeAfter(ms + 20);
  }

  kick(): void {
    this.passes.kick();
  }

  async close(): Promise<void> {
    for (const off of this.detach) off();
    await this.passes.close();
  }

  private async pass(): Promise<number> {
    try {
      for (;;) {
        if (this.passes.closed) break;
        const claimed = await this.claim();
        for (const row of claimed) {
          try {
            await this.fire(row);
          } catch (error) {
            // The row keeps its lease: another pass takes it again once the lease lapses.
            this.ctx.log(`Email: notification ${row.key} failed: ${(error as Error)?.stack ?? String(error)}`);
          }
        }
        if (claimed.length < BATCH) break;
      }
    } catch (error) {
      this.ctx.log(`Email: notification pass failed: ${(error as Error).message}`);
    }
    return this.timing.pollMs;
  }

  /** Takes windows that ended (and lapsed claims): their dueAt becomes this claim's lease. */
  private claim(): Promise<ClaimedRow[]> {
    return this.ctx.sql.query<ClaimedRow>(
      `WITH due AS (
         SELECT "key" FROM "EmailNotification" WHERE "dueAt" <= clock_timestamp()
         ORDER BY "dueAt" LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE "EmailNotification" AS n
       SET "dueAt" = clock_timestamp() + make_interval(secs => $1::double precision / 1000), "updatedAt" = clock_timestamp()
       FROM due WHERE n."key" = due."key"
       RETURNING n."key", n."kind", n."ticketId", n."recipientId", n."coveredSeq",
         (extract(epoch FROM n."windowStartAt") * 1000)::float8 AS "windowStartMs", n."dueAt"::text AS "lease", n."updatedAt"::text AS "claimedAt"`,
      [this.timing.leaseMs, BATCH],
    );
  }

  /**
   * Ends a claimed window: what was emailed is covered. An event that came during the claim
   * (updatedAt moved) opens the next window at once instead of being lost.
   */
  private async finish(row: ClaimedRow, coveredSeq: number): Promise<void> {
    await this.ctx.sql.query(
      `UPDATE "EmailNotification" SET "coveredSeq" = GREATEST("coveredSeq", $2),
         "dueAt" = CASE WHEN "updatedAt" > $4::timestamp(3) THEN clock_timestamp() + make_interval(secs => $5::double precision / 1000) ELSE NULL END,
         "windowStartAt" = CASE WHEN "updatedAt" > $4::timestamp(3) THEN clock_timestamp() ELSE NULL END
       WHERE "key" = $1 AND "dueAt" = $3::timestamp(3)`,
      [row.key, coveredSeq, row.lease, row.claimedAt, this.ctx.config.email.notifyDelayMs],
    );
  }

  private async fire(row: ClaimedRow): Promise<void> {
    const ticket = await this.ctx.db.ticket.findUnique({ where: { id: row.ticketId } });
    if (!ticket) return; // deleted: its rows went with it
    const since = new Date(row.windowStartMs === null ? 0 : Number(row.windowStartMs));
    let covered = Number(row.coveredSeq);
    if (row.kind === 'customer.replies') covered = await this.customerReplies(ticket, row);
    else if (row.kind === 'agent.customerReply') covered = await this.agentCustomerReply(ticket, row, since);
    else if (row.kind === 'agent.newTicket') await this.agentNewTicket(ticket, since);
    else if (row.kind === 'agent.assigned') await this.agentAssigned(ticket, row, since);
    await this.finish(row, covered);
  }

  /** The agent replies the customer has not seen, in one email; none when they saw them in time. */
  private async customerReplies(ticket: Ticket, row: ClaimedRow): Promise<number> {
    const replies = await repliesAfter(this.ctx, ticket, row.coveredSeq, true);
    if (replies.length === 0) return row.coveredSeq;
    const last = replies[replies.length - 1]!.seq;
    const customer = await findUserById(this.ctx, ticket.customerId);
    const to = customer && customerAddress(customer);
    if (!customer || !to || !(await wantsEmail(this.ctx, customer.id, 'ticketUpdates'))) return last;
    const brand = await brandFor(this.ctx, ticket.siteId);
    const many = replies.length > 1;
    await enqueueEmail(this.ctx, {
      kind: 'ticket.replies',
      dedupeKey: `ticket.replies:${ticket.id}:${last}`,
      ticketId: ticket.id,
      recipientId: customer.id,
      to: { name: customer.name, address: to.address },
      subject: `${many ? `${replies.length} new replies` : 'A new reply'} on your ticket #${ticket.number}${to.verified ? `: ${ticket.subject}` : ''}`,
      headers: unsubscribeHeaders(this.ctx, customer.id, 'ticketUpdates'),
      content: {
        brand,
        greeting: `Hi ${customer.name},`,
        paragraphs: [`${brand.name} answered your ticket #${ticket.number}:`, ...replyParagraphs(replies)],
        action: { label: 'View your ticket', url: portalLinkUrl(this.ctx, customer.id, ticket.id) },
        footer: customerFooter(this.ctx, brand, customer.id),
      },
    });
    return last;
  }

  private async teamEmail(
    ticket: Ticket,
    member: User,
    topic: EmailTopic,
    dedupeKey: string,
    subject: string,
    paragraphs: string[],
    what: string,
    quote?: EmailContent['quote'],
  ): Promise<void> {
    const address = memberAddress(member);
    if (!address) return;
    const brand = await brandFor(this.ctx, ticket.siteId);
    await enqueueEmail(this.ctx, {
      kind: `agent.${topic}`,
      dedupeKey,
      ticketId: ticket.id,
      recipientId: member.id,
      to: { name: member.name, address },
      subject,
      headers: unsubscribeHeaders(this.ctx, member.id, topic),
      content: {
        brand,
        greeting: `Hi ${member.name},`,
        paragraphs,
        ...(quote ? { quote } : {}),
        action: { label: 'Open in the console', url: consoleUrl(this.ctx, ticket.id) },
        footer: teamFooter(this.ctx, member.id, topic, what),
      },
    });
  }

  /** A ticket nobody took while the team was away: to every member away since it came in who wants it. */
  private async agentNewTicket(ticket: Ticket, since: Date): Promise<void> {
    if (ticket.assigneeId) return; // someone has it: the assignee hears of it instead
    const team = await this.ctx.db.user.findMany({ where: { role: { in: ['AGENT', 'ADMIN'] }, disabled: false, email: { not: null } } });
    const wanting = await whoWantsEmail(this.ctx, team.map((u) => u.id), 'newTicket');
    const away = new Set(await this.presence.awaySince(wanting, since));
    const customer = await findUserById(this.ctx, ticket.customerId);
    for (const member of team.filter((u) => away.has(u.id))) {
      await this.teamEmail(
        ticket,
        member,
        'newTicket',
        `agent.newTicket:${ticket.id}:${member.id}`,
        `New ticket #${ticket.number}: ${ticket.subject}`,
        [`${customer?.name ?? 'A customer'} opened ticket #${ticket.number}. Nobody is assigned to it yet.`],
        'new tickets',
        { title: ticket.subject, body: ticket.description },
      );
    }
  }

  private async agentAssigned(ticket: Ticket, row: ClaimedRow, since: Date): Promise<void> {
    if (!row.recipientId || ticket.assigneeId !== row.recipientId) return; // assigned to someone else since
    const member = await findUserById(this.ctx, row.recipientId);
    if (!member || !(await wantsEmail(this.ctx, member.id, 'assigned'))) return;
    if ((await this.presence.awaySince([member.id], since)).length === 0) return;
    await this.teamEmail(
      ticket,
      member,
      'assigned',
      `agent.assigned:${ticket.id}:${member.id}:${since.toISOString()}`,
      `Ticket #${ticket.number} is assigned to you: ${ticket.subject}`,
      [`Ticket #${ticket.number} is now yours.`],
      'tickets assigned to you',
      { title: ticket.subject, body: ticket.description },
    );
  }

  private async agentCustomerReply(ticket: Ticket, row: ClaimedRow, since: Date): Promise<number> {
    const replies = await repliesAfter(this.ctx, ticket, row.coveredSeq, false);
    if (replies.length === 0) return row.coveredSeq;
    const last = replies[replies.length - 1]!.seq;
    if (!row.recipientId || ticket.assigneeId !== row.recipientId) return last;
    const member = await findUserById(this.ctx, row.recipientId);
    if (!member || !(await wantsEmail(this.ctx, member.id, 'customerReply'))) return last;
    if ((await this.presence.awaySince([member.id], since)).length === 0) return last;
    const customer = await findUserById(this.ctx, ticket.customerId);
    await this.teamEmail(
      ticket,
      member,
      'customerReply',
      `agent.customerReply:${ticket.id}:${member.id}:${last}`,
      `${customer?.name ?? 'The customer'} replied on ticket #${ticket.number}: ${ticket.subject}`,
      [`New on ticket #${ticket.number}, which is assigned to you:`, ...replyParagraphs(replies)],
      'customer replies on your tickets',
    );
    return last;
  }
}
