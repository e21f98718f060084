// Status, priority and people: small, quiet markers that stay legible in a dense table.
import type { PriorityValue, Status } from '../api/types';
import { cx, initials, PRIORITY_LABEL, STATUS_LABEL } from './format';
import { sameOriginUrl } from '../api/http';

const STATUS_STYLE: Record<Status, { dot: string; chip: string }> = {
  OPEN: { dot: 'bg-sky-500', chip: 'bg-sky-50 text-sky-800 ring-sky-600/15' },
  IN_PROGRESS: { dot: 'bg-amber-500', chip: 'bg-amber-50 text-amber-800 ring-amber-600/20' },
  RESOLVED: { dot: 'bg-emerald-500', chip: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20' },
  CLOSED: { dot: 'bg-slate-400', chip: 'bg-slate-100 text-slate-600 ring-slate-500/15' },
};

export function StatusBadge({ status, className }: { status: Status; className?: string }) {
  const style = STATUS_STYLE[status];
  return (
    <span
      data-status={status}
      className={cx('inline-flex h-5 items-center gap-1.5 rounded-full px-2 text-xs font-medium whitespace-nowrap ring-1 ring-inset', style.chip, className)}
    >
      <span className={cx('size-1.5 rounded-full', style.dot)} aria-hidden="true" />
      {STATUS_LABEL[status]}
    </span>
  );
}

export const statusDot = (status: Status) => STATUS_STYLE[status].dot;

const PRIORITY_STYLE: Record<PriorityValue, { bars: number; color: string; text: string }> = {
  LOW: { bars: 1, color: 'bg-slate-400', text: 'text-slate-500' },
  MEDIUM: { bars: 2, color: 'bg-slate-500', text: 'text-slate-600' },
  HIGH: { bars: 3, color: 'bg-orange-500', text: 'text-orange-700' },
  URGENT: { bars: 4, color: 'bg-red-600', text: 'text-red-700 font-semibold' },
};

/** Signal-strength bars: priority reads at a glance without shouting colour across the table. */
export function PriorityBadge({ priority, className, compact }: { priority: PriorityValue; className?: string; compact?: boolean }) {
  const style = PRIORITY_STYLE[priority];
  return (
    <span data-priority={priority} className={cx('inline-flex items-center gap-1.5 text-xs whitespace-nowrap', style.text, className)}>
      <span className="flex h-3 items-end gap-px" aria-hidden="true">
        {[1, 2, 3, 4].map((bar) => (
          <span key={bar} className={cx('w-[3px] rounded-[1px]', bar <= style.bars ? style.color : 'bg-slate-200')} style={{ height: `${3 + bar * 2}px` }} />
        ))}
      </span>
      {compact ? <span className="sr-only">{PRIORITY_LABEL[priority]}</span> : PRIORITY_LABEL[priority]}
    </span>
  );
}

const AVATAR_COLORS = [
  'bg-indigo-100 text-indigo-700',
  'bg-sky-100 text-sky-700',
  'bg-emerald-100 text-emerald-700',
  'bg-amber-100 text-amber-800',
  'bg-rose-100 text-rose-700',
  'bg-violet-100 text-violet-700',
  'bg-teal-100 text-teal-700',
  'bg-orange-100 text-orange-700',
];

function colorFor(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return AVATAR_COLORS[Math.abs(hash) % AVATAR_COLORS.length]!;
}

export function Avatar({ name, seed, size = 24, className, url }: { name: string; seed?: string; size?: number; className?: string; url?: string | null }) {
  // A team member's uploaded picture; decorative like the initials, the name is always beside it.
  if (url) {
    return <img src={sameOriginUrl(url)} alt="" width={size} height={size} className={cx('shrink-0 rounded-full object-cover', className)} style={{ width: size, height: size }} />;
  }
  return (
    <span
      aria-hidden="true"
      className={cx('inline-flex shrink-0 items-center justify-center rounded-full font-semibold select-none', colorFor(seed ?? name), className)}
      style={{ width: size, height: size, fontSize: Math.max(9, Math.round(size * 0.4)) }}
    >
      {initials(name)}
    </span>
  );
}

export function CountBadge({ count, className, label }: { count: number; className?: string; label?: string }) {
  if (count <= 0) return null;
  return (
    <span
      className={cx('inline-flex h-[18px] min-w-[18px] items-center justify-center rounded-full bg-indigo-600 px-1.5 text-[11px] font-semibold text-white tabular-nums', className)}
      aria-label={label ?? `${count} unread`}
    >
      {count > 99 ? '99+' : count}
    </span>
  );
}

/** A label on a ticket: its colour as a dot, its name in text dark enough to read on white. */
export function LabelChip({ label, className }: { label: { name: string; color: string }; className?: string }) {
  return (
    <span className={cx('inline-flex max-w-[10rem] items-center gap-1 rounded-full bg-white px-1.5 py-px text-[11px] font-medium text-slate-700 ring-1 ring-slate-200', className)} data-testid="label-chip">
      <span className="size-2 shrink-0 rounded-full" style={{ backgroundColor: label.color }} aria-hidden="true" />
      <span className="truncate">{label.name}</span>
    </span>
  );
}
