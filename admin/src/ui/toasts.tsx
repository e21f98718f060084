// In-page notifications: a short stack in the corner, announced politely to screen readers.
'use client';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { cx } from './format';
import { Icon, type IconName } from './icons';

export interface Toast {
  id: number;
  title: string;
  body?: string;
  tone?: 'info' | 'success' | 'error' | 'new';
  icon?: IconName;
  action?: { label: string; onClick: () => void };
}

interface ToastApi {
  notify(toast: Omit<Toast, 'id'>): void;
}

const ToastContext = createContext<ToastApi>({ notify: () => {} });

export const useToasts = () => useContext(ToastContext);

const LIFETIME_MS = 6_000;
const MAX_VISIBLE = 4;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const notify = useCallback((toast: Omit<Toast, 'id'>) => {
    const id = next.current++;
    setToasts((list) => [...list, { ...toast, id }].slice(-MAX_VISIBLE));
  }, []);
  const api = useMemo(() => ({ notify }), [notify]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        aria-live="polite"
        role="region"
        aria-label="Notifications"
        className="pointer-events-none fixed right-3 bottom-14 left-3 z-50 flex flex-col items-end gap-2 sm:right-5 sm:bottom-14 sm:left-auto sm:w-[360px]"
      >
        {toasts.map((toast) => (
          <ToastCard key={toast.id} toast={toast} onDismiss={() => dismiss(toast.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

const TONE: Record<NonNullable<Toast['tone']>, { icon: IconName; color: string }> = {
  info: { icon: 'info', color: 'text-slate-500' },
  success: { icon: 'check', color: 'text-emerald-600' },
  error: { icon: 'alert', color: 'text-red-600' },
  new: { icon: 'inbox', color: 'text-indigo-600' },
};

function ToastCard({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(onDismiss, LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [paused, onDismiss]);
  const tone = TONE[toast.tone ?? 'info'];
  return (
    <div
      data-testid="toast"
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      className="toast-in pointer-events-auto flex w-full items-start gap-3 rounded-lg bg-white p-3 text-[13px] shadow-lg ring-1 ring-slate-900/10"
    >
      <Icon name={toast.icon ?? tone.icon} size={16} className={cx('mt-0.5 shrink-0', tone.color)} />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-slate-900">{toast.title}</p>
        {toast.body && <p className="mt-0.5 line-clamp-2 text-slate-600">{toast.body}</p>}
        {toast.action && (
          <button
            type="button"
            onClick={() => {
              toast.action!.onClick();
              onDismiss();
            }}
            className="mt-1.5 font-medium text-indigo-600 hover:text-indigo-500"
          >
            {toast.action.label}
          </button>
        )}
      </div>
      <button type="button" onClick={onDismiss} aria-label="Dismiss notification" className="-m-1 rounded p-1 text-slate-500 hover:text-slate-700">
        <Icon name="x" size={14} />
      </button>
    </div>
  );
}
