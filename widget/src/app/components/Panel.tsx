// The panel: header, connection banner, the current screen, and the live region.
import { useEffect, useRef } from 'preact/hooks';
import { trapFocus } from '../focus.js';
import { useShell } from '../context.js';
import { Avatar } from './Avatar.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { Home } from './Home.js';
import { NewTicketForm } from './NewTicketForm.js';
import { SignInForm } from './SignInForm.js';
import { TicketDetail } from './TicketDetail.js';

export function Panel({ open }: { open: boolean }) {
  const { c, t, locale, close, siteName, team } = useShell();
  const faces = team?.onlineTeam || []; // none from a server older than this bundle
  const panel = useRef<HTMLDivElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const screen = c.screen;
  const portal = c.session.isPortal;
  const ticketTitle = screen.name === 'ticket' ? c.tickets.view(screen.id).ticket : undefined;
  const heading =
    screen.name === 'new'
      ? t('newTicket')
      : screen.name === 'signin'
        ? t(screen.register ? 'registerTitle' : 'signInTitle')
        : screen.name === 'password'
          ? t('changePasswordTitle')
        : ticketTitle
          ? `${t('ticketNumber', { n: ticketTitle.number })} ${ticketTitle.subject}`
          : siteName || t('title');

  // A new screen (or the panel opening) moves focus to its title, which screen readers announce.
  const screenKey = `${open}:${screen.name}:${screen.name === 'ticket' ? screen.id : ''}`;
  // Except right after starting by typing: the chat's composer takes focus, for the next message.
  useEffect(() => {
    if (open && !(screen.name === 'ticket' && screen.compose)) title.current?.focus();
  }, [screenKey]);

  const back = screen.name !== 'home' && !(screen.name === 'signin' && c.session.phase === 'signedOut') && c.session.phase !== 'passwordRequired';
  return (
    <div
      ref={panel}
      class={portal ? 'dl-p dl-portal' : 'dl-p'}
      hidden={!open}
      role={portal ? 'main' : 'dialog'}
      aria-modal={portal ? undefined : 'true'}
      aria-labelledby="dl-title"
      onKeyDown={portal ? undefined : (event) => trapFocus(event, panel.current!, close)}
    >
      <header class="dl-h">
        {back && (
          <button type="button" class="dl-ib" aria-label={t('back')} onClick={() => c.navigate({ name: 'home' })}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z" />
            </svg>
          </button>
        )}
        <div class="dl-hw">
          <h2 id="dl-title" ref={title} tabIndex={-1}>
            {heading}
          </h2>
          {team && screen.name === 'home' && (
            <p class="dl-team" data-presence={team.presence}>
              {faces[0] && (
                <span class="dl-faces" role="img" aria-label={t('onlineNames', { names: new Intl.ListFormat(locale).format(faces.map((f) => f.name)) })}>
                  {faces.map((face) => (
                    <Avatar person={face} />
                  ))}
                </span>
              )}
              <span class="dl-dot" aria-hidden="true" />
              {t(team.presence === 'online' ? 'teamOnline' : 'teamAway')}
              {team.replyTime && ` · ${t(`reply_${team.replyTime}`)}`}
            </p>
          )}
          {team?.outsideHours && screen.name === 'home' && <p class="dl-away">{team.awayMessage || t('awayDefault')}</p>}
        </div>
        {close && (
          <button type="button" class="dl-ib" aria-label={t('closePanel')} onClick={close}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z" />
            </svg>
          </button>
        )}
      </header>
      {c.session.phase === 'ready' && !c.session.online && (
        <p class="dl-banner" role="status">
          {t('offline')}
        </p>
      )}
      {c.session.phase === 'error' && c.session.error ? (
        <div class="dl-m">
          <p class="dl-err" role="alert">
            {c.session.error.text}
          </p>
          {c.session.error.retryable && (
            <button type="button" class="dl-btn" onClick={() => void c.session.start()}>
              {t('retry')}
            </button>
          )}
        </div>
      ) : screen.name === 'signin' ? (
        <SignInForm key={screen.reset ?? screen.note} register={Boolean(screen.register)} reset={screen.reset} note={screen.note} />
      ) : screen.name === 'password' && (c.session.phase === 'ready' || c.session.phase === 'passwordRequired') ? (
        <ChangePasswordForm />
      ) : c.session.phase !== 'ready' ? (
        <div class="dl-m">
          <p class="dl-muted" role="status">
            {t('loading')}
          </p>
        </div>
      ) : screen.name === 'new' ? (
        <NewTicketForm prefill={screen.prefill} />
      ) : screen.name === 'ticket' ? (
        <TicketDetail id={screen.id} />
      ) : (
        <Home />
      )}
      <div class="dl-sr" aria-live="polite" aria-atomic="true">
        {c.announcement}
      </div>
    </div>
  );
}
