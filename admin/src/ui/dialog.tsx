// Modal dialogs on the native <dialog>: focus is trapped and Escape closes, for free.
'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from './controls';
import { cx } from './format';
import { Icon } from './icons';

const FOCUSABLE = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  className,
  size = 'md',
  labelledBy = 'dialog-title',
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  className?: string;
  size?: 'md' | 'lg' | '2xl';
  labelledBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the close button (the first focusable element); people expect to type at
      // once, so: an element marked data-autofocus, else the content's first field, else the close button.
      const first =
        dialog.querySelector<HTMLElement>('[data-autofocus]') ??
        Array.from(content.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).find((element) => element.tabIndex >= 0 && element.getClientRects().length > 0);
      first?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onClose(); // a click on the backdrop
      }}
      className={cx(
        'm-auto w-[calc(100%-2rem)] rounded-xl bg-white p-0 text-slate-900 shadow-2xl ring-1 ring-slate-900/10 backdrop:bg-slate-900/30 backdrop:backdrop-blur-[1px]',
        size === 'md' ? 'max-w-md' : size === 'lg' ? 'max-w-lg' : 'max-w-2xl',
        className,
      )}
    >
      {open && (
        <div className="flex max-h-[85vh] flex-col">
          <div className="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
            <div>
              <h2 id={labelledBy} className="text-[15px] font-semibold">
                {title}
              </h2>
              {description && <div className="mt-1 text-[13px] text-slate-500">{description}</div>}
            </div>
            <button type="button" onClick={onClose} aria-label="Close" className="-m-1 rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700">
              <Icon name="x" size={16} />
            </button>
          </div>
          {children && (
            <div ref={content} className="overflow-y-auto px-5 py-4">
              {children}
            </div>
          )}
          {footer && <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50/60 px-5 py-3">{footer}</div>}
        </div>
      )}
    </dialog>
  );
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      labelledBy="confirm-title"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm} data-autofocus>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="text-[13px] leading-relaxed text-slate-600">{children}</div>
    </Dialog>
  );
}
