// The pages that manage a list beside a "new" form (categories, labels, saved replies): the page's
// frame, rows with Edit and Delete, a row that becomes its own edit form, and a confirmed delete.
'use client';
import { Fragment, useState, type FormEventHandler, type LiHTMLAttributes, type ReactNode } from 'react';
import { Button } from './controls';
import { ConfirmDialog } from './dialog';
import { ErrorNotice, Loading } from './feedback';
import { cx } from './format';
import { PageHeader } from './PageHeader';

/** The page: its header, then the list and the "new" form side by side on wide screens. */
export function ManagedListPage({
  title,
  description,
  columns = 'lg:grid-cols-[minmax(0,1fr)_320px]',
  dialog,
  children,
}: {
  title: string;
  description: ReactNode;
  /** The grid's columns on wide screens: the list, then the form. */
  columns?: string;
  dialog?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title={title} description={description} />
      <div className={cx('mx-auto grid max-w-[1100px] grid-cols-1 gap-6 p-4 sm:p-6', columns)}>{children}</div>
      {dialog}
    </div>
  );
}

/** The list: loading, its empty state, or one row per item, the one being edited as its form. */
export function ManagedList<T extends { id: string }>({
  items,
  empty,
  editing,
  renderEditor,
  children,
  testId,
}: {
  items: readonly T[] | undefined;
  empty: ReactNode;
  /** The id of the item being edited, if any. */
  editing: string | null;
  renderEditor: (item: T) => ReactNode;
  children: (item: T) => ReactNode;
  testId?: string;
}) {
  if (!items) return <Loading />;
  if (items.length === 0) return empty;
  return (
    <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg bg-white ring-1 ring-slate-200" data-testid={testId}>
      {items.map((item) => (
        <Fragment key={item.id}>{editing === item.id ? renderEditor(item) : children(item)}</Fragment>
      ))}
    </ul>
  );
}

/** A row: what the item shows, then its Edit and Delete buttons (none when it may not be changed). */
export function ItemRow({
  name,
  editLabel = 'Edit',
  onEdit,
  onDelete,
  align = 'center',
  children,
  ...rest
}: LiHTMLAttributes<HTMLLIElement> & {
  /** The item's name, in the buttons' labels: "Edit Refund policy". */
  name: string;
  editLabel?: string;
  onEdit?: () => void;
  onDelete?: () => void;
  align?: 'center' | 'start';
}) {
  return (
    <li className={cx('flex gap-3 px-4 py-2.5', align === 'start' ? 'items-start' : 'items-center')} {...rest}>
      {children}
      {onEdit && (
        <Button size="sm" variant="ghost" icon="pencil" onClick={onEdit} aria-label={`${editLabel} ${name}`}>
          <span className="hidden sm:inline">{editLabel}</span>
        </Button>
      )}
      {onDelete && (
        <Button size="sm" variant="ghost" icon="trash" onClick={onDelete} aria-label={`Delete ${name}`} className="hover:text-red-600">
          <span className="hidden sm:inline">Delete</span>
        </Button>
      )}
    </li>
  );
}

/** A row as its edit form: the fields, Save and Cancel, and the server's refusal. */
export function EditRow({
  label,
  onSubmit,
  onCancel,
  busy,
  error,
  columns,
  children,
}: {
  label: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  busy: boolean;
  error?: string;
  /** The fields side by side on wider screens, then the buttons (e.g. "sm:grid-cols-[1fr_auto_auto]"); stacked without. */
  columns?: string;
  children: ReactNode;
}) {
  const buttons = (
    <div className={cx('flex gap-2', columns && 'sm:pt-[22px]')}>
      <Button type="submit" variant="primary" busy={busy}>
        Save
      </Button>
      <Button onClick={onCancel}>Cancel</Button>
    </div>
  );
  return (
    <li className="bg-slate-50/80 px-4 py-3">
      <form onSubmit={onSubmit} noValidate className={columns ? cx('grid grid-cols-1 gap-3 sm:items-start', columns) : 'space-y-3'} aria-label={label}>
        {children}
        {columns ? (
          <>
            {buttons}
            {error && <ErrorNotice className="sm:col-span-3">{error}</ErrorNotice>}
          </>
        ) : (
          <>
            {error && <ErrorNotice>{error}</ErrorNotice>}
            {buttons}
          </>
        )}
      </form>
    </li>
  );
}

/**
 * Delete after a confirmation: busy while `remove` runs, which closes the dialog unless it answers
 * false (it has changed what the dialog says instead); a failure is shown in the dialog.
 */
export function DeleteDialog({
  title,
  confirmLabel,
  remove,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  remove: () => Promise<boolean | void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      if ((await remove()) !== false) onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Nothing was deleted');
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog open title={title} confirmLabel={confirmLabel} danger busy={busy} onConfirm={() => void confirm()} onClose={onClose}>
      {children}
      {error && <ErrorNotice className="mt-3">{error}</ErrorNotice>}
    </ConfirmDialog>
  );
}
