// The ticket's permanent record: the customer's request, then replies (seen by the customer),
// private notes (never sent to the customer) and the history of its changes, interleaved in time,
// with the composer for replies and notes.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { forwardRef, useImperativeHandle, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { CreateCommentBody } from '@deskline/contract';
import { api } from '../api/http';
import type { Comment, Ticket, TicketEvent } from '../api/types';
import { useSavedReplyPicker } from '../replies/SavedReplyPicker';
import { Avatar } from '../ui/badges';
import { Button, Kbd, TextArea } from '../ui/controls';
import { ErrorNotice, Skeleton } from '../ui/feedback';
import { cx, fullDate, PRIORITY_LABEL, shortAge, STATUS_LABEL } from '../ui/format';
import { Icon } from '../ui/icons';
import { RichText } from '../ui/RichText';
import { useToasts } from '../ui/toasts';
import { Attachments } from './Attachments';

export interface ComposerHandle {
  focus(mode: 'reply' | 'note'): void;
}

interface Props {
  ticket: Ticket;
  comments: Comment[] | undefined;
  commentsError: Error | undefined;
  /** The ticket's history; undefined while loading (the timeline shows comments meanwhile). */
  events: TicketEvent[] | undefined;
  onReloadComments: () => void;
  onCommentAdded: (comment: Comment) => void;
}

export const Conversation = forwardRef<ComposerHandle, Props>(function Conversation({ ticket, comments, commentsError, events, onReloadComments, onCommentAdded }, ref) {
  const timeline = interleave(comments ?? [], events ?? []);
  const replies = comments?.filter((c) => !c.internal).length ?? 0;
  const notes = comments?.filter((c) => c.internal).length ?? 0;
  return (
    <div className="mx-auto max-w-[860px] px-4 py-5 sm:px-6">
      <article className="rounded-lg bg-white ring-1 ring-slate-200" aria-label="The customer's request">
        <header className="flex items-center gap-2.5 border-b border-slate-100 px-4 py-2.5">
          <Avatar name={ticket.customer.name} seed={ticket.customer.id} size={26} />
          <p className="min-w-0 flex-1 text-[13px]">
            <span className="font-medium text-slate-900">{ticket.customer.name}</span>
            <span className="text-slate-500"> opened this ticket</span>
          </p>
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{ticket.category.name}</span>
          <time dateTime={ticket.createdAt} title={fullDate(ticket.createdAt)} className="text-xs text-slate-500">
            {shortAge(ticket.createdAt)}
          </time>
        </header>
        <div className="px-4 py-3.5">
          <RichText className="text-sm leading-relaxed break-words text-slate-800" data-testid="ticket-description" text={ticket.description} />
          <Attachments attachments={ticket.attachments} />
        </div>
      </article>

      <section aria-labelledby="activity-title" className="mt-6">
        <h2 id="activity-title" className="mb-3 flex items-center gap-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          Activity
          {comments && comments.length > 0 && (
            <span className="font-normal tracking-normal normal-case">
              · {replies} {replies === 1 ? 'reply' : 'replies'}, {notes} private {notes === 1 ? 'note' : 'notes'}
            </span>
          )}
        </h2>
        {commentsError && !comments ? (
          <ErrorNotice onRetry={onReloadComments}>The activity could not be loaded: {commentsError.message}</ErrorNotice>
        ) : !comments ? (
          <div className="space-y-3">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-12 w-2/3" />
          </div>
        ) : timeline.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-200 px-4 py-5 text-center text-[13px] text-slate-500">
            No replies yet. Reply to the customer, or leave a private note for the team.
          </p>
        ) : (
          <ol className="space-y-3" data-testid="timeline">
            {timeline.map((item) =>
              item.kind === 'comment' ? <TimelineItem key={item.comment.id} comment={item.comment} /> : <HistoryItem key={item.event.id} event={item.event} />,
            )}
          </ol>
        )}
        <Composer ref={ref} ticket={ticket} onAdded={onCommentAdded} />
      </section>
    </div>
  );
});

type TimelineEntry = { kind: 'comment'; comment: Comment; at: string } | { kind: 'event'; event: TicketEvent; at: string };

/** Comments and history in time order; at the same instant, a change comes before the reply that explains it. */
function interleave(comments: Comment[], events: TicketEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...events.map((event) => ({ kind: 'event' as const, event, at: event.createdAt })),
    ...comments.map((comment) => ({ kind: 'comment' as const, comment, at: comment.createdAt })),
  ];
  // A stable sort keeps each list's own order for equal times.
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

type Named = { id: string; name: string } | null;
const nameOf = (value: Named) => value?.name ?? 'nobody';
const labelList = (labels: { name: string }[]) => (labels.length === 0 ? 'none' : labels.map((l) => l.name).join(', '));

/** "Ana changed status", and the values before and after. */
export function describeEvent(event: TicketEvent): { what: string; from: string; to: string } {
  switch (event.field) {
    case 'status':
      return { what: 'changed status', from: STATUS_LABEL[event.from], to: STATUS_LABEL[event.to] };
    case 'priority':
      return { what: 'changed priority', from: PRIORITY_LABEL[event.from], to: PRIORITY_LABEL[event.to] };
    case 'assignee':
      return { what: event.to ? 'assigned the ticket' : 'unassigned the ticket', from: nameOf(event.from), to: nameOf(event.to) };
    case 'category':
      return { what: 'changed category', from: nameOf(event.from), to: nameOf(event.to) };
    case 'labels':
      return { what: 'changed labels', from: labelList(event.from), to: labelList(event.to) };
  }
}

function HistoryItem({ event }: { event: TicketEvent }) {
  const { what, from, to } = describeEvent(event);
  return (
    <li className="flex items-center gap-3 pl-1.5 text-[13px] text-slate-600" data-testid="history-event" data-field={event.field}>
      <span className="flex size-5 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-500" aria-hidden>
        <Icon name={event.field === 'labels' ? 'tag' : event.field === 'assignee' ? 'user' : 'refresh'} size={11} />
      </span>
      <p className="min-w-0 flex-1">
        <span className="font-medium text-slate-800">{event.actor?.name ?? 'Deskline'}</span> {what} <span className="text-slate-700">{from}</span> →{' '}
        <span className="font-medium text-slate-800">{to}</span>
      </p>
      <time dateTime={event.createdAt} title={fullDate(event.createdAt)} className="text-xs text-slate-500">
        {shortAge(event.createdAt)}
      </time>
    </li>
  );
}

function TimelineItem({ comment }: { comment: Comment }) {
  const fromCustomer = comment.author.role === 'CUSTOMER';
  return (
    <li className="flex gap-3" data-testid={comment.internal ? 'note' : 'reply'} data-comment-id={comment.id}>
      <Avatar name={comment.author.name} seed={comment.author.id} url={comment.author.avatarUrl} size={28} className="mt-0.5" />
      <div
        className={cx(
          'min-w-0 flex-1 rounded-lg px-3.5 py-2.5 ring-1',
          comment.internal ? 'bg-amber-50 ring-amber-200' : fromCustomer ? 'bg-white ring-slate-200' : 'bg-white ring-slate-200',
        )}
      >
        <header className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-[13px]">
          <span className="font-medium text-slate-900">{comment.author.name}</span>
          {comment.internal ? (
            <span className="inline-flex items-center gap-1 rounded bg-amber-100 px-1.5 py-px text-[11px] font-medium text-amber-800">
              <Icon name="lock" size={11} /> Private note · team only
            </span>
          ) : fromCustomer ? (
            <span className="rounded bg-slate-100 px-1.5 py-px text-[11px] font-medium text-slate-600">Customer</span>
          ) : (
            <span className="rounded bg-indigo-50 px-1.5 py-px text-[11px] font-medium text-indigo-700">Reply · visible to customer</span>
          )}
          <span className="flex-1" />
          <time dateTime={comment.createdAt} title={fullDate(comment.createdAt)} className="text-xs text-slate-500">
            {shortAge(comment.createdAt)}
          </time>
        </header>
        <RichText className={cx('mt-1 text-sm leading-relaxed break-words', comment.internal ? 'text-amber-950' : 'text-slate-800')} text={comment.body} />
      </div>
    </li>
  );
}

const Composer = forwardRef<ComposerHandle, { ticket: Ticket; onAdded: (comment: Comment) => void }>(function Composer({ ticket, onAdded }, ref) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateCommentBody), defaultValues: { body: '', internal: false } });
  const internal = form.watch('internal');
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const root = useRef<HTMLFormElement>(null);
  const { errors, isSubmitting } = form.formState;
  useImperativeHandle(ref, () => ({
    focus(mode) {
      form.setValue('internal', mode === 'note');
      root.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      textarea.current?.focus();
    },
  }));
  const submit = form.handleSubmit(async (body) => {
    try {
      const comment = await api.call('POST /tickets/:id/comments', { params: { id: ticket.id }, body });
      onAdded(comment);
      form.reset({ body: '', internal: body.internal });
    } catch (error) {
      notify({ tone: 'error', title: body.internal ? 'The note was not saved' : 'The reply was not sent', body: error instanceof Error ? error.message : undefined });
    }
  });
  const { ref: registerRef, ...bodyField } = form.register('body');
  const picker = useSavedReplyPicker(ticket, textarea, (text) => form.setValue('body', text, { shouldDirty: true }));
  const tab = (mode: 'reply' | 'note', label: string) => {
    const active = (mode === 'note') === internal;
    return (
      <button
        type="button"
        role="tab"
        aria-selected={active}
        onClick={() => {
          form.setValue('internal', mode === 'note');
          textarea.current?.focus();
        }}
        className={cx(
          'flex h-8 items-center gap-1.5 rounded-t-md border-b-2 px-3 text-[13px] font-medium',
          active ? (mode === 'note' ? 'border-amber-500 text-amber-900' : 'border-indigo-600 text-slate-900') : 'border-transparent text-slate-500 hover:text-slate-800',
        )}
      >
        <Icon name={mode === 'note' ? 'lock' : 'message'} size={14} />
        {label}
        <Kbd>{mode === 'note' ? 'n' : 'r'}</Kbd>
      </button>
    );
  };
  return (
    <form
      ref={root}
      onSubmit={submit}
      noValidate
      className={cx('mt-5 rounded-lg ring-1 transition-colors', internal ? 'bg-amber-50/70 ring-amber-300' : 'bg-white ring-slate-300')}
      aria-label={internal ? 'Write a private note' : 'Reply to the customer'}
      data-testid="composer"
      data-mode={internal ? 'note' : 'reply'}
    >
      <div role="tablist" aria-label="Reply or private note" className="flex gap-1 border-b border-slate-200/70 px-2 pt-1">
        {tab('reply', 'Reply')}
        {tab('note', 'Private note')}
      </div>
      <label htmlFor="composer-body" className="sr-only">
        {internal ? 'Private note' : 'Reply'}
      </label>
      {picker.popup}
      <TextArea
        id="composer-body"
        {...bodyField}
        {...picker.textareaProps}
        onBlur={(event) => {
          picker.textareaProps.onBlur();
          void bodyField.onBlur(event);
        }}
        ref={(element) => {
          registerRef(element);
          textarea.current = element;
        }}
        rows={3}
        invalid={Boolean(errors.body)}
        aria-describedby={errors.body ? 'composer-error' : 'composer-hint'}
        onKeyDown={(event) => {
          if (picker.onKeyDown(event)) return;
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
            event.preventDefault();
            void submit();
          }
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
        placeholder={internal ? 'Only your team sees private notes…' : `Reply to ${ticket.customer.name}: they are notified and see it in their ticket…`}
        className="resize-y rounded-none bg-transparent shadow-none ring-0 focus:ring-0"
      />
      <div className="flex items-center gap-3 px-3 pb-2.5">
        {errors.body ? (
          <p id="composer-error" role="alert" className="flex-1 text-xs text-red-600">
            {errors.body.message === 'must not be empty' ? 'Write something first.' : errors.body.message}
          </p>
        ) : (
          <p id="composer-hint" className={cx('flex flex-1 items-center gap-1 text-xs', internal ? 'text-amber-800' : 'text-slate-500')}>
            {internal ? (
              <>
                <Icon name="lock" size={12} /> Never shown to the customer.
              </>
            ) : (
              'Visible to the customer.'
            )}
            <span className="hidden text-slate-500 sm:inline">
              {' '}
              <Kbd>Ctrl</Kbd> <Kbd>Enter</Kbd> to send
            </span>
          </p>
        )}
        <Button type="submit" size="sm" variant={internal ? 'secondary' : 'primary'} busy={isSubmitting} icon={internal ? 'lock' : 'send'}>
          {internal ? 'Add note' : 'Send reply'}
        </Button>
      </div>
    </form>
  );
});
