// The ticket's heading and the controls admins change most: status, priority, assignee, category.
'use client';
import type { RefObject } from 'react';
import { useCategories, useLabels, useTeam } from '../api/directory';
import type { PriorityValue, Status, Ticket, User } from '../api/types';
import { Avatar, LabelChip, statusDot } from '../ui/badges';
import { Button, Select } from '../ui/controls';
import { PersonEmail } from '../ui/email';
import { cx, fullDate, PRIORITIES, PRIORITY_LABEL, shortAge, STATUS_LABEL, STATUSES } from '../ui/format';
import { Icon } from '../ui/icons';
import { MultiSelect } from '../ui/MultiSelect';
import type { TicketPatch } from './ticketPatch';

function Control({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-1 sm:flex-row sm:items-center sm:gap-1.5">
      <span className="text-xs text-slate-500">{label}</span>
      {children}
    </label>
  );
}

export function TicketProperties({
  ticket,
  me,
  onChange,
  statusRef,
}: {
  ticket: Ticket;
  me: User;
  onChange: (patch: TicketPatch) => void;
  statusRef: RefObject<HTMLSelectElement | null>;
}) {
  const members = useTeam();
  const categories = useCategories();
  const labels = useLabels();
  const labelColor = new Map((labels ?? []).map((l) => [l.id, l]));
  const team = (members ?? []).filter((a) => !a.disabled || a.id === ticket.assignee?.id);
  const assignedToMe = ticket.assignee?.id === me.id;
  return (
    <div className="px-4 pt-3 pb-3 sm:px-6">
      <h1 className="text-[17px] leading-snug font-semibold tracking-tight text-slate-900" data-testid="ticket-subject">
        {ticket.subject}
      </h1>
      <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-[13px] text-slate-500">
        <span className="flex items-center gap-1.5 text-slate-700">
          <Avatar name={ticket.customer.name} seed={ticket.customer.id} size={18} />
          <span className="font-medium" data-testid="ticket-customer">
            {ticket.customer.name}
          </span>
        </span>
        {ticket.customer.email && <PersonEmail email={ticket.customer.email} verified={ticket.customer.emailVerified} />}
        {ticket.site && (
          <>
            <span aria-hidden="true">·</span>
            <span className="flex items-center gap-1">
              <Icon name="globe" size={13} /> via {ticket.site.name}
            </span>
          </>
        )}
        <span aria-hidden="true">·</span>
        <span title={fullDate(ticket.createdAt)}>Opened {shortAge(ticket.createdAt)}</span>
      </p>
      <div className="mt-3 grid grid-cols-2 gap-x-3 gap-y-2 sm:flex sm:flex-wrap sm:items-center sm:gap-x-4">
        <Control label="Status">
          <span className="relative block">
            <span className={cx('pointer-events-none absolute top-1/2 left-2.5 size-2 -translate-y-1/2 rounded-full', statusDot(ticket.status))} aria-hidden="true" />
            <Select ref={statusRef} value={ticket.status} onChange={(e) => onChange({ status: e.target.value as Status })} className="w-full sm:w-[136px] pl-6" data-testid="status-select">
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABEL[status]}
                </option>
              ))}
            </Select>
          </span>
        </Control>
        <Control label="Priority">
          <Select value={ticket.priority} onChange={(e) => onChange({ priority: e.target.value as PriorityValue })} className="w-full sm:w-[104px]" data-testid="priority-select" disabled={ticket.status === 'CLOSED'} title={ticket.status === 'CLOSED' ? 'Reopen the ticket to change its priority' : undefined}>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABEL[priority]}
              </option>
            ))}
          </Select>
        </Control>
        <Control label="Assignee">
          <Select
            value={ticket.assignee?.id ?? ''}
            onChange={(e) => onChange({ assigneeId: e.target.value || null })}
            className="w-full sm:w-[168px]"
            data-testid="assignee-select"
          >
            <option value="">Unassigned</option>
            {!team.some((a) => a.id === me.id) && <option value={me.id}>{me.name} (you)</option>}
            {team.map((admin) => (
              <option key={admin.id} value={admin.id}>
                {admin.name}
                {admin.id === me.id ? ' (you)' : ''}
              </option>
            ))}
          </Select>
        </Control>
        <Control label="Category">
          <Select value={ticket.category.slug} onChange={(e) => onChange({ category: e.target.value })} className="w-full sm:w-[150px]" disabled={ticket.status === 'CLOSED'} title={ticket.status === 'CLOSED' ? 'Reopen the ticket to change its category' : undefined}>
            {!categories?.some((c) => c.slug === ticket.category.slug) && <option value={ticket.category.slug}>{ticket.category.name}</option>}
            {categories?.map((category) => (
              <option key={category.id} value={category.slug}>
                {category.name}
              </option>
            ))}
          </Select>
        </Control>
        <div className="col-span-2 flex min-w-0 flex-wrap items-center gap-1.5 sm:col-span-1" data-testid="ticket-labels">
          {labels && labels.length > 0 && (
            <MultiSelect<string>
              label="Labels"
              options={labels.map((l) => ({ value: l.id, label: l.name }))}
              value={(ticket.labels ?? []).map((l) => l.id)}
              onChange={(ids) => onChange({ labels: ids })}
              renderOption={(id) => <LabelChip label={labelColor.get(id) ?? { name: id, color: '#94a3b8' }} />}
            />
          )}
          {ticket.labels?.map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
        </div>
        {!assignedToMe && (
          <Button size="sm" variant="subtle" icon="user" onClick={() => onChange({ assigneeId: me.id })} className="col-span-2 sm:col-span-1">
            Assign to me
          </Button>
        )}
      </div>
    </div>
  );
}
