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
import { describedBy, Field, TextInput } from '../ui/controls';
import { EmptyState } from '../ui/feedback';
import { useFormSubmit } from '../ui/forms';
import { Icon } from '../ui/icons';
import { DeleteDialog, EditRow, ItemRow, ManagedList, ManagedListPage } from '../ui/ManagedList';
import { NewItemForm } from '../ui/NewItemForm';
import { useToasts } from '../ui/toasts';

const emptyToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

export function CategoriesPage() {
  usePageTitle('Categories');
  const categories = useCategories();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<CategoryJson | null>(null);
  return (
    <ManagedListPage
      title="Categories"
      description="Customers file every ticket under one. The widget and the portal offer them by name."
      dialog={deleting && <DeleteCategory category={deleting} onClose={() => setDeleting(null)} />}
    >
      <section aria-label="Categories" className="min-w-0">
        <ManagedList
          items={categories}
          testId="category-list"
          editing={editing}
          renderEditor={(category) => <EditCategory category={category} onDone={() => setEditing(null)} />}
          empty={
            <EmptyState icon="tag" title="No categories yet" className="rounded-lg ring-1 ring-slate-200">
              Customers need at least one category to open a ticket. Create one on the right.
            </EmptyState>
          }
        >
          {(category) => (
            <ItemRow
              data-testid="category-row"
              data-slug={category.slug}
              name={category.name}
              editLabel="Rename"
              onEdit={() => setEditing(category.id)}
              onDelete={() => setDeleting(category)}
            >
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
            </ItemRow>
          )}
        </ManagedList>
      </section>
      <NewCategory />
    </ManagedListPage>
  );
}

function NewCategory() {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(CreateCategoryBody), defaultValues: { name: '', slug: undefined, description: '' } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['name', 'slug', 'description'], async (body) => {
    const created = await api.call('POST /categories', { body });
    await refreshCategories();
    form.reset();
    notify({ tone: 'success', title: `Category “${created.name}” created` });
  });
  return (
    <NewItemForm id="new-category" title="New category" submitLabel="Create category" onSubmit={submit} busy={isSubmitting} error={formError}>
      <Field id="category-name" label="Name" error={errors.name?.message}>
        <TextInput {...describedBy('category-name', errors.name?.message)} {...form.register('name')} placeholder="e.g. Shipping" />
      </Field>
      <Field id="category-slug" label="Slug" optional error={errors.slug?.message} hint="Used in links and the API. Made from the name when empty.">
        <TextInput {...describedBy('category-slug', errors.slug?.message, true)} {...form.register('slug', { setValueAs: emptyToUndefined })} placeholder="shipping" className="font-mono" />
      </Field>
      <Field id="category-description" label="Description" optional error={errors.description?.message}>
        <TextInput {...describedBy('category-description', errors.description?.message)} {...form.register('description')} placeholder="Deliveries, tracking, returns" />
      </Field>
    </NewItemForm>
  );
}

function EditCategory({ category, onDone }: { category: CategoryJson; onDone: () => void }) {
  const form = useForm({ resolver: zodResolver(UpdateCategoryBody), defaultValues: { name: category.name, description: category.description } });
  const { errors, isSubmitting } = form.formState;
  const { submit, formError } = useFormSubmit(form, ['name', 'description'], async (body) => {
    await api.call('PATCH /categories/:id', { params: { id: category.id }, body });
    await refreshCategories();
    onDone();
  });
  return (
    <EditRow label={`Rename ${category.name}`} columns="sm:grid-cols-[1fr_1.4fr_auto]" onSubmit={submit} onCancel={onDone} busy={isSubmitting} error={formError}>
      <Field id={`name-${category.id}`} label="Name" error={errors.name?.message}>
        <TextInput autoFocus {...describedBy(`name-${category.id}`, errors.name?.message)} {...form.register('name')} />
      </Field>
      <Field id={`description-${category.id}`} label="Description" error={errors.description?.message}>
        <TextInput {...describedBy(`description-${category.id}`, errors.description?.message)} {...form.register('description')} />
      </Field>
    </EditRow>
  );
}

function DeleteCategory({ category, onClose }: { category: CategoryJson; onClose: () => void }) {
  const { notify } = useToasts();
  const [inUse, setInUse] = useState<string | null>(null);
  const remove = async () => {
    try {
      await api.call('DELETE /categories/:id', { params: { id: category.id } });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409)) throw e;
      setInUse(e.message);
      return false;
    }
    await refreshCategories();
    notify({ tone: 'success', title: `Category “${category.name}” deleted` });
  };
  return (
    <DeleteDialog title={inUse ? `“${category.name}” is still in use` : `Delete “${category.name}”?`} confirmLabel={inUse ? 'Try again' : 'Delete category'} remove={remove} onClose={onClose}>
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
    </DeleteDialog>
  );
}
