// The "new" form beside a managed list (a category, a label, a saved reply, an account): a titled
// card with the fields, the server's refusal, and one full-width submit button.
'use client';
import type { FormEventHandler, ReactNode } from 'react';
import { Button } from './controls';
import { ErrorNotice } from './feedback';
import { cx } from './format';
import { Icon, type IconName } from './icons';

export function NewItemForm({
  id,
  title,
  icon,
  formLabel,
  submitLabel,
  onSubmit,
  busy,
  error,
  children,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  icon?: IconName;
  formLabel?: string;
  submitLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  busy: boolean;
  error?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="h-fit rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <h2 id={id} className={cx('text-[13px] font-semibold text-slate-900', icon && 'flex items-center gap-2')}>
        {icon && (
          <>
            <Icon name={icon} size={15} className="text-slate-400" />{' '}
          </>
        )}
        {title}
      </h2>
      <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3" aria-label={formLabel}>
        {children}
        {error && <ErrorNotice>{error}</ErrorNotice>}
        <Button type="submit" variant="primary" icon="plus" busy={busy} className="w-full">
          {submitLabel}
        </Button>
      </form>
    </section>
  );
}
