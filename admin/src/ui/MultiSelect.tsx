// A compact filter button that opens a checklist: several values at once, without a wide bar.
'use client';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cx } from './format';
import { Icon } from './icons';

export function MultiSelect<T extends string>({
  label,
  options,
  value,
  onChange,
  renderOption,
}: {
  label: string;
  options: { value: T; label: string }[];
  value: T[];
  onChange: (value: T[]) => void;
  renderOption?: (value: T) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  // Checked at once; the parent's value (from the URL) follows a moment later.
  const [local, setLocal] = useState(value);
  const key = value.join(',');
  useEffect(() => setLocal(value), [key]);
  const root = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  const selected = options.filter((o) => local.includes(o.value));
  const summary = selected.length === 0 ? null : selected.length <= 2 ? selected.map((o) => o.label).join(', ') : `${selected.length} selected`;
  const change = (next: T[]) => {
    setLocal(next);
    onChange(next);
  };
  const toggle = (option: T) => change(local.includes(option) ? local.filter((v) => v !== option) : [...local, option]);
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className={cx(
          'inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-[13px] whitespace-nowrap ring-1 ring-inset transition-colors',
          summary ? 'bg-indigo-50 text-indigo-900 ring-indigo-200 hover:bg-indigo-100' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
        )}
      >
        <span className={summary ? 'text-indigo-700/70' : undefined}>{label}</span>
        {summary && <span className="max-w-40 truncate font-medium">{summary}</span>}
        <Icon name="chevronDown" size={14} className="text-slate-400" />
      </button>
      {open && (
        <div id={id} role="group" aria-label={label} className="absolute top-full left-0 z-30 mt-1 w-52 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-900/10">
          {options.map((option) => (
            <label key={option.value} className="flex h-8 cursor-pointer items-center gap-2.5 rounded-md px-2 text-[13px] text-slate-700 hover:bg-slate-50">
              <input
                type="checkbox"
                checked={local.includes(option.value)}
                onChange={() => toggle(option.value)}
                className="size-3.5 rounded border-slate-300 accent-indigo-600"
              />
              {renderOption ? renderOption(option.value) : option.label}
            </label>
          ))}
          {local.length > 0 && (
            <button type="button" onClick={() => change([])} className="mt-1 h-7 w-full rounded-md border-t border-slate-100 text-xs text-slate-500 hover:bg-slate-50 hover:text-slate-800">
              Clear
            </button>
          )}
        </div>
      )}
    </div>
  );
}
