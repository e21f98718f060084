// The first screen: greeting, "new ticket", the visitor's tickets, and who they are signed in as.
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
      <button type="button" class="dl-btn dl-wide" onClick={() => c.navigate({ name: 'new' })}>
        {t('newTicket')}
      </button>
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
