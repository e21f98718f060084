// Reports: how support did over a chosen window, for one site or agent if asked, with a CSV export.
'use client';
import { useState } from 'react';
import type { ReportFiguresJson, ReportJson } from '@deskline/contract';
import { useTeam } from '../api/directory';
import { api } from '../api/http';
import { useApi } from '../api/useApi';
import { isAdmin } from '../session/roles';
import { currentToken, useMe } from '../session/session';
import { Button, Select, TextInput } from '../ui/controls';
import { ErrorNotice, Skeleton } from '../ui/feedback';
import { duration } from '../ui/format';
import { useToasts } from '../ui/toasts';

interface Filters {
  from: string;
  to: string;
  siteId: string;
  agentId: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** The query string of a report (empty filters left out). */
export function reportQuery(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}

const time = (seconds: number | null) => (seconds === null ? '—' : duration(seconds));

export function Reports() {
  const me = useMe();
  const team = useTeam();
  const { notify } = useToasts();
  const [filters, setFilters] = useState<Filters>(() => ({ from: daysBefore(today(), 29), to: today(), siteId: '', agentId: '' }));
  const query = reportQuery(filters);
  const sites = useApi(isAdmin(me) ? 'report-sites' : null, () => api.call('GET /sites', { query: { limit: 100 } }));
  const report = useApi(`report:${query}`, () =>
    api.call('GET /stats/report', { query: { from: filters.from || undefined, to: filters.to || undefined, siteId: filters.siteId || undefined, agentId: filters.agentId || undefined } }),
  );
  const [exporting, setExporting] = useState(false);
  const set = (key: keyof Filters) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setFilters((current) => ({ ...current, [key]: value }));
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      // The download needs the session's token, so it is fetched, then saved from memory.
      const response = await fetch(`/api/stats/report.csv?${query}`, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
      if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${response.status}`);
      const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'deskline-report.csv';
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      notify({ tone: 'success', title: `Downloaded ${name}` });
    } catch (error) {
      notify({ tone: 'error', title: 'The CSV was not exported', body: error instanceof Error ? error.message : undefined });
    } finally {
      setExporting(false);
    }
  };

  const data = report.data;
  return (
    <section aria-labelledby="reports-title" className="rounded-lg bg-white ring-1 ring-slate-200" data-testid="reports">
      <header className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-4 py-3">
        <div className="min-w-0 flex-1">
          <h2 id="reports-title" className="text-[13px] font-semibold text-slate-900">
            Reports
          </h2>
          <p className="text-xs text-slate-500">Whole days in UTC · first response over tickets opened, resolution over tickets resolved</p>
        </div>
        <label className="text-xs text-slate-600">
          From
          <TextInput type="date" value={filters.from} max={filters.to || undefined} onChange={set('from')} className="mt-0.5 h-8 w-36" data-testid="report-from" />
        </label>
        <label className="text-xs text-slate-600">
          To
          <TextInput type="date" value={filters.to} min={filters.from || undefined} onChange={set('to')} className="mt-0.5 h-8 w-36" data-testid="report-to" />
        </label>
        {isAdmin(me) && (
          <label className="text-xs text-slate-600">
            Site
            <Select value={filters.siteId} onChange={set('siteId')} className="mt-0.5 w-40" data-testid="report-site">
              <option value="">All sites</option>
              {sites.data?.items.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </Select>
          </label>
        )}
        <label className="text-xs text-slate-600">
          Agent
          <Select value={filters.agentId} onChange={set('agentId')} className="mt-0.5 w-40" data-testid="report-agent">
            <option value="">Everyone</option>
            {team?.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </Select>
        </label>
        <Button size="sm" variant="secondary" icon="download" busy={exporting} onClick={() => void exportCsv()} data-testid="report-export">
          Export CSV
        </Button>
      </header>
      {report.error ? (
        <div className="p-4">
          <ErrorNotice onRetry={() => void report.reload()}>The report could not be made: {report.error.message}</ErrorNotice>
        </div>
      ) : !data ? (
        <div className="grid grid-cols-2 gap-3 p-4 lg:grid-cols-4" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-16" />
          ))}
        </div>
      ) : (
        <ReportBody report={data} loading={report.loading} />
      )}
    </section>
  );
}

function ReportBody({ report, loading }: { report: ReportJson; loading: boolean }) {
  const { total } = report;
  const busiest = Math.max(1, ...report.byDay.map((d) => Math.max(d.created, d.resolved)));
  return (
    <div className="space-y-4 p-4" aria-busy={loading}>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="report-totals">
        <Figure label="Tickets opened" value={String(total.created)} hint={`${total.resolved} resolved`} testId="report-created" />
        <Figure
          label="First response"
          value={time(total.medianFirstResponseSeconds)}
          hint={`median · p90 ${time(total.p90FirstResponseSeconds)} · ${total.responded} answered`}
          testId="report-first-response"
        />
        <Figure label="Resolution" value={time(total.medianResolutionSeconds)} hint={`median · p90 ${time(total.p90ResolutionSeconds)}`} testId="report-resolution" />
        <Figure
          label="Satisfaction"
          value={total.averageScore === null ? '—' : `${total.averageScore.toFixed(1)} / 5`}
          hint={total.ratings === 0 ? 'No ratings in this window' : `${total.satisfiedPercent}% rated 4 or 5 · ${total.ratings} ${total.ratings === 1 ? 'rating' : 'ratings'}`}
          testId="report-satisfaction"
        />
      </dl>

      <div>
        <h3 className="mb-2 text-xs font-semibold text-slate-700">Volume by day</h3>
        <ol className="flex h-24 items-end gap-px" aria-label="Tickets opened and resolved per day" data-testid="report-days">
          {report.byDay.map((day) => (
            <li key={day.date} className="flex h-full min-w-0 flex-1 items-end gap-px" title={`${day.date}: ${day.created} opened, ${day.resolved} resolved`}>
              <span className="sr-only">
                {day.date}: {day.created} opened, {day.resolved} resolved
              </span>
              <span className="block flex-1 rounded-t-sm bg-indigo-500" style={{ height: `${(day.created / busiest) * 100}%` }} aria-hidden="true" />
              <span className="block flex-1 rounded-t-sm bg-emerald-500" style={{ height: `${(day.resolved / busiest) * 100}%` }} aria-hidden="true" />
            </li>
          ))}
        </ol>
        <p className="mt-1 flex gap-3 text-xs text-slate-600">
          <span className="flex items-center gap-1">
            <span className="size-2 rounded-sm bg-indigo-500" aria-hidden="true" /> Opened
          </span>
          <span className="flex items-center gap-1">
            <span className="size-2 rounded-sm bg-emerald-500" aria-hidden="true" /> Resolved
          </span>
          <span className="flex-1 text-right">
            {report.window.from} – {report.window.to}
          </span>
        </p>
      </div>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Breakdown title="By category" rows={report.byCategory.map((row) => ({ key: row.category.id, name: row.category.name, figures: row }))} testId="report-categories" />
        <Breakdown title="By agent" rows={report.byAgent.map((row) => ({ key: row.agent?.id ?? 'none', name: row.agent?.name ?? 'Unassigned', figures: row }))} testId="report-agents" />
      </div>
    </div>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2.5">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-xl font-semibold tracking-tight text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
      <dd className="text-xs text-slate-600">{hint}</dd>
    </div>
  );
}

function Breakdown({ title, rows, testId }: { title: string; rows: { key: string; name: string; figures: ReportFiguresJson }[]; testId: string }) {
  return (
    <div className="min-w-0 overflow-x-auto">
      <table className="w-full text-left text-[13px]" data-testid={testId}>
        <caption className="mb-1 text-left text-xs font-semibold text-slate-700">{title}</caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">Name</th>
            <th scope="col" className="px-2 py-1 text-right font-medium">Opened</th>
            <th scope="col" className="px-2 py-1 text-right font-medium">Resolved</th>
            <th scope="col" className="px-2 py-1 text-right font-medium">First response</th>
            <th scope="col" className="py-1 pl-2 text-right font-medium">Rating</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5} className="py-3 text-center text-slate-600">
                No tickets in this window.
              </td>
            </tr>
          ) : (
            rows.map(({ key, name, figures }) => (
              <tr key={key}>
                <th scope="row" className="max-w-40 truncate py-1.5 pr-2 font-normal text-slate-800">
                  {name}
                </th>
                <td className="px-2 py-1.5 text-right text-slate-800">{figures.created}</td>
                <td className="px-2 py-1.5 text-right text-slate-800">{figures.resolved}</td>
                <td className="px-2 py-1.5 text-right text-slate-800">{time(figures.medianFirstResponseSeconds)}</td>
                <td className="py-1.5 pl-2 text-right text-slate-800">{figures.averageScore === null ? '—' : figures.averageScore.toFixed(1)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
