// A row of tabs (role="tablist"), in the look of where it stands: a page's sections, a panel's
// parts, or a segmented filter.
'use client';
import type { ReactNode } from 'react';
import { cx } from './format';

const LOOKS = {
  /** A page's sections under its header: the chosen one underlined. */
  underline: {
    list: 'flex',
    tab: '-mb-px flex h-10 items-center gap-1.5 border-b-2 px-3 text-[13px] font-medium',
    chosen: 'border-indigo-600 text-slate-900',
    other: 'border-transparent text-slate-500',
  },
  /** The parts of a panel, as small folder tabs over it. */
  folder: {
    list: 'flex gap-1',
    tab: 'rounded-t px-2.5 py-1 text-xs font-medium',
    chosen: 'bg-slate-100 text-slate-900',
    other: 'text-slate-500 hover:text-slate-800',
  },
  /** A filter above a list: a segmented control, the chosen one raised. */
  segmented: {
    list: 'inline-flex rounded-md bg-slate-100 p-0.5',
    tab: 'h-7 rounded px-3 text-[13px]',
    chosen: 'bg-white font-medium text-slate-900 shadow-xs',
    other: 'text-slate-600 hover:text-slate-900',
  },
} as const;

export function Tabs<V extends string>({
  label,
  tabs,
  value,
  onChange,
  look,
  className,
}: {
  /** The tab list's accessible name. */
  label: string;
  tabs: readonly { value: V; label: ReactNode }[];
  value: V;
  onChange: (value: V) => void;
  look: keyof typeof LOOKS;
  /** Where the list stands: borders, padding. */
  className?: string;
}) {
  const style = LOOKS[look];
  return (
    <div role="tablist" aria-label={label} className={cx(style.list, className)}>
      {tabs.map((tab) => (
        <button
          key={tab.value}
          type="button"
          role="tab"
          aria-selected={value === tab.value}
          onClick={() => onChange(tab.value)}
          className={cx(style.tab, value === tab.value ? style.chosen : style.other)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
