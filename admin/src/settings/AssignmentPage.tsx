// Automatic assignment: round robin among the agents who have the console open, up to a cap.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { AssignmentSettings } from '@deskline/contract';
import { api } from '../api/http';
import { useApi } from '../api/useApi';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { Button, describedBy, Field, TextInput } from '../ui/controls';
import { ErrorNotice, Loading } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';

export function AssignmentPage() {
  usePageTitle('Assignment');
  const settings = useApi('assignment', () => api.call('GET /settings/assignment'));
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(AssignmentSettings), defaultValues: { enabled: false, maxOpenPerAgent: 10 } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  useEffect(() => {
    if (settings.data) form.reset(settings.data);
  }, [settings.data]);
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      settings.setData(await api.call('PATCH /settings/assignment', { body }));
      notify({ tone: 'success', title: body.enabled ? 'Automatic assignment is on' : 'Automatic assignment is off' });
    } catch (error) {
      setFormError(applyServerErrors(error, ['enabled', 'maxOpenPerAgent'], form.setError));
    }
  });
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader title="Assignment" description="Who gets new tickets when nobody picks them up." />
      <div className="mx-auto max-w-[640px] p-4 sm:p-6">
        {settings.error ? (
          <ErrorNotice onRetry={() => void settings.reload()}>The settings could not be loaded: {settings.error.message}</ErrorNotice>
        ) : !settings.data ? (
          <Loading />
        ) : (
          <form onSubmit={submit} noValidate className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200" aria-labelledby="assignment-heading">
            <h2 id="assignment-heading" className="text-[13px] font-semibold text-slate-900">
              Automatic assignment
            </h2>
            <label className="flex items-start gap-2.5 text-[13px] text-slate-800">
              <input type="checkbox" {...form.register('enabled')} className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600" data-testid="auto-assign" />
              <span>
                <span className="font-medium">Assign new tickets automatically</span>
                <span className="block text-xs text-slate-600">
                  Each new ticket goes to the next agent or admin in turn who has the console open and holds fewer open tickets than the limit below. When
                  nobody is available, it stays unassigned.
                </span>
              </span>
            </label>
            <Field id="max-open" label="Open tickets per agent" error={errors.maxOpenPerAgent?.message} hint="Open and in-progress tickets an agent may hold before they are passed over.">
              <TextInput type="number" min={1} max={1000} {...describedBy('max-open', errors.maxOpenPerAgent?.message, true)} {...form.register('maxOpenPerAgent', { valueAsNumber: true })} className="w-28" />
            </Field>
            {formError && <ErrorNotice>{formError}</ErrorNotice>}
            <Button type="submit" variant="primary" busy={isSubmitting}>
              Save
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}
