// One site: its snippet, its settings with a live preview, its identity secret, and deleting it.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm, type UseFormReturn } from 'react-hook-form';
import { api } from '../../api/http';
import type { Site } from '../../api/types';
import { CodeBlock } from '../../ui/CodeBlock';
import { Button } from '../../ui/controls';
import { ConfirmDialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/feedback';
import { applyServerErrors } from '../../ui/forms';
import { fullDate } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { useToasts } from '../../ui/toasts';
import { IdentitySection } from './IdentitySection';
import { Section } from './Section';
import { SiteFields } from './SiteFields';
import { formValues, UpdateSiteForm, type SiteFormInput } from './siteForm';
import { SitePreview } from './SitePreview';
import { widgetSnippet } from './snippets';

export function SiteDetail({ site, onChange, onDeleted }: { site: Site; onChange: (site: Site) => void; onDeleted: () => void }) {
  const { notify } = useToasts();
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.call('DELETE /sites/:id', { params: { id: site.id } });
      notify({ tone: 'success', title: `${site.name} deleted`, body: 'Its key stops working; its tickets are kept.' });
      onDeleted();
    } catch (error) {
      notify({ tone: 'error', title: 'The site was not deleted', body: error instanceof Error ? error.message : undefined });
    } finally {
      setBusy(false);
      setDeleting(false);
    }
  };
  return (
    <div className="min-w-0 space-y-4" data-testid="site-detail">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-base font-semibold text-slate-900">{site.name}</h2>
          <p className="text-xs text-slate-500">
            Added {fullDate(site.createdAt)} · key <code className="font-mono">{site.siteKey}</code>
          </p>
        </div>
        <Button size="sm" variant="danger" icon="trash" onClick={() => setDeleting(true)}>
          Delete site
        </Button>
      </div>

      <Section title="Install the widget" description="Paste this just before </body> on every page where customers should find help.">
        <CodeBlock code={widgetSnippet(origin, site.siteKey)} label="HTML" testId="site-snippet" wrap />
        {site.allowedOrigins.length === 0 && (
          <p className="mt-3 flex items-start gap-1.5 text-xs text-amber-800">
            <Icon name="alert" size={13} className="mt-px shrink-0" />
            Add the site’s origin below first: the widget only opens sessions on allowed origins.
          </p>
        )}
      </Section>

      <SiteSettings site={site} onChange={onChange} />

      <IdentitySection site={site} onChange={onChange} />

      <ConfirmDialog open={deleting} title={`Delete ${site.name}?`} confirmLabel="Delete site" danger busy={busy} onConfirm={remove} onClose={() => setDeleting(false)}>
        The snippet stops working on this site at once, and visitors chatting there now are signed out. Its tickets and customers
        are kept, no longer tied to a site; customers with an email address can still open their tickets from the link in our emails.
      </ConfirmDialog>
    </div>
  );
}

function SiteSettings({ site, onChange }: { site: Site; onChange: (site: Site) => void }) {
  const { notify } = useToasts();
  const form = useForm({ resolver: zodResolver(UpdateSiteForm), defaultValues: formValues(site) });
  const [formError, setFormError] = useState<string>();
  const { isDirty, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      const updated = await api.call('PATCH /sites/:id', { params: { id: site.id }, body });
      onChange(updated);
      form.reset(formValues(updated));
      notify({ tone: 'success', title: 'Site saved' });
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'allowedOrigins', 'theme', 'defaultCategory'], form.setError));
    }
  });
  const [name, theme] = form.watch(['name', 'theme']);
  return (
    <Section title="Settings" description="Where the widget may run, and how it looks there.">
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-5 xl:grid-cols-[minmax(0,1fr)_300px]" aria-label="Site settings">
        <div className="space-y-4">
          <SiteFields form={form as unknown as UseFormReturn<SiteFormInput, unknown, unknown>} idPrefix={`site-${site.id}`} />
          {formError && <ErrorNotice>{formError}</ErrorNotice>}
          <div className="flex items-center gap-2">
            <Button type="submit" variant="primary" busy={isSubmitting} disabled={!isDirty}>
              Save changes
            </Button>
            {isDirty && (
              <Button variant="ghost" onClick={() => form.reset(formValues(site))}>
                Discard
              </Button>
            )}
          </div>
        </div>
        <SitePreview className="self-start" name={name ?? ''} color={theme?.color} position={theme?.position} greeting={theme?.greeting} mode={theme?.mode} />
      </form>
    </Section>
  );
}
