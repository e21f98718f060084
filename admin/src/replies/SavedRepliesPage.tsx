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
import { describedBy, Field, Kbd, TextArea, TextInput } from '../ui/controls';
import { EmptyState, Loading } from '../ui/feedback';
import { useFormSubmit } from '../ui/forms';
import { DeleteDialog, EditRow, ItemRow, ManagedList, ManagedListPage } from '../ui/ManagedList';
import { NewItemForm } from '../ui/NewItemForm';
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
      <ManagedList
        items={list}
        editing={editing}
        renderEditor={(reply) => <EditReply reply={reply} onDone={() => setEditing(null)} />}
        empty={<p className="rounded-lg bg-white px-4 py-3 text-[13px] text-slate-600 ring-1 ring-slate-200">{empty}</p>}
      >
        {(reply) => (
          <ItemRow
            data-testid="saved-reply-row"
            align="start"
            name={reply.title}
            onEdit={editable ? () => setEditing(reply.id) : undefined}
            onDelete={editable ? () => setDeleting(reply) : undefined}
          >
            <div className="min-w-0 flex-1">
              <p className="text-[13px] font-medium text-slate-900">{reply.title}</p>
              <p className="line-clamp-2 text-xs whitespace-pre-line text-slate-600">{reply.body}</p>
            </div>
          </ItemRow>
        )}
      </ManagedList>
    </section>
  );
  return (
    <ManagedListPage
      title="Saved replies"
      description={
        <>
          Type <Kbd>/</Kbd> in any reply or note to search them and insert one. {SAVED_REPLY_VARIABLES.join(', ')} are filled in for the ticket.
        </>
      }
      columns="lg:grid-cols-[minmax(0,1fr)_340px]"
      dialog={deleting && <DeleteReply reply={deleting} onClose={() => setDeleting(null)} />}
    >
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
    </ManagedListPage>
  );
}

function NewReply({ admin }: { admin: boolean }) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateSavedReplyBody), defaultValues: { title: '', body: '', shared: false } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['title', 'body', 'shared'], async (body) => {
    const created = await api.call('POST /saved-replies', { body });
    await refreshSavedReplies();
    form.reset();
    notify({ tone: 'success', title: `Saved reply “${created.title}” created` });
  });
  return (
    <NewItemForm id="new-reply" title="New saved reply" submitLabel="Save reply" onSubmit={submit} busy={isSubmitting} error={formError}>
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
    </NewItemForm>
  );
}

function EditReply({ reply, onDone }: { reply: SavedReply; onDone: () => void }) {
  const form = useForm({ resolver: zodResolver(UpdateSavedReplyBody), defaultValues: { title: reply.title, body: reply.body } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['title', 'body'], async (body) => {
    await api.call('PATCH /saved-replies/:id', { params: { id: reply.id }, body });
    await refreshSavedReplies();
    onDone();
  });
  return (
    <EditRow label={`Edit ${reply.title}`} onSubmit={submit} onCancel={onDone} busy={isSubmitting} error={formError}>
      <Field id={`reply-title-${reply.id}`} label="Title" error={errors.title?.message}>
        <TextInput autoFocus {...describedBy(`reply-title-${reply.id}`, errors.title?.message)} {...form.register('title')} />
      </Field>
      <Field id={`reply-body-${reply.id}`} label="Reply" error={errors.body?.message}>
        <TextArea rows={4} {...describedBy(`reply-body-${reply.id}`, errors.body?.message)} {...form.register('body')} />
      </Field>
    </EditRow>
  );
}

function DeleteReply({ reply, onClose }: { reply: SavedReply; onClose: () => void }) {
  const remove = async () => {
    await api.call('DELETE /saved-replies/:id', { params: { id: reply.id } });
    await refreshSavedReplies();
  };
  return (
    <DeleteDialog title={`Delete “${reply.title}”?`} confirmLabel="Delete reply" remove={remove} onClose={onClose}>
      <p>{reply.shared ? 'Nobody in the team will be able to insert it any more.' : 'This cannot be undone.'}</p>
    </DeleteDialog>
  );
}
