// A live sketch of the widget on a host page, drawn from the theme being edited.
import { DEFAULT_THEME } from '@deskline/contract';
import { cx } from '../../ui/format';
import { previewColor } from './siteForm';

export function SitePreview({
  name,
  color,
  position,
  greeting,
  mode = 'light',
  className,
}: {
  name: string;
  color?: string;
  position?: 'left' | 'right';
  greeting?: string;
  mode?: 'light' | 'dark' | 'auto';
  className?: string;
}) {
  const accent = previewColor(color);
  const left = position === 'left';
  // Dark as the widget's dark mode; "auto" follows this browser's setting, as the widget does a visitor's.
  const panel = mode === 'dark' ? 'bg-gray-900' : mode === 'auto' ? 'bg-white dark:bg-gray-900' : 'bg-white';
  const line = mode === 'dark' ? 'bg-gray-700' : mode === 'auto' ? 'bg-slate-100 dark:bg-gray-700' : 'bg-slate-100';
  return (
    <figure className={cx('overflow-hidden rounded-lg bg-white ring-1 ring-slate-200', className)} aria-label="Widget preview" data-testid="site-preview">
      <div className="flex items-center gap-1.5 border-b border-slate-200 bg-slate-50 px-3 py-1.5">
        {['bg-slate-300', 'bg-slate-300', 'bg-slate-300'].map((c, i) => (
          <span key={i} className={cx('size-2 rounded-full', c)} />
        ))}
        <span className="ml-2 truncate rounded bg-white px-2 py-0.5 text-[10px] text-slate-500 ring-1 ring-slate-200">{name || 'your-site.example'}</span>
      </div>
      <div className="relative h-[248px] bg-[linear-gradient(180deg,#f8fafc,white)] p-4">
        <div className="space-y-2 opacity-70" aria-hidden="true">
          <div className="h-2.5 w-1/3 rounded bg-slate-200" />
          <div className="h-2 w-2/3 rounded bg-slate-100" />
          <div className="h-2 w-1/2 rounded bg-slate-100" />
          <div className="mt-4 h-14 w-2/3 rounded bg-slate-100" />
        </div>
        <div
          className={cx('absolute bottom-16 w-[210px] overflow-hidden rounded-xl shadow-xl ring-1 ring-slate-900/10', panel, left ? 'left-4' : 'right-4')}
          data-testid="preview-panel"
          data-mode={mode}
        >
          <div className="px-3 py-2.5 text-white" style={{ backgroundColor: accent }}>
            <p className="text-[12px] font-semibold">{name || 'Support'}</p>
            <p className="mt-0.5 text-[11px] leading-snug opacity-90" data-testid="preview-greeting">
              {greeting || DEFAULT_THEME.greeting}
            </p>
          </div>
          <div className="space-y-1.5 p-3">
            <div className={cx('h-2 w-4/5 rounded', line)} />
            <div className={cx('h-2 w-3/5 rounded', line)} />
            <div className="mt-2 h-6 rounded-md text-center text-[10px] leading-6 font-medium text-white" style={{ backgroundColor: accent }}>
              New ticket
            </div>
          </div>
        </div>
        <span
          className={cx('absolute bottom-4 flex size-10 items-center justify-center rounded-full text-white shadow-lg', left ? 'left-4' : 'right-4')}
          style={{ backgroundColor: accent }}
          data-testid="preview-launcher"
          data-color={accent}
        >
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <path d="M21 12a8 8 0 0 1-11.6 7.1L3 21l1.9-6.4A8 8 0 1 1 21 12z" />
          </svg>
        </span>
      </div>
      <figcaption className="border-t border-slate-100 px-3 py-1.5 text-[11px] text-slate-500">Preview — updates as you edit</figcaption>
    </figure>
  );
}
