// The first screen: greeting, a composer to start by typing (or, when the site asks for it, the
// full form only), the visitor's tickets, and who they are signed in as.
import { TEXT } from '@deskline/contract/limits';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import { useShell } from '../context.js';
import { StatusChip } from './StatusChip.js';

export function Home() {
  const { c, t, greeting } = useShell();
  const tickets = c.tickets.list ?? [];
  return (
    <div class="dl-m">
      {greeting && <p class="dl-greet">{greeting}</p>}
      {c.notice && (
        <p class="dl-note" role="status">
          {c.notice}
        </p>
      )}
      {c.tickets.requireForm ? (
        <button type="button" class="dl-btn dl-wide" onClick={() => c.navigate({ name: 'new' })}>
          {t('newTicket')}
        </button>
      ) : (
        <StartComposer />
      )}
      <h3 class="dl-sub">{t('myTickets')}</h3>
      {tickets.length === 0 ? (
        <p class="dl-muted">{t('noTickets')}</p>
      ) : (
        <ul class="dl-list">
          {tickets.map((ticket) => {
            const unread = c.tickets.unreadFor(ticket);
            return (
              <li key={ticket.id}>
                <button type="button" class="dl-row" onClick={() => c.navigate({ name: 'ticket', id: ticket.id })}>
                  <span class="dl-row-t">
                    <span class="dl-num">{t('ticketNumber', { n: ticket.number })}</span> {ticket.subject}
                  </span>
                  <span class="dl-row-m">
                    <StatusChip status={ticket.status} />
                    {unread > 0 && <span class="dl-count">{t('unreadCount', { n: unread })}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <Account />
    </div>
  );
}

/** The first message opens a ticket (it is the description) and its chat, ready for the next one. */
function StartComposer() {
  const { c, t } = useShell();
  const [body, setBody] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const text = body.trim();

  async function send(event: Event) {
    event.preventDefault();
    if (!text || busy) return;
    setBusy(true);
    setError('');
    try {
      await c.startByTyping(text);
    } catch (failure) {
      const api = failure instanceof ApiError ? failure : undefined;
      setError(api?.status === 0 ? t('errNetwork') : api?.status === 429 ? t('errRateLimited') : (failure as Error).message);
      setBusy(false);
    }
  }

  return (
    <form class="dl-start" onSubmit={send}>
      <label for="dl-start" class="dl-sub">
        {t('startLabel')}
      </label>
      {error && (
        <p class="dl-err" role="alert">
          {error}
        </p>
      )}
      <div class="dl-comp">
        <textarea
          id="dl-start"
          rows={3}
          value={body}
          placeholder={t('startPlaceholder')}
          maxLength={TEXT.ticketDescription[1]}
          onInput={(event) => setBody(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) void send(event);
          }}
        />
        <button type="submit" class="dl-btn" disabled={!text || busy}>
          {busy ? t('sending') : t('send')}
        </button>
      </div>
      {/* The full form: subject, category, priority, files and contact details. */}
      <button type="button" class="dl-link" onClick={() => c.navigate({ name: 'new', prefill: { description: body } })}>
        {t('moreOptions')}
      </button>
    </form>
  );
}

function Account() {
  const { c, t } = useShell();
  const name = c.session.user?.name ?? '';
  if (c.session.kind === 'anonymous') {
    return (
      <p class="dl-acct">
        {t('guest')} ·{' '}
        <button type="button" class="dl-link" onClick={() => c.navigate({ name: 'signin' })}>
          {t('signIn')}
        </button>
      </p>
    );
  }
  return (
    <p class="dl-acct">
      {t('signedInAs', { name })}
      {c.session.user?.hasPassword && (
        <>
          {' · '}
          <button type="button" class="dl-link" onClick={() => c.navigate({ name: 'password' })}>
            {t('changePassword')}
          </button>
        </>
      )}
      {c.session.kind !== 'identified' && (
        <>
          {' · '}
          <button type="button" class="dl-link" onClick={() => void c.logout()}>
            {t('signOut')}
          </button>
        </>
      )}
    </p>
  );
}
