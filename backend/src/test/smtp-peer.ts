// A real SMTP server for the email tests (smtp-server, in process): it keeps every message it
// accepts, parsed, and can go down and come back on the same port to test retries.
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './instances.js';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: Email;
  /** A header's value by its name, case-insensitively (the first one). */
  header(name: string): string | undefined;
}

export interface SmtpPeer {
  readonly port: number;
  /** SMTP_URL for Deskline. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Refuses connections until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Waits until `count` messages have arrived (and fails if more than `count` arrive meanwhile). */
  waitForMail(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpPeer(): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const create = () =>
    new SMTPServer({
      authOptional: true,
      // Plain SMTP on localhost: nodemailer would otherwise upgrade with STARTTLS to a self-signed certificate.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          PostalMime.parse(raw).then(
            (parsed) => {
              received.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((r) => r.address),
                },
                raw,
                parsed,
                header: (name) => parsed.headers.find((h) => h.key === name.toLowerCase())?.value,
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
  let server = create();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
    });
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const port = await listen(0);
  let isUp = true;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async down() {
      if (!isUp) return;
      isUp = false;
      await stop();
    },
    async up() {
      if (isUp) return;
      server = create();
      await listen(port);
      isUp = true;
    },
    async waitForMail(count, timeoutMs = 20_000) {
      await waitFor(() => received.length >= count, { timeoutMs, describe: () => `${count} emails (got ${received.length})` });
      if (received.length > count) throw new Error(`expected ${count} emails, got ${received.length}`);
      return received.slice(0, count);
    },
    async close() {
      if (isUp) await stop();
      isUp = false;
    },
  };
}
