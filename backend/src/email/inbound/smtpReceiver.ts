// The built-in SMTP receiver (INBOUND_SMTP_PORT), for an MX record or a relay pointed at Deskline:
// it takes mail for the support address and its plus-addresses only, and feeds the pipeline.
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { AppContext } from '../../context.js';
import { parseSupportRecipient } from '../replyAddress.js';
import { receiveEmail } from './pipeline.js';

/** The largest message taken: ten files of the upload limit, base64-encoded, and some text. */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export interface SmtpReceiver {
  readonly port: number;
  close(): Promise<void>;
}

/** An SMTP reply: smtp-server sends `responseCode` and the message to the client. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpReceiver(ctx: AppContext, port: number, host?: string): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    name: ctx.config.email.from.address.split('@')[1],
    banner: 'Deskline',
    // Anyone may hand mail in, as to any MX; what it may do is decided per message by its reply token.
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_INBOUND_BYTES,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (!parseSupportRecipient(ctx, address.address)) return callback(smtpError(550, 'No such mailbox here'));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(552, `Message is larger than ${MAX_INBOUND_BYTES / (1024 * 1024)} MB`));
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        receiveEmail(ctx, { raw: Buffer.concat(chunks), envelope }).then(
          // Another delivery of the same mail is being taken in: accepted only once that one is done.
          ({ outcome }) => callback(outcome === 'in-progress' ? smtpError(451, 'This message is being received already, try again later') : undefined),
          (error: unknown) => {
            // Could not be taken now (the database is away): the sending server keeps it and retries.
            ctx.log(`Email: inbound mail could not be taken: ${(error as Error)?.stack ?? String(error)}`);
            callback(smtpError(451, 'Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (error) => ctx.log(`Email: SMTP receiver: ${error.message}`));
  const listening = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => resolve((server.server.address() as { port: number }).port));
  });
  ctx.log(`Email: receiving mail over SMTP on port ${listening}, for ${ctx.config.email.from.address} and its plus-addresses.`);
  return {
    port: listening,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
