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
import { Button, describedBy, Field, TextInput } from '../ui/controls';
import { ConfirmDialog } from '../ui/dialog';
import { EmptyState, ErrorNotice, Loading } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';

const COLOR_INPUT = 'h-8 w-12 cursor-pointer rounded-md border-0 bg-white p-0.5 ring-1 ring-slate-300 ring-inset';

export function LabelsPage() {
  usePageTitle('Labels');
  const labels = useLabels();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title="Labels" description="Agents put labels on tickets to sort the work; the inbox filters by them. Customers never see them." />
      <div className="mx-auto grid max-w-[1100px] gap-6 p-4 sm:p-6 lg:grid-cols-[1fr_320px]">
        <section aria-label="Labels" className="min-w-0">
          {!labels ? (
            <Loading />
          ) : labels.length === 0 ? (
            <EmptyState icon="tag" title="No labels yet" className="rounded-lg ring-1 ring-slate-200">
              Create one on the right, e.g. “VIP” or “Refund”.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white ring-1 ring-slate-200" data-testid="label-list">
              {labels.map((label) =>
                editing === label.id ? (
                  <EditLabel key={label.id} label={label} onDone={() => setEditing(null)} />
                ) : (
                  <li key={label.id} className="flex items-center gap-3 px-4 py-2.5" data-testid="label-row">
                    <div className="min-w-0 flex-1">
                      <LabelChip label={label} className="text-[13px]" />
                    </div>
                    <Link href={`/inbox?label=${label.id}`} className="text-xs text-slate-600 hover:text-slate-900">
                      Tickets
                    </Link>
                    <Button size="sm" variant="ghost" icon="pencil" onClick={() => setEditing(label.id)} aria-label={`Edit ${label.name}`}>
                      <span className="hidden sm:inline">Edit</span>
                    </Button>
                    <Button size="sm" variant="ghost" icon="trash" onClick={() => setDeleting(label)} aria-label={`Delete ${label.name}`} className="hover:text-red-600">
                      <span className="hidden sm:inline">Delete</span>
                    </Button>
                  </li>
                ),
              )}
            </ul>
          )}
        </section>
        <NewLabel />
      </div>
      {deleting && <DeleteLabel label={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function NewLabel() {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateLabelBody), defaultValues: { name: '', color: '#4f46e5' } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      const created = await api.call('POST /labels', { body });
      await refreshLabels();
      form.reset();
      notify({ tone: 'success', title: `Label “${created.name}” created` });
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'color'], form.setError));
    }
  });
  return (
    <section aria-labelledby="new-label" className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="new-label" className="text-[13px] font-semibold text-slate-900">
        New label
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3">
        <Field id="label-name" label="Name" error={errors.name?.message}>
          <TextInput {...describedBy('label-name', errors.name?.message)} {...form.register('name')} placeholder="e.g. VIP" />
        </Field>
        <Field id="label-color" label="Colour" error={errors.color?.message}>
          <input type="color" id="label-color" aria-invalid={errors.color ? true : undefined} {...form.register('color')} className={COLOR_INPUT} />
        </Field>
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <Button type="submit" variant="primary" icon="plus" busy={isSubmitting} className="w-full">
          Create label
        </Button>
      </form>
    </section>
  );
}

function EditLabel({ label, onDone }: { label: Label; onDone: () => void }) {
  const form = useForm({ resolver: zodResolver(UpdateLabelBody), defaultValues: { name: label.name, color: label.color } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    try {
      await api.call('PATCH /labels/:id', { params: { id: label.id }, body });
      await refreshLabels();
      onDone();
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'color'], form.setError));
    }
  });
  return (
    <li className="bg-slate-50/80 px-4 py-3">
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-start" aria-label={`Edit ${label.name}`}>
        <Field id={`label-name-${label.id}`} label="Name" error={errors.name?.message}>
          <TextInput autoFocus {...describedBy(`label-name-${label.id}`, errors.name?.message)} {...form.register('name')} />
        </Field>
        <Field id={`label-color-${label.id}`} label="Colour" error={errors.color?.message}>
          <input type="color" id={`label-color-${label.id}`} aria-invalid={errors.color ? true : undefined} {...form.register('color')} className={COLOR_INPUT} />
        </Field>
        <div className="flex gap-2 sm:pt-[22px]">
          <Button type="submit" variant="primary" busy={isSubmitting}>
            Save
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
        {formError && <ErrorNotice className="sm:col-span-3">{formError}</ErrorNotice>}
      </form>
    </li>
  );
}

function DeleteLabel({ label, onClose }: { label: Label; onClose: () => void }) {
  const { notify } = useToasts();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('DELETE /labels/:id', { params: { id: label.id } });
      await refreshLabels();
      notify({ tone: 'success', title: `Label “${label.name}” deleted` });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The label was not deleted');
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog open title={`Delete “${label.name}”?`} confirmLabel="Delete label" danger busy={busy} onConfirm={confirm} onClose={onClose}>
      <p>It comes off every ticket that carries it. This cannot be undone.</p>
      {error && <ErrorNotice className="mt-3">{error}</ErrorNotice>}
    </ConfirmDialog>
  );
}
