// Code to paste elsewhere, with a copy button that also works on plain-http LAN installs.
'use client';
import { useState } from 'react';
import { cx } from './format';
import { Icon } from './icons';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // navigator.clipboard needs a secure context; a self-hosted console may run on http.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, label = 'Copy', dark, className }: { text: string; label?: string; dark?: boolean; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        if (await copyText(text)) {
          setCopied(true);
          setTimeout(() => setCopied(false), 1600);
        }
      }}
      className={cx(
        'inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium transition-colors',
        dark
          ? copied
            ? 'text-emerald-300'
            : 'text-slate-300 hover:bg-white/10 hover:text-white'
          : copied
            ? 'text-emerald-700'
            : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900',
        className,
      )}
    >
      <Icon name={copied ? 'check' : 'copy'} size={13} />
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}

export function CodeBlock({ code, label, testId, className, wrap }: { code: string; label: string; testId?: string; className?: string; wrap?: boolean }) {
  return (
    <div className={cx('overflow-hidden rounded-lg bg-slate-900 ring-1 ring-slate-900/10', className)}>
      <div className="flex items-center justify-between border-b border-white/10 px-3 py-1">
        <span className="text-[11px] font-medium text-slate-400">{label}</span>
        <CopyButton text={code} dark label={`Copy ${label.split(' ')[0]}`} />
      </div>
      {/* Unwrapped code may scroll sideways (on a phone it does): focusable, so the keyboard can scroll it. */}
      <pre
        className={cx(
          'overflow-x-auto px-3 py-2.5 font-mono text-[12px] leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-400',
          wrap && 'break-all whitespace-pre-wrap',
        )}
        data-testid={testId}
        {...(wrap ? {} : { tabIndex: 0, role: 'region', 'aria-label': label })}
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
