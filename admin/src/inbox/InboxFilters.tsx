// The inbox's filter bar: search (applied after a short pause), status, priority, category,
// assignee, and on phones the sort (desktops sort by the table's headers).
'use client';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useCategories, useLabels, useTeam } from '../api/directory';
import type { PriorityValue, Status } from '../api/types';
import { Button, Select, TextInput } from '../ui/controls';
import { PRIORITIES, PRIORITY_LABEL, STATUSES, STATUS_LABEL } from '../ui/format';
import { Icon } from '../ui/icons';
import { MultiSelect } from '../ui/MultiSelect';
import { isFiltered, SORT_OPTIONS, type InboxView, type TicketSort } from './filters';

interface InboxFiltersProps {
  view: InboxView;
  desktop: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  onFilter: (patch: Partial<InboxView>) => void;
  onClear: () => void;
}

export function InboxFilters({ view, desktop, searchRef, onFilter, onClear }: InboxFiltersProps) {
  const categories = useCategories();
  const members = useTeam();
  const labels = useLabels();
  const assigneeOptions = (members ?? []).filter((a) => !a.disabled);

  // Search: typed freely, applied after a short pause, or at once by Enter. Either way the pause
  // ends there: applied again later, it would take an agent who has since opened a result back to
  // the inbox.
  // The box follows the URL when something else changes the search (Clear filters, Back), but not
  // when the URL catches up with a search applied from here: that would drop what was typed since.
  const [search, setSearch] = useState(view.q ?? '');
  const pause = useRef<ReturnType<typeof setTimeout>>(undefined);
  const applied = useRef(view.q);
  const applySearch = () => {
    clearTimeout(pause.current);
    applied.current = search.trim() || undefined;
    onFilter({ q: applied.current });
  };
  useEffect(() => {
    if (view.q !== applied.current) setSearch(view.q ?? '');
    applied.current = view.q;
  }, [view.q]);
  useEffect(() => {
    if ((search.trim() || undefined) === view.q) return;
    pause.current = setTimeout(applySearch, 300);
    return () => clearTimeout(pause.current);
  }, [search, view.q]);

  return (
    <div className="flex flex-wrap items-center gap-2 pb-3" role="search">
      <div className="relative w-full sm:w-72">
        <Icon name="search" size={15} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-slate-400" />
        <TextInput
          ref={searchRef}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
            if (e.key === 'Enter') applySearch();
          }}
          placeholder="Words, chat, notes, people, #number"
          aria-label="Search tickets"
          className="pl-8"
        />
      </div>
      <MultiSelect<Status>
        label="Status"
        options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
        value={view.status}
        onChange={(status) => onFilter({ status })}
      />
      <MultiSelect<PriorityValue>
        label="Priority"
        options={[...PRIORITIES].reverse().map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))}
        value={view.priority}
        onChange={(priority) => onFilter({ priority })}
      />
      <Select aria-label="Category" value={view.category ?? ''} onChange={(e) => onFilter({ category: e.target.value || undefined })}>
        <option value="">All categories</option>
        {categories?.map((c) => (
          <option key={c.id} value={c.slug}>
            {c.name}
          </option>
        ))}
      </Select>
      <Select aria-label="Assignee" value={view.assignee ?? ''} onChange={(e) => onFilter({ assignee: e.target.value || undefined })}>
        <option value="">Anyone</option>
        <option value="me">Me</option>
        <option value="none">Unassigned</option>
        {assigneeOptions.length > 0 && (
          <optgroup label="Team">
            {assigneeOptions.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </optgroup>
        )}
      </Select>
      <Select aria-label="Label" value={view.label ?? ''} onChange={(e) => onFilter({ label: e.target.value || undefined })} data-testid="label-filter">
        <option value="">Any label</option>
        {labels?.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </Select>
      {!desktop && (
        <Select aria-label="Sort" value={view.sort} onChange={(e) => onFilter({ sort: e.target.value as TicketSort })}>
          {SORT_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
      {isFiltered(view) && (
        <Button variant="ghost" size="sm" icon="x" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
