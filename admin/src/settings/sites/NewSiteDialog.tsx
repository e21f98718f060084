// Adding a site: name, origins and theme; its snippet and secret come right after.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type UseFormReturn } from 'react-hook-form';
import { api } from '../../api/http';
import type { Site } from '../../api/types';
import { Button } from '../../ui/controls';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/feedback';
import { applyServerErrors } from '../../ui/forms';
import { SiteFields } from './SiteFields';
import { CreateSiteForm, formValues, type SiteFormInput } from './siteForm';

export function NewSiteDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (site: Site) => void }) {
  const form = useForm({ resolver: zodResolver(CreateSiteForm), defaultValues: formValues() });
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      onCreated(await api.call('POST /sites', { body }));
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'allowedOrigins', 'theme', 'defaultCategory'], form.setError));
    }
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title="New site"
      description="You get its snippet and identity secret right after."
      labelledBy="new-site-title"
      size="lg"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={form.formState.isSubmitting} onClick={() => void submit()}>
            Create site
          </Button>
        </>
      }
    >
      <form onSubmit={submit} noValidate aria-label="New site" id="new-site-form">
        <SiteFields form={form as unknown as UseFormReturn<SiteFormInput, unknown, unknown>} idPrefix="new-site" />
        {formError && <ErrorNotice className="mt-3">{formError}</ErrorNotice>}
        <button type="submit" className="hidden" aria-hidden="true" tabIndex={-1} />
      </form>
    </Dialog>
  );
}
