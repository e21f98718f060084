import type { ReactNode } from 'react';
import { cx } from './format';

export function PageHeader({ title, description, actions, className, children }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; className?: string; children?: ReactNode }) {
  return (
    <header className={cx('shrink-0 border-b border-slate-200 bg-white px-4 sm:px-6', className)}>
      <div className="flex min-h-14 flex-wrap items-center gap-x-4 gap-y-2 py-3">
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-[17px] leading-6 font-semibold tracking-tight text-slate-900">{title}</h1>
          {description && <p className="mt-0.5 truncate text-[13px] text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </div>
      {children}
    </header>
  );
}

