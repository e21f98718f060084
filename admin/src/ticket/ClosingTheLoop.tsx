// Below a ticket's properties: the customer's rating ("Rated 4/5"), the ticket a follow-up links to,
// and where a widget visitor was when they opened it (page, referrer, browser, OS, language, time zone).
import Link from 'next/link';
import type { Ticket } from '../api/types';

export function ClosingTheLoop({ ticket }: { ticket: Ticket }) {
  const context = ticket.visitorContext;
  const facts = context
    ? ([
        ['Page', context.pageUrl],
        ['Referrer', context.referrer],
        ['Browser', context.browser],
        ['OS', context.os],
        ['Language', context.language],
        ['Time zone', context.timeZone],
      ] as const).filter(([, value]) => value)
    : [];
  if (!ticket.rating && !ticket.linkedTicket && facts.length === 0) return null;
  return (
    <div className="flex flex-col gap-2 px-4 pb-3 text-[13px] text-slate-600 sm:px-6" data-testid="ticket-loop">
      {(ticket.rating || ticket.linkedTicket) && (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
          {ticket.rating && (
            <span data-testid="ticket-rating">
              <span className="rounded-md bg-amber-50 px-1.5 py-0.5 font-medium text-amber-800 ring-1 ring-amber-200">
                Rated {ticket.rating.score}/5
              </span>
              {ticket.rating.comment && <span className="ml-2 text-slate-700">“{ticket.rating.comment}”</span>}
            </span>
          )}
          {ticket.linkedTicket && (
            <Link href={`/ticket?id=${encodeURIComponent(ticket.linkedTicket.id)}`} className="font-medium text-slate-700 underline" data-testid="ticket-follow-up-of">
              Follow-up of #{ticket.linkedTicket.number}
            </Link>
          )}
        </p>
      )}
      {facts.length > 0 && (
        <details data-testid="visitor-context">
          <summary className="cursor-pointer text-slate-700">Visitor context</summary>
          <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd className="min-w-0 truncate" title={value ?? undefined}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}
