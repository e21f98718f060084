// Labels the team puts on tickets: create, rename, recolour, delete (it comes off every ticket).
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { CreateLabelBody, UpdateLabelBody } from '@deskline/contract';
import { refreshLabels, useLabels } from '../api/directory';
import { api } from '../api/http';
import type { Label } from '../api/types';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { LabelChip } from '../ui/badges';
import { describedBy, Field, TextInput } from '../ui/controls';
import { EmptyState } from '../ui/feedback';
import { useFormSubmit } from '../ui/forms';
import { DeleteDialog, EditRow, ItemRow, ManagedList, ManagedListPage } from '../ui/ManagedList';
import { NewItemForm } from '../ui/NewItemForm';
import { useToasts } from '../ui/toasts';

const COLOR_INPUT = 'h-8 w-12 cursor-pointer rounded-md border-0 bg-white p-0.5 ring-1 ring-slate-300 ring-inset';

export function LabelsPage() {
  usePageTitle('Labels');
  const labels = useLabels();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  return (
    <ManagedListPage
      title="Labels"
      description="Agents put labels on tickets to sort the work; the inbox filters by them. Customers never see them."
      dialog={deleting && <DeleteLabel label={deleting} onClose={() => setDeleting(null)} />}
    >
      <section aria-label="Labels" className="min-w-0">
        <ManagedList
          items={labels}
          testId="label-list"
          editing={editing}
          renderEditor={(label) => <EditLabel label={label} onDone={() => setEditing(null)} />}
          empty={
            <EmptyState icon="tag" title="No labels yet" className="rounded-lg ring-1 ring-slate-200">
              Create one on the right, e.g. “VIP” or “Refund”.
            </EmptyState>
          }
        >
          {(label) => (
            <ItemRow data-testid="label-row" name={label.name} onEdit={() => setEditing(label.id)} onDelete={() => setDeleting(label)}>
              <div className="min-w-0 flex-1">
                <LabelChip label={label} className="text-[13px]" />
              </div>
              <Link href={`/inbox?label=${label.id}`} className="text-xs text-slate-600 hover:text-slate-900">
                Tickets
              </Link>
            </ItemRow>
          )}
        </ManagedList>
      </section>
      <NewLabel />
    </ManagedListPage>
  );
}

function NewLabel() {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateLabelBody), defaultValues: { name: '', color: '#4f46e5' } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['name', 'color'], async (body) => {
    const created = await api.call('POST /labels', { body });
    await refreshLabels();
    form.reset();
    notify({ tone: 'success', title: `Label “${created.name}” created` });
  });
  return (
    <NewItemForm id="new-label" title="New label" submitLabel="Create label" onSubmit={submit} busy={isSubmitting} error={formError}>
      <Field id="label-name" label="Name" error={errors.name?.message}>
        <TextInput {...describedBy('label-name', errors.name?.message)} {...form.register('name')} placeholder="e.g. VIP" />
      </Field>
      <Field id="label-color" label="Colour" error={errors.color?.message}>
        <input type="color" id="label-color" aria-invalid={errors.color ? true : undefined} {...form.register('color')} className={COLOR_INPUT} />
      </Field>
    </NewItemForm>
  );
}

function EditLabel({ label, onDone }: { label: Label; onDone: () => void }) {
  const form = useForm({ resolver: zodResolver(UpdateLabelBody), defaultValues: { name: label.name, color: label.color } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['name', 'color'], async (body) => {
    await api.call('PATCH /labels/:id', { params: { id: label.id }, body });
    await refreshLabels();
    onDone();
  });
  return (
    <EditRow label={`Edit ${label.name}`} columns="sm:grid-cols-[1fr_auto_auto]" onSubmit={submit} onCancel={onDone} busy={isSubmitting} error={formError}>
      <Field id={`label-name-${label.id}`} label="Name" error={errors.name?.message}>
        <TextInput autoFocus {...describedBy(`label-name-${label.id}`, errors.name?.message)} {...form.register('name')} />
      </Field>
      <Field id={`label-color-${label.id}`} label="Colour" error={errors.color?.message}>
        <input type="color" id={`label-color-${label.id}`} aria-invalid={errors.color ? true : undefined} {...form.register('color')} className={COLOR_INPUT} />
      </Field>
    </EditRow>
  );
}

function DeleteLabel({ label, onClose }: { label: Label; onClose: () => void }) {
  const { notify } = useToasts();
  const remove = async () => {
    await api.call('DELETE /labels/:id', { params: { id: label.id } });
    await refreshLabels();
    notify({ tone: 'success', title: `Label “${label.name}” deleted` });
  };
  return (
    <DeleteDialog title={`Delete “${label.name}”?`} confirmLabel="Delete label" remove={remove} onClose={onClose}>
      <p>It comes off every ticket that carries it. This cannot be undone.</p>
    </DeleteDialog>
  );
}
