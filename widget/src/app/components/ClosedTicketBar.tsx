// Closing the loop, above the composer of a resolved or closed ticket: the rating question (once per
// resolution) and what replying does: reopen the ticket within its window, else start a follow-up.
import { useRef } from 'preact/hooks';
import type { TicketJson } from '../../api/types.js';
import { useShell } from '../context.js';
import { RatingPrompt } from './RatingPrompt.js';

export function ClosedTicketBar({ ticket }: { ticket: TicketJson }) {
  const { t } = useShell();
  // Once asked, the prompt stays: the rating's own update (awaitingRating false) must not take its thanks away.
  const asked = useRef(false);
  if (ticket.awaitingRating) asked.current = true;
  if (!ticket.reopenUntil) return null;
  const reopens = Date.parse(ticket.reopenUntil) > Date.now();
  return (
    <div class="dl-closed">
      {asked.current && <RatingPrompt ticket={ticket} />}
      <p role="status">{t(reopens ? 'replyReopens' : 'replyFollowUp')}</p>
    </div>
  );
}

/** "Follow-up of #1042", on a ticket a late reply started. */
export function FollowUpOf({ ticket }: { ticket: TicketJson }) {
  const { c, t } = useShell();
  const linked = ticket.linkedTicket;
  if (!linked) return null;
  return (
    <button type="button" class="dl-link" onClick={() => c.navigate({ name: 'ticket', id: linked.id })}>
      {t('followUpOf', { n: linked.number })}
    </button>
  );
}
