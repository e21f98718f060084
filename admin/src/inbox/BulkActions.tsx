// The bar that appears when tickets are checked in the inbox: assign, change status, add a label or
// close them all at once. The server changes each ticket on its own and says which did not change.
'use client';
import { useState } from 'react';
import { useLabels, useTeam } from '../api/directory';
import { api } from '../api/http';
import type { Status } from '../api/types';
import { Button, Select } from '../ui/controls';
import { STATUSES, STATUS_LABEL } from '../ui/format';
import { useToasts } from '../ui/toasts';

type BulkPatch = { status?: Status; assigneeId?: string | null; addLabels?: string[] };

export function BulkActions({ ids, onDone, onClear }: { ids: string[]; onDone: () => void; onClear: () => void }) {
  const members = useTeam();
  const labels = useLabels();
  const { notify } = useToasts();
  const [busy, setBusy] = useState<string | null>(null);
  const count = ids.length;
  const plural = (n: number) => `${n} ticket${n === 1 ? '' : 's'}`;

  const apply = async (what: string, patch: BulkPatch) => {
    setBusy(what);
    try {
      const { results } = await api.call('POST /tickets/bulk', { body: { ids, patch } });
      const failed = results.filter((r) => !r.ok);
      const changed = results.length - failed.length;
      if (failed.length === 0) notify({ tone: 'success', title: `${plural(changed)} ${what}` });
      else {
        const reasons = [...new Set(failed.map((r) => (r.ok ? '' : r.error.message)))].join('; ');
        notify({ tone: 'error', title: `${plural(changed)} ${what}, ${failed.length} not changed`, body: reasons });
      }
      onDone();
    } catch (error) {
      notify({ tone: 'error', title: 'Nothing was changed', body: error instanceof Error ? error.message : undefined });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 border-b border-indigo-100 bg-indigo-50/70 px-4 py-2 sm:px-6" data-testid="bulk-actions">
      <p className="text-[13px] font-medium text-slate-800" aria-live="polite">
        {plural(count)} selected
      </p>
      <Select
        aria-label="Assign selected tickets"
        value=""
        disabled={busy !== null}
        onChange={(e) => e.target.value && void apply('assigned', { assigneeId: e.target.value === 'none' ? null : e.target.value })}
      >
        <option value="">Assign…</option>
        <option value="none">Unassigned</option>
        {(members ?? [])
          .filter((m) => !m.disabled)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </Select>
      <Select aria-label="Set the status of selected tickets" value="" disabled={busy !== null} onChange={(e) => e.target.value && void apply('updated', { status: e.target.value as Status })}>
        <option value="">Status…</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </Select>
      <Select aria-label="Add a label to selected tickets" value="" disabled={busy !== null || !labels?.length} onChange={(e) => e.target.value && void apply('labelled', { addLabels: [e.target.value] })}>
        <option value="">{labels?.length ? 'Add label…' : 'No labels yet'}</option>
        {labels?.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </Select>
      <Button size="sm" icon="check" busy={busy === 'closed'} disabled={busy !== null} onClick={() => void apply('closed', { status: 'CLOSED' })} data-testid="bulk-close">
        Close {plural(count)}
      </Button>
      {busy && busy !== 'closed' && <span className="text-xs text-slate-600">Working…</span>}
      <Button size="sm" variant="ghost" icon="x" onClick={onClear} disabled={busy !== null}>
        Clear selection
      </Button>
    </div>
  );
}
