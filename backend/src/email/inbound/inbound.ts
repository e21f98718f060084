// Inbound email for one instance: the IMAP reader and the built-in SMTP receiver, each when
// configured, both feeding the pipeline. Started and stopped with the server.
import type { AppContext } from '../../context.js';
import { DEFAULT_IMAP_TIMING, ImapReader, type ImapState, type ImapTiming } from './imap.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtpReceiver.js';

export interface InboundEmail {
  /** The state of this instance's inbound paths, for Settings → Email. */
  state(): { imap: ImapState | null; smtpReceiverPort: number | null };
  close(): Promise<void>;
}

/** Each server's inbound paths, so that GET /email/status can show them (several servers may share a process). */
const running = new WeakMap<AppContext, InboundEmail>();

export function inboundEmailOf(ctx: AppContext): InboundEmail | undefined {
  return running.get(ctx);
}

export async function startInboundEmail(ctx: AppContext, timing: Partial<ImapTiming> = {}): Promise<InboundEmail> {
  const config = ctx.config.email.inbound;
  const receiver: SmtpReceiver | undefined =
    config.smtpPort !== undefined ? await startSmtpReceiver(ctx, config.smtpPort, ctx.config.host) : undefined;
  const reader = config.imapUrl ? new ImapReader(ctx, config.imapUrl, { ...DEFAULT_IMAP_TIMING, ...timing }) : undefined;
  const inbound: InboundEmail = {
    state: () => ({ imap: reader ? { ...reader.state } : null, smtpReceiverPort: receiver?.port ?? null }),
    async close() {
      running.delete(ctx);
      await Promise.all([receiver?.close(), reader?.close()]);
    },
  };
  running.set(ctx, inbound);
  return inbound;
}
