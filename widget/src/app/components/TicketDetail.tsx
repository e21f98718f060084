// One ticket: its details and files, then one conversation (chat messages and public replies, in
// the order they came) that follows new messages, and the composer that answers in it.
import type { Chat, PendingMessage } from '@deskline/contract/client';
import { TEXT } from '@deskline/contract/limits';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import type { AttachmentJson, CommentJson, MessageJson, PersonRefJson, TicketEventJson } from '../../api/types.js';
import { useShell } from '../context.js';
import { useFollow } from '../follow.js';
import { fileErrors } from '../validation.js';
import { AttachButton, ChosenFiles, useFileDrop, type Chosen } from './Files.js';
import { Avatar } from './Avatar.js';
import { RichText } from './RichText.js';
import { ClosedTicketBar, FollowUpOf } from './ClosedTicketBar.js';
import { StatusChip } from './StatusChip.js';

export function TicketDetail({ id }: { id: string }) {
  const { c, t, locale } = useShell();
  const view = c.tickets.view(id);
  const ticket = view.ticket;
  const chat = view.chat;
  const { messages = [], pending = [] } = chat?.state ?? {};
  const scroller = useRef<HTMLDivElement>(null);
  const whole = useRef<HTMLDivElement>(null);
  const me = c.session.user?.id;
  const count = messages.length + pending.length + (view.comments?.length ?? 0) + (view.events?.length ?? 0);
  const newest = messages[messages.length - 1];
  const follow = useFollow(scroller, ticket ? count : 0, pending.length > 0 || newest?.sender.id === me);
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const choose = (files: File[]) => files.length && setChosen((current) => [...current, ...files.map((file) => ({ file }))]);
  const dragging = useFileDrop(whole, (files) => ticket?.status !== 'CLOSED' && choose(files));
  const date = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });

  if (view.gone) return <div class="dl-m"><p class="dl-err" role="alert">{t('ticketGone')}</p></div>;
  if (!ticket || !chat) {
    return (
      <div class="dl-m">
        {view.error ? <p class="dl-err" role="alert">{view.error}</p> : <p class="dl-muted" role="status">{t('loading')}</p>}
      </div>
    );
  }
  // The ticket's own files; those sent in the chat show in the conversation.
  const ticketFiles = ticket.attachments.filter((a) => !a.messageId);
  return (
    <div class={dragging ? 'dl-tv dl-drop' : 'dl-tv'} ref={whole}>
      <div class="dl-m" ref={scroller}>
        {c.notice && <p class="dl-note" role="status">{c.notice}</p>}
        <section aria-labelledby="dl-details" class="dl-card">
          <h3 id="dl-details" class="dl-sub">
            {t('details')} <StatusChip status={ticket.status} />
          </h3>
          <p class="dl-meta">
            {ticket.category.name} · {t(`priority_${ticket.priority}`)} · {t('openedOn', { date: date(ticket.createdAt) })}
          </p>
          <FollowUpOf ticket={ticket} />
          <RichText class="dl-text" text={ticket.description} />
          <Files files={ticketFiles} />
        </section>
        <section aria-labelledby="dl-chat">
          <h3 id="dl-chat" class="dl-sub">{t('conversation')}</h3>
          <Thread chat={chat} comments={view.comments ?? []} events={view.events ?? []} />
        </section>
        {follow.unseen && (
          <button type="button" class="dl-pill" onClick={follow.toBottom}>
            {t('newMessages')} ↓
          </button>
        )}
        <p class="dl-sr" role="status">
          {follow.unseen ? t('newMessages') : ''}
        </p>
      </div>
      <ClosedTicketBar ticket={ticket} />
      <Composer chat={chat} ticketId={ticket.id} chosen={chosen} setChosen={setChosen} choose={choose} />
    </div>
  );
}

/** A ticket's files: a thumbnail for images, a download link for the rest. */
function Files({ files }: { files: readonly AttachmentJson[] }) {
  const { t } = useShell();
  if (!files.length) return null;
  return (
    <ul class="dl-atts" aria-label={t('attachments')}>
      {files.map((a) => (
        <li key={a.id}>
          <a href={a.url} target="_blank" rel="noopener noreferrer" download={a.mimeType.startsWith('image/') ? undefined : a.filename}>
            {a.mimeType.startsWith('image/') && <img src={a.url} alt={a.filename} loading="lazy" />}
            <span>{a.filename}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

type Entry = { at: string; key: string; item: { message: MessageJson } | { comment: CommentJson } | { event: TicketEventJson } };

/** Chat messages, public replies and status changes in one thread, oldest first; ours on their way at the end. */
function Thread({ chat, comments, events }: { chat: Chat; comments: readonly CommentJson[]; events: readonly TicketEventJson[] }) {
  const { c, t, locale } = useShell();
  const me = c.session.user?.id;
  const { messages, pending, typing } = chat.state;
  const time = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  const entries: Entry[] = [
    ...messages.map((message) => ({ at: message.createdAt, key: message.id, item: { message } })),
    ...comments.filter((comment) => !comment.internal).map((comment) => ({ at: comment.createdAt, key: comment.id, item: { comment } })),
    ...events.filter((event) => event.field === 'status').map((event) => ({ at: event.createdAt, key: event.id, item: { event } })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (!entries.length && !pending.length) return <p class="dl-muted">{t('noMessages')}</p>;
  const bubble = (key: string, mine: boolean, who: PersonRefJson, at: string, body: string, extra: ComponentChildren, state?: string) => (
    <li key={key} class={mine ? 'dl-msg dl-mine' : 'dl-msg'} data-state={state}>
      {!mine && (
        <span class="dl-who">
          {who.role !== 'CUSTOMER' && <Avatar person={who} />}
          {who.name}
        </span>
      )}
      {body && <RichText class="dl-body" text={body} />}
      {extra}
      <span class="dl-st">
        <time dateTime={at}>{time(at)}</time>
        {mine && state && ` · ${state === 'read' ? t('stRead') : t('stSent')}`}
      </span>
    </li>
  );
  return (
    <>
      {/* The log wraps the list: role="log" on the <ol> itself would take away its list semantics. */}
      <div role="log" aria-label={t('conversation')}>
        <ol class="dl-chat">
          {entries.map(({ key, at, item }) => {
            if ('event' in item) {
              const { event } = item;
              return (
                <li key={key} class="dl-ev">
                  {event.field === 'status' && t('statusChanged', { status: t(`status_${event.to}`) })} · <time dateTime={at}>{time(at)}</time>
                </li>
              );
            }
            if ('comment' in item) {
              const { comment } = item;
              return bubble(key, comment.author.id === me, comment.author, at, comment.body, null);
            }
            const { message: m } = item;
            const mine = m.sender.id === me;
            return bubble(key, mine, m.sender, at, m.body, <Files files={m.attachments} />, mine ? (m.readAt ? 'read' : 'sent') : undefined);
          })}
          {pending.map((p) => (
            <PendingItem key={p.clientId} pending={p} chat={chat} />
          ))}
        </ol>
      </div>
      {typing && (
        <p class="dl-typing" aria-live="polite">
          {t('typing', { name: typing })}
        </p>
      )}
    </>
  );
}

function PendingItem({ pending, chat }: { pending: PendingMessage; chat: Chat }) {
  const { t } = useShell();
  const failed = pending.state === 'failed';
  // A closed ticket is said in the visitor's words; other reasons as the server gave them.
  const error = pending.error && (pending.error.code === 'TICKET_CLOSED' ? t('chatClosed') : pending.error.message);
  return (
    <li class="dl-msg dl-mine dl-pending" data-state={pending.state}>
      {pending.body && <RichText class="dl-body" text={pending.body} />}
      <Files files={pending.attachments} />
      <span class="dl-st">
        {failed ? (
          <>
            {t('stFailed')} {error ? error + ' ' : ''}
            {pending.retryable && (
              <button type="button" class="dl-link" onClick={() => chat.retry(pending.clientId)}>
                {t('retry')}
              </button>
            )}
          </>
        ) : (
          t('stSending')
        )}
      </span>
    </li>
  );
}

interface ComposerProps {
  chat: Chat;
  ticketId: string;
  chosen: Chosen[];
  setChosen: (update: (current: Chosen[]) => Chosen[]) => void;
  choose: (files: File[]) => void;
}

/** Text, files, or both: files are uploaded first (with progress), then sent with the message. */
function Composer({ chat, ticketId, chosen, setChosen, choose }: ComposerProps) {
  const { c, t } = useShell();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (c.screen.name === 'ticket' && c.screen.compose) field.current?.focus();
  }, []);
  const send = async (event?: Event) => {
    event?.preventDefault();
    const text = body.trim();
    if ((!text && !chosen.length) || busy) return;
    const problems = fileErrors(t, chosen.map((f) => f.file));
    setError(problems);
    if (problems) return;
    setBusy(true);
    const uploaded: AttachmentJson[] = [];
    for (let i = 0; i < chosen.length; i++) {
      const progress = (value: number) => setChosen((current) => current.map((f, k) => (k === i ? { ...f, progress: value, error: undefined } : f)));
      progress(0);
      try {
        uploaded.push(await c.session.api.upload(ticketId, chosen[i]!.file, progress));
      } catch (failure) {
        const message = failure instanceof ApiError ? failure.message : t('errUpload');
        setChosen((current) => current.map((f, k) => (k === i ? { ...f, error: message } : f)));
        setBusy(false);
        // The files uploaded already are sent now; what is left stays to fix or remove.
        if (uploaded.length) {
          chat.send('', uploaded);
          setChosen((current) => current.slice(uploaded.length));
        }
        return;
      }
    }
    chat.send(text.slice(0, TEXT.message[1]), uploaded);
    setBody('');
    setChosen(() => []);
    setBusy(false);
    field.current?.focus();
  };
  return (
    <form class="dl-comp dl-tcomp" onSubmit={send}>
      {error && (
        <p class="dl-ferr" role="alert">
          {error}
        </p>
      )}
      <ChosenFiles files={chosen} onRemove={busy ? undefined : (index) => setChosen((current) => current.filter((_, i) => i !== index))} />
      <div class="dl-crow">
        <AttachButton onFiles={choose} disabled={busy} />
        <label for="dl-msg" class="dl-sr">
          {t('messageLabel')}
        </label>
        <textarea
          id="dl-msg"
          ref={field}
          rows={2}
          value={body}
          placeholder={t('messagePlaceholder')}
          maxLength={TEXT.message[1]}
          onInput={(event) => {
            setBody(event.currentTarget.value);
            chat.typing();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) void send(event);
          }}
        />
        <button type="submit" class="dl-btn" disabled={busy || (!body.trim() && !chosen.length)}>
          {busy ? t('sending') : t('send')}
        </button>
      </div>
    </form>
  );
}
