// Write quotas and rate limits: one set of limiter objects per instance, used by REST routes,
// socket handlers and services alike, so every path spends the same budget. With REDIS_URL the
// counters live in Redis (shared by all instances); failed sign-ins always live in the database,
// so a lockout survives a restart even on the embedded default.
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import proxyAddr from 'proxy-addr';
import {
  RateLimiterMemory,
  RateLimiterPrisma,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { isTeam, type AuthUser } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { RateLimits } from '../context.js';
import type { PrismaClient } from '../db/database.js';
import { AppError } from '../http/errors.js';

/** Writes with a per-user and a per-address budget. Uploads are counted in bytes, the rest in writes. */
export type WriteAction = 'message' | 'comment' | 'ticket' | 'upload';
/** Requests limited per address only, before anyone is signed in. */
export type RequestLimitName = 'login' | 'register' | 'widgetSession' | 'passwordReset';

/** The support team (agents and admins) has no per-address budget and no storage quota, but this many times a customer's budget. */
export const ADMIN_BUDGET_FACTOR = 5;

const MINUTE = 60;
const HOUR = 60 * 60;

const WRITE_REFUSALS: Record<WriteAction, string> = {
  message: 'You are sending messages too fast',
  comment: 'You are adding comments too fast',
  ticket: 'You have opened too many tickets in a short time',
  upload: 'You have uploaded too much in a short time',
};

const REQUEST_REFUSALS: Record<RequestLimitName, string> = {
  login: 'Too many failed sign-in attempts',
  register: 'Too many accounts created from this address',
  widgetSession: 'Too many widget sessions from this address',
  passwordReset: 'Too many password resets from this address',
};

/** 429 RATE_LIMITED; the error middleware turns `retryAfterSeconds` into a Retry-After header. */
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, `${message}; try again in ${describeWait(retryAfterSeconds)}`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

interface WriteBudget {
  customer: RateLimiterAbstract;
  team: RateLimiterAbstract;
  address: RateLimiterAbstract;
}

export interface Limits {
  /**
   * Charges `amount` (one write, or the bytes of an upload) to the caller's own budget and, for
   * customers, to their address's; throws RateLimitedError past either.
   */
  charge(action: WriteAction, user: AuthUser, address: string, amount?: number): Promise<void>;
  /** Throws RateLimitedError if the caller's budget for `action` is already spent (spends nothing). */
  assertBudgetLeft(action: WriteAction, user: AuthUser, address: string): Promise<void>;
  /** Express middleware for the per-address request limits (login counts failures only). */
  requestLimiter(name: RequestLimitName): RequestHandler;
  /** Charges one inbound email to its sender's hourly budget; throws RateLimitedError past it. */
  chargeInboundEmail(sender: string): Promise<void>;
  /** The client's address of a raw request (a socket handshake), by the same TRUST_PROXY rule as Express. */
  addressOf(request: IncomingMessage): string;
  close(): Promise<void>;
}

export async function createLimits(config: Config, limits: RateLimits, db: PrismaClient, log: (line: string) => void): Promise<Limits> {
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, log) : undefined;
  const prefix = `${config.redisPrefix}:limit`;

  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const keyPrefix = `${prefix}:${name}`;
    // Points must stay integers (Redis counts with INCRBY); a budget of 0 would mean "unlimited".
    const options = { keyPrefix, points: Math.max(1, Math.floor(points)), duration };
    if (!redis) return new RateLimiterMemory(options);
    // Redis down: each instance keeps limiting on its own until Redis answers again.
    return new RateLimiterRedis({
      ...options,
      storeClient: redis.client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  };
  const write = (name: WriteAction, perUser: number, perAddress: number, duration: number): WriteBudget => ({
    customer: limiter(`${name}:user`, perUser, duration),
    team: limiter(`${name}:team`, perUser * ADMIN_BUDGET_FACTOR, duration),
    address: limiter(`${name}:address`, perAddress, duration),
  });
  const writes: Record<WriteAction, WriteBudget> = {
    message: write('message', limits.messagesPerUser, limits.messagesPerAddress, MINUTE),
    comment: write('comment', limits.commentsPerUser, limits.commentsPerAddress, MINUTE),
    ticket: write('ticket', limits.ticketsPerUser, limits.ticketsPerAddress, HOUR),
    upload: write('upload', limits.uploadBytesPerUser, limits.uploadBytesPerAddress, HOUR),
  };

  const windowSeconds = Math.ceil(limits.windowMs / 1000);
  const loginFailures = new RateLimiterPrisma({
    storeClient: db,
    tableName: 'rateLimitCounter',
    keyPrefix: 'login',
    points: limits.loginFailures,
    duration: windowSeconds,
    clearExpiredByTimeout: false, // pruned below, on a timer this instance can stop
  } as ConstructorParameters<typeof RateLimiterPrisma>[0]);
  const prune = setInterval(
    () => void db.rateLimitCounter.deleteMany({ where: { expire: { lt: new Date() } } }).catch(() => {}),
    5 * 60 * 1000,
  );
  prune.unref();
  const requests: Record<RequestLimitName, RateLimiterAbstract | RateLimiterStoreAbstract> = {
    login: loginFailures,
    register: limiter('register', limits.registrations, windowSeconds),
    widgetSession: limiter('widget-session', limits.widgetSessions, windowSeconds),
    // As many as sign-ups: both are a stranger asking the server to write (and here, to send mail).
    passwordReset: limiter('password-reset', limits.registrations, windowSeconds),
  };

  const inboundEmail = limiter('inbound-email', limits.inboundEmailsPerSender, HOUR);
  const trust = compileTrust(config.trustProxy);

  return {
    async charge(action, user, address, amount = 1) {
      const budget = writes[action];
      if (isTeam(user)) {
        await spend(budget.team, user.id, amount, WRITE_REFUSALS[action]);
        return;
      }
      await spend(budget.customer, user.id, amount, WRITE_REFUSALS[action]);
      await spend(budget.address, address, amount, WRITE_REFUSALS[action]);
    },
    async assertBudgetLeft(action, user, address) {
      const budget = writes[action];
      const checks: [RateLimiterAbstract, string][] =
        isTeam(user) ? [[budget.team, user.id]] : [[budget.customer, user.id], [budget.address, address]];
      for (const [limiter, key] of checks) {
        const spent = await limiter.get(key);
        if (spent && spent.consumedPoints >= limiter.points) {
          throw new RateLimitedError(WRITE_REFUSALS[action], Math.max(1, Math.ceil(spent.msBeforeNext / 1000)));
        }
      }
    },
    requestLimiter(name) {
      const limiter = requests[name];
      // Sign-ins: every attempt is charged up front (so parallel guesses cannot slip past the
      // count) and refunded unless the credentials were wrong, so only failures add up.
      const refundSuccess = name === 'login';
      return (req: Request, res: Response, next: NextFunction) => {
        const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
        spend(limiter, key, 1, REQUEST_REFUSALS[name]).then(() => {
          if (refundSuccess) {
            res.once('finish', () => {
              if (res.statusCode !== 401 && res.statusCode !== 403) void limiter.reward(key, 1).catch(() => {});
            });
          }
          next();
        }, next);
      };
    },
    chargeInboundEmail(sender) {
      return spend(inboundEmail, sender.toLowerCase(), 1, 'Too many emails from this sender');
    },
    addressOf(request) {
      return proxyAddr(request, trust);
    },
    async close() {
      clearInterval(prune);
      redis?.close();
    },
  };
}

async function spend(limiter: RateLimiterAbstract, key: string, amount: number, refusal: string): Promise<void> {
  try {
    await limiter.consume(key, amount);
  } catch (outcome) {
    // The library rejects with a RateLimiterRes past the budget, with an Error when its store fails.
    if (outcome instanceof RateLimiterRes) {
      throw new RateLimitedError(refusal, Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)));
    }
    throw outcome;
  }
}

/** The same rule Express applies for `trust proxy` (true, a hop count, or addresses and subnets). */
function compileTrust(setting: boolean | number | string): (address: string, hop: number) => boolean {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting.split(',').map((part) => part.trim()));
}

/** How long start-up waits for Redis before counting on this instance alone (as the socket adapter does). */
const REDIS_START_WAIT_MS = 3_000;

async function connectRedis(url: string, log: (line: string) => void) {
  // No offline queue: during an outage a count fails at once and the in-memory insurance limiter
  // takes over, instead of requests waiting for Redis.
  const client = createClient({ url, disableOfflineQueue: true });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`Redis (rate limits): ${error.message || error.name}; counting on this instance alone until Redis answers`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log('Redis (rate limits): connected again');
  });
  const connected = client.connect().then(() => true);
  connected.catch(() => {}); // it keeps retrying by itself; errors are logged above
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), REDIS_START_WAIT_MS)));
  await Promise.race([connected, waited]).catch(() => false).finally(() => clearTimeout(timer));
  return { client, close: () => client.destroy() };
}
