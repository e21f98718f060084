// Categories every ticket files under: create, rename, describe, delete (refused while in use).
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { CreateCategoryBody, UpdateCategoryBody } from '@deskline/contract';
import { refreshCategories, useCategories } from '../api/directory';
import { api, ApiError } from '../api/http';
import type { CategoryJson } from '../api/types';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { Button, describedBy, Field, TextInput } from '../ui/controls';
import { ConfirmDialog } from '../ui/dialog';
import { EmptyState, ErrorNotice, Loading } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { Icon } from '../ui/icons';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';

const emptyToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

export function CategoriesPage() {
  usePageTitle('Categories');
  const categories = useCategories();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<CategoryJson | null>(null);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title="Categories" description="Customers file every ticket under one. The widget and the portal offer them by name." />
      <div className="mx-auto grid max-w-[1100px] gap-6 p-4 sm:p-6 lg:grid-cols-[1fr_320px]">
        <section aria-label="Categories" className="min-w-0">
          {!categories ? (
            <Loading />
          ) : categories.length === 0 ? (
            <EmptyState icon="tag" title="No categories yet" className="rounded-lg ring-1 ring-slate-200">
              Customers need at least one category to open a ticket. Create one on the right.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white ring-1 ring-slate-200" data-testid="category-list">
              {categories.map((category) =>
                editing === category.id ? (
                  <EditCategory key={category.id} category={category} onDone={() => setEditing(null)} />
                ) : (
                  <li key={category.id} className="flex items-center gap-3 px-4 py-2.5" data-testid="category-row" data-slug={category.slug}>
                    <span className="inline-flex size-7 shrink-0 items-center justify-center rounded-md bg-slate-100 text-slate-500">
                      <Icon name="tag" size={14} />
                    </span>
                    <div className="min-w-0 flex-1">
                      <p className="flex items-baseline gap-2 text-[13px]">
                        <span className="font-medium text-slate-900">{category.name}</span>
                        <code className="font-mono text-xs text-slate-500">{category.slug}</code>
                      </p>
                      <p className="truncate text-xs text-slate-500">{category.description || 'No description'}</p>
                    </div>
                    <Link href={`/inbox?category=${category.slug}`} className="hidden text-xs text-slate-500 hover:text-slate-800 sm:inline">
                      Tickets
                    </Link>
                    <Button size="sm" variant="ghost" icon="pencil" onClick={() => setEditing(category.id)} aria-label={`Rename ${category.name}`}>
                      <span className="hidden sm:inline">Rename</span>
                    </Button>
                    <Button size="sm" variant="ghost" icon="trash" onClick={() => setDeleting(category)} aria-label={`Delete ${category.name}`} className="hover:text-red-600">
                      <span className="hidden sm:inline">Delete</span>
                    </Button>
                  </li>
                ),
              )}
            </ul>
          )}
        </section>
        <NewCategory />
      </div>
      {deleting && <DeleteCategory category={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function NewCategory() {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateCategoryBody), defaultValues: { name: '', slug: undefined, description: '' } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      const created = await api.call('POST /categories', { body });
      await refreshCategories();
      form.reset();
      notify({ tone: 'success', title: `Category “${created.name}” created` });
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'slug', 'description'], form.setError));
    }
  });
  return (
    <section aria-labelledby="new-category" className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id="new-category" className="text-[13px] font-semibold text-slate-900">
        New category
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3">
        <Field id="category-name" label="Name" error={errors.name?.message}>
          <TextInput {...describedBy('category-name', errors.name?.message)} {...form.register('name')} placeholder="e.g. Shipping" />
        </Field>
        <Field id="category-slug" label="Slug" optional error={errors.slug?.message} hint="Used in links and the API. Made from the name when empty.">
          <TextInput {...describedBy('category-slug', errors.slug?.message, true)} {...form.register('slug', { setValueAs: emptyToUndefined })} placeholder="shipping" className="font-mono" />
        </Field>
        <Field id="category-description" label="Description" optional error={errors.description?.message}>
          <TextInput {...describedBy('category-description', errors.description?.message)} {...form.register('description')} placeholder="Deliveries, tracking, returns" />
        </Field>
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <Button type="submit" variant="primary" icon="plus" busy={isSubmitting} className="w-full">
          Create category
        </Button>
      </form>
    </section>
  );
}

function EditCategory({ category, onDone }: { category: CategoryJson; onDone: () => void }) {
  const form = useForm({ resolver: zodResolver(UpdateCategoryBody), defaultValues: { name: category.name, description: category.description } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    try {
      await api.call('PATCH /categories/:id', { params: { id: category.id }, body });
      await refreshCategories();
      onDone();
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'description'], form.setError));
    }
  });
  return (
    <li className="bg-slate-50/80 px-4 py-3">
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-[1fr_1.4fr_auto] sm:items-start" aria-label={`Rename ${category.name}`}>
        <Field id={`name-${category.id}`} label="Name" error={errors.name?.message}>
          <TextInput autoFocus {...describedBy(`name-${category.id}`, errors.name?.message)} {...form.register('name')} />
        </Field>
        <Field id={`description-${category.id}`} label="Description" error={errors.description?.message}>
          <TextInput {...describedBy(`description-${category.id}`, errors.description?.message)} {...form.register('description')} />
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

function DeleteCategory({ category, onClose }: { category: CategoryJson; onClose: () => void }) {
  const { notify } = useToasts();
  const [busy, setBusy] = useState(false);
  const [inUse, setInUse] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.call('DELETE /categories/:id', { params: { id: category.id } });
      await refreshCategories();
      notify({ tone: 'success', title: `Category “${category.name}” deleted` });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setInUse(e.message);
      else setError(e instanceof Error ? e.message : 'The category was not deleted');
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog open title={inUse ? `“${category.name}” is still in use` : `Delete “${category.name}”?`} confirmLabel={inUse ? 'Try again' : 'Delete category'} danger busy={busy} onConfirm={confirm} onClose={onClose}>
      {inUse ? (
        <div className="space-y-3" data-testid="category-in-use">
          <p>
            A category cannot be deleted while tickets are filed under it, so that no ticket loses its category. The server says: <em>{inUse}</em>
          </p>
          <p>Move those tickets to another category (change the category on each ticket), then delete this one.</p>
          <Link href={`/inbox?category=${category.slug}`} className="inline-flex items-center gap-1 font-medium text-indigo-600 hover:text-indigo-500">
            Show the tickets in “{category.name}” <Icon name="chevronRight" size={14} />
          </Link>
        </div>
      ) : (
        <p>
          Customers will no longer be able to choose it. This cannot be undone. Categories that tickets still use cannot be deleted.
        </p>
      )}
      {error && <ErrorNotice className="mt-3">{error}</ErrorNotice>}
    </ConfirmDialog>
  );
}
