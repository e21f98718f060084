// Empty, loading and error states: calm, specific, and always with a way forward.
import type { ReactNode } from 'react';
import { cx } from './format';
import { Icon, type IconName } from './icons';
import { Spinner } from './controls';

export function EmptyState({ icon, title, children, action, className }: { icon: IconName; title: string; children?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={cx('flex flex-col items-center justify-center px-6 py-14 text-center', className)}>
      <span className="mb-3 inline-flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-500">
        <Icon name={icon} size={20} />
      </span>
      <p className="text-sm font-medium text-slate-900">{title}</p>
      {children && <div className="mt-1 max-w-sm text-[13px] text-slate-500">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function Loading({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <div role="status" className={cx('flex items-center justify-center gap-2 py-12 text-[13px] text-slate-500', className)}>
      <Spinner size={16} />
      {label}
    </div>
  );
}

export function ErrorNotice({ children, onRetry, className }: { children: ReactNode; onRetry?: () => void; className?: string }) {
  return (
    <div role="alert" className={cx('flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-[13px] text-red-800 ring-1 ring-red-200 ring-inset', className)}>
      <Icon name="alert" size={15} className="mt-0.5 shrink-0" />
      <div className="flex-1">{children}</div>
      {onRetry && (
        <button type="button" onClick={onRetry} className="font-medium text-red-700 underline underline-offset-2 hover:text-red-900">
          Retry
        </button>
      )}
    </div>
  );
}

export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cx('block animate-pulse rounded bg-slate-200/70', className)} />;
}
