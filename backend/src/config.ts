// Configuration from the environment: validated once at start-up, the only place env is read.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MIN_SECRET_BYTES } from './auth/tokens.js';
import type { RateLimits } from './context.js';
import { createFileAtomically, ensurePrivateDir } from './storage/private-files.js';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A size in MB (decimals allowed), at least one file's worth of bytes. */
const megabytes = z.coerce.number().min(0.01, 'must be at least 0.01 (MB)').max(1_000_000);
const MB = 1024 * 1024;

/** A duration as JWT_TTL writes it: a number and one of s, m, h, d. */
const DURATION = /^\d+[smhd]$/;
const DURATION_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(value: string): number {
  return Number(value.slice(0, -1)) * DURATION_MS[value.slice(-1) as keyof typeof DURATION_MS];
}

/** `Name <address>` or a bare address, as MAIL_FROM is written. */
const MAILBOX = /^(?:(?<name>[^<>]*?)\s*<(?<angled>[^<>\s]+)>|(?<bare>[^<>\s]+))$/;
const MailAddress = z.email();

export function parseMailbox(value: string): { name: string | undefined; address: string } | undefined {
  const match = MAILBOX.exec(value.trim());
  const address = match?.groups?.angled ?? match?.groups?.bare;
  if (!address || !MailAddress.safeParse(address).success) return undefined;
  const name = match?.groups?.name?.replace(/^"(.*)"$/, '$1').trim();
  return { name: name || undefined, address: address.toLowerCase() };
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: optional,
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL (leave unset for the embedded database)')
        .optional(),
    ),
    JWT_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    JWT_TTL: z
      .string()
      .regex(DURATION, 'must look like 15m, 12h or 7d')
      .default('7d'),
    ADMIN_EMAIL: optional.pipe(z.email('must be an email address').optional()),
    ADMIN_PASSWORD: optional.pipe(
      z
        .string()
        .min(8, 'must be at least 8 characters')
        // bcrypt reads only 72 bytes, and sign-in refuses longer passwords: this one could never sign in.
        .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'must be at most 72 bytes')
        .optional(),
    ),
    PUBLIC_URL: optional.pipe(z.url('must be a URL such as https://support.example.com').optional()),
    REDIS_URL: optional.pipe(
      z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
    ),
    REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits or . : - _').default('deskline'),
    TRUST_PROXY: optional,
    RATE_LIMIT_LOGIN: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_REGISTER: z.coerce.number().int().min(1).default(20),
    RATE_LIMIT_WIDGET_SESSION: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_MESSAGES_PER_USER: z.coerce.number().int().min(1).default(60),
    RATE_LIMIT_MESSAGES_PER_ADDRESS: z.coerce.number().int().min(1).default(300),
    RATE_LIMIT_COMMENTS_PER_USER: z.coerce.number().int().min(1).default(30),
    RATE_LIMIT_COMMENTS_PER_ADDRESS: z.coerce.number().int().min(1).default(150),
    RATE_LIMIT_TICKETS_PER_USER: z.coerce.number().int().min(1).default(20),
    RATE_LIMIT_TICKETS_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
    RATE_LIMIT_UPLOAD_MB_PER_USER: megabytes.default(50),
    RATE_LIMIT_UPLOAD_MB_PER_ADDRESS: megabytes.default(200),
    CUSTOMER_STORAGE_QUOTA_MB: megabytes.default(200),
    BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
    SMTP_URL: optional.pipe(
      z
        .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587' })
        .optional(),
    ),
    MAIL_FROM: optional.pipe(
      z
        .string()
        .refine((v) => parseMailbox(v) !== undefined, 'must be an address, or a name and an address: Acme Support <support@acme.com>')
        .optional(),
    ),
    EMAIL_NOTIFY_DELAY: z.string().regex(DURATION, 'must look like 30s, 2m or 1h').default('2m'),
    IMAP_URL: optional.pipe(
      z
        .url({ protocol: /^imaps?$/, error: 'must be an imap:// or imaps:// URL such as imaps://user:pass@imap.acme.com:993/INBOX' })
        .optional(),
    ),
    INBOUND_SMTP_PORT: optional.pipe(z.string().regex(/^\d+$/, 'must be a port number').transform(Number).pipe(z.number().int().min(0).max(65535)).optional()),
    EMAIL_NEW_TICKETS: z.enum(['true', 'false'], 'must be true or false').default('false'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required when NODE_ENV=production (use at least 32 random characters)',
      });
    }
    if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
      });
    }
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_FROM'],
        message: 'is required with SMTP_URL: the sender of every email, e.g. Acme Support <support@acme.com>',
      });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  jwtSecret: string;
  jwtTtl: string;
  admin: { email: string; password: string } | undefined;
  publicUrl: string;
  redisUrl: string | undefined;
  /** Channel prefix on Redis, so several Deskline deployments can share one Redis. */
  redisPrefix: string;
  /** Express `trust proxy` setting, so rate limits see client addresses behind a reverse proxy. */
  trustProxy: boolean | number | string;
  /** Write quotas and rate limits (README: "Limits and quotas"). */
  rateLimits: RateLimits;
  /** bcrypt cost; lowered only by the test suite. */
  bcryptRounds: number;
  email: EmailConfig;
}

export interface EmailConfig {
  /** Unset: every email is stored in the outbox and shown in the console, none is sent. */
  smtpUrl: string | undefined;
  /** The sender; its address is the support mailbox (and the domain of Message-IDs). */
  from: { name: string | undefined; address: string };
  /** How long a reply stays unseen before it is emailed. */
  notifyDelayMs: number;
  inbound: InboundEmailConfig;
}

export interface InboundEmailConfig {
  /** A mailbox to read replies from (imapflow), with its credentials. */
  imapUrl: string | undefined;
  /** The built-in SMTP receiver's port; unset: no receiver. */
  smtpPort: number | undefined;
  /** Mail without a reply token opens a ticket (otherwise it is ignored). */
  newTickets: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    jwtSecret: env.JWT_SECRET ?? persistedDevSecret(dataDir),
    jwtTtl: env.JWT_TTL,
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD } : undefined,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    bcryptRounds: env.BCRYPT_ROUNDS,
    email: {
      smtpUrl: env.SMTP_URL,
      // Without SMTP nothing leaves the server, but the outbox still shows a sender.
      from: (env.MAIL_FROM && parseMailbox(env.MAIL_FROM)) || { name: undefined, address: `support@${hostnameOf(env.PUBLIC_URL)}` },
      notifyDelayMs: durationMs(env.EMAIL_NOTIFY_DELAY),
      inbound: { imapUrl: env.IMAP_URL, smtpPort: env.INBOUND_SMTP_PORT, newTickets: env.EMAIL_NEW_TICKETS === 'true' },
    },
    rateLimits: {
      loginFailures: env.RATE_LIMIT_LOGIN,
      registrations: env.RATE_LIMIT_REGISTER,
      widgetSessions: env.RATE_LIMIT_WIDGET_SESSION,
      windowMs: 15 * 60 * 1000,
      messagesPerUser: env.RATE_LIMIT_MESSAGES_PER_USER,
      messagesPerAddress: env.RATE_LIMIT_MESSAGES_PER_ADDRESS,
      commentsPerUser: env.RATE_LIMIT_COMMENTS_PER_USER,
      commentsPerAddress: env.RATE_LIMIT_COMMENTS_PER_ADDRESS,
      ticketsPerUser: env.RATE_LIMIT_TICKETS_PER_USER,
      ticketsPerAddress: env.RATE_LIMIT_TICKETS_PER_ADDRESS,
      uploadBytesPerUser: Math.floor(env.RATE_LIMIT_UPLOAD_MB_PER_USER * MB),
      uploadBytesPerAddress: Math.floor(env.RATE_LIMIT_UPLOAD_MB_PER_ADDRESS * MB),
      customerStorageBytes: Math.floor(env.CUSTOMER_STORAGE_QUOTA_MB * MB),
      inboundEmailsPerSender: 30,
    },
  };
}

/**
 * Outside production a random secret is created once and kept in DATA_DIR, so tokens survive
 * restarts. It is written atomically (see createFileAtomically), and a file that holds too little
 * (emptied, or made by hand with `touch`) is refused: tokens signed with it could be forged.
 */
function persistedDevSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  ensurePrivateDir(dataDir);
  createFileAtomically(file, randomBytes(48).toString('base64url')); // keeps an existing file
  const secret = readFileSync(file, 'utf8').trim();
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    throw new ConfigError([
      `DATA_DIR/jwt-secret: ${file} holds a secret of ${bytes} bytes, and it must be at least ${MIN_SECRET_BYTES} bytes. ` +
        'Delete the file to have a new one generated (everyone signs in again), or set JWT_SECRET.',
    ]);
  }
  return secret;
}

function hostnameOf(publicUrl: string | undefined): string {
  const host = publicUrl ? new URL(publicUrl).hostname : 'localhost';
  return host.replace(/^\[|\]$/g, '');
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
