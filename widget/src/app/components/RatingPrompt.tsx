// "How did we do?": a resolution rated 1 to 5 with an optional comment, once; five native radios
// make it a keyboard radio group (arrow keys), with a visible focus from the widget's styles.
import { TEXT } from '@deskline/contract/limits';
import { useState } from 'preact/hooks';
import type { TicketJson } from '../../api/types.js';
import { useShell } from '../context.js';
import { describeError } from '../session.js';

export function RatingPrompt({ ticket }: { ticket: TicketJson }) {
  const { c, t } = useShell();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'done'>('idle');
  const [error, setError] = useState('');
  // Rated here, or meanwhile in another tab (the ticket no longer awaits it).
  if (state === 'done' || !ticket.awaitingRating) return <p class="dl-note" role="status">{t('ratingThanks')}</p>;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!score) return setError(t('ratingPick'));
    setState('sending');
    setError('');
    try {
      const body = { score, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      await c.session.api.call('POST /tickets/:id/rating', { params: { id: ticket.id }, body });
      setState('done');
    } catch (failure) {
      setError(describeError(t, failure).text);
      setState('idle');
    }
  };
  return (
    <form class="dl-rate" onSubmit={submit} aria-busy={state === 'sending'}>
      <fieldset>
        <legend>{t('ratingAsk')}</legend>
        <div class="dl-stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input type="radio" name={`dl-score-${ticket.id}`} value={n} checked={score === n} onChange={() => setScore(n)} />
              <span aria-hidden="true">{n}</span>
              <span class="dl-sr">{t('ratingOf', { n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label for="dl-rate-comment" class="dl-sr">
        {t('ratingComment')}
      </label>
      <textarea
        id="dl-rate-comment"
        rows={2}
        value={comment}
        placeholder={t('ratingComment')}
        maxLength={TEXT.ratingComment[1]}
        onInput={(event) => setComment(event.currentTarget.value)}
      />
      {error && (
        <p class="dl-err" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="dl-btn" disabled={state === 'sending'}>
        {state === 'sending' ? t('ratingSending') : t('ratingSend')}
      </button>
    </form>
  );
}
