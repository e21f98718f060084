// Which emails a team member gets while away, and which alerts an open console shows: each box
// saves on its own, and goes back if the server refuses.
'use client';
import { useState } from 'react';
import type { NotificationPreferencesJson } from '@deskline/contract';
import { api } from '../api/http';
import { useApi } from '../api/useApi';
import { Spinner } from '../ui/controls';
import { ErrorNotice, Skeleton } from '../ui/feedback';
import { Icon } from '../ui/icons';

type Group = keyof NotificationPreferencesJson;
type Choice = { group: Group; key: string; label: string; hint?: string };

const EMAIL: Choice[] = [
  { group: 'email', key: 'newTicket', label: 'A new ticket nobody is assigned to' },
  { group: 'email', key: 'assigned', label: 'A ticket assigned to me' },
  { group: 'email', key: 'customerReply', label: 'A customer reply on my tickets' },
];
const ALERTS: Choice[] = [
  { group: 'alerts', key: 'newTicket', label: 'A new ticket nobody is assigned to' },
  { group: 'alerts', key: 'assigned', label: 'A ticket assigned to me' },
  { group: 'alerts', key: 'customerReply', label: 'A customer reply on my tickets' },
  { group: 'alerts', key: 'sound', label: 'Play a sound with alerts' },
];

const valueOf = (prefs: NotificationPreferencesJson, c: Choice) => (prefs[c.group] as Record<string, boolean>)[c.key] === true;

export function NotificationsSection() {
  const prefs = useApi('me-preferences', () => api.call('GET /me/preferences'));
  const [saving, setSaving] = useState<string>();
  const [error, setError] = useState<string>();

  const toggle = async (c: Choice, on: boolean) => {
    const id = `${c.group}.${c.key}`;
    const before = prefs.data;
    setError(undefined);
    setSaving(id);
    prefs.setData((current) => current && { ...current, [c.group]: { ...current[c.group], [c.key]: on } });
    try {
      prefs.setData(await api.call('PATCH /me/preferences', { body: { [c.group]: { [c.key]: on } } }));
    } catch (e) {
      prefs.setData(before);
      setError(`Your choice was not saved: ${(e as Error).message}`);
    } finally {
      setSaving(undefined);
    }
  };

  const list = (legend: string, description: string, choices: Choice[]) => (
    <fieldset className="mt-3">
      <legend className="text-[13px] font-medium text-slate-900">{legend}</legend>
      <p className="mb-2 text-[12px] text-slate-500">{description}</p>
      <div className="space-y-2">
        {choices.map((c) => {
          const id = `pref-${c.group}-${c.key}`;
          return (
            <label key={id} htmlFor={id} className="flex items-center gap-2 text-[13px] text-slate-800">
              <input
                id={id}
                type="checkbox"
                className="size-4 accent-indigo-600"
                checked={prefs.data ? valueOf(prefs.data, c) : false}
                disabled={!prefs.data || saving !== undefined}
                onChange={(event) => void toggle(c, event.target.checked)}
              />
              <span>{c.label}</span>
              {saving === `${c.group}.${c.key}` && (
                <span role="status" className="inline-flex items-center gap-1 text-[12px] text-slate-500">
                  <Spinner size={12} /> Saving…
                </span>
              )}
            </label>
          );
        })}
      </div>
    </fieldset>
  );

  return (
    <section aria-labelledby="notifications-heading" className="rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="notifications">
      <h2 id="notifications-heading" className="flex items-center gap-2 text-[13px] font-semibold text-slate-900">
        <Icon name="message" size={15} className="text-slate-400" /> Notifications
      </h2>
      {prefs.error && !prefs.data ? (
        <ErrorNotice className="mt-3" onRetry={() => void prefs.reload()}>
          Your notification settings could not be loaded: {prefs.error.message}
        </ErrorNotice>
      ) : !prefs.data ? (
        <div className="mt-3 space-y-2" aria-busy="true">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
          <Skeleton className="h-4 w-3/5" />
        </div>
      ) : (
        <>
          {list('Email me', 'Only after you have had no console open for a while (EMAIL_NOTIFY_DELAY, 2 minutes unless your server sets another).', EMAIL)}
          {list('Alerts in the console', 'While the console is open in this or another tab.', ALERTS)}
        </>
      )}
      {error && <ErrorNotice className="mt-3">{error}</ErrorNotice>}
    </section>
  );
}
