// Settings → Email: whether mail is sent (SMTP), the last delivery error, and the outbox: every
// email Deskline stored, with its state and a preview as it is (or would be) sent.
'use client';
import { useState } from 'react';
import type { EmailStateJson, EmailStatus, OutboxEmailJson } from '@deskline/contract';
import { api } from '../../api/http';
import { useApi } from '../../api/useApi';
import { usePageTitle } from '../../realtime/RealtimeProvider';
import { Button } from '../../ui/controls';
import { EmptyState, ErrorNotice, Loading } from '../../ui/feedback';
import { cx, fullDate, shortAge } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Tabs } from '../../ui/Tabs';
import { TestEmailButton } from './TestEmailButton';

const STATUS_LABELS: Record<EmailStatus, { label: string; tone: string }> = {
  QUEUED: { label: 'Queued', tone: 'bg-amber-50 text-amber-800 ring-amber-600/25' },
  SENDING: { label: 'Sending', tone: 'bg-sky-50 text-sky-800 ring-sky-600/25' },
  SENT: { label: 'Sent', tone: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25' },
  FAILED: { label: 'Failed', tone: 'bg-red-50 text-red-800 ring-red-600/25' },
  NOT_SENT: { label: 'Not sent (no SMTP)', tone: 'bg-slate-100 text-slate-700 ring-slate-500/25' },
};

function EmailStatusBadge({ status }: { status: EmailStatus }) {
  const { label, tone } = STATUS_LABELS[status];
  return (
    <span data-testid="email-status" data-status={status} className={cx('inline-flex h-5 items-center rounded px-1.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset', tone)}>
      {label}
    </span>
  );
}

export function EmailPage() {
  usePageTitle('Email');
  const state = useApi('email-status', () => api.call('GET /email/status'));
  const first = useApi('email-outbox', () => api.call('GET /email/outbox', { query: { limit: 25 } }));
  const [more, setMore] = useState<{ items: OutboxEmailJson[]; nextCursor: string | null } | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);
  const selected = items.find((e) => e.id === selectedId) ?? items[0];

  const reload = () => {
    setMore(undefined);
    void state.reload();
    void first.reload();
  };
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.call('GET /email/outbox', { query: { limit: 25, cursor: nextCursor } });
      setMore((previous) => ({ items: [...(previous?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader
        title="Email"
        description="Every email Deskline writes is stored here first, then sent through your SMTP server."
        actions={
          <>
            <TestEmailButton
              onQueued={(email) => {
                setSelectedId(email.id);
                reload();
              }}
              onSettled={reload}
            />
            <Button icon="refresh" onClick={reload}>
              Refresh
            </Button>
          </>
        }
      />
      <div className="mx-auto grid max-w-[1200px] grid-cols-1 gap-5 p-4 sm:p-6">
        {state.error && !state.data ? (
          <ErrorNotice onRetry={() => void state.reload()}>The email settings could not be loaded: {state.error.message}</ErrorNotice>
        ) : !state.data ? (
          <Loading />
        ) : (
          <>
            <SmtpState state={state.data} />
            <InboundState inbound={state.data.inbound} />
          </>
        )}
        <section aria-label="Outbox" className="min-w-0">
          <h2 className="mb-2 text-sm font-semibold text-slate-900">Outbox</h2>
          {first.error && !first.data ? (
            <ErrorNotice onRetry={() => void first.reload()}>The outbox could not be loaded: {first.error.message}</ErrorNotice>
          ) : !first.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState icon="send" title="No emails yet" className="rounded-lg ring-1 ring-slate-200">
              When a customer with an email opens a ticket, the email telling them so appears here.
            </EmptyState>
          ) : (
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,380px)_minmax(0,1fr)]">
              <div>
                <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white ring-1 ring-slate-200" data-testid="outbox">
                  {items.map((email) => (
                    <li key={email.id}>
                      <button
                        type="button"
                        onClick={() => setSelectedId(email.id)}
                        aria-current={email.id === selected?.id ? 'true' : undefined}
                        data-testid="outbox-row"
                        className={cx('block w-full px-3 py-2 text-left hover:bg-slate-50', email.id === selected?.id && 'bg-indigo-50/60')}
                      >
                        <span className="flex items-center gap-2">
                          <span className="min-w-0 flex-1 truncate text-[13px] font-medium text-slate-900">{email.subject}</span>
                          <EmailStatusBadge status={email.status} />
                        </span>
                        {/* Darker on the selected row's tint, which takes slate-500 below contrast. */}
                        <span className={cx('mt-0.5 flex gap-2 text-xs', email.id === selected?.id ? 'text-slate-600' : 'text-slate-500')}>
                          <span className="min-w-0 flex-1 truncate">To {email.to}</span>
                          <time dateTime={email.createdAt} title={fullDate(email.createdAt)}>
                            {shortAge(email.createdAt)}
                          </time>
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
                {nextCursor && (
                  <Button className="mt-2" size="sm" busy={loadingMore} onClick={() => void loadMore()}>
                    Show older emails
                  </Button>
                )}
              </div>
              {selected && <EmailPreview key={selected.id} email={selected} />}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

function SmtpState({ state }: { state: EmailStateJson }) {
  const { smtp } = state;
  return (
    <section aria-label="SMTP" className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="smtp-state" data-configured={String(smtp.configured)}>
      <h2 className="text-sm font-semibold text-slate-900">Sending (SMTP)</h2>
      {smtp.configured ? (
        <p className="mt-1 text-[13px] text-slate-700">
          Emails are sent through <code className="font-mono text-xs">{smtp.host}:{smtp.port}</code>
          {smtp.secure ? ' over TLS' : ''} as <span className="font-medium">{state.from}</span>.
        </p>
      ) : (
        <p className="mt-1 text-[13px] text-slate-700">
          <span className="font-medium text-amber-800">No email is sent:</span> <code className="font-mono text-xs">SMTP_URL</code> is not set. Emails are kept
          below, as they would be sent from <span className="font-medium">{state.from}</span>. Set <code className="font-mono text-xs">SMTP_URL</code> and{' '}
          <code className="font-mono text-xs">MAIL_FROM</code> and restart to send them from now on.
        </p>
      )}
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600">
        {(Object.keys(STATUS_LABELS) as EmailStatus[]).map((status) => (
          <div key={status} className="flex gap-1">
            <dt>{STATUS_LABELS[status].label}:</dt>
            <dd className="font-medium text-slate-900" data-testid={`count-${status}`}>
              {state.counts[status] ?? 0}
            </dd>
          </div>
        ))}
        <div className="flex gap-1">
          <dt>Last sent:</dt>
          <dd className="font-medium text-slate-900">{state.lastSentAt ? fullDate(state.lastSentAt) : 'never'}</dd>
        </div>
      </dl>
      {state.lastError && (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 ring-1 ring-red-600/20" data-testid="smtp-last-error">
          Last error ({fullDate(state.lastError.at)}): {state.lastError.message}
        </p>
      )}
    </section>
  );
}

/** Replies by email: the IMAP mailbox read and the built-in SMTP receiver, as this server runs them. */
function InboundState({ inbound }: { inbound: EmailStateJson['inbound'] }) {
  const { imap, smtpReceiver } = inbound;
  const code = (text: string) => <code className="font-mono text-xs">{text}</code>;
  return (
    <section aria-label="Receiving" className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="inbound-state">
      <h2 className="text-sm font-semibold text-slate-900">Receiving replies (IMAP and SMTP)</h2>
      {!imap && !smtpReceiver ? (
        <p className="mt-1 text-[13px] text-slate-700">
          <span className="font-medium text-amber-800">Replies by email are not read:</span> set {code('IMAP_URL')} to read a mailbox, or{' '}
          {code('INBOUND_SMTP_PORT')} to receive mail directly, and restart.
        </p>
      ) : (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[13px] text-slate-700">
          {imap && (
            <>
              <dt className="text-slate-500">IMAP</dt>
              <dd data-testid="imap-state" data-connected={String(imap.connected)}>
                <span className={cx('font-medium', imap.connected ? 'text-emerald-800' : 'text-red-800')}>
                  {imap.connected ? 'Connected' : 'Not connected'}
                </span>{' '}
                to {code(`${imap.host}`)}, mailbox {code(imap.mailbox)}
                {imap.connected ? (imap.idle ? '; new mail arrives at once (IDLE)' : '; checked every 30 seconds') : '; trying again by itself'}.
                {' '}Last checked: {imap.lastPollAt ? fullDate(imap.lastPollAt) : 'not yet'}.
              </dd>
            </>
          )}
          {smtpReceiver && (
            <>
              <dt className="text-slate-500">SMTP</dt>
              <dd data-testid="smtp-receiver-state">Receiving mail on port {code(String(smtpReceiver.port))}.</dd>
            </>
          )}
          <dt className="text-slate-500">New mail</dt>
          <dd>
            {inbound.newTickets ? 'Mail to the support address without a ticket opens a new ticket.' : 'Only replies to a ticket are taken; other mail is ignored.'}
            {' '}Last received: {inbound.lastReceivedAt ? fullDate(inbound.lastReceivedAt) : 'never'}.
          </dd>
        </dl>
      )}
      {imap?.lastError && (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800 ring-1 ring-red-600/20" data-testid="imap-last-error">
          Last IMAP error ({fullDate(imap.lastError.at)}): {imap.lastError.message}
        </p>
      )}
    </section>
  );
}

const PARTS = [
  { value: 'html', label: 'HTML' },
  { value: 'text', label: 'Plain text' },
] as const;

function EmailPreview({ email }: { email: OutboxEmailJson }) {
  const [view, setView] = useState<'html' | 'text'>('html');
  const headers: [string, string][] = [
    ['From', email.from],
    ['To', email.to],
    ['Subject', email.subject],
    ['Message-ID', `<${email.messageId}>`],
    ...Object.entries(email.headers),
  ];
  return (
    <article aria-label="Email preview" className="min-w-0 rounded-lg bg-white ring-1 ring-slate-200" data-testid="email-preview">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 border-b border-slate-100 p-3 text-xs">
        {headers.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="text-slate-500">{name}</dt>
            <dd className="min-w-0 break-all text-slate-900">{value}</dd>
          </div>
        ))}
        <dt className="text-slate-500">State</dt>
        <dd className="text-slate-900">
          <EmailStatusBadge status={email.status} /> {email.attempts > 0 && <span className="text-slate-500">after {email.attempts} attempt(s)</span>}
          {email.sentAt && <span className="text-slate-500">, sent {fullDate(email.sentAt)}</span>}
          {email.nextAttemptAt && <span className="text-slate-500">, next attempt {fullDate(email.nextAttemptAt)}</span>}
        </dd>
        {email.lastError && (
          <>
            <dt className="text-slate-500">Error</dt>
            <dd className="text-red-700">{email.lastError}</dd>
          </>
        )}
      </dl>
      <Tabs label="Part" look="folder" className="border-b border-slate-100 px-3 pt-2" tabs={PARTS} value={view} onChange={setView} />
      {view === 'html' ? (
        // The HTML holds text customers wrote: an empty sandbox runs no script and reaches nothing of the console.
        <iframe title={`Preview of ${email.subject}`} sandbox="" srcDoc={email.html} className="h-[480px] w-full rounded-b-lg" data-testid="email-html" />
      ) : (
        <pre className="max-h-[480px] overflow-auto p-3 font-mono text-xs whitespace-pre-wrap text-slate-800" data-testid="email-text">
          {email.text}
        </pre>
      )}
    </article>
  );
}
