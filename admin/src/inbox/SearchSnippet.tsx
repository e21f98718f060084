// What a search matched in a ticket: a plain-text snippet with the matched parts in <mark>, built
// from the server's offsets (never from HTML).
import type { SearchMatchJson } from '@deskline/contract';
import { cx } from '../ui/format';

const WHERE: Record<SearchMatchJson['field'], string> = {
  number: 'Number',
  subject: 'Subject',
  customer: 'Customer',
  description: 'Description',
  comment: 'Reply',
  note: 'Internal note',
  message: 'Chat',
};

export function SearchSnippet({ match, className }: { match: SearchMatchJson; className?: string }) {
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const { start, end } of match.highlights) {
    if (start < at || end > match.text.length || end <= start) continue;
    if (start > at) parts.push({ text: match.text.slice(at, start), marked: false });
    parts.push({ text: match.text.slice(start, end), marked: true });
    at = end;
  }
  if (at < match.text.length) parts.push({ text: match.text.slice(at), marked: false });
  return (
    // A block of its own, so the ticket's link beside it stands alone, not as a link inside text; two
    // lines at most, wrapped: one line cut short would often hide the very words that matched.
    <span className={cx('block text-xs text-slate-600', className)} data-testid="search-snippet">
      <span className="line-clamp-2 break-words whitespace-normal">
        <span className="font-medium text-slate-700">{WHERE[match.field]}: </span>
        {parts.map((part, i) =>
          part.marked ? (
            <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
              {part.text}
            </mark>
          ) : (
            <span key={i}>{part.text}</span>
          ),
        )}
      </span>
    </span>
  );
}
