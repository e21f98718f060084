// The inbox's footer: how many tickets are on screen, the page size, and paging by cursor.
'use client';
import { Button, Select } from '../ui/controls';
import { Icon } from '../ui/icons';
import { PAGE_SIZES } from './filters';

interface InboxPagerProps {
  count: number;
  /** Whether there are pages before or after this one. */
  paged: boolean;
  limit: number;
  /** "First page" rather than "Previous" when the page before is the first one. */
  backToFirst: boolean;
  hasPrevious: boolean;
  hasNext: boolean;
  onLimit: (limit: number) => void;
  onPrevious: () => void;
  onNext: () => void;
}

export function InboxPager({ count, paged, limit, backToFirst, hasPrevious, hasNext, onLimit, onPrevious, onNext }: InboxPagerProps) {
  return (
    <footer className="flex shrink-0 items-center justify-between gap-3 border-t border-slate-200 bg-white px-4 py-2 text-[13px] text-slate-500 sm:px-6">
      <div className="flex items-center gap-2">
        <span data-testid="list-count" className="whitespace-nowrap">
          {count} {count === 1 ? 'ticket' : 'tickets'} {paged ? 'on this page' : ''}
        </span>
        <Select aria-label="Tickets per page" value={limit} onChange={(e) => onLimit(Number(e.target.value))} className="hidden h-7 text-xs sm:block">
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n} per page
            </option>
          ))}
        </Select>
      </div>
      <div className="flex items-center gap-1.5">
        <Button size="sm" icon="chevronLeft" disabled={!hasPrevious} onClick={onPrevious}>
          {backToFirst ? 'First page' : 'Previous'}
        </Button>
        <Button size="sm" disabled={!hasNext} onClick={onNext}>
          Next
          <Icon name="chevronRight" size={14} />
        </Button>
      </div>
    </footer>
  );
}
