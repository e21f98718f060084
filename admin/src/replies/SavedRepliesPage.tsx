// Saved replies: the team's shared ones (admins manage them) and each agent's own. Typing "/" in any
// composer inserts one.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { CreateSavedReplyBody, SAVED_REPLY_VARIABLES, UpdateSavedReplyBody } from '@deskline/contract';
import { refreshSavedReplies, useSavedReplies } from '../api/directory';
import { api } from '../api/http';
import type { SavedReply } from '../api/types';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { isAdmin } from '../session/roles';
import { useMe } from '../session/session';
import { Button, describedBy, Field, Kbd, TextArea, TextInput } from '../ui/controls';
import { ConfirmDialog } from '../ui/dialog';
import { EmptyState, ErrorNotice, Loading } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';

export function SavedRepliesPage() {
  usePageTitle('Saved replies');
  const me = useMe();
  const replies = useSavedReplies();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SavedReply | null>(null);
  const admin = isAdmin(me);
  const section = (title: string, list: SavedReply[], editable: boolean, empty: string) => (
    <section aria-labelledby={`replies-${title}`} className="space-y-2">
      <h2 id={`replies-${title}`} className="text-[13px] font-semibold text-slate-900">
        {title}
      </h2>
      {list.length === 0 ? (
        <p className="rounded-lg bg-white px-4 py-3 text-[13px] text-slate-600 ring-1 ring-slate-200">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white ring-1 ring-slate-200">
          {list.map((reply) =>
            editing === reply.id ? (
              <EditReply key={reply.id} reply={reply} onDone={() => setEditing(null)} />
            ) : (
              <li key={reply.id} className="flex items-start gap-3 px-4 py-2.5" data-testid="saved-reply-row">
                <div className="min-w-0 flex-1">
                  <p className="text-[13px] font-medium text-slate-900">{reply.title}</p>
                  <p className="line-clamp-2 text-xs whitespace-pre-line text-slate-600">{reply.body}</p>
                </div>
                {editable && (
                  <>
                    <Button size="sm" variant="ghost" icon="pencil" onClick={() => setEditing(reply.id)} aria-label={`Edit ${reply.title}`}>
                      <span className="hidden sm:inline">Edit</span>
                    </Button>
                    <Button size="sm" variant="ghost" icon="trash" onClick={() => setDeleting(reply)} aria-label={`Delete ${reply.title}`} className="hover:text-red-600">
                      <span className="hidden sm:inline">Delete</span>
                    </Button>
                  </>
                )}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader
        title="Saved replies"
        description={
          <>
            Type <Kbd>/</Kbd> in any reply or note to search them and insert one. {SAVED_REPLY_VARIABLES.join(', ')} are filled in for the ticket.
          </>
        }
      />
      <div className="mx-auto grid max-w-[1100px] gap-6 p-4 sm:p-6 lg:grid-cols-[1fr_340px]">
        <div className="min-w-0 space-y-6">
          {!replies ? (
            <Loading />
          ) : replies.length === 0 ? (
            <EmptyState icon="message" title="No saved replies yet" className="rounded-lg ring-1 ring-slate-200">
              Save the answers you give often, then insert them with <Kbd>/</Kbd>.
            </EmptyState>
          ) : (
            <>
              {section('Yours', replies.filter((r) => !r.shared), true, 'Only you see your own replies.')}
              {section('Shared with the team', replies.filter((r) => r.shared), admin, admin ? 'Share a reply to give it to every agent.' : 'Your admins have not shared any yet.')}
            </>
          )}
        </div>
        <NewReply admin={admin} />
      </div>
      {deleting && <DeleteReply reply={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function NewReply({ admin }: { admin: boolean }) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateSavedReplyBody), defaultValues: { title: '', body: '', shared: false } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      const created = await api.call('POST /saved-replies', { body });
      await refreshSavedReplies();
      form.reset();
      notify({ tone: 'success', title: `Saved reply “${created.title}” created` });
    } catch (error) {
      setFormError(applyServerErrors(error, ['title', 'body', 'shared'], form.setError));
    }
  });
  return (
    <section aria-labelledby="new-reply" className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="new-reply" className="text-[13px] font-semibold text-slate-900">
        New saved reply
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3">
        <Field id="reply-title" label="Title" error={errors.title?.message}>
          <TextInput {...describedBy('reply-title', errors.title?.message)} {...form.register('title')} placeholder="e.g. Refund policy" />
        </Field>
        <Field id="reply-body" label="Reply" error={errors.body?.message} hint="Hi {{customer.name}}, about ticket #{{ticket.number}}…">
          <TextArea rows={5} {...describedBy('reply-body', errors.body?.message, true)} {...form.register('body')} />
        </Field>
        {admin && (
          <label className="flex items-center gap-2 text-[13px] text-slate-800">
            <input type="checkbox" {...form.register('shared')} className="size-4 rounded border-slate-300 accent-indigo-600" />
            Share with the whole team
          </label>
        )}
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <Button type="submit" variant="primary" icon="plus" busy={isSubmitting} className="w-full">
          Save reply
        </Button>
      </form>
    </section>
  );
}

function EditReply({ reply, onDone }: { reply: SavedReply; onDone: () => void }) {
  const form = useForm({ resolver: zodResolver(UpdateSavedReplyBody), defaultValues: { title: reply.title, body: reply.body } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    try {
      await api.call('PATCH /saved-replies/:id', { params: { id: reply.id }, body });
      await refreshSavedReplies();
      onDone();
    } catch (error) {
      setFormError(applyServerErrors(error, ['title', 'body'], form.setError));
    }
  });
  return (
    <li className="bg-slate-50/80 px-4 py-3">
      <form onSubmit={submit} noValidate className="space-y-3" aria-label={`Edit ${reply.title}`}>
        <Field id={`reply-title-${reply.id}`} label="Title" error={errors.title?.message}>
          <TextInput autoFocus {...describedBy(`reply-title-${reply.id}`, errors.title?.message)} {...form.register('title')} />
        </Field>
        <Field id={`reply-body-${reply.id}`} label="Reply" error={errors.body?.message}>
          <TextArea rows={4} {...describedBy(`reply-body-${reply.id}`, errors.body?.message)} {...form.register('body')} />
        </Field>
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <div className="flex gap-2">
          <Button type="submit" variant="primary" busy={isSubmitting}>
            Save
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
      </form>
    </li>
  );
}

function DeleteReply({ reply, onClose }: { reply: SavedReply; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('DELETE /saved-replies/:id', { params: { id: reply.id } });
      await refreshSavedReplies();
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The reply was not deleted');
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog open title={`Delete “${reply.title}”?`} confirmLabel="Delete reply" danger busy={busy} onConfirm={confirm} onClose={onClose}>
      <p>{reply.shared ? 'Nobody in the team will be able to insert it any more.' : 'This cannot be undone.'}</p>
      {error && <ErrorNotice className="mt-3">{error}</ErrorNotice>}
    </ConfirmDialog>
  );
}
