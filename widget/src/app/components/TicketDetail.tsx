// One ticket: its details and attachments, the comment timeline, and the live chat.
import type { Chat, PendingMessage } from '@deskline/contract/client';
import { TEXT } from '@deskline/contract/limits';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useShell } from '../context.js';
import { RichText } from './RichText.js';
import { StatusChip } from './StatusChip.js';

export function TicketDetail({ id }: { id: string }) {
  const { c, t, locale } = useShell();
  const view = c.tickets.view(id);
  const ticket = view.ticket;
  const chat = view.chat;
  const { messages = [], pending = [], typing } = chat?.state ?? {};
  const scroller = useRef<HTMLDivElement>(null);
  const count = messages.length + pending.length;
  const date = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });

  // Follow the conversation: stay at the bottom when a message arrives, unless reading far above.
  const atBottom = useRef(true);
  useEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count, Boolean(ticket), typing]);

  if (view.gone) return <div class="dl-m"><p class="dl-err" role="alert">{t('ticketGone')}</p></div>;
  if (!ticket || !chat) {
    return (
      <div class="dl-m">
        {view.error ? <p class="dl-err" role="alert">{view.error}</p> : <p class="dl-muted" role="status">{t('loading')}</p>}
      </div>
    );
  }
  const closed = ticket.status === 'CLOSED';
  return (
    <>
      <div
        class="dl-m"
        ref={scroller}
        onScroll={(event) => {
          const el = event.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {c.notice && <p class="dl-note" role="status">{c.notice}</p>}
        <section aria-labelledby="dl-details" class="dl-card">
          <h3 id="dl-details" class="dl-sub">
            {t('details')} <StatusChip status={ticket.status} />
          </h3>
          <p class="dl-meta">
            {ticket.category.name} · {t(`priority_${ticket.priority}`)} · {t('openedOn', { date: date(ticket.createdAt) })}
          </p>
          <RichText class="dl-text" text={ticket.description} />
          {ticket.attachments.length > 0 && (
            <ul class="dl-atts" aria-label={t('attachments')}>
              {ticket.attachments.map((a) => (
                <li key={a.id}>
                  <a href={a.url} target="_blank" rel="noopener noreferrer" download={a.mimeType.startsWith('image/') ? undefined : a.filename}>
                    {a.mimeType.startsWith('image/') && <img src={a.url} alt={a.filename} loading="lazy" />}
                    <span>{a.filename}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="dl-comments" class="dl-card">
          <h3 id="dl-comments" class="dl-sub">{t('comments')}</h3>
          {!view.comments?.length ? (
            <p class="dl-muted">{t('noComments')}</p>
          ) : (
            <ol class="dl-comments">
              {view.comments.map((comment) => (
                <li key={comment.id}>
                  <p class="dl-meta">
                    <strong>{comment.author.id === c.session.user?.id ? t('you') : comment.author.name}</strong> · {date(comment.createdAt)}
                  </p>
                  <RichText class="dl-text" text={comment.body} />
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="dl-chat">
          <h3 id="dl-chat" class="dl-sub">{t('chat')}</h3>
          <Messages chat={chat} />
        </section>
      </div>
      {closed ? (
        <p class="dl-closed" role="status">
          {t('chatClosed')}
        </p>
      ) : (
        <Composer chat={chat} />
      )}
    </>
  );
}

function Messages({ chat }: { chat: Chat }) {
  const { c, t } = useShell();
  const me = c.session.user?.id;
  const { messages, pending, typing } = chat.state;
  if (!messages.length && !pending.length) return <p class="dl-muted">{t('noMessages')}</p>;
  return (
    <>
      {/* The log wraps the list: role="log" on the <ol> itself would take away its list semantics. */}
      <div role="log" aria-label={t('chat')}>
        <ol class="dl-chat">
          {messages.map((m) => {
            const mine = m.sender.id === me;
            const read = mine && Boolean(m.readAt);
            return (
              <li key={m.id} class={mine ? 'dl-msg dl-mine' : 'dl-msg'} data-state={mine ? (read ? 'read' : 'sent') : undefined}>
                {!mine && <span class="dl-who">{m.sender.name}</span>}
                <RichText class="dl-body" text={m.body} />
                {mine && <span class="dl-st">{read ? t('stRead') : t('stSent')}</span>}
              </li>
            );
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
      <RichText class="dl-body" text={pending.body} />
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

function Composer({ chat }: { chat: Chat }) {
  const { c, t } = useShell();
  const [body, setBody] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (c.screen.name === 'ticket' && c.screen.compose) field.current?.focus();
  }, []);
  const send = (event?: Event) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text) return;
    chat.send(text.slice(0, TEXT.message[1]));
    setBody('');
  };
  return (
    <form class="dl-comp" onSubmit={send}>
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
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) send(event);
        }}
      />
      <button type="submit" class="dl-btn" disabled={!body.trim()}>
        {t('send')}
      </button>
    </form>
  );
}
