import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const SECRET = 'a-long-enough-secret-for-the-tests-0123456789';

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskline-config-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The problems loadConfig reports, or a failure if it accepts the environment. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('refuses production without JWT_SECRET, naming the variable', () => {
    const dataDir = tempDataDir();
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(/JWT_SECRET/);
    expect(problemsOf({ NODE_ENV: 'production', DATA_DIR: dataDir })).toEqual([
      'JWT_SECRET: is required when NODE_ENV=production (use at least 32 random characters)',
    ]);
    // Production never falls back to a secret of its own.
    expect(existsSync(path.join(dataDir, 'jwt-secret'))).toBe(false);
  });

  it('accepts production with a JWT_SECRET and uses it', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, DATA_DIR: tempDataDir() });
    expect(config.env).toBe('production');
    expect(config.jwtSecret).toBe(SECRET);
  });

  it('refuses a JWT_SECRET shorter than 32 characters', () => {
    expect(problemsOf({ JWT_SECRET: 'too-short' })).toEqual(['JWT_SECRET: must be at least 32 characters']);
  });

  it('refuses ADMIN_EMAIL without ADMIN_PASSWORD, and the reverse', () => {
    const message = 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither';
    expect(problemsOf({ JWT_SECRET: SECRET, ADMIN_EMAIL: 'boss@example.com' })).toEqual([`ADMIN_PASSWORD: ${message}`]);
    expect(problemsOf({ JWT_SECRET: SECRET, ADMIN_PASSWORD: 'long-password' })).toEqual([`ADMIN_EMAIL: ${message}`]);
  });

  it('refuses an ADMIN_PASSWORD over 72 bytes, which could never sign in', () => {
    expect(problemsOf({ JWT_SECRET: SECRET, ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'é'.repeat(37) })).toEqual([
      'ADMIN_PASSWORD: must be at most 72 bytes',
    ]);
    expect(loadConfig({ JWT_SECRET: SECRET, ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'é'.repeat(36) }).admin?.password).toBe('é'.repeat(36));
  });

  it('keeps the configured admin, with the email in lower case', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'long-password' });
    expect(config.admin).toEqual({ email: 'boss@example.com', password: 'long-password' });
  });

  it('refuses a DATABASE_URL that is not a postgresql:// URL', () => {
    expect(problemsOf({ JWT_SECRET: SECRET, DATABASE_URL: 'mysql://root@localhost/deskline' })).toEqual([
      'DATABASE_URL: must be a postgresql:// URL (leave unset for the embedded database)',
    ]);
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'postgres://db/deskline' }).databaseUrl).toBe('postgres://db/deskline');
    // An empty value means unset: the embedded database.
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ PORT: 'eighty', JWT_SECRET: 'short', REDIS_URL: 'localhost:6379' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['JWT_SECRET', 'PORT', 'REDIS_URL']);
  });

  it('defaults the write limits to the README\'s "Limits and quotas" and reads sizes in MB', () => {
    const { rateLimits } = loadConfig({ DATA_DIR: tempDataDir() });
    expect(rateLimits).toMatchObject({
      messagesPerUser: 60,
      messagesPerAddress: 300,
      commentsPerUser: 30,
      commentsPerAddress: 150,
      ticketsPerUser: 20,
      ticketsPerAddress: 100,
      uploadBytesPerUser: 50 * 1024 * 1024,
      uploadBytesPerAddress: 200 * 1024 * 1024,
      customerStorageBytes: 200 * 1024 * 1024,
    });
    const custom = loadConfig({ DATA_DIR: tempDataDir(), RATE_LIMIT_MESSAGES_PER_USER: '5', CUSTOMER_STORAGE_QUOTA_MB: '0.5' });
    expect(custom.rateLimits).toMatchObject({ messagesPerUser: 5, customerStorageBytes: 512 * 1024 });
  });

  it('refuses a write limit that is not a positive number, naming the variable', () => {
    const problems = problemsOf({ RATE_LIMIT_MESSAGES_PER_USER: '0', RATE_LIMIT_TICKETS_PER_ADDRESS: 'many', CUSTOMER_STORAGE_QUOTA_MB: '-1' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CUSTOMER_STORAGE_QUOTA_MB',
      'RATE_LIMIT_MESSAGES_PER_USER',
      'RATE_LIMIT_TICKETS_PER_ADDRESS',
    ]);
  });

  it('defaults to port 3000, ./data and http://localhost:3000', () => {
    const config = loadConfig({ JWT_SECRET: SECRET });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: undefined,
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      admin: undefined,
      publicUrl: 'http://localhost:3000',
      redisUrl: undefined,
      jwtTtl: '7d',
      trustProxy: false,
      bcryptRounds: 12,
    });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('without SMTP_URL sends no mail, with a sender on the public host and a 2 minute notify delay', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, PUBLIC_URL: 'https://help.example.com' });
    expect(config.email).toEqual({
      smtpUrl: undefined,
      from: { name: undefined, address: 'support@help.example.com' },
      notifyDelayMs: 120_000,
      inbound: { imapUrl: undefined, smtpPort: undefined, newTickets: false },
    });
  });

  it('reads SMTP_URL, MAIL_FROM with or without a name, and EMAIL_NOTIFY_DELAY as JWT_TTL is written', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      SMTP_URL: 'smtps://user:pass@mail.acme.com:465',
      MAIL_FROM: 'Acme Support <Support@Acme.com>',
      EMAIL_NOTIFY_DELAY: '30s',
    });
    expect(config.email).toEqual({
      smtpUrl: 'smtps://user:pass@mail.acme.com:465',
      from: { name: 'Acme Support', address: 'support@acme.com' },
      notifyDelayMs: 30_000,
      inbound: { imapUrl: undefined, smtpPort: undefined, newTickets: false },
    });
    expect(loadConfig({ JWT_SECRET: SECRET, MAIL_FROM: 'help@acme.com', EMAIL_NOTIFY_DELAY: '1h' }).email).toMatchObject({
      from: { name: undefined, address: 'help@acme.com' },
      notifyDelayMs: 3_600_000,
    });
  });

  it('refuses an SMTP_URL of another scheme, a MAIL_FROM without an address, and a delay without a unit', () => {
    const problems = problemsOf({ SMTP_URL: 'http://mail.acme.com', MAIL_FROM: 'Acme Support', EMAIL_NOTIFY_DELAY: '120' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['EMAIL_NOTIFY_DELAY', 'MAIL_FROM', 'SMTP_URL']);
  });

  it('reads inbound mail settings: IMAP_URL, INBOUND_SMTP_PORT and EMAIL_NEW_TICKETS, and refuses malformed ones', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      IMAP_URL: 'imaps://support%40acme.com:app-pass@imap.acme.com:993/INBOX',
      INBOUND_SMTP_PORT: '2525',
      EMAIL_NEW_TICKETS: 'true',
    });
    expect(config.email.inbound).toEqual({
      imapUrl: 'imaps://support%40acme.com:app-pass@imap.acme.com:993/INBOX',
      smtpPort: 2525,
      newTickets: true,
    });
    const problems = problemsOf({ IMAP_URL: 'pop3://mail.acme.com', INBOUND_SMTP_PORT: '70000', EMAIL_NEW_TICKETS: 'yes' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['EMAIL_NEW_TICKETS', 'IMAP_URL', 'INBOUND_SMTP_PORT']);
  });

  it('refuses SMTP_URL without MAIL_FROM: every email needs a sender', () => {
    expect(problemsOf({ JWT_SECRET: SECRET, SMTP_URL: 'smtp://mail.acme.com:587' })).toEqual([
      'MAIL_FROM: is required with SMTP_URL: the sender of every email, e.g. Acme Support <support@acme.com>',
    ]);
  });

  it('derives the public URL from PORT, and drops a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ JWT_SECRET: SECRET, PUBLIC_URL: 'https://help.example.com/' }).publicUrl).toBe('https://help.example.com');
  });

  it('outside production, creates a secret once in DATA_DIR and reuses it on the next start', () => {
    const dataDir = tempDataDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'jwt-secret');
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(first.jwtSecret);
    // Another data directory is another installation: another secret.
    expect(loadConfig({ DATA_DIR: tempDataDir() }).jwtSecret).not.toBe(first.jwtSecret);
  });

  it('creates DATA_DIR for the secret when it does not exist yet', () => {
    const dataDir = path.join(tempDataDir(), 'nested', 'data');
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.dataDir).toBe(dataDir);
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(config.jwtSecret);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n'],
    ['too short', 'short-secret-0123456789'],
  ])('refuses a DATA_DIR/jwt-secret file that is %s, naming the file', (_label, content) => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'jwt-secret');
    writeFileSync(file, content);
    const problems = problemsOf({ DATA_DIR: dataDir });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(file);
    expect(problems[0]).toMatch(/at least 32 bytes/);
    // The operator's file is left as it was, for them to look at.
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('a first start killed while writing the secret leaves no jwt-secret behind, and the next start makes a whole one', () => {
    const dataDir = tempDataDir();
    // `ulimit -f 0`: the kernel kills the process (SIGXFSZ) at its first byte written to a file,
    // right after the secret file was created: a crash between creating and writing it.
    const child = spawnSync(
      'sh',
      ['-c', `ulimit -f 0; exec "${process.execPath}" --import tsx -e "import('./src/config.ts').then((m) => m.loadConfig({ DATA_DIR: process.argv[1] }))" "${dataDir}"`],
      { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8' },
    );
    expect(child.status, child.stderr).not.toBe(0);
    const file = path.join(dataDir, 'jwt-secret');
    expect(existsSync(file)).toBe(false);

    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(config.jwtSecret);
  });

  it('creates DATA_DIR private to its owner (0700)', () => {
    const dataDir = path.join(tempDataDir(), 'fresh');
    loadConfig({ DATA_DIR: dataDir });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });
});
