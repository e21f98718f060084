// Sites that embed the widget: key and snippet, allowed origins, theme with a live preview, and
// the identity secret host sites sign their users with.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm, type FieldError, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';
import { CreateSiteBody, DEFAULT_THEME, UpdateSiteBody } from '@deskline/contract';
import { api } from '../api/http';
import type { Site } from '../api/types';
import { useApi } from '../api/useApi';
import { usePageTitle } from '../realtime/RealtimeProvider';
import { CodeBlock, CopyButton } from '../ui/CodeBlock';
import { Button, describedBy, Field, TextArea, TextInput } from '../ui/controls';
import { ConfirmDialog, Dialog } from '../ui/dialog';
import { EmptyState, ErrorNotice, Loading } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { cx, fullDate } from '../ui/format';
import { Icon } from '../ui/icons';
import { PageHeader } from '../ui/PageHeader';
import { useToasts } from '../ui/toasts';
import { SitePreview } from './SitePreview';

/** One origin per line (commas and spaces work too); the shared schema normalises and checks each. */
const originLines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const CreateSiteForm = CreateSiteBody.extend({ allowedOrigins: z.string().transform(originLines).pipe(CreateSiteBody.shape.allowedOrigins.unwrap()) });
const UpdateSiteForm = UpdateSiteBody.extend({ allowedOrigins: z.string().transform(originLines).pipe(UpdateSiteBody.shape.allowedOrigins.unwrap()).optional() });
type SiteFormInput = z.input<typeof CreateSiteForm>;

export function widgetSnippet(origin: string, siteKey: string): string {
  return `<script async src="${origin}/widget.js" data-site-key="${siteKey}"></script>`;
}

export function signingSnippet(): string {
  return [
    "// On your server (never in the browser): sign the id of the signed-in user.",
    "import { createHmac } from 'node:crypto';",
    '',
    'const externalId = String(user.id);',
    "const signature = createHmac('sha256', process.env.DESKLINE_IDENTITY_SECRET)",
    '  .update(externalId)',
    "  .digest('hex');",
    '',
    '// Then, in the page you render for that user:',
    "// Deskline('identify', { externalId, name: user.name, email: user.email, signature });",
  ].join('\n');
}

export function SitesPage() {
  usePageTitle('Sites & widget');
  const router = useRouter();
  const params = useSearchParams();
  const sites = useApi('sites', () => api.call('GET /sites', { query: { limit: 100 } }));
  const [creating, setCreating] = useState(false);
  const list = sites.data?.items;
  const selectedId = params.get('site') ?? list?.[0]?.id;
  const selected = list?.find((s) => s.id === selectedId);
  const select = (id: string | undefined) => router.replace(id ? `/settings/sites?site=${encodeURIComponent(id)}` : '/settings/sites', { scroll: false });
  const replaceSite = (site: Site) => sites.setData((page) => page && { ...page, items: page.items.map((s) => (s.id === site.id ? site : s)) });

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <PageHeader
        title="Sites & widget"
        description="Each website that embeds the widget has its own key, allowed origins and look."
        actions={
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            New site
          </Button>
        }
      />
      {sites.error && !list ? (
        <div className="p-6">
          <ErrorNotice onRetry={() => void sites.reload()}>The sites could not be loaded: {sites.error.message}</ErrorNotice>
        </div>
      ) : !list ? (
        <Loading />
      ) : list.length === 0 ? (
        <EmptyState
          icon="globe"
          title="No sites yet"
          action={
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              Add your first site
            </Button>
          }
        >
          Add the website where customers should find help. You get a one-line snippet to paste into it.
        </EmptyState>
      ) : (
        <div className="mx-auto grid max-w-[1200px] gap-5 p-4 sm:p-6 lg:grid-cols-[240px_1fr]">
          <nav aria-label="Sites">
            <ul className="flex gap-2 overflow-x-auto pb-1 lg:flex-col lg:gap-1 lg:overflow-visible lg:pb-0">
              {list.map((site) => (
                <li key={site.id} className="shrink-0">
                  <button
                    type="button"
                    onClick={() => select(site.id)}
                    aria-current={site.id === selected?.id ? 'true' : undefined}
                    className={cx(
                      'flex w-full items-center gap-2.5 rounded-md px-2.5 py-2 text-left ring-1 transition-colors lg:ring-0',
                      site.id === selected?.id ? 'bg-white shadow-xs ring-indigo-200 lg:ring-1 lg:ring-slate-200' : 'ring-slate-200 hover:bg-slate-100',
                    )}
                  >
                    <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: site.theme.color }} aria-hidden="true" />
                    <span className="min-w-0">
                      <span className="block truncate text-[13px] font-medium text-slate-900">{site.name}</span>
                      <span className="block truncate text-xs text-slate-500">
                        {site.allowedOrigins.length === 0 ? 'No origins yet' : site.allowedOrigins.length === 1 ? site.allowedOrigins[0] : `${site.allowedOrigins.length} origins`}
                      </span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {selected ? (
            <SiteDetail key={selected.id} site={selected} onChange={replaceSite} onDeleted={() => void sites.reload().then(() => select(undefined))} />
          ) : (
            <EmptyState icon="globe" title="This site no longer exists" />
          )}
        </div>
      )}
      {creating && (
        <NewSiteDialog
          onClose={() => setCreating(false)}
          onCreated={(site) => {
            setCreating(false);
            sites.setData((page) => page && { ...page, items: [site, ...page.items] });
            select(site.id);
          }}
        />
      )}
    </div>
  );
}

function Section({ title, description, children, aside }: { title: string; description?: React.ReactNode; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="rounded-lg bg-white ring-1 ring-slate-200">
      <header className="flex items-start justify-between gap-3 border-b border-slate-100 px-4 py-3">
        <div>
          <h3 className="text-[13px] font-semibold text-slate-900">{title}</h3>
          {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
        </div>
        {aside}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}

function SiteDetail({ site, onChange, onDeleted }: { site: Site; onChange: (site: Site) => void; onDeleted: () => void }) {
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
        The snippet stops working on this site at once. Its tickets and customers are kept, no longer tied to a site.
      </ConfirmDialog>
    </div>
  );
}

function originsError(error: unknown, text: string): string | undefined {
  if (!error) return undefined;
  const single = (error as FieldError).message;
  if (typeof single === 'string' && single) return single;
  const lines = originLines(text);
  const entries = Object.entries(error as Record<string, FieldError | undefined>).filter(([key, value]) => /^\d+$/.test(key) && value?.message);
  const first = entries[0];
  if (!first) return 'Check the origins';
  return `“${lines[Number(first[0])] ?? ''}” ${first[1]!.message}${entries.length > 1 ? ` (and ${entries.length - 1} more)` : ''}`;
}

function SiteFields({ form, idPrefix }: { form: UseFormReturn<SiteFormInput, unknown, unknown>; idPrefix: string }) {
  const { errors } = form.formState;
  const color = form.watch('theme.color') ?? '';
  const position = form.watch('theme.position') ?? 'right';
  const id = (name: string) => `${idPrefix}-${name}`;
  const originError = originsError(errors.allowedOrigins, form.watch('allowedOrigins') ?? '');
  const swatch = /^#[0-9a-fA-F]{6}$/.test(color) ? color : /^#[0-9a-fA-F]{3}$/.test(color) ? `#${[...color.slice(1)].map((c) => c + c).join('')}` : DEFAULT_THEME.color;
  return (
    <div className="space-y-3.5">
      <Field id={id('name')} label="Name" error={errors.name?.message}>
        <TextInput {...describedBy(id('name'), errors.name?.message)} {...form.register('name')} placeholder="Acme Store" />
      </Field>
      <Field id={id('origins')} label="Allowed origins" error={originError} hint="One per line, e.g. https://www.example.com — or https://*.example.com for its subdomains.">
        <TextArea
          {...describedBy(id('origins'), originError, true)}
          {...form.register('allowedOrigins')}
          rows={3}
          placeholder={'https://www.example.com\nhttps://shop.example.com'}
          className="font-mono text-xs"
          spellCheck={false}
        />
      </Field>
      <div className="grid gap-3.5 sm:grid-cols-[150px_1fr]">
        <Field id={id('color')} label="Colour" error={errors.theme?.color?.message}>
          <div className="flex items-center gap-2">
            <input
              type="color"
              aria-label="Pick a colour"
              value={swatch}
              onChange={(e) => form.setValue('theme.color', e.target.value, { shouldDirty: true, shouldValidate: true })}
              className="h-8 w-9 shrink-0 cursor-pointer rounded-md border-0 bg-white p-0.5 ring-1 ring-slate-300 ring-inset"
            />
            <TextInput {...describedBy(id('color'), errors.theme?.color?.message)} {...form.register('theme.color')} className="font-mono" />
          </div>
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-[13px] font-medium text-slate-800">Launcher position</legend>
          <div className="inline-flex rounded-md bg-slate-100 p-0.5">
            {(['left', 'right'] as const).map((side) => (
              <label
                key={side}
                className={cx(
                  'flex h-7 cursor-pointer items-center rounded px-3 text-[13px] has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500',
                  position === side ? 'bg-white font-medium text-slate-900 shadow-xs' : 'text-slate-600',
                )}
              >
                <input type="radio" value={side} className="sr-only" {...form.register('theme.position')} />
                Bottom {side}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <Field id={id('greeting')} label="Greeting" error={errors.theme?.greeting?.message} hint="The first line customers read when they open the widget.">
        <TextInput {...describedBy(id('greeting'), errors.theme?.greeting?.message, true)} {...form.register('theme.greeting')} />
      </Field>
    </div>
  );
}

const formValues = (site?: Site): SiteFormInput => ({
  name: site?.name ?? '',
  allowedOrigins: site?.allowedOrigins.join('\n') ?? '',
  theme: { ...DEFAULT_THEME, ...site?.theme },
});

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
      setFormError(applyServerErrors(error, ['name', 'allowedOrigins', 'theme'], form.setError));
    }
  });
  const [name, theme] = form.watch(['name', 'theme']);
  return (
    <Section title="Settings" description="Where the widget may run, and how it looks there.">
      <form onSubmit={submit} noValidate className="grid gap-5 xl:grid-cols-[1fr_300px]" aria-label="Site settings">
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
        <SitePreview className="self-start" name={name ?? ''} color={theme?.color} position={theme?.position} greeting={theme?.greeting} />
      </form>
    </Section>
  );
}

function IdentitySection({ site, onChange }: { site: Site; onChange: (site: Site) => void }) {
  const { notify } = useToasts();
  const [revealed, setRevealed] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    try {
      const updated = await api.call('POST /sites/:id/rotate-secret', { params: { id: site.id } });
      onChange(updated);
      setRevealed(true);
      notify({ tone: 'success', title: 'New identity secret', body: 'Signatures made with the old secret are refused from now on.' });
    } catch (error) {
      notify({ tone: 'error', title: 'The secret was not rotated', body: error instanceof Error ? error.message : undefined });
    } finally {
      setBusy(false);
      setRotating(false);
    }
  };
  return (
    <Section
      title="Identity verification"
      description="Optional. Lets signed-in users of your site reach their own tickets from any device: your server signs their id with this secret."
    >
      <div className="space-y-4">
        <div>
          <p className="mb-1 text-[13px] font-medium text-slate-800" id={`secret-${site.id}`}>
            Identity secret
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code
              aria-labelledby={`secret-${site.id}`}
              className="flex h-8 min-w-0 flex-1 items-center truncate rounded-md bg-slate-50 px-2.5 font-mono text-xs text-slate-700 ring-1 ring-slate-200 ring-inset"
              data-testid="identity-secret"
            >
              {revealed ? site.identitySecret : '•'.repeat(32)}
            </code>
            <Button size="sm" icon={revealed ? 'eyeOff' : 'eye'} onClick={() => setRevealed((r) => !r)}>
              {revealed ? 'Hide' : 'Reveal'}
            </Button>
            {revealed && <CopyButton text={site.identitySecret} />}
            <Button size="sm" variant="danger" icon="refresh" onClick={() => setRotating(true)}>
              Rotate
            </Button>
          </div>
          <p className="mt-1 text-xs text-slate-500">Keep it on your server, like a password. Never put it in a page.</p>
        </div>
        <CodeBlock code={signingSnippet()} label="Node.js — hex HMAC-SHA256 of externalId" testId="signing-snippet" />
      </div>
      <ConfirmDialog open={rotating} title="Rotate the identity secret?" confirmLabel="Rotate secret" danger busy={busy} onConfirm={rotate} onClose={() => setRotating(false)}>
        A new secret is generated and the current one stops working at once: identity tokens and signatures made with it are refused, and every
        visitor session of this site ends. Visitors start a new session; identified ones once your server signs with the new secret.
      </ConfirmDialog>
    </Section>
  );
}

function NewSiteDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (site: Site) => void }) {
  const form = useForm({ resolver: zodResolver(CreateSiteForm), defaultValues: formValues() });
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setFormError(undefined);
    try {
      onCreated(await api.call('POST /sites', { body }));
    } catch (error) {
      setFormError(applyServerErrors(error, ['name', 'allowedOrigins', 'theme'], form.setError));
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
